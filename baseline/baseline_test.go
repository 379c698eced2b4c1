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
