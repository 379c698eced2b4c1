package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

// TestRuleMetadata: reporters read rule metadata from package finding: a
// rule's precision and platforms reach SARIF (each tag once).
func TestRuleMetadata(t *testing.T) {
	in := &Input{Rules: []*finding.Rule{{ID: "PL900", Name: "toy", Severity: finding.Warning, Precision: "medium", Platforms: []string{"AKS", "Kubernetes"}}},
		Findings: []finding.Finding{{RuleID: "PL900", Severity: finding.Warning, Message: "m", Pos: nodepool.Pos{File: "a.tf", Line: 1}}}}
	var b bytes.Buffer
	if err := SARIF(&b, in); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, `"precision": "medium"`) || strings.Count(out, `"kubernetes"`) != 1 || !strings.Contains(out, `"poollint/v2"`) {
		t.Errorf("SARIF:\n%s", out)
	}
}
