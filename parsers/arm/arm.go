// Package arm reads Azure Resource Manager templates (hand-written or compiled
// from Bicep, classic and languageVersion 2.0) into the common node-pool
// model: Microsoft.ContainerService/managedClusters with their inline
// agentPoolProfiles, and managedClusters/agentPools resources nested in the
// cluster or at top level. Expressions are evaluated by package armexpr with
// parameter values from defaults, a paired X.parameters.json and
// --param-file; whatever cannot be resolved offline is unknown.
package arm

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// Parser is the ARM template format.
type Parser struct{}

// Name implements parsers.Parser.
func (Parser) Name() string { return "arm" }

// Extensions implements parsers.Parser.
func (Parser) Extensions() []string { return []string{".json", ".jsonc"} }

var (
	markTemplate = []byte("deploymenttemplate.json")
	markCluster  = []byte("microsoft.containerservice/managedclusters")
)

// Detect implements parsers.Parser: a JSON object whose text names the
// deploymentTemplate schema or an AKS managedClusters resource type.
func (Parser) Detect(path string, data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	lower := bytes.ToLower(data)
	return bytes.Contains(lower, markTemplate) || bytes.Contains(lower, markCluster)
}

// Parse implements parsers.Parser.
func (Parser) Parse(in *parsers.Input) parsers.Result {
	var res parsers.Result
	root, err := jsonpos.Parse(in.Data)
	if err != nil {
		res.Diags = append(res.Diags, syntaxDiag(in.Path, err))
		return res
	}
	if root.Kind != jsonpos.Object {
		return res
	}
	if schema := root.Get("$schema"); schema != nil && schema.Kind == jsonpos.String &&
		strings.Contains(strings.ToLower(schema.Str), "deploymentparameters") {
		return res // a parameter file: read through its template
	}
	if root.GetFold("resources") == nil {
		return res
	}
	f := newFile(in.Path, in.Options)
	top := f.newScope(in.Path, root, 0)
	for _, pf := range paramFilesFor(in) {
		data, err := in.Options.Read(pf)
		if err != nil {
			if pf != defaultParamFile(in.Path) || !errors.Is(err, os.ErrNotExist) {
				res.Diags = append(res.Diags, parsers.Errorf(nodepool.Pos{File: pf}, "cannot read parameter file: %v", err))
			}
			continue
		}
		res.Related = append(res.Related, pf)
		if d := top.loadParamFile(pf, data); d != nil {
			res.Diags = append(res.Diags, *d)
		}
	}
	res.Clusters = top.extract(root)
	res.Diags = append(res.Diags, f.diags...)
	res.Related = append(res.Related, f.related...)
	return res
}

func syntaxDiag(path string, err error) parsers.Diagnostic {
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

// paramFilesFor lists the parameter files that apply to a template, weakest
// first: the paired X.parameters.json, then --param-file values (global, then
// those naming this template).
func paramFilesFor(in *parsers.Input) []string {
	var paired []string
	if !strings.HasSuffix(strings.ToLower(in.Path), ".parameters.json") {
		paired = []string{defaultParamFile(in.Path)}
	}
	if in.Options == nil {
		return paired
	}
	var global, explicit []string
	for _, pf := range in.Options.ParamFiles {
		switch {
		case pf.Template == "":
			global = append(global, pf.Path)
		case samePath(pf.Template, in.Path):
			explicit = append(explicit, pf.Path)
		}
	}
	if len(explicit) > 0 {
		paired = nil // a parameter file named for this template replaces the paired one
	}
	return dedupe(append(append(paired, global...), explicit...))
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
