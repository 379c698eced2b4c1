package yaml

import (
	"strings"
	"testing"
)

// asoPoolDocs is a MachinePool with the annotation lines ann, the spec
// lines top (replicas) and the version ver ("" for none), and the
// AzureASOManagedMachinePool it references, whose ManagedClustersAgentPool
// has the spec lines ap.
func asoPoolDocs(ann, top, ver, ap string) string {
	var b strings.Builder
	b.WriteString("apiVersion: cluster.x-k8s.io/v1beta1\nkind: MachinePool\nmetadata:\n  name: pool1\n")
	if ann != "" {
		b.WriteString("  annotations:\n    " + ann + "\n")
	}
	b.WriteString("spec:\n  clusterName: aks\n")
	if top != "" {
		b.WriteString("  " + top + "\n")
	}
	b.WriteString("  template:\n    spec:\n      clusterName: aks\n")
	if ver != "" {
		b.WriteString("      version: " + ver + "\n")
	}
	b.WriteString(`      bootstrap:
        dataSecretName: ""
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureASOManagedMachinePool
        name: pool1
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureASOManagedMachinePool
metadata:
  name: pool1
spec:
  resources:
    - apiVersion: containerservice.azure.com/v1api20240901
      kind: ManagedClustersAgentPool
      metadata:
        name: pool1
      spec:
        azureName: pool1
        owner:
          name: aks
        mode: System
        vmSize: Standard_D4s_v5
`)
	for _, l := range strings.Split(strings.TrimSpace(ap), "\n") {
		if l != "" {
			b.WriteString("        " + l + "\n")
		}
	}
	return b.String()
}

// TestCAPZASOMutators is CAPZ v1.26.0's pkg/mutators
// azureasomanagedmachinepool_test.go (orchestrator version, count and
// autoscaling cases) as manifests, with unknown values beside them.
func TestCAPZASOMutators(t *testing.T) {
	const p = "spec.resources[0].spec."
	other := "cluster.x-k8s.io/replicas-managed-by: not-aks"
	aks := "cluster.x-k8s.io/replicas-managed-by: aks"
	runValidCases(t, []validCase{
		{"version: no CAPI opinion", asoPoolDocs("", "", "", "orchestratorVersion: 1.30.0"), "", 0},
		{"version: set from CAPI opinion", asoPoolDocs("", "", "v1.31.2", ""), "", 0},
		{"version: user value matching CAPI", asoPoolDocs("", "", "v1.31.2", "orchestratorVersion: 1.31.2"), "", 0},
		{"version: incompatible", asoPoolDocs("", "", "v1.31.2", "orchestratorVersion: 1.30.0"), p + "orchestratorVersion", 0},
		{"version: minor only", asoPoolDocs("", "", "v1.31.2", "orchestratorVersion: \"1.31\""), p + "orchestratorVersion", 0},
		{"version: unknown", asoPoolDocs("", "", "${KUBERNETES_VERSION}", "orchestratorVersion: 1.30.0"), "", 0},
		{"autoscaling disabled, aks annotation", asoPoolDocs(aks, "", "", "enableAutoScaling: false"), "", 0},
		{"autoscaling disabled, other annotation", asoPoolDocs(other, "", "", "enableAutoScaling: false"), "", 0},
		{"autoscaling enabled, no annotation", asoPoolDocs("", "", "", "enableAutoScaling: true"), "", 0},
		{"autoscaling enabled, aks annotation", asoPoolDocs(aks, "", "", "enableAutoScaling: true"), "", 0},
		{"autoscaling enabled, other manager", asoPoolDocs(other, "", "", "enableAutoScaling: true"), p + "enableAutoScaling", 0},
		{"count: no CAPI opinion", asoPoolDocs("", "", "", "count: 2"), "", 0},
		{"count: autoscaling enabled", asoPoolDocs(aks, "replicas: 3", "", "enableAutoScaling: true\ncount: 2"), "", 0},
		{"count: set from CAPI opinion", asoPoolDocs("", "replicas: 1", "", ""), "", 0},
		{"count: user value matching CAPI", asoPoolDocs("", "replicas: 1", "", "count: 1"), "", 0},
		{"count: incompatible", asoPoolDocs("", "replicas: 1", "", "count: 2"), p + "count", 0},
		{"count: autoscaling unknown", asoPoolDocs("", "replicas: 1", "", "enableAutoScaling: ${AUTOSCALE}\ncount: 2"), "", 0},
		{"count: replicas unknown", asoPoolDocs("", "replicas: ${REPLICAS}", "", "count: 2"), "", 0},
	})
}
