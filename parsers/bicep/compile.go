package bicep

import (
	"encoding/json"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
)

// unknownParam is a parameter the translated template declares without a
// value: an expression the translation does not cover reads it, so that
// the ARM evaluator treats the value as unknown (never as a wrong value).
const unknownParam = "__poollint_unknown"

const unknownExpr = "parameters('" + unknownParam + ":poollint does not translate this Bicep expression')"

// unknownBecause is an expression whose value is unknown for the reason
// why (package armtemplate reads it from the parameter's name).
func unknownBecause(why string) string { return "parameters(" + quote(unknownParam+":"+why) + ")" }

// translation is the state shared by the translation of one scanned file
// and of the local modules it includes: the budgets, and the notes.
type translation struct {
	ld *loader
	// instances and bytes count the module instances translated and their
	// Bicep source (see maxModules, maxModuleBytes); exceeded is set once
	// either limit is passed and reported.
	instances, bytes int
	exceeded         bool
	// inlined counts the bytes of resource names copied into references
	// (see nameOf).
	inlined int
	// cut is set when the scan's context is done.
	cut   error
	notes []parsers.Diagnostic
}

// stop reports whether the translation must stop: the scan's context is
// done.
func (tr *translation) stop() bool {
	if tr.cut == nil {
		tr.cut = tr.ld.cut()
	}
	return tr.cut != nil
}

// translateFile turns a parsed Bicep file into an ARM template (JSON) for
// the ARM evaluator, when no compiled template is at hand. It covers what
// node-pool checks read: parameters with defaults, variables, resources
// (conditions, loops, nested children, existing ones skipped), local
// modules as nested deployments with their params, and expressions
// (interpolation, operators, ternaries, ??, .?, calls, lambdas, property
// loops) and user-defined functions. Anything else becomes unknown; the
// load*() functions, which would read other files, always do.
//
// Local modules are read through ld (confined to the scan roots) within
// the limits of load.go. Notes name what the translation left unknown
// (registry modules); errors name modules refused or past a limit. When
// the scan's context is done the result is nil with an error.
func translateFile(file string, f *syntax.File, ld *loader) ([]byte, []parsers.Diagnostic) {
	tr := &translation{ld: ld}
	c := &translator{file: file, tr: tr, chain: []string{path.Clean(file)}}
	tpl := c.translate(f)
	if tr.cut != nil {
		return nil, append(tr.notes, parsers.Errorf(nodepool.Pos{File: file, Line: 1, Col: 1}, "evaluation cut short: %v", tr.cut))
	}
	data, err := json.MarshalIndent(tpl, "", " ")
	if err != nil {
		return nil, tr.notes
	}
	return data, tr.notes
}

// translate is the template of one file (the scanned one or a module).
func (c *translator) translate(f *syntax.File) map[string]any {
	c.kinds, c.symbols = map[string]string{}, map[string]*symbol{}
	for _, d := range f.Decls {
		switch d.Kind {
		case "param", "var", "func":
			c.kinds[d.Name] = d.Kind
		}
	}
	c.order = symbols(f.Decls)
	for _, s := range c.order {
		c.symbols[s.d.Name] = s
	}
	params := map[string]any{unknownParam: map[string]any{"type": "object"}}
	vars := map[string]any{}
	for _, d := range f.Decls {
		if c.tr.stop() {
			return nil
		}
		switch d.Kind {
		case "param":
			p := map[string]any{"type": "object"}
			if d.Value != nil {
				p["defaultValue"] = c.value(d.Value)
			} else if d.Nullable {
				p["nullable"] = true // null when not given
			}
			params[d.Name] = p
		case "var":
			vars[d.Name] = c.value(d.Value)
		}
	}
	outputs := map[string]any{}
	for _, d := range f.Decls {
		if d.Kind == "output" && d.Value != nil {
			if c.tr.stop() {
				return nil
			}
			outputs[d.Name] = map[string]any{"type": "object", "value": c.value(d.Value)}
		}
	}
	var resources []any
	for _, s := range c.order {
		if c.tr.stop() {
			return nil
		}
		if r := c.resource(s); r != nil {
			resources = append(resources, r)
		}
	}
	// User-defined functions become ARM user functions; their bodies see
	// only their own parameters.
	members := map[string]any{}
	for _, d := range f.Decls {
		if d.Kind != "func" || d.Value == nil {
			continue
		}
		var ps []any
		body := func() any { return c.bracket(c.expr(d.Value)) }
		for i := len(d.Params) - 1; i >= 0; i-- {
			name, next := d.Params[i], body
			body = func() any { return c.with(name, "parameters("+quote(name)+")", next) }
		}
		for _, p := range d.Params {
			ps = append(ps, map[string]any{"name": p, "type": "object"})
		}
		members[d.Name] = map[string]any{"parameters": ps, "output": map[string]any{"type": "object", "value": body()}}
	}
	tpl := map[string]any{
		"$schema":        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"contentVersion": "1.0.0.0",
		"parameters":     params,
		"variables":      vars,
		"resources":      resources,
	}
	if len(outputs) > 0 {
		tpl["outputs"] = outputs
	}
	if len(members) > 0 {
		tpl["functions"] = []any{map[string]any{"namespace": "__bicep", "members": members}}
	}
	return tpl
}

type translator struct {
	file string
	tr   *translation
	// chain are the files that led to this one, itself last (cleaned
	// paths): a module found in it includes itself.
	chain   []string
	kinds   map[string]string // param or var, by name
	symbols map[string]*symbol
	order   []*symbol
	// bound are loop and lambda variables in scope: name → ARM expression.
	bound map[string]string
}

// with runs f with name bound to expr.
func (c *translator) with(name, expr string, f func() any) any {
	old, had := c.bound[name]
	if c.bound == nil {
		c.bound = map[string]string{}
	}
	c.bound[name] = expr
	defer func() {
		if had {
			c.bound[name] = old
		} else {
			delete(c.bound, name)
		}
	}()
	return f()
}

// resource translates one resource or module; existing resources are not
// deployed and give nil.
func (c *translator) resource(s *symbol) any {
	d := s.d
	if d.Existing {
		return nil
	}
	r := map[string]any{}
	body := d.Value
	var loop *syntax.For
	if f, ok := body.(*syntax.For); ok {
		loop, body = f, f.Body
		r["copy"] = map[string]any{"name": d.Name, "count": c.bracket("length(" + c.expr(f.Over) + ")")}
	}
	var cond syntax.Expr
	if i, ok := body.(*syntax.If); ok {
		cond, body = i.Cond, i.Body
	}
	o, ok := body.(*syntax.Object)
	if !ok {
		return nil
	}
	fill := func() any {
		if cond != nil { // inside the loop: the condition may use its variables
			r["condition"] = c.value(cond)
		}
		if d.Kind == "module" {
			return c.module(s, o, r)
		}
		r["type"] = s.typ
		r["apiVersion"] = s.api
		for _, p := range o.Props {
			if p.Decl.Kind != "" || p.Spread || p.KeyExpr != nil || p.Key == "parent" || p.Key == "dependsOn" || p.Key == "scope" {
				continue
			}
			r[p.Key] = c.value(p.Value)
		}
		if s.parent != nil {
			r["name"] = c.bracket(c.nameOf(s))
		}
		return r
	}
	if loop != nil {
		return c.withLoop(loop, c.expr(loop.Over)+"[copyIndex()]", "copyIndex()", fill)
	}
	return fill()
}

// nameOf is the ARM expression for a declared resource's name: a child's
// is "parent/child" (parents followed a bounded number of levels, so that
// a parent: cycle in broken input stays unknown).
// Each reference to a resource's name or id copies its name expression
// into the template, so the copies are bounded (maxInlined bytes per
// file): a long name referenced many times made the template grow with the
// product of the two.
func (c *translator) nameOf(s *symbol) string {
	if c.tr.inlined >= maxInlined {
		return unknownBecause("resource names are referenced too often")
	}
	name := c.nameAt(s, 0)
	if c.tr.inlined += len(name); c.tr.inlined >= maxInlined {
		c.tr.notes = append(c.tr.notes, parsers.Notef(nodepool.Pos{File: c.file, Line: s.d.P.Line, Col: s.d.P.Col},
			"resource names are referenced too often (more than %d MB of copies); the later references are unknown", maxInlined>>20))
		return unknownBecause("resource names are referenced too often")
	}
	return name
}

func (c *translator) nameAt(s *symbol, depth int) string {
	o := bodyObject(s.d.Value)
	if o == nil || depth > 10 {
		return unknownBecause("the resource's name is not a literal object member")
	}
	for _, p := range o.Props {
		if p.Key == "name" {
			if s.parent != nil {
				return "format('{0}/{1}', " + c.nameAt(s.parent, depth+1) + ", " + c.expr(p.Value) + ")"
			}
			return c.expr(p.Value)
		}
	}
	return unknownBecause("the resource has no name")
}

// poolish finds, in a module's path or (for a local module) its parameter
// names, what suggests it deploys an AKS cluster or node pools.
var poolish = regexp.MustCompile(`(?i)agent_?pool|node_?pool|managed_?cluster|managed-cluster|container-?service|kubernetes|\baks`)

// unreadIfPools marks the note about a module not read as a part not read
// (Diagnostic.Unread) when its path or its parameter names suggest it
// deploys a cluster or pools: a missing diagnostics or network module is
// not counted in the summary.
func unreadIfPools(d parsers.Diagnostic, typ string, o *syntax.Object) parsers.Diagnostic {
	if poolish.MatchString(typ) {
		return d.WithUnread(finding.UnreadBicepModule)
	}
	if strings.Contains(typ, ":") {
		return d // a registry module is named by its path: not an AKS one
	}
	for _, p := range o.Props {
		if po, ok := p.Value.(*syntax.Object); ok && p.Key == "params" {
			for _, pp := range po.Props {
				if poolish.MatchString(pp.Key) {
					return d.WithUnread(finding.UnreadBicepModule)
				}
			}
		}
	}
	return d
}

// module translates a module into a nested deployment with an inner scope;
// a local module's file is translated in turn, a registry module's
// template is left out (its resources are unknown).
func (c *translator) module(s *symbol, o *syntax.Object, r map[string]any) any {
	r["type"] = "Microsoft.Resources/deployments"
	r["apiVersion"] = "2022-09-01"
	props := map[string]any{"mode": "Incremental", "expressionEvaluationOptions": map[string]any{"scope": "inner"}}
	r["properties"] = props
	for _, p := range o.Props {
		switch p.Key {
		case "name":
			r["name"] = c.value(p.Value)
		case "params":
			ps := map[string]any{}
			if po, ok := p.Value.(*syntax.Object); ok {
				for _, pp := range po.Props {
					if pp.Key == "" {
						continue
					}
					if f, ok := pp.Value.(*syntax.For); ok {
						// As Bicep compiles it: a copy loop named value.
						ps[pp.Key] = map[string]any{"copy": []any{c.copyLoop("value", f)}}
						continue
					}
					ps[pp.Key] = map[string]any{"value": c.value(pp.Value)}
				}
			}
			props["parameters"] = ps
		}
	}
	if _, ok := r["name"]; !ok {
		r["name"] = s.d.Name
	}
	typ := s.d.Type
	at := nodepool.Pos{File: c.file, Line: s.d.P.Line, Col: s.d.P.Col}
	if strings.Contains(typ, ":") || !strings.HasSuffix(typ, ".bicep") {
		var aliases map[string]string
		if strings.HasPrefix(typ, "br/") && !strings.HasPrefix(strings.ToLower(typ), "br/public:") {
			aliases = c.tr.ld.moduleAliases(c.file)
		}
		if ref, ok := parseRegistryRef(typ, aliases); ok {
			tpl, known, why := registryModel(ref)
			switch {
			case tpl != nil:
				props["template"] = tpl
				c.tr.notes = append(c.tr.notes, parsers.Notef(at, "module %s (%s): read through poollint's own model of the registry module, without a download", s.d.Name, typ))
				return r
			case known: // an AKS module of a version poollint does not model
				c.tr.notes = append(c.tr.notes, parsers.Notef(at, "module %s (%s): %s; what it deploys is unknown", s.d.Name, typ, why).WithUnread(finding.UnreadBicepModule))
				return r
			}
		}
		c.tr.notes = append(c.tr.notes, unreadIfPools(parsers.Notef(at,
			"module %s comes from a registry (%s); what it deploys is unknown without a compiled template", s.d.Name, typ), typ, o))
		return r
	}
	modPath := path.Join(path.Dir(c.file), typ)
	switch {
	case c.tr.stop() || c.tr.exceeded:
		return r // reported once
	case slices.Contains(c.chain, path.Clean(modPath)):
		c.tr.notes = append(c.tr.notes, parsers.Errorf(at, "module %s includes itself (%s → %s); what it deploys is unknown",
			s.d.Name, strings.Join(c.chain, " → "), path.Clean(modPath)))
		return r
	case len(c.chain) > maxModuleDepth:
		c.tr.notes = append(c.tr.notes, parsers.Errorf(at, "module %s: modules nested deeper than %d levels are not read; what it deploys is unknown",
			s.d.Name, maxModuleDepth))
		return r
	}
	f, src, err := c.tr.ld.parse(modPath)
	if err != nil {
		if src == nil { // not read, rather than not parsed (the module's own scan reports that)
			// A missing file is a note too: its pools are not seen.
			if msg, refused := whyUnread(modPath, err); refused {
				c.tr.notes = append(c.tr.notes, parsers.Errorf(at, "module %s: %s; what it deploys is unknown", s.d.Name, msg))
			} else {
				c.tr.notes = append(c.tr.notes, unreadIfPools(parsers.Notef(at, "module %s: %s; what it deploys is unknown", s.d.Name, msg), typ, o))
			}
		}
		return r
	}
	instances := c.tr.instances
	c.tr.instances++
	if c.tr.bytes += len(src); c.tr.bytes > maxModuleBytes || c.tr.instances > maxModules {
		c.exceed(s, at)
		return r
	}
	child := &translator{file: modPath, tr: c.tr, chain: append(slices.Clip(c.chain), path.Clean(modPath))}
	tpl := child.translate(f)
	if tpl == nil {
		return r
	}
	// A loop deploys the module (and the modules it includes) once per
	// item: the template is translated once, but evaluated that many
	// times.
	if loop, ok := s.d.Value.(*syntax.For); ok {
		if c.tr.instances += (loopCount(loop) - 1) * (c.tr.instances - instances); c.tr.instances > maxModules {
			c.exceed(s, at)
			return r
		}
	}
	props["template"] = tpl
	return r
}

// exceed reports a module past the translation's limits; the modules after
// it are not read either.
func (c *translator) exceed(s *symbol, at nodepool.Pos) {
	if c.tr.exceeded {
		return
	}
	c.tr.exceeded = true
	c.tr.notes = append(c.tr.notes, parsers.Errorf(at, "module %s: the file's local modules go past %d module instances or %d MB of Bicep; it and the modules after it are not read, what they deploy is unknown",
		s.d.Name, maxModules, maxModuleBytes>>20))
}

// loopCount is how many items a loop has when it goes over a literal array
// or range(start, count) with a literal count (at most ARM's 800), else 1.
func loopCount(f *syntax.For) int {
	n := 1
	switch x := f.Over.(type) {
	case *syntax.Array:
		n = len(x.Items)
	case *syntax.Call:
		if x.Ns == "" && x.Name == "range" && len(x.Args) == 2 {
			if num, ok := x.Args[1].(*syntax.Number); ok {
				if v, err := strconv.Atoi(num.Text); err == nil {
					n = v
				}
			}
		}
	}
	return max(1, min(n, 800))
}

// value is the JSON form of a Bicep value: literals stay JSON, object and
// array literals are walked (with [for …] properties as copy loops), and
// any other expression becomes an ARM "[…]" expression string.
func (c *translator) value(e syntax.Expr) any {
	switch x := e.(type) {
	case *syntax.String:
		if len(x.Parts) == 0 {
			return ""
		}
		if s, ok := x.Parts[0].(string); ok && len(x.Parts) == 1 {
			if strings.HasPrefix(s, "[") {
				return "[" + s // ARM's escape for a literal leading [
			}
			return s
		}
	case *syntax.Number:
		if n, err := strconv.ParseInt(x.Text, 10, 64); err == nil {
			return n
		}
	case *syntax.Bool:
		return x.V
	case *syntax.Null:
		return nil
	case *syntax.Object:
		// Decide before walking the properties: walking them and then
		// translating the whole object again would cost each level of
		// nesting its whole subtree.
		for _, p := range x.Props {
			if p.Spread || p.KeyExpr != nil || p.Decl.Kind != "" {
				return c.bracket(c.expr(e))
			}
		}
		out := map[string]any{}
		var copies []any
		for _, p := range x.Props {
			if f, ok := p.Value.(*syntax.For); ok {
				copies = append(copies, c.copyLoop(p.Key, f))
				continue
			}
			out[p.Key] = c.value(p.Value)
		}
		if len(copies) > 0 {
			out["copy"] = copies
		}
		return out
	case *syntax.Array:
		for _, it := range x.Items {
			if _, ok := it.(*syntax.Spread); ok {
				return c.bracket(c.expr(e))
			}
		}
		out := []any{}
		for _, it := range x.Items {
			out = append(out, c.value(it))
		}
		return out
	}
	return c.bracket(c.expr(e))
}

// copyLoop translates `key: [for x in over: body]` to a property copy loop.
func (c *translator) copyLoop(key string, f *syntax.For) any {
	var input any = c.bracket(unknownBecause("a filtered loop is not evaluated")) // a filtered loop has no property-copy form
	if _, filtered := f.Body.(*syntax.If); !filtered {
		input = c.withLoop(f, c.expr(f.Over)+"[copyIndex('"+key+"')]", "copyIndex('"+key+"')", func() any { return c.value(f.Body) })
	}
	return map[string]any{"name": key, "count": c.bracket("length(" + c.expr(f.Over) + ")"), "input": input}
}

// withLoop runs fn with a loop's item and index variables bound to the
// given ARM expressions.
func (c *translator) withLoop(f *syntax.For, item, index string, fn func() any) any {
	return c.with(f.Item, item, func() any {
		if f.Index != "" {
			return c.with(f.Index, index, fn)
		}
		return fn()
	})
}

func (c *translator) bracket(expr string) string { return "[" + expr + "]" }

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

var binaryOps = map[string]string{
	"==": "equals", "&&": "and", "||": "or", "<": "less", "<=": "lessOrEquals",
	">": "greater", ">=": "greaterOrEquals", "+": "add", "-": "sub", "*": "mul",
	"/": "div", "%": "mod", "??": "coalesce",
}

// moduleOutputs is the ARM expression for m.outputs where m is a module
// declared (without a loop) in this file.
func (c *translator) moduleOutputs(e syntax.Expr) (string, bool) {
	m, ok := e.(*syntax.Member)
	if !ok || m.Name != "outputs" || m.Safe {
		return "", false
	}
	id, ok := m.X.(*syntax.Ident)
	if !ok || c.bound[id.Name] != "" || c.symbols[id.Name] == nil || c.symbols[id.Name].d.Kind != "module" {
		return "", false
	}
	d := c.symbols[id.Name].d
	if _, loop := d.Value.(*syntax.For); loop {
		return "", false
	}
	name := quote(d.Name)
	if o := bodyObject(d.Value); o != nil {
		for _, p := range o.Props {
			if p.Key == "name" {
				name = c.expr(p.Value)
			}
		}
	}
	return "reference(resourceId('Microsoft.Resources/deployments', " + name + ")).outputs", true
}

// readsFiles are the Bicep functions that embed other files at compile
// time (lower case). The translation never reads those files: the value is
// unknown.
var readsFiles = map[string]bool{
	"loadtextcontent": true, "loadjsoncontent": true, "loadyamlcontent": true,
	"loadfileasbase64": true, "loaddirectoryfileinfo": true,
}

// formatBraces escapes the text of an interpolated string as a format()
// pattern. One for all: a replacer builds a table on its first use.
var formatBraces = strings.NewReplacer("{", "{{", "}", "}}")

// expr is the ARM expression (without brackets) for a Bicep expression.
func (c *translator) expr(e syntax.Expr) string {
	switch x := e.(type) {
	case *syntax.String:
		if len(x.Parts) == 1 {
			if s, ok := x.Parts[0].(string); ok {
				return quote(s)
			}
		}
		var format strings.Builder
		var args []string
		for _, part := range x.Parts {
			switch part := part.(type) {
			case string:
				format.WriteString(formatBraces.Replace(part))
			case syntax.Expr:
				format.WriteString("{" + strconv.Itoa(len(args)) + "}")
				args = append(args, c.expr(part))
			}
		}
		if len(args) == 0 {
			return quote(format.String())
		}
		return "format(" + quote(format.String()) + ", " + strings.Join(args, ", ") + ")"
	case *syntax.Number:
		if _, err := strconv.ParseInt(x.Text, 10, 64); err == nil {
			return x.Text
		}
		return "json(" + quote(x.Text) + ")"
	case *syntax.Bool:
		if x.V {
			return "true()"
		}
		return "false()"
	case *syntax.Null:
		return "null()"
	case *syntax.Ident:
		if b, ok := c.bound[x.Name]; ok {
			return b
		}
		switch c.kinds[x.Name] {
		case "param":
			return "parameters(" + quote(x.Name) + ")"
		case "var":
			return "variables(" + quote(x.Name) + ")"
		}
	case *syntax.Member:
		// module.outputs.x: the output's value (reference() of a nested
		// deployment of the same template gives its outputs).
		if outs, ok := c.moduleOutputs(x.X); ok {
			if x.Safe {
				return "tryGet(" + outs + ", " + quote(x.Name) + ", 'value')"
			}
			return outs + "." + x.Name + ".value"
		}
		if id, ok := x.X.(*syntax.Ident); ok && c.bound[id.Name] == "" && c.symbols[id.Name] != nil {
			s := c.symbols[id.Name]
			switch {
			case x.Name == "name" && s.d.Kind == "resource":
				return c.nameOf(s)
			case x.Name == "id" && s.d.Kind == "resource":
				return "resourceId(" + quote(s.typ) + ", " + c.nameOf(s) + ")"
			}
			return unknownBecause(id.Name + "." + x.Name + " is known only at deployment")
		}
		if x.Safe {
			return "tryGet(" + c.expr(x.X) + ", " + quote(x.Name) + ")"
		}
		return c.expr(x.X) + "." + x.Name
	case *syntax.Index:
		if x.Safe {
			return "tryGet(" + c.expr(x.X) + ", " + c.expr(x.I) + ")"
		}
		return c.expr(x.X) + "[" + c.expr(x.I) + "]"
	case *syntax.Call:
		if x.Ns != "" && x.Ns != "sys" && x.Ns != "az" {
			return unknownBecause("functions of namespace " + x.Ns + " are not evaluated") // imported namespaces
		}
		if readsFiles[strings.ToLower(x.Name)] {
			return unknownBecause(x.Name + "() reads another file")
		}
		// any(v) only tells the type checker to accept v: bicep build
		// writes v itself, so its value passes through.
		if x.Name == "any" && len(x.Args) == 1 && (x.Ns == "sys" || x.Ns == "" && c.kinds[x.Name] != "func") {
			return c.expr(x.Args[0])
		}
		var args []string
		for _, a := range x.Args {
			args = append(args, c.expr(a))
		}
		name := x.Name
		if x.Ns == "" && c.kinds[name] == "func" {
			name = "__bicep." + name
		}
		return name + "(" + strings.Join(args, ", ") + ")"
	case *syntax.Binary:
		if x.Op == "!=" {
			return "not(equals(" + c.expr(x.X) + ", " + c.expr(x.Y) + "))"
		}
		if fn, ok := binaryOps[x.Op]; ok {
			return fn + "(" + c.expr(x.X) + ", " + c.expr(x.Y) + ")"
		}
	case *syntax.Unary:
		if x.Op == "!" {
			return "not(" + c.expr(x.X) + ")"
		}
		return "sub(0, " + c.expr(x.X) + ")"
	case *syntax.Ternary:
		return "if(" + c.expr(x.Cond) + ", " + c.expr(x.Then) + ", " + c.expr(x.Else) + ")"
	case *syntax.Array:
		var items []string
		for _, it := range x.Items {
			if _, ok := it.(*syntax.Spread); ok {
				return unknownBecause("a spread is not evaluated")
			}
			items = append(items, c.expr(it))
		}
		return "createArray(" + strings.Join(items, ", ") + ")"
	case *syntax.Object:
		var kv []string
		for _, p := range x.Props {
			if p.Spread || p.KeyExpr != nil || p.Decl.Kind != "" {
				return unknownBecause("a spread or computed key is not evaluated")
			}
			if _, ok := p.Value.(*syntax.For); ok {
				return unknownBecause("a loop inside an expression is not evaluated")
			}
			kv = append(kv, quote(p.Key), c.expr(p.Value))
		}
		return "createObject(" + strings.Join(kv, ", ") + ")"
	case *syntax.Lambda:
		var ps []string
		var body string
		bind := func() any { body = c.expr(x.Body); return nil }
		for i := len(x.Params) - 1; i >= 0; i-- {
			name, next := x.Params[i], bind
			bind = func() any { return c.with(name, "lambdaVariables("+quote(name)+")", next) }
		}
		bind()
		for _, p := range x.Params {
			ps = append(ps, quote(p))
		}
		return "lambda(" + strings.Join(append(ps, body), ", ") + ")"
	}
	return unknownExpr
}
