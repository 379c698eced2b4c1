package rules

// PL309 recommends at least 50 pods per node with Azure CNI.
var PL309 = register(&Rule{
	ID:        "PL309",
	Name:      "max-pods-low",
	Summary:   "Fewer than 50 pods per node",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `With Azure CNI (networkPlugin azure without overlay) every pod takes an
address of the node subnet, and maxPods defaults to 30: nodes run out of pod
slots long before CPU or memory. Checkov CKV_AZURE_168 and PSRule for Azure
Azure.AKS.NodeMinPods recommend at least 50 pods per node. The rule warns on
a maxPods below 50 with any network plugin, and on an unset one (the default
30) when the cluster's network plugin is known to be azure without overlay
(kubenet and overlay default to 110 and 250).`,
	Fix: `Raise max pods to 50 or more: maxPods in ARM, Bicep, ASO and Cluster API Azure,
max_pods in Terraform azurerm. With classic Azure CNI size the node subnet for
it (PL022), or switch to Azure CNI overlay. Max pods cannot change on an
existing pool: create a new pool.`,
	Links: []Link{linkAKSLegacyCNI, linkAKSAgentPoolsAPI, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		flatCNI := is(c.NetworkPlugin, "azure") && !c.NetworkPluginMode.Set
		for _, pool := range c.Pools {
			if !aksPool(c, pool) {
				continue
			}
			mp := pool.MaxPods
			switch {
			case mp.Known && mp.Value < 50:
				p.Report(at(mp, pool), pool, "", "%s has maxPods %s; use at least 50 (Checkov CKV_AZURE_168, PSRule Azure.AKS.NodeMinPods)", poolRef(c, pool), Describe(mp))
			case !mp.Set && flatCNI:
				p.Report(pool.Pos, pool, "", "%s leaves maxPods at the Azure CNI default of 30; use at least 50 (Checkov CKV_AZURE_168)", poolRef(c, pool))
			}
		}
	},
})
