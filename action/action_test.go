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

// TestActionSteps runs build.sh and scan.sh like the runner does and checks
// the SARIF, the annotations and the step outputs they produce.
func TestActionSteps(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	temp := t.TempDir()
	workspace := t.TempDir()
	data, err := os.ReadFile(filepath.Join(root, "fixtures/arm/headline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(workspace, "infra"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(workspace, "infra/aks.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	output := filepath.Join(temp, "github_output")
	env := append(os.Environ(),
		"GITHUB_ACTION_PATH="+root, "GITHUB_WORKSPACE="+workspace, "RUNNER_TEMP="+temp, "GITHUB_OUTPUT="+output,
		"INPUT_PATH=infra", "INPUT_FAIL_ON=error", "INPUT_SARIF_FILE=results.sarif", "INPUT_CONFIG=", "INPUT_POLICY=",
		"INPUT_PARAM_FILE=", "INPUT_VAR_FILE=")
	step := func(script string) string {
		cmd := exec.Command("bash", filepath.Join(root, "action", script))
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
		return string(out)
	}
	step("build.sh")
	log := step("scan.sh")

	if !strings.Contains(log, "::error file=infra/aks.json,line=20,col=30,title=PL001 basic-lb-multiple-pools::") {
		t.Errorf("no annotation for PL001 in the log:\n%s", log)
	}
	if !strings.Contains(log, "infra/aks.json:28:33: error:") || !strings.Contains(log, "::group::poollint report") {
		t.Errorf("no text report in the log:\n%s", log)
	}
	outputs, err := os.ReadFile(output)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(outputs), "exit-code=1\n") || !strings.Contains(string(outputs), "sarif-file=results.sarif\n") {
		t.Errorf("step outputs:\n%s", outputs)
	}
	sarif, err := os.ReadFile(filepath.Join(workspace, "results.sarif"))
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
}
