package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/poollint/poollint/parsers"
)

// varType is a variable's type constraint with its optional() defaults.
type varType struct {
	typ      cty.Type
	defaults *typeexpr.Defaults
}

// varTypeOf is parseVarType(expr), once per scan for each type text (expr
// written in src): a type is the same wherever it is written, and a module
// called from many roots declares the same variables each time.
func varTypeOf(opts *parsers.Options, expr hcl.Expression, src []byte) *varType {
	r := expr.Range()
	if opts == nil || r.Start.Byte < 0 || r.Start.Byte > r.End.Byte || r.End.Byte > len(src) {
		return parseVarType(expr)
	}
	return opts.Once("terraform.vartype\x00"+string(src[r.Start.Byte:r.End.Byte]), func() any { return parseVarType(expr) }).(*varType)
}

// parseVarType reads a variable's type argument. The rewrite has put
// hooks around some of its parts (function arguments): they are taken off
// first, on a copy. A type poollint cannot read is no constraint.
func parseVarType(expr hcl.Expression) *varType {
	expr = unhook(expr, 0)
	if expr == nil {
		return nil
	}
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(expr)
	if diags.HasErrors() {
		return nil
	}
	return &varType{typ: ty, defaults: defaults}
}

// unhook returns a copy of a type expression without the rewrite's hooks,
// nil for what a type expression cannot hold. depth is bounded by the
// nesting checks made before parsing; maxExprDepth bounds it again.
func unhook(expr hcl.Expression, depth int) hclsyntax.Expression {
	if depth > maxExprDepth {
		return nil
	}
	switch e := expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		if (e.Name == hookBound || e.Name == hookIterate) && len(e.Args) > 0 {
			return unhook(e.Args[0], depth+1)
		}
		c := *e
		c.Args = make([]hclsyntax.Expression, len(e.Args))
		for i, a := range e.Args {
			if c.Args[i] = unhook(a, depth+1); c.Args[i] == nil {
				return nil
			}
		}
		return &c
	case *hclsyntax.ObjectConsExpr:
		c := *e
		c.Items = make([]hclsyntax.ObjectConsItem, len(e.Items))
		for i, it := range e.Items {
			k, v := unhook(it.KeyExpr, depth+1), unhook(it.ValueExpr, depth+1)
			if k == nil || v == nil {
				return nil
			}
			c.Items[i] = hclsyntax.ObjectConsItem{KeyExpr: k, ValueExpr: v}
		}
		return &c
	case *hclsyntax.ObjectConsKeyExpr:
		c := *e
		if c.Wrapped = unhook(e.Wrapped, depth+1); c.Wrapped == nil {
			return nil
		}
		return &c
	case *hclsyntax.TupleConsExpr:
		c := *e
		c.Exprs = make([]hclsyntax.Expression, len(e.Exprs))
		for i, x := range e.Exprs {
			if c.Exprs[i] = unhook(x, depth+1); c.Exprs[i] == nil {
				return nil
			}
		}
		return &c
	case *hclsyntax.ParenthesesExpr:
		return unhook(e.Expression, depth+1)
	case hclsyntax.Expression:
		// Keywords, literals and templates (default values) are read as
		// they are; their hooks evaluate without a context.
		return e
	}
	return nil
}

// maxUnifiedSize bounds a value converted to a type with "any" inside.
const maxUnifiedSize = 4096

// apply gives a value its type: optional attributes their defaults, then
// the conversion Terraform makes. A value that does not convert is kept as
// it was (Terraform would refuse it; its parts may still be right). The
// conversion is charged like a function's (unifying element types).
func (ev *evaluator) applyType(t *varType, v cty.Value) cty.Value {
	if t == nil || v == cty.NilVal || v.IsNull() && t.defaults == nil {
		return v
	}
	ev.begin() // a budget of its own, like an expression
	if ev.unifyCost("variable type", v) != nil || ev.checkValue(v, "variable type") != nil {
		return v
	}
	w := v
	if t.defaults != nil {
		w = t.defaults.Apply(w)
	}
	if t.typ.HasDynamicTypes() && measure(w, maxUnifiedSize).size > maxUnifiedSize {
		// Converting to a type with "any" inside unifies the element types
		// at every level, pairwise: only small values are converted.
		return w
	}
	c, err := convert.Convert(w, t.typ)
	if err != nil {
		return v
	}
	return c
}
