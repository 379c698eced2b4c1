package scan

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestChangedLines(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	t.Chdir(repo)
	writeFile(t, "a.tf", "1\n2\n3\n4\n5\n6\n")
	writeFile(t, "b c.tf", "1\n2\n3\n")
	run(t, repo, "git", "init", "-q")
	run(t, repo, "git", "add", ".")
	run(t, repo, "git", "commit", "-qm", "base")
	writeFile(t, "a.tf", "1\nTWO\n3\n4\n5\nsix\nseven\n") // lines 2, 6, 7
	writeFile(t, "b c.tf", "1\n3\n")                      // line 2 deleted: line 2 marked
	if err := os.MkdirAll("new", 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join("new", "x.tf"), "1\n")
	changed, err := ChangedLines("HEAD", ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file string
		line int
		want bool
	}{
		{"a.tf", 1, false}, {"a.tf", 2, true}, {"a.tf", 3, false}, {"a.tf", 6, true}, {"a.tf", 7, true}, {"a.tf", 8, false},
		{"b c.tf", 1, false}, {"b c.tf", 2, true},
		{"new/x.tf", 40, true}, {"other.tf", 1, false},
	} {
		if got := changed(c.file, c.line); got != c.want {
			t.Errorf("changed(%s, %d) = %v, want %v", c.file, c.line, got, c.want)
		}
	}
}
