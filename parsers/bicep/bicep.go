// Package bicep reads Bicep sources. A .bicep file is checked through an
// ARM template evaluated by package armtemplate: the main.json compiled beside
// main.bicep when there is one, otherwise poollint's own translation of the
// Bicep (compile.go), which leaves unknown what it cannot follow. The
// compiler writes no source map, so one is rebuilt from the Bicep syntax
// tree (sourcemap.go) and findings point at the .bicep lines.
//
// # Untrusted input
//
// poollint runs on pull requests, forks included, on machines that hold
// credentials. Every file the translation reads besides the scanned one (a
// local module, a compiled template, a .bicepparam file's using target) is
// read through the scan's confined reader (parsers.Options.Read): a path
// that leads outside the scanned root, by "../" or through a committed
// symbolic link, is refused with an error that names the path as written
// and nothing else, the same whether the target exists or not. The load*()
// functions (loadTextContent, loadJsonContent, loadYamlContent,
// loadFileAsBase64, loadDirectoryFileInfo) are never followed: their value
// is unknown. Module nesting, module instances and the source read are
// bounded per file (load.go), a module including itself is an error, and
// the translation and the source map stop when the scan's context is done.
//
// The Bicep CLI (`bicep build`, `az bicep build`) is not run unless the
// Parser's Compiler field is set: on an untrusted checkout it would itself
// follow `module '../../…'` out of the repository, embed any file of the
// machine named by loadTextContent('/home/runner/.docker/config.json')
// into the template poollint then parses and reports, and restore registry
// modules over the network. Set it only for trusted sources. When it runs,
// its timeout kills the compiler's whole process group.
package bicep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
)

// DefaultCompileTimeout bounds one run of the Bicep compiler when
// Parser.CompileTimeout is zero.
const DefaultCompileTimeout = 60 * time.Second

// maxSkipNotes bounds the notes about statements the parser skipped in one
// file; the rest are counted in one more note.
const maxSkipNotes = 50

// Parser is the Bicep source format. The zero value is what scans of
// untrusted repositories need: no external compiler.
type Parser struct {
	// Compiler lets Parse build a .bicep file that has no compiled
	// template beside it with a `bicep` or `az` CLI found on PATH, before
	// falling back to the translation. Only for trusted sources (see the
	// package documentation).
	Compiler bool
	// CompileTimeout bounds one run of the compiler (DefaultCompileTimeout
	// when zero); the scan's context bounds it too.
	CompileTimeout time.Duration
}

// Name implements parsers.Parser.
func (Parser) Name() string { return "bicep" }

// Extensions implements parsers.Parser.
func (Parser) Extensions() []string { return []string{".bicep", ".bicepparam"} }

// Detect implements parsers.Parser: every .bicep and .bicepparam file.
func (Parser) Detect(path string, data []byte) bool { return true }

// Parse implements parsers.Parser.
func (p Parser) Parse(in *parsers.Input) parsers.Result {
	ld := newLoader(in.Context(), in.Options)
	if strings.HasSuffix(strings.ToLower(in.Path), ".bicepparam") {
		return parseParams(in, ld)
	}
	at := nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	compiled := strings.TrimSuffix(in.Path, filepath.Ext(in.Path)) + ".json"
	data, err := ld.file(compiled)
	if err == nil {
		res := armtemplate.Parse(&parsers.Input{Path: compiled, Data: data, Options: in.Options, Ctx: in.Ctx})
		res.Related = append(res.Related, compiled)
		if sm := clusterSourceMap(res.Clusters, in.Path, in.Data, compiled, data, ld, false); sm != nil {
			toBicep(res.Clusters, compiled, sm, at)
			res.Diags = append(res.Diags, sm.cutShort(at)...)
		}
		res.Diags = append(res.Diags, staleNotes(in, ld, compiled, res.Clusters)...)
		return res
	}
	var refused []parsers.Diagnostic
	why := fmt.Sprintf("no compiled %s beside it", filepath.Base(compiled))
	if msg, isRefusal := whyUnread(compiled, err); isRefusal {
		refused = append(refused, parsers.Errorf(at, "compiled template: %s", msg))
		why = "its compiled template refused"
	} else if !errors.Is(err, fs.ErrNotExist) {
		why = "compiled template: " + msg
	}
	if p.Compiler {
		cmd, cerr := compiler(in.Path)
		if cerr == nil {
			res := compileAndParse(in, ld, cmd, p.CompileTimeout)
			res.Diags = append(refused, res.Diags...)
			return res
		}
		why += fmt.Sprintf(" and %v", cerr)
	}
	res := translateAndParse(in, ld, why)
	res.Diags = append(refused, res.Diags...)
	return res
}

// translateAndParse checks a .bicep file through poollint's own translation
// to an ARM template (translateFile), evaluated by package armtemplate.
func translateAndParse(in *parsers.Input, ld *loader, why string) parsers.Result {
	at := nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	f, err := ld.parseSource(in.Path, in.Data)
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			at.Line, at.Col = se.Pos.Line, se.Pos.Col
			return parsers.Result{Diags: []parsers.Diagnostic{parsers.Errorf(at, "invalid Bicep: %s", se.Msg)}}
		}
		return parsers.Result{Diags: []parsers.Diagnostic{parsers.Errorf(at, "invalid Bicep: %v", err)}}
	}
	var res parsers.Result
	for i, s := range f.Skipped {
		if i == maxSkipNotes {
			res.Diags = append(res.Diags, parsers.Notef(at, "%d more statements not understood", len(f.Skipped)-i))
			break
		}
		res.Diags = append(res.Diags, parsers.Notef(nodepool.Pos{File: in.Path, Line: s.Pos.Line, Col: s.Pos.Col},
			"statement not understood (%s); what it declares is unknown", s.Msg))
	}
	data, notes := translateFile(in.Path, f, ld)
	res.Diags = append(res.Diags, notes...)
	if data == nil {
		return res
	}
	// The template is named as if compiled beside the source, so that
	// main.parameters.json (and its .parameters.<env>.json variants) apply.
	out := parseTemplate(in, ld, strings.TrimSuffix(in.Path, filepath.Ext(in.Path))+".json", data)
	out.Diags = append(res.Diags, out.Diags...)
	out.Diags = append(out.Diags, parsers.Notef(at, "%s: checked through poollint's own reading of the Bicep source; values it cannot follow are unknown (run `bicep build %s` for a full check)", why, filepath.Base(in.Path)))
	return out
}

// parseTemplate evaluates a template compiled (or translated) from in to
// the file out, and moves positions onto the Bicep source.
func parseTemplate(in *parsers.Input, ld *loader, out string, data []byte) parsers.Result {
	res := armtemplate.Parse(&parsers.Input{Path: out, Data: data, Options: in.Options, Ctx: in.Ctx, Generated: true})
	onSource(&res, in.Path, in.Data, out, data, ld)
	return res
}

// onSource moves the positions of clusters and diagnostics read from the
// template out (compiled from source) onto the source's lines; what the
// source map does not place goes to the source's first line.
func onSource(res *parsers.Result, source string, src []byte, out string, data []byte, ld *loader) {
	at := nodepool.Pos{File: source, Line: 1, Col: 1}
	toSource := func(p nodepool.Pos) nodepool.Pos {
		if p.File == out {
			return at
		}
		return p
	}
	if sm := clusterSourceMap(res.Clusters, source, src, out, data, ld, true); sm != nil {
		toBicep(res.Clusters, out, sm, at)
		res.Diags = append(res.Diags, sm.cutShort(at)...)
	}
	for _, c := range res.Clusters {
		nodepool.RewritePositions(c, toSource)
	}
	for i := range res.Diags {
		res.Diags[i].Pos = toSource(res.Diags[i].Pos)
	}
}

// compiler finds a Bicep compiler and returns the command line that builds
// src into the file named by the final argument (filled in later).
func compiler(src string) ([]string, error) {
	if p, err := exec.LookPath("bicep"); err == nil {
		return []string{p, "build", src, "--outfile"}, nil
	}
	if p, err := exec.LookPath("az"); err == nil {
		return []string{p, "bicep", "build", "--file", src, "--outfile"}, nil
	}
	return nil, errors.New("no bicep or az CLI on PATH")
}

// compileAndParse builds in with the compiler command line cmdline (the
// output file appended) and checks the template it writes. The compiler
// runs in a process group of its own, killed whole when the timeout or the
// scan's context ends it, and when it returns.
func compileAndParse(in *parsers.Input, ld *loader, cmdline []string, timeout time.Duration) parsers.Result {
	var res parsers.Result
	at := nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	if timeout <= 0 {
		timeout = DefaultCompileTimeout
	}
	dir, err := os.MkdirTemp("", "poollint-bicep-")
	if err != nil {
		res.Diags = append(res.Diags, parsers.Errorf(at, "cannot compile: %v", err))
		return res
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "compiled.json")
	ctx, cancel := context.WithTimeout(in.Context(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cmdline[0], append(cmdline[1:], out)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	ownGroup(cmd)
	err = cmd.Run()
	killGroup(cmd) // what the compiler left running
	if errors.Is(err, exec.ErrWaitDelay) && ctx.Err() == nil {
		err = nil // it succeeded; a process it left held its output open
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		switch {
		case in.Context().Err() != nil:
			msg = fmt.Sprintf("evaluation cut short: %v", context.Cause(in.Context()))
		case ctx.Err() != nil:
			msg = fmt.Sprintf("timed out after %s", timeout)
		}
		if msg == "" {
			msg = err.Error()
		}
		res.Diags = append(res.Diags, parsers.Errorf(at, "bicep build failed: %s", firstLines(msg, 5)))
		return res
	}
	data, err := os.ReadFile(out)
	if err != nil {
		res.Diags = append(res.Diags, parsers.Errorf(at, "bicep build wrote no template: %v", err))
		return res
	}
	return parseTemplate(in, ld, out, data)
}

// parseParams reads a .bicepparam file: the template compiled from its
// `using` target is evaluated with its values (package armtemplate), and the
// template's positions move onto the target's Bicep lines when its source
// can be read.
func parseParams(in *parsers.Input, ld *loader) parsers.Result {
	res := parseBicepParam(in)
	compiledFound := false
	for _, r := range res.Related {
		compiledFound = compiledFound || strings.HasSuffix(r, ".json")
	}
	if !compiledFound {
		if tr, ok := translateParams(in, ld); ok {
			return tr
		}
	}
	for _, compiled := range res.Related {
		if !strings.HasSuffix(compiled, ".json") {
			continue
		}
		source := strings.TrimSuffix(compiled, ".json") + ".bicep"
		src, err := ld.file(source)
		if err != nil {
			continue
		}
		data, err := ld.file(compiled)
		if err != nil {
			continue
		}
		if sm := clusterSourceMap(res.Clusters, source, src, compiled, data, ld, false); sm != nil {
			at := nodepool.Pos{File: source, Line: 1, Col: 1}
			toBicep(res.Clusters, compiled, sm, at)
			res.Diags = append(res.Diags, sm.cutShort(at)...)
		}
	}
	return res
}

// translateParams reads a .bicepparam file whose using target has no
// compiled template: the target's Bicep is translated (translateFile) and
// evaluated with the file's values. ok is false when the file names no
// readable .bicep target; a target refused (outside the scanned root) is
// an error.
func translateParams(in *parsers.Input, ld *loader) (parsers.Result, bool) {
	f, err := ld.parseSource(in.Path, in.Data)
	if err != nil {
		return parsers.Result{}, false
	}
	using := ""
	var usingAt syntax.Pos
	for _, d := range f.Decls {
		if d.Kind == "using" {
			using, usingAt = d.Type, d.P
		}
	}
	if !strings.HasSuffix(using, ".bicep") {
		return parsers.Result{}, false
	}
	at := nodepool.Pos{File: in.Path, Line: usingAt.Line, Col: usingAt.Col}
	target := filepath.ToSlash(filepath.Join(filepath.Dir(in.Path), filepath.FromSlash(using)))
	tf, src, err := ld.parse(target)
	if err != nil {
		if msg, refused := whyUnread(target, err); refused && src == nil {
			return parsers.Result{Diags: []parsers.Diagnostic{parsers.Errorf(at, "using: %s; these parameters are not checked", msg)}}, true
		}
		return parsers.Result{}, false
	}
	data, notes := translateFile(target, tf, ld)
	if data == nil {
		if ld.cut() != nil {
			return parsers.Result{Diags: notes}, true
		}
		return parsers.Result{}, false
	}
	out := strings.TrimSuffix(target, ".bicep") + ".json"
	// The file's values, read as parseBicepParam reads them: a statement it
	// cannot read leaves the template's defaults, with the error.
	var params *armtemplate.ParamSource
	var paramDiag []parsers.Diagnostic
	if bp, err := parseBicepParamText(in.Data); err != nil {
		paramDiag = append(paramDiag, bicepParamDiag(in.Path, err))
	} else {
		params = bp.source(in.Path)
	}
	res := armtemplate.ParseWithParams(&parsers.Input{Path: out, Data: data, Options: in.Options, Ctx: in.Ctx, Generated: true}, in.Path, params)
	res.Diags = append(paramDiag, res.Diags...)
	onSource(&res, target, src, out, data, ld)
	res.Diags = append(res.Diags, notes...)
	res.Diags = append(res.Diags, parsers.Notef(at,
		"no compiled template for %s: checked through poollint's own reading of the Bicep source", filepath.Base(target)))
	res.Related = append(res.Related, target)
	return res, true
}

// toBicep moves the clusters read from a compiled template onto the Bicep
// lines they were compiled from; a position the map does not know goes to
// fallback. The clusters then count as read from Bicep (format "bicep"),
// which lets the scan drop the same clusters read from the compiled
// template on its own.
func toBicep(cs []*nodepool.Cluster, compiled string, sm *sourceMap, fallback nodepool.Pos) {
	for _, c := range cs {
		if c.Pos.File != compiled {
			continue
		}
		if calls := sm.callsOf(c.Pos); len(calls) > 0 && len(c.CallSites) == 0 {
			c.CallSites = calls
		}
		for _, p := range c.Pools {
			if calls := sm.callsOf(p.Pos); len(calls) > 0 && len(p.CallSites) == 0 {
				p.CallSites = calls
			}
		}
		nodepool.RewritePositions(c, func(p nodepool.Pos) nodepool.Pos {
			if p.File != compiled {
				return p
			}
			if q, ok := sm.lookup(p); ok {
				return q
			}
			return fallback
		})
		c.Format = "bicep"
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}
