package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitHook installs this checkout's hook in a throw-away repository
// with the real pre-commit (Debian's package; .ci/run installs it), then
// commits a bad template, which must be refused with the finding shown, and
// a good one, which must pass. The hook is taken from this checkout's HEAD.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds poollint inside pre-commit; skipped with -short")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (.ci/run installs Debian's package)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("this checkout is not a git repository: %v", err)
	}
	if err := exec.Command("git", "-C", root, "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml").Run(); err != nil {
		t.Fatalf("HEAD has no .pre-commit-hooks.yaml: commit it first")
	}
	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	repo, home := t.TempDir(), t.TempDir()
	env := append(os.Environ(), "HOME="+home, "PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"),
		"GOMODCACHE="+goEnv("GOMODCACHE"), "GOCACHE="+goEnv("GOCACHE"), "GOFLAGS=-buildvcs=false",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	sh := func(args ...string) (string, error) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(args ...string) {
		if out, err := sh(args...); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	must("git", "init", "-q")
	config := "repos:\n  - repo: " + root + "\n    rev: " + strings.TrimSpace(string(head)) + "\n    hooks:\n      - id: poollint\n"
	if err := os.WriteFile(filepath.Join(repo, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	must("pre-commit", "install")
	must("git", "add", ".pre-commit-config.yaml")
	must("git", "commit", "-qm", "config", "--no-verify")

	copyFixture := func(src, dst string) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, dst), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFixture("../../fixtures/arm/headline.json", "aks.json")
	must("git", "add", "aks.json")
	out, err := sh("git", "commit", "-m", "bad template")
	if err == nil {
		t.Fatalf("the commit of a bad template was accepted:\n%s", out)
	}
	if !strings.Contains(out, "aks.json:20:30: error: cluster \"prod-weu\" uses the Basic load balancer") {
		t.Errorf("the finding is not shown:\n%s", out)
	}
	copyFixture("../../fixtures/arm/clean.json", "aks.json")
	must("git", "add", "aks.json")
	if out, err := sh("git", "commit", "-m", "good template"); err != nil {
		t.Errorf("the commit of a clean template was refused: %v\n%s", err, out)
	}

	// A file named like a flag is a path: an empty --baseline=b.json beside
	// a baseline listing every finding does not turn the hook green.
	copyFixture("../../fixtures/arm/headline.json", "aks.json")
	if err := os.WriteFile(filepath.Join(repo, "--baseline=b.json"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo) // the baseline's fingerprints name aks.json as the hook does
	if code, _, errOut := poollint(t, "scan", "--write-baseline", "b.json", "aks.json"); code != 0 {
		t.Fatalf("writing the baseline: exit %d %s", code, errOut)
	}
	must("git", "add", "--", "aks.json", "b.json", "--baseline=b.json")
	out, err = sh("git", "commit", "-m", "hide the findings")
	if err == nil || !strings.Contains(out, "aks.json:20:30: error:") {
		t.Errorf("a file named --baseline=b.json made the hook pass (err %v):\n%s", err, out)
	}
}
