package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

// Text writes compiler-style lines:
//
//	path:line:col: severity: message (PL001 basic-lb-multiple-pools)
//
// followed by the files that could not be read, a summary line, and a line
// naming the settings that changed what was checked or reported (the
// configuration file, rules not run, fail-on, exclusions). Text from the
// scanned files is escaped (Escape): one finding is one line, and no line
// can be taken for a CI runner's command.
func Text(w io.Writer, in *Input) error {
	var b strings.Builder
	counts := map[finding.Severity]int{}
	suppressed := 0
	twins := lineTwins(in.Findings)
	shown := map[twinKey]bool{}
	also, absorbed := in.subsumed()
	for i, f := range in.Findings {
		if absorbed[i] {
			continue // printed as "(also …)" on its subsuming rule's line
		}
		if f.Suppression == nil {
			// One line per problem: a finding in a module reached through
			// several calls is printed once, naming the first call and how
			// many more (SARIF and JSON keep each, with its call chain).
			k := twinKey{f.Pos, f.RuleID, f.Message}
			if shown[k] {
				continue
			}
			shown[k] = true
		}
		if f.Suppression != nil {
			suppressed++
			if in.Verbose {
				fmt.Fprintf(&b, "%s: suppressed: %s (%s %s; %s)\n", posText(f.Pos), Escape(f.Message), Escape(f.RuleID), Escape(f.RuleName), Escape(reasonOf(f.Suppression.Reason)))
			}
			continue
		}
		sev := f.Severity
		for _, o := range also[i] {
			sev = max(sev, o.Severity)
		}
		counts[sev]++
		fmt.Fprintf(&b, "%s: %s: %s%s (%s %s)%s\n", in.paint(posText(f.Pos), bold), in.paint(sev.String(), severityColor(sev)), Escape(f.Message), alsoText(also[i]), Escape(f.RuleID), Escape(f.RuleName), via(f, twins))
	}
	diags := in.diags()
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s\n", posText(d.Pos), d.Level, Escape(firstLine(d.Message)))
	}
	fmt.Fprintf(&b, "%d files scanned: %d errors, %d warnings, %d notes", in.Files, counts[finding.Error], counts[finding.Warning], counts[finding.Note])
	if suppressed > 0 {
		fmt.Fprintf(&b, "; %d suppressed", suppressed)
	}
	if s := in.Settings; s != nil && s.Baselined > 0 {
		fmt.Fprintf(&b, "; %d hidden by the baseline", s.Baselined)
	}
	if s := in.Settings; s != nil && s.BaselineStale > 0 {
		if s.BaselineStale == 1 {
			b.WriteString("; 1 baseline entry no longer matches")
		} else {
			fmt.Fprintf(&b, "; %d baseline entries no longer match", s.BaselineStale)
		}
		if !in.Verbose {
			b.WriteString(" (--verbose lists them)")
		}
	}
	if n := countErrors(in); n > 0 {
		fmt.Fprintf(&b, "; %d input file problem", n)
		if n > 1 {
			b.WriteString("s")
		}
	}
	b.WriteString("\n")
	if parts := in.Settings.parts(); len(parts) > 0 {
		b.WriteString("settings: " + strings.Join(parts, "; ") + "\n")
	}
	if seen := in.Seen.lines(); len(seen) > 0 {
		b.WriteString("seen: " + strings.Join(seen, "; ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// posText is a position at the start of a line, escaped.
func posText(p nodepool.Pos) string {
	return guardStart(Escape(p.String()))
}

func countErrors(in *Input) int {
	n := 0
	for _, d := range in.Diags {
		if d.Level == finding.LevelError {
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

func reasonOf(r string) string {
	if r == "" {
		return "no reason given"
	}
	return r
}

// ANSI colours, used only when Input.Color is set (a terminal, NO_COLOR unset).
const (
	bold   = "1"
	red    = "31"
	yellow = "33"
	cyan   = "36"
)

func severityColor(s finding.Severity) string {
	switch s {
	case finding.Error:
		return red
	case finding.Warning:
		return yellow
	}
	return cyan
}

func (in *Input) paint(s, code string) string {
	if !in.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// twinKey is what a finding's text line says.
type twinKey struct {
	pos           nodepool.Pos
	rule, message string
}

// lineTwins counts the findings that would print the same line: one
// module line reached through several module calls.
func lineTwins(fs []finding.Finding) map[twinKey]int {
	n := map[twinKey]int{}
	for _, f := range fs {
		if f.Suppression == nil {
			n[twinKey{f.Pos, f.RuleID, f.Message}]++
		}
	}
	return n
}

// via names the module calls that reached a finding printed for several:
// " (via envs/prod/main.tf:3:1, and 2 more)".
func via(f finding.Finding, twins map[twinKey]int) string {
	n := twins[twinKey{f.Pos, f.RuleID, f.Message}]
	if n < 2 || len(f.Related) == 0 {
		return ""
	}
	calls := make([]string, len(f.Related))
	for i, r := range f.Related {
		calls[i] = Escape(r.String())
	}
	more := ""
	if n > 1 {
		more = fmt.Sprintf(", and %d more", n-1)
	}
	return " (via " + strings.Join(calls, " → ") + more + ")"
}

// subsumed pairs each unsuppressed finding with the findings of rules it
// subsumes (finding.Rule.Subsumes) on the same line, about the same
// cluster and pool: one problem, printed once.
func (in *Input) subsumed() (map[int][]finding.Finding, map[int]bool) {
	subsumes := map[string][]string{}
	for _, r := range in.Rules {
		subsumes[r.ID] = r.Subsumes
	}
	type key struct {
		rule, cluster, pool string
		pos                 nodepool.Pos
	}
	at := map[key]int{}
	for i, f := range in.Findings {
		if f.Suppression == nil {
			at[key{f.RuleID, f.ClusterID, f.PoolID, f.Pos}] = i
		}
	}
	also, absorbed := map[int][]finding.Finding{}, map[int]bool{}
	for i, f := range in.Findings {
		if f.Suppression != nil || absorbed[i] {
			continue
		}
		for _, id := range subsumes[f.RuleID] {
			if j, ok := at[key{id, f.ClusterID, f.PoolID, f.Pos}]; ok && !absorbed[j] && j != i {
				absorbed[j] = true
				also[i] = append(also[i], in.Findings[j])
			}
		}
	}
	return also, absorbed
}

// alsoText names the subsumed rules: " (also PL020 basic-lb-retired)".
func alsoText(fs []finding.Finding) string {
	if len(fs) == 0 {
		return ""
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = Escape(f.RuleID) + " " + Escape(f.RuleName)
	}
	return " (also " + strings.Join(names, ", ") + ")"
}
