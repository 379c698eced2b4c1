package terraform

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/nodepool"
)

// Module outputs are values: module.NAME.OUTPUT in an expression is the
// output as the called module evaluates it, when poollint follows the call
// (a local module, an installed or downloaded one). A call is made once,
// in block order, or earlier when an expression about to be evaluated
// reads its outputs (needModules), as locals are (locals.go). An output of
// a call poollint does not follow (a registry module read from its table,
// one not installed) stays unknown, saying so; so does a call's own output
// read while the call is being made (its arguments refer back to it).

// moduleCalls are the module blocks of one module instance.
type moduleCalls struct {
	b         *builder
	m         *module
	ctx       *hcl.EvalContext
	prefix    string
	callSites []nodepool.Pos
	refs      map[string]string
	depth     int
	blocks    map[string]*block
	called    map[string]bool
	// makeCall is call, reached from the evaluator through a value (a
	// function the evaluator named would close a loop of package
	// initialisation through the resource builders).
	makeCall func(name string)
	// vals are the module.NAME values of the calls followed: the outputs
	// of one instance, a tuple of them for count, an object for for_each.
	vals map[string]cty.Value
}

func (b *builder) newModuleCalls(m *module, ctx *hcl.EvalContext, prefix string, callSites []nodepool.Pos, refs map[string]string, depth int) *moduleCalls {
	mc := &moduleCalls{b: b, m: m, ctx: ctx, prefix: prefix, callSites: callSites, refs: refs, depth: depth,
		blocks: map[string]*block{}, called: map[string]bool{}, vals: map[string]cty.Value{}}
	mc.makeCall = mc.call
	for _, bl := range m.blocks {
		if bl.kind == "module" {
			mc.blocks[bl.name] = bl
		}
	}
	if len(mc.blocks) > 0 {
		if b.ev.calls == nil {
			b.ev.calls = map[*hcl.EvalContext]*moduleCalls{}
		}
		b.ev.calls[ctx] = mc
	}
	return mc
}

// call makes the call of a module block once: every instance of it,
// building what the called module declares, and keeps the value of its
// outputs when every instance is followed.
func (mc *moduleCalls) call(name string) {
	bl := mc.blocks[name]
	if bl == nil || mc.called[name] {
		return
	}
	mc.called[name] = true
	b := mc.b
	insts := b.instances(bl, mc.ctx)
	outs := make([]cty.Value, 0, len(insts))
	followed := true
	for _, inst := range insts {
		if !b.expand(bl) {
			return
		}
		child, childCtx := b.call(mc.m, bl, inst, mc.prefix, mc.callSites, mc.refs, mc.depth)
		if child == nil || childCtx == nil || len(child.files) == 0 || inst.unknown {
			// Not followed: a registry module read from its table, a
			// directory not read, an expansion of unknown keys.
			followed = false
			continue
		}
		outs = append(outs, outputsOf(b.ev, child, childCtx))
	}
	if !followed || b.ev.stopped() {
		return
	}
	switch {
	case bl.count != nil:
		mc.vals[name] = cty.TupleVal(outs)
	case bl.forEach != nil:
		byKey := make(map[string]cty.Value, len(outs))
		for i, inst := range insts {
			k, ok := instanceKey(inst)
			if !ok {
				return
			}
			byKey[k] = outs[i]
		}
		mc.vals[name] = cty.ObjectVal(byKey)
	case len(outs) == 1:
		mc.vals[name] = outs[0]
	}
}

// instanceKey is the for_each key of an instance (`["a"]` -> a).
func instanceKey(inst instance) (string, bool) {
	each, ok := inst.ctx.Variables["each"]
	if !ok || !each.Type().IsObjectType() || !each.Type().HasAttribute("key") {
		return "", false
	}
	k, _ := each.GetAttr("key").Unmark()
	if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
		return "", false
	}
	return k.AsString(), true
}

// outputsOf evaluates a called module's outputs in its context.
func outputsOf(ev *evaluator, child *module, ctx *hcl.EvalContext) cty.Value {
	vals := make(map[string]cty.Value, len(child.outputs))
	for name, expr := range child.outputs {
		vals[name] = ev.eval(expr, ctx)
	}
	return cty.ObjectVal(vals)
}

// needModules makes the module calls expr reads the outputs of, when ctx
// (or the context it descends from) is a module instance's, before expr is
// evaluated. The expression's budget state is kept.
func (ev *evaluator) needModules(expr hcl.Expression, ctx *hcl.EvalContext) {
	if len(ev.calls) == 0 || ctx == nil {
		return
	}
	mc := ev.calls[rootContext(ctx)]
	if mc == nil {
		return
	}
	for _, name := range ev.modulesOf(expr) {
		if mc.called[name] || mc.blocks[name] == nil {
			continue
		}
		used, refused, in := ev.exprUsed, ev.refused, ev.inLocals
		mc.makeCall(name)
		ev.exprUsed, ev.refused, ev.inLocals = used, refused, in
	}
}

// modulesOf is the modules whose outputs expr reads (module.NAME…), found
// once per expression.
func (ev *evaluator) modulesOf(expr hcl.Expression) []string {
	return onceFor(&ev.exprModules, expr, func() []string {
		var names []string
		for _, t := range expr.Variables() {
			if t.RootName() != "module" {
				continue
			}
			if step, ok := moduleStep(t); ok && !slices.Contains(names, step.Name) {
				names = append(names, step.Name)
			}
		}
		return names
	})
}

// moduleValue is module.NAME in ctx's module instance, or cty.NilVal when
// the call is not followed (or not made yet).
func (ev *evaluator) moduleValue(ctx *hcl.EvalContext, name string) cty.Value {
	if len(ev.calls) == 0 || ctx == nil {
		return cty.NilVal
	}
	if mc := ev.calls[rootContext(ctx)]; mc != nil {
		if v, ok := mc.vals[name]; ok {
			return v
		}
	}
	return cty.NilVal
}

// rootContext is the context ctx descends from: a module instance's.
func rootContext(ctx *hcl.EvalContext) *hcl.EvalContext {
	for ctx.Parent() != nil {
		ctx = ctx.Parent()
	}
	return ctx
}
