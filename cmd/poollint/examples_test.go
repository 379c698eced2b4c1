package main

import (
	"strings"
	"testing"
)

// TestRuleExamples: `poollint rules PLnnn` shows the rule's examples, the
// bad and the good input of each format, without want annotations.
func TestRuleExamples(t *testing.T) {
	code, out, _ := poollint(t, "rules", "PL005")
	if code != 0 || !strings.Contains(out, "## Examples") || !strings.Contains(out, "### Bicep") ||
		!strings.Contains(out, `"mode": "User",`) || !strings.Contains(out, `"mode": "System",`) || strings.Contains(out, "want PL") {
		t.Errorf("rules PL005: exit %d\n%s", code, out)
	}
}
