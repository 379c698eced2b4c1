package terraform

import (
	"math/big"
	"sort"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/nodepool"
)

// unknownT marks a value that cannot be resolved offline.
type unknownT struct{}

var unknown any = unknownT{}

func isUnknown(v any) bool { _, ok := v.(unknownT); return ok }

// value is one attribute's resolved value with its position and origin. v is
// a plain Go value (string, int64, float64, bool, nil, []any,
// map[string]any) or unknown.
type value struct {
	v      any
	pos    nodepool.Pos
	origin nodepool.Origin
	from   string
	// keyPos holds where each key of an object written in place is, so
	// findings about one label point at its line.
	keyPos map[string]nodepool.Pos
}

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
	out := &value{v: toGo(v), pos: rangePos(a.Expr.Range()), origin: origin, from: from}
	if oc, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok {
		out.keyPos = map[string]nodepool.Pos{}
		for _, item := range oc.Items {
			if k, err := item.KeyExpr.Value(o.ctx); err == nil && k.IsKnown() && !k.IsNull() && k.Type() == cty.String {
				out.keyPos[k.AsString()] = rangePos(item.KeyExpr.Range())
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

// Field conversions from a value.

func field[T any](v *value, conv func(any) (T, bool)) nodepool.Field[T] {
	if v == nil || (v.v == nil && !isUnknown(v.v)) {
		return nodepool.Field[T]{} // null is unset in Terraform
	}
	f := nodepool.Field[T]{Set: true, Pos: v.pos, Origin: v.origin, From: v.from}
	if val, ok := conv(v.v); ok {
		f.Value, f.Known = val, true
	}
	return f
}

func strField(v *value) nodepool.Field[string] {
	return field(v, func(x any) (string, bool) {
		switch x := x.(type) {
		case string:
			return x, true
		case int64:
			return strconv.FormatInt(x, 10), true
		}
		return "", false
	})
}

func intField(v *value) nodepool.Field[int64] {
	return field(v, func(x any) (int64, bool) {
		switch x := x.(type) {
		case int64:
			return x, true
		case string: // Terraform converts "3" to a number
			i, err := strconv.ParseInt(x, 10, 64)
			return i, err == nil
		}
		return 0, false
	})
}

func floatField(v *value) nodepool.Field[float64] {
	return field(v, func(x any) (float64, bool) {
		switch x := x.(type) {
		case int64:
			return float64(x), true
		case float64:
			return x, true
		case string:
			f, err := strconv.ParseFloat(x, 64)
			return f, err == nil
		}
		return 0, false
	})
}

func boolField(v *value) nodepool.Field[bool] {
	return field(v, func(x any) (bool, bool) {
		switch x := x.(type) {
		case bool:
			return x, true
		case string:
			b, err := strconv.ParseBool(x)
			return b, err == nil
		}
		return false, false
	})
}

// labelsField reads a map of labels; keys are known when the map is.
func labelsField(v *value) nodepool.Field[[]nodepool.Label] {
	f := field(v, func(any) ([]nodepool.Label, bool) { return nil, false })
	m, ok := mapOf(v)
	if !ok {
		return f
	}
	f.Known, f.Value = true, []nodepool.Label{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l := nodepool.Label{Key: k, Pos: v.pos}
		if p, ok := v.keyPos[k]; ok {
			l.Pos = p
		}
		if s, ok := m[k].(string); ok {
			l.Value, l.ValueKnown = s, true
		}
		f.Value = append(f.Value, l)
	}
	return f
}

func mapOf(v *value) (map[string]any, bool) {
	if v == nil {
		return nil, false
	}
	m, ok := v.v.(map[string]any)
	return m, ok
}

// stringsField reads a list of strings; unknown elements make it incomplete.
func stringsField(v *value) nodepool.Field[[]string] {
	f := field(v, func(any) ([]string, bool) { return nil, false })
	if v == nil {
		return f
	}
	list, ok := v.v.([]any)
	if !ok {
		return f
	}
	f.Known, f.Value = true, []string{}
	for _, e := range list {
		switch e := e.(type) {
		case string:
			f.Value = append(f.Value, e)
		case int64:
			f.Value = append(f.Value, strconv.FormatInt(e, 10))
		default:
			f.Known = false
		}
	}
	return f
}

// taintStringsField reads AKS-style "key=value:Effect" taint strings.
func taintStringsField(v *value) nodepool.Field[[]nodepool.Taint] {
	list := stringsField(v)
	f := nodepool.Field[[]nodepool.Taint]{Known: list.Known, Set: list.Set, Pos: list.Pos, Origin: list.Origin, From: list.From}
	if list.Value != nil {
		f.Value = []nodepool.Taint{}
	}
	for _, s := range list.Value {
		f.Value = append(f.Value, nodepool.ParseTaint(s, v.pos))
	}
	return f
}
