package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// TestAnnotationCap: 14 errors, 3 warnings, 12 notes and an unreadable
// file. GitHub shows 10 annotations per level in a step: the github format
// writes 10 errors (those on lines the pull request changed first), the 3
// warnings, 9 notes, and a notice saying 8 more (5 errors with the file problem, 3 notes) are in the job summary.
func TestAnnotationCap(t *testing.T) {
	var fs []rules.Finding
	add := func(n int, sev rules.Severity, file string) {
		for i := range n {
			fs = append(fs, rules.Finding{RuleID: "PL001", RuleName: "r", Severity: sev, Message: "m",
				Pos: nodepool.Pos{File: file, Line: i + 1, Col: 1}})
		}
	}
	add(14, rules.Error, "a.json")
	add(3, rules.Warning, "a.json")
	add(12, rules.Note, "a.json")
	in := &Input{
		Findings: fs,
		Diags:    []parsers.Diagnostic{{Pos: nodepool.Pos{File: "b.json", Line: 2}, Level: parsers.LevelError, Message: "invalid JSON"}},
		// The pull request changed lines 12 to 14 of a.json.
		Changed: func(file string, line int) bool { return file == "a.json" && line >= 12 },
	}
	var b bytes.Buffer
	if err := GitHub(&b, in); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	count := map[string]int{}
	for _, l := range lines {
		level, _, _ := strings.Cut(strings.TrimPrefix(l, "::"), " ")
		count[level]++
	}
	if count["error"] != 10 || count["warning"] != 3 || count["notice"] != 10 || len(lines) != 23 {
		t.Fatalf("annotations per level %v (%d lines):\n%s", count, len(lines), b.String())
	}
	for i, want := range []string{"line=12,", "line=13,", "line=14,", "line=1,"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("annotation %d is %q, want the changed lines first (%s)", i, lines[i], want)
		}
	}
	last := lines[len(lines)-1]
	if want := "::notice title=poollint::+8 more in the job summary (5 errors, 3 notes)"; !strings.HasPrefix(last, want) {
		t.Errorf("last annotation %q, want %q", last, want)
	}
	// Within the limits, everything is written and no notice is added.
	in.Findings = fs[:5]
	b.Reset()
	if err := GitHub(&b, in); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n != 6 || strings.Contains(b.String(), "more in the job summary") {
		t.Errorf("%d annotations:\n%s", n, b.String())
	}
}

// TestMarkdownBreakdown: the job summary has a table per rule and per file
// and lists errors before warnings.
func TestMarkdownBreakdown(t *testing.T) {
	in := &Input{Files: 2, Findings: []rules.Finding{
		{RuleID: "PL020", RuleName: "basic-lb-retired", Severity: rules.Warning, Message: "w", Pos: nodepool.Pos{File: "a.json", Line: 1}},
		{RuleID: "PL001", RuleName: "basic-lb-multiple-pools", Severity: rules.Error, Message: "e", Pos: nodepool.Pos{File: "a.json", Line: 1}},
		{RuleID: "PL001", RuleName: "basic-lb-multiple-pools", Severity: rules.Error, Message: "e", Pos: nodepool.Pos{File: "b.json", Line: 1}},
	}}
	var b bytes.Buffer
	if err := Markdown(&b, in); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"#### Findings per rule\n\n| Rule | Errors | Warnings | Notes |\n| --- | ---: | ---: | ---: |\n| PL001 basic\\-lb\\-multiple\\-pools | 2 | 0 | 0 |\n| PL020 basic\\-lb\\-retired | 0 | 1 | 0 |\n",
		"#### Findings per file\n\n| File | Errors | Warnings | Notes |\n| --- | ---: | ---: | ---: |\n| a\\.json | 1 | 1 | 0 |\n| b\\.json | 1 | 0 | 0 |\n",
		"#### Top findings\n\n| Severity | Location | Rule | Message |\n| --- | --- | --- | --- |\n| error | a\\.json\\:1\\:0 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("job summary lacks\n%s\nin\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "| error | b\\.json"), strings.Index(out, "| warning |"); i < 0 || j < i {
		t.Errorf("errors are not listed before warnings:\n%s", out)
	}
}

func TestCounts(t *testing.T) {
	in := hostile()
	var b bytes.Buffer
	if err := Counts(&b, in); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "errors=1\nwarnings=1\nnotes=0\nsuppressed=0\ninput-errors=1\n"; got != want {
		t.Errorf("counts %q, want %q", got, want)
	}
}
