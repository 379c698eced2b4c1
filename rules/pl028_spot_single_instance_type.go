package rules

import "github.com/poollint/poollint/nodepool"

// PL028 warns about Spot capacity without instance diversity.
var PL028 = register(&Rule{
	ID:        "PL028",
	Name:      "spot-single-instance-type",
	Summary:   "Spot node group or NodePool with a single instance type",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"EKS", "Karpenter"},
	Doc: `Spot capacity of one instance type is reclaimed all at once when that
type's pool runs dry. EKS recommends several instance types of the same size
for Spot node groups, and a Karpenter NodePool limited to Spot and one
instance type has no fallback at all.`,
	Fix: `Allow several instance types of the same size for Spot capacity:

- EKS: instance_types (Terraform), InstanceTypes (CloudFormation) or eksctl
  instanceTypes with three or more types of the same vCPU and memory (m5.large,
  m5a.large, m6i.large);
- Karpenter: widen the node.kubernetes.io/instance-type requirement, or select
  by karpenter.k8s.aws/instance-family or instance-category and size instead.`,
	Links: []Link{linkEKSManagedGroups, linkEksctlSpot, linkKarpenterNodePools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if !is(pool.Priority, nodepool.PrioritySpot) || !pool.InstanceTypes.Known || len(pool.InstanceTypes.Value) != 1 {
				continue
			}
			p.Report(at(pool.InstanceTypes, pool), pool, "", "%s uses Spot capacity of the single instance type %s; allow several types of the same size", poolRef(c, pool), pool.InstanceTypes.Value[0])
		}
	},
})
