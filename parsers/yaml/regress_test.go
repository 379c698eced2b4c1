package yaml

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/parsers"
)

// karpenterEmptyOS is a NodePool whose kubernetes.io/os requirement has an
// empty value: it panicked (slice out of range) when capitalising the OS.
const karpenterEmptyOS = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    spec:
      requirements:
        - key: kubernetes.io/os
          operator: In
          values: [""]
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
`

// capzRenamedControlPlane is an Azure Cluster API cluster whose control
// plane is not named after the cluster: the control plane's group was merged
// into the cluster's and a MachinePool moving its pool then met the removed
// group (nil pointer).
const capzRenamedControlPlane = `apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedControlPlane
metadata:
  name: prod-control-plane
spec:
  version: v1.30.3
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: prod
spec:
  controlPlaneRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
    kind: AzureManagedControlPlane
    name: prod-control-plane
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: pool0
spec:
  clusterName: prod
  replicas: 2
  template:
    spec:
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureManagedMachinePool
        name: pool0
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: pool0
spec:
  mode: System
  sku: Standard_D4s_v5
`

func TestKarpenterEmptyRequirementValue(t *testing.T) {
	res := parse("np.yaml", []byte(karpenterEmptyOS))
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 || len(res.Diags) != 0 {
		t.Fatalf("clusters %+v diags %+v", res.Clusters, res.Diags)
	}
	if os := res.Clusters[0].Pools[0].OSType; os.Known || !os.Set || os.Pos.Line != 9 {
		t.Errorf("an empty OS value is set and unknown at the requirement: %+v", os)
	}
	res = parse("np.yaml", []byte(strings.Replace(karpenterEmptyOS, `[""]`, `[windows]`, 1)))
	if os := res.Clusters[0].Pools[0].OSType; !os.Known || os.Value != "Windows" {
		t.Errorf("windows: %+v", os)
	}
	// A list with a placeholder is incomplete: its one known value is not the OS.
	res = parse("np.yaml", []byte(strings.Replace(karpenterEmptyOS, `[""]`, `[linux, "${OS}"]`, 1)))
	if os := res.Clusters[0].Pools[0].OSType; os.Known {
		t.Errorf("partly known values: %+v", os)
	}
}

func TestCAPIControlPlaneNamedDifferently(t *testing.T) {
	res := parse("capz.yaml", []byte(capzRenamedControlPlane))
	if len(res.Clusters) != 1 || len(res.Diags) != 0 {
		t.Fatalf("want one cluster, got %d: %+v (diags %+v)", len(res.Clusters), res.Clusters, res.Diags)
	}
	c := res.Clusters[0]
	if c.Partial || c.Name.Value != "prod" || c.KubernetesVersion.Value != "v1.30.3" || len(c.Pools) != 1 || c.Pools[0].Count.Value != 2 {
		t.Errorf("cluster %+v pools %+v", c, c.Pools)
	}
}

// A Karpenter Provisioner (karpenter.sh/v1alpha5, before NodePool) declares
// a pool poollint does not read: it is said in a note counted as not read,
// never dropped silently (found on vedmichv/karpenter-demo's history, whose
// Provisioners produced "no node pool" and nothing else).
func TestKarpenterProvisionerNoted(t *testing.T) {
	dir := writeChart(t, map[string]string{"p.yaml": `apiVersion: karpenter.sh/v1alpha5
kind: Provisioner
metadata:
  name: default
spec:
  requirements:
    - key: karpenter.sh/capacity-type
      operator: In
      values: ["spot"]
  limits:
    resources:
      cpu: 1000
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: current
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`})
	res := parseFile(t, dir, filepath.Join(dir, "p.yaml"), nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 || res.Clusters[0].Pools[0].Name.Value != "current" {
		t.Fatalf("want only the NodePool read, got %+v", res.Clusters)
	}
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelNote || res.Diags[0].Unread != finding.UnreadKarpenterProvisioner ||
		res.Diags[0].Pos.Line != 2 || !strings.Contains(res.Diags[0].Message, `Provisioner "default" (karpenter.sh/v1alpha5) is not read`) {
		t.Errorf("got:\n%s", diagText(res.Diags))
	}
}
