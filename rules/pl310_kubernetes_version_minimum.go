package rules

import "github.com/poollint/poollint/nodepool"

// PL310 recommends a minimum Kubernetes version.
var PL310 = register(&Rule{
	ID:        "PL310",
	Name:      "kubernetes-version-old",
	Summary:   "Cluster or pool Kubernetes version below the configured minimum",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS", "EKS"},
	Preset:    presetRecommended,
	Params: []Param{
		{Name: "minimum", Default: "1.31", Doc: "the lowest major.minor Kubernetes version accepted"},
	},
	Doc: `Old Kubernetes minor versions leave AKS and EKS standard support (AKS
supports the three newest minors; EKS standard support lasts 14 months) and
miss security fixes. PSRule for Azure Azure.AKS.Version (its
AZURE_AKS_CLUSTER_MINIMUM_VERSION) warns below a minimum version; set yours
with rules.params.PL310.minimum. Checked on the cluster's
kubernetesVersion and each pool's orchestratorVersion (version of an EKS
node group); an unknown or unparsable version is not judged.`,
	Fix: `Upgrade to a supported minor version at or above the minimum: kubernetesVersion
and orchestratorVersion (ARM, Bicep, ASO), kubernetes_version and
orchestrator_version (Terraform azurerm), version (aws_eks_cluster,
aws_eks_node_group, eksctl metadata.version). Upgrade one minor version at a
time, the control plane before the pools.`,
	Links: []Link{linkAKSVersions, linkAKSUpgradeOptions, linkK8sVersionSkew},
	Check: func(p *Pass) {
		c := p.Cluster
		minimum, _ := p.Param("minimum").(string)
		lo, ok := parseVersion(minimum)
		if !ok {
			return
		}
		below := func(s string) bool {
			v, ok := parseVersion(s)
			return ok && (v.major < lo.major || (v.major == lo.major && v.minor < lo.minor))
		}
		// The anchor that recommends it, per cloud.
		anchor := "PSRule Azure.AKS.Version"
		if c.Provider == nodepool.AWS {
			anchor = "EKS Kubernetes version lifecycle"
		}
		ver := c.KubernetesVersion
		if ver.Known && below(ver.Value) {
			p.Report(at(ver, &nodepool.Pool{Pos: c.Pos}), nil, "", "cluster %q runs Kubernetes %s, below the minimum %s (%s)", c.DisplayName(), Describe(ver), minimum, anchor)
		}
		for _, pool := range c.Pools {
			v := pool.OrchestratorVersion
			if pool.Karpenter == nil && v.Known && below(v.Value) {
				p.Report(at(v, pool), pool, "", "%s runs Kubernetes %s, below the minimum %s (%s)", poolRef(c, pool), Describe(v), minimum, anchor)
			}
		}
	},
})
