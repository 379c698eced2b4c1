package catalog

import "testing"

// TestClosest: a name that differs from a known one only by separators or
// case gets that one, even when another is as few edits away; otherwise
// the nearest by edit distance, if near enough.
func TestClosest(t *testing.T) {
	vms := AzureVMNames()
	for _, tc := range []struct{ name, want string }{
		{"Standard_D4sv5", "Standard_D4s_v5"},    // not Standard_D4_v5, one edit away too
		{"standard_d4s-v5", "Standard_D4s_v5"},   // case and separator
		{"Standard_DS11_v9", "Standard_DS11_v2"}, // one edit
		{"m5.larg", "m5.large"},
		{"completely-different", ""},
	} {
		cands := vms
		if tc.name == "m5.larg" {
			cands = EC2Types()
		}
		if got := Closest(tc.name, cands); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	// Two names equal but for separators: the edit distance decides.
	if got := Closest("Standard_A1v2", []string{"Standard_A1_v2", "Standard-A1-v2", "Standard_A1_v3"}); got != "Standard_A1_v2" {
		t.Errorf("ambiguous separators: %q", got)
	}
}
