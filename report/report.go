// Package report renders scan results. Every format reads the same sorted
// findings and diagnostics; formats are registered by name so the CLI's
// --format flag is a lookup, as in conftest's output registry.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/poollint/poollint/finding"
)

// Input is what a reporter renders.
type Input struct {
	Findings []finding.Finding
	Diags    []finding.Diagnostic
	Rules    []*finding.Rule
	Files    int
	// Verbose includes notes among the diagnostics.
	Verbose bool
	// Version is poollint's version for tool metadata.
	Version string
	// WorkDir is the absolute directory relative paths are taken from.
	WorkDir string
	// Color paints the text report for a terminal.
	Color bool
	// Settings say what changed the outcome besides the files (nil: none).
	Settings *Settings
	// Changed, when set, reports whether a line was changed by the pull
	// request (--changed-since): annotations show those first.
	Changed func(file string, line int) bool
	// Seen says what the scan looked at, checked and could not read (nil:
	// not known).
	Seen *Seen
	// SARIFCategory is SARIF's automationDetails.id ("" for "poollint/"),
	// which tells code scanning apart the analyses of one commit.
	SARIFCategory string
}

// Settings are what changed which findings a run reports or fails on, so
// that a configuration file cannot switch checks off unseen: the text
// summary, SARIF's invocation properties and the Action's job summary show
// them.
type Settings struct {
	// Config is the configuration file applied ("" for none).
	Config string
	// ConfigIgnored is a configuration file found above the repository
	// root, which was not applied.
	ConfigIgnored string
	// Disabled are the rules that do not run ("PL002 reserved-label-prefix"),
	// and DisabledBy the settings that turned them off ("rules.disable").
	Disabled   []string
	DisabledBy []string
	// Severity lists changed severities ("PL001 warning").
	Severity []string
	// FailOn is the fail-on threshold when it is not the default (error).
	FailOn string
	// Excluded counts the files and directories the exclude globs skipped.
	Excluded int
	// GitIgnored counts those skipped because git ignores them.
	GitIgnored int
	// Baseline is the baseline file applied; Baselined counts the findings
	// it hid.
	Baseline  string
	Baselined int
	// BaselineStale counts the baseline's entries that matched no finding
	// (listed as notes at the baseline file).
	BaselineStale int
	// Policies are the directories of user policies that ran.
	Policies []string
	// Presets are the rule presets turned on (recommended).
	Presets []string
}

// parts is the settings line of the text summary, item by item (escaped).
func (s *Settings) parts() []string {
	if s == nil {
		return nil
	}
	var out []string
	if s.Config != "" {
		out = append(out, "config "+Escape(s.Config))
	}
	if s.ConfigIgnored != "" {
		out = append(out, "not applied (above the repository root): "+Escape(s.ConfigIgnored))
	}
	if len(s.Disabled) > 0 {
		ids := make([]string, len(s.Disabled))
		for i, d := range s.Disabled {
			ids[i], _, _ = strings.Cut(Escape(d), " ")
		}
		out = append(out, fmt.Sprintf("%d rules not run (%s): %s", len(ids), strings.Join(s.DisabledBy, ", "), strings.Join(ids, ", ")))
	}
	if len(s.Severity) > 0 {
		out = append(out, "severity changed: "+Escape(strings.Join(s.Severity, ", ")))
	}
	if s.FailOn != "" {
		out = append(out, "fail-on "+Escape(s.FailOn))
	}
	if s.Excluded > 0 {
		out = append(out, fmt.Sprintf("exclude skipped %d %s", s.Excluded, plural(s.Excluded, "path")))
	}
	if s.GitIgnored > 0 {
		out = append(out, fmt.Sprintf(".gitignore skipped %d %s", s.GitIgnored, plural(s.GitIgnored, "path")))
	}
	if s.Baseline != "" {
		out = append(out, "baseline "+Escape(s.Baseline))
	}
	if len(s.Policies) > 0 {
		ps := make([]string, len(s.Policies))
		for i, p := range s.Policies {
			ps[i] = Escape(p)
		}
		out = append(out, "user policies "+strings.Join(ps, ", "))
	}
	if len(s.Presets) > 0 {
		out = append(out, "preset "+Escape(strings.Join(s.Presets, ", ")))
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// Reporter writes one format.
type Reporter func(w io.Writer, in *Input) error

var registry = map[string]Reporter{
	"text":     Text,
	"json":     JSON,
	"sarif":    SARIF,
	"junit":    JUnit,
	"github":   GitHub,
	"markdown": Markdown,

	"codeclimate": CodeClimate,
	"counts":      Counts,
}

// Lookup returns the named reporter.
func Lookup(name string) (Reporter, error) {
	if r, ok := registry[name]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("unknown format %q (want one of %s)", name, strings.Join(Formats(), ", "))
}

// Formats lists the registered format names.
func Formats() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// diags returns the diagnostics to show: errors always, notes when verbose.
func (in *Input) diags() []finding.Diagnostic {
	var out []finding.Diagnostic
	for _, d := range in.Diags {
		if d.Level == finding.LevelError || in.Verbose {
			out = append(out, d)
		}
	}
	return out
}

// tally counts the findings reported, by severity, and those suppressed.
func (in *Input) tally() (map[finding.Severity]int, int) {
	counts := map[finding.Severity]int{}
	suppressed := 0
	for _, f := range in.Findings {
		if f.Suppression != nil {
			suppressed++
			continue
		}
		counts[f.Severity]++
	}
	return counts, suppressed
}
