package bicep

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
)

// Limits on what one scanned file makes the translation and the source map
// read and produce. Without them a module including itself (or a few
// modules including each other several times) grows the translated
// template exponentially.
const (
	// maxModuleDepth bounds modules nested in modules.
	maxModuleDepth = 10
	// maxModules bounds the module instances translated for one file: a
	// module declared twice counts twice, one in a loop over a literal
	// array or range counts once per item, and each counts the modules it
	// includes in turn.
	maxModules = 500
	// maxModuleBytes bounds the Bicep source of those instances, loops
	// counted once (the translated template holds a looped module once).
	maxModuleBytes = 4 << 20
	// maxInlined bounds the bytes of resource name expressions the
	// translation copies into the references to them.
	maxInlined = 8 << 20
	// maxCompanionSize bounds one file read besides the scanned one (a
	// module, a compiled template), as the scan bounds the files it reads.
	maxCompanionSize = 10 << 20
	// maxReadBytes bounds the distinct companion files one scanned file
	// reads in all.
	maxReadBytes = 64 << 20
)

// loader reads the companion files of one scanned .bicep or .bicepparam
// file (modules, compiled templates, using targets) through the scan's
// confined reader, each once, and parses Bicep ones once.
type loader struct {
	ctx   context.Context
	opts  *parsers.Options
	read  func(string) ([]byte, error) // replaces opts in tests
	files map[string]*loaded
	bytes int // read so far
}

type loaded struct {
	data []byte
	f    *syntax.File // for parse
	perr error
	err  error
}

func newLoader(ctx context.Context, opts *parsers.Options) *loader {
	if ctx == nil {
		ctx = context.Background()
	}
	return &loader{ctx: ctx, opts: opts, files: map[string]*loaded{}}
}

// loaderFunc is a loader reading through read (tests).
func loaderFunc(read func(string) ([]byte, error)) *loader {
	ld := newLoader(context.Background(), nil)
	ld.read = read
	return ld
}

// errTooLarge and errNotRegular refuse companions the scan would not read.
var (
	errTooLarge   = fmt.Errorf("larger than %d MB", maxCompanionSize>>20)
	errNotRegular = errors.New("not a regular file")
	errReadBudget = fmt.Errorf("more than %d MB of companion files read for one file", maxReadBytes>>20)
)

// file reads p once (nil reader: fs.ErrNotExist). The path is confined to
// the scan roots (parsers.Options.Read); a refusal wraps
// parsers.ErrOutsideRoot.
func (ld *loader) file(p string) ([]byte, error) {
	key := path.Clean(p)
	if l, ok := ld.files[key]; ok {
		return l.data, l.err
	}
	l := &loaded{}
	ld.files[key] = l
	l.data, l.err = ld.readFile(p)
	if l.err == nil {
		if ld.bytes += len(l.data); ld.bytes > maxReadBytes {
			l.data, l.err = nil, errReadBudget
		}
	}
	return l.data, l.err
}

func (ld *loader) readFile(p string) ([]byte, error) {
	if ld.read != nil {
		return ld.read(p)
	}
	if ld.opts == nil || ld.opts.ReadFile == nil {
		info, err := ld.opts.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, errNotRegular
		}
		if info.Size() > maxCompanionSize {
			return nil, errTooLarge
		}
	}
	data, err := ld.opts.Read(p)
	if err == nil && len(data) > maxCompanionSize {
		return nil, errTooLarge
	}
	return data, err
}

// parse reads and parses the Bicep file p once.
func (ld *loader) parse(p string) (*syntax.File, []byte, error) {
	data, err := ld.file(p)
	if err != nil {
		return nil, nil, err
	}
	l := ld.files[path.Clean(p)]
	if l.f == nil && l.perr == nil {
		l.f, l.perr = ld.parseSource(p, data)
	}
	return l.f, data, l.perr
}

type parsedBicep struct {
	f   *syntax.File
	err error
}

// parseSource parses the Bicep source data read at p once per scan
// (parsers.Options.Parsed): a module called from several files, or a
// .bicep read for its translation and for its source map, is parsed once.
// The tree is shared: read only.
func (ld *loader) parseSource(p string, data []byte) (*syntax.File, error) {
	r := ld.opts.Parsed("bicep", p, data, func() any {
		f, err := syntax.Parse(string(data))
		return &parsedBicep{f, err}
	}).(*parsedBicep)
	return r.f, r.err
}

// cut is the context's error once the scan's time is up.
func (ld *loader) cut() error {
	if ld.ctx.Err() == nil {
		return nil
	}
	if cause := context.Cause(ld.ctx); cause != nil {
		return cause
	}
	return ld.ctx.Err()
}

// whyUnread says why a companion file could not be read without saying
// anything the error may hold about where the path leads (a refused path
// may be a link to a secret of the machine, and the message is the same
// whether that target exists or not): a refusal (refused is true), a
// missing file, or the file's size or kind.
func whyUnread(p string, err error) (msg string, refused bool) {
	var out *parsers.OutsideRootError
	switch {
	case errors.As(err, &out):
		return out.Error(), true
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("%s was not found", p), false
	case errors.Is(err, errTooLarge), errors.Is(err, errNotRegular), errors.Is(err, errReadBudget):
		return fmt.Sprintf("%s is not read: %v", p, err), false
	}
	return fmt.Sprintf("cannot read %s", p), false
}
