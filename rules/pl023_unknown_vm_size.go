package rules

import "github.com/poollint/poollint/catalog"

// PL023 notes VM sizes and instance types poollint does not know.
var PL023 = register(&Rule{
	ID:        "PL023",
	Name:      "unknown-vm-size",
	Summary:   "VM size or instance type not in poollint's catalogue",
	Severity:  Note,
	Precision: "medium",
	Platforms: []string{"AKS", "EKS", "Karpenter"},
	Doc: `A VM size or EC2 instance type that is not in the embedded catalogue is often
a typo (Standard_D4s_v5 written Standard_D4sv5), and no size-based rule can
check the pool. The note suggests the closest known name. Catalogues go
stale, so this is never more than a note.`,
	Fix: `Check the spelling against the platform's list of sizes and use the name the
note suggests if it is the one you meant: vmSize (ARM, Bicep, ASO), vm_size
(Terraform azurerm), sku (Cluster API Azure), instance_types / InstanceTypes /
instanceType(s) (EKS, eksctl) or the node.kubernetes.io/instance-type
requirement (Karpenter). A new size that poollint's catalogue does not know yet
is fine: leave the note, or silence it on that line with a poollint:ignore
PL023 comment.`,
	Links: []Link{linkAKSQuotas, linkEKSCreateNodegroup, linkKarpenterNodePools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			ref := poolRef(c, pool)
			if aksPool(c, pool) && pool.VMSize.Known {
				if _, ok := catalog.AzureVM(pool.VMSize.Value); !ok {
					p.Report(at(pool.VMSize, pool), pool, pool.VMSize.Value, "%s uses VM size %s, which poollint does not know%s", ref, Describe(pool.VMSize), didYouMean(pool.VMSize.Value, catalog.AzureVMNames()))
				}
			}
			if eks(c) {
				for _, it := range pool.InstanceTypes.Value {
					if _, ok := catalog.EKSMaxPods(it); !ok {
						p.Report(at(pool.InstanceTypes, pool), pool, it, "%s uses instance type %q, which poollint does not know%s", ref, it, didYouMean(it, catalog.EC2Types()))
					}
				}
			}
		}
	},
})

func didYouMean(name string, known []string) string {
	if s := catalog.Closest(name, known); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}
