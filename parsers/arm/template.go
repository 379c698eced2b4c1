package arm

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/arm/armexpr"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// param is one template parameter with the value that applies to it.
type param struct {
	name     string
	decl     *jsonpos.Node // the parameter's declaration object
	fileVal  *jsonpos.Node // value from a parameter file, if any
	fileName string        // that file
	fileRef  bool          // the file gives a Key Vault reference: unknown
}

// template holds one template's evaluation scope.
type template struct {
	path   string
	root   *jsonpos.Node
	params map[string]*param
	vars   map[string]*jsonpos.Node
	// evaluation state: cached values and cycle guards
	paramVals map[string]any
	varVals   map[string]any
	busy      map[string]bool
	ev        *armexpr.Evaluator
	diags     []parsers.Diagnostic
	noted     map[string]bool
}

func newTemplate(path string, root *jsonpos.Node) *template {
	t := &template{
		path:      path,
		root:      root,
		params:    map[string]*param{},
		vars:      map[string]*jsonpos.Node{},
		paramVals: map[string]any{},
		varVals:   map[string]any{},
		busy:      map[string]bool{},
		noted:     map[string]bool{},
	}
	t.ev = &armexpr.Evaluator{Scope: t}
	if ps := root.GetFold("parameters"); ps != nil && ps.Kind == jsonpos.Object {
		for _, m := range ps.Obj {
			t.params[strings.ToLower(m.Key)] = &param{name: m.Key, decl: m.Value}
		}
	}
	if vs := root.GetFold("variables"); vs != nil && vs.Kind == jsonpos.Object {
		for _, m := range vs.Obj {
			t.vars[strings.ToLower(m.Key)] = m.Value
		}
	}
	return t
}

// loadParamFile applies a deploymentParameters file's values.
func (t *template) loadParamFile(path string, data []byte) *parsers.Diagnostic {
	root, err := jsonpos.Parse(data)
	if err != nil {
		d := syntaxDiag(path, err)
		return &d
	}
	ps := root.GetFold("parameters")
	if ps == nil || ps.Kind != jsonpos.Object {
		d := parsers.Errorf(nodepool.Pos{File: path, Line: root.Line, Col: root.Col}, "parameter file has no \"parameters\" object")
		return &d
	}
	for _, m := range ps.Obj {
		p := t.params[strings.ToLower(m.Key)]
		if p == nil {
			continue // ARM rejects unknown parameters; not a node-pool matter
		}
		p.fileName = filepath.Base(path)
		p.fileVal, p.fileRef = nil, false
		if v := m.Value.GetFold("value"); v != nil {
			p.fileVal = v
		} else if m.Value.GetFold("reference") != nil {
			p.fileRef = true
		}
	}
	return nil
}

// Parameter implements armexpr.Scope.
func (t *template) Parameter(name string) any {
	key := strings.ToLower(name)
	p := t.params[key]
	if p == nil {
		return armexpr.Unknown
	}
	if v, ok := t.paramVals[key]; ok {
		return v
	}
	guard := "p:" + key
	if t.busy[guard] {
		return armexpr.Unknown
	}
	t.busy[guard] = true
	defer delete(t.busy, guard)
	var v any = armexpr.Unknown
	switch {
	case p.fileRef:
	case p.fileVal != nil:
		v = p.fileVal.Interface() // parameter files hold values, not expressions
	default:
		if d := p.decl.GetFold("defaultValue"); d != nil {
			v = t.evalNode(d)
		}
	}
	t.paramVals[key] = v
	return v
}

// Variable implements armexpr.Scope.
func (t *template) Variable(name string) any {
	key := strings.ToLower(name)
	n := t.vars[key]
	if n == nil {
		return armexpr.Unknown
	}
	if v, ok := t.varVals[key]; ok {
		return v
	}
	guard := "v:" + key
	if t.busy[guard] {
		return armexpr.Unknown
	}
	t.busy[guard] = true
	defer delete(t.busy, guard)
	v := t.evalNode(n)
	t.varVals[key] = v
	return v
}

// evalNode evaluates a JSON value whose strings may be expressions.
func (t *template) evalNode(n *jsonpos.Node) any {
	switch n.Kind {
	case jsonpos.String:
		v, err := t.ev.EvalString(n.Str)
		if err != nil {
			t.note(n, err)
		}
		return v
	case jsonpos.Array:
		out := make([]any, len(n.Arr))
		for i, e := range n.Arr {
			out[i] = t.evalNode(e)
		}
		return out
	case jsonpos.Object:
		out := make(map[string]any, len(n.Obj))
		for _, m := range n.Obj {
			out[m.Key] = t.evalNode(m.Value)
		}
		return out
	}
	return n.Interface()
}

func (t *template) note(n *jsonpos.Node, err error) {
	pos := t.pos(n)
	key := pos.String()
	if t.noted[key] {
		return
	}
	t.noted[key] = true
	t.diags = append(t.diags, parsers.Notef(pos, "expression not evaluated: %v", err))
}

func (t *template) pos(n *jsonpos.Node) nodepool.Pos {
	return nodepool.Pos{File: t.path, Line: n.Line, Col: n.Col}
}

// pv is a resolved value that remembers where it is written and where it came
// from. Scalars hold v (string, int64, float64, bool, nil or Unknown);
// containers hold arr or obj.
type pv struct {
	v      any
	arr    []*pv
	obj    []pvMember
	kind   jsonpos.Kind
	pos    nodepool.Pos
	origin nodepool.Origin
	from   string
}

type pvMember struct {
	key string
	pos nodepool.Pos
	val *pv
}

func (p *pv) unknown() bool { return p != nil && armexpr.IsUnknown(p.v) }

// get returns the member named key ignoring case. On an unknown value it
// returns an unknown value at the same place: the member may be set.
func (p *pv) get(key string) *pv {
	if p == nil {
		return nil
	}
	if p.unknown() {
		return &pv{v: armexpr.Unknown, pos: p.pos, origin: p.origin, from: p.from}
	}
	for i := range p.obj {
		if strings.EqualFold(p.obj[i].key, key) {
			return p.obj[i].val
		}
	}
	return nil
}

// resolve evaluates a JSON node into a positioned value tree.
func (t *template) resolve(n *jsonpos.Node) *pv {
	if n == nil {
		return nil
	}
	pos := t.pos(n)
	switch n.Kind {
	case jsonpos.Object:
		out := &pv{kind: jsonpos.Object, pos: pos, origin: nodepool.OriginLiteral}
		for _, m := range n.Obj {
			out.obj = append(out.obj, pvMember{
				key: m.Key,
				pos: nodepool.Pos{File: t.path, Line: m.KeyLine, Col: m.KeyCol},
				val: t.resolve(m.Value),
			})
		}
		return out
	case jsonpos.Array:
		out := &pv{kind: jsonpos.Array, pos: pos, origin: nodepool.OriginLiteral}
		for _, e := range n.Arr {
			out.arr = append(out.arr, t.resolve(e))
		}
		return out
	case jsonpos.String:
		if !armexpr.IsExpression(n.Str) {
			return &pv{v: armexpr.Unescape(n.Str), kind: jsonpos.String, pos: pos, origin: nodepool.OriginLiteral}
		}
		e, err := armexpr.Parse(n.Str)
		if err != nil {
			t.note(n, err)
			return &pv{v: armexpr.Unknown, pos: pos, origin: nodepool.OriginExpression}
		}
		origin, from := t.originOf(e)
		return wrap(t.ev.Eval(e), pos, origin, from)
	}
	return wrap(n.Interface(), pos, nodepool.OriginLiteral, "")
}

// originOf classifies an expression: a bare parameters('x') or variables('x')
// reference, or a computation.
func (t *template) originOf(e armexpr.Expr) (nodepool.Origin, string) {
	c, ok := e.(armexpr.Call)
	if !ok || c.Ns != "" || len(c.Args) != 1 {
		return nodepool.OriginExpression, ""
	}
	lit, ok := c.Args[0].(armexpr.Lit)
	name, isStr := lit.V.(string)
	if !ok || !isStr {
		return nodepool.OriginExpression, ""
	}
	switch strings.ToLower(c.Name) {
	case "parameters":
		if p := t.params[strings.ToLower(name)]; p != nil && (p.fileVal != nil || p.fileRef) {
			return nodepool.OriginParamFile, fmt.Sprintf("%s in %s", p.name, p.fileName)
		}
		return nodepool.OriginParamDflt, name
	case "variables":
		return nodepool.OriginVariable, name
	}
	return nodepool.OriginExpression, ""
}

// wrap turns an evaluated value into a tree whose every node sits at pos.
func wrap(v any, pos nodepool.Pos, origin nodepool.Origin, from string) *pv {
	out := &pv{pos: pos, origin: origin, from: from}
	switch v := v.(type) {
	case []any:
		out.kind = jsonpos.Array
		for _, e := range v {
			out.arr = append(out.arr, wrap(e, pos, origin, from))
		}
	case map[string]any:
		out.kind = jsonpos.Object
		for _, k := range sortedKeys(v) {
			out.obj = append(out.obj, pvMember{key: k, pos: pos, val: wrap(v[k], pos, origin, from)})
		}
	default:
		out.v = v
		switch v.(type) {
		case string:
			out.kind = jsonpos.String
		case int64, float64:
			out.kind = jsonpos.Number
		case bool:
			out.kind = jsonpos.Bool
		}
	}
	return out
}
