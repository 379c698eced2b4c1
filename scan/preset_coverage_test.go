package scan

import (
	"context"
	"strings"
	"testing"

	"github.com/poollint/poollint/rules"
)

// toolVerdict is one node pool of the corpus that Checkov or PSRule for
// Azure judges with one of its node-pool checks, as that tool's own tests
// expect (Checkov 03d5fda: tests/{arm,terraform,cloudformation}/checks/
// resource/test_*.py and tests/terraform/runner/test_plan_runner.py; PSRule
// for Azure 6caa9cb: tests/PSRule.Rules.Azure.Tests/Azure.AKS.Tests.ps1,
// context "With Template").
type toolVerdict struct {
	file  string   // under the corpus
	pool  string   // the pool's ID in poollint's model
	check string   // the tool's check or rule
	rules []string // poollint's rules that judge the same thing
	fails bool     // the tool fails the pool
	// why says, for a failing pool poollint does not flag, why the tool's
	// verdict does not hold on the platform (its default differs from the
	// one the tool assumes) or cannot be judged offline.
	why string
}

const (
	ckvTF  = "bridgecrewio__checkov/tests/terraform/checks/resource/azure/"
	ckvARM = "bridgecrewio__checkov/tests/arm/checks/resource/"
	ckvCFN = "bridgecrewio__checkov/tests/cloudformation/checks/resource/aws/example_EKSNodeGroupRemoteAccess/"
	psrAKS = "microsoft__PSRule.Rules.Azure/tests/PSRule.Rules.Azure.Tests/Resources.AKS.Template.json"
)

func fail(file, pool, check string, rules ...string) toolVerdict {
	return toolVerdict{file: file, pool: pool, check: check, rules: rules, fails: true}
}

func pass(file, pool, check string, rules ...string) toolVerdict {
	return toolVerdict{file: file, pool: pool, check: check, rules: rules}
}

func (v toolVerdict) because(why string) toolVerdict { v.why = why; return v }

// toolVerdicts is the hand table: every pool the tools fail or pass with a
// node-pool check, in the corpus copies of their tests. Checkov's
// cluster-level checks (RBAC, API server ranges, upgrade channel, logging)
// judge no pool and are left out, as are test files not in the corpus
// (Checkov's ARM fail2.json, failA1/failA2, the ARM MaxPods fail/fail2/
// fail4 files) and AKSOnlyCriticalPodsOnSystemNodes' fail3 and fail4,
// clusters without a default_node_pool: no pool to flag (azurerm requires
// the block).
var toolVerdicts = []toolVerdict{
	// CKV_AZURE_169 AKSPoolTypeIsScaleSet: default_node_pool type AvailabilitySet.
	fail(ckvTF+"example_AKSPoolTypeIsScaleSet/main.tf", "azurerm_kubernetes_cluster.fail.default_node_pool", "CKV_AZURE_169", "PL312"),
	pass(ckvTF+"example_AKSPoolTypeIsScaleSet/main.tf", "azurerm_kubernetes_cluster.pass.default_node_pool", "CKV_AZURE_169", "PL312"),
	pass(ckvTF+"example_AKSPoolTypeIsScaleSet/main.tf", "azurerm_kubernetes_cluster.pass2.default_node_pool", "CKV_AZURE_169", "PL312"),
	fail(ckvARM+"example_AKSPoolTypeIsScaleSet/fail.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_169", "PL312"),
	pass(ckvARM+"example_AKSPoolTypeIsScaleSet/pass1.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_169", "PL312"),

	// CKV_AZURE_232 AKSOnlyCriticalPodsOnSystemNodes: only_critical_addons_enabled unset or false.
	fail(ckvTF+"example_AKSOnlyCriticalPodsOnSystemNodes/main.tf", "azurerm_kubernetes_cluster.fail1.default_node_pool", "CKV_AZURE_232", "PL308"),
	fail(ckvTF+"example_AKSOnlyCriticalPodsOnSystemNodes/main.tf", "azurerm_kubernetes_cluster.fail2.default_node_pool", "CKV_AZURE_232", "PL308"),
	pass(ckvTF+"example_AKSOnlyCriticalPodsOnSystemNodes/main.tf", "azurerm_kubernetes_cluster.pass.default_node_pool", "CKV_AZURE_232", "PL308"),

	// CKV_AZURE_143 AKSNodePublicIpDisabled: enable_node_public_ip / node_public_ip_enabled true.
	fail(ckvTF+"example_AKSNodePublicIpDisabled/main.tf", "azurerm_kubernetes_cluster.ckv_unittest_fail.default_node_pool", "CKV_AZURE_143", "PL307"),
	fail(ckvTF+"example_AKSNodePublicIpDisabled/main.tf", "azurerm_kubernetes_cluster.fail.default_node_pool", "CKV_AZURE_143", "PL307"),
	pass(ckvTF+"example_AKSNodePublicIpDisabled/main.tf", "azurerm_kubernetes_cluster.ckv_unittest_pass.default_node_pool", "CKV_AZURE_143", "PL307"),

	// CKV_AZURE_168 AKSMaxPodsMinimum: max_pods below 50, 30 when unset.
	fail(ckvTF+"example_AKSMaxPodsMinimum/main.tf", "azurerm_kubernetes_cluster.fail.default_node_pool", "CKV_AZURE_168", "PL309"),
	fail(ckvTF+"example_AKSMaxPodsMinimum/main.tf", "azurerm_kubernetes_cluster_node_pool.fail", "CKV_AZURE_168", "PL309"),
	fail(ckvTF+"example_AKSMaxPodsMinimum/main.tf", "azurerm_kubernetes_cluster.failed_empty_max_pods.default_node_pool", "CKV_AZURE_168", "PL309").
		because("max_pods = [] is not a number: Terraform refuses it, and its value is unknown to poollint"),
	fail(ckvTF+"example_AKSMaxPodsMinimum/main.tf", "azurerm_kubernetes_cluster.fail2.default_node_pool", "CKV_AZURE_168", "PL309").
		because("max_pods unset without a network_profile: AKS builds the cluster with kubenet (default 110 pods) or Azure CNI Overlay (250), not flat Azure CNI's 30 that Checkov assumes"),
	fail(ckvTF+"example_AKSMaxPodsMinimum/main.tf", "azurerm_kubernetes_cluster_node_pool.fail2", "CKV_AZURE_168", "PL309").
		because("max_pods unset on a pool of a cluster not in the file: its default depends on the cluster's network plugin, unknown"),
	pass(ckvTF+"example_AKSMaxPodsMinimum/main.tf", "azurerm_kubernetes_cluster.pass.default_node_pool", "CKV_AZURE_168", "PL309"),
	pass(ckvTF+"example_AKSMaxPodsMinimum/main.tf", "azurerm_kubernetes_cluster_node_pool.pass", "CKV_AZURE_168", "PL309"),
	fail(ckvARM+"example_AKSMaxPodsMinimum/agentPoolProfiles_without_maxPods_fail3.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_168", "PL309").
		because("maxPods unset with networkPlugin kubenet: AKS gives 110 pods per node, not the 30 Checkov assumes"),
	pass(ckvARM+"example_AKSMaxPodsMinimum/agentPoolProfiles_with_maxPods_pass.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_168", "PL309"),
	pass(ckvARM+"example_AKSMaxPodsMinimum/properties_with_maxPods_pass1.json", "resources[0]", "CKV_AZURE_168", "PL309"),

	// CKV_AZURE_227 AKSEncryptionAtHostEnabled: host encryption not true.
	fail(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster.fail1.default_node_pool", "CKV_AZURE_227", "PL306"),
	fail(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster.fail2.default_node_pool", "CKV_AZURE_227", "PL306"),
	fail(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster.fail_new.default_node_pool", "CKV_AZURE_227", "PL306"),
	fail(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster_node_pool.fail1", "CKV_AZURE_227", "PL306"),
	fail(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster_node_pool.fail2", "CKV_AZURE_227", "PL306"),
	fail(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster_node_pool.fail_new", "CKV_AZURE_227", "PL306"),
	pass(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster.pass.default_node_pool", "CKV_AZURE_227", "PL306"),
	pass(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster.pass_new.default_node_pool", "CKV_AZURE_227", "PL306"),
	pass(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster_node_pool.pass", "CKV_AZURE_227", "PL306"),
	pass(ckvTF+"example_AKSEncryptionAtHostEnabled/main.tf", "azurerm_kubernetes_cluster_node_pool.pass_new", "CKV_AZURE_227", "PL306"),
	fail(ckvARM+"example_AKSEncryptionAtHostEnabled/fail1.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_227", "PL306"),
	pass(ckvARM+"example_AKSEncryptionAtHostEnabled/pass.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_227", "PL306"),
	pass(ckvARM+"example_AKSEncryptionAtHostEnabled/passA.json", "resources[0]", "CKV_AZURE_227", "PL306"),

	// CKV_AZURE_226 AKSEphemeralOSDisks: os_disk_type not Ephemeral.
	fail(ckvTF+"example_AKSEphemeralOSDisks/main.tf", "azurerm_kubernetes_cluster.fail.default_node_pool", "CKV_AZURE_226", "PL305"),
	fail(ckvTF+"example_AKSEphemeralOSDisks/main.tf", "azurerm_kubernetes_cluster.fail2.default_node_pool", "CKV_AZURE_226", "PL305"),
	pass(ckvTF+"example_AKSEphemeralOSDisks/main.tf", "azurerm_kubernetes_cluster.pass.default_node_pool", "CKV_AZURE_226", "PL305"),
	fail(ckvARM+"example_AKSEphemeralOSDisks/fail.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_226", "PL305").
		because("osDiskType unset on a Standard_E4ads_v5 (150 GiB temporary disk): AKS gives the 128 GiB OS disk an Ephemeral disk, as Checkov's own pass file asks"),
	pass(ckvARM+"example_AKSEphemeralOSDisks/pass.json", "resources[0].agentPoolProfiles[0]", "CKV_AZURE_226", "PL305"),

	// CKV_AWS_100 EKSNodeGroupRemoteAccess: remote access without source security groups.
	fail(ckvCFN+"EKSNodeGroupRemoteAccess-FAILED.yml", "Nodegroup/Resource0", "CKV_AWS_100", "PL311"),
	pass(ckvCFN+"EKSNodeGroupRemoteAccess-PASSED.yml", "Nodegroup/Resource0", "CKV_AWS_100", "PL311"),
	pass(ckvCFN+"EKSNodeGroupRemoteAccess-PASSED.yml", "Nodegroup/Resource1", "CKV_AWS_100", "PL311"),
	// test_plan_runner.py: remote_access [] in a plan passes.
	pass("bridgecrewio__checkov/tests/terraform/runner/resources/unexpected/eks_node_group_remote_access.json", "aws_eks_node_group.test", "CKV_AWS_100", "PL311"),

	// PSRule Azure.AKS.PoolScaleSet: clusterA fails (agentpool2 is an availability set).
	fail(psrAKS, "resources[1]", "Azure.AKS.PoolScaleSet", "PL312"),
	pass(psrAKS, "resources[2].agentPoolProfiles[0]", "Azure.AKS.PoolScaleSet", "PL312"),
	pass(psrAKS, "resources[3]", "Azure.AKS.PoolScaleSet", "PL312"),
	pass(psrAKS, "resources[4]", "Azure.AKS.PoolScaleSet", "PL312"),
	// PSRule Azure.AKS.NodeMinPods: clusterA fails (agentpool2 has maxPods 30).
	fail(psrAKS, "resources[1]", "Azure.AKS.NodeMinPods", "PL309"),
	pass(psrAKS, "resources[2].agentPoolProfiles[0]", "Azure.AKS.NodeMinPods", "PL309"),
	pass(psrAKS, "resources[3]", "Azure.AKS.NodeMinPods", "PL309"),
	pass(psrAKS, "resources[4]", "Azure.AKS.NodeMinPods", "PL309"),
	// PSRule Azure.AKS.PoolVersion: clusterA fails (agentpool2 is three
	// minors behind: PL012 reports it; PL313 takes the pools up to two
	// behind), clusterB passes.
	fail(psrAKS, "resources[1]", "Azure.AKS.PoolVersion", "PL313", "PL012"),
	pass(psrAKS, "resources[2].agentPoolProfiles[0]", "Azure.AKS.PoolVersion", "PL313", "PL012"),
}

// TestPresetCoverage: the recommended preset (with the default rules) flags
// the pools Checkov and PSRule for Azure fail, unless the table says why the
// tool's verdict does not hold, and never flags with the mapped rule a pool
// the tool passes.
func TestPresetCoverage(t *testing.T) {
	dir := corpus(t)
	e, err := rules.NewEngineWith(context.Background(), rules.Options{Presets: []string{"recommended"}})
	if err != nil {
		t.Fatal(err)
	}
	res := Run(context.Background(), e, Options{Paths: []string{
		dir + "/bridgecrewio__checkov/tests", dir + "/microsoft__PSRule.Rules.Azure",
	}})
	type poolKey struct{ file, pool string }
	flagged := map[poolKey]map[string]bool{}
	for _, f := range res.Findings {
		k := poolKey{strings.TrimPrefix(f.Pos.File, dir+"/"), f.PoolID}
		if flagged[k] == nil {
			flagged[k] = map[string]bool{}
		}
		flagged[k][f.RuleID] = true
	}
	seen := map[poolKey]bool{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			seen[poolKey{strings.TrimPrefix(p.Pos.File, dir+"/"), p.ID}] = true
		}
	}
	var failing, hit int
	for _, v := range toolVerdicts {
		k := poolKey{v.file, v.pool}
		if !seen[k] {
			t.Errorf("%s: no pool %s in poollint's model", v.file, v.pool)
			continue
		}
		by := ""
		for _, r := range v.rules {
			if flagged[k][r] {
				by = r
				break
			}
		}
		switch {
		case !v.fails && by != "":
			t.Errorf("%s %s: %s passes it, %s flags it", v.file, v.pool, v.check, by)
		case v.fails && by != "":
			failing++
			hit++
			if v.why != "" {
				t.Errorf("%s %s: flagged by %s now; drop the table's reason %q", v.file, v.pool, by, v.why)
			}
		case v.fails:
			failing++
			if v.why == "" {
				t.Errorf("%s %s: %s fails it, none of %v flags it", v.file, v.pool, v.check, v.rules)
			}
		}
	}
	t.Logf("the preset and default rules flag %d of %d failing pools; the table says why for the %d others", hit, failing, failing-hit)
}
