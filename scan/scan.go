// Package scan is poollint's pipeline: discover files, parse them in
// parallel with the registered parsers, run the rules over every cluster,
// and collect sorted findings and diagnostics.
package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/poollint/poollint/config"
	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// DefaultMaxFileSize is the largest file read (10 MiB).
const DefaultMaxFileSize = 10 << 20

// Options configure a scan.
type Options struct {
	Paths       []string
	MaxFileSize int64
	ParamFiles  []parsers.ParamFile
	Vars        []string // Terraform -var NAME=VALUE
	VarFiles    []string // Terraform -var-file FILE
	Workers     int
	// OnlyListed scans exactly Paths (files), even when empty: nothing to
	// scan then, not the current directory (--changed-since with no change).
	OnlyListed bool
	// DirVarFiles maps absolute Terraform directories to variable files.
	DirVarFiles map[string][]string
	// ModuleCache, when set, is where Terraform registry modules are
	// downloaded to (--download-modules).
	ModuleCache string
	// Exclude reports paths not to scan (from the configuration).
	Exclude func(path string) bool
	// Progress, when set, is called as files are parsed (from several
	// goroutines): done of total.
	Progress func(done, total int)
	// Root, when set, is the one directory parsers may read from (besides
	// files named on the command line); by default see parsers.ScanRoots.
	// Files and symbolic links found or named that lead outside the roots
	// are refused with an error.
	Root string
	// Config is the configuration file's content (nil: none). Its exclude
	// globs, parameter and variable files apply (config.Load kept only those
	// inside its directory); its refused entries are reported as errors.
	Config *config.Config
	// Parsers, when set, replaces the registered formats (parsers.Registered,
	// see formats.go), in detection order.
	Parsers []parsers.Parser
	// FileTimeout bounds the parsing of one file (default
	// DefaultFileTimeout; negative: no bound). A file not finished in time
	// is reported as an error and its result dropped; the scan goes on.
	// The whole scan is bounded by ctx.
	FileTimeout time.Duration
}

// DefaultFileTimeout is Options.FileTimeout's default.
const DefaultFileTimeout = 30 * time.Second

// ErrTimeout is the cause to give the context of a scan bounded in time
// (context.WithTimeoutCause): what was cut short is reported with it.
var ErrTimeout = errors.New("the scan's time limit (--timeout) ran out")

// errFileBudget is the cause of a file's context running out.
var errFileBudget = errors.New("file budget")

// Result is everything a scan found.
type Result struct {
	Files    int // files handed to a parser
	Clusters []*nodepool.Cluster
	Findings []rules.Finding
	Diags    []parsers.Diagnostic
	// Excluded counts the files and directories the exclude globs skipped.
	Excluded int
	// GitIgnored counts those skipped because git ignores them.
	GitIgnored int
	// Discovered counts the candidate files found (what Progress counts).
	Discovered int

	popts *parsers.Options // what the parsers were given (parse counts)
}

// Incomplete reports whether any file or rule could not be processed.
func (r *Result) Incomplete() bool {
	for _, d := range r.Diags {
		if d.Level == parsers.LevelError {
			return true
		}
	}
	return false
}

// ParseStats counts the sources the scan's parsers parsed
// (parsers.Options.Parsed): each distinct file once is the goal.
func (r *Result) ParseStats() parsers.ParseStats { return r.popts.ParseStats() }

// Roots are the directories a scan with opts may read from: absolute,
// symbolic links resolved (see parsers.ScanRoots; a file named in Paths
// counts by the directory it is in, not by where it may link to).
func Roots(opts Options) ([]string, error) {
	var dirs []string
	for _, p := range opts.Paths {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			p = filepath.Dir(p)
		}
		dirs = append(dirs, p)
	}
	return parsers.ScanRoots(dirs, opts.Root)
}

// Load discovers and parses files without running rules.
func Load(ctx context.Context, opts Options) *Result {
	res := &Result{}
	roots, err := Roots(opts)
	if err != nil {
		res.Diags = append(res.Diags, parsers.Errorf(nodepool.Pos{File: opts.Root}, "cannot scan: %v", err))
		return res
	}
	popts := &parsers.Options{Vars: opts.Vars, VarFiles: opts.VarFiles, DirVarFiles: opts.DirVarFiles, Roots: roots, ModuleCache: opts.ModuleCache,
		SnapshotPaths: true}
	popts.Trusted = append(popts.Trusted, opts.VarFiles...)
	for _, pf := range opts.ParamFiles {
		popts.Trusted = append(popts.Trusted, pf.Path)
	}
	exclude := opts.Exclude
	if cfg := opts.Config; cfg != nil {
		res.Diags = append(res.Diags, applyConfig(cfg, popts)...)
		if exclude == nil && len(cfg.Exclude) > 0 {
			exclude = cfg.Excluded
		}
	}
	// The configuration's parameter files come first: the command line's
	// win over them.
	popts.ParamFiles = append(popts.ParamFiles, opts.ParamFiles...)
	res.popts = popts
	ignored := newGitIgnored(opts.Paths)
	if opts.OnlyListed {
		ignored = &gitIgnored{} // the list is git's own already
	}
	formats := opts.Parsers
	if formats == nil {
		formats = parsers.Registered()
	}
	files, diags, excluded := discover(opts, formats, ignored.wrap(exclude), popts)
	res.Diags = append(res.Diags, diags...)
	res.Excluded, res.GitIgnored = excluded-ignored.count, ignored.count
	res.Discovered = len(files)
	popts.Files = files
	budget := opts.FileTimeout
	if budget == 0 {
		budget = DefaultFileTimeout
	}
	outs := make([]fileResult, len(files))
	var done atomic.Int64
	tasks := groupFiles(files, formats)
	parallel(len(tasks), opts.Workers, func(t int) {
		for _, i := range tasks[t] {
			if ctx.Err() == nil {
				outs[i] = parseFile(ctx, files[i], formats, opts.MaxFileSize, popts, budget)
			} else {
				outs[i].diags = []parsers.Diagnostic{parsers.Errorf(nodepool.Pos{File: files[i]}, "not scanned: %v", cutCause(ctx))}
			}
			if opts.Progress != nil {
				opts.Progress(int(done.Add(1)), len(files))
			}
		}
	})
	popts.ForgetParsed()
	// The same cluster can come from two inputs (a template and a
	// parameter file naming it): keep it once, from the first file in path
	// order. One read through a companion file (main.bicep through the
	// main.json compiled beside it) is kept from the file that read the
	// companion: there it points at the source lines.
	seen := map[string]bool{}
	for _, o := range outs {
		for _, r := range o.related {
			for _, c := range o.clusters {
				if c.Pos.File != r {
					seen[r+"\x00"+c.ID] = true
				}
			}
		}
	}
	for _, o := range outs {
		if o.parsed {
			res.Files++
		}
		for _, c := range o.clusters {
			key := c.Pos.File + "\x00" + c.ID
			if len(c.CallSites) > 0 {
				// One module reached through two calls is two clusters.
				key += "\x00" + c.CallSites[0].String()
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			res.Clusters = append(res.Clusters, c)
		}
		for _, d := range o.diags {
			key := d.Pos.String() + "\x00" + d.Message
			if seen[key] {
				continue // the same problem met through two inputs
			}
			seen[key] = true
			res.Diags = append(res.Diags, d)
		}
	}
	res.Clusters = parsers.Finish(formats, res.Clusters)
	for _, c := range res.Clusters {
		c.SortPools()
		popts.AttachIgnores(c)
	}
	sortDiags(res.Diags)
	return res
}

// groupFiles splits the files into the tasks of the parse: one per file,
// except that the files of a group (parsers.Grouped: a Terraform module
// directory) are one task, in path order, at the place of the first. Two
// workers on one group would be one building it and one waiting.
func groupFiles(files []string, formats []parsers.Parser) [][]int {
	tasks := make([][]int, 0, len(files))
	at := map[string]int{}
	for i, f := range files {
		key := ""
		for _, p := range formats {
			if g, ok := p.(parsers.Grouped); ok && parsers.HasExtension(f, p.Extensions()) {
				if key = g.Group(f); key != "" {
					key = p.Name() + "\x00" + key
					break
				}
			}
		}
		if key == "" {
			tasks = append(tasks, []int{i})
			continue
		}
		if t, ok := at[key]; ok {
			tasks[t] = append(tasks[t], i)
			continue
		}
		at[key] = len(tasks)
		tasks = append(tasks, []int{i})
	}
	return tasks
}

// applyConfig adds the configuration's parameter and variable files to
// popts and returns its refused entries as errors at their lines. The files
// kept are inside the configuration's directory (config.Load refused the
// others), so they are read even when the scan roots do not cover them.
func applyConfig(cfg *config.Config, popts *parsers.Options) []parsers.Diagnostic {
	var diags []parsers.Diagnostic
	file := DisplayPath(cfg.Path)
	for _, r := range cfg.Refused {
		diags = append(diags, parsers.Errorf(nodepool.Pos{File: file, Line: r.Line, Col: r.Col}, "%v", r))
	}
	tmpls := make([]string, 0, len(cfg.ParamFiles))
	for t := range cfg.ParamFiles {
		tmpls = append(tmpls, t)
	}
	sort.Strings(tmpls)
	for _, tmpl := range tmpls {
		for _, f := range cfg.ParamFiles[tmpl] {
			path := DisplayPath(cfg.Resolve(f))
			popts.ParamFiles = append(popts.ParamFiles, parsers.ParamFile{Template: cfg.Resolve(tmpl), Path: path})
			popts.Trusted = append(popts.Trusted, path)
		}
	}
	dirVarFiles := map[string][]string{}
	for k, v := range popts.DirVarFiles {
		dirVarFiles[k] = v
	}
	for dir, files := range cfg.VarFiles {
		abs, err := filepath.Abs(cfg.Resolve(dir))
		if err != nil {
			continue
		}
		for _, f := range files {
			path := DisplayPath(cfg.Resolve(f))
			dirVarFiles[abs] = append(dirVarFiles[abs], path)
			popts.Trusted = append(popts.Trusted, path)
		}
	}
	popts.DirVarFiles = dirVarFiles
	popts.HelmValues = map[string][]string{}
	charts := make([]string, 0, len(cfg.HelmValues))
	for dir := range cfg.HelmValues {
		charts = append(charts, dir)
	}
	sort.Strings(charts)
	for _, dir := range charts {
		if abs, err := filepath.Abs(cfg.Resolve(dir)); err == nil {
			for _, f := range cfg.HelmValues[dir] {
				popts.HelmValues[abs] = append(popts.HelmValues[abs], DisplayPath(cfg.Resolve(f)))
				popts.Trusted = append(popts.Trusted, DisplayPath(cfg.Resolve(f)))
			}
		}
	}
	return diags
}

// cutCause says why ctx is done, for "not finished …" diagnostics.
func cutCause(ctx context.Context) string {
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, ErrTimeout):
		return cause.Error()
	case errors.Is(cause, context.DeadlineExceeded):
		return "the scan's time limit ran out"
	case cause != nil:
		return "the scan was stopped: " + cause.Error()
	}
	return "the scan was stopped"
}

// Run scans and checks.
func Run(ctx context.Context, engine *rules.Engine, opts Options) *Result {
	res := Load(ctx, opts)
	Check(ctx, engine, opts, res)
	return res
}

// Check runs the rules on what Load read, so that a caller may build the
// rule engine while the files are parsed.
func Check(ctx context.Context, engine *rules.Engine, opts Options, res *Result) {
	type checked struct {
		findings []rules.Finding
		errs     []error
	}
	outs := make([]checked, len(res.Clusters))
	parallel(len(res.Clusters), opts.Workers, func(i int) {
		if ctx.Err() != nil {
			outs[i].errs = []error{fmt.Errorf("cluster %s not checked: %s", res.Clusters[i].ID, cutCause(ctx))}
			return
		}
		outs[i].findings, outs[i].errs = engine.Check(ctx, res.Clusters[i])
		suppress(outs[i].findings, res.Clusters[i])
	})
	for i, o := range outs {
		res.Findings = append(res.Findings, o.findings...)
		for _, err := range o.errs {
			res.Diags = append(res.Diags, parsers.Errorf(res.Clusters[i].Pos, "%v", err))
		}
	}
	finding.Sort(res.Findings)
	res.Findings = dedupeFindings(res.Findings)
	res.Diags = append(res.Diags, checkIgnores(res.Clusters, res.Findings, engine)...)
	sortDiags(res.Diags)
}

// dedupeFindings drops a finding identical to one before it (same rule,
// position, message and module calls): the same template evaluated with
// several parameter files yields it once per file when the parameters do
// not matter. One module reached through two calls (envs/dev and
// envs/prod) keeps a finding for each: they are two problems, with two
// fingerprints.
func dedupeFindings(fs []rules.Finding) []rules.Finding {
	out := fs[:0]
	for _, f := range fs {
		dup := false
		for j := len(out) - 1; j >= 0 && out[j].Pos == f.Pos; j-- {
			p := out[j]
			if p.RuleID == f.RuleID && p.Message == f.Message && slices.Equal(p.Related, f.Related) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// parallel runs f(0..n-1) on workers goroutines (default: GOMAXPROCS).
// Results go to index i, so output order never depends on scheduling.
func parallel(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

type fileResult struct {
	parsed   bool
	clusters []*nodepool.Cluster
	diags    []parsers.Diagnostic
	related  []string
}

// parseFile reads one file and hands it to the first parser that claims it,
// within the file's time budget. A parser panic is recovered and reported
// against the file. A parse not finished within the budget (or before ctx
// is done) is reported as an error and its result dropped; the parser is
// left to notice its context, and is no longer waited for.
func parseFile(ctx context.Context, path string, formats []parsers.Parser, maxSize int64, popts *parsers.Options, budget time.Duration) (out fileResult) {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	f, err := os.Open(path)
	if err != nil {
		out.diags = append(out.diags, parsers.Errorf(nodepool.Pos{File: path}, "cannot read file: %v", unwrapPathError(err)))
		return out
	}
	defer f.Close()
	var buf bytes.Buffer
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		out.diags = append(out.diags, parsers.Errorf(nodepool.Pos{File: path}, "cannot read file: not a regular file"))
		return out
	} else if err == nil {
		// Read in one buffer of the file's size (io.ReadAll grows one
		// from 512 bytes, twice the file in garbage); a file grown since
		// grows it.
		buf.Grow(int(min(info.Size(), maxSize)) + bytes.MinRead)
	}
	_, err = buf.ReadFrom(io.LimitReader(f, maxSize+1))
	data := buf.Bytes()
	if err != nil {
		out.diags = append(out.diags, parsers.Errorf(nodepool.Pos{File: path}, "cannot read file: %v", unwrapPathError(err)))
		return out
	}
	if int64(len(data)) > maxSize {
		out.diags = append(out.diags, parsers.Notef(nodepool.Pos{File: path}, "skipped: larger than %d bytes (see --max-file-size)", maxSize))
		return out
	}
	if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		out.diags = append(out.diags, parsers.Notef(nodepool.Pos{File: path}, "skipped: binary file"))
		return out
	}
	for _, p := range formats {
		if !parsers.HasExtension(path, p.Extensions()) || !p.Detect(path, data) {
			continue
		}
		out.parsed = true
		popts.Record(path, data) // its poollint:ignore comments
		fctx, cancel := ctx, context.CancelFunc(func() {})
		if budget > 0 {
			fctx, cancel = context.WithTimeoutCause(ctx, budget, errFileBudget)
		}
		defer cancel()
		done := make(chan fileResult, 1) // the parser can finish after we stop waiting
		go func() {
			var r fileResult
			defer func() {
				if x := recover(); x != nil {
					r.clusters = nil
					r.diags = append(r.diags, parsers.Errorf(nodepool.Pos{File: path},
						"internal error in the %s parser (please report it): %v\n%s", p.Name(), x, debug.Stack()))
				}
				done <- r
			}()
			res := p.Parse(&parsers.Input{Path: path, Data: data, Options: popts, Ctx: fctx})
			for _, c := range res.Clusters {
				nodepool.ApplyDefaults(c) // the platforms' defaults, for every format
			}
			r.clusters, r.diags, r.related = res.Clusters, res.Diags, res.Related
		}()
		var r fileResult
		select {
		case r = <-done:
		case <-fctx.Done():
		}
		if fctx.Err() != nil {
			// Cut short: what the parser returned (if it did) is partial,
			// and a partial model could produce findings a complete one
			// would not.
			msg := fmt.Sprintf("not finished within the file budget (%s, --file-timeout); its pools are not checked", budget)
			if !errors.Is(context.Cause(fctx), errFileBudget) {
				msg = fmt.Sprintf("not finished: %s; its pools are not checked", cutCause(fctx))
			}
			r.clusters, r.related = nil, nil
			r.diags = append(r.diags, parsers.Errorf(nodepool.Pos{File: path}, "%s", msg))
		}
		out.clusters, out.diags, out.related = r.clusters, append(out.diags, r.diags...), r.related
		break
	}
	return out
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// discover expands the paths into a sorted list of candidate files. A
// path named, or a symbolic link met, that leads outside the roots is
// refused with an error (a repository's link to a file of the machine
// running the scan). It also counts what exclude skipped.
func discover(opts Options, formats []parsers.Parser, exclude func(string) bool, popts *parsers.Options) ([]string, []parsers.Diagnostic, int) {
	var exts []string
	for _, p := range formats {
		exts = append(exts, p.Extensions()...)
	}
	paths := opts.Paths
	if len(paths) == 0 && !opts.OnlyListed {
		paths = []string{"."}
	}
	var (
		files    []string
		diags    []parsers.Diagnostic
		seen     = map[string]bool{}
		excluded int
	)
	refused := func(p string, err error) bool {
		if err == nil {
			return false
		}
		var oe *parsers.OutsideRootError
		if errors.As(err, &oe) {
			diags = append(diags, parsers.Errorf(nodepool.Pos{File: DisplayPath(p)}, "%v", &parsers.OutsideRootError{Path: DisplayPath(p)}))
		} else {
			diags = append(diags, parsers.Errorf(nodepool.Pos{File: DisplayPath(p)}, "cannot read: %v", unwrapPathError(err)))
		}
		return true
	}
	add := func(p string) {
		abs, err := filepath.Abs(p)
		if err != nil || seen[abs] {
			return
		}
		if exclude != nil && exclude(abs) {
			seen[abs] = true
			excluded++
			return
		}
		seen[abs] = true
		files = append(files, DisplayPath(p))
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			diags = append(diags, parsers.Errorf(nodepool.Pos{File: root}, "cannot scan: %v", unwrapPathError(err)))
			continue
		}
		if _, err := popts.Confine(root); refused(root, err) {
			continue
		}
		if !info.IsDir() {
			// Named explicitly (a pre-commit hook passes staged files): always
			// offered to the parsers. A parameter file brings its template,
			// without which it checks nothing; a Terraform file brings its
			// directory through the parser.
			add(root)
			if opts.OnlyListed {
				continue
			}
			needs, _ := parsers.CompanionsOf(formats, root, &parsers.Workspace{NeededOnly: true, Options: popts})
			for _, c := range needs {
				if !c.Needed || !parsers.IsRegularFile(c.Path) {
					continue
				}
				if _, err := popts.Confine(c.Path); !refused(c.Path, err) {
					add(c.Path)
				}
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				diags = append(diags, parsers.Errorf(nodepool.Pos{File: DisplayPath(p)}, "cannot read: %v", unwrapPathError(err)))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && parsers.SkipDir(d.Name()) {
					return fs.SkipDir
				}
				if p != root && exclude != nil && exclude(p) {
					excluded++
					return fs.SkipDir
				}
				return nil
			}
			if !parsers.HasExtension(p, exts) {
				return nil
			}
			switch {
			case d.Type().IsRegular():
				add(p)
			case d.Type()&fs.ModeSymlink != 0:
				// Links to files inside the roots are followed; links to
				// directories are not (no loops); a broken link, or one
				// leading out of the roots, is reported.
				info, err := os.Stat(p)
				switch {
				case err != nil:
					diags = append(diags, parsers.Errorf(nodepool.Pos{File: DisplayPath(p)}, "cannot read: %v", unwrapPathError(err)))
				case info.Mode().IsRegular():
					if _, err := popts.Confine(p); !refused(p, err) {
						add(p)
					}
				}
			}
			return nil
		})
		if err != nil {
			diags = append(diags, parsers.Errorf(nodepool.Pos{File: root}, "cannot scan: %v", err))
		}
	}
	sort.Strings(files)
	return files, diags, excluded
}

// DisplayPath is how a file is named in reports: relative to the working
// directory, with forward slashes.
func DisplayPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil {
				p = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func sortDiags(ds []parsers.Diagnostic) { finding.SortDiagnostics(ds) }
