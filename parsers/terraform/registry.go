package terraform

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/nodepool"
)

// Well-known registry modules read without a download (registry_*.go).
// Each module and major version has a table of how the module turns its
// caller's inputs into the arguments of the cluster and pool resources it
// declares, with the module's own defaults, written from the modules'
// public source. The caller's arguments are read where the caller writes
// them: a finding points at the caller's line, and the module call is the
// related location. A version outside the known majors gets a note, never
// a guess; a module installed under .terraform/modules is read from its
// source instead (more exact).

// registrySource splits a registry module source:
// [registry.terraform.io/]namespace/name/provider[//subdir].
func registrySource(source string) (addr, subdir string, ok bool) {
	s := strings.ToLower(strings.TrimSpace(source))
	s, subdir, _ = strings.Cut(s, "//")
	s = strings.TrimPrefix(s, "registry.terraform.io/")
	s = strings.TrimPrefix(s, "registry.opentofu.org/")
	if strings.Count(s, "/") != 2 || strings.ContainsAny(s, ":?") {
		return "", "", false
	}
	return s, strings.Trim(subdir, "/"), true
}

// version is a module version, major.minor.patch.
type version [3]int

func (v version) less(w version) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

func parseVersion(s string) (version, int, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	s, _, _ = strings.Cut(s, "-") // a pre-release counts as its release
	parts := strings.Split(s, ".")
	var v version
	if len(parts) == 0 || len(parts) > 3 {
		return v, 0, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 1<<20 {
			return v, 0, false
		}
		v[i] = n
	}
	return v, len(parts), true
}

// constraintRange returns the versions a constraint allows as [lo, hi),
// or false when it has no upper bound (">= 19": whatever is newest) or
// cannot be read. "~> 20.0" is [20.0.0, 21.0.0); "~> 0.3.1" [0.3.1, 0.4.0).
func constraintRange(constraint string) (lo, hi version, ok bool) {
	hi = version{1 << 30}
	bounded := false
	for _, term := range strings.Split(constraint, ",") {
		term = strings.TrimSpace(term)
		i := strings.IndexAny(term, "0123456789v")
		if i < 0 {
			return lo, hi, false
		}
		op, v, n, okv := strings.TrimSpace(term[:i]), version{}, 0, false
		if v, n, okv = parseVersion(term[i:]); !okv {
			return lo, hi, false
		}
		next := v // the next release after v at its precision
		next[n-1]++
		for j := n; j < 3; j++ {
			next[j] = 0
		}
		switch op {
		case "", "=":
			lo, hi, bounded = maxVersion(lo, v), minVersion(hi, next), true
			if n == 3 {
				hi = minVersion(hi, version{v[0], v[1], v[2] + 1})
			}
		case "~>":
			if n == 1 {
				return lo, hi, false
			}
			up := v
			up[n-2]++
			for j := n - 1; j < 3; j++ {
				up[j] = 0
			}
			lo, hi, bounded = maxVersion(lo, v), minVersion(hi, up), true
		case ">=":
			lo = maxVersion(lo, v)
		case ">":
			lo = maxVersion(lo, version{v[0], v[1], v[2] + 1})
		case "<":
			hi, bounded = minVersion(hi, v), true
		case "<=":
			hi, bounded = minVersion(hi, version{v[0], v[1], v[2] + 1}), true
		default:
			return lo, hi, false
		}
	}
	return lo, hi, bounded && lo.less(hi)
}

func maxVersion(a, b version) version {
	if a.less(b) {
		return b
	}
	return a
}

func minVersion(a, b version) version {
	if a.less(b) {
		return a
	}
	return b
}

// arg is a value the caller gives a module, with where it is written: the
// syntax when the caller writes it in place (followed through locals), so
// that each part points at its own line.
type arg struct {
	v       cty.Value // cty.NilVal when absent
	expr    hcl.Expression
	pos     nodepool.Pos
	origin  nodepool.Origin
	from    string
	m       *module // the caller
	present bool
}

// maxLocalHops bounds following local.x to its expression.
const maxLocalHops = 4

// syntax returns the expression an argument is written as, through
// references to locals of the caller.
func (a arg) syntax() hcl.Expression {
	e := unhooked(a.expr)
	for range maxLocalHops {
		st, ok := e.(*hclsyntax.ScopeTraversalExpr)
		if !ok || len(st.Traversal) != 2 || st.Traversal.RootName() != "local" || a.m == nil {
			return e
		}
		attr, ok := st.Traversal[1].(hcl.TraverseAttr)
		if !ok || a.m.locals[attr.Name] == nil {
			return e
		}
		e = unhooked(a.m.locals[attr.Name].Expr)
	}
	return e
}

// get returns the attribute or map element key of an object argument.
func (a arg) get(key string) arg {
	if !a.present {
		return arg{}
	}
	out := arg{m: a.m, pos: a.pos, origin: a.origin, from: a.from, present: true}
	v, _ := a.v.Unmark()
	switch {
	case !v.IsKnown():
		out.v = cty.DynamicVal.WithMarks(whyMarks(a.v))
	case v.IsNull():
		return arg{}
	case v.Type().IsObjectType():
		if !v.Type().HasAttribute(key) {
			return arg{}
		}
		out.v = v.GetAttr(key)
	case v.Type().IsMapType():
		if !v.HasIndex(cty.StringVal(key)).True() {
			return arg{}
		}
		out.v = v.Index(cty.StringVal(key))
	default:
		return arg{}
	}
	if oc, ok := a.syntax().(*hclsyntax.ObjectConsExpr); ok {
		for _, item := range oc.Items {
			if k, ok := itemKey(item); ok && k == key {
				out.expr = item.ValueExpr
				out.pos = rangePos(unhooked(item.ValueExpr).Range())
				out.origin, out.from = a.m.originOf(unhooked(item.ValueExpr))
				return out
			}
		}
	}
	if item, ok := a.mergedItem(key); ok {
		out.expr = item.ValueExpr
		out.pos = rangePos(unhooked(item.ValueExpr).Range())
		out.origin, out.from = a.m.originOf(unhooked(item.ValueExpr))
		return out
	}
	if a.origin == nodepool.OriginLiteral {
		out.origin = nodepool.OriginExpression // a part of something computed
	}
	return out
}

// maxMergedObjects bounds the objects mergedItem looks through.
const maxMergedObjects = 64

// mergedItem finds where key is written when the argument is merge(…) of
// objects written in place, each maybe chosen by a conditional
// (merge({ sys = … }, var.gpu ? { gpu = … } : {})): the one item of that
// key among them all. When an argument is anything else (a variable, a
// call), or the key is written twice, where the value comes from is not
// told, and the merge call stays its position.
func (a arg) mergedItem(key string) (hclsyntax.ObjectConsItem, bool) {
	call, ok := a.syntax().(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "merge" || call.ExpandFinal || a.m == nil {
		return hclsyntax.ObjectConsItem{}, false
	}
	var objects []*hclsyntax.ObjectConsExpr
	var add func(x hcl.Expression, depth int) bool
	add = func(x hcl.Expression, depth int) bool {
		if len(objects) >= maxMergedObjects || depth > maxLocalHops {
			return false
		}
		switch e := (arg{expr: x, m: a.m}).syntax().(type) {
		case *hclsyntax.ObjectConsExpr:
			objects = append(objects, e)
			return true
		case *hclsyntax.ConditionalExpr:
			return add(e.TrueResult, depth+1) && add(e.FalseResult, depth+1)
		}
		return false
	}
	for _, x := range call.Args {
		if !add(x, 0) {
			return hclsyntax.ObjectConsItem{}, false
		}
	}
	var found []hclsyntax.ObjectConsItem
	for _, oc := range objects {
		for _, item := range oc.Items {
			k, ok := itemKey(item)
			if !ok {
				return hclsyntax.ObjectConsItem{}, false // a computed key may be this one
			}
			if k == key {
				found = append(found, item)
			}
		}
	}
	if len(found) != 1 {
		return hclsyntax.ObjectConsItem{}, false
	}
	return found[0], true
}

// isNull reports an absent or null argument.
func (a arg) isNull() bool {
	if !a.present {
		return true
	}
	v, _ := a.v.Unmark()
	return v.IsKnown() && v.IsNull()
}

// value converts an argument for the model mapping.
func (a arg) value() *value {
	out := &value{V: toGo(a.v), Pos: a.pos, Origin: a.origin, From: a.from}
	if oc, ok := a.syntax().(*hclsyntax.ObjectConsExpr); ok {
		out.KeyPos = map[string]nodepool.Pos{}
		for _, item := range oc.Items {
			if k, ok := itemKey(item); ok {
				out.KeyPos[k] = rangePos(unhooked(item.KeyExpr).Range())
				out.Keys = append(out.Keys, k)
			}
		}
	}
	return out
}

// keys lists the keys of a map or object argument in the caller's order
// when written in place, sorted otherwise (as Terraform iterates).
func (a arg) keys() []string {
	v, _ := a.v.Unmark()
	if !a.present || !v.IsKnown() || v.IsNull() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		k, _ := it.Element()
		out = append(out, k.AsString())
	}
	sort.Strings(out)
	return out
}

// elements lists the elements of a list, set or tuple argument, with
// their syntax when written in place.
func (a arg) elements() []arg {
	v, _ := a.v.Unmark()
	if !a.present || !v.IsKnown() || v.IsNull() || !(v.Type().IsListType() || v.Type().IsTupleType() || v.Type().IsSetType()) {
		return nil
	}
	var exprs []hclsyntax.Expression
	if tc, ok := a.syntax().(*hclsyntax.TupleConsExpr); ok && !v.Type().IsSetType() {
		exprs = tc.Exprs
	}
	var out []arg
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		el := arg{v: e, m: a.m, pos: a.pos, origin: a.origin, from: a.from, present: true}
		if i < len(exprs) && len(exprs) == v.LengthInt() {
			el.expr = exprs[i]
			el.pos = rangePos(unhooked(exprs[i]).Range())
			el.origin, el.from = a.m.originOf(unhooked(exprs[i]))
		}
		out = append(out, el)
	}
	return out
}

// itemKey is an object constructor item's key when it is a name or a
// literal string.
func itemKey(item hclsyntax.ObjectConsItem) (string, bool) {
	k := unhooked(item.KeyExpr)
	if name := hcl.ExprAsKeyword(k); name != "" {
		return name, true
	}
	if t, ok := k.(*hclsyntax.TemplateExpr); ok && t.IsStringLiteral() {
		if v, diags := t.Value(nil); !diags.HasErrors() && v.Type() == cty.String {
			return v.AsString(), true
		}
	}
	return "", false
}

// synth is a resource or block as a module declares it, its arguments
// taken from the caller's inputs or the module's defaults; it reads like
// the resources written out (the object interface).
type synth struct {
	attrs  map[string]*value
	nested map[string][]object
	pos    nodepool.Pos
}

func newSynth(pos nodepool.Pos) *synth {
	return &synth{attrs: map[string]*value{}, nested: map[string][]object{}, pos: pos}
}

func (s *synth) attr(name string) *value     { return s.attrs[name] }
func (s *synth) blocks(name string) []object { return s.nested[name] }
func (s *synth) position() nodepool.Pos      { return s.pos }

// block returns the single nested block of a type, made on first use.
func (s *synth) block(name string) *synth {
	if bs := s.nested[name]; len(bs) == 1 {
		if b, ok := bs[0].(*synth); ok {
			return b
		}
	}
	b := newSynth(s.pos)
	s.nested[name] = []object{b}
	return b
}

// input is one argument of a resource the module declares: the caller's
// inputs tried in order (the first present and not null wins), then the
// module's default.
type input struct {
	attr string // the resource's argument; "block.attr" for a nested block
	from []string
	def  any // string, int64, bool, []any, map[string]any; nil for none
}

// source names where an input is looked up: "x" in the pool's own object,
// "defaults.x" in the module's defaults for all pools, "var.x" a module
// input.
type sources struct {
	pool, defaults, vars func(string) arg
}

func (s sources) lookup(path string) arg {
	scope, name, ok := strings.Cut(path, ".")
	if !ok || (scope != "defaults" && scope != "var") {
		if s.pool == nil {
			return arg{}
		}
		return s.pool(path)
	}
	switch scope {
	case "defaults":
		if s.defaults != nil {
			return s.defaults(name)
		}
		return arg{}
	}
	return s.vars(name)
}

// fill sets a synthetic resource's arguments from a table.
func fill(s *synth, table []input, src sources, defAt nodepool.Pos, module string) {
	for _, in := range table {
		var v *value
		for _, path := range in.from {
			if a := src.lookup(path); !a.isNull() {
				v = a.value()
				break
			}
		}
		if v == nil && in.def != nil {
			v = &value{V: in.def, Pos: defAt, Origin: nodepool.OriginParamDflt, From: fmt.Sprintf("var.%s in %s", lastPart(in.from), module)}
		}
		if v == nil {
			continue
		}
		target, name := s, in.attr
		if b, a, ok := strings.Cut(in.attr, "."); ok {
			target, name = s.block(b), a
		}
		target.attrs[name] = v
	}
}

func lastPart(from []string) string {
	if len(from) == 0 {
		return "?"
	}
	p := from[len(from)-1]
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i+1:]
	}
	return p
}
