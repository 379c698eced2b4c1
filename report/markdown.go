package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/poollint/poollint/finding"
)

// maxMarkdownRows bounds the findings listed in the Markdown report (a job
// summary is limited in size); the counts always cover all of them.
const maxMarkdownRows = 50

// Markdown writes a summary for GitHub's job summary ($GITHUB_STEP_SUMMARY):
// the counts, the settings that changed the outcome (configuration, rules
// not run, fail-on, exclusions, baseline, suppressions), and a table of
// findings and input problems. Text from the scanned files is escaped so
// that it can form neither Markdown nor HTML.
func Markdown(w io.Writer, in *Input) error {
	var b strings.Builder
	counts, suppressed := in.tally()
	b.WriteString("### poollint\n\n")
	fmt.Fprintf(&b, "**%d errors, %d warnings, %d notes** in %d files scanned", counts[finding.Error], counts[finding.Warning], counts[finding.Note], in.Files)
	if n := countErrors(in); n > 0 {
		fmt.Fprintf(&b, "; **%d input file %s** (the scan is incomplete)", n, plural(n, "problem"))
	}
	b.WriteString("\n\n")
	if seen := in.Seen.lines(); len(seen) > 0 {
		line := strings.Join(seen, "; ")
		b.WriteString(mdText(strings.ToUpper(line[:1])+line[1:]) + "\n\n")
	}

	b.WriteString("| Setting | Value |\n| --- | --- |\n")
	row := func(k, v string) { fmt.Fprintf(&b, "| %s | %s |\n", k, v) }
	s := in.Settings
	if s == nil {
		s = &Settings{}
	}
	if s.Config != "" {
		row("Configuration", mdText(s.Config))
	} else {
		row("Configuration", "none")
	}
	if s.ConfigIgnored != "" {
		row("Not applied (above the repository root)", mdText(s.ConfigIgnored))
	}
	if len(s.Disabled) > 0 {
		row(fmt.Sprintf("Rules not run (%s)", mdText(strings.Join(s.DisabledBy, ", "))), mdText(strings.Join(s.Disabled, ", ")))
	}
	if len(s.Severity) > 0 {
		row("Severity changed", mdText(strings.Join(s.Severity, ", ")))
	}
	failOn := s.FailOn
	if failOn == "" {
		failOn = "error"
	}
	row("fail-on", mdText(failOn))
	row("Paths skipped by exclude", fmt.Sprint(s.Excluded))
	row("Findings suppressed inline", fmt.Sprint(suppressed))
	if s.Baseline != "" {
		row("Findings hidden by the baseline "+mdText(s.Baseline), fmt.Sprint(s.Baselined))
	}
	if len(s.Presets) > 0 {
		row("Presets", mdText(strings.Join(s.Presets, ", ")))
	}
	if len(s.Policies) > 0 {
		ps := make([]string, len(s.Policies))
		for i, p := range s.Policies {
			ps[i] = mdText(p)
		}
		row("User policies", strings.Join(ps, ", "))
	}

	in.markdownChanges(&b)
	in.markdownBreakdown(&b)
	diags := in.diags()
	if len(in.Findings)-suppressed+len(diags) > 0 {
		b.WriteString("\n#### Top findings\n\n| Severity | Location | Rule | Message |\n| --- | --- | --- | --- |\n")
		rows := 0
		for _, f := range in.topFindings() {
			if f.Suppression != nil {
				continue
			}
			if rows++; rows > maxMarkdownRows {
				break
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", f.Severity, mdText(f.Pos.String()), mdText(f.RuleID+" "+f.RuleName), mdText(f.Message))
		}
		for _, d := range diags {
			if rows++; rows > maxMarkdownRows {
				break
			}
			fmt.Fprintf(&b, "| %s | %s | input | %s |\n", d.Level, mdText(d.Pos.String()), mdText(firstLine(d.Message)))
		}
		if rows > maxMarkdownRows {
			fmt.Fprintf(&b, "\nOnly the first %d are listed (errors first); the SARIF report and the text report in the log have them all.\n", maxMarkdownRows)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdText escapes text for a Markdown table cell: control characters as
// Escape writes them, then every ASCII punctuation character with a
// backslash, so nothing forms emphasis, a link, an HTML tag, an entity or a
// cell border.
func mdText(s string) string {
	s = Escape(s)
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
