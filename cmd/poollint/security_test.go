package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// token is a secret of the machine running the scan.
const token = "Z2hwX3NlY3JldFJlZ2lzdHJ5VG9rZW4="

// attackerRepo builds a repository (with .git) holding files, and a fake
// ~/.docker/config.json outside it; it returns both paths.
func attackerRepo(t *testing.T, files map[string]string) (repo, docker string) {
	t.Helper()
	home := t.TempDir()
	docker = filepath.Join(home, ".docker", "config.json")
	mustWrite(t, docker, `{"auths": {"ghcr.io": {"auth": "`+token+`"}}}`)
	repo = t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		mustWrite(t, filepath.Join(repo, name), strings.ReplaceAll(content, "DOCKER", docker))
	}
	return repo, docker
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const leakTF = `variable "auths" {}

resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name    = "system"
    vm_size = try(var.auths["ghcr.io"].auth, "x")
  }
}
`

// TestHeadlineLeak: a pull request's .poollint.yaml names the runner's
// Docker config as a variable file, and a pool's VM size reads the
// registry token from it (PL023 would print it as an unknown VM size). In
// no format does the token appear; the refusal is reported at the entry
// and the run exits 2.
func TestHeadlineLeak(t *testing.T) {
	repo, _ := attackerRepo(t, map[string]string{
		"main.tf":        leakTF,
		".poollint.yaml": "var-files:\n  .: [DOCKER]\n",
	})
	t.Chdir(repo)
	for _, format := range []string{"text", "json", "sarif", "github", "junit", "markdown"} {
		code, out, errOut := poollint(t, "scan", "--format", format, ".")
		if strings.Contains(out+errOut, token) {
			t.Errorf("%s: the token leaked:\n%s\n%s", format, out, errOut)
		}
		if code != 2 || !strings.Contains(strings.ReplaceAll(out, `\`, ""), "refused var-files entry") {
			t.Errorf("%s: exit %d, no refusal reported:\n%s\n%s", format, code, out, errOut)
		}
	}
	code, out, _ := poollint(t, "scan", ".")
	if !strings.Contains(out, ".poollint.yaml:2:7: error: refused var-files entry") || code != 2 {
		t.Errorf("text: exit %d\n%s", code, out)
	}
	// The list spelling is not a configuration at all.
	mustWrite(t, filepath.Join(repo, ".poollint.yaml"), "var-files: [DOCKER]\n")
	if code, out, errOut := poollint(t, "scan", "."); code != 2 || strings.Contains(out+errOut, token) {
		t.Errorf("list form: exit %d\n%s%s", code, out, errOut)
	}
	// The same file named on the command line is the user's choice.
	if err := os.Remove(filepath.Join(repo, ".poollint.yaml")); err != nil {
		t.Fatal(err)
	}
	_, docker := attackerRepo(t, nil)
	if code, out, _ := poollint(t, "scan", "--var-file", docker, "."); code != 0 || !strings.Contains(out, token) {
		t.Errorf("--var-file: exit %d\n%s", code, out)
	}
}

// TestConfigParamFileLeak: the same through param-files, which were read
// as if named on the command line: a parameter file outside the
// repository gives a pool's VM size (PL023 would print it).
func TestConfigParamFileLeak(t *testing.T) {
	repo, docker := attackerRepo(t, map[string]string{
		"aks.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"size": {"type": "string", "defaultValue": "Standard_D4s_v5"}},
  "resources": [{
    "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01", "name": "c", "location": "westeurope",
    "properties": {"agentPoolProfiles": [{"name": "system", "mode": "System", "count": 2, "vmSize": "[parameters('size')]"}]}
  }]
}`,
		".poollint.yaml": "param-files:\n  aks.json: [DOCKER, ../outside.json]\n",
	})
	mustWrite(t, docker, `{"parameters": {"size": {"value": "`+token+`"}}}`)
	t.Chdir(repo)
	for _, format := range []string{"text", "json", "sarif", "github"} {
		code, out, errOut := poollint(t, "scan", "--format", format, "--fail-on", "note", ".")
		if code != 2 || strings.Contains(out+errOut, token) || !strings.Contains(out, "refused param-files entry") {
			t.Errorf("%s: exit %d\n%s%s", format, code, out, errOut)
		}
	}
}

// TestLinksOutOfTheRepository: a committed link to a file outside, met by
// the walk, named by a flag, or as the .poollint.yaml itself, is refused;
// the secret is printed nowhere.
func TestLinksOutOfTheRepository(t *testing.T) {
	repo, docker := attackerRepo(t, map[string]string{"aks.json": fixture(t, "arm/headline.json")})
	t.Chdir(repo)
	link := func(name string) {
		if err := os.Symlink(docker, filepath.Join(repo, name)); err != nil {
			t.Fatal(err)
		}
	}
	link("x.auto.tfvars")
	link("main.parameters.json")
	link("prod.tfvars")
	mustWrite(t, filepath.Join(repo, "main.tf"), leakTF)
	for _, args := range [][]string{
		{"scan", "."},
		{"scan", "--format", "json", "."},
		{"scan", "--var-file", "prod.tfvars", "."},
		{"scan", "--param-file", "main.parameters.json", "."},
	} {
		code, out, errOut := poollint(t, args...)
		if code != 2 || strings.Contains(out+errOut, token) {
			t.Errorf("%s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
	}
	if _, _, errOut := poollint(t, "scan", "--var-file", "prod.tfvars", "."); !strings.Contains(errOut, "--var-file prod.tfvars: refused") {
		t.Errorf("--var-file through a link: %s", errOut)
	}
	if err := os.Remove(filepath.Join(repo, "x.auto.tfvars")); err != nil {
		t.Fatal(err)
	}
	link(".poollint.yaml")
	code, out, errOut := poollint(t, "scan", ".")
	if code != 2 || strings.Contains(out+errOut, token) || !strings.Contains(errOut, ".poollint.yaml: refused: it is a symbolic link leading out of the repository") {
		t.Errorf("linked config: exit %d\n%s%s", code, out, errOut)
	}
}

// TestConfigAboveRepository: a .poollint.yaml above the repository root
// is not applied, and stderr says so; named with --config it is, and the
// summary names it.
func TestConfigAboveRepository(t *testing.T) {
	above := t.TempDir()
	mustWrite(t, filepath.Join(above, ".poollint.yaml"), "fail-on: none\nrules:\n  only: [PL020]\n")
	repo := filepath.Join(above, "repo")
	mustWrite(t, filepath.Join(repo, "aks.json"), fixture(t, "arm/headline.json"))
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)
	code, out, errOut := poollint(t, "scan", ".")
	if code != 1 || !strings.Contains(errOut, "poollint: not applying ../.poollint.yaml: it is above the repository root") || !strings.Contains(out, "(PL001 ") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = poollint(t, "scan", "--config", "../.poollint.yaml", ".")
	if code != 0 || !strings.Contains(errOut, "poollint: applying ../.poollint.yaml (--config), which is outside the scanned root") || strings.Contains(out, "(PL001 ") || !strings.Contains(out, "settings: config ../.poollint.yaml; 35 rules not run (rules.only): PL001, ") || !strings.Contains(out, "; fail-on none") {
		t.Errorf("--config: exit %d\n%s%s", code, out, errOut)
	}
}

// TestOverridesVisible: rules.only, fail-on: none, exclude and a baseline
// covering everything no longer print a bare "0 errors": the text summary,
// SARIF's invocation properties and the Markdown summary say what was
// turned off or hidden.
func TestOverridesVisible(t *testing.T) {
	repo, _ := attackerRepo(t, map[string]string{
		"aks.json":        fixture(t, "arm/headline.json"),
		"vendor/aks.json": fixture(t, "arm/headline.json"),
		".poollint.yaml":  "rules:\n  disable: [PL002]\n  severity: {PL001: note}\nexclude: [vendor]\nfail-on: none\n",
	})
	t.Chdir(repo)
	if code, _, _ := poollint(t, "scan", "--write-baseline", "b.json", "."); code != 0 {
		t.Fatalf("write-baseline: exit %d", code)
	}
	code, out, _ := poollint(t, "scan", "--baseline", "b.json", ".")
	want := "1 files scanned: 0 errors, 0 warnings, 0 notes; 3 hidden by the baseline\n" +
		"settings: config .poollint.yaml; 1 rules not run (rules.disable): PL002; severity changed: PL001 note; fail-on none; exclude skipped 1 path; baseline b.json\n"
	if code != 0 || !strings.HasSuffix(out, want) {
		t.Errorf("exit %d\n%s\nwant the summary\n%s", code, out, want)
	}
	_, out, _ = poollint(t, "scan", "--baseline", "b.json", "--format", "sarif", ".")
	var log struct {
		Runs []struct {
			Invocations []struct {
				Properties map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	props := log.Runs[0].Invocations[0].Properties
	for k, v := range map[string]any{"config": ".poollint.yaml", "failOn": "none", "excludedPaths": 1.0, "baselinedFindings": 3.0, "baseline": "b.json"} {
		if props[k] != v {
			t.Errorf("SARIF property %s = %v, want %v (all: %v)", k, props[k], v, props)
		}
	}
	if rules, _ := props["disabledRules"].([]any); len(rules) != 1 || rules[0] != "PL002 reserved-label-prefix" {
		t.Errorf("disabledRules %v", props["disabledRules"])
	}
	_, out, _ = poollint(t, "scan", "--baseline", "b.json", "--format", "markdown", ".")
	for _, want := range []string{"| Configuration | \\.poollint\\.yaml |", "| Rules not run (rules\\.disable) | PL002 reserved\\-label\\-prefix |", "| fail-on | none |", "| Paths skipped by exclude | 1 |", "| Findings hidden by the baseline b\\.json | 3 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown has no %q:\n%s", want, out)
		}
	}
	// poollint rules lists what runs here.
	_, out, _ = poollint(t, "rules")
	if !strings.Contains(out, "PL002   reserved-label-prefix        off") || !strings.Contains(out, "PL001   basic-lb-multiple-pools      note") {
		t.Errorf("rules:\n%s", out)
	}
}

// TestInjection: a committed file named with newlines and workflow
// commands produces no workflow command in the text report or on stderr,
// and exactly one annotation per finding in the github format.
func TestInjection(t *testing.T) {
	name := "x\n::stop-commands::abc\n::error file=README.md,line=1::forged\r##[error]legacy.json"
	repo, _ := attackerRepo(t, map[string]string{name: fixture(t, "arm/headline.json"), "broken\n::error::b.json": "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", "})
	t.Chdir(repo)
	for _, format := range []string{"text", "github", "markdown"} {
		_, out, errOut := poollint(t, "scan", "--format", format, ".")
		var cmds []string
		for _, line := range strings.FieldsFunc(out+"\n"+errOut, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "##[") {
				cmds = append(cmds, line)
			}
		}
		want := 0
		if format == "github" {
			want = 5 // 4 findings and the broken file
		}
		if len(cmds) != want {
			t.Errorf("%s: %d workflow commands, want %d:\n%s", format, len(cmds), want, strings.Join(cmds, "\n"))
		}
		for _, c := range cmds {
			if strings.Contains(c, "stop-commands") && !strings.Contains(c, "%3A%3Astop-commands") {
				t.Errorf("%s: %q", format, c)
			}
		}
	}
	_, _, errOut := poollint(t, "model", ".")
	if strings.Contains(errOut, "\n::") {
		t.Errorf("model stderr:\n%s", errOut)
	}
}

// TestFileNamedLikeAFlag: the pre-commit reproducer. A committed empty file
// named --baseline=b.json and a baseline listing every finding must not
// make the hook pass: after "--" (the hook's entry ends with it) the name
// is a path.
func TestFileNamedLikeAFlag(t *testing.T) {
	repo, _ := attackerRepo(t, map[string]string{"aks.json": fixture(t, "arm/headline.json"), "--baseline=b.json": ""})
	t.Chdir(repo)
	if code, _, _ := poollint(t, "scan", "--write-baseline", "b.json", "aks.json"); code != 1 {
		t.Fatalf("write-baseline: exit %d", code)
	}
	code, out, errOut := poollint(t, "scan", "--", "--baseline=b.json", "aks.json", "b.json")
	if code != 1 || !strings.Contains(out, "(PL001 ") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	// A path before "--" does not turn the "--" into a path.
	if code, out, errOut := poollint(t, "scan", "aks.json", "--", "--baseline=b.json"); code != 1 || strings.Contains(out+errOut, "cannot scan") {
		t.Errorf("path before --: exit %d\n%s%s", code, out, errOut)
	}
	hooks, err := os.ReadFile(filepath.Join(mustGetwd(t, "../.."), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(hooks), "entry: poollint scan --\n") {
		t.Errorf(".pre-commit-hooks.yaml does not end its entry with --:\n%s", hooks)
	}
	if code, _, errOut := poollint(t, "scan", "--changed-since", "--output=/tmp/x", "."); code != 2 || !strings.Contains(errOut, "is not a git ref") {
		t.Errorf("--changed-since -…: exit %d %s", code, errOut)
	}
}

var testDir, _ = os.Getwd()

// mustGetwd is a path relative to this package's directory, made absolute
// (tests change directory).
func mustGetwd(t *testing.T, rel string) string {
	t.Helper()
	return filepath.Join(testDir, rel)
}

// TestOutputThroughLink: --output refuses a committed link named like the
// report, and the link's target is unchanged.
func TestOutputThroughLink(t *testing.T) {
	repo, docker := attackerRepo(t, map[string]string{"aks.json": fixture(t, "arm/headline.json")})
	t.Chdir(repo)
	if err := os.Symlink(docker, "poollint.sarif"); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := poollint(t, "scan", "--format", "sarif", "--output", "poollint.sarif", ".")
	if code != 2 || !strings.Contains(errOut, "refused to write poollint.sarif: it is a symbolic link") {
		t.Errorf("exit %d %s", code, errOut)
	}
	if data, _ := os.ReadFile(docker); !strings.Contains(string(data), token) {
		t.Errorf("the target was overwritten: %s", data)
	}
	// A directory of the repository linking out.
	if err := os.Symlink(filepath.Dir(docker), "out"); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := poollint(t, "scan", "--format", "sarif", "--output", "out/config.json", "."); code != 2 || !strings.Contains(errOut, "--output out/config.json: refused") {
		t.Errorf("--output through a linked directory: exit %d %s", code, errOut)
	}
	if data, _ := os.ReadFile(docker); !strings.Contains(string(data), token) {
		t.Errorf("the target was overwritten: %s", data)
	}
	// A baseline named on the command line that is a link leading out.
	if err := os.Symlink(docker, "b.json"); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := poollint(t, "scan", "--baseline", "b.json", "."); code != 2 || !strings.Contains(errOut, "--baseline b.json: refused") || strings.Contains(out+errOut, token) {
		t.Errorf("--baseline: exit %d %s", code, errOut)
	}
	if code, _, errOut := poollint(t, "scan", "--write-baseline", "b.json", "."); code != 2 || !strings.Contains(errOut, "symbolic link") {
		t.Errorf("--write-baseline: exit %d %s", code, errOut)
	}
}

// TestTimeout: what the scan's time limit cut short is reported per file,
// with exit 2.
func TestTimeout(t *testing.T) {
	repo, _ := attackerRepo(t, map[string]string{"aks.json": fixture(t, "arm/headline.json")})
	code, out, _ := poollint(t, "scan", "--timeout", "1ns", repo)
	if code != 2 || !strings.Contains(out, "aks.json: error: not scanned: the scan's time limit (--timeout) ran out") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestUsageErrorsEscaped: the CLI library's own messages quote the
// argument; it is escaped too.
func TestUsageErrorsEscaped(t *testing.T) {
	_, out, errOut := poollint(t, "scan", "-x\n::error::forged")
	if strings.Contains(out+errOut, "\n::error") || !strings.Contains(out+errOut, `\x3a:error::forged`) {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
}
