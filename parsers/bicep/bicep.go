// Package bicep reads Bicep sources. A .bicep file is checked through an
// ARM template evaluated by package arm: the main.json compiled beside
// main.bicep when there is one, otherwise a template compiled on the fly by
// a `bicep` or `az` CLI found on PATH, otherwise poollint's own translation
// of the Bicep (compile.go), which leaves unknown what it cannot follow. The
// compiler writes no source map, so one is rebuilt from the Bicep syntax
// tree (sourcemap.go) and findings point at the .bicep lines.
package bicep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/arm"
	"github.com/poollint/poollint/parsers/bicep/syntax"
)

// CompileTimeout bounds one run of the Bicep compiler.
var CompileTimeout = 60 * time.Second

// Parser is the Bicep source format.
type Parser struct{}

// Name implements parsers.Parser.
func (Parser) Name() string { return "bicep" }

// Extensions implements parsers.Parser.
func (Parser) Extensions() []string { return []string{".bicep", ".bicepparam"} }

// Detect implements parsers.Parser: every .bicep and .bicepparam file.
func (Parser) Detect(path string, data []byte) bool { return true }

// Parse implements parsers.Parser.
func (Parser) Parse(in *parsers.Input) parsers.Result {
	if strings.HasSuffix(strings.ToLower(in.Path), ".bicepparam") {
		return parseParams(in)
	}
	compiled := strings.TrimSuffix(in.Path, filepath.Ext(in.Path)) + ".json"
	if data, err := in.Options.Read(compiled); err == nil {
		res := arm.Parser{}.Parse(&parsers.Input{Path: compiled, Data: data, Options: in.Options})
		res.Related = append(res.Related, compiled)
		if sm := buildSourceMap(in.Path, in.Data, data, in.Options.Read); sm != nil {
			toBicep(res.Clusters, compiled, sm, nodepool.Pos{File: in.Path, Line: 1, Col: 1})
		}
		return res
	}
	cmd, err := compiler(in.Path)
	if err != nil {
		return translateAndParse(in, fmt.Sprintf("no compiled %s beside it and %v", filepath.Base(compiled), err))
	}
	return compileAndParse(in, cmd)
}

// translateAndParse checks a .bicep file through poollint's own translation
// to an ARM template (translate), evaluated by package arm.
func translateAndParse(in *parsers.Input, why string) parsers.Result {
	at := nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	f, err := syntax.Parse(string(in.Data))
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			at.Line, at.Col = se.Pos.Line, se.Pos.Col
			return parsers.Result{Diags: []parsers.Diagnostic{parsers.Errorf(at, "invalid Bicep: %s", se.Msg)}}
		}
		return parsers.Result{Diags: []parsers.Diagnostic{parsers.Errorf(at, "invalid Bicep: %v", err)}}
	}
	var res parsers.Result
	for _, s := range f.Skipped {
		res.Diags = append(res.Diags, parsers.Notef(nodepool.Pos{File: in.Path, Line: s.Pos.Line, Col: s.Pos.Col},
			"statement not understood (%s); what it declares is unknown", s.Msg))
	}
	data, notes := translate(in.Path, f, in.Options.Read, 0)
	res.Diags = append(res.Diags, notes...)
	if data == nil {
		return res
	}
	// The template is named as if compiled beside the source, so that
	// main.parameters.json (and its .parameters.<env>.json variants) apply.
	out := parseTemplate(in, strings.TrimSuffix(in.Path, filepath.Ext(in.Path))+".json", data)
	out.Diags = append(res.Diags, out.Diags...)
	out.Diags = append(out.Diags, parsers.Notef(at, "%s: checked through poollint's own reading of the Bicep source; values it cannot follow are unknown (run `bicep build %s` for a full check)", why, filepath.Base(in.Path)))
	return out
}

// parseTemplate evaluates a template compiled (or translated) from in to
// the file out, and moves positions onto the Bicep source.
func parseTemplate(in *parsers.Input, out string, data []byte) parsers.Result {
	res := arm.Parser{}.Parse(&parsers.Input{Path: out, Data: data, Options: in.Options})
	onSource(&res, in.Path, in.Data, out, data, in.Options.Read)
	return res
}

// onSource moves the positions of clusters and diagnostics read from the
// template out (compiled from source) onto the source's lines; what the
// source map does not place goes to the source's first line.
func onSource(res *parsers.Result, source string, src []byte, out string, data []byte, read func(string) ([]byte, error)) {
	at := nodepool.Pos{File: source, Line: 1, Col: 1}
	toSource := func(p nodepool.Pos) nodepool.Pos {
		if p.File == out {
			return at
		}
		return p
	}
	if sm := buildSourceMap(source, src, data, read); sm != nil {
		toBicep(res.Clusters, out, sm, at)
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

func compileAndParse(in *parsers.Input, cmdline []string) parsers.Result {
	var res parsers.Result
	at := nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	dir, err := os.MkdirTemp("", "poollint-bicep-")
	if err != nil {
		res.Diags = append(res.Diags, parsers.Errorf(at, "cannot compile: %v", err))
		return res
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "compiled.json")
	ctx, cancel := context.WithTimeout(context.Background(), CompileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cmdline[0], append(cmdline[1:], out)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if ctx.Err() != nil {
			msg = fmt.Sprintf("timed out after %s", CompileTimeout)
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
	return parseTemplate(in, out, data)
}

// parseParams reads a .bicepparam file: the template compiled from its
// `using` target is evaluated with its values (package arm), and the
// template's positions move onto the target's Bicep lines when its source
// can be read.
func parseParams(in *parsers.Input) parsers.Result {
	res := arm.Parser{}.Parse(in)
	compiledFound := false
	for _, r := range res.Related {
		compiledFound = compiledFound || strings.HasSuffix(r, ".json")
	}
	if !compiledFound {
		if tr, ok := translateParams(in); ok {
			return tr
		}
	}
	for _, compiled := range res.Related {
		if !strings.HasSuffix(compiled, ".json") {
			continue
		}
		source := strings.TrimSuffix(compiled, ".json") + ".bicep"
		src, err := in.Options.Read(source)
		if err != nil {
			continue
		}
		data, err := in.Options.Read(compiled)
		if err != nil {
			continue
		}
		if sm := buildSourceMap(source, src, data, in.Options.Read); sm != nil {
			toBicep(res.Clusters, compiled, sm, nodepool.Pos{File: source, Line: 1, Col: 1})
		}
	}
	return res
}

// translateParams reads a .bicepparam file whose using target has no
// compiled template: the target's Bicep is translated (translate) and
// evaluated with the file's values. ok is false when the file names no
// readable .bicep target.
func translateParams(in *parsers.Input) (parsers.Result, bool) {
	f, err := syntax.Parse(string(in.Data))
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
	target := filepath.ToSlash(filepath.Join(filepath.Dir(in.Path), filepath.FromSlash(using)))
	src, err := in.Options.Read(target)
	if err != nil {
		return parsers.Result{}, false
	}
	tf, err := syntax.Parse(string(src))
	if err != nil {
		return parsers.Result{}, false
	}
	data, notes := translate(target, tf, in.Options.Read, 0)
	if data == nil {
		return parsers.Result{}, false
	}
	out := strings.TrimSuffix(target, ".bicep") + ".json"
	res := arm.ParseWithParams(&parsers.Input{Path: out, Data: data, Options: in.Options}, in.Path)
	onSource(&res, target, src, out, data, in.Options.Read)
	res.Diags = append(res.Diags, notes...)
	res.Diags = append(res.Diags, parsers.Notef(nodepool.Pos{File: in.Path, Line: usingAt.Line, Col: usingAt.Col},
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
