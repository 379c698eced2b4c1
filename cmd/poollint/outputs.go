package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/poollint/poollint/report"
)

// output is one report a scan writes: a format, to a file or (path "")
// to standard output.
type output struct {
	format string
	path   string
	spec   string // as given to --output ("" for --format's)
}

func (o output) String() string {
	if o.spec != "" {
		return o.spec
	}
	if o.path == "" {
		return o.format + " (standard output)"
	}
	return o.format + "=" + o.path
}

// parseOutputs reads --format and the repeatable --output into the reports
// to write from one scan:
//
//	--output FORMAT=PATH   FORMAT into PATH (FORMAT a registered format)
//	--output FORMAT        FORMAT on standard output (at most one)
//	--output PATH          --format's format into PATH (the older form)
//
// Without --output, --format goes to standard output. With only
// FORMAT=PATH outputs, standard output gets --format's report when --format
// is given, and nothing otherwise (as with --output PATH). A path that
// would read as a format name is written ./sarif.
func parseOutputs(format string, formatSet bool, specs []string) ([]output, error) {
	if _, err := report.Lookup(format); err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, f := range report.Formats() {
		known[f] = true
	}
	var outs []output
	stdout, legacy := -1, false
	for _, s := range specs {
		o := output{format: format, path: s}
		switch name, path, hasEq := strings.Cut(s, "="); {
		case s == "":
			return nil, errors.New("--output: empty value (want FORMAT=PATH, FORMAT or PATH)")
		case known[s]:
			o = output{format: s}
		case hasEq && known[name]:
			if path == "" {
				return nil, fmt.Errorf("--output %s: no path after %q (write --output %s for standard output)", s, name+"=", name)
			}
			o = output{format: name, path: path}
		case hasEq && looksLikeFormat(name):
			return nil, fmt.Errorf("--output %s: unknown format %q (want one of %s; write ./%s for a file of that name)", s, name, strings.Join(report.Formats(), ", "), s)
		default:
			legacy = true
		}
		o.spec = s
		if o.path == "" {
			if stdout >= 0 {
				return nil, fmt.Errorf("--output: %s and %s both write to standard output; give one of them a path (FORMAT=PATH)", outs[stdout].format, o.format)
			}
			stdout = len(outs)
		}
		outs = append(outs, o)
	}
	if formatSet && stdout < 0 && !legacy {
		outs = append([]output{{format: format}}, outs...)
	} else if formatSet && stdout >= 0 && outs[stdout].format != format {
		return nil, fmt.Errorf("--format %s and --output %s both name the report on standard output; keep one", format, outs[stdout].format)
	}
	if len(outs) == 0 {
		outs = []output{{format: format}}
	}
	seen := map[string]string{}
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		abs, err := filepath.Abs(o.path)
		if err != nil {
			return nil, fmt.Errorf("--output %s: %v", o, err)
		}
		if prev, ok := seen[abs]; ok {
			return nil, fmt.Errorf("--output: %s and %s write the same file", prev, o)
		}
		seen[abs] = o.String()
	}
	return outs, nil
}

// looksLikeFormat reports whether the part of FORMAT=PATH before "=" is a
// word a user would take for a format name (letters and dashes), rather
// than a path holding "=".
func looksLikeFormat(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return false
		}
	}
	return true
}

// writeOutputs renders every output from the same input: files are
// created (never through a symbolic link) and written one by one; a
// failure is reported and the others are still written.
func writeOutputs(outs []output, in *report.Input, stdout io.Writer, color bool) error {
	var errs []string
	for _, o := range outs {
		reporter, err := report.Lookup(o.format)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		view := *in
		view.Color = color && o.path == ""
		if o.path == "" {
			if err := reporter(stdout, &view); err != nil {
				errs = append(errs, err.Error())
			}
			continue
		}
		if dir := filepath.Dir(o.path); dir != "." {
			// A CI's report directory may not exist yet (scanOptions'
			// caller refused a directory that leads out of the roots).
			if err := os.MkdirAll(dir, 0o755); err != nil {
				errs = append(errs, fmt.Sprintf("--output %s: %v", o, err))
				continue
			}
		}
		f, err := report.CreateOutput(o.path)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		err = reporter(f, &view)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			errs = append(errs, fmt.Sprintf("--output %s: %v", o, err))
		}
	}
	if len(errs) > 0 {
		return cli.Exit(strings.Join(errs, "\n"), exitError)
	}
	return nil
}

// toStdout reports whether one of the outputs is standard output.
func toStdout(outs []output) bool {
	for _, o := range outs {
		if o.path == "" {
			return true
		}
	}
	return false
}
