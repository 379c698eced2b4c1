package terraform

import (
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
}

func (o *hclObject) position() nodepool.Pos { return o.pos }

func (o *hclObject) attr(name string) *value {
	content, _, _ := o.body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}})
	a := content.Attributes[name]
	if a == nil {
		return nil
	}
	v := evalExpr(a.Expr, o.ctx)
	origin, from := o.m.originOf(a.Expr)
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

func (o *hclObject) blocks(name string) []object {
	content, _, _ := o.body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: name}}})
	var out []object
	for _, b := range content.Blocks {
		out = append(out, &hclObject{body: b.Body, ctx: o.ctx, m: o.m, pos: rangePos(b.DefRange), refs: o.refs})
	}
	return out
}

// rawAttr returns an attribute's expression, for reference analysis.
func (o *hclObject) rawAttr(name string) hcl.Expression {
	content, _, _ := o.body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}})
	if a := content.Attributes[name]; a != nil {
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
	if _, ok := expr.(hclsyntax.Expression); !ok {
		// JSON syntax: literal unless it is a template with interpolation.
		if len(expr.Variables()) == 0 {
			return nodepool.OriginLiteral, ""
		}
	}
	return nodepool.OriginExpression, ""
}

// toGo converts a cty value; unknown parts stay unknown.
func toGo(v cty.Value) any {
	if !v.IsKnown() {
		return unknown
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
	return unknown
}
