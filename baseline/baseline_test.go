package baseline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

func TestWriteLoadFilter(t *testing.T) {
	fs := []finding.Finding{
		{RuleID: "PL001", Pos: nodepool.Pos{File: "a.json", Line: 1}, Cluster: "c"},
		{RuleID: "PL002", Pos: nodepool.Pos{File: "a.json", Line: 2}, Cluster: "c", Key: "k"},
	}
	path := filepath.Join(t.TempDir(), "b.json")
	if err := Write(path, fs[:1]); err != nil {
		t.Fatal(err)
	}
	b, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Filter(fs); len(got) != 1 || got[0].RuleID != "PL002" || b.Hidden(fs) != 1 {
		t.Errorf("Filter = %+v, Hidden = %d", got, b.Hidden(fs))
	}
}

// TestWriteRefusesLinks: --write-baseline does not write through a
// committed symbolic link.
func TestWriteRefusesLinks(t *testing.T) {
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, nil); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("error %v", err)
	}
	if data, _ := os.ReadFile(victim); string(data) != "precious" {
		t.Errorf("target changed: %q", data)
	}
}

// TestVersion1: a baseline written before the module calls were part of
// the fingerprint still hides what it hid; merging over it upgrades the
// entries that matched and keeps the others, still matched the old way.
func TestVersion1(t *testing.T) {
	call := []nodepool.Pos{{File: "envs/dev/main.tf", Line: 1}}
	fs := []finding.Finding{
		{RuleID: "PL001", Pos: nodepool.Pos{File: "modules/aks/main.tf", Line: 9}, ClusterID: "module.aks.x", Related: call},
		{RuleID: "PL002", Pos: nodepool.Pos{File: "gone.tf", Line: 2}},
	}
	dir := t.TempDir()
	old := filepath.Join(dir, "v1.json")
	v1 := `{"version": 1, "findings": [
  {"fingerprint": "` + fs[0].FingerprintV1() + `", "ruleId": "PL001", "file": "modules/aks/main.tf", "message": "m"},
  {"fingerprint": "` + fs[1].FingerprintV1() + `", "ruleId": "PL002", "file": "gone.tf", "message": "m"}]}`
	if err := os.WriteFile(old, []byte(v1), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(old)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Filter(fs[:1]); len(got) != 0 {
		t.Errorf("version 1 entry does not hide its finding: %+v", got)
	}
	if st := b.Stale(fs[:1]); len(st) != 1 || st[0].RuleID != "PL002" {
		t.Errorf("stale %+v", st)
	}
	merged := filepath.Join(dir, "v2.json")
	if err := Merge(merged, b, fs[:1]); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(merged)
	if !strings.Contains(string(data), `"version": 2`) || !strings.Contains(string(data), `"fingerprint": "`+fs[0].Fingerprint()+`"`) ||
		!strings.Contains(string(data), `"legacyFingerprint": "`+fs[1].FingerprintV1()+`"`) {
		t.Errorf("merged:\n%s", data)
	}
	b2, err := Load(merged)
	if err != nil {
		t.Fatal(err)
	}
	if got := b2.Filter(fs); len(got) != 0 {
		t.Errorf("merged baseline hides %d of 2", 2-len(got))
	}
	if err := os.WriteFile(old, []byte(`{"version": 3, "findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(old); err == nil || !strings.Contains(err.Error(), "version 3 is not supported (want 1 or 2)") {
		t.Errorf("error %v", err)
	}
}

// TestFingerprintModuleCalls: one module finding reached from two
// environments has two fingerprints; moving lines keeps them.
func TestFingerprintModuleCalls(t *testing.T) {
	f := finding.Finding{RuleID: "PL001", Pos: nodepool.Pos{File: "modules/aks/main.tf", Line: 9}, ClusterID: "module.aks.x"}
	dev, prod := f, f
	dev.Related = []nodepool.Pos{{File: "envs/dev/main.tf", Line: 1}}
	prod.Related = []nodepool.Pos{{File: "envs/prod/main.tf", Line: 1}}
	if dev.Fingerprint() == prod.Fingerprint() {
		t.Error("dev and prod share a fingerprint")
	}
	moved := dev
	moved.Pos.Line, moved.Related = 30, []nodepool.Pos{{File: "envs/dev/main.tf", Line: 12}}
	if moved.Fingerprint() != dev.Fingerprint() {
		t.Error("moving lines changed the fingerprint")
	}
}
