package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/poollint/poollint/change"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// TestExampleChanges runs the examples of the change rules (PL400–PL403)
// the way `poollint diff --base REF` judges a pull request, with before/
// as the base and after/ as the head: both directories are scanned on
// their own with the default rules, their clusters compared
// (change.Compare) and the change rules run on the result
// (Engine.CheckChanges). The after side carries the want annotations and
// every change finding must be annotated there (as TestFixtures does); the
// before side carries none. Each side must be a clean configuration (no
// finding of any rule, no error diagnostic), so that the example shows
// only what the change does. Change rules have before/after examples and
// only they do.
func TestExampleChanges(t *testing.T) {
	engine := newEngine(t)
	byID := map[string]*rules.Rule{}
	for _, r := range allRules(t) {
		byID[r.ID] = r
	}
	dirs, err := filepath.Glob(filepath.Join(examplesDir, "PL*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue // .none files
		}
		id := filepath.Base(filepath.Dir(dir))
		r := byID[id]
		if r == nil {
			continue // TestExamples reports it
		}
		_, err := os.Stat(filepath.Join(dir, "before"))
		isChange := err == nil
		if isChange != (r.CheckChange != nil) {
			if r.CheckChange != nil {
				t.Errorf("%s: %s judges a change: its examples are before/ and after/", dir, id)
			} else {
				t.Errorf("%s: %s is not a change rule: its examples are bad/ and good/", dir, id)
			}
			continue
		}
		if !isChange {
			continue
		}
		n++
		t.Run(id+"/"+filepath.Base(dir), func(t *testing.T) {
			checkChangeExample(t, engine, r, dir)
		})
	}
	if n == 0 {
		t.Fatal("no change example found")
	}
}

// checkChangeExample judges the change from dir/before to dir/after.
func checkChangeExample(t *testing.T, engine *rules.Engine, r *rules.Rule, dir string) {
	ctx := context.Background()
	sides := map[string]*Result{}
	for _, side := range []string{"before", "after"} {
		sideDir := filepath.Join(dir, side)
		res := Run(ctx, engine, Options{Paths: []string{sideDir}})
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError {
				t.Errorf("%s: %s", d.Pos, d.Message)
			}
		}
		if res.Files == 0 || len(res.Clusters) == 0 {
			t.Errorf("%s: no cluster was read (%d files)", sideDir, res.Files)
		}
		for _, f := range res.Findings {
			t.Errorf("%s: each side must be a clean configuration, but it gives %s %s", f.Pos, f.RuleID, f.Message)
		}
		sides[side] = res
	}
	fs, errs := engine.CheckChanges(ctx, change.Compare(sides["before"].Clusters, sides["after"].Clusters))
	for _, err := range errs {
		t.Error(err)
	}
	byFile := map[string][]rules.Finding{}
	for _, f := range fs {
		byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
	}
	own := false
	for _, side := range []string{"before", "after"} {
		err := filepath.WalkDir(filepath.Join(dir, side), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".want") {
				return err
			}
			want := readExpectations(t, p)
			if side == "before" {
				if len(want) > 0 {
					t.Errorf("%s: the before side carries no want annotation (the after side does)", p)
				}
				return nil
			}
			own = own || slices.ContainsFunc(want, func(e expectation) bool { return e.Rule == r.ID })
			compare(t, p, want, byFile[p])
			delete(byFile, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for file, fs := range byFile {
		for _, f := range fs {
			t.Errorf("change finding outside the after side's files: %s: %s %s", file, f.RuleID, f.Message)
		}
	}
	if !own {
		t.Errorf("%s/after: no want annotation names %s", dir, r.ID)
	}
}
