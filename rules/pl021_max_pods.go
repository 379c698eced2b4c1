package rules

import "github.com/poollint/poollint/catalog"

// PL021 reports max pods outside what the platform allows.
var PL021 = register(&Rule{
	ID:        "PL021",
	Name:      "max-pods-out-of-range",
	Summary:   "maxPods outside the platform's range, or above the instance type's ENI limit",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS"},
	Doc: `AKS accepts maxPods from 10 to 250 for every network plugin (the minimum is
"strictly enforced by the AKS service"). On EKS without prefix delegation, a
node cannot run more pods than its ENIs have addresses for: an eksctl
maxPodsPerNode above the instance type's ENI limit leaves pods pending. EKS
and eksctl accept such a node group (with prefix delegation it is right), so
this case is a warning; AKS's range is an error. The ENI limits come from the
embedded EC2 table; an unknown instance type is not judged.`,
	Fix: `Bring max pods into range:

- AKS: maxPods (ARM, Bicep, ASO, Cluster API Azure) or max_pods (Terraform)
  from 10 to 250; maxPods cannot change on an existing pool, so create a new
  pool;
- eksctl: lower maxPodsPerNode to the instance type's ENI limit, choose a larger
  instance type, or turn on prefix delegation in the VPC CNI.`,
	Links: []Link{linkAKSLegacyCNI, linkAKSAgentPoolsAPI, linkEKSPrefixDelegation},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			mp := pool.MaxPods
			if !mp.Known {
				continue
			}
			ref := poolRef(c, pool)
			if aks(c) && (mp.Value < 10 || mp.Value > 250) {
				p.Report(at(mp, pool), pool, "", "%s has maxPods %s; AKS allows 10 to 250", ref, Describe(mp))
			}
			if eks(c) {
				for _, it := range pool.InstanceTypes.Value {
					if limit, ok := catalog.EKSMaxPods(it); ok && mp.Value > int64(limit) {
						p.ReportSeverity(Warning, at(mp, pool), pool, it, "%s has max pods %s, above the %d pods %s can address with its ENIs", ref, Describe(mp), limit, it)
					}
				}
			}
		}
	},
})
