package rules

// PL013 reports Windows pools on kubenet clusters.
var PL013 = register(&Rule{
	ID:        "PL013",
	Name:      "windows-pool-network",
	Summary:   "Windows node pool on a kubenet cluster",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `Windows node pools need Azure CNI: AKS rejects a Windows pool on a cluster
whose networkProfile.networkPlugin is kubenet.`,
	Fix: `Create the cluster with Azure CNI (overlay mode keeps pods off the node subnet):

- ARM, Bicep and ASO: networkProfile.networkPlugin "azure", with
  networkPluginMode "overlay";
- Terraform azurerm: network_profile.network_plugin = "azure", with
  network_plugin_mode = "overlay".

An existing kubenet cluster can be upgraded in place to Azure CNI overlay (az
aks update --network-plugin azure --network-plugin-mode overlay --pod-cidr …;
every pool is reimaged), or created anew, before it gets Windows pools.`,
	Links: []Link{linkAKSCNIOverview, linkAKSUpgradeIPAM, linkAKSLegacyCNI, linkAzurermCluster},
	Check: func(p *Pass) {
		c := p.Cluster
		if !is(c.NetworkPlugin, "kubenet") {
			return
		}
		for _, pool := range p.Pools() {
			if is(pool.OSType, "Windows") {
				p.Report(at(pool.OSType, pool), pool, "", "%s is a Windows pool, but the cluster uses kubenet%s; Windows pools need Azure CNI", poolRef(c, pool), sourceNote(c.NetworkPlugin.Source()))
			}
		}
	},
})

func sourceNote(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
