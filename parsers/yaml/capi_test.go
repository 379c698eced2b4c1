package yaml

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// capiPools returns every pool of a result by ID, failing on an error
// diagnostic.
func capiPools(t *testing.T, res parsers.Result) map[string]*nodepool.Pool {
	t.Helper()
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			t.Errorf("unexpected error: %s: %s", d.Pos, d.Message)
		}
	}
	out := map[string]*nodepool.Pool{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			if out[p.ID] != nil {
				t.Errorf("pool %s twice", p.ID)
			}
			out[p.ID] = p
		}
	}
	return out
}

// clusterOf returns the cluster holding the pool with the given ID.
func clusterOf(t *testing.T, res parsers.Result, id string) *nodepool.Cluster {
	t.Helper()
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			if p.ID == id {
				return c
			}
		}
	}
	t.Fatalf("no pool %s in %+v", id, res.Clusters)
	return nil
}

func wantField[T comparable](t *testing.T, what string, f nodepool.Field[T], v T, line int) {
	t.Helper()
	if !f.Known || f.Value != v || f.Pos.Line != line {
		t.Errorf("%s: %+v, want %v known at line %d", what, f, v, line)
	}
}

func wantUnknown[T any](t *testing.T, what string, f nodepool.Field[T]) {
	t.Helper()
	if !f.Set || f.Known {
		t.Errorf("%s: %+v, want set and unknown", what, f)
	}
}

// numbered is a document with line numbers kept readable in the test: the
// first line of s is line 1.
func numbered(s string) []byte { return []byte(strings.TrimPrefix(s, "\n")) }

const capaSelfManaged = `
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: eks1
spec:
  controlPlaneRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta2
    kind: AWSManagedControlPlane
    name: eks1-cp
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: AWSManagedControlPlane
metadata:
  name: eks1-cp
spec:
  eksClusterName: eks1
  version: v1.29
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: asg
spec:
  clusterName: eks1
  replicas: 3
  failureDomains: [us-east-1a]
  template:
    spec:
      clusterName: eks1
      version: v1.29.0
      bootstrap:
        configRef:
          apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
          kind: EKSConfig
          name: asg
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
        kind: AWSMachinePool
        name: asg
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSMachinePool
metadata:
  name: asg
spec:
  minSize: 1
  maxSize: 5
  awsLaunchTemplate:
    instanceType: m5.large
    rootVolume:
      size: 80
  mixedInstancesPolicy:
    instancesDistribution:
      onDemandPercentageAboveBaseCapacity: 0
    overrides:
      - instanceType: m5.large
      - instanceType: m5a.large
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
kind: EKSConfig
metadata:
  name: asg
spec:
  kubeletExtraArgs:
    node-labels: "team=a, tier=web"
    register-with-taints: "dedicated=web:NoSchedule"
`

// An EKS cluster (its control plane in the controlplane group, named
// apart from its Cluster) with a self-managed Auto Scaling group: the
// MachinePool's count, version and bootstrap, the launch template's
// types and disk, the mixed instances policy's Spot share.
func TestCAPAMachinePool(t *testing.T) {
	res := parse("eks.yaml", numbered(capaSelfManaged))
	p := capiPools(t, res)["AWSMachinePool/asg"]
	if p == nil || len(res.Clusters) != 1 {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := res.Clusters[0]
	if c.Provider != nodepool.AWS || c.Partial || c.ID != "capi:default/eks1" || c.LinkKey != c.ID {
		t.Errorf("cluster %+v", c)
	}
	wantField(t, "cluster name", c.Name, "eks1", 4)
	wantField(t, "cluster version", c.KubernetesVersion, "v1.29", 17)
	wantField(t, "name", p.Name, "asg", 44)
	wantField(t, "count", p.Count, 3, 25)
	wantField(t, "min", p.MinCount, 1, 46)
	wantField(t, "max", p.MaxCount, 5, 47)
	wantField(t, "version", p.OrchestratorVersion, "v1.29.0", 30)
	wantField(t, "disk", p.OSDiskSizeGB, 80, 51)
	wantField(t, "priority", p.Priority, nodepool.PrioritySpot, 54)
	if it := p.InstanceTypes; !it.Known || strings.Join(it.Value, ",") != "m5.large,m5a.large" || it.Pos.Line != 56 {
		t.Errorf("instance types %+v", it)
	}
	if z := p.Zones; !z.Known || len(z.Value) != 1 || z.Value[0] != "us-east-1a" || z.Pos.Line != 26 {
		t.Errorf("zones from the MachinePool's failure domains: %+v", z)
	}
	if l := label(t, p, "tier"); l.Value != "web" || l.Pos.Line != 65 {
		t.Errorf("label %+v", l)
	}
	if tt := p.Taints; !tt.Known || len(tt.Value) != 1 || tt.Value[0].Key != "dedicated" || tt.Value[0].Effect != "NoSchedule" || tt.Pos.Line != 66 {
		t.Errorf("taints %+v", tt)
	}
}

const capzSelfManaged = `
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: vms
spec:
  controlPlaneRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta1
    kind: KubeadmControlPlane
    name: vms-control-plane
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata:
  name: vms-control-plane
spec:
  version: v1.31.1
  machineTemplate:
    infrastructureRef:
      apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
      kind: AzureMachineTemplate
      name: vms-control-plane
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureMachineTemplate
metadata:
  name: vms-control-plane
spec:
  template:
    spec:
      vmSize: Standard_D2s_v3
      osDisk: {osType: Linux, diskSizeGB: 128}
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: mp0
spec:
  clusterName: vms
  replicas: 2
  failureDomains: ["1", "2"]
  template:
    spec:
      bootstrap:
        configRef:
          apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
          kind: KubeadmConfig
          name: mp0
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureMachinePool
        name: mp0
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureMachinePool
metadata:
  name: mp0
spec:
  location: westeurope
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 1
  template:
    vmSize: Standard_D4s_v5
    osDisk:
      osType: Windows
      diskSizeGB: 64
      diffDiskSettings:
        option: Local
    spotVMOptions:
      maxPrice: 0.5
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
kind: KubeadmConfig
metadata:
  name: mp0
spec:
  joinConfiguration:
    nodeRegistration:
      taints:
        - key: os
          value: windows
          effect: NoSchedule
`

// A self-managed (kubeadm) cluster on Azure VMs: provider "" (no AKS rule
// judges it), the control plane's machine template is no pool, the
// AzureMachinePool's VM, disk and Spot settings, the kubeadm taints.
func TestCAPZMachinePool(t *testing.T) {
	res := parse("vms.yaml", numbered(capzSelfManaged))
	pools := capiPools(t, res)
	p := pools["AzureMachinePool/mp0"]
	if p == nil || len(pools) != 1 || len(res.Clusters) != 1 {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := res.Clusters[0]
	if c.Provider != "" || c.Partial {
		t.Errorf("a kubeadm cluster has no managed provider: %+v", c)
	}
	wantField(t, "cluster version", c.KubernetesVersion, "v1.31.1", 16)
	wantField(t, "vm size", p.VMSize, "Standard_D4s_v5", 64)
	wantField(t, "os", p.OSType, "Windows", 66)
	wantField(t, "disk", p.OSDiskSizeGB, 64, 67)
	wantField(t, "disk type", p.OSDiskType, "Ephemeral", 69)
	wantField(t, "priority", p.Priority, nodepool.PrioritySpot, 71)
	wantField(t, "spot price", p.SpotMaxPrice, 0.5, 71)
	wantField(t, "max surge", p.MaxSurge, "25%", 61)
	wantField(t, "max unavailable", p.MaxUnavailable, "1", 62)
	wantField(t, "count", p.Count, 2, 39)
	if z := p.Zones; !z.Known || strings.Join(z.Value, ",") != "1,2" {
		t.Errorf("zones %+v", z)
	}
	if tt := p.Taints; !tt.Known || len(tt.Value) != 1 || tt.Value[0].Value != "windows" || tt.Value[0].Pos.Line != 81 {
		t.Errorf("taints %+v", tt)
	}
}

const mdAWS = `
apiVersion: cluster.x-k8s.io/v1beta2
kind: MachineDeployment
metadata:
  name: md-0
  annotations:
    cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: "2"
    cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: "6"
spec:
  clusterName: capa
  replicas: 2
  template:
    spec:
      clusterName: capa
      version: v1.32.0
      failureDomain: eu-west-1b
      bootstrap:
        configRef:
          apiGroup: bootstrap.cluster.x-k8s.io
          kind: KubeadmConfigTemplate
          name: md-0
      infrastructureRef:
        apiGroup: infrastructure.cluster.x-k8s.io
        kind: AWSMachineTemplate
        name: md-0
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSMachineTemplate
metadata:
  name: md-0
spec:
  template:
    spec:
      instanceType: t3.large
      rootVolume:
        size: 50
      marketType: Spot
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
kind: KubeadmConfigTemplate
metadata:
  name: md-0
spec:
  template:
    spec:
      joinConfiguration:
        nodeRegistration:
          taints: []
          kubeletExtraArgs:
            - name: node-labels
              value: role=old
            - name: node-labels
              value: role=web,node-role.kubernetes.io/worker=
            - name: register-with-taints
              value: gpu=true:NoExecute
`

// A MachineDeployment (Cluster API v1beta2: apiGroup references,
// kubeletExtraArgs as a list) with its AWSMachineTemplate and
// KubeadmConfigTemplate; the autoscaler annotations give the bounds; the
// kubelet's register-with-taints replaces kubeadm's taints.
func TestMachineDeploymentAWS(t *testing.T) {
	res := parse("md.yaml", numbered(mdAWS))
	p := capiPools(t, res)["MachineDeployment/md-0"]
	if p == nil {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := clusterOf(t, res, p.ID)
	if c.Provider != "" || !c.Partial || c.LinkKey != "capi:default/capa" {
		t.Errorf("cluster %+v", c)
	}
	wantField(t, "name", p.Name, "md-0", 4)
	wantField(t, "count", p.Count, 2, 10)
	wantField(t, "min", p.MinCount, 2, 6)
	wantField(t, "max", p.MaxCount, 6, 7)
	wantField(t, "autoscaling", p.AutoScaling, true, 6)
	wantField(t, "version", p.OrchestratorVersion, "v1.32.0", 14)
	wantField(t, "priority", p.Priority, nodepool.PrioritySpot, 36)
	wantField(t, "disk", p.OSDiskSizeGB, 50, 35)
	if z := p.Zones; !z.Known || z.Value[0] != "eu-west-1b" || z.Pos.Line != 15 {
		t.Errorf("zones %+v", z)
	}
	if l := label(t, p, "node-role.kubernetes.io/worker"); l.Value != "" || !l.ValueKnown || l.Pos.Line != 52 {
		t.Errorf("label %+v", l)
	}
	if len(p.Labels.Value) != 2 {
		t.Errorf("the last node-labels wins: %+v", p.Labels)
	}
	if tt := p.Taints; !tt.Known || len(tt.Value) != 1 || tt.Value[0].Key != "gpu" || tt.Value[0].Effect != "NoExecute" {
		t.Errorf("taints %+v", tt)
	}
}

// A MachineDeployment whose templates are nowhere in reach: a pool whose
// machine settings and labels are unknown; one with no infrastructure
// reference (a kustomize patch) or of another provider declares none.
func TestMachineDeploymentTemplatesElsewhere(t *testing.T) {
	doc := strings.Replace(mdAWS, "kind: AWSMachineTemplate\nmetadata:\n  name: md-0", "kind: AWSMachineTemplate\nmetadata:\n  name: other", 1)
	doc = strings.Replace(doc, "kind: KubeadmConfigTemplate\nmetadata:\n  name: md-0", "kind: KubeadmConfigTemplate\nmetadata:\n  name: other", 1)
	res := parse("md.yaml", numbered(doc))
	p := capiPools(t, res)["MachineDeployment/md-0"]
	if p == nil {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	wantUnknown(t, "instance types", p.InstanceTypes)
	wantUnknown(t, "labels", p.Labels)
	wantUnknown(t, "taints", p.Taints)
	wantField(t, "name", p.Name, "md-0", 4)

	patch := "apiVersion: cluster.x-k8s.io/v1beta1\nkind: MachineDeployment\nmetadata:\n  name: md-0\nspec:\n  replicas: 3\n"
	docker := strings.Replace(mdAWS, "kind: AWSMachineTemplate\n", "kind: DockerMachineTemplate\n", 1)
	for name, data := range map[string]string{"patch": patch, "docker": docker} {
		if res := parse("md.yaml", []byte(data)); len(capiPools(t, res)) != 0 {
			t.Errorf("%s: pools %+v", name, res.Clusters)
		}
	}
}

const mdAzure = `
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineDeployment
metadata:
  name: md-win
  labels:
    cluster.x-k8s.io/cluster-name: capz
spec:
  replicas: 1
  template:
    spec:
      bootstrap:
        configRef:
          apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
          kind: KubeadmConfigTemplate
          name: md-win
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureMachineTemplate
        name: md-win
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureMachineTemplate
metadata:
  name: md-win
spec:
  template:
    spec:
      vmSize: Standard_D4s_v3
      failureDomain: "3"
      osDisk:
        osType: Windows
        diskSizeGB: 128
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
kind: KubeadmConfigTemplate
metadata:
  name: md-win
spec:
  template:
    spec:
      joinConfiguration:
        nodeRegistration:
          kubeletExtraArgs:
            node-labels: ${NODE_LABELS}
          taints:
            - key: os
              value: windows
              effect: NoSchedule
`

// A MachineDeployment with an AzureMachineTemplate: the cluster from the
// cluster-name label, zones from the template's failure domain; labels
// given by a placeholder are unknown.
func TestMachineDeploymentAzure(t *testing.T) {
	res := parse("md.yaml", numbered(mdAzure))
	p := capiPools(t, res)["MachineDeployment/md-win"]
	if p == nil {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := clusterOf(t, res, p.ID)
	wantField(t, "cluster name", c.Name, "capz", 6)
	wantField(t, "vm size", p.VMSize, "Standard_D4s_v3", 28)
	wantField(t, "os", p.OSType, "Windows", 31)
	wantField(t, "disk", p.OSDiskSizeGB, 128, 32)
	if z := p.Zones; !z.Known || z.Value[0] != "3" || z.Pos.Line != 29 {
		t.Errorf("zones %+v", z)
	}
	wantUnknown(t, "labels", p.Labels)
	if tt := p.Taints; !tt.Known || len(tt.Value) != 1 || tt.Value[0].Pos.Line != 46 {
		t.Errorf("kubeadm taints: %+v", tt)
	}
}

const rosa = `
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: rosa1
spec:
  controlPlaneRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta2
    kind: ROSAControlPlane
    name: rosa1-cp
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: ROSAControlPlane
metadata:
  name: rosa1-cp
spec:
  rosaClusterName: rosa1
  version: "4.16.3"
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: workers
spec:
  clusterName: rosa1
  replicas: 2
  template:
    spec:
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
        kind: ROSAMachinePool
        name: workers
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: ROSAMachinePool
metadata:
  name: workers
spec:
  nodePoolName: workers-a
  instanceType: m5.xlarge
  availabilityZone: us-west-2a
  volumeSize: 300
  autoscaling:
    minReplicas: 2
    maxReplicas: 4
  labels:
    team: data
  taints:
    - key: dedicated
      value: data
      effect: NoSchedule
`

// ROSA: the control plane's version is OpenShift's and is not read as a
// Kubernetes version; the ROSAMachinePool's settings with the
// MachinePool's count.
func TestROSAMachinePool(t *testing.T) {
	res := parse("rosa.yaml", numbered(rosa))
	p := capiPools(t, res)["ROSAMachinePool/workers"]
	if p == nil || len(res.Clusters) != 1 {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := res.Clusters[0]
	if c.Provider != "" || c.Partial || c.KubernetesVersion.Set {
		t.Errorf("cluster %+v", c)
	}
	wantField(t, "name", p.Name, "workers-a", 38)
	wantField(t, "count", p.Count, 2, 25)
	wantField(t, "min", p.MinCount, 2, 43)
	wantField(t, "max", p.MaxCount, 4, 44)
	wantField(t, "disk", p.OSDiskSizeGB, 300, 41)
	if it := p.InstanceTypes; !it.Known || it.Value[0] != "m5.xlarge" {
		t.Errorf("instance types %+v", it)
	}
	if l := label(t, p, "team"); l.Value != "data" || l.Pos.Line != 46 {
		t.Errorf("label %+v", l)
	}
	if tt := p.Taints; len(tt.Value) != 1 || tt.Value[0].Effect != "NoSchedule" {
		t.Errorf("taints %+v", tt)
	}
}

const capzASO = `
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: aks1
spec:
  controlPlaneRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
    kind: AzureASOManagedControlPlane
    name: aks1
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureASOManagedControlPlane
metadata:
  name: aks1
spec:
  version: v1.30.2
  resources:
    - apiVersion: containerservice.azure.com/v1api20240901
      kind: ManagedCluster
      metadata:
        name: aks1
      spec:
        networkProfile:
          networkPlugin: kubenet
          loadBalancerSku: standard
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: pool0
spec:
  clusterName: aks1
  replicas: 3
  template:
    spec:
      version: v1.30.2
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureASOManagedMachinePool
        name: pool0
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureASOManagedMachinePool
metadata:
  name: pool0
spec:
  resources:
    - apiVersion: resources.azure.com/v1api20200601
      kind: ResourceGroup
      metadata:
        name: rg
    - apiVersion: containerservice.azure.com/v1api20240901
      kind: ManagedClustersAgentPool
      metadata:
        name: aks1-pool0
      spec:
        azureName: pool0
        mode: System
        vmSize: Standard_D4s_v5
        osType: Windows
        scaleSetPriority: Spot
`

// CAPZ's ASO kinds: the cluster from the embedded ManagedCluster, the pool
// from the embedded ManagedClustersAgentPool (read as ASO's) with the
// MachinePool's count and version.
func TestAzureASOManagedMachinePool(t *testing.T) {
	res := parse("aso.yaml", numbered(capzASO))
	p := capiPools(t, res)["AzureASOManagedMachinePool/pool0"]
	if p == nil || len(res.Clusters) != 1 {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := res.Clusters[0]
	if c.Provider != nodepool.Azure || c.Partial {
		t.Errorf("cluster %+v", c)
	}
	wantField(t, "cluster name", c.Name, "aks1", 4)
	wantField(t, "version", c.KubernetesVersion, "v1.30.2", 16)
	wantField(t, "network plugin", c.NetworkPlugin, "kubenet", 24)
	wantField(t, "lb", c.LoadBalancerSKU, "standard", 25)
	wantField(t, "name", p.Name, "pool0", 57)
	wantField(t, "mode", p.Mode, "System", 58)
	wantField(t, "vm size", p.VMSize, "Standard_D4s_v5", 59)
	wantField(t, "priority", p.Priority, "Spot", 61)
	wantField(t, "count", p.Count, 3, 33)
	wantField(t, "version", p.OrchestratorVersion, "v1.30.2", 36)

	// Without an agent pool CAPZ rejects the object: a note, settings unknown.
	res = parse("aso.yaml", numbered(strings.Replace(capzASO, "kind: ManagedClustersAgentPool", "kind: ManagedClusterAgentPools", 1)))
	p = capiPools(t, res)["AzureASOManagedMachinePool/pool0"]
	wantUnknown(t, "vm size", p.VMSize)
	if !strings.Contains(strings.Join(diagsAt(res), "\n"), "no containerservice.azure.com ManagedClustersAgentPool") {
		t.Errorf("diags %v", diagsAt(res))
	}
}

const capaManaged = `
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: AWSManagedControlPlane
metadata:
  name: eks2-control-plane
  labels:
    cluster.x-k8s.io/cluster-name: eks2
spec:
  version: v1.30
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSManagedMachinePool
metadata:
  name: ng
  labels:
    cluster.x-k8s.io/cluster-name: eks2
spec:
  availabilityZones: [us-east-1a, us-east-1b]
  awsLaunchTemplate:
    instanceType: c6g.large
  capacityType: spot
  taints:
    - key: a
      value: b
      effect: no-execute
    - key: c
      value: d
      effect: NoSchedule
`

// The EKS control plane in controlplane.cluster.x-k8s.io defines the
// cluster (it was "declared elsewhere"); CAPA's taint effects read as
// Kubernetes spells them, and one CAPA's CRD rejects is an error.
func TestAWSManagedControlPlane(t *testing.T) {
	res := parse("eks.yaml", numbered(capaManaged))
	if len(res.Clusters) != 1 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	c := res.Clusters[0]
	if c.Partial || c.Provider != nodepool.AWS || c.ID != "capi:default/eks2" {
		t.Errorf("cluster %+v", c)
	}
	wantField(t, "cluster name", c.Name, "eks2", 6)
	wantField(t, "version", c.KubernetesVersion, "v1.30", 8)
	p := c.Pools[0]
	if it := p.InstanceTypes; !it.Known || it.Value[0] != "c6g.large" || it.Pos.Line != 19 {
		t.Errorf("instance type from the launch template: %+v", it)
	}
	if z := p.Zones; !z.Known || len(z.Value) != 2 {
		t.Errorf("zones %+v", z)
	}
	if tt := p.Taints.Value; len(tt) != 2 || tt[0].Effect != "NoExecute" || tt[1].Effect != "NoSchedule" {
		t.Errorf("taints %+v", tt)
	}
	wantDiags(t, res, `error eks.yaml:25:7: taint effect "NoSchedule": CAPA's AWSManagedMachinePool takes no-schedule`)
}

const topology = `
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: dev
spec:
  topology:
    class: aks-class
    version: v1.31.0
    variables:
      - name: priority
        value: Regular
    workers:
      machinePools:
        - class: system
          name: sys
          replicas: 2
          variables:
            overrides:
              - name: priority
                value: Spot
        - class: user
          name: apps
          replicas: 4
        - class: missing
          name: other
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: ClusterClass
metadata:
  name: aks-class
spec:
  controlPlane:
    ref:
      apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
      kind: AzureManagedControlPlaneTemplate
      name: aks-cp
  variables:
    - name: priority
      required: false
      schema:
        openAPIV3Schema:
          type: string
          default: Regular
    - name: size
      schema:
        openAPIV3Schema:
          type: string
          default: Standard_D8s_v5
  patches:
    - name: pool
      definitions:
        - selector:
            apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
            kind: AzureManagedMachinePoolTemplate
            matchResources:
              machinePoolClass:
                names: [system, user]
          jsonPatches:
            - op: add
              path: /spec/template/spec/scaleSetPriority
              valueFrom:
                variable: priority
            - op: replace
              path: /spec/template/spec/sku
              valueFrom:
                variable: size
            - op: add
              path: /spec/template/spec/nodeLabels/example.com~1tier
              value: gold
            - op: add
              path: /spec/template/spec/maxPods
              valueFrom:
                template: "{{ .x }}"
  workers:
    machinePools:
      - class: system
        template:
          bootstrap:
            ref: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: sys}
          infrastructure:
            ref: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: AzureManagedMachinePoolTemplate, name: sys}
      - class: user
        template:
          bootstrap:
            ref: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: user}
          infrastructure:
            ref: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: AzureManagedMachinePoolTemplate, name: user}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePoolTemplate
metadata:
  name: sys
spec:
  template:
    spec:
      name: sys
      mode: System
      sku: Standard_D2s_v3
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePoolTemplate
metadata:
  name: user
spec:
  template:
    spec:
      mode: User
      sku: Standard_D2s_v3
      nodeLabels:
        team: apps
`

// A Cluster with a managed topology: one pool per topology entry, read
// from its worker class's template as the class's patches leave it — a
// variable from the entry's override, the cluster's value, or the class's
// default; a literal value; a Go template (unknown). An entry whose class
// is not in the ClusterClass is a pool with unknown settings.
func TestTopology(t *testing.T) {
	res := parse("topo.yaml", numbered(topology))
	pools := capiPools(t, res)
	if len(pools) != 3 || len(res.Clusters) != 1 {
		t.Fatalf("pools %v clusters %+v diags %v", pools, res.Clusters, diagsAt(res))
	}
	c := res.Clusters[0]
	if c.Partial || c.Provider != nodepool.Azure || c.LinkKey != "capi:default/dev" {
		t.Errorf("cluster %+v", c)
	}
	wantField(t, "version", c.KubernetesVersion, "v1.31.0", 8)
	sys := pools["Cluster/dev/machinePools/sys"]
	wantField(t, "sys name", sys.Name, "sys", 96)
	wantField(t, "sys mode", sys.Mode, "System", 97)
	wantField(t, "sys priority (the entry's override)", sys.Priority, "Spot", 20)
	wantField(t, "sys size (the class default)", sys.VMSize, "Standard_D8s_v5", 48)
	wantField(t, "sys count", sys.Count, 2, 16)
	wantUnknown(t, "sys max pods (a Go template)", sys.MaxPods)
	if l := label(t, sys, "example.com/tier"); l.Value != "gold" {
		t.Errorf("label %+v", l)
	}
	apps := pools["Cluster/dev/machinePools/apps"]
	wantField(t, "apps priority (the cluster's value)", apps.Priority, "Regular", 11)
	if len(apps.Labels.Value) != 2 {
		t.Errorf("labels %+v", apps.Labels)
	}
	// Not the entry's: the template's, which CAPZ's defaulting webhook
	// puts in an absent spec.template.spec.name.
	wantField(t, "apps name (the template's)", apps.Name, "user", 103)
	other := pools["Cluster/dev/machinePools/other"]
	wantUnknown(t, "other size", other.VMSize)
	wantUnknown(t, "other mode", other.Mode)
}

// A ClusterClass no Cluster uses: its worker classes are pools of the
// class (with the variables' defaults) and its templates are not pools of
// their own; a machine pool template no class uses is a pool.
func TestClusterClassAlone(t *testing.T) {
	doc := topology[strings.Index(topology, "---\n")+4:]
	res := parse("class.yaml", []byte(doc))
	pools := capiPools(t, res)
	if len(pools) != 2 || len(res.Clusters) != 1 {
		t.Fatalf("pools %v diags %v", pools, diagsAt(res))
	}
	c := res.Clusters[0]
	if !c.Partial || c.ID != "clusterclass:default/aks-class" || c.Provider != nodepool.Azure {
		t.Errorf("cluster %+v", c)
	}
	sys := pools["ClusterClass/aks-class/machinePools/system"]
	if sys == nil || !sys.Priority.Known || sys.Priority.Value != "Regular" || sys.VMSize.Value != "Standard_D8s_v5" {
		t.Errorf("class pool %+v", sys)
	}

	templates := doc[strings.Index(doc, "---\napiVersion: infrastructure.cluster.x-k8s.io/v1beta1\nkind: AzureManagedMachinePoolTemplate")+4:]
	res = parse("templates.yaml", []byte(templates))
	pools = capiPools(t, res)
	if p := pools["AzureManagedMachinePoolTemplate/user"]; len(pools) != 2 || p == nil || p.VMSize.Value != "Standard_D2s_v3" || p.Name.Value != "user" {
		t.Errorf("template pools %+v", pools)
	}
}

// External patches may change anything: the class's templates read as
// unknown. A patch with enabledIf may or may not apply: its target is
// unknown.
func TestClusterClassOpaquePatches(t *testing.T) {
	doc := topology[strings.Index(topology, "---\n")+4:]
	ext := strings.Replace(doc, "  patches:\n", "  patches:\n    - name: ext\n      external:\n        generatePatchesExtension: gen.x\n", 1)
	pools := capiPools(t, parse("class.yaml", []byte(ext)))
	for id, p := range pools {
		wantUnknown(t, id+" mode", p.Mode)
		wantUnknown(t, id+" size", p.VMSize)
	}
	cond := strings.Replace(doc, "    - name: pool\n", "    - name: pool\n      enabledIf: '{{ .on }}'\n", 1)
	sys := capiPools(t, parse("class.yaml", []byte(cond)))["ClusterClass/aks-class/machinePools/system"]
	wantUnknown(t, "priority", sys.Priority)
	wantField(t, "mode (not patched)", sys.Mode, "System", 72)
}

// A kind poollint reads in an API version it does not know is a note,
// never a guess; a kind in a group it does not belong to is not read.
func TestCAPIUnknownVersion(t *testing.T) {
	res := parse("v.yaml", []byte("apiVersion: infrastructure.cluster.x-k8s.io/v1beta9\nkind: AWSMachinePool\nmetadata:\n  name: a\nspec:\n  minSize: 1\n"))
	if len(res.Clusters) != 0 {
		t.Errorf("clusters %+v", res.Clusters)
	}
	wantDiags(t, res, "note v.yaml:1:13: AWSMachinePool in API version infrastructure.cluster.x-k8s.io/v1beta9 is not read: poollint knows AWSMachinePool only in infrastructure.cluster.x-k8s.io/v1alpha3")
	res = parse("g.yaml", []byte("apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: AzureManagedControlPlane\nmetadata:\n  name: a\nspec:\n  version: v1.29.0\n"))
	if len(res.Clusters) != 0 || len(res.Diags) != 0 {
		t.Errorf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
}

// Cluster names that are placeholders name no particular cluster: the
// cluster is the file's own (its identity names the file) and links to
// no other file; so does a pool with no cluster name.
func TestCAPIPlaceholderClusterName(t *testing.T) {
	doc := strings.ReplaceAll(capzASO, "aks1", "${CLUSTER_NAME}")
	res := parse("dir/cluster-template-aks.yaml", numbered(doc))
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	c := res.Clusters[0]
	if c.ID != "capi:default/${CLUSTER_NAME}@cluster-template-aks.yaml" || c.LinkKey != "" || c.Name.Known || !c.Name.Set {
		t.Errorf("cluster %+v", c)
	}
	res = parse("p.yaml", []byte("apiVersion: infrastructure.cluster.x-k8s.io/v1beta1\nkind: AzureManagedMachinePool\nmetadata:\n  name: p\nspec:\n  mode: User\n  sku: Standard_D2s_v3\n"))
	if c := res.Clusters[0]; c.ID != "capi:default/(unnamed)@p.yaml" || c.LinkKey != "" || !c.Partial {
		t.Errorf("unnamed %+v", c)
	}
}

// writeDir writes files into a new directory and returns its path.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// parseIn parses one file of a directory as the scan does.
func parseIn(t *testing.T, opts *parsers.Options, dir, name string) parsers.Result {
	t.Helper()
	p := filepath.Join(dir, name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return Parser{}.Parse(&parsers.Input{Path: p, Data: data, Options: opts})
}

func splitDocs(s string) []string { return strings.Split(strings.TrimPrefix(s, "\n"), "---\n") }

// Objects split across the files of a directory link by name: the pool
// is declared once (by the infrastructure object), with what the other
// files say, whichever file is read.
func TestCAPIDirectoryLinks(t *testing.T) {
	docs := splitDocs(capaSelfManaged)
	dir := writeDir(t, map[string]string{
		"cluster.yaml":   docs[0] + "---\n" + docs[1],
		"pools.yaml":     docs[2],
		"infra.yaml":     docs[3],
		"bootstrap.yaml": docs[4],
		"notes.txt":      "not yaml",
	})
	opts := &parsers.Options{}
	pools := capiPools(t, parseIn(t, opts, dir, "pools.yaml"))
	if len(pools) != 0 {
		t.Errorf("the MachinePool's infrastructure declares the pool: %+v", pools)
	}
	res := parseIn(t, opts, dir, "infra.yaml")
	p := capiPools(t, res)["AWSMachinePool/asg"]
	if p == nil {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := clusterOf(t, res, p.ID)
	if c.LinkKey != "capi:default/eks1" || c.Provider != nodepool.AWS {
		t.Errorf("cluster %+v", c)
	}
	if p.Count.Value != 3 || p.Count.Pos.File != filepath.Join(dir, "pools.yaml") || p.Count.Pos.Line != 7 {
		t.Errorf("count from pools.yaml: %+v", p.Count)
	}
	if l := label(t, p, "team"); l.Pos.File != filepath.Join(dir, "bootstrap.yaml") {
		t.Errorf("label from bootstrap.yaml: %+v", l)
	}
	res = parseIn(t, opts, dir, "cluster.yaml")
	if len(res.Clusters) != 1 || res.Clusters[0].ID != "capi:default/eks1" || res.Clusters[0].Partial {
		t.Errorf("control plane named after its Cluster: %+v", res.Clusters)
	}
}

// Independent templates side by side use the same placeholder names: a
// reference by such a name reaches no other file, unless a kustomization
// composes the files into one manifest; then their clusters link too.
func TestCAPIPlaceholderLinks(t *testing.T) {
	docs := splitDocs(strings.ReplaceAll(capaSelfManaged, "asg", "${CLUSTER_NAME}-asg"))
	files := map[string]string{"pools.yaml": docs[2], "infra.yaml": docs[3]}
	dir := writeDir(t, files)
	res := parseIn(t, nil, dir, "infra.yaml")
	p := capiPools(t, res)["AWSMachinePool/${CLUSTER_NAME}-asg"]
	if p == nil || p.Count.Set {
		t.Errorf("no link by a placeholder name: %+v", p)
	}
	if pools := capiPools(t, parseIn(t, nil, dir, "pools.yaml")); len(pools) != 1 || pools["MachinePool/${CLUSTER_NAME}-asg"] == nil {
		t.Errorf("the MachinePool declares its pool, its infrastructure unknown: %+v", pools)
	}

	files["kustomization.yaml"] = "resources:\n  - pools.yaml\n  - infra.yaml\n"
	dir = writeDir(t, files)
	res = parseIn(t, nil, dir, "infra.yaml")
	p = capiPools(t, res)["AWSMachinePool/${CLUSTER_NAME}-asg"]
	if p == nil || p.Count.Value != 3 {
		t.Errorf("linked through the kustomization: %+v", p)
	}
	if pools := capiPools(t, parseIn(t, nil, dir, "pools.yaml")); len(pools) != 0 {
		t.Errorf("pools %+v", pools)
	}
}

// Two files declaring the object a reference names: the reference is left
// unresolved, with a note.
func TestCAPIAmbiguousReference(t *testing.T) {
	docs := splitDocs(mdAWS)
	dir := writeDir(t, map[string]string{"md.yaml": docs[0], "a.yaml": docs[1], "b.yaml": docs[1]})
	res := parseIn(t, nil, dir, "md.yaml")
	p := capiPools(t, res)["MachineDeployment/md-0"]
	if p == nil {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	wantUnknown(t, "instance types", p.InstanceTypes)
	if got := strings.Join(diagsAt(res), "\n"); !strings.Contains(got, `AWSMachineTemplate "md-0" is declared in`) {
		t.Errorf("diags %v", got)
	}
}

// An autoscaler bound that is not a whole number: a note, the bound
// unknown; a number written unquoted is a string the API server rejects.
func TestAutoscalerAnnotations(t *testing.T) {
	doc := strings.Replace(mdAWS, `min-size: "2"`, `min-size: "two"`, 1)
	res := parse("md.yaml", numbered(doc))
	p := res.Clusters[0].Pools[0]
	wantUnknown(t, "min", p.MinCount)
	wantDiags(t, res, `note md.yaml:6:66: annotation cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: "two" is not a whole number`)
	doc = strings.Replace(mdAWS, `max-size: "6"`, `max-size: 6`, 1)
	res = parse("md.yaml", numbered(doc))
	wantUnknown(t, "max", res.Clusters[0].Pools[0].MaxCount)
	wantDiags(t, res, "error md.yaml:7:66: cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: 6 is the number 6 to kubectl")
}

// A file of the directory that resolves outside the scan roots (a
// symbolic link to a secret elsewhere) is never read, even when it
// declares what a reference names: nothing of it reaches the model or a
// diagnostic.
func TestCAPIDirectoryOutsideRoot(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, d := range []string{root, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	docs := splitDocs(mdAWS)
	secret := strings.Replace(docs[1], "t3.large", "SECRET-INSTANCE-TYPE", 1)
	if err := os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(root, "templates.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.WriteFile(filepath.Join(root, "md.yaml"), []byte(docs[0]), 0o644); err != nil {
		t.Fatal(err)
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	res := parseIn(t, &parsers.Options{Roots: []string{real}}, root, "md.yaml")
	p := capiPools(t, res)["MachineDeployment/md-0"]
	if p == nil {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	wantUnknown(t, "instance types", p.InstanceTypes)
	out := fmt.Sprintf("%+v %+v", res.Clusters, diagsAt(res))
	for _, c := range res.Clusters {
		out += fmt.Sprintf("%+v", c.Pools)
	}
	if strings.Contains(out, "SECRET") || strings.Contains(out, "outside") {
		t.Errorf("the secret reached the output: %s", out)
	}
	// Without roots (library use) the same link is read.
	p = capiPools(t, parseIn(t, nil, root, "md.yaml"))["MachineDeployment/md-0"]
	if !p.InstanceTypes.Known || p.InstanceTypes.Value[0] != "SECRET-INSTANCE-TYPE" {
		t.Errorf("without roots: %+v", p.InstanceTypes)
	}
}

// A named pipe among the directory's YAML files is never opened (reading
// it would block the scan for good).
func TestCAPIDirectoryPipe(t *testing.T) {
	docs := splitDocs(mdAWS)
	dir := writeDir(t, map[string]string{"md.yaml": docs[0]})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan parsers.Result, 1)
	go func() { done <- parseIn(t, nil, dir, "md.yaml") }()
	select {
	case res := <-done:
		if len(capiPools(t, res)) != 1 {
			t.Errorf("clusters %+v", res.Clusters)
		}
	case <-time.After(20 * time.Second): // a safety net: the parse returns at once
		t.Fatal("reading the directory blocked on a named pipe")
	}
}

const topologyEKS = `
apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: eks3
  namespace: teams
spec:
  topology:
    classRef:
      name: eks-class
      namespace: platform
    version: v1.31.0
    workers:
      machineDeployments:
        - class: general
          name: md-a
          failureDomain: us-east-1c
          metadata:
            annotations:
              cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: "3"
              cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: "1"
---
apiVersion: cluster.x-k8s.io/v1beta2
kind: ClusterClass
metadata:
  name: eks-class
  namespace: platform
spec:
  controlPlane:
    templateRef:
      apiVersion: controlplane.cluster.x-k8s.io/v1beta2
      kind: AWSManagedControlPlaneTemplate
      name: eks
  workers:
    machineDeployments:
      - class: general
        bootstrap:
          templateRef: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta2, kind: EKSConfigTemplate, name: general}
        infrastructure:
          templateRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: general}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSMachineTemplate
metadata:
  name: general
  namespace: platform
spec:
  template:
    spec:
      instanceType: m7i.large
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
kind: EKSConfigTemplate
metadata:
  name: general
  namespace: platform
spec:
  template:
    spec:
      kubeletExtraArgs:
        node-labels: team=x
`

// A topology (v1beta2: classRef in another namespace, templateRef) of
// self-managed EKS machines: the entry's name, failure domain and
// autoscaler annotations are the pool's; the class's EKS control plane
// makes it an EKS cluster.
func TestTopologySelfManagedEKS(t *testing.T) {
	res := parse("topo.yaml", numbered(topologyEKS))
	p := capiPools(t, res)["Cluster/eks3/machineDeployments/md-a"]
	if p == nil || len(res.Clusters) != 1 {
		t.Fatalf("clusters %+v diags %v", res.Clusters, diagsAt(res))
	}
	c := res.Clusters[0]
	if c.Provider != nodepool.AWS || c.Partial || c.ID != "capi:teams/eks3" {
		t.Errorf("cluster %+v", c)
	}
	wantField(t, "name", p.Name, "md-a", 15)
	wantField(t, "min", p.MinCount, 3, 19)
	wantField(t, "max", p.MaxCount, 1, 20)
	if z := p.Zones; !z.Known || z.Value[0] != "us-east-1c" || z.Pos.Line != 16 {
		t.Errorf("zones %+v", z)
	}
	if it := p.InstanceTypes; !it.Known || it.Value[0] != "m7i.large" {
		t.Errorf("instance types %+v", it)
	}
	if l := label(t, p, "team"); l.Value != "x" || l.Pos.Line != 60 {
		t.Errorf("label %+v", l)
	}
}

// Manifests exported from a management cluster link through owner
// references: an infrastructure machine pool to its MachinePool, an
// object to its Cluster.
func TestCAPIOwnerReferences(t *testing.T) {
	res := parse("export.yaml", []byte(`apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: mp
  namespace: ns1
spec:
  clusterName: prod
  replicas: 4
  template:
    spec:
      infrastructureRef:
        kind: AzureManagedMachinePool
        name: generated-name
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: mp
  namespace: ns1
  ownerReferences:
    - apiVersion: cluster.x-k8s.io/v1beta1
      kind: MachinePool
      name: mp
spec:
  mode: User
  sku: Standard_D4s_v5
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: other
  ownerReferences:
    - apiVersion: cluster.x-k8s.io/v1beta1
      kind: Cluster
      name: staging
spec:
  mode: User
  sku: Standard_D4s_v5
`))
	pools := capiPools(t, res)
	if p := pools["AzureManagedMachinePool/mp"]; p == nil || p.Count.Value != 4 || clusterOf(t, res, p.ID).ID != "capi:ns1/prod" {
		t.Errorf("owned by its MachinePool: %+v", p)
	}
	if c := clusterOf(t, res, "AzureManagedMachinePool/other"); c.ID != "capi:default/staging" || c.Name.Value != "staging" {
		t.Errorf("owned by its Cluster: %+v", c)
	}
	if len(pools) != 2 {
		t.Errorf("the MachinePool's pool is declared once, by its infrastructure: %+v", pools)
	}
}
