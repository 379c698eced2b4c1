package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/poollint/poollint/fixtures/examples"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// examplesDir holds the rule examples (package examples; the rule pages
// show them). TestFixtures and TestOutputGolden leave it to the tests here.
const examplesDir = "../fixtures/examples"

// isExamplesDir tells the scans of the whole fixtures tree to skip the
// examples.
func isExamplesDir(p string) bool {
	return filepath.Clean(p) == filepath.Clean(examplesDir) || strings.HasSuffix(filepath.ToSlash(p), "/fixtures/examples")
}

// exampleFormats is the input format (nodepool.Cluster.Format) of each
// example name, for rules that name Formats.
var exampleFormats = map[string][]string{
	"arm":               {"arm"},
	"bicep":             {"bicep"},
	"terraform-azurerm": {"terraform", "terraform-plan"},
	"terraform-aws":     {"terraform", "terraform-plan"},
	"aso":               {"aso"},
	"cluster-api-capz":  {"cluster-api"},
	"eksctl":            {"eksctl"},
	"cloudformation":    {"cloudformation"},
	"karpenter":         {"karpenter"},
	"cluster-api-capa":  {"cluster-api"},
}

// platformExamples are the example names of each rule platform.
var platformExamples = map[string][]string{
	"AKS":         {"arm", "bicep", "terraform-azurerm", "aso", "cluster-api-capz"},
	"EKS":         {"terraform-aws", "eksctl", "cloudformation", "cluster-api-capa"},
	"Karpenter":   {"karpenter"},
	"Kubernetes":  {"cluster-api-capz", "cluster-api-capa"},
	"Cluster API": {"cluster-api-capz", "cluster-api-capa"},
}

// exampleNames are the example names a rule applies to, in doc order.
func exampleNames(r *rules.Rule) []string {
	var out []string
	for _, name := range examples.Names {
		applies := len(r.Platforms) == 0
		for _, p := range r.Platforms {
			applies = applies || slices.Contains(platformExamples[p], name)
		}
		if len(r.Formats) > 0 {
			ok := false
			for _, f := range exampleFormats[name] {
				ok = ok || slices.Contains(r.Formats, f)
			}
			applies = applies && ok
		}
		if applies {
			out = append(out, name)
		}
	}
	return out
}

// allRules is every built-in rule, the presets' too.
func allRules(t *testing.T) []*rules.Rule {
	t.Helper()
	e, err := rules.NewEngineWith(context.Background(), rules.Options{Presets: rules.Presets()})
	if err != nil {
		t.Fatal(err)
	}
	return e.Rules()
}

// exampleSides are the sides an example directory holds: bad and good, or
// before and after (a change rule), and nothing else.
func exampleSides(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var sides []string
	for _, e := range entries {
		if !e.IsDir() || !slices.Contains(examples.Sides, e.Name()) {
			t.Errorf("%s/%s: an example holds only bad/ and good/ (or before/ and after/)", dir, e.Name())
			continue
		}
		sides = append(sides, e.Name())
	}
	if s := strings.Join(sides, " "); s != "bad good" && s != "after before" {
		t.Errorf("%s: has %q; want bad/ and good/, or before/ and after/", dir, s)
	}
	return sides
}

// TestExamples scans each example on its own (nothing links across
// examples) with the default rules, plus the rule's preset when it has
// one: a bad side must carry a want annotation of its rule and every
// finding must be annotated (as TestFixtures does); a good side must give
// no finding of any rule. No side may give an error diagnostic. The tree
// itself is checked too: known rules, known names that the rule applies
// to, a one-line reason in each .none file.
func TestExamples(t *testing.T) {
	byID := map[string]*rules.Rule{}
	for _, r := range allRules(t) {
		byID[r.ID] = r
	}
	engines := map[string]*rules.Engine{}
	engine := func(preset string) *rules.Engine {
		if e := engines[preset]; e != nil {
			return e
		}
		opts := rules.Options{}
		if preset != "" {
			opts.Presets = []string{preset}
		}
		e, err := rules.NewEngineWith(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		engines[preset] = e
		return e
	}
	ids, err := os.ReadDir(examplesDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, idEntry := range ids {
		if !idEntry.IsDir() {
			continue // examples.go
		}
		id := idEntry.Name()
		r := byID[id]
		if r == nil {
			t.Errorf("%s/%s: no rule has that ID", examplesDir, id)
			continue
		}
		entries, err := os.ReadDir(filepath.Join(examplesDir, id))
		if err != nil {
			t.Fatal(err)
		}
		names := exampleNames(r)
		for _, e := range entries {
			name, none := strings.CutSuffix(e.Name(), ".none")
			path := filepath.Join(examplesDir, id, e.Name())
			switch {
			case !slices.Contains(examples.Names, name) || none == e.IsDir():
				t.Errorf("%s: want a directory or a .none file named after one of %v", path, examples.Names)
				continue
			case !slices.Contains(names, name):
				t.Errorf("%s: %s does not apply to %s (platforms %v)", path, id, name, r.Platforms)
			}
			if none {
				data, err := os.ReadFile(path)
				if reason := strings.TrimSpace(string(data)); err != nil || reason == "" || strings.Contains(reason, "\n") {
					t.Errorf("%s: want one line saying why %s cannot be written in %s", path, id, name)
				}
				if _, err := os.Stat(filepath.Join(examplesDir, id, name)); err == nil {
					t.Errorf("%s: both an example and a .none file", path)
				}
				continue
			}
			sides := exampleSides(t, path)
			if !slices.Contains(sides, "bad") {
				continue // change rules: see the before/after test
			}
			n++
			t.Run(id+"/"+name, func(t *testing.T) {
				checkExample(t, engine(r.Preset), r, path)
			})
		}
	}
	if n == 0 {
		t.Fatal("no example found")
	}
}

// checkExample scans bad/ and good/ of one example.
func checkExample(t *testing.T, engine *rules.Engine, r *rules.Rule, dir string) {
	for _, side := range []string{"bad", "good"} {
		sideDir := filepath.Join(dir, side)
		res := Run(context.Background(), engine, Options{Paths: []string{sideDir}})
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError {
				t.Errorf("%s: %s", d.Pos, d.Message)
			}
		}
		if res.Files == 0 {
			t.Errorf("%s: no file was parsed", sideDir)
		}
		if side == "good" {
			for _, f := range res.Findings {
				t.Errorf("%s: the good side must give no finding: %s %s", f.Pos, f.RuleID, f.Message)
			}
			continue
		}
		byFile := map[string][]rules.Finding{}
		for _, f := range res.Findings {
			byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
		}
		own := false
		err := filepath.WalkDir(sideDir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".want") {
				return err
			}
			want := readExpectations(t, p)
			for _, w := range want {
				own = own || w.Rule == r.ID
			}
			compare(t, p, want, byFile[p])
			delete(byFile, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for file, fs := range byFile {
			for _, f := range fs {
				t.Errorf("finding outside the example's files: %s: %s %s", file, f.RuleID, f.Message)
			}
		}
		if !own {
			t.Errorf("%s: no want annotation names %s", sideDir, r.ID)
		}
	}
}

// examplesMissing lists the examples not written yet, one "RULE name" a
// line, grouped by name: the coverage test accepts exactly these gaps.
// Remove a line when its example (or .none file) lands; the list ends
// empty.
const examplesMissing = "testdata/examples-missing.txt"

// TestExamplesCoverage: every rule has, for every example name it applies
// to, an example or a .none file, but those listed in examplesMissing,
// which must all still be missing.
func TestExamplesCoverage(t *testing.T) {
	data, err := os.ReadFile(examplesMissing)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			missing[line] = true
		}
	}
	var add []string
	for _, r := range allRules(t) {
		for _, name := range exampleNames(r) {
			key := r.ID + " " + name
			_, errNone := os.Stat(filepath.Join(examplesDir, r.ID, name+".none"))
			_, errDir := os.Stat(filepath.Join(examplesDir, r.ID, name))
			have := errNone == nil || errDir == nil
			switch {
			case have && missing[key]:
				t.Errorf("%s: %q is written now; remove it from the list", examplesMissing, key)
			case !have && !missing[key]:
				add = append(add, key)
			}
			delete(missing, key)
		}
	}
	for key := range missing {
		t.Errorf("%s: %q names no rule and example name it applies to; remove it", examplesMissing, key)
	}
	if len(add) > 0 {
		sort.Strings(add)
		t.Errorf("no example (fixtures/examples/<RULE>/<name>/bad+good) nor .none file for:\n%s", strings.Join(add, "\n"))
	}
}
