// Package helm renders a Helm chart offline with Helm's own engine
// (helm.sh/helm/v4/pkg/engine), as `helm template` does with its default
// release name and namespace: the chart's files are read through
// parsers.Options (confined to the scan roots, .helmignore honoured), the
// values are the chart's values.yaml and the values files given, lookup
// finds nothing (there is no cluster), values.schema.json is not applied
// (its $ref would reach files and URLs), and the rendering is bounded by
// the scan's context, a budget of template function calls and sizes, and
// a limit on the output.
package helm

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	chartcommon "helm.sh/helm/v4/pkg/chart/common"
	chartvalues "helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader/archive"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"
	"helm.sh/helm/v4/pkg/ignore"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/parsers"
)

// Limits on what one chart reads and renders.
const (
	MaxFiles     = 2000     // files of a chart, its subcharts included
	MaxFileSize  = 4 << 20  // bytes of one file
	MaxBytes     = 32 << 20 // bytes of all files
	MaxDepth     = 16       // directory levels below the chart
	MaxOutput    = 16 << 20 // bytes of rendered output
	MaxCalls     = 200000   // template function calls of one rendering
	MaxCount     = 1 << 16  // a count given to until, repeat, indent…
	MaxResultLen = 8 << 20  // bytes or elements a function returns
	MaxKeyGen    = 8        // keys and certificates generated
)

// Release is the release `helm template` renders by default.
var Release = chartcommon.ReleaseOptions{Name: "release-name", Namespace: "default", Revision: 1, IsInstall: true}

// Template is the rendered output of one template file.
type Template struct {
	// Name is the template's path within the chart directory
	// ("templates/pool.yaml", "charts/sub/templates/pool.yaml").
	Name string
	// File is the file to point positions at: the template on disk, or
	// the subchart archive holding it.
	File string
	// Source is the template's text when File is the template itself.
	Source []byte
	// Output is what the template rendered to.
	Output string
}

// Chart is a rendered chart.
type Chart struct {
	Name      string
	Templates []Template
	// Partials are the chart's and its subcharts' template files whose
	// names start with _ (helpers a template includes), on disk.
	Partials []Template
	// Notes say what was rendered differently from a deployment (a missing
	// dependency, lookup finding nothing).
	Notes []string
}

// Error is a chart that could not be rendered offline; Reason says why.
type Error struct {
	Chart  string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("chart %s not rendered: %s", e.Chart, e.Reason) }

// Render renders the chart in dir (a directory holding Chart.yaml) with the
// values files given (applied in order after values.yaml, as helm's -f).
func Render(ctx context.Context, opts *parsers.Options, dir string, valuesFiles []string) (*Chart, error) {
	name := filepath.Base(dir)
	files, err := readChart(ctx, opts, dir)
	if err != nil {
		return nil, &Error{Chart: name, Reason: err.Error()}
	}
	c, err := loadFiles(files)
	if err != nil {
		return nil, &Error{Chart: name, Reason: err.Error()}
	}
	if withDeps, ok := localDependencies(ctx, opts, dir, c, files); ok {
		if c2, err := loadFiles(withDeps); err == nil {
			c = c2
		}
	}
	name = c.Name()
	out := &Chart{Name: name}
	user := map[string]any{}
	for _, f := range valuesFiles {
		data, err := opts.Read(f)
		if err != nil {
			return nil, &Error{Chart: name, Reason: fmt.Sprintf("values file %s: %v", f, readErr(err))}
		}
		if len(data) > MaxFileSize {
			return nil, &Error{Chart: name, Reason: fmt.Sprintf("values file %s: larger than %d bytes", f, MaxFileSize)}
		}
		v, err := loader.LoadValues(bytes.NewReader(data))
		if err != nil {
			return nil, &Error{Chart: name, Reason: fmt.Sprintf("values file %s: %v", f, err)}
		}
		user = loader.MergeMaps(user, v)
	}
	missing := missingDependencies(c)
	out.Notes = append(out.Notes, missing...)
	// A chart that fails without its dependencies (a template including
	// a subchart's helper) says which are missing: that is the likely fix.
	fail := func(reason string) error {
		if len(missing) > 0 {
			reason += "; rendered without the dependencies not under charts/ (run helm dependency build): " + strings.Join(missingNames(c), ", ")
		}
		return &Error{Chart: name, Reason: reason}
	}
	if err := protect(func() error { return chartutil.ProcessDependencies(c, user) }); err != nil {
		return nil, fail("dependencies: " + err.Error())
	}
	var vals chartcommon.Values
	if err := protect(func() (err error) {
		// No values.schema.json validation: Helm's resolves a schema's
		// $ref through the file system and the network (file://, http://),
		// which a scanned repository must not make poollint do.
		vals, err = chartvalues.ToRenderValuesWithSchemaValidation(c, user, Release, nil, true)
		return err
	}); err != nil {
		return nil, fail(oneLine(err.Error()))
	}
	b := &budget{ctx: ctx}
	eng := engine.Engine{CustomTemplateFuncs: b.funcs()}
	type result struct {
		m   map[string]string
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.err = protect(func() (err error) {
			r.m, err = eng.RenderWithContext(ctx, c, vals)
			return err
		})
		done <- r
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		// Every function call checks ctx: the rendering stops at its next
		// call. It is not waited for.
		return nil, &Error{Chart: name, Reason: "rendering did not finish in time"}
	}
	if r.err != nil {
		return nil, fail(renderReason(r.err, b))
	}
	if b.lookups.Load() > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("chart %s calls lookup: rendered as helm template does, with lookup finding nothing", name))
	}
	dirs := subchartDirs(files)
	total := 0
	names := make([]string, 0, len(r.m))
	for k := range r.m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		text := r.m[k]
		if strings.TrimSpace(text) == "" || strings.HasSuffix(k, "NOTES.txt") {
			continue
		}
		if total += len(text); total > MaxOutput {
			return nil, &Error{Chart: name, Reason: fmt.Sprintf("rendered output larger than %d bytes", MaxOutput)}
		}
		t := Template{Output: text}
		t.Name, t.File = locate(k, dir, dirs)
		if t.Name != "" {
			t.Source = files.data(t.Name)
		}
		out.Templates = append(out.Templates, t)
	}
	for _, f := range files {
		if isPartial(f.Name) {
			out.Partials = append(out.Partials, Template{Name: f.Name, File: filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(f.Name))), Source: f.Data})
		}
	}
	return out, nil
}

// isPartial reports whether a chart file is a template helper: under a
// templates directory, its name starting with _.
func isPartial(name string) bool {
	dir, base := path.Split(name)
	return strings.HasPrefix(base, "_") && strings.Contains("/"+dir, "/templates/")
}

// protect runs f, turning a panic in Helm's code into an error.
func protect(f func() error) (err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("%v", x)
		}
	}()
	return f()
}

func readErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// oneLine keeps an error message on one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}

// renderReason words a rendering error: a required value, a fail call, a
// budget run out.
func renderReason(err error, b *budget) string {
	if b.stopped.Load() != nil {
		return b.stopped.Load().(string)
	}
	return oneLine(err.Error())
}

// chartFiles are a chart's files by name (slash-separated, relative).
type chartFiles []*archive.BufferedFile

func (fs chartFiles) data(name string) []byte {
	for _, f := range fs {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// loadFiles is loader.LoadFiles, without the panics of a broken chart.
func loadFiles(files chartFiles) (c *chart.Chart, err error) {
	err = protect(func() error {
		var err error
		c, err = loader.LoadFiles(files)
		return err
	})
	if err != nil {
		return nil, errors.New(oneLine(err.Error()))
	}
	return c, nil
}

// readChart reads the files of the chart in dir as Helm's directory loader
// does (.helmignore and its defaults honoured, a byte order mark dropped),
// through opts: a path leading outside the roots is refused. Links to
// directories are not followed.
func readChart(ctx context.Context, opts *parsers.Options, dir string) (chartFiles, error) {
	rules := ignore.Empty()
	data, err := opts.Read(filepath.Join(dir, ignore.HelmIgnore))
	if oe := (*parsers.OutsideRootError)(nil); errors.As(err, &oe) {
		return nil, fmt.Errorf("%s leads outside the scanned directories", ignore.HelmIgnore)
	}
	if err == nil {
		if len(data) > MaxFileSize {
			return nil, fmt.Errorf("%s larger than %d bytes", ignore.HelmIgnore, MaxFileSize)
		}
		r, err := ignore.Parse(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", ignore.HelmIgnore, err)
		}
		rules = r
	}
	rules.AddDefaults()
	var (
		files chartFiles
		total int
	)
	var walk func(rel string, depth int) error
	walk = func(rel string, depth int) error {
		if depth > MaxDepth {
			return fmt.Errorf("directories nested deeper than %d levels", MaxDepth)
		}
		entries, err := opts.ReadDir(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", path.Join(".", rel), readErr(err))
		}
		for _, e := range entries {
			if err := ctx.Err(); err != nil {
				return errors.New("reading the chart did not finish in time")
			}
			n := path.Join(rel, e.Name())
			p := filepath.Join(dir, filepath.FromSlash(n))
			info, err := opts.Stat(p)
			if err != nil {
				var oe *parsers.OutsideRootError
				if errors.As(err, &oe) {
					return fmt.Errorf("%s leads outside the scanned directories", n)
				}
				continue // a broken link: helm fails on it, poollint skips it
			}
			if info.IsDir() {
				if e.Type()&fs.ModeSymlink != 0 || rules.Ignore(n, info) {
					continue
				}
				if err := walk(n, depth+1); err != nil {
					return err
				}
				continue
			}
			if rules.Ignore(n, info) || !info.Mode().IsRegular() {
				continue
			}
			if len(files) >= MaxFiles {
				return fmt.Errorf("more than %d files", MaxFiles)
			}
			if info.Size() > MaxFileSize {
				return fmt.Errorf("%s is larger than %d bytes", n, MaxFileSize)
			}
			data, err := opts.Read(p)
			if err != nil {
				return fmt.Errorf("cannot read %s: %v", n, readErr(err))
			}
			if len(data) > MaxFileSize {
				return fmt.Errorf("%s is larger than %d bytes", n, MaxFileSize)
			}
			if total += len(data); total > MaxBytes {
				return fmt.Errorf("files larger than %d bytes in all", MaxBytes)
			}
			data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
			files = append(files, &archive.BufferedFile{Name: n, ModTime: info.ModTime(), Data: data})
		}
		return nil
	}
	if err := walk("", 0); err != nil {
		return nil, err
	}
	return files, nil
}

// localDependencies adds to files the dependencies Chart.yaml takes from
// a directory (repository file://…) that are not under charts/, read from
// that directory as helm dependency build would copy them there (within
// the scan roots and the chart's limits). It reports whether it added any.
func localDependencies(ctx context.Context, opts *parsers.Options, dir string, c *chart.Chart, files chartFiles) (chartFiles, bool) {
	if c.Metadata == nil {
		return files, false
	}
	have := map[string]bool{}
	for _, d := range c.Dependencies() {
		if d.Metadata != nil {
			have[d.Metadata.Name] = true
		}
	}
	total := 0
	for _, f := range files {
		total += len(f.Data)
	}
	out, added := files, false
	for _, d := range c.Metadata.Dependencies {
		if d == nil || have[d.Name] || d.Name == "" || strings.ContainsAny(d.Name, `/\`) {
			continue
		}
		loc, ok := strings.CutPrefix(d.Repository, "file://")
		if !ok || loc == "" || filepath.IsAbs(filepath.FromSlash(loc)) {
			continue
		}
		dep, err := readChart(ctx, opts, filepath.Join(dir, filepath.FromSlash(loc)))
		if err != nil || len(out)+len(dep) > MaxFiles {
			continue // left missing: the note says so
		}
		size := 0
		for _, f := range dep {
			size += len(f.Data)
		}
		if total+size > MaxBytes {
			continue
		}
		total += size
		next := make(chartFiles, 0, len(out)+len(dep))
		next = append(next, out...)
		for _, f := range dep {
			next = append(next, &archive.BufferedFile{Name: path.Join("charts", d.Name, f.Name), ModTime: f.ModTime, Data: f.Data})
		}
		out, added = next, true
		have[d.Name] = true
	}
	return out, added
}

// missingNames are the dependencies missingDependencies reports, as
// "name version (repository)".
func missingNames(c *chart.Chart) []string {
	have := map[string]bool{}
	for _, d := range c.Dependencies() {
		if d.Metadata != nil {
			have[d.Metadata.Name] = true
		}
	}
	var out []string
	for _, d := range c.Metadata.Dependencies {
		if d != nil && !have[d.Name] {
			out = append(out, strings.TrimSpace(d.Name+" "+d.Version)+" ("+cmp.Or(d.Repository, "no repository")+")")
		}
	}
	return out
}

// missingDependencies names the dependencies Chart.yaml declares that are
// not under charts/ (helm dependency build was not run): rendered without
// them.
func missingDependencies(c *chart.Chart) []string {
	var out []string
	if c.Metadata == nil {
		return nil
	}
	have := map[string]bool{}
	for _, d := range c.Dependencies() {
		if d.Metadata != nil {
			have[d.Metadata.Name] = true
		}
	}
	for _, d := range c.Metadata.Dependencies {
		if d == nil || have[d.Name] {
			continue
		}
		from := d.Repository
		if from == "" {
			from = "no repository"
		}
		out = append(out, fmt.Sprintf("chart %s: dependency %s %s (%s) is not under charts/ (run helm dependency build): rendered without it", c.Name(), d.Name, d.Version, from))
	}
	return out
}

// subchartDirs maps a subchart's name (from its Chart.yaml) to its
// directory or archive under charts/, for the directories and archives of
// the top chart.
func subchartDirs(files chartFiles) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		rest, ok := strings.CutPrefix(f.Name, "charts/")
		if !ok {
			continue
		}
		d, file, nested := strings.Cut(rest, "/")
		switch {
		case nested && file == "Chart.yaml":
			var m struct {
				Name string `yaml:"name"`
			}
			if err := yamlv3.Unmarshal(f.Data, &m); err == nil && m.Name != "" {
				out[m.Name] = "charts/" + d
			}
		case !nested && strings.HasSuffix(d, ".tgz"):
			base := strings.TrimSuffix(d, ".tgz")
			if i := strings.LastIndex(base, "-"); i > 0 {
				base = base[:i] // name-1.2.3.tgz
			}
			if _, ok := out[base]; !ok {
				out[base] = "charts/" + d
			}
		}
	}
	return out
}

// locate turns an engine template name (chart/charts/sub/templates/x.yaml)
// into the template's path within dir and the file to point at. A
// template inside an archive has no name of its own: it points at the
// archive.
func locate(key, dir string, subs map[string]string) (name, file string) {
	_, rest, _ := strings.Cut(key, "/")
	if sub, tail, ok := strings.Cut(rest, "charts/"); ok && sub == "" {
		subName, inner, _ := strings.Cut(tail, "/")
		if strings.Contains(inner, "charts/") {
			// A subchart of a subchart: point at the top subchart.
			inner = ""
		}
		d, known := subs[subName]
		switch {
		case !known:
			return "", filepath.ToSlash(filepath.Join(dir, "charts"))
		case strings.HasSuffix(d, ".tgz") || inner == "":
			return "", filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(d)))
		}
		rest = d + "/" + inner
	}
	return rest, filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(rest)))
}

// budget bounds one rendering: every template function Helm takes from
// sprig is wrapped to stop the rendering when the scan's context is done
// or the calls run out, and the functions that build large results from
// a count are refused large counts.
type budget struct {
	ctx     context.Context
	calls   atomic.Int64
	keys    atomic.Int64
	lookups atomic.Int64
	stopped atomic.Value // string: why the budget stopped the rendering
}

func (b *budget) stop(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	b.stopped.CompareAndSwap(nil, msg)
	panic(errors.New(msg))
}
