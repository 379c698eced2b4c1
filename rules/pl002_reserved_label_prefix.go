package rules

import (
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// PL002 reports node labels under prefixes the platform reserves.
var PL002 = register(&Rule{
	ID:        "PL002",
	Name:      "reserved-label-prefix",
	Summary:   "Node label key under a prefix the platform reserves",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS", "Karpenter", "Kubernetes"},
	Doc: `AKS rejects node pool labels under kubernetes.azure.com/ (blocked since the
2021-08-19 release; AKS sets those labels itself) and any key in the
kubernetes.io or k8s.io namespaces (including their sub-domains) unless it
begins with kubelet.kubernetes.io/ or node.kubernetes.io/ or is one of the
well-known labels the kubelet sets on itself (kubernetes.io/arch, /os,
/hostname, topology.kubernetes.io/zone, …). The resource provider's error is
"node label keys in the 'kubernetes.io' or 'k8s.io' namespace must begin with
an allowed prefix". node-role.kubernetes.io/ and
node-restriction.kubernetes.io/ are therefore rejected too.

One exception: on a Spot pool, kubernetes.azure.com/scalesetpriority: spot is
the label AKS sets itself, and AKS accepts it when declared with that value
(Terraform configurations declare it to avoid a perpetual diff; see
Azure/AKS#3152).

EKS managed node groups: the API rejects keys under eks.amazonaws.com/ and
the kubernetes.io and k8s.io namespaces ("Label cannot contain reserved
prefixes"); node-role.kubernetes.io/ passes the API but the nodes then fail to
join, since the kubelet may not set it. Only the kubelet's own labels are
safe there too.

Karpenter NodePools follow Karpenter's rules instead: template labels may not
use karpenter.sh/ (but karpenter.sh/capacity-type) nor kubernetes.io/hostname;
on AKS node auto-provisioning only listed karpenter.azure.com/ keys (sku-*,
aksnodeclass, placement-scope) and kubernetes.azure.com/ keys (mode,
scalesetpriority, priority, fips_enabled, os-sku, cluster, sku-cpu, sku-memory,
ebpf-dataplane, ebpf-host-routing, network-policy, hostedvm) are accepted.
Karpenter 1.9 dropped its kubernetes.io and k8s.io restrictions, so those
are not reported on NodePools.

Labels whose key cannot be resolved offline are not checked.`,
	Fix: `Rename the label to a key under a prefix of your own (example.com/role,
team.example.org/tier) and update the node selectors and affinities that use it:

- ARM, Bicep, ASO and Cluster API Azure: the key in nodeLabels;
- Terraform: the key in node_labels (azurerm) or labels (aws_eks_node_group);
- eksctl: labels of the node group; CloudFormation: Labels;
- Karpenter: spec.template.metadata.labels of the NodePool.

Drop labels the platform sets itself (kubernetes.azure.com/agentpool,
eks.amazonaws.com/nodegroup): every node already has them.`,
	Links: []Link{linkAKSLabels, linkK8sLabels, linkEKSCreateNodegroup, linkKarpenterNodePools},
	Check: checkReservedLabels,
})

// kubeletLabels are the well-known labels the kubelet may set on its own
// node (k8s.io/kubelet well_known_labels.go), which AKS accepts.
var kubeletLabels = map[string]bool{
	"kubernetes.io/hostname":                   true,
	"kubernetes.io/arch":                       true,
	"kubernetes.io/os":                         true,
	"beta.kubernetes.io/arch":                  true,
	"beta.kubernetes.io/os":                    true,
	"beta.kubernetes.io/instance-type":         true,
	"node.kubernetes.io/instance-type":         true,
	"topology.kubernetes.io/zone":              true,
	"topology.kubernetes.io/region":            true,
	"failure-domain.beta.kubernetes.io/zone":   true,
	"failure-domain.beta.kubernetes.io/region": true,
}

func checkReservedLabels(p *Pass) {
	for _, pool := range p.Cluster.Pools {
		platform := map[nodepool.Provider]string{nodepool.Azure: "AKS", nodepool.AWS: "EKS"}[p.Cluster.Provider]
		if pool.Karpenter != nil {
			platform = "Karpenter"
		} else if platform == "" {
			continue
		}
		for _, l := range pool.Labels.Value {
			if p.Cluster.Provider == nodepool.Azure && isOwnSpotLabel(pool, l) {
				continue
			}
			var why string
			switch {
			case pool.Karpenter != nil:
				why = reservedKarpenterLabel(l.Key, p.Cluster.Provider)
			case p.Cluster.Provider == nodepool.AWS:
				why = reservedEKSLabel(l.Key)
			default:
				why = reservedAKSLabel(l.Key)
			}
			if why != "" {
				p.Report(l.Pos, pool, l.Key,
					"node label %q on %s is under %s, which %s reserves",
					l.Key, poolRef(p.Cluster, pool), why, platform)
			}
		}
	}
}

// reservedEKSLabel is reservedAKSLabel's namespace rule plus EKS's own
// eks.amazonaws.com/ prefix.
func reservedEKSLabel(key string) string {
	if i := strings.LastIndex(key, "/"); i >= 0 {
		prefix := strings.ToLower(key[:i])
		if prefix == "eks.amazonaws.com" || strings.HasSuffix(prefix, ".eks.amazonaws.com") {
			return "eks.amazonaws.com/"
		}
	}
	if why := reservedAKSLabel(key); why != "kubernetes.azure.com/" {
		return why
	}
	return ""
}

// reservedAKSLabel returns the reserved namespace a label key falls under, or
// "" when AKS accepts the key.
func reservedAKSLabel(key string) string {
	i := strings.LastIndex(key, "/")
	if i < 0 {
		return ""
	}
	prefix := strings.ToLower(key[:i])
	under := func(domain string) bool { return prefix == domain || strings.HasSuffix(prefix, "."+domain) }
	switch {
	case under("kubernetes.azure.com"):
		return "kubernetes.azure.com/"
	case under("kubelet.kubernetes.io"), under("node.kubernetes.io"), kubeletLabels[strings.ToLower(key)]:
		return ""
	case under("kubernetes.io"):
		return "the kubernetes.io namespace"
	case under("k8s.io"):
		return "the k8s.io namespace"
	}
	return ""
}

// isOwnSpotLabel reports the label AKS puts on Spot pools, declared with the
// value AKS gives it.
func isOwnSpotLabel(pool *nodepool.Pool, l nodepool.Label) bool {
	return strings.EqualFold(l.Key, "kubernetes.azure.com/scalesetpriority") &&
		l.ValueKnown && strings.EqualFold(l.Value, "spot") &&
		pool.Priority.Known && strings.EqualFold(pool.Priority.Value, nodepool.PrioritySpot)
}

// Keys AKS node auto-provisioning accepts under its two domains
// (karpenter-provider-azure NodePool CRD).
var (
	napAzureKeys = map[string]bool{
		"mode": true, "scalesetpriority": true, "priority": true, "fips_enabled": true, "os-sku": true,
		"cluster": true, "sku-cpu": true, "sku-memory": true, "ebpf-dataplane": true,
		"ebpf-host-routing": true, "network-policy": true, "hostedvm": true,
	}
	napKarpenterAzureKeys = map[string]bool{
		"aksnodeclass": true, "sku-name": true, "sku-family": true, "sku-series": true, "sku-version": true,
		"sku-cpu": true, "sku-memory": true, "sku-networking-accelerated": true, "sku-storage-premium-capable": true,
		"sku-storage-ultra-ssd": true, "sku-storage-ephemeralos-maxsize": true, "sku-gpu-name": true,
		"sku-gpu-manufacturer": true, "sku-gpu-count": true, "placement-scope": true,
	}
)

// reservedKarpenterLabel applies Karpenter's restrictions on NodePool
// template labels, with AKS node auto-provisioning's on Azure.
func reservedKarpenterLabel(key string, provider nodepool.Provider) string {
	lower := strings.ToLower(key)
	if lower == "kubernetes.io/hostname" {
		return "kubernetes.io/hostname"
	}
	prefix, name, ok := strings.Cut(lower, "/")
	if !ok {
		return ""
	}
	switch {
	case prefix == "karpenter.sh" && name != "capacity-type":
		return "karpenter.sh/ (only karpenter.sh/capacity-type may be set)"
	case provider == nodepool.Azure && prefix == "kubernetes.azure.com" && !napAzureKeys[name]:
		return "kubernetes.azure.com/ (node auto-provisioning accepts only its listed keys)"
	case provider == nodepool.Azure && prefix == "karpenter.azure.com" && !napKarpenterAzureKeys[name]:
		return "karpenter.azure.com/ (node auto-provisioning accepts only its listed keys)"
	}
	return ""
}
