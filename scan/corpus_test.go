package scan

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
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
		"Azure-Samples__private-aks-cluster/templates/one-node-pool/azuredeploy.json":                                          1,
		"Azure-Samples__private-aks-cluster/templates/two-node-pools/azuredeploy.json":                                         2,
		"Azure__AKS/examples/vnet/02-aks-custom-vnet.json":                                                                     1,
		"Azure__azure-quickstart-templates/quickstarts/microsoft.kubernetes/aks/azuredeploy.json":                              1,
		"microsoft__PSRule.Rules.Azure/tests/PSRule.Rules.Azure.Tests/Resources.AKS.Template.json":                             5,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEphemeralOSDisks/fail.json":                                1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEncryptionAtHostEnabled/passA.json":                        1,
		"Azure__bicep-registry-modules/avm/res/container-service/managed-cluster/agent-pool/main.json":                         1,
		"Azure__azure-quickstart-templates/quickstarts/microsoft.kubernetes/aks-vmss-systemassigned-identity/azuredeploy.json": 1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEncryptionAtHostEnabled/fail1.json":                        1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSEncryptionAtHostEnabled/pass.json":                         1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSPoolTypeIsScaleSet/fail.json":                              1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSUpgradeChannel/pass.json":                                  1,
		"bridgecrewio__checkov/tests/arm/checks/resource/example_AKSRbacEnabled/aksEnableRbac-FAILED.json":                     1,
		// Inside a nested deployment (a Bicep module): the System pool comes
		// from union() over a preset map in agentPoolProfiles, plus one
		// managedClusters/agentPools child.
		"Azure__AKS-Construction/samples/SystemPresetExample.json": 2,
		// languageVersion 2.0, nested deployments: one system pool.
		"Azure__bicep-registry-modules/avm/ptn/azd/aks-automatic-cluster/main.json": 1,
	}
	for file, n := range want {
		if pools[file] != n {
			t.Errorf("%s: %d pools, want %d", file, pools[file], n)
		}
	}
}
