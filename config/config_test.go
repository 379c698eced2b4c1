package config

import (
	"fmt"
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
	if got, ignored := Find(deep, ""); got != p || ignored != "" {
		t.Errorf("Find = %q, %q, want %q", got, ignored, p)
	}
}

// TestFindStopsAtRepositoryRoot: a .poollint.yaml above the directory
// holding .git (or above the scan root, outside any repository) is not
// applied; Find names it as ignored.
func TestFindStopsAtRepositoryRoot(t *testing.T) {
	above := t.TempDir()
	cfg := write(t, above, "rules:\n  only: [PL999]\n")
	repo := filepath.Join(above, "repo")
	deep := filepath.Join(repo, "infra", "aks")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	// Outside a repository, the limit (scan root) bounds the walk.
	if got, ignored := Find(deep, repo); got != "" || ignored != cfg {
		t.Errorf("limit: Find = %q, %q, want none and %q ignored", got, ignored, cfg)
	}
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	// In a repository, its root does, whatever the limit.
	if got, ignored := Find(deep, deep); got != "" || ignored != cfg {
		t.Errorf("repository: Find = %q, %q, want none and %q ignored", got, ignored, cfg)
	}
	inner := write(t, repo, "fail-on: warning\n")
	if got, ignored := Find(deep, deep); got != inner || ignored != "" {
		t.Errorf("Find = %q, %q, want %q", got, ignored, inner)
	}
}

// TestPathsLeavingTheDirectoryAreRefused: entries naming files outside the
// configuration's directory, by an absolute path, by .. or through a
// symbolic link, are dropped and reported with key and line; entries inside
// are kept.
func TestPathsLeavingTheDirectoryAreRefused(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "config.json")
	if err := os.WriteFile(secret, []byte(`{"auths": {"ghcr.io": {"auth": "c2VjcmV0"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(repo, "link")); err != nil {
		t.Fatal(err)
	}
	p := write(t, repo, `param-files:
  aks.json: [env/prod.json, ../x/prod.json]
  /etc/aks.json: [env/a.json]
var-files:
  .: [`+secret+`, prod.tfvars, link/config.json]
policies: [policies/acme, ../policies]
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range c.Refused {
		got = append(got, fmt.Sprintf("%d:%d %s %s", r.Line, r.Col, r.Key, r.Value))
		if strings.Contains(r.Error(), "c2VjcmV0") || !strings.Contains(r.Error(), "refused "+r.Key+" entry") {
			t.Errorf("message %q", r.Error())
		}
	}
	want := []string{
		"2:29 param-files ../x/prod.json",
		"3:3 param-files /etc/aks.json",
		"5:7 var-files " + secret,
		"5:" + fmt.Sprint(7+len(secret)+15) + " var-files link/config.json",
		"6:27 policies ../policies",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("refused:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fmt.Sprint(c.ParamFiles, c.VarFiles, c.Policies) != "map[aks.json:[env/prod.json]] map[.:[prod.tfvars]] [policies/acme]" {
		t.Errorf("kept %v %v %v", c.ParamFiles, c.VarFiles, c.Policies)
	}
}

// TestPathologicalExclude: a pattern is compiled once, into an expression
// matched in linear time; an overlong one is refused at load.
func TestPathologicalExclude(t *testing.T) {
	_, err := Load(write(t, t.TempDir(), "exclude:\n  - a\n  - \""+strings.Repeat("*a", MaxGlob)+"\"\n"))
	if err == nil || !strings.Contains(err.Error(), ".poollint.yaml:3: exclude") {
		t.Errorf("error %v", err)
	}
	c, err := Load(write(t, t.TempDir(), "exclude: [\""+strings.Repeat("**/*a", MaxGlob/5)+"\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.Dir, strings.Repeat("b/", 100)+"c.json")
	for range 2000 { // well under a second in all: compiled once
		if c.Excluded(path) {
			t.Fatal("matched")
		}
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

// TestExcludeSyntax: braces and classes match as doublestar and .gitignore
// read them; a pattern that cannot be read is refused at load with its line.
func TestExcludeSyntax(t *testing.T) {
	c := &Config{Dir: "/repo", Exclude: []string{"{envs,legacy}/*.json", "mod/[ab].tf", "x/[!c]*.yaml", "**/*.{yml,yaml}.bak", "lit\\{x\\}"}}
	cases := map[string]bool{
		"/repo/envs/a.json":        true,
		"/repo/legacy/b.json":      true,
		"/repo/other/b.json":       false,
		"/repo/mod/a.tf":           true,
		"/repo/mod/c.tf":           false,
		"/repo/x/d.yaml":           true,
		"/repo/x/c.yaml":           false,
		"/repo/deep/k.yaml.bak":    true,
		"/repo/deep/k.json.bak":    false,
		"/repo/lit{x}":             true,
		"/repo/envs/sub/a.json":    false,
		"/repo/mod/a.tf/under.txt": true,
	}
	for p, want := range cases {
		if got := c.Excluded(p); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", p, got, want)
		}
	}
	for i, bad := range []string{"a[bc", "{a,b", "a}b", "{a,{b,c}}", "a[/]b"} {
		_, err := Load(write(t, t.TempDir(), "exclude:\n  - ok\n  - \""+bad+"\"\n"))
		if err == nil || !strings.Contains(err.Error(), ".poollint.yaml:3: exclude") {
			t.Errorf("%d %q: error %v", i, bad, err)
		}
	}
}

// helm-values entries are confined like var-files.
func TestHelmValuesRefusedOutside(t *testing.T) {
	repo := t.TempDir()
	p := write(t, repo, "helm-values:\n  charts/pools: [charts/pools/prod.yaml, ../prod.yaml]\n  ../other: [x.yaml]\n")
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range c.Refused {
		got = append(got, fmt.Sprintf("%d:%d %s %s", r.Line, r.Col, r.Key, r.Value))
	}
	want := "2:42 helm-values ../prod.yaml\n3:3 helm-values ../other"
	if strings.Join(got, "\n") != want {
		t.Errorf("refused:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if fmt.Sprint(c.HelmValues) != "map[charts/pools:[charts/pools/prod.yaml]]" {
		t.Errorf("kept %v", c.HelmValues)
	}
}
