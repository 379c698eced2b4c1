package scan

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

const corpusDir = "../../shared/corpus"

// corpus returns the shared corpus path, or skips when this clone has none.
func corpus(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(corpusDir + "/MANIFEST.tsv"); err != nil {
		t.Skipf("shared corpus not available (%v): ../shared is absent in this clone", err)
	}
	return corpusDir
}

// TestCorpusScan scans the whole shared corpus: nothing may crash, and the
// pool counts of hand-checked files must match.
func TestCorpusScan(t *testing.T) {
	dir := corpus(t)
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	for _, d := range res.Diags {
		if d.Level != parsers.LevelError {
			continue
		}
		if strings.Contains(d.Message, "internal error") || strings.Contains(d.Message, "panicked") {
			t.Errorf("crash: %s: %s", d.Pos, d.Message)
		} else {
			// Every corpus file deployed as published: none may be unreadable.
			t.Errorf("could not parse: %s: %s", d.Pos, d.Message)
		}
	}
	if res.Files < 20 {
		t.Errorf("only %d corpus files were parsed", res.Files)
	}
	pools := map[string]int{}
	for _, c := range res.Clusters {
		file := strings.TrimPrefix(c.Pos.File, dir+"/")
		pools[file] += len(c.Pools)
	}
	// Counted by hand from the files: inline agentPoolProfiles plus
	// managedClusters/agentPools resources.
	want := map[string]int{
		"Azure-Samples__private-aks-cluster/templates/one-node-pool/azuredeploy.json":                   1,
		"Azure-Samples__private-aks-cluster/templates/two-node-pools/azuredeploy.json":                  2,
		"Azure__AKS/examples/vnet/02-aks-custom-vnet.json":                                              1,
		"Azure__azure-quickstart-templates/quickstarts/microsoft.kubernetes/aks/azuredeploy.json":       1,
		"microsoft__PSRule.Rules.Azure/tests/PSRule.Rules.Azure.Tests/Resources.AKS.Template.json":      5,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEphemeralOSDisks/fail.json":         1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEncryptionAtHostEnabled/passA.json": 1,
		// The agentPools module read on its own (parameters unknown) is
		// dropped: the e2e tests and the parent module call it, and their
		// readings carry the real values (to the clusters they belong to).
		"Azure__bicep-registry-modules/avm/res/container-service/managed-cluster/agent-pool/main.bicep":                        0,
		"Azure__azure-quickstart-templates/quickstarts/microsoft.kubernetes/aks-vmss-systemassigned-identity/azuredeploy.json": 1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEncryptionAtHostEnabled/fail1.json":                        1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEncryptionAtHostEnabled/pass.json":                         1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSPoolTypeIsScaleSet/fail.json":                              1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSUpgradeChannel/pass.json":                                  1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSRbacEnabled/aksEnableRbac-FAILED.json":                     1,
		// Bicep modules compiled into samples/*.json and reported in the
		// module's own file: SystemPresetExample's System pool (union()
		// over a preset map) plus its agentPools child; peered-vnet's
		// grid cluster (its System pool concat(array(union(base,
		// presets[type]))) with a subnet from another deployment's
		// outputs, plus its user pool) and app cluster (one pool); and
		// stage2-aks.bicep's call (no compiled JSON: translated), System
		// and user pool; and peered-vnet's three aksagentpool.bicep
		// module calls, whose cluster is the grid cluster's deployment
		// output (reference(…).outputs.aksClusterName): they belong to
		// that cluster, declared here.
		"Azure__AKS-Construction/bicep/main.bicep":         10,
		"Azure__AKS-Construction/bicep/aksagentpool.bicep": 0,
		// languageVersion 2.0, nested deployments: one system pool, at the
		// registry module's call in main.bicep.
		"Azure__bicep-registry-modules/avm/ptn/azd/aks-automatic-cluster/main.bicep": 1,
		// The e2e max test deploys the module twice (init, idem), each
		// with its systemPoolConfig pool and its agentPoolConfig pool,
		// read through poollint's model of the managed-cluster 0.11.0
		// registry module the pattern calls (reported in the module's
		// own file, where it passes them on); the module read on its own
		// is dropped for its callers, as above. (Its compiled main.json
		// alone gives one pool: systemPoolConfig is nullable without a
		// default, so the Standard preset builds the System pool.)
		"Azure__bicep-registry-modules/avm/ptn/azd/aks/main.bicep": 4,
		// AVM managed-cluster 0.9.0 from the public registry, read
		// through poollint's model of that version: one System pool.
		"Azure-Samples__aks-store-demo/infra/bicep/kubernetes.bicep": 1,
	}
	for file, n := range want {
		if pools[file] != n {
			t.Errorf("%s: %d pools, want %d", file, pools[file], n)
		}
	}
}

// TestCorpusTerraform scans Terraform configurations of the corpus one
// directory at a time and compares the pools found with counts checked by
// hand in the files.
func TestCorpusTerraform(t *testing.T) {
	dir := corpus(t)
	engine := newEngine(t)
	want := map[string]int{
		// default_node_pool + one azurerm_kubernetes_cluster_node_pool
		"hashicorp__terraform-provider-azurerm/examples/kubernetes/spot-node-pool":                2,
		"hashicorp__terraform-provider-azurerm/examples/kubernetes/network-policy-calico":         2,
		"hashicorp__terraform-provider-azurerm/examples/kubernetes/nodes-on-internal-network":     2,
		"Azure__AKS/examples/kueue-and-ray-on-aks/1-infrastructure/terraform":                     2,
		"Azure__terraform/quickstart/101-aks-cluster-windows":                                     2,
		"Azure__terraform/quickstart/301-aks-enterprise":                                          1, // azurerm < 2.0 agent_pool_profile
		"bridgecrewio__checkov/tests/terraform/checks/resource/azure/example_AKSEphemeralOSDisks": 3, // three clusters
		"Azure__terraform/quickstart/201-aks-clusters-fleet-manager-azapi":                        3, // count = 3 clusters
		"hmcts__aks-module-kubernetes":                                                            1, // for_each over an empty default
		// the root module called as "../..", with node_pools built by a for
		// expression over range(3): three for_each pools plus the default pool
		"Azure__terraform-azurerm-aks/examples/multiple_node_pools": 4,
		// three aws_eks_node_group resources whose cluster is defined elsewhere
		"aws-samples__eks-workshop-v2/manifests/modules/troubleshooting/workernodes/.workshop/terraform": 3,
		// terraform-aws-modules/eks/aws read without a download (registry
		// calls, not installed): the eks_managed_node_groups and
		// self_managed_node_groups entries, counted in the calls.
		"aws-samples__eks-workshop-v2/cluster/terraform":                            1, // v21: default
		"aws-samples__karpenter-blueprints/cluster/terraform":                       1, // v21: mng
		"aws-samples__karpenter-blueprints/cluster/automode":                        0, // 20.31.0, Auto Mode: eks_managed_node_groups = {}
		"terraform-aws-modules__terraform-aws-eks/examples/eks-managed-node-group":  2, // two v21 calls, one group each
		"terraform-aws-modules__terraform-aws-eks/examples/self-managed-node-group": 1,
		// the module's own source called as "../..": nine groups through
		// its eks_managed_node_group submodule (they were unknown: each.value
		// lacked the optional() attributes, count used var. under for_each)
		// plus the submodule called on its own
		"terraform-aws-modules__terraform-aws-eks/tests/eks-managed-node-group": 10,
		// one group, plus examples/karpenter/karpenter.yaml's NodePool
		"terraform-aws-modules__terraform-aws-eks/examples/karpenter": 2,
		// two calls of the node group module ("../../", count unknown: a
		// pool standing for its instances); they were dropped as unlinked
		"cloudposse__terraform-aws-eks-node-group/examples/complete": 2,
		// self-managed node groups: the module's own source called as
		// "../..", six self_managed_node_groups entries read through the
		// autoscaling groups of its self-managed-node-group submodule
		// (linked by their kubernetes.io/cluster tag), and the submodule
		// read on its own (its cluster name unknown)
		"terraform-aws-modules__terraform-aws-eks/tests/self-managed-node-group":   6,
		"terraform-aws-modules__terraform-aws-eks/modules/self-managed-node-group": 1,
		// azapi_resource: the cluster's agentPoolProfiles in body, spelled
		// like the ARM resource
		"Azure__terraform/quickstart/101-aks-extended-zones":  1,
		"Azure__terraform/quickstart/101-aks-automatic-azapi": 0, // Automatic SKU: no profile written
		// the AVM module's own source (azapi) called as "../..": the
		// agent_pools entries, read through its agentpool submodule's
		// agentPools children. The default pool is in the cluster's body,
		// built from a module output (not evaluated): the cluster's pools
		// are unknown beyond those.
		"Azure__terraform-azurerm-avm-res-containerservice-managedcluster/examples/create-before-destroy": 2,
		"Azure__terraform-azurerm-avm-res-containerservice-managedcluster/examples/private":               1,
		"Azure__terraform-azurerm-avm-res-containerservice-managedcluster/examples/stateful-workloads":    1,
		"Azure__terraform-azurerm-avm-res-containerservice-managedcluster/examples/waf-aligned":           1,
		"Azure__terraform-azurerm-avm-res-containerservice-managedcluster/examples/default":               0,
	}
	assertPoolCounts(t, engine, dir, want)
}

// capz is the corpus's Cluster API Provider Azure clone.
const capz = "kubernetes-sigs__cluster-api-provider-azure/"

// TestCorpusYAML checks hand-counted pools in YAML manifests and
// CloudFormation of the corpus, across the families.
func TestCorpusYAML(t *testing.T) {
	dir := corpus(t)
	engine := newEngine(t)
	want := map[string]int{
		"eksctl-io__eksctl/examples/01-simple-cluster.yaml":                       1,
		"eksctl-io__eksctl/examples/07-ssh-keys.yaml":                             7,
		"eksctl-io__eksctl/examples/26-managed-nodegroup-spot-instances.yaml":     3,
		"eksctl-io__eksctl/examples/34-taints.yaml":                               4,
		"aws-samples__karpenter-blueprints/blueprints/od-spot-split/od-spot.yaml": 2,
		"Azure__karpenter-provider-azure/examples/v1/perftest.yaml":               2,
		"aws__karpenter-provider-aws/examples/v1/spot.yaml":                       1,
		// two AzureManagedMachinePools tied to the cluster through MachinePools
		"kubernetes-sigs__cluster-api-provider-azure/templates/cluster-template-aks.yaml": 2,
		// Cluster API (CAPZ), counted by hand: one pool per infrastructure
		// machine pool (with its MachinePool), per ClusterClass worker class
		// whose template is in the file, per machine pool template no class
		// in reach uses.
		capz + "templates/cluster-template-aks-aso.yaml":                                    2, // AzureASOManagedMachinePool x2
		capz + "templates/cluster-template-aks-aso-maintenance.yaml":                        2,
		capz + "templates/cluster-template-aks-clusterclass.yaml":                           2, // machinePools classes default-system, default-worker
		capz + "templates/cluster-template-aks-aso-clusterclass.yaml":                       2,
		capz + "templates/cluster-template-machinepool.yaml":                                1, // AzureMachinePool (kubeadm); the control plane's AzureMachineTemplate is no pool
		capz + "templates/cluster-template-machinepool-windows.yaml":                        2,
		capz + "templates/flavors/aks/cluster-template.yaml":                                2,
		capz + "templates/flavors/aks-aso/cluster-template.yaml":                            2,
		capz + "templates/flavors/machinepool/machine-pool-deployment.yaml":                 1,
		capz + "templates/flavors/machinepool-windows/machine-pool-deployment-windows.yaml": 1,
		// clusterclass.yaml refers to the templates of the other file by
		// placeholder names and no kustomization composes them here: the
		// two templates are the pools, the class none.
		capz + "templates/flavors/aks-clusterclass":                             2,
		capz + "templates/flavors/aks-aso-clusterclass":                         2,
		capz + "templates/test/ci/cluster-template-prow-aks.yaml":               3,
		capz + "templates/test/ci/cluster-template-prow-aks-aso.yaml":           3,
		capz + "templates/test/ci/cluster-template-prow-aks-aso-kuberay.yaml":   2,
		capz + "templates/test/ci/cluster-template-prow-aks-clusterclass.yaml":  2,
		capz + "templates/test/ci/cluster-template-prow-machine-pool-flex.yaml": 1,
		// kustomize patches: one AzureManagedMachinePool (or template) each
		capz + "templates/test/ci/prow-aks/patches":                                          3,
		capz + "templates/test/ci/prow-aks-aso/patches/aks-pool2.yaml":                       1,
		capz + "templates/test/ci/prow-aks-clusterclass/patches/aks-clusterclass-pool1.yaml": 1,
		// a MachinePool patch without an infrastructure reference declares no pool
		capz + "templates/test/ci/prow-machine-pool-ci-version-multi-zone/patches/machine-pool-multi-zone.yaml": 0,
		capz + "test/e2e/data/infrastructure-azure/v1.25.1/cluster-template-aks.yaml":                           3, // ASO kinds in v1alpha1
		capz + "test/e2e/data/infrastructure-azure/v1beta1/bases/mp.yaml":                                       1,
		capz + "templates": 39, // every template above, and no pool counted twice
		// a ManagedCluster with one inline pool and a ManagedClustersAgentPool
		// in another file of the directory, joined through spec.owner
		"Azure__azure-service-operator/v2/samples/containerservice/v1api20240901": 2,
		"aws-cloudformation__aws-cloudformation-templates/EKS/template.yaml":      1,
		// the quick start's ManagedNodeGroup (AWS::EKS::Nodegroup) and
		// UnmanagedASG (an autoscaling group tagged kubernetes.io/cluster/…),
		// each under its own Condition; eksctl's generated stack for a
		// self-managed node group
		"aws-quickstart__quickstart-amazon-eks-nodegroup/templates/amazon-eks-nodegroup.template.yaml":                                        2,
		"eksctl-io__eksctl/pkg/cfn/builder/testdata/nodegroup_access_entry/1.json":                                                            1,
		"bridgecrewio__checkov/tests/cloudformation/checks/resource/aws/example_EKSNodeGroupRemoteAccess/EKSNodeGroupRemoteAccess-PASSED.yml": 2,
	}
	assertPoolCounts(t, engine, dir, want)
}

// TestCorpusErrorFindings pins every error-level finding on the corpus. All
// are real and on inputs written to be wrong (negative test data of other
// linters and of eksctl); any new one must be reviewed: a false positive on
// a template that deploys is the worst defect a linter can have.
func TestCorpusErrorFindings(t *testing.T) {
	dir := corpus(t)
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	var got []string
	for _, f := range res.Findings {
		if f.Severity == rules.Error {
			got = append(got, fmt.Sprintf("%s:%d %s", strings.TrimPrefix(f.Pos.File, dir+"/"), f.Pos.Line, f.RuleID))
		}
	}
	want := []string{
		// AVM's waf-aligned e2e test (tests/e2e/waf-aligned/main.test.bicep,
		// no compiled JSON, read through poollint's own translation) gives
		// autoscaled pools count 1 or 2 with minCount 3; reported at the
		// module lines that set count, with the test's call as related.
		"Azure__bicep-registry-modules/avm/res/container-service/managed-cluster/agent-pool/main.bicep:201 PL007",
		"Azure__bicep-registry-modules/avm/res/container-service/managed-cluster/agent-pool/main.bicep:201 PL007",
		"Azure__bicep-registry-modules/avm/res/container-service/managed-cluster/main.bicep:419 PL007",
		// a 2019 quickstart (azurerm < 2.0) with a Standard_D1_v2 System pool:
		// 1 vCPU and 3.5 GiB, below what AKS accepts for System pools today
		"Azure__terraform/quickstart/301-aks-enterprise/aks.tf:11 PL032",
		// a Karpenter blueprint's EC2NodeClass selects AMIs by id with no
		// alias and no amiFamily, which the CRD's CEL rule requires
		"aws-samples__karpenter-blueprints/blueprints/update-nodes-with-drift/latest-current-ami.yaml:7 PL102",
		// Karpenter's own example puts the API version in nodeClassRef.group
		// (karpenter.k8s.aws/v1): the CRD's pattern ^[^/]*$ rejects it
		"aws__karpenter-provider-aws/examples/v1/windows-custom-userdata.yaml:32 PL102",
		// data-on-eks's v1 NodePool keeps the v1beta1 spec.template.spec.kubelet
		// (eviction thresholds): the v1 CRD has no such field, so kubectl's
		// strict field validation refuses it and other clients drop it, and
		// the thresholds never reach the nodes (v1 reads them from the
		// EC2NodeClass's spec.kubelet)
		"awslabs__data-on-eks/infra/terraform/manifests/karpenter/nodepool-local-provisioner.yaml:23 PL102",
		// checkov ARM test inputs: pool names AKS rejects (uppercase, too long)
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEncryptionAtHostEnabled/passA.json:8 PL014",
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSMaxPodsMinimum/properties_with_maxPods_pass1.json:73 PL014",
		// eksctl's example: a custom AMI on AmazonLinux2 without the
		// overrideBootstrapCommand ValidateNodeGroup requires
		"eksctl-io__eksctl/examples/05-advanced-nodegroups.yaml:17 PL101",
		// eksctl's own loader test data: a managed group with
		// containerRuntime, an unknown field to its strict decoding
		"eksctl-io__eksctl/pkg/ctl/cmdutils/test_data/managed-nodegroup-with-container-runtime.yaml:14 PL101",
		// eksctl's own validation test data: ng-with-wrong-min/max/desired
		"eksctl-io__eksctl/pkg/ctl/cmdutils/test_data/scale-ng-test.yaml:25 PL007",
		"eksctl-io__eksctl/pkg/ctl/cmdutils/test_data/scale-ng-test.yaml:31 PL007",
		"eksctl-io__eksctl/pkg/ctl/cmdutils/test_data/scale-ng-test.yaml:34 PL007",
		// PSRule's deliberately non-compliant AKS template
		"microsoft__PSRule.Rules.Azure/tests/PSRule.Rules.Azure.Tests/Resources.AKS.Template.json:106 PL019",
		"microsoft__PSRule.Rules.Azure/tests/PSRule.Rules.Azure.Tests/Resources.AKS.Template.json:107 PL012",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("error-level findings on the corpus:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// assertPoolCounts scans each path below dir on its own and compares the
// pools found with the hand-counted number; no file may fail to parse.
func assertPoolCounts(t *testing.T, engine *rules.Engine, dir string, want map[string]int) {
	t.Helper()
	for sub, n := range want {
		// Each sub-path is scanned as a user in a clone of that repository
		// would: the repository is the root modules are read from.
		root := dir + "/" + strings.SplitN(sub, "/", 2)[0]
		res := Run(context.Background(), engine, Options{Paths: []string{dir + "/" + sub}, Root: root})
		got := 0
		for _, c := range res.Clusters {
			got += len(c.Pools)
		}
		if got != n {
			t.Errorf("%s: %d pools, want %d", sub, got, n)
		}
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError {
				t.Errorf("%s: %s: %s", sub, d.Pos, d.Message)
			}
		}
	}
}

// TestCorpusBicepPositions checks the clusters read from corpus .bicep files
// through their compiled templates: every position is a line of a .bicep
// file, and nearly all are the line of the property itself rather than the
// file's first line (what is left are values the source does not spell
// out, such as compiler-added names).
func TestCorpusBicepPositions(t *testing.T) {
	dir := corpus(t)
	res := Load(context.Background(), Options{Paths: []string{dir}})
	lines := map[string]int{}
	total, fallback, clusters := 0, 0, 0
	for _, c := range res.Clusters {
		if c.Format != "bicep" {
			continue
		}
		clusters++
		nodepool.RewritePositions(c, func(p nodepool.Pos) nodepool.Pos {
			if p.File == "" {
				return p // a value with no source (a default)
			}
			total++
			if !strings.HasSuffix(p.File, ".bicep") {
				t.Errorf("cluster %s: position %s is not in a .bicep file", c.ID, p)
				return p
			}
			if _, ok := lines[p.File]; !ok {
				data, err := os.ReadFile(p.File)
				if err != nil {
					t.Fatal(err)
				}
				lines[p.File] = strings.Count(string(data), "\n") + 1
			}
			if p.Line < 1 || p.Line > lines[p.File] {
				t.Errorf("cluster %s: position %s is past the end of the file", c.ID, p)
			}
			if p.Line == 1 && p.Col == 1 {
				fallback++
			}
			return p
		})
	}
	t.Logf("%d clusters, %d positions, %d at the file's first line", clusters, total, fallback)
	if clusters < 8 || total < 100 {
		t.Errorf("only %d Bicep clusters with %d positions", clusters, total)
	}
	if fallback*20 > total {
		t.Errorf("%d of %d positions fell back to the first line", fallback, total)
	}
}

// TestCorpusCAPITemplatesApart scans CAPZ's templates as a user would: its
// clusterctl templates all name their cluster ${CLUSTER_NAME}, and each is
// a cluster of its own (they were merged into one cluster per directory):
// no cluster holds pools of two files.
func TestCorpusCAPITemplatesApart(t *testing.T) {
	dir := corpus(t)
	root := dir + "/" + capz
	res := Load(context.Background(), Options{Paths: []string{root + "templates"}, Root: root})
	clusters := 0
	for _, c := range res.Clusters {
		if c.Format != "cluster-api" {
			continue
		}
		clusters++
		for _, p := range c.Pools {
			if p.Pos.File != c.Pools[0].Pos.File {
				t.Errorf("cluster %s (%s) holds pools of %s and %s", c.ID, c.Pos.File, c.Pools[0].Pos.File, p.Pos.File)
			}
		}
	}
	if clusters < 20 {
		t.Errorf("%d Cluster API clusters in CAPZ's templates, want one per template with pools (23)", clusters)
	}
}
