package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreset: the recommended rules run with --preset recommended or
// preset: recommended in .poollint.yaml, not by default; an unknown preset
// is a usage error.
func TestPreset(t *testing.T) {
	repo := t.TempDir()
	mustWrite(t, filepath.Join(repo, "aks.json"), fixture(t, "arm/headline.json"))
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)
	_, out, _ := poollint(t, "scan", ".")
	if strings.Contains(out, "(PL30") {
		t.Errorf("preset rules ran by default:\n%s", out)
	}
	_, out, _ = poollint(t, "scan", "--preset", "recommended", ".")
	if !strings.Contains(out, "(PL303 pool-autoscaling-disabled)") {
		t.Errorf("--preset recommended: no PL303\n%s", out)
	}
	mustWrite(t, filepath.Join(repo, ".poollint.yaml"), "preset: recommended\n")
	_, out, _ = poollint(t, "scan", ".")
	if !strings.Contains(out, "(PL303 pool-autoscaling-disabled)") {
		t.Errorf("preset: recommended: no PL303\n%s", out)
	}
	code, _, errOut := poollint(t, "scan", "--preset", "strict", ".")
	if code != 2 || !strings.Contains(errOut, `unknown preset "strict"`) {
		t.Errorf("unknown preset: exit %d\n%s", code, errOut)
	}
	_, out, _ = poollint(t, "rules", "PL303")
	if !strings.Contains(out, "Preset: `recommended`") {
		t.Errorf("rules PL303:\n%s", out)
	}
}
