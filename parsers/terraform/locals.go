package terraform

import (
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Locals are evaluated on demand: when an expression of the module is
// about to be evaluated, the locals it refers to are evaluated first (each
// once, after the locals it refers to in turn), and the module's local
// object is updated. A local nothing reads (one for IAM policies, say) is
// never evaluated: on the corpus, evaluating every local of every module
// instance cost 8% of a scan.

// localGraph is what the locals of a module refer to: the locals each
// refers to, and for a local in a cycle (locals that refer to each other,
// which Terraform refuses) the cycle's locals, sorted.
type localGraph struct {
	deps   map[string][]string
	cycles map[string][]string
}

// newLocalGraph finds the references between a module's locals and their
// cycles (strongly connected components of the references, Tarjan).
func newLocalGraph(locals map[string]*hcl.Attribute) localGraph {
	names := make([]string, 0, len(locals))
	for name := range locals {
		names = append(names, name)
	}
	sort.Strings(names)
	g := localGraph{deps: make(map[string][]string, len(names)), cycles: map[string][]string{}}
	for _, name := range names {
		g.deps[name] = localRefs(name, locals[name].Expr, names, locals)
	}
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var visit func(string)
	visit = func(v string) {
		index[v] = len(index)
		low[v] = index[v]
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range g.deps[v] {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		if len(comp) > 1 || slices.Contains(g.deps[v], v) {
			sort.Strings(comp)
			for _, name := range comp {
				g.cycles[name] = comp
			}
		}
	}
	for _, name := range names {
		if _, seen := index[name]; !seen {
			visit(name)
		}
	}
	return g
}

// localRefs is the locals expr (the value of local self) refers to,
// sorted; a reference that does not name one (local[var.name], local alone)
// refers to all the others.
func localRefs(self string, expr hcl.Expression, names []string, locals map[string]*hcl.Attribute) []string {
	refs := map[string]bool{}
	for _, t := range expr.Variables() {
		if t.RootName() != "local" {
			continue
		}
		name, ok := localName(t)
		if !ok {
			return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == self })
		}
		if locals[name] != nil {
			refs[name] = true
		}
	}
	out := make([]string, 0, len(refs))
	for name := range refs {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// localName is the local a traversal from local names, if it names one.
func localName(t hcl.Traversal) (string, bool) {
	if len(t) > 1 {
		switch step := t[1].(type) {
		case hcl.TraverseAttr:
			return step.Name, true
		case hcl.TraverseIndex:
			if k := step.Key; k.Type() == cty.String && k.IsKnown() && !k.IsNull() {
				return k.AsString(), true
			}
		}
	}
	return "", false
}

// cycleWhy says why the locals of a cycle are unknown.
func cycleWhy(names []string) string {
	refs := make([]string, len(names))
	for i, name := range names {
		refs[i] = "local." + name
	}
	if len(refs) == 1 {
		return refs[0] + " refers to itself, which Terraform refuses"
	}
	return strings.Join(refs, ", ") + " refer to each other in a cycle, which Terraform refuses"
}

// localScope is the locals of one module instance: its evaluation context
// and the locals evaluated so far.
type localScope struct {
	m     *module
	ctx   *hcl.EvalContext
	graph localGraph
	vals  map[string]cty.Value
	done  map[string]bool
	dirty bool // vals changed since ctx's local object was built
}

// newLocalScope gives ctx, the evaluation context of a module instance,
// its local object, every local unknown until it is needed (needLocals).
func (ev *evaluator) newLocalScope(m *module, ctx *hcl.EvalContext) {
	s := &localScope{m: m, ctx: ctx, vals: make(map[string]cty.Value, len(m.locals)), done: map[string]bool{}}
	for name := range m.locals {
		s.vals[name] = cty.DynamicVal
	}
	ctx.Variables["local"] = cty.ObjectVal(s.vals)
	if len(m.locals) == 0 {
		return
	}
	s.graph = newLocalGraph(m.locals)
	if ev.scopes == nil {
		ev.scopes = map[*hcl.EvalContext]*localScope{}
	}
	ev.scopes[ctx] = s
}

// needLocals evaluates the locals expr refers to, when ctx (or the context
// it descends from) is a module instance's, before expr is evaluated.
func (ev *evaluator) needLocals(expr hcl.Expression, ctx *hcl.EvalContext) {
	if len(ev.scopes) == 0 || ctx == nil {
		return
	}
	root := ctx
	for root.Parent() != nil {
		root = root.Parent()
	}
	s := ev.scopes[root]
	if s == nil {
		return
	}
	for _, name := range ev.localsOf(expr, s) {
		s.need(name)
	}
	s.publish()
}

// localsOf is the locals expr refers to, found once per expression.
func (ev *evaluator) localsOf(expr hcl.Expression, s *localScope) []string {
	cacheable := reflect.TypeOf(expr).Kind() == reflect.Pointer
	if cacheable {
		if refs, ok := ev.exprLocals[expr]; ok {
			return refs
		}
	}
	var refs []string
	for _, t := range expr.Variables() {
		if t.RootName() != "local" {
			continue
		}
		name, ok := localName(t)
		if !ok {
			refs = append(refs[:0], slices.Sorted(maps.Keys(s.m.locals))...)
			break
		}
		if !slices.Contains(refs, name) {
			refs = append(refs, name)
		}
	}
	if cacheable {
		if ev.exprLocals == nil {
			ev.exprLocals = map[hcl.Expression][]string{}
		}
		ev.exprLocals[expr] = refs
	}
	return refs
}

// publish rebuilds the context's local object if a local was evaluated.
func (s *localScope) publish() {
	if s.dirty {
		s.ctx.Variables["local"] = cty.ObjectVal(s.vals)
		s.dirty = false
	}
}

// need evaluates a local, after the locals it refers to. The locals of a
// cycle start unknown, saying so, and are evaluated together to a
// fixpoint. A local is evaluated once, and not at all once the build's
// budget is spent.
func (s *localScope) need(name string) {
	if s.done[name] || s.m.locals[name] == nil {
		return
	}
	cycle := s.graph.cycles[name]
	members := []string{name}
	if cycle != nil {
		members = cycle
	}
	for _, n := range members {
		s.done[n] = true
	}
	for _, n := range members {
		for _, d := range s.graph.deps[n] {
			s.need(d)
		}
	}
	ev := s.m.ev
	// A local is evaluated before the expression that needs it, never
	// inside one; the expression's budget state is kept all the same.
	used, refused, in := ev.exprUsed, ev.refused, ev.inLocals
	defer func() { ev.exprUsed, ev.refused, ev.inLocals = used, refused, in }()
	ev.inLocals = true
	if cycle == nil {
		if ev.stopped() {
			ev.report(rangePos(s.m.locals[name].Range), ev.stop)
			return
		}
		s.publish()
		s.vals[name], _, _ = ev.evaluate(s.m.locals[name].Expr, s.ctx, true)
		s.dirty = true
		return
	}
	for _, n := range cycle {
		s.vals[n] = because(rangePos(s.m.locals[n].Range), cycleWhy(cycle))
	}
	s.dirty = true
	settled := map[string]bool{} // refused for budget: not evaluated again
	for range maxLocalRounds {
		s.publish()
		changed := false
		for _, n := range cycle {
			if settled[n] {
				continue
			}
			if ev.stopped() {
				ev.report(rangePos(s.m.locals[n].Range), ev.stop)
				return
			}
			v, ref, _ := ev.evaluate(s.m.locals[n].Expr, s.ctx, true)
			settled[n] = ref
			if !v.RawEquals(s.vals[n]) {
				s.vals[n], changed = v, true
				s.dirty = true
			}
		}
		if !changed {
			return
		}
	}
}
