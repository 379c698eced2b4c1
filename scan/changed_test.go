package scan

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestChangedSince(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	files := map[string]string{
		"arm/aks.json":               "{}",
		"arm/aks.parameters.json":    "{}",
		"arm/other.json":             "{}",
		"tf/modules/aks/main.tf":     "variable \"x\" {}\n",
		"tf/modules/aks/versions.tf": "terraform {}\n",
		"tf/root/main.tf":            "module \"aks\" {\n  source = \"../modules/aks\"\n}\n",
		"tf/root/prod.tfvars":        "x = 1\n",
		"tf/unrelated/main.tf":       "variable \"y\" {}\n",
		"k8s/team-a/cluster.yaml":    "a: 1\n",
		"k8s/team-a/pools.yaml":      "b: 1\n",
		"k8s/team-b/pools.yaml":      "c: 1\n",
		"docs/readme.md":             "hi\n",
		"bicep/main.bicep":           "param x string\n",
		"bicep/main.json":            "{}",
		"bicep/other.bicep":          "param y string\n",
	}
	for name, content := range files {
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, content)
	}
	run(t, repo, "git", "init", "-q")
	run(t, repo, "git", "add", ".")
	run(t, repo, "git", "commit", "-qm", "base")
	writeFile(t, filepath.Join(repo, "tf/modules/aks/main.tf"), "variable \"x\" {\n  default = 2\n}\n")
	writeFile(t, filepath.Join(repo, "arm/aks.parameters.json"), "{\"parameters\": {}}")
	writeFile(t, filepath.Join(repo, "k8s/team-a/pools.yaml"), "b: 2\n")
	writeFile(t, filepath.Join(repo, "new.tf"), "# untracked\n")
	writeFile(t, filepath.Join(repo, "bicep/main.bicep"), "param x int\n")

	got, err := ChangedSince("HEAD", []string{repo})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got {
		abs, _ := filepath.Abs(p)
		got[i], _ = filepath.Rel(repo, abs)
	}
	want := []string{
		"arm/aks.json", "arm/aks.parameters.json", // the parameter file brings its template
		"bicep/main.bicep", "bicep/main.json", // a .bicep brings the template compiled beside it
		"k8s/team-a/cluster.yaml", "k8s/team-a/pools.yaml", // YAML of the same directory
		"new.tf",
		"tf/modules/aks/main.tf", "tf/modules/aks/versions.tf", // the module directory
		"tf/root/main.tf", "tf/root/prod.tfvars", // and its caller
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changed set:\n%q\nwant:\n%q", got, want)
	}
}
