package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/poollint/poollint/finding"
)

// GitHub writes workflow commands that GitHub Actions shows as annotations on
// the pull request diff: ::error file=…,line=…,col=…,title=…::message. Every
// value is escaped, so each finding is exactly one command.
func GitHub(w io.Writer, in *Input) error {
	var anns []annotation
	for _, f := range in.Findings {
		if f.Suppression != nil {
			continue
		}
		level := map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Note: "notice"}[f.Severity]
		anns = append(anns, annotation{level: level, pos: f.Pos, line: fmt.Sprintf("::%s file=%s,line=%d,col=%d,title=%s::%s\n", level, escapeProperty(f.Pos.File), f.Pos.Line, f.Pos.Col,
			escapeProperty(f.RuleID+" "+f.RuleName), escapeData(f.Message))})
	}
	for _, d := range in.diags() {
		level := "error"
		if d.Level != finding.LevelError {
			level = "notice"
		}
		loc := "file=" + escapeProperty(d.Pos.File)
		if d.Pos.Line > 0 {
			loc += fmt.Sprintf(",line=%d,col=%d", d.Pos.Line, d.Pos.Col)
		}
		anns = append(anns, annotation{level: level, pos: d.Pos, line: fmt.Sprintf("::%s %s,title=poollint::%s\n", level, loc, escapeData(d.Message))})
	}
	_, err := io.WriteString(w, in.capAnnotations(anns))
	return err
}

// escapeData and escapeProperty follow the workflow command encoding (the
// runner decodes %0D, %0A, %3A, %2C and %25, the last one last): a message
// keeps its line breaks, and a property can hold neither the "," that
// separates properties nor the "::" that ends them. Other control
// characters are then written visibly (Escape), so nothing in a value
// reaches the log raw.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string {
	return Escape(dataEscaper.Replace(s))
}

func escapeProperty(s string) string {
	return Escape(propertyEscaper.Replace(s))
}
