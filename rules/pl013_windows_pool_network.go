package rules

// PL013 reports Windows pools on kubenet clusters.
var PL013 = register(&Rule{
	ID:        "PL013",
	Name:      "windows-pool-network",
	Summary:   "Windows node pool on a kubenet cluster",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `Windows node pools need Azure CNI: AKS rejects a Windows pool on a cluster
whose networkProfile.networkPlugin is kubenet. Use the azure network plugin
(with overlay mode for pod address space), set when the cluster is created.`,
	Check: func(p *Pass) {
		c := p.Cluster
		if !is(c.NetworkPlugin, "kubenet") {
			return
		}
		for _, pool := range p.Pools() {
			if is(pool.OSType, "Windows") {
				p.Report(at(pool.OSType, pool), pool, "", "%s is a Windows pool, but the cluster uses kubenet %s; Windows pools need Azure CNI", poolRef(c, pool), sourceNote(c.NetworkPlugin.Source()))
			}
		}
	},
})

func sourceNote(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
