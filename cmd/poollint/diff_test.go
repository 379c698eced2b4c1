package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitRepo writes files into a new git repository and commits them; it
// returns the repository's directory.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q")
	writeFiles(t, dir, files)
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
	return dir
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

type diffFinding struct {
	RuleID   string `json:"ruleId"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Pos      struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"pos"`
	Related []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"related"`
}

func runDiff(t *testing.T, dir string, extra ...string) (int, []diffFinding, string) {
	t.Helper()
	args := append([]string{"diff", "--base", "HEAD", "--format", "json", "--fail-on", "error"}, extra...)
	code, out, errOut := poollint(t, append(args, dir)...)
	var rep struct {
		Findings []diffFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d, output is not JSON: %v\n%s\n%s", code, err, out, errOut)
	}
	return code, rep.Findings, errOut
}

const armCluster = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "userSize": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-05-01",
      "name": "shop",
      "location": "westeurope",
      "properties": {
        "kubernetesVersion": "1.29.4",
        "agentPoolProfiles": [
          { "name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5" },
          { "name": "user", "mode": "User", "count": 2, "vmSize": "Standard_D8s_v5", "availabilityZones": ["1", "2"] },
          { "name": "batch", "mode": "User", "count": 1, "vmSize": "[parameters('userSize')]" }
        ]
      }
    }
  ]
}
`

const tfAKS = `resource "azurerm_kubernetes_cluster" "aks" {
  name               = "aks"
  kubernetes_version = "1.29.4"
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 3
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = "Standard_D8s_v5"
  node_count            = 2
  priority              = "Regular"
}
`

const tfEKS = `resource "aws_eks_cluster" "eks" {
  name     = "eks"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_node_group" "apps" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "apps"
  node_role_arn   = "arn:aws:iam::123456789012:role/node"
  subnet_ids      = ["subnet-1"]
  instance_types  = ["m6i.large"]
  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 3
  }
}
`

const eksctlCfg = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: eu-west-1
managedNodeGroups:
  - name: apps
    instanceType: m6i.large
    desiredCapacity: 2
    minSize: 1
    maxSize: 3
`

const karpenterPool = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: general
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
      requirements:
        - key: karpenter.sh/capacity-type
          operator: In
          values: ["on-demand"]
  limits:
    cpu: "100"
`

const capzPools = `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: capz
spec:
  controlPlaneRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
    kind: AzureManagedControlPlane
    name: capz
  infrastructureRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
    kind: AzureManagedCluster
    name: capz
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedControlPlane
metadata:
  name: capz
spec:
  version: v1.30.2
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: pool0
spec:
  clusterName: capz
  replicas: 3
  template:
    spec:
      clusterName: capz
      bootstrap:
        dataSecretName: ""
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

const capaPools = `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: shop
spec:
  controlPlaneRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta2
    kind: AWSManagedControlPlane
    name: shop-cp
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: AWSManagedControlPlane
metadata:
  name: shop-cp
spec:
  eksClusterName: shop
  version: v1.31
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: managed
spec:
  clusterName: shop
  replicas: 3
  template:
    spec:
      clusterName: shop
      bootstrap:
        dataSecretName: ""
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
        kind: AWSManagedMachinePool
        name: managed
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSManagedMachinePool
metadata:
  name: managed
spec:
  instanceType: m6i.large
  capacityType: onDemand
`

const asoPool = `apiVersion: containerservice.azure.com/v1api20240901
kind: ManagedCluster
metadata:
  name: aso
spec:
  location: westeurope
  agentPoolProfiles:
    - name: system
      mode: System
      count: 3
      vmSize: Standard_D4s_v5
---
apiVersion: containerservice.azure.com/v1api20240901
kind: ManagedClustersAgentPool
metadata:
  name: aso-apps
spec:
  azureName: apps
  owner:
    name: aso
  mode: User
  count: 2
  vmSize: Standard_D4s_v5
`

const bicepCluster = `resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: 'bicep'
  location: 'westeurope'
  properties: {
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4s_v5'
        osDiskSizeGB: 128
      }
    ]
  }
}
`

// TestDiff: each format's change, made in a git repository, is judged as
// its platform judges it; what the platform applies in place, an unknown
// value and a move of the file are not reported.
func TestDiff(t *testing.T) {
	type edit struct{ file, old, new string }
	cases := []struct {
		name   string
		files  map[string]string
		edits  []edit
		want   map[string]string // rule → substring of one of its messages
		absent []string          // rules that must not fire
		code   int
	}{
		{"arm vmSize is rejected", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `"count": 2, "vmSize": "Standard_D8s_v5"`, `"count": 2, "vmSize": "Standard_D16s_v5"`}},
			map[string]string{"PL401": `pool "user" of cluster "shop" cannot change vmSize in place (vmSize Standard_D8s_v5 → Standard_D16s_v5)`, "PL400": "(rejected)"}, nil, 1},
		{"arm count and reordered zones are in place", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `"count": 2, "vmSize": "Standard_D8s_v5", "availabilityZones": ["1", "2"]`, `"count": 5, "vmSize": "Standard_D8s_v5", "availabilityZones": ["2", "1"]`}},
			map[string]string{"PL400": "count 2 → 5 (in place)"}, []string{"PL401", "PL402"}, 0},
		{"arm zones added to a pool are rejected", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `"count": 3, "vmSize": "Standard_D4s_v5"`, `"count": 3, "vmSize": "Standard_D4s_v5", "availabilityZones": ["1"]`}},
			map[string]string{"PL401": "zones (unset) → 1"}, nil, 1},
		{"arm unknown value is never judged", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `"vmSize": "[parameters('userSize')]"`, `"vmSize": "Standard_D2s_v5"`}},
			map[string]string{"PL400": "vmSize: unknown"}, []string{"PL401"}, 0},
		{"arm reordered pools are no change", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `{ "name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5" },
          { "name": "user", "mode": "User", "count": 2, "vmSize": "Standard_D8s_v5", "availabilityZones": ["1", "2"] },`, `{ "name": "user", "mode": "User", "count": 2, "vmSize": "Standard_D8s_v5", "availabilityZones": ["1", "2"] },
          { "name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5" },`}},
			nil, []string{"PL400", "PL401", "PL402", "PL403"}, 0},
		{"arm last System pool switched to User", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `"name": "system", "mode": "System"`, `"name": "system", "mode": "User"`}},
			map[string]string{"PL401": "last System pool"}, nil, 1},
		{"arm upgrade surge: AKS's own example", map[string]string{"aks.json": strings.Replace(armCluster, `{ "name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5" },
          { "name": "user", "mode": "User", "count": 2, "vmSize": "Standard_D8s_v5", "availabilityZones": ["1", "2"] },
          { "name": "batch", "mode": "User", "count": 1, "vmSize": "[parameters('userSize')]" }`, `{ "name": "p1", "mode": "System", "count": 4, "vmSize": "Standard_D4s_v5", "upgradeSettings": { "maxSurge": "50%" } },
          { "name": "p2", "mode": "User", "count": 4, "vmSize": "Standard_D4s_v5", "upgradeSettings": { "maxSurge": "50%" } },
          { "name": "p3", "mode": "User", "count": 4, "vmSize": "Standard_D4s_v5", "upgradeSettings": { "maxSurge": "50%" } },
          { "name": "p4", "mode": "User", "count": 4, "vmSize": "Standard_D4s_v5", "upgradeSettings": { "maxSurge": "50%" } },
          { "name": "p5", "mode": "User", "count": 4, "vmSize": "Standard_D4s_v5", "upgradeSettings": { "maxSurge": "50%" } }`, 1)},
			[]edit{{"aks.json", `"kubernetesVersion": "1.29.4"`, `"kubernetesVersion": "1.30.1"`}},
			map[string]string{"PL403": "needs 10 surge node(s) for the upgrade", "PL400": "kubernetesVersion 1.29.4 → 1.30.1"}, []string{"PL401"}, 0},
		{"arm last System pool removed", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `{ "name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5" },`, ``}},
			map[string]string{"PL401": `removes its last System pool "system"`, "PL400": `pool "system" of cluster "shop" is removed`}, nil, 1},
		{"arm new pool is new capacity", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `"agentPoolProfiles": [`, `"agentPoolProfiles": [
          { "name": "extra", "mode": "User", "count": 4, "vmSize": "Standard_D4s_v5" },`}},
			map[string]string{"PL403": "extra +4 × Standard_D4s_v5 (new pool)", "PL400": `pool "extra" of cluster "shop" is added`}, nil, 0},
		{"arm count over zones unbalanced", map[string]string{"aks.json": armCluster},
			[]edit{{"aks.json", `"count": 2, "vmSize": "Standard_D8s_v5"`, `"count": 3, "vmSize": "Standard_D8s_v5"`}},
			map[string]string{"PL403": "3 nodes over 2 zones"}, []string{"PL401"}, 0},
		{"bicep OS disk size is rejected", map[string]string{"main.bicep": bicepCluster},
			[]edit{{"main.bicep", "osDiskSizeGB: 128", "osDiskSizeGB: 256"}},
			map[string]string{"PL401": "osDiskSizeGB 128 → 256"}, nil, 1},
		{"terraform priority replaces the pool", map[string]string{"main.tf": tfAKS},
			[]edit{{"main.tf", `priority              = "Regular"`, `priority              = "Spot"`}},
			map[string]string{"PL402": `pool "user" of cluster "aks" changes priority Regular → Spot: the pool is destroyed`}, []string{"PL401"}, 0},
		{"terraform default pool resize needs a rotation name", map[string]string{"main.tf": tfAKS},
			[]edit{{"main.tf", `vm_size    = "Standard_D4s_v5"`, `vm_size    = "Standard_D8s_v5"`}},
			map[string]string{"PL401": "temporary_name_for_rotation is not set"}, nil, 1},
		{"terraform default pool resize with a rotation name cycles", map[string]string{"main.tf": tfAKS},
			[]edit{{"main.tf", `vm_size    = "Standard_D4s_v5"`, "vm_size    = \"Standard_D8s_v5\"\n    temporary_name_for_rotation = \"tmp\""}},
			map[string]string{"PL402": `cycles the pool through "tmp"`}, []string{"PL401"}, 0},
		{"terraform default pool type replaces the cluster", map[string]string{"main.tf": tfAKS},
			[]edit{{"main.tf", "node_count = 3", "node_count = 3\n    type = \"VirtualMachineScaleSets\""}, {"main.tf", "node_count = 3\n    type = \"VirtualMachineScaleSets\"", "node_count = 3\n    type = \"AvailabilitySet\""}},
			map[string]string{"PL402": "replaces the whole cluster"}, nil, 1},
		{"terraform moved file is no change", map[string]string{"main.tf": tfAKS},
			[]edit{{"main.tf", "", ""}},
			nil, []string{"PL400", "PL401", "PL402"}, 0},
		{"terraform eks instance types replace the node group", map[string]string{"eks.tf": tfEKS},
			[]edit{{"eks.tf", `instance_types  = ["m6i.large"]`, `instance_types  = ["m6i.xlarge"]`}},
			map[string]string{"PL402": "instanceTypes m6i.large → m6i.xlarge"}, nil, 0},
		{"terraform eks scaling is in place", map[string]string{"eks.tf": tfEKS},
			[]edit{{"eks.tf", "desired_size = 2", "desired_size = 3"}},
			map[string]string{"PL400": "count 2 → 3 (in place)"}, []string{"PL402"}, 0},
		{"eksctl instance type is not applied", map[string]string{"eksctl.yaml": eksctlCfg},
			[]edit{{"eksctl.yaml", "instanceType: m6i.large", "instanceType: m6i.xlarge"}},
			map[string]string{"PL402": "eksctl does not apply"}, nil, 0},
		{"eksctl scaling is applied", map[string]string{"eksctl.yaml": eksctlCfg},
			[]edit{{"eksctl.yaml", "maxSize: 3", "maxSize: 5"}},
			map[string]string{"PL400": "maxCount 3 → 5 (in place)"}, []string{"PL402"}, 0},
		{"karpenter nodeClassRef kind is rejected", map[string]string{"nodepool.yaml": karpenterPool},
			[]edit{{"nodepool.yaml", "kind: EC2NodeClass", "kind: OtherNodeClass"}},
			map[string]string{"PL401": "nodeClassKind EC2NodeClass → OtherNodeClass"}, nil, 1},
		{"karpenter static to dynamic is rejected", map[string]string{"nodepool.yaml": karpenterPool},
			[]edit{{"nodepool.yaml", "spec:\n  template:", "spec:\n  replicas: 3\n  template:"}},
			map[string]string{"PL401": "replicas (unset) → 3"}, nil, 1},
		{"capz sku is rejected", map[string]string{"capz.yaml": capzPools},
			[]edit{{"capz.yaml", "sku: Standard_D4s_v5", "sku: Standard_D8s_v5"}},
			map[string]string{"PL401": "vmSize Standard_D4s_v5 → Standard_D8s_v5"}, nil, 1},
		{"capa capacity type is rejected", map[string]string{"capa.yaml": capaPools},
			[]edit{{"capa.yaml", "capacityType: onDemand", "capacityType: spot"}},
			map[string]string{"PL401": "priority Regular → Spot"}, nil, 1},
		{"aso vmSize is rejected", map[string]string{"aso.yaml": asoPool},
			[]edit{{"aso.yaml", "  count: 2\n  vmSize: Standard_D4s_v5", "  count: 2\n  vmSize: Standard_D2s_v5"}},
			map[string]string{"PL401": `pool "apps"`}, nil, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepo(t, tc.files)
			for _, e := range tc.edits {
				if e.old == "" {
					// A move: the file goes to a new directory unchanged.
					if err := os.MkdirAll(filepath.Join(dir, "moved"), 0o755); err != nil {
						t.Fatal(err)
					}
					gitIn(t, dir, "mv", e.file, "moved/"+e.file)
					continue
				}
				p := filepath.Join(dir, e.file)
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(data), e.old) {
					t.Fatalf("edit: %q not in %s", e.old, e.file)
				}
				writeFiles(t, dir, map[string]string{e.file: strings.Replace(string(data), e.old, e.new, 1)})
			}
			code, fs, errOut := runDiff(t, dir)
			byRule := map[string][]string{}
			for _, f := range fs {
				byRule[f.RuleID] = append(byRule[f.RuleID], f.Message)
			}
			for rule, sub := range tc.want {
				found := false
				for _, m := range byRule[rule] {
					found = found || strings.Contains(m, sub)
				}
				if !found {
					t.Errorf("no %s finding containing %q; got %v\n%s", rule, sub, byRule, errOut)
				}
			}
			for _, rule := range tc.absent {
				if len(byRule[rule]) > 0 {
					t.Errorf("%s fired: %v", rule, byRule[rule])
				}
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d; findings %v\n%s", code, tc.code, byRule, errOut)
			}
		})
	}
}

// TestDiffRelatedOldLine: a changed setting's finding points at the new
// line, with the base's line as a related location.
func TestDiffRelatedOldLine(t *testing.T) {
	dir := gitRepo(t, map[string]string{"main.tf": tfAKS})
	writeFiles(t, dir, map[string]string{"main.tf": "# moved down\n\n" + strings.Replace(tfAKS, `priority              = "Regular"`, `priority              = "Spot"`, 1)})
	_, fs, _ := runDiff(t, dir)
	for _, f := range fs {
		if f.RuleID != "PL402" {
			continue
		}
		if f.Pos.Line != 18 || len(f.Related) == 0 || f.Related[0].Line != 16 {
			t.Errorf("PL402 at line %d related %+v; want line 18 with the base's line 16", f.Pos.Line, f.Related)
		}
		return
	}
	t.Errorf("no PL402 finding: %+v", fs)
}

// TestDiffBadBase: a ref that does not exist is an error naming it, exit 2.
func TestDiffBadBase(t *testing.T) {
	dir := gitRepo(t, map[string]string{"main.tf": tfAKS})
	code, out, _ := poollint(t, "diff", "--base", "no-such-ref", dir)
	if code != 2 || !strings.Contains(out, `"no-such-ref" not found`) {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, _, errOut := poollint(t, "diff", "--base", "--upload-pack=x", dir)
	if code != 2 {
		t.Errorf("a ref starting with - : exit %d\n%s", code, errOut)
	}
}

// TestScanChangedSinceJudgesChanges: scan --changed-since reports the
// change rules' findings with the tree's own.
func TestScanChangedSinceJudgesChanges(t *testing.T) {
	dir := gitRepo(t, map[string]string{"aks.json": armCluster})
	writeFiles(t, dir, map[string]string{"aks.json": strings.Replace(armCluster, `"count": 3, "vmSize": "Standard_D4s_v5"`, `"count": 3, "vmSize": "Standard_D2s_v5"`, 1)})
	t.Chdir(dir)
	code, out, errOut := poollint(t, "scan", "--changed-since", "HEAD", ".")
	if code != 1 || !strings.Contains(out, "(PL401 change-rejected)") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}

// TestGitIgnoredNotScanned: what .gitignore names (a .terragrunt-cache copy
// of a module) is not scanned, and the summary says how much was skipped; a
// file git tracks is scanned even if a pattern names it.
func TestGitIgnoredNotScanned(t *testing.T) {
	bad := strings.Replace(armCluster, `"mode": "System"`, `"mode": "System", "scaleSetPriority": "Spot"`, 1)
	dir := gitRepo(t, map[string]string{".gitignore": ".terragrunt-cache/\n*.local.json\n", "tracked.local.json": bad})
	gitIn(t, dir, "add", "-f", "tracked.local.json")
	gitIn(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "tracked")
	writeFiles(t, dir, map[string]string{".terragrunt-cache/x/aks.json": bad, "copy.local.json": bad})
	t.Chdir(dir)
	code, out, errOut := poollint(t, "scan", ".")
	if code != 1 || strings.Contains(out, "terragrunt") || strings.Contains(out, "copy.local.json") ||
		!strings.Contains(out, "tracked.local.json") || !strings.Contains(out, ".gitignore skipped 2 paths") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}

// TestDiffSchemaSettings: settings outside the common model are judged
// from the pool's schema: FIPS on an AKS pool (rejected), host encryption in
// azurerm (cycles the pool), the node role of an EKS node group
// (replaced); an in-place detail is not listed.
func TestDiffSchemaSettings(t *testing.T) {
	cases := []struct {
		name, file, before, old, new, rule, sub string
	}{
		{"aks fips", "aks.json", armCluster, `"count": 3, "vmSize": "Standard_D4s_v5"`, `"count": 3, "vmSize": "Standard_D4s_v5", "enableFIPS": true`, "PL401", "enablefips (unset) → true"},
		{"azurerm host encryption", "main.tf", tfAKS, `priority              = "Regular"`, "priority              = \"Regular\"\n  host_encryption_enabled = true", "PL401", "host_encryption_enabled (unset) → true, which cycles the pool"},
		{"eks node role", "eks.tf", tfEKS, `node_role_arn   = "arn:aws:iam::123456789012:role/node"`, `node_role_arn   = "arn:aws:iam::123456789012:role/other"`, "PL402", "node_role_arn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepo(t, map[string]string{tc.file: tc.before})
			writeFiles(t, dir, map[string]string{tc.file: strings.Replace(tc.before, tc.old, tc.new, 1)})
			_, fs, errOut := runDiff(t, dir)
			for _, f := range fs {
				if f.RuleID == tc.rule && strings.Contains(f.Message, tc.sub) {
					return
				}
			}
			t.Errorf("no %s containing %q: %+v\n%s", tc.rule, tc.sub, fs, errOut)
		})
	}
	// Labels change in place on every format: no rejected or replaced.
	dir := gitRepo(t, map[string]string{"aks.json": armCluster})
	writeFiles(t, dir, map[string]string{"aks.json": strings.Replace(armCluster, `"count": 3, "vmSize": "Standard_D4s_v5"`, `"count": 3, "vmSize": "Standard_D4s_v5", "nodeLabels": {"team": "a"}`, 1)})
	_, fs, _ := runDiff(t, dir)
	for _, f := range fs {
		if f.RuleID == "PL401" || f.RuleID == "PL402" || (f.RuleID == "PL400" && strings.Contains(f.Message, "nodelabels")) {
			t.Errorf("labels: %s %s", f.RuleID, f.Message)
		}
	}
}

// TestDiffMarkdown: the markdown report (the Action's job summary) has one
// table of the pools a change touches, with the effect of each.
func TestDiffMarkdown(t *testing.T) {
	dir := gitRepo(t, map[string]string{"aks.json": armCluster})
	writeFiles(t, dir, map[string]string{"aks.json": strings.NewReplacer(
		`"count": 2, "vmSize": "Standard_D8s_v5"`, `"count": 2, "vmSize": "Standard_D16s_v5"`,
		`"count": 3, "vmSize": "Standard_D4s_v5"`, `"count": 5, "vmSize": "Standard_D4s_v5"`,
		`"kubernetesVersion": "1.29.4"`, `"kubernetesVersion": "1.30.1"`).Replace(armCluster)})
	_, out, errOut := poollint(t, "diff", "--base", "HEAD", "--format", "markdown", dir)
	for _, want := range []string{"#### Node pool changes", "| user |", "| rejected |", "| system |", "| in place |", "**Surge capacity**"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s%s", want, out, errOut)
		}
	}
}

// TestDiffQuota: quota: in .poollint.yaml (vCPUs by VM family) turns the
// surge note into a warning when a family's vCPUs plus the surge exceed it.
func TestDiffQuota(t *testing.T) {
	dir := gitRepo(t, map[string]string{"aks.json": armCluster, ".poollint.yaml": "quota:\n  standardDSv5Family: 30\n"})
	writeFiles(t, dir, map[string]string{"aks.json": strings.Replace(armCluster, `"kubernetesVersion": "1.29.4"`, `"kubernetesVersion": "1.30.1"`, 1)})
	_, fs, errOut := runDiff(t, dir)
	for _, f := range fs {
		if f.RuleID == "PL403" {
			if f.Severity != "warning" || !strings.Contains(f.Message, "standardDSv5Family: 28 vCPUs in use plus 12 exceed its quota of 30") {
				t.Errorf("PL403 %s: %s", f.Severity, f.Message)
			}
			return
		}
	}
	t.Errorf("no PL403: %+v\n%s", fs, errOut)
}

// TestDiffSubnetDuringRollout: an upgrade whose surge nodes do not fit the
// node subnet (classic Azure CNI: each node takes maxPods + 1 addresses)
// makes the surge finding a warning naming the subnet.
func TestDiffSubnetDuringRollout(t *testing.T) {
	const tf = `resource "azurerm_subnet" "nodes" {
  name             = "nodes"
  address_prefixes = ["10.0.0.0/27"]
}

resource "azurerm_kubernetes_cluster" "aks" {
  name               = "aks"
  kubernetes_version = "1.29.4"
  network_profile {
    network_plugin = "azure"
  }
  default_node_pool {
    name           = "system"
    vm_size        = "Standard_D4s_v5"
    node_count     = 2
    max_pods       = 10
    vnet_subnet_id = azurerm_subnet.nodes.id
  }
}
`
	dir := gitRepo(t, map[string]string{"main.tf": tf})
	writeFiles(t, dir, map[string]string{"main.tf": strings.Replace(tf, `"1.29.4"`, `"1.30.1"`, 1)})
	_, fs, errOut := runDiff(t, dir)
	for _, f := range fs {
		if f.RuleID == "PL403" {
			if f.Severity != "warning" || !strings.Contains(f.Message, "subnet 10.0.0.0/27 needs 33 addresses during the rollout but has 27 usable") {
				t.Errorf("PL403 %s: %s", f.Severity, f.Message)
			}
			return
		}
	}
	t.Errorf("no PL403: %+v\n%s", fs, errOut)
}

// TestPresetVisible: the preset a run turned on is named in the text
// summary and in SARIF's invocation properties.
func TestPresetVisible(t *testing.T) {
	_, out, _ := poollint(t, "scan", "--preset", "recommended", "../../fixtures/arm/clean.json")
	if !strings.Contains(out, "settings: preset recommended") {
		t.Errorf("text:\n%s", out)
	}
	_, sarif, _ := poollint(t, "scan", "--preset", "recommended", "--format", "sarif", "../../fixtures/arm/clean.json")
	if !strings.Contains(sarif, `"presets": [`) || !strings.Contains(sarif, `"recommended"`) {
		t.Errorf("SARIF has no presets property")
	}
}
