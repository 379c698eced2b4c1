package main

import (
	"strings"
	"testing"
)

// TestRuleDocFix: `poollint rules PLnnn` prints the rule's How to fix and
// Links sections, in any letter case of the ID, without the generated-file
// comment.
func TestRuleDocFix(t *testing.T) {
	for _, id := range []string{"PL001", "pl002"} {
		code, out, errOut := poollint(t, "rules", id)
		if code != 0 || errOut != "" || !strings.Contains(out, "\n## How to fix\n\n") || !strings.Contains(out, "\n## Links\n\n- [") ||
			!strings.Contains(out, "](https://") || strings.Contains(out, "<!--") {
			t.Errorf("rules %s: exit %d\n%s%s", id, code, out, errOut)
		}
	}
}
