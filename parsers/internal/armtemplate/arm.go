// Package armtemplate is the Azure Resource Manager template evaluator the
// arm and bicep formats share. It reads templates (hand-written or compiled
// from Bicep, classic and languageVersion 2.0) into the common node-pool
// model: Microsoft.ContainerService/managedClusters with their inline
// agentPoolProfiles, and managedClusters/agentPools resources nested in the
// cluster or at top level. Expressions are evaluated by package armexpr with
// parameter values from defaults, a paired X.parameters.json and
// --param-file; whatever cannot be resolved offline is unknown.
package armtemplate

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// Parse reads an ARM template (or a deploymentParameters file naming its
// template in metadata.template).
func Parse(in *parsers.Input) parsers.Result {
	var res parsers.Result
	root, err := parseInput(in)
	if err != nil {
		res.Diags = append(res.Diags, SyntaxDiag(in.Path, err))
		return res
	}
	if root.Kind != jsonpos.Object {
		return res
	}
	if schema := root.Get("$schema"); schema != nil && schema.Kind == jsonpos.String &&
		strings.Contains(strings.ToLower(schema.Str), "deploymentparameters") {
		return parseParamFile(in, root)
	}
	if root.GetFold("resources") == nil {
		return res
	}
	return evaluate(in.Path, root, paramSetsFor(in), in.Options, newShared(in.Context()))
}

// ParseWithParams evaluates the template in.Data (read as in.Path) with the
// values of one parameter file (read at srcPath, by its own format), as a
// deployment of its own: what a .bicepparam file does to a template
// translated from its using target.
func ParseWithParams(in *parsers.Input, srcPath string, src *ParamSource) parsers.Result {
	root, err := parseInput(in)
	if err != nil {
		return parsers.Result{Diags: []parsers.Diagnostic{SyntaxDiag(in.Path, err)}}
	}
	return Evaluate(in, root, srcPath, src)
}

// Evaluate is ParseWithParams on a template already parsed (root).
func Evaluate(in *parsers.Input, root *jsonpos.Node, srcPath string, src *ParamSource) parsers.Result {
	return evaluate(in.Path, root, []paramSet{{src: src, srcPath: srcPath, variant: filepath.Base(srcPath)}}, in.Options, newShared(in.Context()))
}

// paramSet is one set of parameter sources applied together, weakest first:
// one deployment of the template.
type paramSet struct {
	files []string
	// src, when set, is a parameter file read by its own format (at
	// srcPath), applied instead of files.
	src     *ParamSource
	srcPath string
	// variant names the set when a template has several, so that clusters
	// of different deployments get different identifiers.
	variant string
}

// evaluate reads a template once per parameter set and merges the results;
// findings that do not depend on the set are deduplicated by the scan. The
// sets share one evaluation budget (sh).
func evaluate(path string, root *jsonpos.Node, sets []paramSet, opts *parsers.Options, sh *shared) parsers.Result {
	var res parsers.Result
	seen := map[string]bool{}
	for _, set := range sets {
		f := newFile(path, opts, sh)
		top := f.newScope(path, root, 0)
		if set.src != nil {
			res.Related = append(res.Related, set.srcPath)
			top.applyParams(set.src)
		}
		for _, pf := range set.files {
			src, diag := readParamSource(pf, opts)
			if diag != nil {
				res.Diags = append(res.Diags, *diag)
			}
			if src == nil {
				continue
			}
			res.Related = append(res.Related, pf)
			top.applyParams(src)
		}
		clusters := top.extract(root)
		top.limits(top.pos(root)) // a budget spent outside any expression
		if set.variant != "" {
			for _, c := range clusters {
				c.ID += "@" + set.variant
				for _, p := range c.Pools {
					p.ID += "@" + set.variant
				}
			}
		}
		res.Clusters = append(res.Clusters, clusters...)
		for _, d := range f.diags {
			if key := d.Pos.String() + d.Message; !seen[key] {
				seen[key] = true
				res.Diags = append(res.Diags, d)
			}
		}
		res.Related = append(res.Related, f.related...)
	}
	res.Related = dedupe(res.Related)
	return res
}

// parseParamFile reads a deploymentParameters file on its own: when its
// metadata.template names a template, that template is evaluated with it.
func parseParamFile(in *parsers.Input, root *jsonpos.Node) parsers.Result {
	var res parsers.Result
	tn := root.GetFold("metadata").GetFold("template")
	if tn == nil || tn.Kind != jsonpos.String || tn.Str == "" {
		return res // read through its template
	}
	tmpl := CompiledTemplate(filepath.ToSlash(filepath.Join(filepath.Dir(in.Path), filepath.FromSlash(tn.Str))))
	data, err := ReadCompanion(in.Options, tmpl)
	if err != nil {
		res.Diags = append(res.Diags, parsers.Notef(nodepool.Pos{File: in.Path, Line: tn.Line, Col: tn.Col},
			"skipped: the template named by metadata.template (%s) was not found; its pools are not checked with these parameters", tmpl))
		return res
	}
	troot, err := ParseJSON(in.Options, tmpl, data)
	if err != nil {
		res.Diags = append(res.Diags, SyntaxDiag(tmpl, err))
		return res
	}
	out := evaluate(tmpl, troot, []paramSet{{files: []string{in.Path}, variant: filepath.Base(in.Path)}}, in.Options, newShared(in.Context()))
	out.Related = append(out.Related, tmpl)
	return out
}

// CompiledTemplate maps a Bicep source to the compiled JSON beside it.
func CompiledTemplate(path string) string {
	if strings.HasSuffix(strings.ToLower(path), ".bicep") {
		return strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
	}
	return path
}

// MaxCompanion bounds a file read besides the input (a linked template, a
// parameter file): the scan's own limit for the files it reads.
const MaxCompanion = 10 << 20

// tooLargeError is a companion file past MaxCompanion.
type tooLargeError struct{ size int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("larger than %d bytes (%d)", MaxCompanion, e.size)
}

// ReadCompanion reads a file besides the input through the confined
// Options.Read, refusing one past MaxCompanion before reading it.
func ReadCompanion(opts *parsers.Options, path string) ([]byte, error) {
	if opts == nil || opts.ReadFile == nil {
		info, err := opts.Stat(path)
		if err != nil {
			return nil, err
		}
		if info.Size() > MaxCompanion {
			return nil, &tooLargeError{info.Size()}
		}
	}
	data, err := opts.Read(path)
	if err == nil && len(data) > MaxCompanion {
		return nil, &tooLargeError{int64(len(data))}
	}
	return data, err
}

// SyntaxDiag is the error diagnostic of invalid JSON at path.
func SyntaxDiag(path string, err error) parsers.Diagnostic {
	var se *jsonpos.SyntaxError
	if errors.As(err, &se) {
		return parsers.Errorf(nodepool.Pos{File: path, Line: se.Line, Col: se.Col}, "invalid JSON: %s", se.Msg)
	}
	return parsers.Errorf(nodepool.Pos{File: path}, "invalid JSON: %v", err)
}

// defaultParamFile is X.parameters.json beside X.json.
func defaultParamFile(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".parameters" + ext
}

// TemplateOf returns X.json for a parameter file X.parameters*.json (the
// pairing defaultParamFile makes the other way), or "".
func TemplateOf(path string) string {
	name := filepath.Base(path)
	i := strings.Index(name, ".parameters")
	if i <= 0 || !strings.HasSuffix(name, ".json") {
		return ""
	}
	return filepath.Join(filepath.Dir(path), name[:i]+".json")
}

// paramSetsFor lists the parameter sets a template is evaluated with:
//   - a --param-file naming this template: that set alone (with the global
//     --param-file values);
//   - otherwise the paired X.parameters.json, and each X.parameters.*.json
//     variant as a deployment of its own; with none of them, the defaults.
//
// Global --param-file values (no template named) apply to every set.
func paramSetsFor(in *parsers.Input) []paramSet {
	var global, explicit []string
	if in.Options != nil {
		for _, pf := range in.Options.ParamFiles {
			switch {
			case pf.Template == "":
				global = append(global, pf.Path)
			case samePath(pf.Template, in.Path):
				explicit = append(explicit, pf.Path)
			}
		}
	}
	if len(explicit) > 0 {
		return []paramSet{{files: dedupe(append(global, explicit...))}}
	}
	if strings.Contains(strings.ToLower(filepath.Base(in.Path)), ".parameters.") {
		return []paramSet{{files: global}}
	}
	var sets []paramSet
	paired := defaultParamFile(in.Path)
	if _, err := ReadCompanion(in.Options, paired); err == nil {
		sets = append(sets, paramSet{files: dedupe(append([]string{paired}, global...))})
	}
	ext := filepath.Ext(in.Path)
	// Confined: a variant that is a link leading out of the root is left
	// out, as if it did not exist.
	variants := in.Options.Glob(globEscape(strings.TrimSuffix(in.Path, ext)) + ".parameters.*" + ext)
	sort.Strings(variants)
	for _, v := range variants {
		v = filepath.ToSlash(v)
		sets = append(sets, paramSet{files: dedupe(append([]string{v}, global...)), variant: filepath.Base(v)})
	}
	if len(sets) == 0 {
		return []paramSet{{files: global}}
	}
	if len(sets) > 1 && sets[0].variant == "" {
		sets[0].variant = filepath.Base(paired)
	}
	return sets
}

// globEscape quotes glob metacharacters in a path.
func globEscape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
