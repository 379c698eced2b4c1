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
	configure := func(hook, args string) {
		t.Helper()
		config := "repos:\n  - repo: " + root + "\n    rev: " + strings.TrimSpace(string(head)) + "\n    hooks:\n      - id: " + hook + "\n"
		if args != "" {
			config += "        args: " + args + "\n"
		}
		if err := os.WriteFile(filepath.Join(repo, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		must("git", "add", ".pre-commit-config.yaml")
		must("git", "commit", "-qm", "config "+hook, "--no-verify")
	}
	configure("poollint", "")
	must("pre-commit", "install")

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
	// The hook built ./cmd/poollint and nothing else of the repository
	// (language: golang would `go install ./...`: gen, benchrepo, …).
	var built []string
	filepath.WalkDir(filepath.Join(home, "pre-commit"), func(p string, d os.DirEntry, err error) error {
		switch name := filepath.Base(p); {
		case err != nil || d.IsDir():
		case name == "poollint" && filepath.Base(filepath.Dir(p)) == ".pre-commit-bin",
			name == "gen" || name == "benchrepo" || name == "licenses" || name == "release":
			built = append(built, name)
		}
		return nil
	})
	if strings.Join(built, " ") != "poollint" {
		t.Errorf("the hook built %v, want poollint alone", built)
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

// TestPreCommitHookArgs: the README's args: [--baseline, FILE, --] hide the
// baselined findings; args without the closing "--" are refused (a staged
// file could be read as a flag); the poollint-system hook runs the poollint
// on PATH.
func TestPreCommitHookArgs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pre-commit; skipped with -short")
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
	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "poollint"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	repo, home := t.TempDir(), t.TempDir()
	env := append(os.Environ(), "HOME="+home, "PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"),
		"GOMODCACHE="+goEnv("GOMODCACHE"), "GOCACHE="+goEnv("GOCACHE"), "GOFLAGS=-buildvcs=false",
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	sh := func(args ...string) (string, error) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(args ...string) {
		t.Helper()
		if out, err := sh(args...); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	must("git", "init", "-q")
	must("pre-commit", "install")
	configure := func(hook, args string) {
		t.Helper()
		config := "repos:\n  - repo: " + root + "\n    rev: " + strings.TrimSpace(string(head)) + "\n    hooks:\n      - id: " + hook + "\n        args: " + args + "\n"
		if err := os.WriteFile(filepath.Join(repo, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		must("git", "add", ".pre-commit-config.yaml")
		must("git", "commit", "-qm", "config", "--no-verify", "--", ".pre-commit-config.yaml")
	}
	data, err := os.ReadFile("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "aks.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	// The system hook: the poollint on PATH refuses the bad template.
	configure("poollint-system", "[--]")
	must("git", "add", "aks.json")
	if out, err := sh("git", "commit", "-m", "bad"); err == nil || !strings.Contains(out, "aks.json:20:30: error:") {
		t.Errorf("poollint-system accepted the bad template (err %v):\n%s", err, out)
	}
	// A baseline given in args, as the README shows, hides its findings.
	cmd := exec.Command(filepath.Join(bin, "poollint"), "scan", "--write-baseline", "b.json", "aks.json")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("write-baseline exits 0: %v\n%s", err, out)
	}
	must("git", "add", "b.json")
	configure("poollint-system", "[--baseline, b.json, --]")
	if out, err := sh("git", "commit", "-m", "baselined"); err != nil {
		t.Errorf("the baseline in args did not apply: %v\n%s", err, out)
	}
	// args without the closing "--" are refused.
	configure("poollint-system", "[--baseline, b.json]")
	if err := os.WriteFile(filepath.Join(repo, "aks.json"), append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	must("git", "add", "aks.json")
	if out, err := sh("git", "commit", "-m", "no dashes"); err == nil || !strings.Contains(out, `args must end with "--"`) {
		t.Errorf("args without -- were accepted (err %v):\n%s", err, out)
	}
}
