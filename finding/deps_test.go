package finding_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLightDependencies: the results package imports only the model, and
// reporters and baselines need neither the rules (OPA) nor the parsers.
func TestLightDependencies(t *testing.T) {
	deps := func(pkgs ...string) []string {
		out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).Output()
		if err != nil {
			t.Skipf("go list: %v", err)
		}
		return strings.Fields(string(out))
	}
	const mod = "github.com/poollint/poollint/"
	for _, d := range deps("./") {
		if strings.HasPrefix(d, mod) && d != mod+"finding" && d != mod+"nodepool" {
			t.Errorf("finding imports %s", d)
		}
	}
	for _, d := range deps("../report", "../baseline") {
		if d == mod+"rules" || strings.HasPrefix(d, mod+"parsers") || strings.Contains(d, "open-policy-agent") {
			t.Errorf("report or baseline imports %s", d)
		}
	}
}
