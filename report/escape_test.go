package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

func TestEscape(t *testing.T) {
	cases := map[string]string{
		"plain/path.json":          "plain/path.json",
		"héllo wörld":              "héllo wörld",
		"a\nb\rc\td":               `a\nb\rc\td`,
		"\x1b[31mred\x1b[0m":       `\x1b[31mred\x1b[0m`,
		"nul\x00del\x7f":           `nul\x00del\x7f`,
		"c1\u0085nel":              `c1\u0085nel`,
		"ls\u2028ps\u2029":         `ls\u2028ps\u2029`,
		"bidi\u202eevil\u2066":     `bidi\u202eevil\u2066`,
		"bad\xffutf8":              `bad\xffutf8`,
		"x ##[error]legacy":        `x \x23#[error]legacy`,
		"::error file=a::mid-line": "::error file=a::mid-line", // not at a line start: Escape alone keeps it
	}
	for in, want := range cases {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"::stop-commands::x":  `\x3a:stop-commands::x`,
		"  ::error::x":        `  \x3a:error::x`,
		"\u00a0\u3000::warn":  "\u00a0\u3000\\x3a:warn", // the runner trims Unicode white space too
		"a\n::error::b\n##[x": `a\n::error::b\n\x23#[x`,
		"path.json:1:1: x":    "path.json:1:1: x",
	} {
		if got := SafeLine(in); got != want {
			t.Errorf("SafeLine(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SafeLines("first\n::error::x\n\t::warning::y"); got != "first\n\\x3a:error::x\n\\t::warning::y" {
		t.Errorf("SafeLines = %q", got)
	}
}

// hostile is a result whose every text comes from an attacker's repository:
// a file named with a newline and workflow commands, a user policy's rule
// name, message and position.
func hostile() *Input {
	file := "infra/x\n::stop-commands::abc\n::error file=README.md,line=1::fake\r##[error]legacy\x1b[2K.json"
	return &Input{
		Findings: []finding.Finding{{
			RuleID: "ACME001", RuleName: "name::error::x", Severity: finding.Error,
			Message: "msg\n::error file=a.tf::forged %0A,\u2028next <img src=x> [a](http://x) | cell",
			Pos:     nodepool.Pos{File: file, Line: 3, Col: 1},
		}, {
			RuleID: "PL001", RuleName: "basic-lb-multiple-pools", Severity: finding.Warning, Message: "ok",
			Pos: nodepool.Pos{File: "::error::start.json", Line: 1, Col: 1},
		}},
		Diags: []finding.Diagnostic{{Pos: nodepool.Pos{File: file}, Level: finding.LevelError, Message: "cannot read\n::error::second line"}},
		Files: 2,
		Settings: &Settings{Config: "cfg\n::error::x/.poollint.yaml", Disabled: []string{"PL002 reserved-label-prefix"}, DisabledBy: []string{"rules.disable"},
			FailOn: "none", Excluded: 3, Baseline: "b.json", Baselined: 2, Policies: []string{"p\n::warning::x"}},
	}
}

// workflowCommands returns the lines GitHub's runner would run as workflow
// commands: starting with "::" after leading white space, or holding "##[".
func workflowCommands(out string) []string {
	var cmds []string
	for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.HasPrefix(strings.TrimLeft(line, " \t\u00a0\u3000"), "::") || strings.Contains(line, "##[") {
			cmds = append(cmds, line)
		}
	}
	return cmds
}

// TestNoInjection: no human-readable format lets a file name or a policy's
// text become a workflow command or reach the terminal as a control
// character; the github format emits exactly one command per finding and
// diagnostic, with the file name escaped as a property.
func TestNoInjection(t *testing.T) {
	in := hostile()
	for _, format := range []string{"text", "markdown", "github"} {
		var b bytes.Buffer
		if err := registry[format](&b, in); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.ContainsAny(out, "\r\x1b\u2028") {
			t.Errorf("%s: a control character reached the output:\n%q", format, out)
		}
		cmds := workflowCommands(out)
		if format == "markdown" && (regexp.MustCompile(`[^\\]<img`).MatchString(out) || strings.Contains(out, "[a](") || strings.Contains(out, " | cell")) {
			t.Errorf("markdown: HTML, a link or a cell border from a message:\n%s", out)
		}
		if format != "github" {
			if len(cmds) > 0 {
				t.Errorf("%s: workflow commands in the output: %q", format, cmds)
			}
			continue
		}
		if len(cmds) != 3 {
			t.Fatalf("github: %d commands, want 3 (2 findings, 1 diagnostic):\n%s", len(cmds), out)
		}
		if want := "::error file=infra/x%0A%3A%3Astop-commands%3A%3Aabc%0A%3A%3Aerror file=README.md%2Cline=1%3A%3Afake%0D\\x23#[error]legacy\\x1b[2K.json,line=3,col=1,title=ACME001 name%3A%3Aerror%3A%3Ax::msg%0A::error file=a.tf::forged %250A,\\u2028next <img src=x> [a](http://x) | cell"; cmds[0] != want {
			t.Errorf("github command:\n%s\nwant\n%s", cmds[0], want)
		}
	}
	var b bytes.Buffer
	if err := Text(&b, in); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(b.String(), "\n"); lines != 5 {
		t.Errorf("text: %d lines, want 5 (2 findings, 1 diagnostic, summary, settings):\n%s", lines, b.String())
	}
	if !strings.Contains(b.String(), `\x3a:error::start.json:1:1: warning: ok`) {
		t.Errorf("a file name starting with :: must be escaped at the line start:\n%s", b.String())
	}
	// JSON, SARIF and JUnit carry the text as it is, escaped in their syntax.
	for _, format := range []string{"json", "sarif", "junit"} {
		var b bytes.Buffer
		if err := registry[format](&b, in); err != nil {
			t.Fatal(err)
		}
		if format != "junit" {
			var v struct{ Findings, Runs any }
			if err := json.Unmarshal(b.Bytes(), &v); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if format == "json" && !strings.Contains(fmt.Sprint(v), "\r##[error]legacy\x1b[2K.json") {
				t.Errorf("%s: the file name does not decode to itself: %v", format, v)
			}
		}
		if cmds := workflowCommands(b.String()); len(cmds) > 0 {
			t.Errorf("%s: %q", format, cmds)
		}
	}
}
