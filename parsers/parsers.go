// Package parsers defines what every input format implements. Each format
// lives in its own package below this one (parsers/arm, …) and turns files into
// the common model in package nodepool. Parsers know nothing of rules or
// reporters.
package parsers

import (
	"context"
	"os"
	"sync"
	"sync/atomic"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/ignore"
)

// Level is a diagnostic's seriousness (finding.Level).
type Level = finding.Level

// The levels.
const (
	LevelError = finding.LevelError
	LevelNote  = finding.LevelNote
)

// Diagnostic is a problem reading an input file; it is not a finding
// (finding.Diagnostic).
type Diagnostic = finding.Diagnostic

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
	// ModuleCache, when set (--download-modules), is the directory Terraform
	// registry modules are downloaded into and read from.
	ModuleCache string
	// Files are the files the scan reads, as discovered, for formats that
	// plan across files (which Terraform directories other scanned
	// directories call). Nil in unit tests and library use.
	Files []string

	// ParseCacheBytes bounds the sources whose parse the scan keeps for
	// the other files reaching them (Parsed), in bytes of source:
	// DefaultParseCacheBytes when zero, nothing kept when negative.
	ParseCacheBytes int64
	// SnapshotPaths lets Confine resolve each path once (a scan sets it:
	// its files do not change while it runs); otherwise every call looks
	// at the file system again.
	SnapshotPaths bool
	// ignores are the poollint:ignore comments of every file read (by
	// path as reported), recorded from the bytes as they are read.
	ignores    sync.Map // path -> []nodepool.IgnoreComment
	anyIgnores atomic.Bool

	memo      memo
	cache     parseCache
	kept      sync.Map // real path -> []byte (ReadKept)
	keptBytes atomic.Int64
	// resolutions are the paths Confine resolved (resolved).
	resolutions sync.Map // path as given -> *resolution
	realDirs    sync.Map // directory -> whether its walk entered the roots (resolve)
}

// Record notes the poollint:ignore comments of a file the scan holds: the
// input of a parser. Files read through Read are recorded by it.
func (o *Options) Record(path string, data []byte) {
	if o == nil {
		return
	}
	if cs := ignore.Scan(path, data); len(cs) > 0 {
		o.ignores.Store(path, cs)
		o.anyIgnores.Store(true)
	} else {
		o.ignores.Delete(path)
	}
}

// AttachIgnores gives a cluster the poollint:ignore comments of the files
// its positions name, among those read so far (Record, Read).
func (o *Options) AttachIgnores(c *nodepool.Cluster) {
	if o == nil {
		return
	}
	c.Ignores = nil
	if !o.anyIgnores.Load() {
		return // no file holds one
	}
	for _, f := range nodepool.Files(c) {
		if v, ok := o.ignores.Load(f); ok {
			c.Ignores = append(c.Ignores, v.([]nodepool.IgnoreComment)...)
		}
	}
}

// Once runs f once per key for the whole scan and returns its result to
// every caller: a Terraform directory is loaded once however many of its
// files are scanned. Safe for concurrent use.
func (o *Options) Once(key string, f func() any) any {
	if o == nil {
		return f()
	}
	return o.memo.once(key, f)
}

// Read reads a companion file through o.ReadFile, or the OS when unset.
// The path is confined to the scan roots first (Confine).
func (o *Options) Read(path string) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	if o != nil && o.ReadFile != nil {
		data, err = o.ReadFile(path)
	} else {
		var real string
		if real, err = o.Confine(path); err != nil {
			return nil, err
		}
		data, err = os.ReadFile(real)
	}
	if err == nil {
		o.Record(path, data)
	}
	return data, err
}

// ReadKept is Read for a file many parsers of the scan read (a Terraform
// module's file, read at each call of the module): the bytes are read once
// and shared, until ForgetParsed, within ParseCacheBytes as parses are.
// Like a parse, they are read, never written. Without SnapshotPaths (unit
// tests, library use) it is Read.
func (o *Options) ReadKept(path string) ([]byte, error) {
	if o == nil || !o.SnapshotPaths || o.ReadFile != nil {
		return o.Read(path)
	}
	real, err := o.Confine(path)
	if err != nil {
		return nil, err
	}
	if v, ok := o.kept.Load(real); ok {
		data := v.([]byte)
		o.Record(path, data)
		return data, nil
	}
	data, err := o.Read(path)
	if err == nil && o.keptBytes.Add(int64(len(data))) <= o.parseCacheLimit() {
		o.kept.Store(real, data)
	}
	return data, err
}

// Input is one file handed to a parser.
type Input struct {
	Path    string // as reported in positions (relative to the working directory when possible)
	Data    []byte
	Options *Options
	// Ctx is done when the scan's --timeout or the file's budget runs out;
	// read it with Context().
	Ctx context.Context
	// Generated is true when Data was produced by poollint (a Bicep
	// translation, a compiler's output) rather than read at Path: its
	// parse is shared as a generated text (Options.ParsedGenerated), not
	// counted as a parse of the file.
	Generated bool
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
	return finding.Errorf(pos, format, args...)
}

// Notef builds a note diagnostic.
func Notef(pos nodepool.Pos, format string, args ...any) Diagnostic {
	return finding.Notef(pos, format, args...)
}
