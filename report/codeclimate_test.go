package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// gitlabCodeQuality is the shape GitLab documents for a code quality report
// (docs.gitlab.com, "Code Quality", "Import Code Quality results from a CI/CD
// job"): a JSON array of objects with description, check_name, fingerprint,
// severity (info, minor, major, critical or blocker) and location with a
// path relative to the repository and lines.begin (or positions.begin.line).
const gitlabCodeQuality = `{
  "type": "array",
  "items": {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
      "description": {"type": "string", "minLength": 1},
      "check_name": {"type": "string", "minLength": 1},
      "fingerprint": {"type": "string", "minLength": 1},
      "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
      "location": {
        "type": "object",
        "required": ["path"],
        "properties": {
          "path": {"type": "string", "minLength": 1, "not": {"pattern": "^/"}},
          "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
          "positions": {"type": "object", "required": ["begin"]}
        },
        "oneOf": [{"required": ["lines"]}, {"required": ["positions"]}]
      }
    }
  }
}`

func TestCodeClimate(t *testing.T) {
	c := jsonschema.NewCompiler()
	schema, err := jsonschema.UnmarshalJSON(strings.NewReader(gitlabCodeQuality))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("gitlab-code-quality.json", schema); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("gitlab-code-quality.json")
	if err != nil {
		t.Fatal(err)
	}
	out := render(t, "codeclimate", input(t))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("not GitLab's code quality shape: %v\n%s", err, out)
	}
	var issues []struct {
		CheckName   string `json:"check_name"`
		Description string
		Fingerprint string
		Severity    string
		Location    struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	if err := json.Unmarshal(out, &issues); err != nil {
		t.Fatal(err)
	}
	// 4 findings (3 errors, 1 warning) and the unreadable file.
	if len(issues) != 5 {
		t.Fatalf("%d issues, want 5:\n%s", len(issues), out)
	}
	first := issues[0]
	if first.CheckName != "PL001 basic-lb-multiple-pools" || first.Severity != "critical" || first.Location.Path != "../fixtures/arm/headline.json" ||
		first.Location.Lines.Begin != 20 || !strings.HasPrefix(first.Description, `cluster "prod-weu" uses the Basic load balancer`) {
		t.Errorf("first issue %+v", first)
	}
	severities := map[string]int{}
	fingerprints := map[string]bool{}
	for _, is := range issues {
		severities[is.Severity]++
		if fingerprints[is.Fingerprint] {
			t.Errorf("fingerprint %s repeats (GitLab keeps one)", is.Fingerprint)
		}
		fingerprints[is.Fingerprint] = true
	}
	if severities["critical"] != 3 || severities["major"] != 2 {
		t.Errorf("severities %v, want 3 critical (errors) and 2 major (the warning, the unreadable file)", severities)
	}
	last := issues[4]
	if last.CheckName != "poollint/input" || last.Location.Path != "../fixtures/invalid/broken.json" || last.Location.Lines.Begin != 5 {
		t.Errorf("unreadable file issue %+v", last)
	}
}
