package rules

// PL027 reports EKS update settings the API rejects.
var PL027 = register(&Rule{
	ID:        "PL027",
	Name:      "eks-update-config",
	Summary:   "EKS node group update config out of range",
	Severity:  Error,
	Platforms: []string{"EKS"},
	Doc: `An EKS node group's updateConfig takes maxUnavailable (at least 1) or
maxUnavailablePercentage (1–100), exactly one of them. eksctl also rejects a maxUnavailable above
the group's maxSize: the update could take down more nodes than the group
has.`,
	Fix: `Set exactly one of the two, within range:

- Terraform aws_eks_node_group: update_config with max_unavailable (1 or more)
  or max_unavailable_percentage (1 to 100);
- CloudFormation: UpdateConfig with MaxUnavailable or MaxUnavailablePercentage;
- eksctl: updateConfig.maxUnavailable (at most maxSize) or
  updateConfig.maxUnavailablePercentage.`,
	Links: []Link{linkCFNUpdateConfig, linkAWSNodeGroupTF, linkEksctlManaged},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			mu := pool.MaxUnavailable
			if b := pool.UnavailableBoth; b.Known && b.Value {
				p.Report(at(b, pool), pool, "both", "%s sets both max unavailable and its percentage; EKS takes exactly one", poolRef(c, pool))
				continue
			}
			if !mu.Known {
				continue
			}
			s, ok := parseSurge(mu.Value)
			ref := poolRef(c, pool)
			switch {
			case !ok:
				p.Report(at(mu, pool), pool, "", "%s has max unavailable %s, which is neither a count nor a percentage", ref, Describe(mu))
			case s.percent && (s.n < 1 || s.n > 100):
				p.Report(at(mu, pool), pool, "", "%s has max unavailable %s; EKS allows 1%% to 100%%", ref, Describe(mu))
			case !s.percent && s.n < 1:
				p.Report(at(mu, pool), pool, "", "%s has max unavailable %s; EKS needs at least 1", ref, Describe(mu))
			case !s.percent && pool.MaxCount.Known && s.n > pool.MaxCount.Value:
				p.Report(at(mu, pool), pool, "", "%s has max unavailable %s above its maximum size of %d", ref, Describe(mu), pool.MaxCount.Value)
			}
		}
	},
})
