package terraform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// variable is a module input with the value that applies to it.
type variable struct {
	name       string
	def        cty.Value // default, or cty.NilVal
	value      cty.Value // from a tfvars file, -var or the module call
	hasValue   bool
	origin     nodepool.Origin
	from       string
	sensitive  bool
	declaredAt hcl.Range
}

// block is one resource, data or module block with its meta-arguments.
type block struct {
	kind     string // "resource", "module"
	typ      string // resource type; "" for modules
	name     string
	body     hcl.Body
	defRange hcl.Range
	count    hcl.Expression
	forEach  hcl.Expression
	source   string // module source
}

// module is one Terraform directory.
type module struct {
	dir       string
	files     []string
	vars      map[string]*variable
	locals    map[string]*hcl.Attribute
	blocks    []*block
	funcNames map[string]bool // functions the module calls
	diags     []parsers.Diagnostic
}

var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "terraform"},
		{Type: "moved"},
		{Type: "import"},
		{Type: "check", LabelNames: []string{"name"}},
		{Type: "removed"},
	},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "sensitive"}, {Name: "type"}, {Name: "description"}, {Name: "nullable"}, {Name: "ephemeral"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var metaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "source"}},
}

// isConfigFile reports whether a file name is Terraform configuration.
func isConfigFile(name string) bool {
	return (strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) &&
		!strings.HasSuffix(name, "_override.tf") && !strings.HasSuffix(name, "_override.tf.json") && name != "override.tf"
}

// loadModule parses every configuration file of dir.
func loadModule(dir string, opts *parsers.Options) *module {
	m := &module{dir: dir, vars: map[string]*variable{}, locals: map[string]*hcl.Attribute{}, funcNames: map[string]bool{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		m.diags = append(m.diags, parsers.Notef(nodepool.Pos{File: dir}, "module directory not read (%v); pools declared in it are not checked", unwrap(err)))
		return m
	}
	p := hclparse.NewParser()
	for _, e := range entries {
		if e.IsDir() || !isConfigFile(e.Name()) {
			continue
		}
		path := joinPath(dir, e.Name())
		data, err := opts.Read(path)
		if err != nil {
			m.diags = append(m.diags, parsers.Errorf(nodepool.Pos{File: path}, "cannot read file: %v", err))
			continue
		}
		if len(data) > maxFileSize {
			m.diags = append(m.diags, parsers.Notef(nodepool.Pos{File: path}, "skipped: larger than %d bytes", maxFileSize))
			continue
		}
		f, diags := parseFile(p, path, data)
		m.diags = append(m.diags, hclDiags(diags)...)
		if f == nil || diags.HasErrors() {
			continue
		}
		m.files = append(m.files, path)
		m.load(f)
	}
	return m
}

// maxFileSize bounds one configuration file.
const maxFileSize = 10 << 20

func (m *module) load(f *hcl.File) {
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
			if call, ok := n.(*hclsyntax.FunctionCallExpr); ok {
				m.funcNames[call.Name] = true
			}
			return nil
		})
	}
	content, _, _ := f.Body.PartialContent(rootSchema) // unknown top-level blocks are not ours to judge
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			v := &variable{name: b.Labels[0], declaredAt: b.DefRange}
			vc, _ := b.Body.Content(variableSchema)
			if vc != nil {
				if a := vc.Attributes["default"]; a != nil {
					if val, diags := a.Expr.Value(nil); !diags.HasErrors() {
						v.def = val
					}
				}
				if a := vc.Attributes["sensitive"]; a != nil {
					if val, diags := a.Expr.Value(nil); !diags.HasErrors() && val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
						v.sensitive = val.True()
					}
				}
			}
			m.vars[v.name] = v
		case "locals":
			attrs, diags := b.Body.JustAttributes()
			m.diags = append(m.diags, hclDiags(diags)...)
			for name, a := range attrs {
				m.locals[name] = a
			}
		case "resource", "module":
			bl := &block{kind: b.Type, name: b.Labels[len(b.Labels)-1], defRange: b.DefRange}
			if b.Type == "resource" {
				bl.typ = b.Labels[0]
			}
			meta, rest, _ := b.Body.PartialContent(metaSchema)
			bl.body = rest
			if a := meta.Attributes["count"]; a != nil {
				bl.count = a.Expr
			}
			if a := meta.Attributes["for_each"]; a != nil {
				bl.forEach = a.Expr
			}
			if a := meta.Attributes["source"]; a != nil {
				if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					bl.source = v.AsString()
				}
			}
			m.blocks = append(m.blocks, bl)
		}
	}
}

// applyVarFiles sets variable values from terraform.tfvars, *.auto.tfvars
// (in name order), then the -var-file and -var options, later ones winning,
// as Terraform does.
func (m *module) applyVarFiles(opts *parsers.Options) {
	var files []string
	if _, err := os.Stat(joinPath(m.dir, "terraform.tfvars")); err == nil {
		files = append(files, joinPath(m.dir, "terraform.tfvars"))
	}
	if _, err := os.Stat(joinPath(m.dir, "terraform.tfvars.json")); err == nil {
		files = append(files, joinPath(m.dir, "terraform.tfvars.json"))
	}
	auto, _ := filepath.Glob(filepath.Join(m.dir, "*.auto.tfvars"))
	autoJSON, _ := filepath.Glob(filepath.Join(m.dir, "*.auto.tfvars.json"))
	auto = append(auto, autoJSON...)
	sort.Strings(auto)
	for _, a := range auto {
		files = append(files, filepath.ToSlash(a))
	}
	if opts != nil {
		files = append(files, opts.VarFiles...)
		if abs, err := filepath.Abs(m.dir); err == nil {
			files = append(files, opts.DirVarFiles[abs]...)
		}
	}
	p := hclparse.NewParser()
	for _, path := range files {
		data, err := opts.Read(path)
		if err != nil {
			m.diags = append(m.diags, parsers.Errorf(nodepool.Pos{File: path}, "cannot read variables file: %v", err))
			continue
		}
		f, diags := parseFile(p, path, data)
		m.diags = append(m.diags, hclDiags(diags)...)
		if f == nil {
			continue
		}
		attrs, diags := f.Body.JustAttributes()
		m.diags = append(m.diags, hclDiags(diags)...)
		for name, a := range attrs {
			v := m.vars[name]
			if v == nil {
				continue // Terraform warns about undeclared variables; not a pool matter
			}
			val, diags := a.Expr.Value(nil)
			if diags.HasErrors() {
				val = cty.DynamicVal
			}
			v.value, v.hasValue = val, true
			v.origin, v.from = nodepool.OriginParamFile, fmt.Sprintf("var.%s in %s", name, filepath.Base(path))
		}
	}
	if opts == nil {
		return
	}
	for _, kv := range opts.Vars {
		name, raw, ok := strings.Cut(kv, "=")
		v := m.vars[name]
		if !ok || v == nil {
			continue
		}
		val := cty.StringVal(raw)
		if expr, diags := hclsyntax.ParseExpression([]byte(raw), "-var", hcl.InitialPos); !diags.HasErrors() {
			if parsed, diags := expr.Value(nil); !diags.HasErrors() {
				val = parsed
			}
		}
		v.value, v.hasValue = val, true
		v.origin, v.from = nodepool.OriginParamFile, fmt.Sprintf("-var %s", name)
	}
}

// varValues is the `var` object: each variable's value, default, or unknown.
func (m *module) varValues() cty.Value {
	vals := map[string]cty.Value{}
	for name, v := range m.vars {
		switch {
		case v.hasValue:
			vals[name] = v.value
		case v.def != cty.NilVal:
			vals[name] = v.def
		default:
			vals[name] = cty.DynamicVal
		}
	}
	return cty.ObjectVal(vals)
}

// maxLocalRounds bounds the fixpoint evaluation of locals.
const maxLocalRounds = 16

// evalContext builds the module's evaluation context: var, local, path,
// terraform, and the functions. Locals are evaluated to a fixpoint so they may
// refer to each other in any order; a cycle stays unknown.
func (m *module) evalContext() *hcl.EvalContext {
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":       m.varValues(),
			"path":      cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(m.dir), "root": cty.StringVal(m.dir), "cwd": cty.StringVal(".")}),
			"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
		},
		Functions: functions(m.funcNames),
	}
	locals := map[string]cty.Value{}
	for name := range m.locals {
		locals[name] = cty.DynamicVal
	}
	names := make([]string, 0, len(m.locals))
	for name := range m.locals {
		names = append(names, name)
	}
	sort.Strings(names)
	for range maxLocalRounds {
		ctx.Variables["local"] = cty.ObjectVal(locals)
		changed := false
		for _, name := range names {
			v := evalExpr(m.locals[name].Expr, ctx)
			if !v.RawEquals(locals[name]) {
				locals[name], changed = v, true
			}
		}
		if !changed {
			break
		}
	}
	ctx.Variables["local"] = cty.ObjectVal(locals)
	return ctx
}

// evalExpr evaluates an expression; references the context does not have
// (resources, data sources, modules) are unknown, and so is anything that
// fails to evaluate.
func evalExpr(expr hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	child := ctx
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		if _, ok := ctx.Variables[root]; !ok {
			if child == ctx {
				child = ctx.NewChild()
				child.Variables = map[string]cty.Value{}
			}
			child.Variables[root] = cty.DynamicVal
		}
	}
	v, diags := expr.Value(child)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

func hclDiags(diags hcl.Diagnostics) []parsers.Diagnostic {
	var out []parsers.Diagnostic
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		pos := nodepool.Pos{}
		if d.Subject != nil {
			pos = rangePos(*d.Subject)
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		out = append(out, parsers.Errorf(pos, "invalid HCL: %s", msg))
	}
	return out
}

func rangePos(r hcl.Range) nodepool.Pos {
	return nodepool.Pos{File: r.Filename, Line: r.Start.Line, Col: r.Start.Column}
}

func joinPath(dir, name string) string {
	return filepath.ToSlash(filepath.Join(dir, name))
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseFile parses native HCL or, for .json names, its JSON syntax.
func parseFile(p *hclparse.Parser, path string, data []byte) (*hcl.File, hcl.Diagnostics) {
	if strings.HasSuffix(path, ".json") {
		return p.ParseJSON(data, path)
	}
	return p.ParseHCL(data, path)
}
