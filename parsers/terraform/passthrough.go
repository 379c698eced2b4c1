package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// passThroughAttrs are the arguments that resources holding values for
// ordering only hand back unchanged: time_sleep.triggers (the
// terraform-aws-modules/eks module names its node groups' cluster through
// it), terraform_data.input, null_resource.triggers.
var passThroughAttrs = map[string]string{
	"time_sleep":     "triggers",
	"terraform_data": "input",
	"null_resource":  "triggers",
}

// maxPassThrough bounds a chain of pass-through resources.
const maxPassThrough = 4

// passThrough returns the expression written for one key of a
// pass-through resource's argument (time_sleep.this[0].triggers["name"] ->
// aws_eks_cluster.this[0].id), or nil.
func passThrough(m *module, tr hcl.Traversal, depth int) hcl.Expression {
	if m == nil || depth >= maxPassThrough {
		return nil
	}
	typ, argName := tr.RootName(), passThroughAttrs[tr.RootName()]
	name, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	rest := tr[2:]
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok {
			rest = rest[1:] // the instance: each has the same arguments
		}
	}
	if len(rest) < 2 {
		return nil
	}
	if a, ok := rest[0].(hcl.TraverseAttr); !ok || a.Name != argName {
		return nil
	}
	var key string
	switch k := rest[1].(type) {
	case hcl.TraverseAttr:
		key = k.Name
	case hcl.TraverseIndex:
		if k.Key.Type() != cty.String || !k.Key.IsKnown() || k.Key.IsNull() {
			return nil
		}
		key = k.Key.AsString()
	default:
		return nil
	}
	for _, bl := range m.blocks {
		if bl.kind != "resource" || bl.typ != typ || bl.name != name.Name {
			continue
		}
		a := m.ev.attribute(bl.body, argName)
		if a == nil {
			return nil
		}
		oc, ok := unhooked(a.Expr).(*hclsyntax.ObjectConsExpr)
		if !ok {
			return nil
		}
		for _, item := range oc.Items {
			if hcl.ExprAsKeyword(unhooked(item.KeyExpr)) == key {
				return unhooked(item.ValueExpr)
			}
			if k, ok := unhooked(item.KeyExpr).(*hclsyntax.TemplateExpr); ok && k.IsStringLiteral() {
				if v, diags := k.Value(nil); !diags.HasErrors() && v.AsString() == key {
					return unhooked(item.ValueExpr)
				}
			}
		}
		return nil
	}
	return nil
}

// unhooked takes off the hooks the rewrite put around an expression.
func unhooked(expr hcl.Expression) hcl.Expression {
	for range maxExprDepth {
		switch e := expr.(type) {
		case *hclsyntax.FunctionCallExpr:
			if (e.Name == hookBound || e.Name == hookIterate) && len(e.Args) > 0 {
				expr = e.Args[0]
				continue
			}
		case *hclsyntax.ObjectConsKeyExpr:
			expr = e.Wrapped
			continue
		case *hclsyntax.ParenthesesExpr:
			expr = e.Expression
			continue
		}
		return expr
	}
	return expr
}
