// Package parsers defines what every input format implements. Each format
// lives in its own package below this one (parsers/arm, …) and turns files into
// the common model in package nodepool. Parsers know nothing of rules or
// reporters.
package parsers

import (
	"context"
	"os"
	"sync"

	"github.com/poollint/poollint/nodepool"
)

// Level is a diagnostic's seriousness.
type Level string

const (
	// LevelError means the file (or part of it) could not be read: the scan
	// is incomplete and exits 2.
	LevelError Level = "error"
	// LevelNote is information, such as a file skipped on purpose.
	LevelNote Level = "note"
)

// Diagnostic is a problem reading an input file; it is not a finding.
type Diagnostic struct {
	Pos     nodepool.Pos `json:"pos"`
	Level   Level        `json:"level"`
	Message string       `json:"message"`
}

// ParamFile pairs a parameter or variable file with the template it feeds.
// An empty Template applies the file to every template scanned.
type ParamFile struct {
	Template string
	Path     string
}

// Options are the scan-wide settings parsers read.
type Options struct {
	ParamFiles []ParamFile
	// ReadFile reads a file the parser needs besides its input (a parameter
	// file, a module); tests may replace it.
	ReadFile func(path string) ([]byte, error)
	// Vars and VarFiles are Terraform -var NAME=VALUE and -var-file values.
	Vars     []string
	VarFiles []string
	// DirVarFiles are -var-file values for one Terraform directory
	// (absolute path), from the configuration.
	DirVarFiles map[string][]string
	// HelmValues are values files for one Helm chart (its directory,
	// absolute), from the configuration: applied after values.yaml.
	HelmValues map[string][]string
	// Roots confine what parsers read besides their input (see Confine):
	// absolute directories with symbolic links resolved (ScanRoots).
	Roots []string
	// Trusted are files the user named on the command line (--var-file,
	// --param-file): read even when outside the roots.
	Trusted []string

	memo sync.Map // key -> *memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Once runs f once per key for the whole scan and returns its result to
// every caller: a Terraform directory is loaded once however many of its
// files are scanned. Safe for concurrent use.
func (o *Options) Once(key string, f func() any) any {
	if o == nil {
		return f()
	}
	e, _ := o.memo.LoadOrStore(key, &memoEntry{})
	m := e.(*memoEntry)
	m.once.Do(func() { m.v = f() })
	return m.v
}

// Read reads a companion file through o.ReadFile, or the OS when unset.
// The path is confined to the scan roots first (Confine).
func (o *Options) Read(path string) ([]byte, error) {
	if o != nil && o.ReadFile != nil {
		return o.ReadFile(path)
	}
	real, err := o.Confine(path)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(real)
}

// Input is one file handed to a parser.
type Input struct {
	Path    string // as reported in positions (relative to the working directory when possible)
	Data    []byte
	Options *Options
	// Ctx is done when the scan's --timeout or the file's budget runs out;
	// read it with Context().
	Ctx context.Context
}

// Result is what a parser found in one file.
type Result struct {
	Clusters []*nodepool.Cluster
	Diags    []Diagnostic
	// Related lists companion files the parser read (parameter files), so
	// the scan does not report them as unparsed inputs.
	Related []string
}

// Parser is one input format.
type Parser interface {
	// Name is the format's short name ("arm", "terraform", …).
	Name() string
	// Extensions lists the file name endings worth reading (".json").
	Extensions() []string
	// Detect reports, cheaply and from content, whether the file is this
	// format. It must not fail.
	Detect(path string, data []byte) bool
	// Parse reads the file. It must not panic on any input; problems are
	// Diagnostics with positions.
	Parse(in *Input) Result
}

// Errorf builds an error diagnostic.
func Errorf(pos nodepool.Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Level: LevelError, Message: sprintf(format, args...)}
}

// Notef builds a note diagnostic.
func Notef(pos nodepool.Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Level: LevelNote, Message: sprintf(format, args...)}
}
