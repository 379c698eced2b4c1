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
	names []string            // the locals, sorted
	deps  map[string][]string // what each local refers to, found when needed
	// graph is the whole graph of references, built once a cycle shows.
	graph *localGraph
	vals  map[string]cty.Value
	done  map[string]bool
	// evaluated is the version at which each local got its value, version
	// the latest, published the version ctx's local object was built at:
	// it is rebuilt only for an expression reading a newer value.
	evaluated          map[string]int
	version, published int
}

// newLocalScope gives ctx, the evaluation context of a module instance,
// its local object, every local unknown until it is needed (needLocals).
func (ev *evaluator) newLocalScope(m *module, ctx *hcl.EvalContext) {
	s := &localScope{m: m, ctx: ctx, vals: make(map[string]cty.Value, len(m.locals)), done: map[string]bool{},
		deps: map[string][]string{}, evaluated: map[string]int{}}
	for name := range m.locals {
		s.vals[name] = cty.DynamicVal
	}
	ctx.Variables["local"] = cty.ObjectVal(s.vals)
	if len(m.locals) == 0 {
		return
	}
	s.names = slices.Sorted(maps.Keys(m.locals))
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
	refs := ev.localsOf(expr, s)
	for _, name := range refs {
		s.need(name)
	}
	s.publishFor(refs)
}

// localsOf is the locals expr refers to, found once per expression.
func (ev *evaluator) localsOf(expr hcl.Expression, s *localScope) []string {
	return onceFor(&ev.exprLocals, expr, func() []string {
		var refs []string
		for _, t := range expr.Variables() {
			if t.RootName() != "local" {
				continue
			}
			name, ok := localName(t)
			if !ok {
				return s.names
			}
			if !slices.Contains(refs, name) {
				refs = append(refs, name)
			}
		}
		return refs
	})
}

// onceFor is compute(), once per expression of a parse (an expression of
// a pointer type: the nodes HCL's parsers make) in cache.
func onceFor(cache *map[hcl.Expression][]string, expr hcl.Expression, compute func() []string) []string {
	if reflect.TypeOf(expr).Kind() != reflect.Pointer {
		return compute()
	}
	if v, ok := (*cache)[expr]; ok {
		return v
	}
	v := compute()
	if *cache == nil {
		*cache = map[hcl.Expression][]string{}
	}
	(*cache)[expr] = v
	return v
}

// depsOf is what a local refers to, found the first time it is asked.
func (s *localScope) depsOf(name string) []string {
	d, ok := s.deps[name]
	if !ok {
		d = localRefs(name, s.m.locals[name].Expr, s.names, s.m.locals)
		s.deps[name] = d
	}
	return d
}

// publishFor rebuilds the context's local object when one of refs got a
// value since it was built.
func (s *localScope) publishFor(refs []string) {
	for _, r := range refs {
		if s.evaluated[r] > s.published {
			s.publish()
			return
		}
	}
}

// publish rebuilds the context's local object.
func (s *localScope) publish() {
	if s.published < s.version {
		s.ctx.Variables["local"] = cty.ObjectVal(s.vals)
		s.published = s.version
	}
}

// set gives a local its value.
func (s *localScope) set(name string, v cty.Value) {
	s.vals[name] = v
	s.version++
	s.evaluated[name] = s.version
}

// need evaluates a local, after the locals it refers to, each once. The
// references are followed as far as they go from name (plan); when they
// loop, the whole graph is built, and the locals of a cycle start unknown,
// saying so, and are evaluated together to a fixpoint. Nothing is
// evaluated once the build's budget is spent.
func (s *localScope) need(name string) {
	if s.done[name] || s.m.locals[name] == nil {
		return
	}
	if s.graph == nil {
		order, looped := s.plan(name)
		if !looped {
			for _, n := range order {
				if !s.evaluate(n) {
					return
				}
			}
			return
		}
		g := newLocalGraph(s.m.locals)
		s.graph = &g
	}
	s.needInGraph(name)
}

// plan lists the locals to evaluate for name, each after those it refers
// to, and reports whether the references loop.
func (s *localScope) plan(name string) (order []string, looped bool) {
	const visiting, visited = 1, 2
	state := map[string]int{}
	var visit func(string) bool
	visit = func(n string) bool {
		switch {
		case s.done[n] || s.m.locals[n] == nil || state[n] == visited:
			return true
		case state[n] == visiting:
			return false
		}
		state[n] = visiting
		for _, d := range s.depsOf(n) {
			if !visit(d) {
				return false
			}
		}
		state[n] = visited
		order = append(order, n)
		return true
	}
	return order, !visit(name)
}

// evaluate evaluates one local whose references are evaluated; false once
// the build's budget is spent.
func (s *localScope) evaluate(name string) bool {
	ev := s.m.ev
	s.done[name] = true
	if ev.stopped() {
		ev.report(rangePos(s.m.locals[name].Range), ev.stop)
		return false
	}
	// A local is evaluated before the expression that needs it, never
	// inside one; the expression's budget state is kept all the same.
	used, refused, in := ev.exprUsed, ev.refused, ev.inLocals
	defer func() { ev.exprUsed, ev.refused, ev.inLocals = used, refused, in }()
	ev.inLocals = true
	s.publishFor(s.depsOf(name))
	v, _, _ := ev.evaluate(s.m.locals[name].Expr, s.ctx, true)
	s.set(name, v)
	return true
}

// needInGraph is need once the graph is known: a local after its
// references, a cycle's locals together.
func (s *localScope) needInGraph(name string) {
	if s.done[name] || s.m.locals[name] == nil {
		return
	}
	cycle := s.graph.cycles[name]
	if cycle == nil {
		for _, d := range s.graph.deps[name] {
			s.needInGraph(d)
		}
		if !s.done[name] {
			s.evaluate(name)
		}
		return
	}
	for _, n := range cycle {
		s.done[n] = true
	}
	for _, n := range cycle {
		for _, d := range s.graph.deps[n] {
			s.needInGraph(d)
		}
	}
	ev := s.m.ev
	used, refused, in := ev.exprUsed, ev.refused, ev.inLocals
	defer func() { ev.exprUsed, ev.refused, ev.inLocals = used, refused, in }()
	ev.inLocals = true
	for _, n := range cycle {
		s.set(n, because(rangePos(s.m.locals[n].Range), cycleWhy(cycle)))
	}
	settled := map[string]bool{} // refused for budget: not evaluated again
	for range maxLocalRounds {
		changed := false
		for _, n := range cycle {
			if settled[n] {
				continue
			}
			if ev.stopped() {
				ev.report(rangePos(s.m.locals[n].Range), ev.stop)
				return
			}
			s.publish()
			v, ref, _ := ev.evaluate(s.m.locals[n].Expr, s.ctx, true)
			settled[n] = ref
			if !v.RawEquals(s.vals[n]) {
				s.set(n, v)
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}
