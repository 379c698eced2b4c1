package rules

import "github.com/poollint/poollint/nodepool"

// PL026 reports more pools or nodes than the platform allows.
var PL026 = register(&Rule{
	ID:        "PL026",
	Name:      "pool-count-limits",
	Summary:   "More node pools or nodes than the platform allows",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS"},
	Doc: `AKS allows 100 node pools per cluster and 1000 nodes per pool (5000 per
cluster with scale sets and the Standard load balancer); a kubenet cluster at
most 400 nodes (its route table holds at most 400 routes). EKS's default quotas
are 30 managed node groups per cluster and 450 nodes per node group; they can
be raised, so on EKS this is a warning.`,
	Fix: `Stay within the limits or raise them:

- AKS: split the pools over several clusters, or lower maxCount / max_count;
  on kubenet, move to Azure CNI (overlay) to go beyond 400 nodes;
- EKS: lower the number of node groups or max_size / MaxSize / maxSize, or
  request a higher quota in Service Quotas (the EKS limits are adjustable).`,
	Links: []Link{linkAKSQuotas, linkAKSLegacyCNI, linkEKSQuotas},
	Check: func(p *Pass) {
		c := p.Cluster
		switch {
		case aks(c):
			if n := len(c.Pools); n > 100 {
				p.Report(c.Pos, nil, "pools", "cluster %q has %d node pools; AKS allows 100", c.DisplayName(), n)
			}
			total, known := int64(0), !c.PoolsUnknown && !c.Partial
			for _, pool := range c.Pools {
				n := pool.Count
				if pool.MaxCount.Known {
					n = pool.MaxCount
				}
				if !n.Known {
					known = false
					continue
				}
				total += n.Value
			}
			switch {
			case known && total > 5000:
				p.Report(c.Pos, nil, "nodes", "cluster %q can grow to %d nodes; AKS allows 5000 per cluster", c.DisplayName(), total)
			case known && total > 400 && is(c.NetworkPlugin, "kubenet") && c.NetworkPlugin.Origin != nodepool.OriginDefault:
				p.Report(at(c.NetworkPlugin, &nodepool.Pool{Pos: c.Pos}), nil, "kubenet-nodes", "cluster %q uses kubenet and can grow to %d nodes; kubenet supports at most 400 nodes per cluster (use Azure CNI)", c.DisplayName(), total)
			}
		case eks(c):
			groups := 0
			for _, pool := range c.Pools {
				if !nodeGroup(c, pool) {
					continue
				}
				groups++
				if pool.MaxCount.Known && pool.MaxCount.Value > 450 {
					p.ReportSeverity(Warning, at(pool.MaxCount, pool), pool, "nodes", "%s has a maximum of %d nodes; the EKS default quota is 450 per node group", poolRef(c, pool), pool.MaxCount.Value)
				}
			}
			if groups > 30 {
				p.ReportSeverity(Warning, c.Pos, nil, "groups", "cluster %q has %d node groups; the EKS default quota is 30 per cluster", c.DisplayName(), groups)
			}
		}
	},
})
