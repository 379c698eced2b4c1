package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestModelWhy: `poollint model` says why each unknown value is unknown,
// in JSON (why, whyPos) and in the text view.
func TestModelWhy(t *testing.T) {
	const tmpl = "../../fixtures/arm/unknown-values.json"
	code, out, errOut := poollint(t, "model", "--format", "text", tmpl)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"cluster unknowns (arm, ../../fixtures/arm/unknown-values.json:12:5)\n",
		"  loadBalancerSku (line 18): reference() is known only at deployment\n",
		"  pool one (../../fixtures/arm/unknown-values.json:20:11):\n" +
			"    priority (line 20): parameter firstPoolPriority has no default and no parameter file gives it (line 8)\n",
		"4 unknown values in 1 cluster\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text model lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = poollint(t, "model", tmpl)
	var m struct {
		Clusters []struct {
			Pools []struct {
				Priority struct {
					Known  bool
					Why    string
					WhyPos struct{ Line int }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &m); code != 0 || err != nil || len(m.Clusters) != 1 {
		t.Fatalf("exit %d, %v", code, err)
	}
	if p := m.Clusters[0].Pools[0].Priority; p.Known || p.Why != "parameter firstPoolPriority has no default and no parameter file gives it" || p.WhyPos.Line != 8 {
		t.Errorf("priority = %+v", p)
	}

	if code, _, errOut := poollint(t, "model", "--format", "sarif", tmpl); code != 2 || !strings.Contains(errOut, "json or text") {
		t.Errorf("--format sarif: exit %d: %s", code, errOut)
	}
}
