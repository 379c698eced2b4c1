package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yamlv3 "go.yaml.in/yaml/v3"
)

// scripts returns the lines of every "script" value (a string or a list of
// strings) in a CI configuration.
func scripts(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "script" {
				switch s := x.(type) {
				case string:
					out = append(out, strings.Split(s, "\n")...)
				case []any:
					for _, line := range s {
						if str, ok := line.(string); ok {
							out = append(out, strings.Split(str, "\n")...)
						}
					}
				}
				continue
			}
			out = append(out, scripts(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, scripts(x)...)
		}
	}
	return out
}

// lookup follows keys through maps.
func lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestReadmeCIExamples runs the poollint commands of the README's GitLab CI
// and Azure DevOps examples (CI variables pointed at temporary
// directories) over a bad template, and checks each report they publish is
// written where the example publishes it, in the format that CI reads.
func TestReadmeCIExamples(t *testing.T) {
	headline, err := os.ReadFile("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeBlocks(t, "../../README.md", "yaml")
	found := map[string]bool{}
	for _, block := range blocks {
		var doc map[string]any
		if err := yamlv3.Unmarshal([]byte(block), &doc); err != nil {
			continue
		}
		kind := ""
		switch {
		case lookup(doc, "poollint", "artifacts", "reports", "codequality") != nil:
			kind = "gitlab"
		case doc["steps"] != nil && doc["pool"] != nil:
			kind = "azure"
		default:
			continue
		}
		found[kind] = true
		work, tmp := t.TempDir(), t.TempDir()
		if err := os.WriteFile(filepath.Join(work, "aks.json"), headline, 0o644); err != nil {
			t.Fatal(err)
		}
		vars := strings.NewReplacer("$CI_PROJECT_DIR", work, "$(Common.TestResultsDirectory)", filepath.Join(tmp, "results"),
			"$(Build.ArtifactStagingDirectory)", filepath.Join(tmp, "staging"), "$(Agent.TempDirectory)", tmp)
		t.Chdir(work)
		ran := 0
		for _, line := range scripts(doc) {
			fields := strings.Fields(vars.Replace(strings.TrimSpace(line)))
			if len(fields) == 0 || fields[0] != "poollint" {
				continue
			}
			ran++
			if code, out, errOut := poollint(t, fields[1:]...); code != 1 || !strings.Contains(out, "aks.json:20:30: error:") {
				t.Errorf("%s: %s: exit %d\n%s%s", kind, line, code, out, errOut)
			}
		}
		if ran != 1 {
			t.Errorf("%s: %d poollint commands, want 1", kind, ran)
		}
		var sarifPath, junitPath string
		switch kind {
		case "gitlab":
			cq, _ := lookup(doc, "poollint", "artifacts", "reports", "codequality").(string)
			var issues []struct {
				CheckName string `json:"check_name"`
				Severity  string
				Location  struct{ Path string }
			}
			if err := json.Unmarshal(mustReadFile(t, cq), &issues); err != nil || len(issues) != 4 || issues[0].Location.Path != "aks.json" || issues[0].Severity != "critical" {
				t.Errorf("gitlab code quality %s: %v %+v", cq, err, issues)
			}
			junitPath, _ = lookup(doc, "poollint", "artifacts", "reports", "junit").(string)
			paths, _ := lookup(doc, "poollint", "artifacts", "paths").([]any)
			if len(paths) == 1 {
				sarifPath, _ = paths[0].(string)
			}
		case "azure":
			steps, _ := doc["steps"].([]any)
			for _, s := range steps {
				switch lookup(s, "task") {
				case "PublishTestResults@2":
					p, _ := lookup(s, "inputs", "testResultsFiles").(string)
					junitPath = vars.Replace(p)
				case "PublishBuildArtifacts@1":
					p, _ := lookup(s, "inputs", "PathtoPublish").(string)
					sarifPath = filepath.Join(vars.Replace(p), "poollint.sarif")
				}
			}
		}
		var junit struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		}
		if err := xml.Unmarshal(mustReadFile(t, junitPath), &junit); err != nil || junit.Tests != 4 || junit.Failures != 4 {
			t.Errorf("%s JUnit %s: %v %+v", kind, junitPath, err, junit)
		}
		var sarif struct {
			Runs []struct{ Results []any }
		}
		if err := json.Unmarshal(mustReadFile(t, sarifPath), &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 4 {
			t.Errorf("%s SARIF %s: %v", kind, sarifPath, err)
		}
	}
	for _, k := range []string{"gitlab", "azure"} {
		if !found[k] {
			t.Errorf("README has no %s example", k)
		}
	}
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Error(err)
	}
	return data
}
