package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/poollint/poollint/rules"
)

// Text writes compiler-style lines:
//
//	path:line:col: severity: message (PL001 basic-lb-multiple-pools)
//
// followed by the files that could not be read and a summary line.
func Text(w io.Writer, in *Input) error {
	var b strings.Builder
	counts := map[rules.Severity]int{}
	for _, f := range in.Findings {
		counts[f.Severity]++
		fmt.Fprintf(&b, "%s: %s: %s (%s %s)\n", f.Pos, f.Severity, f.Message, f.RuleID, f.RuleName)
	}
	diags := in.diags()
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s\n", d.Pos, d.Level, firstLine(d.Message))
	}
	fmt.Fprintf(&b, "%d files scanned: %d errors, %d warnings, %d notes", in.Files, counts[rules.Error], counts[rules.Warning], counts[rules.Note])
	if n := countErrors(in); n > 0 {
		fmt.Fprintf(&b, "; %d input file problem", n)
		if n > 1 {
			b.WriteString("s")
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func countErrors(in *Input) int {
	n := 0
	for _, d := range in.Diags {
		if d.Level == "error" {
			n++
		}
	}
	return n
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
