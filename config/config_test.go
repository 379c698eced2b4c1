package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, content string) string {
	t.Helper()
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultLoads(t *testing.T) {
	c, err := Load(write(t, t.TempDir(), Default))
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != "error" || len(c.Exclude) != 1 {
		t.Errorf("config %+v", c)
	}
}

func TestUnknownKey(t *testing.T) {
	_, err := Load(write(t, t.TempDir(), "rules:\n  disabel: [PL001]\nfail-on: error\nexlude: []\n"))
	if err == nil || !strings.Contains(err.Error(), `.poollint.yaml:2: unknown key "disabel"`) || !strings.Contains(err.Error(), `:4: unknown key "exlude"`) {
		t.Errorf("error %v", err)
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	p := write(t, root, "fail-on: warning\n")
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got != p {
		t.Errorf("Find = %q, want %q", got, p)
	}
}

func TestExcluded(t *testing.T) {
	c := &Config{Dir: "/repo", Exclude: []string{"**/testdata/**", "legacy/*.json", "*.generated.tf"}}
	cases := map[string]bool{
		"/repo/a/testdata/x.json":     true,
		"/repo/testdata/x.json":       true,
		"/repo/legacy/old.json":       true,
		"/repo/legacy/sub/old.json":   false,
		"/repo/mod/main.generated.tf": true,
		"/repo/mod/main.tf":           false,
		"/other/testdata/x.json":      false,
	}
	for p, want := range cases {
		if got := c.Excluded(p); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", p, got, want)
		}
	}
}
