// Package action tests the GitHub Action: the shell steps of action.yml run
// here as the runner runs them, with GitHub's environment variables set.
package action

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	yamlv3 "go.yaml.in/yaml/v3"
)

type actionFile struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			If   string            `yaml:"if"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func loadAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile("../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yamlv3.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestActionFile checks action.yml wires every input into the scan step and
// runs the scripts this test exercises.
func TestActionFile(t *testing.T) {
	a := loadAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("using %q", a.Runs.Using)
	}
	for _, name := range []string{"path", "config", "policy", "param-file", "var-file", "fail-on", "sarif-file", "upload-sarif"} {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("input %s missing", name)
		}
	}
	var runs, uses []string
	var scanEnv map[string]string
	for _, s := range a.Runs.Steps {
		runs = append(runs, s.Run)
		uses = append(uses, s.Uses)
		if s.ID == "scan" {
			scanEnv = s.Env
		}
	}
	joined := strings.Join(runs, "\n")
	for _, want := range []string{"action/build.sh", "action/scan.sh", `exit "${{ steps.scan.outputs.exit-code }}"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("no step runs %s", want)
		}
	}
	if !strings.Contains(strings.Join(uses, " "), "github/codeql-action/upload-sarif@") || !strings.Contains(strings.Join(uses, " "), "actions/setup-go@") {
		t.Errorf("uses: %q", uses)
	}
	for _, name := range []string{"path", "config", "policy", "param-file", "var-file", "fail-on", "sarif-file"} {
		env := "INPUT_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
		if scanEnv[env] != "${{ inputs."+name+" }}" {
			t.Errorf("scan step env %s = %q", env, scanEnv[env])
		}
	}
}

// runner is a fake GitHub runner for the action's shell steps: GitHub's
// environment variables in temporary directories.
type runner struct {
	t                                  *testing.T
	root, temp, workspace, output, sum string
	env                                []string
}

func newRunner(t *testing.T, inputs map[string]string) *runner {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{t: t, root: root, temp: t.TempDir(), workspace: t.TempDir()}
	r.output = filepath.Join(r.temp, "github_output")
	r.sum = filepath.Join(r.temp, "step_summary")
	r.env = append(os.Environ(),
		"GITHUB_ACTION_PATH="+root, "GITHUB_WORKSPACE="+r.workspace, "RUNNER_TEMP="+r.temp, "GITHUB_OUTPUT="+r.output,
		"GITHUB_STEP_SUMMARY="+r.sum)
	defaults := map[string]string{"path": ".", "fail-on": "error", "sarif-file": "poollint.sarif"}
	for _, name := range []string{"path", "config", "policy", "param-file", "var-file", "fail-on", "sarif-file"} {
		v, ok := inputs[name]
		if !ok {
			v = defaults[name]
		}
		r.env = append(r.env, "INPUT_"+strings.ToUpper(strings.ReplaceAll(name, "-", "_"))+"="+v)
	}
	return r
}

// step runs one script of the action and returns its log.
func (r *runner) step(script string) string {
	r.t.Helper()
	cmd := exec.Command("bash", filepath.Join(r.root, "action", script))
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return string(out)
}

// write puts a file into the workspace.
func (r *runner) write(name, content string) {
	r.t.Helper()
	p := filepath.Join(r.workspace, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *runner) outputs() map[string]string {
	r.t.Helper()
	data, err := os.ReadFile(r.output)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		out[k] = v
	}
	return out
}

// runnerCommands reads a log as GitHub's runner does and returns the
// workflow commands it would run: a line starting with "::name" once
// leading white space is trimmed, or holding "##[name" anywhere; between
// ::stop-commands::TOKEN and ::TOKEN:: none runs. It also reports whether
// command processing was left stopped.
func runnerCommands(log string) (cmds []string, stopped bool) {
	name := func(line string) (string, string, bool) {
		if t := strings.TrimLeftFunc(line, unicode.IsSpace); strings.HasPrefix(t, "::") {
			if end := strings.Index(t[2:], "::"); end >= 0 {
				info := t[2 : 2+end]
				n, _, _ := strings.Cut(info, " ")
				return n, t[2+end+2:], true
			}
		}
		if i := strings.Index(line, "##["); i >= 0 {
			if end := strings.Index(line[i:], "]"); end >= 0 {
				n, _, _ := strings.Cut(line[i+3:i+end], " ")
				return n, line[i+end+1:], true
			}
		}
		return "", "", false
	}
	token := ""
	for _, line := range strings.FieldsFunc(log, func(r rune) bool { return r == '\n' || r == '\r' }) {
		n, data, ok := name(line)
		switch {
		case !ok:
		case token != "":
			if n == token {
				token = ""
			}
		case n == "stop-commands":
			token = data
		default:
			cmds = append(cmds, line)
		}
	}
	return cmds, token != ""
}

// TestActionSteps runs build.sh and scan.sh like the runner does and checks
// the SARIF, the annotations, the job summary and the step outputs they
// produce.
func TestActionSteps(t *testing.T) {
	r := newRunner(t, map[string]string{"path": "infra", "sarif-file": "results.sarif"})
	data, err := os.ReadFile(filepath.Join(r.root, "fixtures/arm/headline.json"))
	if err != nil {
		t.Fatal(err)
	}
	r.write("infra/aks.json", string(data))
	r.step("build.sh")
	log := r.step("scan.sh")

	cmds, stopped := runnerCommands(log)
	if stopped || !strings.Contains(strings.Join(cmds, "\n"), "::error file=infra/aks.json,line=20,col=30,title=PL001 basic-lb-multiple-pools::") {
		t.Errorf("no annotation for PL001 among the commands the runner would run (stopped %v):\n%s", stopped, log)
	}
	if !strings.Contains(log, "infra/aks.json:28:33: error:") || !strings.Contains(log, "::group::poollint report") {
		t.Errorf("no text report in the log:\n%s", log)
	}
	outputs := r.outputs()
	sarifPath := filepath.Join(r.temp, "poollint-out", "results.sarif")
	if outputs["exit-code"] != "1" || outputs["sarif-file"] != sarifPath {
		t.Errorf("step outputs: %v", outputs)
	}
	if _, err := os.Stat(filepath.Join(r.workspace, "results.sarif")); err == nil {
		t.Error("the SARIF was written into the workspace")
	}
	sarif, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	var log2 struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(sarif, &log2); err != nil {
		t.Fatal(err)
	}
	if rs := log2.Runs[0].Results; len(rs) != 4 || rs[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "infra/aks.json" {
		t.Errorf("SARIF results %+v", rs)
	}
	summary, err := os.ReadFile(r.sum)
	if err != nil || !strings.Contains(string(summary), "**3 errors, 1 warnings, 0 notes** in 1 files scanned") || !strings.Contains(string(summary), "| Configuration | none |") {
		t.Errorf("job summary (%v):\n%s", err, summary)
	}
}

// TestActionHostileRepository: a pull request's repository that names a
// file with newlines and workflow commands, commits a file named
// --baseline=b.json beside a baseline hiding every finding (the path input
// is a glob), and a link poollint.sarif to a file of the runner. The runner
// would run no forged command, the findings still fail the job, and the
// link's target is untouched.
func TestActionHostileRepository(t *testing.T) {
	r := newRunner(t, map[string]string{"path": "*.json"})
	data, err := os.ReadFile(filepath.Join(r.root, "fixtures/arm/headline.json"))
	if err != nil {
		t.Fatal(err)
	}
	forged := "x\n::stop-commands::abc\n::error file=README.md,line=1::forged\r##[error]legacy.json"
	r.write("aks.json", string(data))
	r.write(forged, string(data))
	r.write("--baseline=b.json", "")
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(r.workspace, "poollint.sarif")); err != nil {
		t.Fatal(err)
	}
	r.step("build.sh")
	bin := filepath.Join(r.temp, "poollint")
	write := exec.Command(bin, "scan", "--write-baseline", "b.json", "--", "aks.json", forged)
	write.Dir = r.workspace
	if out, err := write.CombinedOutput(); err != nil {
		t.Fatalf("writing the baseline exits 0: %v\n%s", err, out)
	}
	log := r.step("scan.sh")
	cmds, stopped := runnerCommands(log)
	if stopped {
		t.Errorf("command processing left stopped:\n%s", log)
	}
	annotations := 0
	for _, c := range cmds {
		switch {
		case strings.HasPrefix(c, "::group::"), c == "::endgroup::":
		case strings.HasPrefix(c, "::error file=") || strings.HasPrefix(c, "::warning file="):
			annotations++
			// The runner splits the properties at "," and unescapes each.
			info, _, _ := strings.Cut(c[2:], "::")
			_, props, _ := strings.Cut(info, " ")
			var file string
			for _, p := range strings.Split(props, ",") {
				if k, v, _ := strings.Cut(p, "="); k == "file" {
					file = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(v)
				}
			}
			if file != "aks.json" && !strings.HasPrefix(file, "x\n::stop-commands::abc\n::error file=README.md,line=1::forged\r") {
				t.Errorf("annotation of file %q: %q", file, c)
			}
		default:
			t.Errorf("the runner would run %q", c)
		}
	}
	if annotations != 8 {
		t.Errorf("%d annotations, want 8 (4 findings in each template):\n%s", annotations, strings.Join(cmds, "\n"))
	}
	if out := r.outputs(); out["exit-code"] != "1" {
		t.Errorf("exit-code %q: the file named --baseline=b.json was read as a flag?\n%s", out["exit-code"], log)
	}
	if data, _ := os.ReadFile(victim); string(data) != "precious" {
		t.Errorf("the link's target was overwritten")
	}
}
