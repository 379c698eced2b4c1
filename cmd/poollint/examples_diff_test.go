package main

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/poollint/poollint/fixtures/examples"
)

// exampleWant matches a `want PL400 …` annotation; exampleWantID its rule
// IDs (the message patterns are scan's TestExampleChanges' to check).
var (
	exampleWant    = regexp.MustCompile(`(?://|#)\s*want\s+(.*)$`)
	exampleWantID  = regexp.MustCompile(`PL\d{3}`)
	exampleWantMsg = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

// TestExampleChangesDiff runs `poollint diff --base` on every change-rule
// example (fixtures/examples/PL40x/<name>/before → after) in a scratch git
// repository, as a pull request would: the base commit holds before/, the
// working tree after/. The findings must be exactly the after side's want
// annotations (rule and line), which the rule pages show.
func TestExampleChangesDiff(t *testing.T) {
	fsys := examples.FS()
	dirs, err := fs.Glob(fsys, "PL*/*/before")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no change example")
	}
	for _, before := range dirs {
		ex := path.Dir(before)
		t.Run(ex, func(t *testing.T) {
			base, head := sideFiles(t, fsys, before), sideFiles(t, fsys, path.Join(ex, "after"))
			dir := gitRepo(t, base)
			gitIn(t, dir, "rm", "-q", "-r", ".")
			writeFiles(t, dir, head)
			var want []string
			for name, text := range head {
				want = append(want, wantedFindings(t, name, text)...)
			}
			_, found, errOut := runDiff(t, dir)
			var got []string
			for _, f := range found {
				got = append(got, fmt.Sprintf("%s:%d %s", path.Base(f.Pos.File), f.Pos.Line, f.RuleID))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("poollint diff gives\n%s\nthe after side wants\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), errOut)
			}
		})
	}
}

// sideFiles reads one side of an example (sidecar .want files included).
func sideFiles(t *testing.T, fsys fs.FS, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		files[strings.TrimPrefix(p, dir+"/")] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// wantedFindings lists "file:line RULE" for each want annotation of a file
// (or line of its .want sidecar).
func wantedFindings(t *testing.T, name, text string) []string {
	t.Helper()
	var out []string
	if file, ok := strings.CutSuffix(name, ".want"); ok {
		for _, line := range strings.Split(text, "\n") {
			num, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
			if n, err := strconv.Atoi(num); err == nil {
				out = append(out, fmt.Sprintf("%s:%d %s", path.Base(file), n, exampleWantID.FindString(rest)))
			}
		}
		return out
	}
	for i, line := range strings.Split(text, "\n") {
		m := exampleWant.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		// Only the IDs outside the quoted message patterns.
		rest := exampleWantMsg.ReplaceAllString(m[1], "")
		for _, id := range exampleWantID.FindAllString(rest, -1) {
			out = append(out, fmt.Sprintf("%s:%d %s", path.Base(name), i+1, id))
		}
	}
	return out
}
