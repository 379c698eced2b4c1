package terraform

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

var unknown = conv.Unknown

// value is one attribute's resolved value.
type value = conv.Value

// object is a resource or nested block, read from HCL or from plan JSON, so
// the mapping to the model is written once.
type object interface {
	attr(name string) *value // nil when absent
	blocks(name string) []object
	position() nodepool.Pos
}

// hclObject reads a body in an evaluation context.
type hclObject struct {
	body hcl.Body
	ctx  *hcl.EvalContext
	m    *module
	pos  nodepool.Pos
	// refs maps variables of this module to the cluster resource the caller
	// passed in (var.cluster_id = azurerm_kubernetes_cluster.main.id).
	refs map[string]string
	// iterators are the dynamic block iterators in scope: the body is the
	// content of a dynamic block.
	iterators map[string]bool
	// unknown marks the content of a dynamic block whose for_each is
	// unknown (or refused): every attribute in it is unknown, for the
	// reason why.
	unknown bool
	why     any
}

func (o *hclObject) position() nodepool.Pos { return o.pos }

func (o *hclObject) attr(name string) *value {
	a := o.m.ev.attribute(o.body, name)
	if a == nil {
		return nil
	}
	if o.unknown {
		return &value{V: o.why, Pos: rangePos(a.Expr.Range()), Origin: nodepool.OriginLiteral}
	}
	v := o.m.ev.eval(a.Expr, o.ctx)
	origin, from := o.m.originOf(a.Expr)
	if o.iterators != nil {
		// In a dynamic block, as HCL's dynblock extension reads it: an
		// expression of its iterators only is a literal.
		origin, from = nodepool.OriginLiteral, ""
		for _, tr := range a.Expr.Variables() {
			if !o.iterators[tr.RootName()] {
				origin = nodepool.OriginExpression
			}
		}
		return &value{V: toGo(v), Pos: rangePos(a.Expr.Range()), Origin: origin, From: from}
	}
	out := &value{V: toGo(v), Pos: rangePos(a.Expr.Range()), Origin: origin, From: from}
	if oc, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok {
		out.KeyPos = map[string]nodepool.Pos{}
		for _, item := range oc.Items {
			if k, err := item.KeyExpr.Value(o.ctx); err == nil && k.IsKnown() && !k.IsNull() && k.Type() == cty.String {
				out.KeyPos[k.AsString()] = rangePos(item.KeyExpr.Range())
				out.Keys = append(out.Keys, k.AsString())
			}
		}
	}
	return out
}

// blocks returns the nested blocks of a type, those written and those a
// dynamic block generates, in source order.
func (o *hclObject) blocks(name string) []object {
	var out []object
	for _, b := range o.m.ev.blocksOf(o.body, name) {
		switch {
		case b.Type == name:
			out = append(out, o.child(b.Body, o.ctx, rangePos(b.DefRange), o.iterators, o.unknown))
		case len(b.Labels) == 1 && b.Labels[0] == name:
			out = append(out, o.dynamic(b)...)
		}
	}
	return out
}

func (o *hclObject) child(body hcl.Body, ctx *hcl.EvalContext, pos nodepool.Pos, iterators map[string]bool, unknown bool) *hclObject {
	return &hclObject{body: body, ctx: ctx, m: o.m, pos: pos, refs: o.refs, iterators: iterators, unknown: unknown, why: o.why}
}

// unknownChild is the content of a dynamic block whose blocks are unknown
// for the reason why (a conv unknown value).
func (o *hclObject) unknownChild(body hcl.Body, ctx *hcl.EvalContext, pos nodepool.Pos, iterators map[string]bool, why any) *hclObject {
	c := o.child(body, ctx, pos, iterators, true)
	c.why = why
	return c
}

// bodyKey names an attribute or block type of a body.
type bodyKey struct {
	body hcl.Body
	name string
}

// attribute returns a body's attribute, looked up once per build: the
// body of a resource is read again for each of its instances, and finding
// an attribute in a JSON body costs its size.
func (ev *evaluator) attribute(body hcl.Body, name string) *hcl.Attribute {
	k := bodyKey{body, name}
	if a, ok := ev.attrs[k]; ok {
		return a
	}
	content, _, _ := body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}})
	a := content.Attributes[name]
	ev.attrs[k] = a
	return a
}

// blocksOf returns a body's blocks of a type and its dynamic blocks, in
// source order, looked up once per build.
func (ev *evaluator) blocksOf(body hcl.Body, name string) hcl.Blocks {
	k := bodyKey{body, name}
	if b, ok := ev.blockLists[k]; ok {
		return b
	}
	content, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: name}, {Type: "dynamic", LabelNames: []string{"type"}}}})
	ev.blockLists[k] = content.Blocks
	return content.Blocks
}

var dynamicSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "for_each", Required: true}, {Name: "iterator"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}},
}

// dynamic expands a dynamic block as HCL's dynblock extension does: one
// block per element of for_each, its content evaluated with the iterator
// bound; one block of unknown values when for_each is unknown; none when
// the block is malformed or for_each fails. for_each is bounded: over
// maxInstances elements, or when it is refused for budget, the block
// stands for unknown blocks, with an error.
func (o *hclObject) dynamic(b *hcl.Block) []object {
	spec, diags := b.Body.Content(dynamicSchema)
	if diags.HasErrors() || len(spec.Blocks) != 1 {
		return nil
	}
	iterator := b.Labels[0]
	if a := spec.Attributes["iterator"]; a != nil {
		tr, diags := hcl.AbsTraversalForExpr(a.Expr)
		if diags.HasErrors() || len(tr) != 1 {
			return nil
		}
		iterator = tr.RootName()
	}
	iterators := map[string]bool{iterator: true}
	for k := range o.iterators {
		iterators[k] = true
	}
	body, pos := spec.Blocks[0].Body, rangePos(b.DefRange)
	// The content sees the variables of the block around it, as it saw
	// them (references missing from them are unknown), and the iterator.
	each := func(k, v cty.Value) *hcl.EvalContext {
		c := o.ctx.NewChild()
		c.Variables = make(map[string]cty.Value, len(o.ctx.Variables)+1)
		for name, val := range o.ctx.Variables {
			c.Variables[name] = val
		}
		c.Variables[iterator] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})
		return c
	}
	ev := o.m.ev
	forEach := spec.Attributes["for_each"].Expr
	v, refused, failed := ev.evaluate(forEach, o.ctx, false)
	at := rangePos(forEach.Range())
	switch {
	case refused:
		return []object{o.unknownChild(body, each(v, v), pos, iterators, conv.BecauseAt(at, budgetWhy))}
	case failed:
		return nil // as dynblock: an error (an unknown reference, say) drops the block
	}
	if !v.IsKnown() {
		why := unknownBecause(cty.DynamicPseudoType, v, at, "the for_each of the dynamic block is unknown")
		return []object{o.unknownChild(body, each(why, why), pos, iterators, toGo(why))}
	}
	v, _ = v.Unmark()
	if v.IsNull() || (!v.CanIterateElements() && v.Type() != cty.DynamicPseudoType) {
		return nil
	}
	n := v.LengthInt()
	ev.dynamic += n
	switch {
	case n > maxInstances:
		ev.report(rangePos(forEach.Range()), fmt.Errorf("dynamic block over %d items is above poollint's limit of %d; its blocks are unknown", n, maxInstances))
		return []object{o.unknownChild(body, each(cty.DynamicVal, cty.DynamicVal), pos, iterators, conv.BecauseAt(at, "the dynamic block is above poollint's limits"))}
	case ev.dynamic > maxExpansions:
		ev.report(rangePos(forEach.Range()), fmt.Errorf("dynamic blocks expand to more than %d blocks in this configuration; the rest are unknown", maxExpansions))
		return []object{o.unknownChild(body, each(cty.DynamicVal, cty.DynamicVal), pos, iterators, conv.BecauseAt(at, "the dynamic blocks are above poollint's limits"))}
	}
	out := make([]object, 0, n)
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		out = append(out, o.child(body, each(k, e), pos, iterators, o.unknown))
	}
	return out
}

// rawAttr returns an attribute's expression, for reference analysis.
func (o *hclObject) rawAttr(name string) hcl.Expression {
	if a := o.m.ev.attribute(o.body, name); a != nil {
		return a.Expr
	}
	return nil
}

// originOf classifies an expression: a variable or local reference, a
// literal, or a computation.
func (m *module) originOf(expr hcl.Expression) (nodepool.Origin, string) {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return nodepool.OriginLiteral, ""
	case *hclsyntax.TemplateExpr:
		if e.IsStringLiteral() {
			return nodepool.OriginLiteral, ""
		}
	case *hclsyntax.TemplateWrapExpr:
		return m.originOf(e.Wrapped)
	case *hclsyntax.ScopeTraversalExpr:
		if len(e.Traversal) >= 2 {
			attr, ok := e.Traversal[1].(hcl.TraverseAttr)
			if !ok {
				break
			}
			switch e.Traversal.RootName() {
			case "var":
				if v := m.vars[attr.Name]; v != nil && v.hasValue {
					return v.origin, v.from
				}
				return nodepool.OriginParamDflt, "var." + attr.Name
			case "local":
				return nodepool.OriginVariable, "local." + attr.Name
			}
		}
	}
	if e, ok := expr.(hclsyntax.Expression); ok {
		if writtenOut(e) {
			return nodepool.OriginLiteral, "" // -1, [], ["a", "b"], {a = 1}
		}
	} else if len(expr.Variables()) == 0 {
		// JSON syntax: literal unless it is a template with interpolation.
		return nodepool.OriginLiteral, ""
	}
	return nodepool.OriginExpression, ""
}

// writtenOut reports an expression that spells its value out: literals,
// a sign before one, and lists and objects of them, with no reference,
// function call, loop or condition.
func writtenOut(e hclsyntax.Expression) bool {
	if len(e.Variables()) > 0 {
		return false
	}
	ok := true
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.LiteralValueExpr, *hclsyntax.TupleConsExpr, *hclsyntax.ObjectConsExpr,
			*hclsyntax.ObjectConsKeyExpr, *hclsyntax.TemplateWrapExpr:
		case *hclsyntax.UnaryOpExpr:
			if n.Op != hclsyntax.OpNegate {
				ok = false
			}
		case *hclsyntax.TemplateExpr:
			ok = ok && n.IsStringLiteral()
		case *hclsyntax.ScopeTraversalExpr:
			// With no variables, only an object key written bare (a = 1):
			// the key expression reads its name as a string.
		default:
			ok = false
		}
		return nil
	})
	return ok
}

// toGo converts a cty value; unknown parts stay unknown.
func toGo(v cty.Value) any {
	if !v.IsKnown() {
		return unknownValue(v)
	}
	v, _ = v.Unmark()
	if v.IsNull() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			if i, acc := bf.Int64(); acc == big.Exact {
				return i
			}
		}
		f, _ := bf.Float64()
		return f
	case t == cty.Bool:
		return v.True()
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		out := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, toGo(e))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = toGo(e)
		}
		return out
	}
	return conv.Because("the value is of a type poollint does not read")
}
