package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/poollint/poollint/report"
	"github.com/poollint/poollint/rules"
	"github.com/poollint/poollint/scan"
)

// input scans the headline fixture and a broken file.
func input(t *testing.T) *report.Input {
	t.Helper()
	engine, err := rules.NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res := scan.Run(context.Background(), engine, scan.Options{Paths: []string{"../fixtures/arm/headline.json", "../fixtures/invalid/broken.json"}})
	wd, _ := os.Getwd()
	return &report.Input{Findings: res.Findings, Diags: res.Diags, Rules: rules.Infos(engine.Rules()), Files: res.Files, Version: "test", WorkDir: wd}
}

func render(t *testing.T, format string, in *report.Input) []byte {
	t.Helper()
	r, err := report.Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestText(t *testing.T) {
	got := string(render(t, "text", input(t)))
	want := `../fixtures/arm/headline.json:20:30: error: cluster "prod-weu" uses the Basic load balancer but has 2 node pools; several node pools need the Standard load balancer (also PL020 basic-lb-retired) (PL001 basic-lb-multiple-pools)
../fixtures/arm/headline.json:28:33: error: pool "system" is the first pool of cluster "prod-weu" and has priority "Spot"; the default pool must have Regular priority (PL003 spot-default-pool)
../fixtures/arm/headline.json:38:15: error: node label "kubernetes.azure.com/role" on pool "apps" of cluster "prod-weu" is under kubernetes.azure.com/, which AKS reserves (PL002 reserved-label-prefix)
../fixtures/invalid/broken.json:5:3: error: invalid JSON: unexpected ']', expected ',' or '}'
2 files scanned: 3 errors, 0 warnings, 0 notes; 1 input file problem
`
	if got != want {
		t.Errorf("text report:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSON(t *testing.T) {
	var doc struct {
		Findings []struct {
			RuleID      string `json:"ruleId"`
			Severity    string `json:"severity"`
			Fingerprint string `json:"fingerprint"`
			Pos         struct{ Line int }
		}
		Diagnostics []struct{ Level string }
	}
	if err := json.Unmarshal(render(t, "json", input(t)), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 4 || doc.Findings[0].RuleID != "PL001" || doc.Findings[0].Severity != "error" || doc.Findings[0].Pos.Line != 20 {
		t.Errorf("findings = %+v", doc.Findings)
	}
	if len(doc.Findings[0].Fingerprint) != 32 {
		t.Errorf("fingerprint %q", doc.Findings[0].Fingerprint)
	}
	if len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Level != "error" {
		t.Errorf("diagnostics = %+v", doc.Diagnostics)
	}
}

// TestSARIFSchema validates the SARIF log against the OASIS schema in
// ../shared when it is there.
func TestSARIFSchema(t *testing.T) {
	schemaPath, _ := filepath.Abs("../../shared/schemas/sarif-schema-2.1.0.json")
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("SARIF schema not available (%v): ../shared is absent in this clone", err)
	}
	sch, err := jsonschema.NewCompiler().Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	in := input(t)
	// Add suppressed findings and findings with related locations (module
	// calls), so every SARIF construct poollint writes is validated.
	engine, err := rules.NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	more := scan.Run(context.Background(), engine, scan.Options{Paths: []string{"../fixtures/suppressions", "../fixtures/terraform/modules"}})
	in.Findings = append(in.Findings, more.Findings...)
	suppressed, related := 0, 0
	for _, f := range more.Findings {
		if f.Suppression != nil {
			suppressed++
		}
		related += len(f.Related)
	}
	if suppressed == 0 || related == 0 {
		t.Fatalf("the extra fixtures gave %d suppressed and %d related", suppressed, related)
	}
	out := render(t, "sarif", in)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, out)
	}
}

// TestSARIFContent checks what GitHub code scanning reads.
func TestSARIFContent(t *testing.T) {
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID                   string
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						}
						Region struct{ StartLine, StartColumn int }
					}
				}
				PartialFingerprints map[string]string
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct{ Level string }
			}
		}
	}
	in := input(t)
	first := render(t, "sarif", in)
	if err := json.Unmarshal(first, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) < 4 || run.Tool.Driver.Rules[0].ID != "PL001" || run.Tool.Driver.Rules[0].DefaultConfiguration.Level != "error" {
		t.Errorf("rules = %+v", run.Tool.Driver.Rules)
	}
	if !strings.HasPrefix(run.OriginalURIBaseIDs["SRCROOT"].URI, "file:///") {
		t.Errorf("originalUriBaseIds = %+v", run.OriginalURIBaseIDs)
	}
	if len(run.Results) != 4 {
		t.Fatalf("%d results", len(run.Results))
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if r.RuleID != "PL001" || r.Level != "error" || loc.ArtifactLocation.URI != "../fixtures/arm/headline.json" ||
		loc.ArtifactLocation.URIBaseID != "SRCROOT" || loc.Region.StartLine != 20 || loc.Region.StartColumn != 30 {
		t.Errorf("first result = %+v", r)
	}
	if len(r.PartialFingerprints["poollint/v2"]) != 32 {
		t.Errorf("partialFingerprints = %v", r.PartialFingerprints)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Level != "error" {
		t.Errorf("invocation = %+v", inv)
	}
	if again := render(t, "sarif", input(t)); !bytes.Equal(first, again) {
		t.Error("SARIF differs between two runs over the same input")
	}
}

func TestLookupUnknown(t *testing.T) {
	if _, err := report.Lookup("xml"); err == nil || !strings.Contains(err.Error(), "github, json, junit, markdown, sarif, text") {
		t.Errorf("Lookup(xml) error = %v", err)
	}
}

func TestJUnit(t *testing.T) {
	out := string(render(t, "junit", input(t)))
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suite    struct {
			Cases []struct {
				Classname string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
				Failure   *struct {
					Type    string `xml:"type,attr"`
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Tests != 5 || doc.Failures != 4 || doc.Errors != 1 {
		t.Errorf("tests %d failures %d errors %d\n%s", doc.Tests, doc.Failures, doc.Errors, out)
	}
	c := doc.Suite.Cases[0]
	if c.Classname != "PL001 basic-lb-multiple-pools" || c.Name != "../fixtures/arm/headline.json:20:30" || c.Failure == nil || c.Failure.Type != "error" {
		t.Errorf("first case %+v", c)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	got := string(render(t, "github", input(t)))
	want := "::error file=../fixtures/arm/headline.json,line=20,col=30,title=PL001 basic-lb-multiple-pools::cluster \"prod-weu\" uses the Basic load balancer but has 2 node pools; several node pools need the Standard load balancer\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("got:\n%s\nwant first line:\n%s", got, want)
	}
	if !strings.Contains(got, "::error file=../fixtures/invalid/broken.json,line=5,col=3,title=poollint::invalid JSON") {
		t.Errorf("parse error annotation missing:\n%s", got)
	}
}
