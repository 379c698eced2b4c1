package yaml

import (
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// capzASOMutators runs, on an AzureASOManagedMachinePool and the
// MachinePool mp that references it, the checks by which CAPZ's
// controller refuses to reconcile the pool (sigs.k8s.io/cluster-api-provider-azure
// v1.26.0, pkg/mutators/azureasomanagedmachinepool.go and its test table):
// the ManagedClustersAgentPool may set orchestratorVersion and count only to
// the MachinePool's version and replicas, which CAPZ copies into it, and
// may enable autoscaling only when no other autoscaler manages the
// MachinePool's replicas. Its admission webhook checks only a feature gate.
func capzASOMutators(p *nodepool.Pool, kind string, spec, mp *node) {
	if kind != "AzureASOManagedMachinePool" || mp == nil {
		return
	}
	index := -1
	var ap *node
	for i, res := range itemsOf(spec.get("resources")) {
		group, _, _ := strings.Cut(res.get("apiVersion").str(), "/")
		if group == "containerservice.azure.com" && res.get("kind").str() == "ManagedClustersAgentPool" {
			index, ap = i, res
			break
		}
	}
	if ap == nil {
		return
	}
	v := newVcheck(p, nodepool.ValidatorCAPZ, "spec.resources["+strconv.Itoa(index)+"].spec")
	apSpec := ap.get("spec")
	mpName := mp.path("metadata", "name").str()

	if ver, ok := vstr(mp.path("spec", "template", "spec", "version")); ok && ver != "" {
		want := strings.TrimPrefix(ver, "v")
		if u := apSpec.get("orchestratorVersion"); u != nil {
			if s, ok := vstr(u); ok && s != want {
				v.reject(u, "orchestratorVersion", "orchestratorVersion %q differs from MachinePool %s's version %s: CAPZ sets it to %q and will not reconcile a different value (leave it out)", s, mpName, ver, want)
			}
		}
	}

	autoscaling := apSpec.get("enableAutoScaling")
	manager := mp.path("metadata", "annotations", "cluster.x-k8s.io/replicas-managed-by")
	if isTrue(autoscaling) && manager != nil {
		if s, ok := vstr(manager); ok && s != "aks" {
			v.reject(autoscaling, "enableAutoScaling", "enableAutoScaling: MachinePool %s's replicas are managed by %q (its cluster.x-k8s.io/replicas-managed-by annotation), and CAPZ refuses to let AKS autoscale them too", mpName, s)
		}
	}
	// With autoscaling on (or unknown), CAPZ leaves the count of a pool
	// that already exists alone: only a pool without it is judged.
	if autoscaling != nil && !isFalse(autoscaling) || manager != nil {
		return
	}
	if replicas, ok := vint(mp.path("spec", "replicas")); ok {
		if u := apSpec.get("count"); u != nil {
			if n, ok := vint(u); ok && n != replicas {
				v.reject(u, "count", "count %d differs from MachinePool %s's replicas %d: CAPZ sets it to %d and will not reconcile a different value (leave it out)", n, mpName, replicas, replicas)
			}
		}
	}
}
