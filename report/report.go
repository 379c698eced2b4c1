// Package report renders scan results. Every format reads the same sorted
// findings and diagnostics; formats are registered by name so the CLI's
// --format flag is a lookup, as in conftest's output registry.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// Input is what a reporter renders.
type Input struct {
	Findings []rules.Finding
	Diags    []parsers.Diagnostic
	Rules    []*rules.Rule
	Files    int
	// Verbose includes notes among the diagnostics.
	Verbose bool
	// Version is poollint's version for tool metadata.
	Version string
	// WorkDir is the absolute directory relative paths are taken from.
	WorkDir string
	// Color paints the text report for a terminal.
	Color bool
}

// Reporter writes one format.
type Reporter func(w io.Writer, in *Input) error

var registry = map[string]Reporter{
	"text":   Text,
	"json":   JSON,
	"sarif":  SARIF,
	"junit":  JUnit,
	"github": GitHub,
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
func (in *Input) diags() []parsers.Diagnostic {
	var out []parsers.Diagnostic
	for _, d := range in.Diags {
		if d.Level == parsers.LevelError || in.Verbose {
			out = append(out, d)
		}
	}
	return out
}
