package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseOutputs(t *testing.T) {
	cases := []struct {
		format    string
		formatSet bool
		specs     []string
		want      []output
		err       string
	}{
		{"text", false, nil, []output{{format: "text"}}, ""},
		{"sarif", true, nil, []output{{format: "sarif"}}, ""},
		{"sarif", true, []string{"out.sarif"}, []output{{format: "sarif", path: "out.sarif"}}, ""},
		{"text", false, []string{"sarif=a.sarif", "github"}, []output{{format: "sarif", path: "a.sarif"}, {format: "github"}}, ""},
		{"text", false, []string{"sarif=a.sarif", "markdown=s.md"}, []output{{format: "sarif", path: "a.sarif"}, {format: "markdown", path: "s.md"}}, ""},
		{"json", true, []string{"sarif=a.sarif"}, []output{{format: "json"}, {format: "sarif", path: "a.sarif"}}, ""},
		{"text", false, []string{"dir/a=b.txt"}, []output{{format: "text", path: "dir/a=b.txt"}}, ""},
		{"text", false, []string{"./sarif"}, []output{{format: "text", path: "./sarif"}}, ""},
		{"text", false, []string{"github", "text"}, nil, "both write to standard output"},
		{"json", true, []string{"text"}, nil, "both name the report on standard output"},
		{"text", false, []string{"sarif="}, nil, "no path after"},
		{"text", false, []string{"sarf=x.sarif"}, nil, `unknown format "sarf"`},
		{"text", false, []string{"sarif=x", "json=./x"}, nil, "write the same file"},
		{"xml", true, nil, nil, `unknown format "xml"`},
	}
	for _, c := range cases {
		got, err := parseOutputs(c.format, c.formatSet, c.specs)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parseOutputs(%s, %v): err %v, want %q", c.format, c.specs, err, c.err)
			}
			continue
		}
		for i := range got {
			got[i].spec = ""
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseOutputs(%s, %v) = %v, %v; want %v", c.format, c.specs, got, err, c.want)
		}
	}
}

// TestSeveralOutputs: one scan writes SARIF, JUnit, markdown and
// codeclimate files and the annotations on standard output, all from the
// same findings; the older --format/--output forms still work.
func TestSeveralOutputs(t *testing.T) {
	dir := t.TempDir()
	sarifPath, junitPath, mdPath, ccPath := filepath.Join(dir, "p.sarif"), filepath.Join(dir, "p,1.xml"), filepath.Join(dir, "summary.md"), filepath.Join(dir, "cq.json")
	code, out, errOut := poollint(t, "scan", "--output", "sarif="+sarifPath, "--output", "junit="+junitPath, "--output", "github",
		"--output", "markdown="+mdPath, "--output=codeclimate="+ccPath, "../../fixtures/arm/headline.json")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if strings.Count(out, "::error file=") != 3 || strings.Count(out, "::warning file=") != 1 || strings.Contains(out, "files scanned") {
		t.Errorf("standard output is not the annotations alone:\n%s", out)
	}
	read := func(p string) []byte {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var sarif struct {
		Runs []struct{ Results []struct{ RuleID string } }
	}
	if err := json.Unmarshal(read(sarifPath), &sarif); err != nil || len(sarif.Runs[0].Results) != 4 {
		t.Errorf("SARIF: %v, %+v", err, sarif)
	}
	var junit struct {
		Tests int `xml:"tests,attr"`
	}
	if err := xml.Unmarshal(read(junitPath), &junit); err != nil || junit.Tests != 4 {
		t.Errorf("JUnit (a path with a comma): %v, %d tests", err, junit.Tests)
	}
	if md := string(read(mdPath)); !strings.Contains(md, "**3 errors, 1 warnings, 0 notes**") {
		t.Errorf("markdown:\n%s", md)
	}
	var cq []map[string]any
	if err := json.Unmarshal(read(ccPath), &cq); err != nil || len(cq) != 4 {
		t.Errorf("codeclimate: %v, %d issues", err, len(cq))
	}

	// The older forms: --format with one --output PATH.
	legacy := filepath.Join(dir, "legacy.json")
	if code, out, _ := poollint(t, "scan", "--format", "json", "--output", legacy, "../../fixtures/arm/headline.json"); code != 1 || out != "" {
		t.Errorf("--format json --output PATH: exit %d, stdout %q", code, out)
	}
	if !strings.Contains(string(read(legacy)), `"ruleId": "PL001"`) {
		t.Errorf("legacy output:\n%s", read(legacy))
	}
	// Two reports for standard output are a usage error, before scanning.
	if code, out, errOut := poollint(t, "scan", "--output", "text", "--output", "json", "../../fixtures/arm/headline.json"); code != 2 || out != "" || !strings.Contains(errOut, "standard output") {
		t.Errorf("two stdout reports: exit %d\n%s%s", code, out, errOut)
	}
}
