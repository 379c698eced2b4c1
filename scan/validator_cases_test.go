package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// A validatorCase is one case of a platform validator's own test table
// (a webhook's, a CRD's CEL tests, a provider's acceptance tests), written
// as the file a user would scan. reject says the validator refuses it.
// miss, on a rejected case poollint does not catch, says why (an update
// check needing the previous object, a value known only at apply…): the
// test fails when such a case is caught after all, so the list stays true.
type validatorCase struct {
	name   string
	files  map[string]string // path in the case's directory → content
	reject bool
	miss   string
}

// runValidatorCases scans each case as a directory of its own with the
// rules of every scan (no preset) and holds it to its validator's verdict:
// a rejected case gets an error (a finding or an input error), an accepted
// one none. It logs the share caught, which the measure is.
func runValidatorCases(t *testing.T, family string, cases []validatorCase) {
	t.Helper()
	engine := newEngine(t)
	caught, rejects, missed := 0, 0, 0
	for _, tc := range cases {
		dir := t.TempDir()
		for name, content := range tc.files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res := Run(context.Background(), engine, Options{Paths: []string{dir}, Root: dir})
		var errs []string
		for _, f := range res.Findings {
			if f.Severity == rules.Error {
				errs = append(errs, f.RuleID+": "+f.Message)
			}
		}
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError {
				errs = append(errs, "input error: "+d.Message)
			}
		}
		pools := 0
		for _, c := range res.Clusters {
			pools += len(c.Pools)
		}
		switch {
		case tc.reject && tc.miss != "":
			rejects++
			missed++
			if len(errs) > 0 {
				t.Errorf("%s %s: listed as missed (%s) but caught: %q", family, tc.name, tc.miss, errs)
			}
		case tc.reject:
			rejects++
			if len(errs) > 0 {
				caught++
			} else {
				t.Errorf("%s %s: its validator rejects it, poollint reports no error (%d pools read)\n%s", family, tc.name, pools, caseText(tc))
			}
		case len(errs) > 0:
			t.Errorf("%s %s: its validator accepts it, poollint reports %q\n%s", family, tc.name, errs, caseText(tc))
		case pools == 0:
			t.Errorf("%s %s: accepted case reads no pool, so it tests nothing\n%s", family, tc.name, caseText(tc))
		}
	}
	t.Logf("%s: %d of %d rejected cases caught at error level (%d listed as missed), %d accepted cases without an error", family, caught, rejects, missed, len(cases)-rejects)
}

func caseText(tc validatorCase) string {
	var b strings.Builder
	for name, content := range tc.files {
		b.WriteString("--- " + name + "\n" + content)
		if !strings.HasSuffix(content, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// caseTable collects a family's cases, each named after the upstream file
// (src) of the block that adds it.
type caseTable struct {
	src   string
	cases []validatorCase
}

// add appends a case; miss, if given, says why poollint cannot catch it.
func (tb *caseTable) add(name string, reject bool, files map[string]string, miss ...string) {
	c := validatorCase{name: tb.src + ": " + name, files: files, reject: reject}
	if len(miss) > 0 {
		c.miss = miss[0]
	}
	tb.cases = append(tb.cases, c)
}

// oneFile is a case of a single file.
func oneFile(name, content string) map[string]string { return map[string]string{name: content} }
