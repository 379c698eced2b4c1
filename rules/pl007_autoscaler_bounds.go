package rules

import "github.com/poollint/poollint/nodepool"

// PL007 reports inconsistent node counts and autoscaler bounds.
var PL007 = register(&Rule{
	ID:        "PL007",
	Name:      "autoscaler-bounds",
	Summary:   "Node count or autoscaler bounds out of order or out of range",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS"},
	Doc: `Pool sizes must be consistent:

- min must not exceed max, and the node count (AKS count, EKS desired size)
  must lie between them — on AKS when the cluster autoscaler is on, on EKS and
  eksctl always (minSize <= desiredSize <= maxSize);
- AKS counts are 0–1000 (an empty System pool is PL006's); EKS needs
  minSize >= 0 and maxSize >= 1;
- on AKS, minCount and maxCount must be left unset when the autoscaler is off
  (the Azure CLI and Terraform reject them).

Values that cannot be resolved offline are not compared.`,
	Fix: `Put the sizes in order, min <= count <= max, within the platform's range:

- ARM, Bicep and ASO: minCount <= count <= maxCount (0 to 1000); with
  enableAutoScaling false, remove minCount and maxCount;
- Terraform azurerm: min_count <= node_count <= max_count; with
  auto_scaling_enabled (enable_auto_scaling in v3) false or unset, remove
  min_count and max_count;
- EKS: scaling_config (Terraform), ScalingConfig (CloudFormation) or eksctl
  minSize <= desiredSize / desiredCapacity <= maxSize, with minSize >= 0 and
  maxSize >= 1.`,
	Links: []Link{linkAKSAutoscaler, linkAzurermNodePool, linkAWSNodeGroupTF, linkEksctlNodegroups},
	Check: func(p *Pass) {
		for _, pool := range p.Pools() {
			checkBounds(p, pool)
		}
	},
})

func checkBounds(p *Pass, pool *nodepool.Pool) {
	c := p.Cluster
	min, max, count := pool.MinCount, pool.MaxCount, pool.Count
	ref := poolRef(c, pool)
	autoscaled := eks(c) || (pool.AutoScaling.Known && pool.AutoScaling.Value)
	if aks(c) && pool.AutoScaling.Known && !pool.AutoScaling.Value {
		for _, f := range []nodepool.Field[int64]{min, max} {
			if f.Set && f.Origin != nodepool.OriginDefault && f.Known {
				p.Report(at(f, pool), pool, "bounds-without-autoscaling", "%s sets minCount/maxCount %s while the cluster autoscaler is off; leave them unset or enable autoscaling", ref, Describe(f))
				return
			}
		}
	}
	if min.Known && max.Known && min.Value > max.Value {
		p.Report(at(min, pool), pool, "min-max", "%s has a minimum of %d above its maximum of %d", ref, min.Value, max.Value)
		return
	}
	if autoscaled && count.Known {
		if min.Known && count.Value < min.Value {
			p.Report(at(count, pool), pool, "count-min", "%s has a node count of %d below its minimum of %d", ref, count.Value, min.Value)
		}
		if max.Known && count.Value > max.Value {
			p.Report(at(count, pool), pool, "count-max", "%s has a node count of %d above its maximum of %d", ref, count.Value, max.Value)
		}
	}
	if aks(c) {
		for _, f := range []nodepool.Field[int64]{count, max} {
			if f.Known && (f.Value > 1000 || f.Value < 0) {
				p.Report(at(f, pool), pool, "range", "%s has %d nodes; AKS allows 0 to 1000 per pool", ref, f.Value)
			}
		}
		if min.Known && autoscaled && (min.Value < 0 || min.Value > 1000) {
			p.Report(at(min, pool), pool, "range-min", "%s has a minimum of %d; AKS allows 0 to 1000", ref, min.Value)
		}
	}
	if eks(c) {
		if min.Known && min.Value < 0 {
			p.Report(at(min, pool), pool, "range-min", "%s has a negative minimum size %d", ref, min.Value)
		}
		if max.Known && max.Value < 1 {
			p.Report(at(max, pool), pool, "range-max", "%s has a maximum size of %d; EKS needs at least 1", ref, max.Value)
		}
	}
}
