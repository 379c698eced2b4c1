package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
)

// TestOutputGolden: a scan of every fixture, and of the shared corpus when
// it is there, gives exactly the findings (rule, severity, position,
// message, fingerprint) and diagnostics recorded in
// scan/testdata/output-*.golden.json. A change that moves any output shows
// here as a diff to review; regenerate after an intended one with:
//
//	go test ./scan -run OutputGolden -update
func TestOutputGolden(t *testing.T) {
	for _, tc := range []struct{ name, path string }{
		{"fixtures", "../fixtures"},
		{"corpus", "../../shared/corpus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.path); err != nil {
				t.Skipf("%s not here: %v", tc.path, err)
			}
			// The examples have a test of their own (TestExamples).
			res := Run(context.Background(), newEngine(t), Options{Paths: []string{tc.path}, Exclude: isExamplesDir})
			type line struct {
				Rule, Severity, Pos, Message, Fingerprint string `json:",omitempty"`
				Suppressed                                bool   `json:",omitempty"`
			}
			var out []line
			for _, f := range res.Findings {
				out = append(out, line{Rule: f.RuleID, Severity: f.Severity.String(), Pos: f.Pos.String(), Message: f.Message,
					Fingerprint: f.Fingerprint(), Suppressed: f.Suppression != nil})
			}
			for _, d := range res.Diags {
				out = append(out, line{Severity: string(d.Level), Pos: d.Pos.String(), Message: d.Message})
			}
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetIndent("", " ")
			if err := enc.Encode(out); err != nil {
				t.Fatal(err)
			}
			golden := "testdata/output-" + tc.name + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (create it with -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("output differs from %s:\n%s", golden, firstDiff(string(want), b.String()))
			}
		})
	}
}
