package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCreateOutputRefusesLinks: a committed symbolic link named like the
// report does not get its target overwritten.
func TestCreateOutputRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "poollint.sarif")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if f, err := CreateOutput(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("CreateOutput through a link: %v", err)
		f.Close()
	}
	if data, _ := os.ReadFile(victim); string(data) != "precious" {
		t.Errorf("the link's target was changed: %q", data)
	}
	// A dangling link (a target to be created) is refused too.
	dangling := filepath.Join(dir, "out.json")
	if err := os.Symlink(filepath.Join(dir, "new"), dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := CreateOutput(dangling); err == nil {
		t.Error("CreateOutput through a dangling link succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Error("the dangling link's target was created")
	}
	// A regular file is replaced.
	plain := filepath.Join(dir, "plain.sarif")
	if err := os.WriteFile(plain, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := CreateOutput(plain)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	f.Close()
	if data, _ := os.ReadFile(plain); string(data) != "new" {
		t.Errorf("content %q", data)
	}
}
