package terraform

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/poollint/poollint/parsers"
)

// HCL's evaluator runs a for expression to its end, and go-cty walks every
// function argument in full, so neither can be stopped once started. Each
// parsed expression is therefore instrumented before it is evaluated: a
// for (or splat) takes its collection through hookIterate, which charges
// the whole loop (its length times the size of its body) before the first
// iteration; and a value that an operation would visit (a function
// argument, an operand, a branch of a conditional, a template part) goes
// through hookBound when it may be large, which charges its size and
// refuses it past maxValueSize. Once a budget is spent every hook fails at
// once, so what remains of a loop costs a constant per iteration it was
// already charged for.

// children calls fn with a pointer to each direct child of e.
func children(e hclsyntax.Expression, fn func(*hclsyntax.Expression)) {
	switch e := e.(type) {
	case *hclsyntax.BinaryOpExpr:
		fn(&e.LHS)
		fn(&e.RHS)
	case *hclsyntax.UnaryOpExpr:
		fn(&e.Val)
	case *hclsyntax.ConditionalExpr:
		fn(&e.Condition)
		fn(&e.TrueResult)
		fn(&e.FalseResult)
	case *hclsyntax.ForExpr:
		fn(&e.CollExpr)
		if e.KeyExpr != nil {
			fn(&e.KeyExpr)
		}
		fn(&e.ValExpr)
		if e.CondExpr != nil {
			fn(&e.CondExpr)
		}
	case *hclsyntax.FunctionCallExpr:
		for i := range e.Args {
			fn(&e.Args[i])
		}
	case *hclsyntax.IndexExpr:
		fn(&e.Collection)
		fn(&e.Key)
	case *hclsyntax.TupleConsExpr:
		for i := range e.Exprs {
			fn(&e.Exprs[i])
		}
	case *hclsyntax.ObjectConsExpr:
		for i := range e.Items {
			fn(&e.Items[i].KeyExpr)
			fn(&e.Items[i].ValueExpr)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		fn(&e.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		fn(&e.Expression)
	case *hclsyntax.RelativeTraversalExpr:
		fn(&e.Source)
	case *hclsyntax.SplatExpr:
		fn(&e.Source)
		fn(&e.Each)
	case *hclsyntax.TemplateExpr:
		for i := range e.Parts {
			fn(&e.Parts[i])
		}
	case *hclsyntax.TemplateJoinExpr:
		fn(&e.Tuple)
	case *hclsyntax.TemplateWrapExpr:
		fn(&e.Wrapped)
	}
}

// tooDeep reports an expression nested deeper than maxExprDepth, without
// recursing further than that.
func tooDeep(e hclsyntax.Expression, depth int) (hcl.Range, bool) {
	if depth > maxExprDepth {
		return e.Range(), true
	}
	var at hcl.Range
	deep := false
	children(e, func(c *hclsyntax.Expression) {
		if !deep {
			at, deep = tooDeep(*c, depth+1)
		}
	})
	return at, deep
}

// nodes counts the nodes of e (already checked for depth).
func nodes(e hclsyntax.Expression) int64 {
	if e == nil {
		return 0
	}
	n := int64(1)
	if _, call := e.(*hclsyntax.FunctionCallExpr); call {
		n = callCost
	}
	children(e, func(c *hclsyntax.Expression) { n += nodes(*c) })
	return n
}

// rewriter instruments parsed expressions (see the comment above).
type rewriter struct {
	deep  *hcl.Range           // the first expression nested too deep
	diags []parsers.Diagnostic // literals refused
	funcs map[string]bool      // functions the expressions call; nil to not collect
}

func hook(name string, e hclsyntax.Expression, extra ...hclsyntax.Expression) hclsyntax.Expression {
	r := e.Range()
	return &hclsyntax.FunctionCallExpr{Name: name, Args: append([]hclsyntax.Expression{e}, extra...), NameRange: r, OpenParenRange: r, CloseParenRange: r}
}

// bounded reports that e's value is no larger than what it reads:
// variables (whose values are checked when set), literals, function
// results (checked by the wrappers), strings and scalars.
func bounded(e hclsyntax.Expression) bool {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr, *hclsyntax.FunctionCallExpr,
		*hclsyntax.TemplateExpr, *hclsyntax.TemplateJoinExpr, *hclsyntax.BinaryOpExpr, *hclsyntax.UnaryOpExpr,
		*hclsyntax.ConditionalExpr, *hclsyntax.AnonSymbolExpr:
		return true
	case *hclsyntax.ParenthesesExpr:
		return bounded(e.Expression)
	case *hclsyntax.TemplateWrapExpr:
		return bounded(e.Wrapped)
	}
	return false
}

func (r *rewriter) bound(p *hclsyntax.Expression) {
	if !bounded(*p) {
		*p = hook(hookBound, *p)
	}
}

// expr instruments *p and everything below it.
func (r *rewriter) expr(p *hclsyntax.Expression, depth int) {
	e := *p
	if depth > maxExprDepth {
		if r.deep == nil {
			rng := e.Range()
			r.deep = &rng
		}
		return
	}
	children(e, func(c *hclsyntax.Expression) { r.expr(c, depth+1) })
	if r.deep != nil {
		return
	}
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		if err := literalProblem(e.Val); err != nil {
			r.refuse(e.SrcRange, err)
			e.Val = cty.UnknownVal(e.Val.Type())
		}
	case *hclsyntax.ScopeTraversalExpr:
		r.traversal(e.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		r.traversal(e.Traversal)
	case *hclsyntax.FunctionCallExpr:
		if r.funcs != nil {
			r.funcs[e.Name] = true
		}
		for i := range e.Args {
			if e.Name == "try" || e.Name == "can" {
				e.Args[i] = hook(hookBound, e.Args[i])
			} else {
				r.bound(&e.Args[i])
			}
		}
	case *hclsyntax.ForExpr:
		cost := iterationCost + nodes(e.KeyExpr) + nodes(e.ValExpr) + nodes(e.CondExpr)
		// true: a for expression's collection (see hookIterate).
		e.CollExpr = hook(hookIterate, e.CollExpr, &hclsyntax.LiteralValueExpr{Val: cty.NumberIntVal(cost), SrcRange: e.CollExpr.Range()}, &hclsyntax.LiteralValueExpr{Val: cty.True, SrcRange: e.CollExpr.Range()})
	case *hclsyntax.SplatExpr:
		cost := iterationCost + nodes(e.Each)
		e.Source = hook(hookIterate, e.Source, &hclsyntax.LiteralValueExpr{Val: cty.NumberIntVal(cost), SrcRange: e.Source.Range()})
	case *hclsyntax.ConditionalExpr:
		// Always: a branch's type is unified with the other's.
		unify := &hclsyntax.LiteralValueExpr{Val: cty.True, SrcRange: e.SrcRange}
		e.TrueResult = hook(hookBound, e.TrueResult, unify)
		e.FalseResult = hook(hookBound, e.FalseResult, unify)
	case *hclsyntax.BinaryOpExpr:
		r.bound(&e.LHS)
		r.bound(&e.RHS)
		switch e.Op {
		case hclsyntax.OpAdd, hclsyntax.OpSubtract, hclsyntax.OpMultiply, hclsyntax.OpDivide, hclsyntax.OpModulo:
			*p = hook(hookBound, e) // a product of large numbers is too large to print
		}
	case *hclsyntax.UnaryOpExpr:
		r.bound(&e.Val)
	case *hclsyntax.IndexExpr:
		r.bound(&e.Key)
	case *hclsyntax.TemplateExpr:
		for i, part := range e.Parts {
			if _, lit := part.(*hclsyntax.LiteralValueExpr); !lit {
				e.Parts[i] = hook(hookBound, part) // charge the bytes it copies
			}
		}
	case *hclsyntax.TemplateJoinExpr:
		e.Tuple = hook(hookBound, e.Tuple)
	}
}

// traversal refuses literal index keys too large to convert.
func (r *rewriter) traversal(t hcl.Traversal) {
	for i, step := range t {
		if idx, ok := step.(hcl.TraverseIndex); ok {
			if err := literalProblem(idx.Key); err != nil {
				r.refuse(idx.SrcRange, err)
				idx.Key = cty.UnknownVal(idx.Key.Type())
				t[i] = idx
			}
		}
	}
}

func (r *rewriter) refuse(rng hcl.Range, err error) {
	r.diags = append(r.diags, parsers.Errorf(rangePos(rng), "%v; the value is unknown", err))
}

// literalProblem refuses a literal number or numeric text that would cost
// too much to print or parse.
func literalProblem(v cty.Value) error {
	if !v.IsKnown() || v.IsNull() || (v.Type() != cty.Number && v.Type() != cty.String) {
		return nil
	}
	return measure(v, maxValueSize).err
}

// body instruments every expression of a parsed native syntax body, in
// source order.
func (r *rewriter) body(b *hclsyntax.Body) {
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	for _, a := range attrs {
		r.expr(&a.Expr, 1)
	}
	for _, bl := range b.Blocks {
		r.body(bl.Body)
	}
}

// deepError is the diagnostic for an expression nested too deep.
func deepError(rng hcl.Range) parsers.Diagnostic {
	return parsers.Errorf(rangePos(rng), "an expression nested deeper than %d levels; the file is not read", maxExprDepth)
}

// diagsError carries the diagnostics of an expression a hook evaluated, so
// that a refusal deep inside still gives its position.
type diagsError hcl.Diagnostics

func (e diagsError) Error() string {
	var msgs []string
	for _, d := range e {
		if d.Severity == hcl.DiagError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	return strings.Join(msgs, "; ")
}

// budgetPos finds the innermost position of a refusal for budget.
func budgetPos(diags hcl.Diagnostics) *hcl.Range {
	for _, d := range diags {
		ex, ok := d.Extra.(hclsyntax.FunctionCallDiagExtra)
		if !ok {
			continue
		}
		err := ex.FunctionCallError()
		var inner diagsError
		if errors.As(err, &inner) {
			if r := budgetPos(hcl.Diagnostics(inner)); r != nil {
				return r
			}
			continue
		}
		if errors.Is(err, errBudget) && d.Subject != nil {
			return d.Subject
		}
	}
	return nil
}

// eval evaluates an expression of the configuration; references the
// context does not have (resources, data sources, modules) are unknown,
// and so is anything that fails to evaluate or is refused for budget.
func (ev *evaluator) eval(expr hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	v, _, _ := ev.evaluate(expr, ctx, true)
	return v
}

// evaluate is eval, with patch false to leave unknown references as errors
// (as dynamic blocks evaluate for_each); refused reports a refusal for
// budget, failed an error.
func (ev *evaluator) evaluate(expr hcl.Expression, ctx *hcl.EvalContext, patch bool) (v cty.Value, refused, failed bool) {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType), false, false
	}
	ev.needLocals(expr, ctx)
	ev.needModules(expr, ctx)
	if ev.stopped() {
		ev.report(rangePos(expr.Range()), ev.stop)
		return because(rangePos(expr.Range()), budgetWhy), true, false
	}
	ev.begin()
	var diags hcl.Diagnostics
	if e, ok := expr.(hclsyntax.Expression); ok {
		v, diags = ev.native(e, ctx, patch)
	} else {
		v, diags = ev.jsonValue(expr, ctx, patch)
	}
	if ev.refused == nil && !diags.HasErrors() {
		_ = ev.checkValue(v, "value")
	}
	if ev.refused != nil {
		at := expr.Range()
		if r := budgetPos(diags); r != nil {
			at = *r
		}
		ev.report(rangePos(at), ev.refused)
		return because(rangePos(at), budgetWhy), true, false
	}
	if diags.HasErrors() {
		return failedWhy(expr, diags), false, true
	}
	if v.IsKnown() && v.IsMarked() {
		// Only unknown values carry reasons: a known value computed
		// from unknown parts (x != null) keeps none.
		v, _ = v.Unmark()
	}
	return v, false, false
}

// static evaluates an expression that may not refer to anything (a
// variable's default, a tfvars value, -var): JSON strings stay literal.
func (ev *evaluator) static(expr hcl.Expression) cty.Value {
	v, _, _ := ev.evaluate(expr, ev.staticContext(expr), false)
	return v
}

// staticContext is the context of a static expression: only the hooks of
// the rewrite (native syntax), or none (JSON strings stay literal).
func (ev *evaluator) staticContext(expr hcl.Expression) *hcl.EvalContext {
	if _, ok := expr.(hclsyntax.Expression); ok {
		return &hcl.EvalContext{Functions: ev.hooks}
	}
	return nil
}

func (ev *evaluator) native(e hclsyntax.Expression, ctx *hcl.EvalContext, patch bool) (cty.Value, hcl.Diagnostics) {
	child := ctx
	if patch && ctx != nil {
		var modules map[string]cty.Value // module.NAME, per name
		whole := false                   // module read without a name
		for _, tr := range e.Variables() {
			root := tr.RootName()
			if !defined(ctx, root) {
				if child == ctx {
					child = ctx.NewChild()
					child.Variables = map[string]cty.Value{}
				}
				if root == "module" && !whole {
					if step, ok := moduleStep(tr); ok {
						if _, done := modules[step.Name]; !done {
							if modules == nil {
								modules = map[string]cty.Value{}
							}
							v := ev.moduleValue(ctx, step.Name)
							if v == cty.NilVal {
								v = referenceWhy(tr)
							}
							modules[step.Name] = v
						}
						continue
					}
					whole = true
				}
				if _, done := child.Variables[root]; !done {
					child.Variables[root] = referenceWhy(tr)
				}
			}
		}
		if modules != nil && !whole {
			child.Variables["module"] = cty.ObjectVal(modules)
		}
	}
	return e.Value(child)
}

// moduleStep is the module name a module.NAME… reference reads.
func moduleStep(tr hcl.Traversal) (hcl.TraverseAttr, bool) {
	if len(tr) < 2 {
		return hcl.TraverseAttr{}, false
	}
	step, ok := tr[1].(hcl.TraverseAttr)
	return step, ok
}

// defined reports whether a name is bound in ctx or a context it was made
// from: an instance's context (count, each) is a child of the module's.
func defined(ctx *hcl.EvalContext, name string) bool {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Variables[name]; ok {
			return true
		}
	}
	return false
}

type exprLister interface{ ExprList() []hcl.Expression }
type exprMapper interface{ ExprMap() []hcl.KeyValuePair }

// jsonValue evaluates an expression of HCL's JSON syntax as HCL does, but
// with its strings parsed as templates by this package, so that they are
// instrumented like native syntax. Without a context strings are literal.
func (ev *evaluator) jsonValue(expr hcl.Expression, ctx *hcl.EvalContext, patch bool) (cty.Value, hcl.Diagnostics) {
	if l, ok := expr.(exprLister); ok {
		if items := l.ExprList(); items != nil {
			var diags hcl.Diagnostics
			vals := make([]cty.Value, 0, len(items))
			for _, item := range items {
				v, d := ev.jsonValue(item, ctx, patch)
				vals = append(vals, v)
				diags = append(diags, d...)
			}
			return cty.TupleVal(vals), diags
		}
	}
	if m, ok := expr.(exprMapper); ok {
		if items := m.ExprMap(); items != nil {
			return ev.jsonObject(items, ctx, patch)
		}
	}
	v, diags := expr.Value(nil)
	if ctx == nil || diags.HasErrors() || v.Type() != cty.String {
		return v, diags
	}
	t, diags := ev.template(expr.Range(), v.AsString())
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return ev.native(t, ctx, patch)
}

func (ev *evaluator) jsonObject(items []hcl.KeyValuePair, ctx *hcl.EvalContext, patch bool) (cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	attrs := map[string]cty.Value{}
	known := true
	for _, item := range items {
		name, d := ev.jsonValue(item.Key, ctx, patch)
		diags = append(diags, d...)
		val, d := ev.jsonValue(item.Value, ctx, patch)
		diags = append(diags, d...)
		rng := item.Key.Range()
		name, err := convertString(name)
		switch {
		case err != nil:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid object key expression", Detail: fmt.Sprintf("Cannot use this expression as an object key: %s.", err), Subject: &rng})
			continue
		case name.IsNull():
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid object key expression", Detail: "Cannot use null value as an object key.", Subject: &rng})
			continue
		case !name.IsKnown():
			known = false
			continue
		}
		key := name.AsString()
		if _, dup := attrs[key]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate object attribute", Detail: fmt.Sprintf("An attribute named %q was already defined.", key), Subject: &rng})
			continue
		}
		attrs[key] = val
	}
	if !known {
		return cty.DynamicVal, diags
	}
	return cty.ObjectVal(attrs), diags
}

type templateKey struct {
	file string
	pos  hcl.Pos
}

// template parses and instruments a JSON string as HCL does when it
// evaluates it, once per position.
func (ev *evaluator) template(rng hcl.Range, src string) (hclsyntax.Expression, hcl.Diagnostics) {
	key := templateKey{rng.Filename, rng.Start}
	if t, ok := ev.templates[key]; ok {
		return t, nil
	}
	start := hcl.Pos{Line: rng.Start.Line, Column: rng.Start.Column + 1, Byte: rng.Start.Byte + 1}
	if err := checkHCLNesting([]byte(src), hclTemplate, rng.Filename, start); err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Template refused", Detail: err.Msg, Subject: &rng}}
	}
	t, diags := hclsyntax.ParseTemplate([]byte(src), rng.Filename, start)
	if diags.HasErrors() {
		return nil, diags
	}
	r := &rewriter{}
	r.expr(&t, 1)
	if r.deep != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Template refused", Detail: deepError(*r.deep).Message, Subject: &rng}}
	}
	for _, d := range r.diags {
		ev.report(d.Pos, errors.New(d.Message))
	}
	ev.templates[key] = t
	return t, nil
}

func convertString(v cty.Value) (cty.Value, error) {
	return convert.Convert(v, cty.String)
}
