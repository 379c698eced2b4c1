package scan

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// expectation is one `want` annotation: a finding of Rule on Line whose
// message matches Msg (when given).
type expectation struct {
	Line int
	Rule string
	Msg  *regexp.Regexp
}

var (
	wantComment = regexp.MustCompile(`(?://|#)\s*want\s+(.*)$`)
	wantItem    = regexp.MustCompile(`\s*(PL\d{3})(?:\s+("(?:[^"\\]|\\.)*"))?`)
)

// readExpectations collects the `// want PL001 "regexp" PL002` comments of
// a fixture, analysistest style: each names a finding expected on its line.
func readExpectations(t *testing.T, path string) []expectation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []expectation
	if side, err := os.ReadFile(path + ".want"); err == nil {
		out = append(out, readSidecar(t, path+".want", string(side))...)
	}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		m := wantComment.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		rest := m[1]
		for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
			im := wantItem.FindStringSubmatchIndex(rest)
			if im == nil || im[0] != 0 {
				t.Fatalf("%s:%d: cannot read want annotation at %q", path, line, rest)
			}
			e := expectation{Line: line, Rule: rest[im[2]:im[3]]}
			if im[4] >= 0 {
				pattern, err := strconv.Unquote(rest[im[4]:im[5]])
				if err != nil {
					t.Fatalf("%s:%d: bad message pattern: %v", path, line, err)
				}
				e.Msg = regexp.MustCompile(pattern)
			}
			out = append(out, e)
			rest = rest[im[1]:]
		}
	}
	return out
}

func newEngine(t testing.TB) *rules.Engine {
	t.Helper()
	e, err := rules.NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// readSidecar reads FILE.want, for fixtures that cannot carry comments:
// one `LINE RULE "regexp"` per line, # comments allowed.
func readSidecar(t *testing.T, path, text string) []expectation {
	t.Helper()
	var out []expectation
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		num, rest, _ := strings.Cut(line, " ")
		n, err := strconv.Atoi(num)
		im := wantItem.FindStringSubmatchIndex(rest)
		if err != nil || im == nil {
			t.Fatalf("%s:%d: want `LINE RULE \"regexp\"`", path, i+1)
		}
		e := expectation{Line: n, Rule: rest[im[2]:im[3]]}
		if im[4] >= 0 {
			pattern, err := strconv.Unquote(rest[im[4]:im[5]])
			if err != nil {
				t.Fatalf("%s:%d: %v", path, i+1, err)
			}
			e.Msg = regexp.MustCompile(pattern)
		}
		out = append(out, e)
	}
	return out
}

// TestFixtures scans the fixtures tree (but fixtures/invalid and
// fixtures/examples) at once, as a
// user scans a repository, and compares the findings with the want
// annotations of every file, line by line. A finding may land in another
// file than the one that caused it (a .bicepparam file's findings are in its
// template), so expectations and findings are matched per file they name.
func TestFixtures(t *testing.T) {
	engine := newEngine(t)
	var files, paths []string
	err := filepath.WalkDir("../fixtures", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "invalid" || isExamplesDir(p)) { // examples: TestExamples
			return filepath.SkipDir
		}
		if !d.IsDir() && !strings.HasSuffix(p, ".golden") && !strings.HasSuffix(p, ".want") {
			files = append(files, p)
		}
		if d.IsDir() && filepath.Dir(p) == "../fixtures" {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("found only %d fixtures", len(files))
	}
	res := Run(context.Background(), engine, Options{Paths: paths})
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			t.Errorf("unexpected diagnostic: %s: %s", d.Pos, d.Message)
		}
	}
	byFile := map[string][]rules.Finding{}
	for _, f := range res.Findings {
		if f.Suppression != nil {
			continue // suppressions have tests of their own
		}
		byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
	}
	for _, file := range files {
		t.Run(strings.TrimPrefix(file, "../fixtures/"), func(t *testing.T) {
			compare(t, file, readExpectations(t, file), byFile[file])
			delete(byFile, file)
		})
	}
	for file, fs := range byFile {
		for _, f := range fs {
			t.Errorf("finding in a file that is not a fixture: %s: %s %s", file, f.RuleID, f.Message)
		}
	}
}

// compare matches findings to expectations and reports both leftovers.
func compare(t *testing.T, file string, want []expectation, got []rules.Finding) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, f := range got {
			if used[i] || f.Pos.Line != w.Line || f.RuleID != w.Rule || (w.Msg != nil && !w.Msg.MatchString(f.Message)) {
				continue
			}
			used[i], found = true, true
			break
		}
		if !found {
			msg := ""
			if w.Msg != nil {
				msg = fmt.Sprintf(" matching %q", w.Msg)
			}
			t.Errorf("%s:%d: missing %s%s; got on that line: %s", file, w.Line, w.Rule, msg, onLine(got, w.Line))
		}
	}
	for i, f := range got {
		if !used[i] {
			t.Errorf("%s: unexpected %s: %s", f.Pos, f.RuleID, f.Message)
		}
	}
}

func onLine(fs []rules.Finding, line int) string {
	var parts []string
	for _, f := range fs {
		if f.Pos.Line == line {
			parts = append(parts, f.RuleID+" "+strconv.Quote(f.Message))
		}
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "; ")
}

// TestInvalidInput checks that a broken file is reported with its position
// and does not stop the scan of the other files.
func TestInvalidInput(t *testing.T) {
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{"../fixtures/invalid", "../fixtures/arm/headline.json"}})
	var errs []string
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			errs = append(errs, fmt.Sprintf("%s: %s", d.Pos, d.Message))
		}
	}
	want := []string{"../fixtures/invalid/broken.json:5:3: invalid JSON: unexpected ']', expected ',' or '}'"}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	if !res.Incomplete() {
		t.Error("a scan with an unreadable file must be incomplete")
	}
	if len(res.Findings) != 4 {
		t.Errorf("the valid file's 4 findings must still be reported, got %d", len(res.Findings))
	}
}
