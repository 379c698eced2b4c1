package armtemplate

import (
	"context"
	"fmt"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armexpr"
	"github.com/poollint/poollint/parsers/internal/conv"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// param is one template parameter with the value that applies to it.
type param struct {
	name     string
	decl     *jsonpos.Node // the parameter's declaration object
	fileVal  any           // value from a parameter file, if fileHas
	fileHas  bool          // a parameter file gives a value
	fileName string        // that file
	fileRef  bool          // the file gives a Key Vault reference: unknown
	// passed is a value handed down by an enclosing deployment (already
	// evaluated in the outer scope), with where it came from there.
	passed       any
	hasPassed    bool
	passedOrigin nodepool.Origin
	passedFrom   string
	// passedPV is the passed value with its positions in the enclosing
	// template, kept for the templates poollint writes for registry
	// modules (see ModelMeta): the caller's values keep their lines.
	passedPV *pv
}

// ModelMeta names, in a template's metadata, a template poollint wrote to
// stand for a registry module (package bicep): its parameters are the
// caller's values, and an expression that only picks a part of one (a
// parameter, a member, an element, tryGet(), coalesce(), if()) keeps the
// position the caller wrote it at.
const ModelMeta = "poollint:model"

// ModelAt is a member of an object in such a template: an expression
// picking the caller's value whose position the object takes (a pool is
// where the caller wrote it). It is not part of the object's value.
const ModelAt = "__poollint_at"

// UnknownParam is the parameter a template translated from Bicep reads
// where the translation left a value unknown: parameters('UnknownParam:
// why') is unknown for the reason why.
const UnknownParam = "__poollint_unknown"

// budgetWhy is the reason of a value left unknown by the budget.
const budgetWhy = "evaluation cut short by poollint's limits"

// Limits on what one template may expand to.
const (
	maxNesting    = 16   // nested deployments and linked templates
	maxCopyCount  = 800  // ARM's own limit for one copy loop
	maxExpansions = 5000 // resources produced by copy loops in one file
	// maxLinked bounds the linked templates read for one file, counting
	// every time one is read (a template may link itself, or link the
	// same file from many deployments).
	maxLinked = 64
)

// shared is what every evaluation of one input file shares, across its
// parameter sets: the evaluation budget (with the scan's context) and the
// linked templates read.
type shared struct {
	budget *armexpr.Budget
	linked int
	// linkedRoots caches the linked templates read, by path; nil for one
	// that could not be read.
	linkedRoots map[string]*jsonpos.Node
	linkedCut   bool // the linked-template limit has been reported
	// parsed caches the expressions of the file's string values: copy
	// loops and function calls evaluate the same ones many times.
	parsed map[*jsonpos.Node]parsedExpr
	// results caches the results of user-defined functions by definition
	// and arguments: a function's body sees nothing else (the deployment
	// environment is the same for the whole file).
	results map[resultKey]any
}

type parsedExpr struct {
	e   armexpr.Expr
	err error
}

type resultKey struct {
	def  *jsonpos.Node
	args string
}

// maxKey bounds the arguments of a user-defined function call whose result
// is cached.
const maxKey = 4096

func newShared(ctx context.Context) *shared {
	return &shared{budget: armexpr.NewBudget(ctx, armexpr.DefaultLimits), linkedRoots: map[string]*jsonpos.Node{}, results: map[resultKey]any{}, parsed: map[*jsonpos.Node]parsedExpr{}}
}

// file is the state shared by every scope of one parsed file.
type file struct {
	path       string
	diags      []parsers.Diagnostic
	noted      map[string]bool
	opts       *parsers.Options
	expansions int
	related    []string
	sh         *shared
	// calling holds the user-defined functions being evaluated, to stop
	// one that calls itself.
	calling map[*jsonpos.Node]bool
}

// scope is one template's evaluation scope: the top-level template, a nested
// deployment with inner scope, or a copy-loop iteration of either.
type scope struct {
	f      *file
	path   string // file the scope's nodes are in (differs for linked templates)
	params map[string]*param
	vars   map[string]*jsonpos.Node
	// varCopies are variables defined by a variables.copy loop.
	varCopies map[string]*jsonpos.Node
	funcs     map[string]*jsonpos.Node // "namespace.name" -> member definition
	// defs is the template's "definitions" (languageVersion 2.0 types).
	defs    *jsonpos.Node
	cache   *scopeCache
	copyIdx map[string]int64 // copy loop name -> current index
	copyCur string           // innermost loop
	depth   int              // deployment nesting depth
	// model marks the scope of a template poollint wrote for a registry
	// module (ModelMeta): values picked from parameters keep the caller's
	// positions.
	model bool
	// deps are the nested deployments of the template walked so far, by
	// lower-case name, for reference() of their outputs; shared by the
	// scope's copies.
	deps map[string]*deployment
	ev   *armexpr.Evaluator
}

// deployment is a nested deployment: the scope its template evaluates in,
// and its outputs once evaluated.
type deployment struct {
	s       *scope
	tmpl    *jsonpos.Node
	outputs any
	done    bool
	busy    bool
}

// DeploymentOutputs implements armexpr.Deployments: the outputs of a
// nested deployment of this template walked before, evaluated in its own
// scope (an output that cannot be evaluated is unknown).
func (s *scope) DeploymentOutputs(name string) any {
	d := s.deps[strings.ToLower(name)]
	if d == nil {
		return conv.Because("reference() is known only at deployment")
	}
	if d.busy {
		return conv.Because("the outputs of deployment " + name + " refer to themselves")
	}
	if d.done {
		return d.outputs
	}
	d.busy = true
	defer func() { d.busy = false }()
	outs := d.tmpl.GetFold("outputs")
	if outs == nil || outs.Kind != jsonpos.Object || !s.f.sh.budget.Charge(memberCost*int64(len(outs.Obj))) {
		return conv.Because("deployment " + name + " has no outputs poollint can read")
	}
	out := make(map[string]any, len(outs.Obj))
	for _, m := range outs.Obj {
		var v any = conv.BecauseAt(s.pos(m.Value), "output "+m.Key+" is a copy loop, not evaluated")
		if vn := m.Value.GetFold("value"); vn != nil && m.Value.GetFold("copy") == nil {
			v = d.s.evalNode(vn)
		}
		out[m.Key] = map[string]any{"value": v}
	}
	d.outputs, d.done = map[string]any{"outputs": out}, true
	return d.outputs
}

// scopeCache holds evaluated parameters and variables; copy iterations of a
// scope share it, since neither may depend on copyIndex() outside loops.
type scopeCache struct {
	params, vars map[string]any
	busy         map[string]bool
}

func newFile(path string, opts *parsers.Options, sh *shared) *file {
	return &file{path: path, noted: map[string]bool{}, opts: opts, sh: sh, calling: map[*jsonpos.Node]bool{}}
}

// evaluator returns an evaluator on the file's budget.
func (f *file) evaluator(s armexpr.Scope, env armexpr.Env) *armexpr.Evaluator {
	return &armexpr.Evaluator{Scope: s, Env: env, Budget: f.sh.budget}
}

// newScope builds the scope of a template object found at path.
func (f *file) newScope(path string, root *jsonpos.Node, depth int) *scope {
	s := &scope{
		f:         f,
		path:      path,
		params:    map[string]*param{},
		vars:      map[string]*jsonpos.Node{},
		varCopies: map[string]*jsonpos.Node{},
		funcs:     map[string]*jsonpos.Node{},
		cache:     &scopeCache{params: map[string]any{}, vars: map[string]any{}, busy: map[string]bool{}},
		depth:     depth,
		defs:      root.GetFold("definitions"),
		deps:      map[string]*deployment{},
	}
	s.ev = f.evaluator(s, armexpr.Env{})
	// Building the scope costs about its declarations.
	f.sh.budget.Charge(memberCost * int64(members(root.GetFold("parameters"))+members(root.GetFold("variables"))+members(root.GetFold("functions"))))
	if ps := root.GetFold("parameters"); ps != nil && ps.Kind == jsonpos.Object {
		for _, m := range ps.Obj {
			s.params[strings.ToLower(m.Key)] = &param{name: m.Key, decl: m.Value}
		}
	}
	if vs := root.GetFold("variables"); vs != nil && vs.Kind == jsonpos.Object {
		for _, m := range vs.Obj {
			if strings.EqualFold(m.Key, "copy") && m.Value.Kind == jsonpos.Array {
				for _, c := range m.Value.Arr {
					if name, ok := c.GetFold("name").Interface().(string); ok {
						s.varCopies[strings.ToLower(name)] = c
					}
				}
				continue
			}
			s.vars[strings.ToLower(m.Key)] = m.Value
		}
	}
	if fs := root.GetFold("functions"); fs != nil && fs.Kind == jsonpos.Array {
		for _, nsDef := range fs.Arr {
			ns, _ := nsDef.GetFold("namespace").Interface().(string)
			if members := nsDef.GetFold("members"); members != nil && members.Kind == jsonpos.Object {
				for _, m := range members.Obj {
					s.funcs[strings.ToLower(ns+"."+m.Key)] = m.Value
				}
			}
		}
	}
	return s
}

// members counts the members or elements of a JSON node (nil counts none).
func members(n *jsonpos.Node) int {
	if n == nil {
		return 0
	}
	return len(n.Obj) + len(n.Arr)
}

// withCopy returns the scope for one iteration of the named copy loop.
func (s *scope) withCopy(loop string, i int64) *scope {
	c := *s
	c.copyIdx = make(map[string]int64, len(s.copyIdx)+1)
	for k, v := range s.copyIdx {
		c.copyIdx[k] = v
	}
	c.copyIdx[strings.ToLower(loop)] = i
	c.copyCur = strings.ToLower(loop)
	c.ev = s.f.evaluator(&c, s.ev.Env)
	return &c
}

// CopyIndex implements armexpr.CopyIndexer.
func (s *scope) CopyIndex(loop string) any {
	if loop == "" {
		loop = s.copyCur
	}
	if i, ok := s.copyIdx[strings.ToLower(loop)]; ok && loop != "" {
		return i
	}
	return conv.Because("copyIndex() outside its copy loop")
}

// CallUser implements armexpr.UserFunctions: the body of a user-defined
// function sees only its own parameters. A function that calls itself,
// directly or through others, is an error (ARM and Bicep reject it) and
// its value is unknown.
func (s *scope) CallUser(ns, name string, args []any) any {
	def := s.funcs[ns+"."+name]
	if def == nil {
		return conv.Because("function " + ns + "." + name + " is not defined")
	}
	if s.f.calling[def] {
		s.f.diags = append(s.f.diags, parsers.Errorf(s.pos(def), "user-defined function %s.%s calls itself; its value is unknown", ns, name))
		return conv.BecauseAt(s.pos(def), "function "+ns+"."+name+" calls itself")
	}
	// A function called again with the same arguments (a chain of
	// functions each calling the next twice) is not evaluated again.
	sh := s.f.sh
	argKey, cacheable := armexpr.Key(args, maxKey)
	key := resultKey{def, argKey}
	if cacheable {
		if v, ok := sh.results[key]; ok {
			return v
		}
		sh.budget.Charge(int64(len(argKey)) + 64)
	}
	out := def.GetFold("output")
	body := out.GetFold("value")
	// The call builds a scope: a few maps, an evaluator.
	if body == nil || !sh.budget.Charge(scopeCost) {
		return armexpr.Unknown
	}
	fs := &scope{f: s.f, path: s.path, params: map[string]*param{}, vars: map[string]*jsonpos.Node{},
		funcs: s.funcs, cache: &scopeCache{params: map[string]any{}, vars: map[string]any{}, busy: map[string]bool{}}, depth: s.depth}
	if ps := def.GetFold("parameters"); ps != nil && ps.Kind == jsonpos.Array {
		if len(ps.Arr) != len(args) {
			return armexpr.Unknown
		}
		for i, p := range ps.Arr {
			pname, _ := p.GetFold("name").Interface().(string)
			fs.params[strings.ToLower(pname)] = &param{name: pname, passed: args[i], hasPassed: true}
		}
	}
	fs.ev = s.f.evaluator(fs, s.ev.Env)
	s.f.calling[def] = true
	v := fs.evalNode(body)
	delete(s.f.calling, def)
	if cacheable && !sh.budget.Spent() {
		sh.results[key] = v
	}
	return v
}

// Parameter implements armexpr.Scope.
func (s *scope) Parameter(name string) any {
	key := strings.ToLower(name)
	p := s.params[key]
	if p == nil {
		if why, ok := strings.CutPrefix(name, UnknownParam+":"); ok {
			return conv.Because(why) // a part of a Bicep file not translated
		}
		return conv.Because("parameter " + name + " is not declared")
	}
	if v, ok := s.cache.params[key]; ok {
		return v
	}
	guard := "p:" + key
	if s.cache.busy[guard] {
		return conv.Because("parameter " + p.name + " refers to itself")
	}
	s.cache.busy[guard] = true
	defer delete(s.cache.busy, guard)
	var v any = armexpr.Unknown
	switch {
	case p.fileRef:
		v = conv.Because("parameter " + p.name + " is a Key Vault reference in " + p.fileName)
	case p.fileHas:
		v = p.fileVal
	case p.hasPassed:
		v = p.passed
	case p.decl != nil:
		if d := p.decl.GetFold("defaultValue"); d != nil {
			v = s.evalNode(d)
		} else if s.nullable(p.decl) {
			v = nil // what ARM passes for a nullable parameter given no value
		} else {
			v = conv.BecauseAt(s.pos(p.decl), "parameter "+p.name+" has no default and no parameter file gives it")
		}
	}
	s.cache.params[key] = v
	return v
}

// maxRefs bounds the "$ref" links followed from one type to the next.
const maxRefs = 8

// nullable reports whether a parameter's type (languageVersion 2.0) says
// "nullable": true, directly or through "$ref": "#/definitions/X".
func (s *scope) nullable(decl *jsonpos.Node) bool {
	for range maxRefs {
		if b, ok := decl.GetFold("nullable").Interface().(bool); ok {
			return b
		}
		ref, _ := decl.GetFold("$ref").Interface().(string)
		name, ok := strings.CutPrefix(ref, "#/definitions/")
		if !ok || s.defs == nil || s.defs.Kind != jsonpos.Object {
			return false
		}
		if decl = s.defs.Get(name); decl == nil || decl.Kind != jsonpos.Object {
			return false
		}
	}
	return false
}

// Variable implements armexpr.Scope.
func (s *scope) Variable(name string) any {
	key := strings.ToLower(name)
	if v, ok := s.cache.vars[key]; ok {
		return v
	}
	guard := "v:" + key
	if s.cache.busy[guard] {
		return conv.Because("variable " + name + " refers to itself")
	}
	s.cache.busy[guard] = true
	defer delete(s.cache.busy, guard)
	var v any = conv.Because("variable " + name + " is not defined")
	if n := s.vars[key]; n != nil {
		v = s.evalNode(n)
	} else if c := s.varCopies[key]; c != nil {
		v = s.evalCopy(c, name)
	}
	s.cache.vars[key] = v
	return v
}

// evalCopy evaluates a {name, count, input} copy definition into an array.
func (s *scope) evalCopy(c *jsonpos.Node, loop string) any {
	n, why := s.copyCountWhy(c)
	if why != nil {
		return why
	}
	input := c.GetFold("input")
	if input == nil {
		return conv.BecauseAt(s.pos(c), "the copy loop has no input")
	}
	out := make([]any, n)
	for i := range out {
		out[i] = s.withCopy(loop, int64(i)).evalNode(input)
	}
	return out
}

// copyCount evaluates a copy loop's count; false when unknown or too large.
func (s *scope) copyCount(c *jsonpos.Node) (int64, bool) {
	n, why := s.copyCountWhy(c)
	return n, why == nil
}

// copyCountWhy is copyCount with, when the count cannot be used, the
// unknown value that says why.
func (s *scope) copyCountWhy(c *jsonpos.Node) (int64, any) {
	cn := c.GetFold("count")
	if cn == nil {
		return 0, conv.BecauseAt(s.pos(c), "the copy loop has no count")
	}
	v := s.evalNode(cn)
	n, ok := v.(int64)
	if !ok || n < 0 {
		if conv.ReasonOf(v) != nil {
			return 0, v
		}
		return 0, conv.BecauseAt(s.pos(cn), "the copy count is not a number of items")
	}
	if n > maxCopyCount {
		s.f.diags = append(s.f.diags, parsers.Errorf(s.pos(cn), "copy count %d is above ARM's limit of %d", n, maxCopyCount))
		return 0, conv.BecauseAt(s.pos(cn), "the copy count is above ARM's limit")
	}
	if s.f.expansions += int(n); s.f.expansions > maxExpansions {
		s.note(cn, fmt.Errorf("copy loops expand to more than %d items; the rest is not evaluated", maxExpansions))
		return 0, conv.BecauseAt(s.pos(cn), "copy loops expand beyond poollint's limits")
	}
	return n, nil
}

// evalNode evaluates a JSON value whose strings may be expressions.
func (s *scope) evalNode(n *jsonpos.Node) any {
	switch n.Kind {
	case jsonpos.String:
		if !armexpr.IsExpression(n.Str) {
			return armexpr.Unescape(n.Str)
		}
		e, err := s.parse(n)
		if err != nil {
			s.note(n, err)
			return conv.BecauseAt(s.pos(n), "the expression does not parse")
		}
		v := conv.At(s.ev.Eval(e), s.pos(n))
		s.limits(s.pos(n))
		return v
	case jsonpos.Array:
		if !s.f.sh.budget.Charge(elemCost * int64(len(n.Arr))) {
			return conv.BecauseAt(s.pos(n), budgetWhy)
		}
		out := make([]any, len(n.Arr))
		for i, e := range n.Arr {
			out[i] = s.evalNode(e)
		}
		return out
	case jsonpos.Object:
		if !s.f.sh.budget.Charge(memberCost * int64(len(n.Obj))) {
			return conv.BecauseAt(s.pos(n), budgetWhy)
		}
		out := make(map[string]any, len(n.Obj))
		for _, m := range n.Obj {
			if strings.EqualFold(m.Key, "copy") && isPropertyCopy(m.Value) {
				for _, c := range m.Value.Arr {
					name, _ := c.GetFold("name").Interface().(string)
					out[name] = s.evalCopy(c, name)
				}
				continue
			}
			if s.model && m.Key == ModelAt {
				continue
			}
			key := m.Key
			if armexpr.IsExpression(key) {
				k, _ := s.ev.EvalString(key)
				s.limits(nodepool.Pos{File: s.path, Line: m.KeyLine, Col: m.KeyCol})
				ks, ok := k.(string)
				if !ok { // an object with an unknown member name
					return conv.BecauseAt(nodepool.Pos{File: s.path, Line: m.KeyLine, Col: m.KeyCol}, "a member name is unknown")
				}
				key = ks
			}
			out[key] = s.evalNode(m.Value)
		}
		return out
	}
	return n.Interface()
}

// isPropertyCopy recognises a property copy: "copy": [{name, count, input}].
func isPropertyCopy(n *jsonpos.Node) bool {
	if n.Kind != jsonpos.Array || len(n.Arr) == 0 {
		return false
	}
	for _, c := range n.Arr {
		if c.Kind != jsonpos.Object || c.GetFold("name") == nil || c.GetFold("input") == nil {
			return false
		}
	}
	return true
}

// parse parses the expression of a string node, once per file.
func (s *scope) parse(n *jsonpos.Node) (armexpr.Expr, error) {
	if p, ok := s.f.sh.parsed[n]; ok {
		return p.e, p.err
	}
	e, err := armexpr.Parse(n.Str)
	s.f.sh.parsed[n] = parsedExpr{e, err}
	return e, err
}

// limits reports the limits the evaluation reached, at the position of the
// expression being evaluated (the innermost one: a variable's definition
// rather than where it is used).
func (s *scope) limits(pos nodepool.Pos) {
	for _, e := range s.f.sh.budget.Take() {
		if e.Cut {
			s.f.diags = append(s.f.diags, parsers.Errorf(pos, "%s", e.Msg))
		} else {
			s.f.diags = append(s.f.diags, parsers.Errorf(pos, "expression not evaluated: %s", e.Msg))
		}
	}
}

func (s *scope) note(n *jsonpos.Node, err error) {
	pos := s.pos(n)
	key := pos.String()
	if s.f.noted[key] {
		return
	}
	s.f.noted[key] = true
	s.f.diags = append(s.f.diags, parsers.Notef(pos, "expression not evaluated: %v", err))
}

func (s *scope) pos(n *jsonpos.Node) nodepool.Pos {
	return nodepool.Pos{File: s.path, Line: n.Line, Col: n.Col}
}

// pv is a resolved value that remembers where it is written and where it came
// from. Scalars hold v (string, int64, float64, bool, nil or Unknown);
// containers hold arr or obj.
type pv struct {
	// partial marks an object some of whose member names are unknown.
	partial bool
	v       any
	arr     []*pv
	obj     []pvMember
	kind    jsonpos.Kind
	pos     nodepool.Pos
	origin  nodepool.Origin
	from    string
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
		return &pv{v: p.v, pos: p.pos, origin: p.origin, from: p.from}
	}
	for i := range p.obj {
		if strings.EqualFold(p.obj[i].key, key) {
			return p.obj[i].val
		}
	}
	return nil
}

// resolve evaluates a JSON node into a positioned value tree.
func (s *scope) resolve(n *jsonpos.Node) *pv {
	if n == nil {
		return nil
	}
	pos := s.pos(n)
	if !s.f.sh.budget.Charge(pvCost) {
		s.limits(pos)
		return &pv{v: conv.Because(budgetWhy), pos: pos, origin: nodepool.OriginExpression}
	}
	switch n.Kind {
	case jsonpos.Object:
		out := &pv{kind: jsonpos.Object, pos: pos, origin: nodepool.OriginLiteral}
		for _, m := range n.Obj {
			if strings.EqualFold(m.Key, "copy") && isPropertyCopy(m.Value) {
				for _, c := range m.Value.Arr {
					name, _ := c.GetFold("name").Interface().(string)
					out.obj = append(out.obj, pvMember{key: name, pos: s.pos(c), val: s.resolveCopy(c, name)})
				}
				continue
			}
			if s.model && m.Key == ModelAt {
				if t := s.tracedNode(m.Value); t != nil {
					out.pos = t.pos
				}
				continue
			}
			key := m.Key
			if armexpr.IsExpression(key) {
				// ARM evaluates expressions in property names too.
				k, err := s.ev.EvalString(key)
				s.limits(nodepool.Pos{File: s.path, Line: m.KeyLine, Col: m.KeyCol})
				ks, ok := k.(string)
				if err != nil || !ok {
					out.partial = true // a member whose name is unknown
					continue
				}
				key = ks
			}
			out.obj = append(out.obj, pvMember{
				key: key,
				pos: nodepool.Pos{File: s.path, Line: m.KeyLine, Col: m.KeyCol},
				val: s.resolve(m.Value),
			})
		}
		return out
	case jsonpos.Array:
		out := &pv{kind: jsonpos.Array, pos: pos, origin: nodepool.OriginLiteral}
		for _, e := range n.Arr {
			out.arr = append(out.arr, s.resolve(e))
		}
		return out
	case jsonpos.String:
		if !armexpr.IsExpression(n.Str) {
			return &pv{v: armexpr.Unescape(n.Str), kind: jsonpos.String, pos: pos, origin: nodepool.OriginLiteral}
		}
		e, err := s.parse(n)
		if err != nil {
			s.note(n, err)
			return &pv{v: conv.Because("the expression does not parse"), pos: pos, origin: nodepool.OriginExpression}
		}
		if s.model {
			t := s.traced(e, 0)
			s.limits(pos)
			if t != nil {
				return t
			}
		}
		origin, from := s.originOf(e)
		v := conv.At(s.ev.Eval(e), pos)
		// The tree built from v holds every element v reaches: its size is
		// checked (and charged) first.
		if !s.ev.Check(v) || !s.f.sh.budget.Charge(pvCost*countElems(v)) {
			v = conv.Because(budgetWhy)
		}
		s.limits(pos)
		return wrap(v, pos, origin, from)
	}
	return wrap(n.Interface(), pos, nodepool.OriginLiteral, "")
}

// resolveCopy resolves a property copy into an array whose elements keep
// the positions of the copy's input.
func (s *scope) resolveCopy(c *jsonpos.Node, loop string) *pv {
	n, why := s.copyCountWhy(c)
	if why != nil {
		return &pv{v: why, pos: s.pos(c), origin: nodepool.OriginExpression}
	}
	out := &pv{kind: jsonpos.Array, pos: s.pos(c), origin: nodepool.OriginExpression}
	for i := range n {
		out.arr = append(out.arr, s.withCopy(loop, i).resolve(c.GetFold("input")))
	}
	return out
}

// originOf classifies an expression: a bare parameters('x') or variables('x')
// reference, or a computation.
func (s *scope) originOf(e armexpr.Expr) (nodepool.Origin, string) {
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
		if strings.HasPrefix(name, UnknownParam+":") {
			return nodepool.OriginExpression, ""
		}
		p := s.params[strings.ToLower(name)]
		switch {
		case p == nil:
		case p.fileHas || p.fileRef:
			return nodepool.OriginParamFile, fmt.Sprintf("%s in %s", p.name, p.fileName)
		case p.hasPassed && p.passedOrigin != "":
			return p.passedOrigin, p.passedFrom
		case p.hasPassed:
			return nodepool.OriginExpression, ""
		}
		return nodepool.OriginParamDflt, name
	case "variables":
		return nodepool.OriginVariable, name
	}
	return nodepool.OriginExpression, ""
}

// The work charged (see armexpr.Limits.MaxWork) for one node of a
// positioned tree, one array element and one object member built: their
// size in bytes, about.
const (
	pvCost     = 128
	elemCost   = 16
	memberCost = 128
	scopeCost  = 8 * memberCost
)

// countElems counts the elements a value reaches (armexpr.Check has bounded
// them).
func countElems(v any) int64 {
	n := int64(1)
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			n += countElems(e)
		}
	case map[string]any:
		for _, e := range v {
			n += countElems(e)
		}
	}
	return n
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

// maxTrace bounds the expressions followed by traced.
const maxTrace = 32

// tracedNode is traced for a string node holding an expression.
func (s *scope) tracedNode(n *jsonpos.Node) *pv {
	if n == nil || n.Kind != jsonpos.String || !armexpr.IsExpression(n.Str) {
		return nil
	}
	e, err := s.parse(n)
	if err != nil {
		return nil
	}
	t := s.traced(e, 0)
	s.limits(s.pos(n))
	return t
}

// traced returns, in the scope of a registry module's model, the caller's
// positioned value that an expression picks unchanged: a parameter passed
// by the caller, a member or element of one (x.k, x[i], tryGet(x, k…)),
// the first non-null argument of coalesce(), the branch if() takes, or a
// variable defined as one of these. Nil when the expression computes
// something else, or the part is absent: it is then evaluated.
func (s *scope) traced(e armexpr.Expr, depth int) *pv {
	if depth > maxTrace || s.f.sh.budget.Spent() {
		return nil
	}
	switch x := e.(type) {
	case armexpr.Prop:
		return s.traced(x.X, depth+1).member(x.Name)
	case armexpr.Index:
		t := s.traced(x.X, depth+1)
		if t == nil {
			return nil
		}
		return t.member(s.ev.Eval(x.I))
	case armexpr.Call:
		if x.Ns != "" {
			return nil
		}
		switch strings.ToLower(x.Name) {
		case "parameters":
			name, ok := oneLit(x)
			p := s.params[strings.ToLower(name)]
			if !ok || p == nil || p.fileHas || p.fileRef || !p.hasPassed {
				return nil
			}
			return p.passedPV
		case "variables":
			name, ok := oneLit(x)
			if !ok {
				return nil
			}
			n := s.vars[strings.ToLower(name)]
			if n == nil || n.Kind != jsonpos.String || !armexpr.IsExpression(n.Str) {
				return nil
			}
			inner, err := s.parse(n)
			if err != nil {
				return nil
			}
			return s.traced(inner, depth+1)
		case "tryget", "trygetvalue":
			if len(x.Args) < 2 {
				return nil
			}
			t := s.traced(x.Args[0], depth+1)
			for _, k := range x.Args[1:] {
				if t = t.member(s.ev.Eval(k)); t == nil {
					return nil
				}
			}
			return t
		case "if":
			if len(x.Args) != 3 {
				return nil
			}
			c, ok := s.ev.Eval(x.Args[0]).(bool)
			if !ok {
				return nil
			}
			if c {
				return s.traced(x.Args[1], depth+1)
			}
			return s.traced(x.Args[2], depth+1)
		case "coalesce":
			for _, a := range x.Args {
				// The first argument that is not null decides, unknown
				// or not.
				if v := s.ev.Eval(a); v != nil {
					return s.traced(a, depth+1)
				}
			}
		}
	}
	return nil
}

// oneLit is the string literal argument of a one-argument call.
func oneLit(c armexpr.Call) (string, bool) {
	if len(c.Args) != 1 {
		return "", false
	}
	lit, ok := c.Args[0].(armexpr.Lit)
	if !ok {
		return "", false
	}
	name, ok := lit.V.(string)
	return name, ok
}

// member picks an object's member (a string key, ignoring case) or an
// array's element (an integer); nil when absent, null or unknown.
func (p *pv) member(k any) *pv {
	if p == nil || p.unknown() || p.partial {
		return nil
	}
	var out *pv
	switch key := k.(type) {
	case string:
		if p.kind == jsonpos.Object {
			out = p.get(key)
		}
	case int64:
		if p.kind == jsonpos.Array && key >= 0 && key < int64(len(p.arr)) {
			out = p.arr[key]
		}
	}
	if out == nil || (out.kind == jsonpos.Null && out.v == nil) {
		return nil
	}
	return out
}
