package rules

// PL313 recommends pools on the control plane's minor version.
var PL313 = register(&Rule{
	ID:        "PL313",
	Name:      "pool-version-behind",
	Summary:   "AKS pool on an older Kubernetes minor version than its control plane",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `AKS lets a pool run up to two minor versions behind its control plane, but a
pool left behind misses fixes and blocks the next control plane upgrade once
the gap reaches two. PSRule for Azure Azure.AKS.PoolVersion recommends
upgrading pools with the control plane. The rule warns when a pool's
orchestratorVersion is one or two minors older than the cluster's
kubernetesVersion (a larger or newer gap is PL012's error); an unknown
version is not judged.`,
	Fix: `Upgrade the pool to the control plane's minor version: orchestratorVersion
(ARM, Bicep, ASO) or orchestrator_version (Terraform azurerm) equal to the
cluster's kubernetesVersion / kubernetes_version, or leave it unset so the pool
follows the cluster.`,
	Links: []Link{linkAKSUpgradeOptions, linkAKSManagePools, linkK8sVersionSkew},
	Check: func(p *Pass) {
		c := p.Cluster
		if !aks(c) || !c.KubernetesVersion.Known {
			return
		}
		cp, ok := parseVersion(c.KubernetesVersion.Value)
		if !ok {
			return
		}
		for _, pool := range c.Pools {
			v := pool.OrchestratorVersion
			if !aksPool(c, pool) || !v.Known {
				continue
			}
			pv, ok := parseVersion(v.Value)
			if ok && pv.major == cp.major && pv.minor < cp.minor && cp.minor-pv.minor <= 2 {
				p.Report(at(v, pool), pool, "", "%s runs Kubernetes %s behind the control plane's %s; upgrade it with the cluster (PSRule Azure.AKS.PoolVersion)", poolRef(c, pool), Describe(v), Describe(c.KubernetesVersion))
			}
		}
	},
})
