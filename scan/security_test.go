package scan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poollint/poollint/config"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// secret is a value only the machine running the scan knows.
const secret = "c2VjcmV0LXJlZ2lzdHJ5LXRva2Vu"

// outsideSecret writes, outside any scanned directory, an ARM template
// whose cluster is named after the secret (a finding would print it) and a
// Docker config holding it.
func outsideSecret(t *testing.T) (template, dockerConfig string) {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile("../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	template = filepath.Join(dir, "secret.json")
	writeFile(t, template, strings.ReplaceAll(string(data), "prod-weu", secret))
	dockerConfig = filepath.Join(dir, "config.json")
	writeFile(t, dockerConfig, `{"auths": {"ghcr.io": {"auth": "`+secret+`"}}}`)
	return template, dockerConfig
}

// assertNoSecret renders the result in every format and fails if the
// secret appears anywhere.
func assertNoSecret(t *testing.T, res *Result) {
	t.Helper()
	engine := newEngine(t)
	for _, format := range []string{"text", "json", "sarif", "github", "junit", "markdown"} {
		if out := render(t, format, res, engine); strings.Contains(string(out), secret) {
			t.Errorf("%s output holds the secret:\n%s", format, out)
		}
	}
	for _, c := range res.Clusters {
		if strings.Contains(c.ID, secret) || strings.Contains(c.Name.Value, secret) {
			t.Errorf("a cluster read the secret: %s", c.ID)
		}
	}
}

func errorsOf(res *Result) []string {
	var out []string
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			out = append(out, filepath.Base(d.Pos.File)+": "+d.Message)
		}
	}
	return out
}

// TestSymlinkOutOfRootRefused: a committed symbolic link to a file outside
// the scan root, met while walking or named on the command line, is
// refused with an error naming the link (not its target); the other files
// are scanned.
func TestSymlinkOutOfRootRefused(t *testing.T) {
	tmpl, _ := outsideSecret(t)
	repo := t.TempDir()
	copyFiles(t, repo, "../fixtures/arm/headline.json")
	if err := os.Symlink(tmpl, filepath.Join(repo, "aks.json")); err != nil {
		t.Fatal(err)
	}
	for name, paths := range map[string][]string{
		"walked": {repo},
		"named":  {filepath.Join(repo, "aks.json"), filepath.Join(repo, "headline.json")},
	} {
		t.Run(name, func(t *testing.T) {
			res := Run(context.Background(), newEngine(t), Options{Paths: paths})
			errs := errorsOf(res)
			if len(errs) != 1 || errs[0] != `aks.json: refused to read "`+DisplayPath(filepath.Join(repo, "aks.json"))+`": it resolves outside the scanned root` {
				t.Errorf("errors %q", errs)
			}
			if len(res.Findings) != 4 || !res.Incomplete() {
				t.Errorf("%d findings (want the 4 of headline.json), incomplete %v", len(res.Findings), res.Incomplete())
			}
			assertNoSecret(t, res)
		})
	}
	// --root covering the target lets the link be read.
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{repo}, Root: "/"})
	if len(errorsOf(res)) != 0 || len(res.Findings) != 8 {
		t.Errorf("with --root /: errors %q, %d findings", errorsOf(res), len(res.Findings))
	}
}

// TestConfigVarFileLeak is the headline leak: a repository's
// .poollint.yaml names the runner's Docker config as a Terraform variable
// file and a pool's VM size reads the registry token from it. The entry is
// refused at its line; the token is in no output.
func TestConfigVarFileLeak(t *testing.T) {
	_, docker := outsideSecret(t)
	repo := t.TempDir()
	writeFile(t, filepath.Join(repo, "main.tf"), `variable "auths" {}
resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name    = "system"
    vm_size = try(var.auths["ghcr.io"].auth, "x")
  }
}
`)
	writeFile(t, filepath.Join(repo, config.FileName), "var-files:\n  .: ["+docker+"]\nparam-files:\n  aks.json: [../../x.json]\n")
	cfg, err := config.Load(filepath.Join(repo, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{repo}, Config: cfg})
	errs := errorsOf(res)
	if len(errs) != 2 || !strings.HasPrefix(errs[0], `.poollint.yaml: refused var-files entry "`+docker+`"`) || !strings.HasPrefix(errs[1], `.poollint.yaml: refused param-files entry "../../x.json"`) {
		t.Errorf("errors %q", errs)
	}
	if len(res.Diags) < 2 || res.Diags[0].Pos.Line != 2 || res.Diags[0].Pos.Col != 7 {
		t.Errorf("the refusal is not at the entry's line: %+v", res.Diags)
	}
	assertNoSecret(t, res)
	// Without the configuration's entry the variable is unknown: no finding
	// on vm_size at all (the file itself is scanned).
	for _, f := range res.Findings {
		if f.RuleID == "PL023" {
			t.Errorf("finding %s: %s", f.RuleID, f.Message)
		}
	}
	if res.Files != 1 {
		t.Errorf("%d files scanned", res.Files)
	}
}

// TestSuppressionReadsOnlyInsideRoots: a finding positioned (by a user
// policy) in a file outside the roots does not make the scan read that
// file for poollint:ignore comments, whose reason would be printed: only
// the comments of files the parsers read (and recorded) apply.
func TestSuppressionReadsOnlyInsideRoots(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "notes.tf")
	writeFile(t, outside, "# poollint:ignore all "+secret+"\nx = 1\n")
	repo := t.TempDir()
	inside := filepath.Join(repo, "main.tf")
	writeFile(t, inside, "# poollint:ignore all fine\nx = 1\n")
	popts := &parsers.Options{Roots: []string{mustReal(t, repo)}}
	if _, err := popts.Read(inside); err != nil {
		t.Fatal(err)
	}
	if _, err := popts.Read(outside); err == nil {
		t.Fatal("read outside the roots")
	}
	c := &nodepool.Cluster{ID: "c", Pos: nodepool.Pos{File: inside, Line: 2}, Pools: []*nodepool.Pool{{ID: "p", Pos: nodepool.Pos{File: outside, Line: 2}}}}
	popts.AttachIgnores(c)
	fs := findingsAt(outside, inside)
	suppress(fs, c)
	if fs[0].Suppression != nil {
		t.Errorf("read a file outside the roots: %+v", fs[0].Suppression)
	}
	if fs[1].Suppression == nil || fs[1].Suppression.Reason != "fine" {
		t.Errorf("inside: %+v", fs[1].Suppression)
	}
}

func mustReal(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// stuck is a parser that ignores its context and never returns until
// released; slow honours the context and then returns a cluster that would
// have findings.
type stuck struct{ release chan struct{} }

func (stuck) Name() string               { return "stuck" }
func (stuck) Extensions() []string       { return []string{".stuck"} }
func (stuck) Detect(string, []byte) bool { return true }
func (s stuck) Parse(*parsers.Input) parsers.Result {
	<-s.release
	return parsers.Result{}
}

type slow struct{}

func (slow) Name() string               { return "slow" }
func (slow) Extensions() []string       { return []string{".slow"} }
func (slow) Detect(string, []byte) bool { return true }
func (slow) Parse(in *parsers.Input) parsers.Result {
	<-in.Context().Done()
	pos := nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	return parsers.Result{Clusters: []*nodepool.Cluster{{ID: "partial", Provider: nodepool.Azure, Pos: pos,
		LoadBalancerSKU: nodepool.Known("basic", pos, nodepool.OriginLiteral), Pools: []*nodepool.Pool{{ID: "a"}, {ID: "b"}}}}}
}

// TestFileBudget: a parse not finished within the file budget, whether
// its parser notices the context or not, is reported as an error for that
// file, its result is dropped, and the other files' findings are kept.
func TestFileBudget(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	formats := append([]parsers.Parser{stuck{release}, slow{}}, parsers.Registered()...)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.stuck"), "x")
	writeFile(t, filepath.Join(dir, "b.slow"), "x")
	copyFiles(t, dir, "../fixtures/arm/headline.json")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a safety net only
	defer cancel()
	res := Run(ctx, newEngine(t), Options{Paths: []string{dir}, FileTimeout: 20 * time.Millisecond, Parsers: formats})
	errs := errorsOf(res)
	want := []string{
		"a.stuck: not finished within the file budget (20ms, --file-timeout); its pools are not checked",
		"b.slow: not finished within the file budget (20ms, --file-timeout); its pools are not checked",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Findings) != 4 || res.Findings[0].Pos.File != DisplayPath(filepath.Join(dir, "headline.json")) {
		t.Errorf("%d findings, want headline.json's 4", len(res.Findings))
	}
}

// TestScanTimeout: when the scan's context is done, every file not parsed
// and every cluster not checked is reported, with the cause.
func TestScanTimeout(t *testing.T) {
	dir := t.TempDir()
	copyFiles(t, dir, "../fixtures/arm/headline.json", "../fixtures/arm/clean.json")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ErrTimeout)
	res := Run(ctx, newEngine(t), Options{Paths: []string{dir}})
	errs := errorsOf(res)
	if len(errs) != 2 || errs[0] != "clean.json: not scanned: the scan's time limit (--timeout) ran out" || !strings.HasPrefix(errs[1], "headline.json: not scanned") {
		t.Errorf("errors %q", errs)
	}
	if !errors.Is(context.Cause(ctx), ErrTimeout) || !res.Incomplete() {
		t.Error("incomplete")
	}
}

// TestExcludedCount: what exclude skipped is counted, for the summary.
func TestExcludedCount(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFiles(t, dir, "../fixtures/arm/headline.json", "../fixtures/arm/clean.json")
	copyFiles(t, filepath.Join(dir, "vendor"), "../fixtures/arm/headline.json")
	cfg := &config.Config{Dir: dir, Exclude: []string{"vendor", "clean.json"}}
	res := Load(context.Background(), Options{Paths: []string{dir}, Config: cfg})
	if res.Excluded != 2 || res.Files != 1 {
		t.Errorf("excluded %d, files %d", res.Excluded, res.Files)
	}
}

func findingsAt(files ...string) []rules.Finding {
	var out []rules.Finding
	for _, f := range files {
		out = append(out, rules.Finding{RuleID: "PL001", Pos: nodepool.Pos{File: f, Line: 2, Col: 1}})
	}
	return out
}

// fuzzSecret is what the file beside the fuzzed repository holds.
const fuzzSecret = "c2VjcmV0LWZ1enotdmFsdWU"

// FuzzScanConfig scans a repository holding a fuzzed .poollint.yaml, an
// ARM template and a Terraform file, beside a file of secrets (the seeds'
// SECRET is its path): nothing panics, every error has a file, and the
// secret is in no output whatever the configuration names.
func FuzzScanConfig(f *testing.F) {
	tmpl, err := os.ReadFile("../fixtures/arm/params/main.json")
	if err != nil {
		f.Fatal(err)
	}
	tf := []byte(`variable "auths" {}
variable "size" { default = "Standard_D4s_v5" }
resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name    = "system"
    vm_size = try(var.auths["ghcr.io"].auth, var.size)
  }
}
`)
	for _, cfg := range []string{
		"var-files:\n  .: [SECRET]\n",
		"var-files:\n  .: [../secret.json, link.tfvars]\n",
		"param-files:\n  main.json: [SECRET]\n",
		"param-files:\n  SECRET: [main.json]\n",
		"exclude: [\"**\"]\n",
		"exclude: [\"" + strings.Repeat("**/*", 40) + "\"]\n",
		"policies: [../]\nfail-on: none\n",
		"rules:\n  only: [PL001]\n",
		"var-files: [SECRET]\n",
		"",
	} {
		f.Add(cfg, tmpl, tf)
	}
	engine := newEngine(f)
	f.Fuzz(func(t *testing.T, cfgText string, tmpl, tf []byte) {
		root := t.TempDir()
		secretPath := filepath.Join(root, "secret.json")
		writeFile(t, secretPath, `{"parameters": {"poolPriority": {"value": "`+fuzzSecret+`"}}, "auths": {"ghcr.io": {"auth": "`+fuzzSecret+`"}}}`)
		repo := filepath.Join(root, "repo")
		if err := os.Mkdir(repo, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(secretPath, filepath.Join(repo, "link.tfvars")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(repo, config.FileName), strings.ReplaceAll(cfgText, "SECRET", secretPath))
		writeFile(t, filepath.Join(repo, "main.json"), string(tmpl))
		writeFile(t, filepath.Join(repo, "main.tf"), string(tf))
		cfg, err := config.Load(filepath.Join(repo, config.FileName))
		if err != nil {
			if strings.Contains(err.Error(), fuzzSecret) {
				t.Fatalf("a configuration error quotes the secret: %v", err)
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		res := Run(ctx, engine, Options{Paths: []string{repo}, Config: cfg, Workers: 1})
		for _, d := range res.Diags {
			if strings.Contains(d.Message, "internal error") || strings.Contains(d.Message, "panicked") {
				t.Fatalf("crash: %s", d.Message)
			}
			if d.Level == parsers.LevelError && d.Pos.File == "" {
				t.Fatalf("error without a file: %+v", d)
			}
		}
		for _, format := range []string{"text", "json", "sarif", "github"} {
			if out := render(t, format, res, engine); strings.Contains(string(out), fuzzSecret) {
				t.Fatalf("%s output holds the secret:\n%s", format, out)
			}
		}
	})
}
