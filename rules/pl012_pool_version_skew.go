package rules

// PL012 reports pool Kubernetes versions the control plane does not allow.
var PL012 = register(&Rule{
	ID:        "PL012",
	Name:      "pool-version-skew",
	Summary:   "Node pool Kubernetes version incompatible with the control plane",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `An AKS pool's orchestratorVersion must have the control plane's major version
and a minor version no newer than the control plane's and at most two minors
older. A pool on any other version is rejected. A pool whose version merely
differs within that window gets a warning: pools created together with the
cluster must match its version, and a drift is usually an upgrade left half
done.`,
	Fix: `Give the pool the control plane's version, or one at most two minors older and
never newer:

- ARM, Bicep and ASO: orchestratorVersion of the pool against
  kubernetesVersion of the cluster;
- Terraform azurerm: orchestrator_version against kubernetes_version;
- Cluster API Azure: spec.template.spec.version of the MachinePool against
  spec.version of the AzureManagedControlPlane.

Pools created together with the cluster must match its version exactly;
upgrade the control plane first, then the pools.`,
	Links: []Link{linkAKSUpgradeOptions, linkAKSVersions, linkK8sVersionSkew},
	Check: func(p *Pass) {
		c := p.Cluster
		if !c.KubernetesVersion.Known {
			return
		}
		cp, ok := parseVersion(c.KubernetesVersion.Value)
		if !ok {
			return
		}
		for _, pool := range p.Pools() {
			if !pool.OrchestratorVersion.Known {
				continue
			}
			v, ok := parseVersion(pool.OrchestratorVersion.Value)
			if !ok {
				continue
			}
			ref := poolRef(c, pool)
			pos := at(pool.OrchestratorVersion, pool)
			switch {
			case v.major != cp.major || v.minor > cp.minor || cp.minor-v.minor > 2:
				p.Report(pos, pool, "", "%s runs Kubernetes %s but the control plane runs %s; pools must be the same major version, not newer, and at most two minors older",
					ref, Describe(pool.OrchestratorVersion), c.KubernetesVersion.Value)
			case v != cp:
				p.ReportSeverity(Warning, pos, pool, "", "%s runs Kubernetes %s while the control plane runs %s", ref, Describe(pool.OrchestratorVersion), c.KubernetesVersion.Value)
			}
		}
	},
})
