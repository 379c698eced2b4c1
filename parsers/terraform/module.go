package terraform

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

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
	typ        *varType // type constraint, nil when none or unreadable
	notNull    bool     // nullable = false: null stands for the default
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
	outputs   map[string]hcl.Expression
	diags     []parsers.Diagnostic
	ev        *evaluator
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

// loadModule parses every configuration file of dir. The directory and
// its files are read through opts, confined to the scan roots.
func loadModule(dir string, opts *parsers.Options, ev *evaluator) *module {
	m := &module{dir: dir, vars: map[string]*variable{}, locals: map[string]*hcl.Attribute{}, funcNames: map[string]bool{}, ev: ev}
	entries, err := opts.ReadDir(dir)
	if err != nil {
		reason := unwrap(err)
		if errors.Is(err, fs.ErrNotExist) {
			reason = syscall.ENOENT // as os.ReadDir words it
		}
		m.diags = append(m.diags, parsers.Notef(nodepool.Pos{File: dir}, "module directory not read (%v); pools declared in it are not checked", reason))
		return m
	}
	p := hclparse.NewParser()
	// A module other directories call is read and parsed once for them all.
	shared := dir != ev.root || calledInScan(opts, dir)
	read := opts.Read
	if shared {
		read = opts.ReadKept
	}
	for _, e := range entries {
		if e.IsDir() || !isConfigFile(e.Name()) {
			continue
		}
		path := joinPath(dir, e.Name())
		if ev.stopped() {
			ev.report(nodepool.Pos{File: path, Line: 1, Col: 1}, ev.stop)
			break
		}
		data, err := read(path)
		if err != nil {
			m.diags = append(m.diags, parsers.Errorf(nodepool.Pos{File: path}, "cannot read file: %v", err))
			continue
		}
		if len(data) > maxFileSize {
			m.diags = append(m.diags, parsers.Notef(nodepool.Pos{File: path}, "skipped: larger than %d bytes", maxFileSize))
			continue
		}
		f, diags, ok := parseFile(opts, p, path, data, m.funcNames, shared)
		m.diags = append(m.diags, diags...)
		if !ok {
			continue
		}
		m.files = append(m.files, path)
		m.load(f, opts, data)
	}
	return m
}

// maxFileSize bounds one configuration file.
const maxFileSize = 10 << 20

func (m *module) load(f *hcl.File, opts *parsers.Options, src []byte) {
	content, _, _ := f.Body.PartialContent(rootSchema) // unknown top-level blocks are not ours to judge
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			v := &variable{name: b.Labels[0], declaredAt: b.DefRange}
			vc, _ := b.Body.Content(variableSchema)
			if vc != nil {
				if a := vc.Attributes["default"]; a != nil {
					if val, _, failed := m.ev.evaluate(a.Expr, m.ev.staticContext(a.Expr), false); !failed {
						v.def = val
					}
				}
				if a := vc.Attributes["nullable"]; a != nil {
					if val := m.ev.static(a.Expr); val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
						v.notNull = val.False()
					}
				}
				if a := vc.Attributes["type"]; a != nil {
					v.typ = varTypeOf(opts, a.Expr, src)
				}
				if a := vc.Attributes["sensitive"]; a != nil {
					if val := m.ev.static(a.Expr); val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
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
		case "output":
			if attrs, _ := b.Body.JustAttributes(); attrs["value"] != nil {
				if m.outputs == nil {
					m.outputs = map[string]hcl.Expression{}
				}
				m.outputs[b.Labels[0]] = attrs["value"].Expr
			}
		case "resource", "module":
			if b.Type == "resource" && resourceBuilders[b.Labels[0]] == nil && passThroughAttrs[b.Labels[0]] == "" {
				continue // nothing reads it
			}
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
				if v := m.ev.static(a.Expr); v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					bl.source = v.AsString()
				}
			}
			m.blocks = append(m.blocks, bl)
		}
	}
}

// applyVarFiles sets variable values from terraform.tfvars, *.auto.tfvars
// (in name order), then the -var-file and -var options, later ones winning,
// as Terraform does. Every file is read through opts: one that leaves the
// scan roots (a symbolic link, a -var-file from the configuration) is
// refused, except the -var-file values of the command line.
func (m *module) applyVarFiles(opts *parsers.Options) {
	var files, auto []string
	entries, _ := opts.ReadDir(m.dir)
	for _, e := range entries {
		switch name := e.Name(); {
		case e.IsDir():
		case name == "terraform.tfvars", name == "terraform.tfvars.json":
			files = append(files, joinPath(m.dir, name))
		case strings.HasSuffix(name, ".auto.tfvars"), strings.HasSuffix(name, ".auto.tfvars.json"):
			auto = append(auto, joinPath(m.dir, name))
		}
	}
	sort.Strings(files) // terraform.tfvars before terraform.tfvars.json
	sort.Strings(auto)
	files = append(files, auto...)
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
		if len(data) > maxFileSize {
			m.diags = append(m.diags, parsers.Errorf(nodepool.Pos{File: path}, "variables file not read: larger than %d bytes", maxFileSize))
			continue
		}
		f, diags, _ := parseFile(opts, p, path, data, nil, false)
		m.diags = append(m.diags, diags...)
		if f == nil {
			continue
		}
		attrs, hdiags := f.Body.JustAttributes()
		m.diags = append(m.diags, hclDiags(hdiags)...)
		for _, a := range sortedAttrs(attrs) {
			v := m.vars[a.Name]
			if v == nil {
				continue // Terraform warns about undeclared variables; not a pool matter
			}
			val := m.ev.static(a.Expr)
			v.value, v.hasValue = val, true
			v.origin, v.from = nodepool.OriginParamFile, fmt.Sprintf("var.%s in %s", a.Name, filepath.Base(path))
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
		if checkHCLNesting([]byte(raw), hclExpression, "-var", hcl.InitialPos) == nil {
			if expr, diags := hclsyntax.ParseExpression([]byte(raw), "-var", hcl.InitialPos); !diags.HasErrors() {
				r := &rewriter{}
				r.expr(&expr, 1)
				if r.deep == nil && len(r.diags) == 0 {
					if parsed, _, failed := m.ev.evaluate(expr, m.ev.staticContext(expr), false); !failed {
						val = parsed
					}
				}
			}
		}
		v.value, v.hasValue = val, true
		v.origin, v.from = nodepool.OriginParamFile, fmt.Sprintf("-var %s", name)
	}
}

// sortedAttrs orders attributes as written.
func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Range.Filename != out[j].Range.Filename {
			return out[i].Range.Filename < out[j].Range.Filename
		}
		return out[i].Range.Start.Byte < out[j].Range.Start.Byte
	})
	return out
}

// varValues is the `var` object: each variable's value, default, or unknown.
func (m *module) varValues() cty.Value {
	vals := map[string]cty.Value{}
	for name, v := range m.vars {
		nullArg := v.hasValue && v.value.IsKnown() && v.value.IsNull()
		switch {
		case nullArg && v.notNull && v.def != cty.NilVal:
			vals[name] = m.ev.applyType(v.typ, v.def)
		case v.hasValue:
			vals[name] = m.ev.applyType(v.typ, v.value)
		case v.def != cty.NilVal:
			vals[name] = m.ev.applyType(v.typ, v.def)
		default:
			vals[name] = because(rangePos(v.declaredAt), "var."+name+" has no default and no value is given")
		}
	}
	return cty.ObjectVal(vals)
}

// maxLocalRounds bounds the fixpoint evaluation of locals that refer to
// each other in a cycle.
const maxLocalRounds = 16

// evalContext builds the module's evaluation context: var, local, path,
// terraform, and the functions. Its locals are evaluated when an expression
// needs them (needLocals), and may refer to each other in any order.
func (m *module) evalContext() *hcl.EvalContext {
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":       m.varValues(),
			"path":      cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(m.dir), "root": cty.StringVal(m.dir), "cwd": cty.StringVal(".")}),
			"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
		},
		Functions: m.ev.functions(m.funcNames),
	}
	m.ev.newLocalScope(m, ctx)
	return ctx
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

// parseFile parses native HCL or, for .json names, its JSON syntax, after
// checking that it does not nest too deep for the parser; native syntax is
// then instrumented for evaluation (rewrite.go), and funcs, unless nil,
// collects the functions it calls. ok is false when the file is not to be
// read. The parse of a called module's file (keep) is kept for the scan
// (parsers.Options.Parsed), whatever number of root modules load it: the
// instrumented body is read, never written, by evaluation. A root module's
// own files, read by its build alone unless another root calls it, share a
// kept parse but are not kept themselves (parsers.Options.Reparsed).
func parseFile(opts *parsers.Options, p *hclparse.Parser, path string, data []byte, funcs map[string]bool, keep bool) (f *hcl.File, diags []parsers.Diagnostic, ok bool) {
	parse := opts.Reparsed
	if keep {
		parse = opts.Parsed
	}
	pf := parse("terraform", path, data, func() any { return parseSource(opts, path, data) }).(*parsedFile)
	for name := range pf.funcs {
		if funcs != nil {
			funcs[name] = true
		}
	}
	return pf.f, append([]parsers.Diagnostic(nil), pf.diags...), pf.ok
}

// parsedFile is what parseFile keeps of one parse.
type parsedFile struct {
	f     *hcl.File
	diags []parsers.Diagnostic
	ok    bool
	funcs map[string]bool
}

func parseSource(opts *parsers.Options, path string, data []byte) *parsedFile {
	funcs := map[string]bool{}
	f, diags, ok := parseUncached(opts, hclparse.NewParser(), path, data, funcs)
	return &parsedFile{f: f, diags: diags, ok: ok, funcs: funcs}
}

// parseUncached is parseFile without the scan's cache.
func parseUncached(opts *parsers.Options, p *hclparse.Parser, path string, data []byte, funcs map[string]bool) (f *hcl.File, diags []parsers.Diagnostic, ok bool) {
	isJSON := strings.HasSuffix(path, ".json")
	// Configuration strings are templates; variables files are literal.
	templates := !strings.HasSuffix(path, ".tfvars.json")
	// The check is done once per content in a scan: a module is loaded
	// by every root module that calls it.
	sum := sha256.Sum256(data)
	key := fmt.Sprintf("terraform-nesting:%t:%t:%x", isJSON, templates, sum)
	nerr := opts.Once(key, func() any {
		if isJSON {
			return checkJSONNesting(data, templates, path)
		}
		return checkHCLNesting(data, hclConfig, path, hcl.InitialPos)
	}).(*nestingError)
	if nerr != nil {
		return nil, []parsers.Diagnostic{parsers.Errorf(nodepool.Pos{File: path, Line: nerr.Line, Col: nerr.Col},
			"the file is not read: %s (poollint's limit)", nerr.Msg)}, false
	}
	var hdiags hcl.Diagnostics
	if isJSON {
		f, hdiags = p.ParseJSON(data, path)
	} else {
		f, hdiags = p.ParseHCL(data, path)
	}
	diags = hclDiags(hdiags)
	if f == nil {
		return nil, diags, false
	}
	if body, native := f.Body.(*hclsyntax.Body); native {
		r := &rewriter{funcs: funcs}
		r.body(body)
		if r.deep != nil {
			return nil, append(diags, deepError(*r.deep)), false
		}
		diags = append(diags, r.diags...)
	}
	return f, diags, !hdiags.HasErrors()
}
