package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/poollint/poollint/finding"
)

// maxBreakdownRows bounds the per-rule and per-file tables of the job
// summary.
const maxBreakdownRows = 30

// markdownBreakdown writes the job summary's tables of findings (not
// suppressed) per rule and per file, with their counts by severity, the
// largest first.
func (in *Input) markdownBreakdown(b *strings.Builder) {
	type counts struct {
		key                     string
		errors, warnings, notes int
	}
	tally := func(keyOf func(f finding.Finding) string) []*counts {
		by := map[string]*counts{}
		for _, f := range in.Findings {
			if f.Suppression != nil {
				continue
			}
			k := keyOf(f)
			c := by[k]
			if c == nil {
				c = &counts{key: k}
				by[k] = c
			}
			switch f.Severity {
			case finding.Error:
				c.errors++
			case finding.Warning:
				c.warnings++
			default:
				c.notes++
			}
		}
		out := make([]*counts, 0, len(by))
		for _, c := range by {
			out = append(out, c)
		}
		sort.Slice(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.errors != b.errors {
				return a.errors > b.errors
			}
			if a.errors+a.warnings+a.notes != b.errors+b.warnings+b.notes {
				return a.errors+a.warnings+a.notes > b.errors+b.warnings+b.notes
			}
			return a.key < b.key
		})
		return out
	}
	table := func(title, column string, rows []*counts) {
		if len(rows) == 0 {
			return
		}
		fmt.Fprintf(b, "\n#### %s\n\n| %s | Errors | Warnings | Notes |\n| --- | ---: | ---: | ---: |\n", title, column)
		for i, c := range rows {
			if i == maxBreakdownRows {
				fmt.Fprintf(b, "| … and %d more | | | |\n", len(rows)-i)
				break
			}
			fmt.Fprintf(b, "| %s | %d | %d | %d |\n", mdText(c.key), c.errors, c.warnings, c.notes)
		}
	}
	table("Findings per rule", "Rule", tally(func(f finding.Finding) string { return f.RuleID + " " + f.RuleName }))
	table("Findings per file", "File", tally(func(f finding.Finding) string { return f.Pos.File }))
}

// topFindings are the findings in the order a reader should see them:
// errors, then warnings, then notes; within a severity, lines the pull
// request changed first, then report order.
func (in *Input) topFindings() []finding.Finding {
	out := append([]finding.Finding(nil), in.Findings...)
	changed := func(f finding.Finding) bool { return in.Changed != nil && in.Changed(f.Pos.File, f.Pos.Line) }
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Severity != out[j].Severity {
			return out[i].Severity > out[j].Severity
		}
		return changed(out[i]) && !changed(out[j])
	})
	return out
}
