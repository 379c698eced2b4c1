// Package action tests the GitHub Action: the shell steps of action.yml run
// here as the runner runs them, with GitHub's environment variables set.
package action

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
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

// scanInputs are the inputs the scan step reads, as INPUT_* variables.
var scanInputs = []string{"path", "working-directory", "config", "policy", "param-file", "var-file", "baseline", "changed-since",
	"fail-on", "category", "args", "sarif-file"}

// TestActionFile checks action.yml wires every input into its step, runs
// the scripts this test exercises, and sets up no Go on the user's PATH.
func TestActionFile(t *testing.T) {
	a := loadAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("using %q", a.Runs.Using)
	}
	for _, name := range append([]string{"version", "upload-sarif"}, scanInputs...) {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("input %s missing", name)
		}
	}
	if d := a.Inputs["changed-since"].Default; d != "${{ github.event.pull_request.base.sha }}" {
		t.Errorf("changed-since defaults to %q, want the pull request's base", d)
	}
	var runs, uses []string
	var scanEnv, setupEnv map[string]string
	for _, s := range a.Runs.Steps {
		runs = append(runs, s.Run)
		uses = append(uses, s.Uses)
		switch {
		case s.ID == "scan":
			scanEnv = s.Env
		case strings.Contains(s.Run, "setup.sh"):
			setupEnv = s.Env
		}
	}
	joined := strings.Join(runs, "\n")
	for _, want := range []string{"action/setup.sh", "action/scan.sh", `exit "${{ steps.scan.outputs.exit-code }}"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("no step runs %s", want)
		}
	}
	if u := strings.Join(uses, " "); !strings.Contains(u, "github/codeql-action/upload-sarif@") || strings.Contains(u, "setup-go") {
		t.Errorf("uses: %q (upload-sarif, and no setup-go: it changes the user's PATH)", uses)
	}
	if setupEnv["INPUT_VERSION"] != "${{ inputs.version }}" || setupEnv["POOLLINT_ACTION_REF"] != "${{ github.action_ref }}" {
		t.Errorf("setup step env %v", setupEnv)
	}
	for _, name := range scanInputs {
		env := "INPUT_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
		if scanEnv[env] != "${{ inputs."+name+" }}" {
			t.Errorf("scan step env %s = %q", env, scanEnv[env])
		}
	}
	for _, name := range []string{"errors", "warnings", "notes", "exit-code", "sarif-file"} {
		if !strings.Contains(string(mustRead(t, "../action.yml")), "  "+name+":\n    description:") {
			t.Errorf("output %s missing", name)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
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
		"GITHUB_STEP_SUMMARY="+r.sum, "GITHUB_PATH="+filepath.Join(r.temp, "github_path"), "GITHUB_ENV="+filepath.Join(r.temp, "github_env"))
	defaults := map[string]string{"path": ".", "working-directory": ".", "fail-on": "error", "sarif-file": "poollint.sarif", "category": "poollint"}
	for _, name := range append([]string{"version"}, scanInputs...) {
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
	out, err := r.try(script)
	if err != nil {
		r.t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return out
}

// try runs one script of the action and returns its log and error.
func (r *runner) try(script string, env ...string) (string, error) {
	cmd := exec.Command("bash", filepath.Join(r.root, "action", script))
	cmd.Env = append(append([]string{}, r.env...), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// install puts the poollint this test built where setup.sh installs it,
// behind a wrapper that counts its runs (see runs).
func (r *runner) install() {
	r.t.Helper()
	dir := filepath.Join(r.temp, "poollint-bin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		r.t.Fatal(err)
	}
	real := filepath.Join(dir, "poollint.real")
	if _, err := os.Stat(filepath.Join(dir, "poollint")); err == nil {
		if err := os.Rename(filepath.Join(dir, "poollint"), real); err != nil {
			r.t.Fatal(err)
		}
	} else if err := os.WriteFile(real, mustRead(r.t, testBinary(r.t)), 0o755); err != nil {
		r.t.Fatal(err)
	}
	wrapper := "#!/bin/sh\necho run >> \"" + filepath.Join(r.temp, "runs") + "\"\nexec \"" + real + "\" \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "poollint"), []byte(wrapper), 0o755); err != nil {
		r.t.Fatal(err)
	}
}

// runs counts the poollint runs since install.
func (r *runner) runs() int {
	data, _ := os.ReadFile(filepath.Join(r.temp, "runs"))
	return strings.Count(string(data), "run")
}

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// testBinary is poollint built once for the tests of this package.
func testBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "poollint-action-test")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "poollint")
		out, err := exec.Command("go", "build", "-o", binaryPath, "../cmd/poollint").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryPath != "" {
		os.RemoveAll(filepath.Dir(binaryPath))
	}
	os.Exit(code)
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

// headline is the fixture with 3 errors and 1 warning.
func (r *runner) headline() string {
	return string(mustRead(r.t, filepath.Join(r.root, "fixtures/arm/headline.json")))
}

type sarifLog struct {
	Runs []struct {
		AutomationDetails struct{ ID string } `json:"automationDetails"`
		Results           []struct {
			RuleID    string `json:"ruleId"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
				}
			}
		}
	}
}

func readSARIF(t *testing.T, path string) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(mustRead(t, path), &log); err != nil {
		t.Fatal(err)
	}
	return log
}

// TestActionSteps builds poollint from the action's checkout (version:
// source) and runs the scan step like the runner does: ONE poollint run
// writes the SARIF, the log's report, the annotations, the job summary
// and the step outputs.
func TestActionSteps(t *testing.T) {
	r := newRunner(t, map[string]string{"version": "source", "path": "infra", "sarif-file": "results.sarif"})
	r.write("infra/aks.json", r.headline())
	r.step("setup.sh")
	r.install()
	log := r.step("scan.sh")
	if n := r.runs(); n != 1 {
		t.Errorf("poollint ran %d times, want once", n)
	}
	cmds, stopped := runnerCommands(log)
	if stopped || !strings.Contains(strings.Join(cmds, "\n"), "::error file=infra/aks.json,line=20,col=30,title=PL001 basic-lb-multiple-pools::") {
		t.Errorf("no annotation for PL001 among the commands the runner would run (stopped %v):\n%s", stopped, log)
	}
	if !strings.Contains(log, "infra/aks.json:28:33: error:") || !strings.Contains(log, "::group::poollint report") {
		t.Errorf("no text report in the log:\n%s", log)
	}
	outputs := r.outputs()
	sarifPath := filepath.Join(r.temp, "poollint-out", "results.sarif")
	want := map[string]string{"exit-code": "1", "sarif-file": sarifPath, "errors": "3", "warnings": "1", "notes": "0"}
	for k, v := range want {
		if outputs[k] != v {
			t.Errorf("output %s = %q, want %q (all: %v)", k, outputs[k], v, outputs)
		}
	}
	if _, err := os.Stat(filepath.Join(r.workspace, "results.sarif")); err == nil {
		t.Error("the SARIF was written into the workspace")
	}
	sarif := readSARIF(t, sarifPath)
	if rs := sarif.Runs[0].Results; len(rs) != 4 || rs[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "infra/aks.json" {
		t.Errorf("SARIF results %+v", rs)
	}
	if id := sarif.Runs[0].AutomationDetails.ID; id != "poollint/" {
		t.Errorf("automationDetails.id %q", id)
	}
	summary := string(mustRead(t, r.sum))
	for _, want := range []string{"**3 errors, 1 warnings, 0 notes** in 1 files scanned", "| Configuration | none |", "#### Findings per rule", "#### Findings per file", "| infra\\/aks\\.json | 3 | 1 | 0 |", "#### Top findings"} {
		if !strings.Contains(summary, want) {
			t.Errorf("job summary lacks %q:\n%s", want, summary)
		}
	}
	for _, f := range []string{"github_path", "github_env"} {
		if data, err := os.ReadFile(filepath.Join(r.temp, f)); err == nil && len(data) > 0 {
			t.Errorf("the action changed the job's %s: %q", f, data)
		}
	}
}

// fakeRelease serves, on loopback, a release as .goreleaser.yaml names its
// files: this platform's archive (holding poollint built by the test) and
// checksums.txt. tamper changes the archive after its checksum is taken.
func fakeRelease(t *testing.T, version string, tamper bool) (url, archive string) {
	t.Helper()
	var gr struct {
		Archives []struct {
			NameTemplate string   `yaml:"name_template"`
			Formats      []string `yaml:"formats"`
		} `yaml:"archives"`
	}
	if err := yamlv3.Unmarshal(mustRead(t, "../.goreleaser.yaml"), &gr); err != nil || len(gr.Archives) != 1 {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	name := strings.NewReplacer("{{ .ProjectName }}", "poollint", "{{ .Version }}", strings.TrimPrefix(version, "v"),
		"{{ .Os }}", runtime.GOOS, "{{ .Arch }}", runtime.GOARCH).Replace(gr.Archives[0].NameTemplate)
	if strings.Contains(name, "{{") || gr.Archives[0].Formats[0] != "tar.gz" {
		t.Fatalf("archive name template %q, formats %v: update this test and setup.sh", gr.Archives[0].NameTemplate, gr.Archives[0].Formats)
	}
	archive = name + ".tar.gz"
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name string
		data []byte
		mode int64
	}{{"LICENSE", []byte("license"), 0o644}, {"poollint", mustRead(t, testBinary(t)), 0o755}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	sum := sha256.Sum256(data)
	checksums := fmt.Sprintf("%x  %s\n%x  poollint_other_linux_arm64.tar.gz\n", sum, archive, sha256.Sum256([]byte("x")))
	if tamper {
		data = append(append([]byte{}, data...), 0)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/"+version+"/"+archive, func(w http.ResponseWriter, _ *http.Request) { w.Write(data) })
	mux.HandleFunc("/"+version+"/checksums.txt", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, checksums) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, archive
}

// needTools skips a test when a tool the action's scripts use to download
// is missing (GitHub's runners have them all).
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

func runnerPlatform() []string {
	os := map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
	arch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	return []string{"RUNNER_OS=" + os, "RUNNER_ARCH=" + arch}
}

// TestActionDownload: the default version of an action used at a release
// tag downloads that release's archive for the runner's OS and
// architecture, checks it against checksums.txt and installs it; the scan
// runs it. An archive that does not match its checksum is not installed.
func TestActionDownload(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake release is a tar.gz")
	}
	needTools(t, "curl", "tar", "awk")
	url, archive := fakeRelease(t, "v0.1.0", false)
	r := newRunner(t, map[string]string{"path": "aks.json"})
	r.write("aks.json", r.headline())
	env := append(runnerPlatform(), "POOLLINT_DOWNLOAD_URL="+url, "POOLLINT_ACTION_REF=v0.1.0")
	log, err := r.try("setup.sh", env...)
	if err != nil || !strings.Contains(log, "Downloading poollint v0.1.0 ("+archive+")") {
		t.Fatalf("setup: %v\n%s", err, log)
	}
	bin := filepath.Join(r.temp, "poollint-bin", "poollint")
	if !bytes.Equal(mustRead(t, bin), mustRead(t, testBinary(t))) {
		t.Fatal("the installed binary is not the archive's")
	}
	r.step("scan.sh")
	if out := r.outputs(); out["exit-code"] != "1" || out["errors"] != "3" {
		t.Errorf("outputs %v", out)
	}

	// A tampered archive: refused, nothing installed.
	url, _ = fakeRelease(t, "v0.1.0", true)
	r = newRunner(t, map[string]string{"version": "v0.1.0"})
	log, err = r.try("setup.sh", append(runnerPlatform(), "POOLLINT_DOWNLOAD_URL="+url)...)
	if err == nil || !strings.Contains(log, "does not match checksums.txt") {
		t.Errorf("a tampered archive was accepted: %v\n%s", err, log)
	}
	if _, err := os.Stat(filepath.Join(r.temp, "poollint-bin", "poollint")); err == nil {
		t.Error("the tampered archive's binary was installed")
	}
	// A release that is not there.
	r = newRunner(t, map[string]string{"version": "v9.9.9"})
	if log, err := r.try("setup.sh", append(runnerPlatform(), "POOLLINT_DOWNLOAD_URL="+url)...); err == nil || !strings.Contains(log, "could not download v9.9.9") {
		t.Errorf("a missing release: %v\n%s", err, log)
	}
}

// TestResolveVersion: which version the action installs, from its version
// input, its own ref and its CHANGELOG.
func TestResolveVersion(t *testing.T) {
	released := filepath.Join(t.TempDir(), "CHANGELOG.md")
	if err := os.WriteFile(released, []byte("# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2027-01-01\n\n## [1.2.2] - 2026-12-24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ version, ref, changelog, want string }{
		{"v0.1.0", "", "", "0.1.0"},
		{"0.2.0-rc.1", "main", "", "0.2.0-rc.1"},
		{"source", "v0.1.0", "", "source"},
		{"", "v0.1.0", "", "0.1.0"},
		{"", "v1", released, "1.2.3"},
		{"", "v1.2", released, "1.2.3"},
		{"", "v1.1", released, "source"},
		{"", "v2", released, "source"},
		{"", "v1", "../CHANGELOG.md", "source"}, // nothing released yet
		{"", "main", released, "source"},
		{"", "0123456789abcdef0123456789abcdef01234567", "", "source"},
		{"", "", "", "source"},
	}
	for _, c := range cases {
		cmd := exec.Command("bash", "resolve-version.sh")
		cmd.Env = append(os.Environ(), "INPUT_VERSION="+c.version, "POOLLINT_ACTION_REF="+c.ref, "POOLLINT_CHANGELOG="+c.changelog)
		out, err := cmd.Output()
		if got := strings.TrimSpace(string(out)); err != nil || got != c.want {
			t.Errorf("version %q ref %q: %q (%v), want %q", c.version, c.ref, got, err, c.want)
		}
	}
	cmd := exec.Command("bash", "resolve-version.sh")
	cmd.Env = append(os.Environ(), "INPUT_VERSION=latest; rm -rf /")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "neither a release") {
		t.Errorf("a bad version input: %v %s", err, out)
	}
}

// TestActionBuildWithoutGo: version source on a runner without Go on its
// PATH downloads Go (served here on loopback: a fake toolchain whose go
// writes a stand-in binary), checks its SHA-256, builds with it by its
// path, and leaves PATH and the job's environment as they were.
func TestActionBuildWithoutGo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake toolchain is a shell script")
	}
	needTools(t, "curl", "tar", "awk")
	for _, dir := range []string{"/usr/bin", "/bin"} {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			t.Skipf("%s/go exists: no PATH without Go here", dir)
		}
	}
	fakeGo := "#!/bin/sh\ncase \"$1\" in\nenv) echo ;;\nbuild) while [ \"$1\" != -o ]; do shift; done; printf '#!/bin/sh\\necho built by the downloaded go\\n' > \"$2\"; chmod +x \"$2\"; echo \"$GOTOOLCHAIN\" > \"$2.toolchain\" ;;\nesac\n"
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "go/bin/go", Mode: 0o755, Size: int64(len(fakeGo))}); err != nil {
		t.Fatal(err)
	}
	io.WriteString(tw, fakeGo)
	tw.Close()
	gz.Close()
	data := buf.Bytes()
	served := data
	file := fmt.Sprintf("go1.26.0.%s-%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	requested := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/"+file, func(w http.ResponseWriter, _ *http.Request) { requested++; w.Write(served) })
	mux.HandleFunc("/"+file+".sha256", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintf(w, "%x", sha256.Sum256(data)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	r := newRunner(t, map[string]string{"version": "source"})
	path := "PATH=/usr/bin:/bin"
	log, err := r.try("setup.sh", path, "POOLLINT_GO_DOWNLOAD_URL="+srv.URL)
	if err != nil || requested != 1 || !strings.Contains(log, "No Go on PATH: downloading "+file) {
		t.Fatalf("setup without Go: %v (requested %d)\n%s", err, requested, log)
	}
	out, err := exec.Command(filepath.Join(r.temp, "poollint-bin", "poollint")).Output()
	if err != nil || string(out) != "built by the downloaded go\n" {
		t.Errorf("installed binary: %v %q", err, out)
	}
	if tc := mustRead(t, filepath.Join(r.temp, "poollint-bin", "poollint.toolchain")); string(tc) != "local\n" {
		t.Errorf("GOTOOLCHAIN %q, want local", tc)
	}
	for _, f := range []string{"github_path", "github_env"} {
		if data, err := os.ReadFile(filepath.Join(r.temp, f)); err == nil && len(data) > 0 {
			t.Errorf("the action changed the job's %s: %q", f, data)
		}
	}
	// A toolchain that does not match its checksum is not used.
	served = append(append([]byte{}, data...), 0)
	r = newRunner(t, map[string]string{"version": "source"})
	if log, err := r.try("setup.sh", path, "POOLLINT_GO_DOWNLOAD_URL="+srv.URL); err == nil || !strings.Contains(log, "does not match its published SHA-256") {
		t.Errorf("a tampered Go was used: %v\n%s", err, log)
	}
}

// TestActionStaleSARIF: a SARIF file left at the output path by an earlier
// step is removed, and a run that writes none (a usage error in args) sets
// no sarif-file output, so nothing stale is uploaded.
func TestActionStaleSARIF(t *testing.T) {
	r := newRunner(t, map[string]string{"args": "--no-such-flag"})
	r.write("aks.json", r.headline())
	r.install()
	stale := filepath.Join(r.temp, "poollint-out", "poollint.sarif")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte(`{"runs": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	log := r.step("scan.sh")
	out := r.outputs()
	if out["exit-code"] != "2" || out["sarif-file"] != "" {
		t.Errorf("outputs %v\n%s", out, log)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale SARIF is still there")
	}
	if !strings.Contains(log, "no-such-flag") {
		t.Errorf("the usage error is not in the log:\n%s", log)
	}
}

// git runs git in the workspace.
func (r *runner) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.workspace
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestActionPullRequest: a pull request changes four templates (12 errors,
// 4 warnings); with changed-since at its base, only those are scanned, the
// error on the line it changed is annotated first, 10 errors are
// annotated and a notice sends to the job summary for the rest. A base
// missing from a shallow checkout scans everything, with a hint.
func TestActionPullRequest(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := newRunner(t, nil)
	for i := range 5 {
		r.write(fmt.Sprintf("a%d.json", i), r.headline())
	}
	r.git("init", "-q")
	r.git("add", ".")
	r.git("commit", "-qm", "base")
	base := r.git("rev-parse", "HEAD")
	for i := range 3 {
		r.write(fmt.Sprintf("a%d.json", i), strings.Replace(r.headline(), `"dnsPrefix": "prod"`, `"dnsPrefix": "prod2"`, 1))
	}
	r.write("a3.json", strings.Replace(r.headline(), `"kubernetes.azure.com/role": "apps"`, `"kubernetes.azure.com/role": "web"`, 1))
	r.git("commit", "-qam", "pull request")
	r.install()

	r.env = append(r.env, "INPUT_CHANGED_SINCE="+base)
	log := r.step("scan.sh")
	cmds, _ := runnerCommands(log)
	var errs []string
	notice := ""
	for _, c := range cmds {
		switch {
		case strings.HasPrefix(c, "::error "):
			errs = append(errs, c)
		case strings.HasPrefix(c, "::notice "):
			notice = c
		}
	}
	if len(errs) != 10 || !strings.HasPrefix(errs[0], "::error file=a3.json,line=38,") {
		t.Errorf("%d error annotations, first %q; want 10, the changed line a3.json:38 first:\n%s", len(errs), errs, log)
	}
	if !strings.Contains(notice, "+2 more in the job summary (2 errors)") {
		t.Errorf("notice %q", notice)
	}
	if out := r.outputs(); out["errors"] != "12" || out["warnings"] != "4" {
		t.Errorf("outputs %v (a4.json, unchanged, is not scanned)", out)
	}

	// A shallow checkout: the base is not there.
	r = newRunner(t, map[string]string{"changed-since": "0123456789abcdef0123456789abcdef01234567"})
	r.write("aks.json", r.headline())
	r.git("init", "-q")
	r.install()
	log = r.step("scan.sh")
	if !strings.Contains(log, "::warning title=poollint::changed-since: 0123456789abcdef0123456789abcdef01234567 is not in this checkout") || !strings.Contains(log, "fetch-depth: 0") {
		t.Errorf("no hint for a shallow checkout:\n%s", log)
	}
	if out := r.outputs(); out["errors"] != "3" {
		t.Errorf("outputs %v: everything should be scanned", out)
	}
}

// TestActionInputs: working-directory, a multi-line path with spaces and
// a glob, category, args and baseline.
func TestActionInputs(t *testing.T) {
	r := newRunner(t, map[string]string{
		"working-directory": "infra",
		"path":              "my envs/prod env.json\n  dev/*.json  \n",
		"category":          "prod",
		"args":              "--fail-on none",
		"baseline":          "base line.json",
	})
	r.write("infra/my envs/prod env.json", r.headline())
	r.write("infra/dev/one.json", r.headline())
	r.write("infra/dev/two.json", r.headline())
	r.write("other/skip.json", r.headline())
	r.install()
	// The baseline hides dev/two.json's findings.
	cmd := exec.Command(testBinary(t), "scan", "--write-baseline", "infra/base line.json", "infra/dev/two.json")
	cmd.Dir = r.workspace
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("write-baseline exits 0: %v\n%s", err, out)
	}
	log := r.step("scan.sh")
	out := r.outputs()
	if out["exit-code"] != "0" || out["errors"] != "6" {
		t.Errorf("outputs %v\n%s", out, log)
	}
	sarif := readSARIF(t, out["sarif-file"])
	files := map[string]bool{}
	for _, res := range sarif.Runs[0].Results {
		files[res.Locations[0].PhysicalLocation.ArtifactLocation.URI] = true
	}
	if !files["infra/my%20envs/prod%20env.json"] || !files["infra/dev/one.json"] || len(files) != 2 {
		t.Errorf("SARIF files %v", files)
	}
	if id := sarif.Runs[0].AutomationDetails.ID; id != "prod/" {
		t.Errorf("automationDetails.id %q, want prod/", id)
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
	r.install()
	write := exec.Command(testBinary(t), "scan", "--write-baseline", "b.json", "--", "aks.json", forged)
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
