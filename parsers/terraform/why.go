package terraform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// whyMark is the cty mark that carries why a value is unknown: made where
// the value becomes unknown (a reference to a data source, a variable given
// no value, a function poollint does not evaluate…), it travels with the
// value through HCL's evaluation as marks do. It is a plain value, so that
// a value evaluated twice is the same (locals are evaluated to a fixpoint).
type whyMark struct {
	text string
	pos  nodepool.Pos
}

// because is an unknown value for the reason text, written at pos.
func because(pos nodepool.Pos, text string) cty.Value {
	return cty.DynamicVal.Mark(whyMark{text: text, pos: pos})
}

// whyOf is the reason among v's own marks: the first in source order when
// unknowns combined (a mark without a position comes last); nil when v has
// none.
func whyOf(v cty.Value) *conv.Reason {
	var best *whyMark
	_, marks := v.Unmark()
	for m := range marks {
		w, ok := m.(whyMark)
		if !ok {
			continue
		}
		if best == nil || whyBefore(w, *best) {
			best = &w
		}
	}
	if best == nil {
		return nil
	}
	return &conv.Reason{Text: best.text, Pos: best.pos}
}

func whyBefore(a, b whyMark) bool {
	switch {
	case a.pos.IsValid() != b.pos.IsValid():
		return a.pos.IsValid()
	case a.pos != b.pos:
		return a.pos.Compare(b.pos) < 0
	}
	return a.text < b.text
}

// unknownValue is the conv form of an unknown cty value: Unknown with the
// reason its marks carry.
func unknownValue(v cty.Value) any {
	if r := whyOf(v); r != nil {
		return r.Value()
	}
	return unknown
}

// whyMarks are the marks of v that say why something is unknown; nil
// when there are none. The set is go-cty's own when every mark is a reason
// (marks are never changed in place), so that passing reasons on costs no
// copy.
func whyMarks(v cty.Value) cty.ValueMarks {
	_, marks := v.Unmark()
	return onlyWhy(marks)
}

func onlyWhy(marks cty.ValueMarks) cty.ValueMarks {
	n := 0
	for m := range marks {
		if _, ok := m.(whyMark); ok {
			n++
		}
	}
	switch n {
	case 0:
		return nil
	case len(marks):
		return marks
	}
	out := make(cty.ValueMarks, n)
	for m := range marks {
		if _, ok := m.(whyMark); ok {
			out[m] = struct{}{}
		}
	}
	return out
}

// unknownBecause is an unknown value of type t for the reasons v carries,
// else for text at pos.
func unknownBecause(t cty.Type, v cty.Value, pos nodepool.Pos, text string) cty.Value {
	if marks := whyMarks(v); marks != nil {
		return cty.UnknownVal(t).WithMarks(marks)
	}
	return cty.UnknownVal(t).Mark(whyMark{text: text, pos: pos})
}

// referenceWhy is why a reference to something the evaluation context
// does not hold (a resource, a data source, a module's output) is unknown.
func referenceWhy(tr hcl.Traversal) cty.Value {
	name := traversalText(tr)
	var text string
	switch root := tr.RootName(); {
	case root == "data":
		text = name + " is a data source, known only after apply"
	case root == "module":
		text = name + " is a module output, which poollint does not follow"
	case strings.Contains(root, "_"):
		text = name + " is a resource attribute, known only after apply"
	default:
		text = name + " is not defined here"
	}
	return because(rangePos(tr.SourceRange()), text)
}

// maxTraversalText bounds the steps of a reference printed in a reason.
const maxTraversalText = 4

// traversalText prints a reference as written (its first few steps):
// data.azurerm_subnet.nodes.id.
func traversalText(tr hcl.Traversal) string {
	var b strings.Builder
	for i, step := range tr {
		if i == maxTraversalText {
			break
		}
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			switch k := s.Key; {
			case k.IsKnown() && !k.IsNull() && k.Type() == cty.String && len(k.AsString()) <= 64:
				fmt.Fprintf(&b, "[%q]", k.AsString())
			case k.IsKnown() && !k.IsNull() && k.Type() == cty.Number:
				b.WriteString("[" + k.AsBigFloat().Text('f', -1) + "]")
			default:
				b.WriteString("[…]")
			}
		}
	}
	return b.String()
}

// budgetWhy is the reason of a value poollint refused to evaluate.
const budgetWhy = "evaluation cut short by poollint's limits"

// failedWhy is the unknown value of an expression that fails to evaluate:
// the first error, where it is.
func failedWhy(expr hcl.Expression, diags hcl.Diagnostics) cty.Value {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		at := expr.Range()
		if d.Subject != nil {
			at = *d.Subject
		}
		if t, ok := d.Expression.(*hclsyntax.ScopeTraversalExpr); ok && d.Summary == "Unsupported attribute" {
			// var.x not declared, local.x not defined, an attribute an
			// object does not have.
			return because(rangePos(at), traversalText(t.Traversal)+" is not defined")
		}
		return because(rangePos(at), "the expression fails: "+strings.TrimSuffix(d.Summary, "."))
	}
	return because(rangePos(expr.Range()), "the expression fails")
}

// tryFunc and canFunc are try() and can() as HCL's tryfunc defines them,
// except that an unknown result keeps the reasons of the unknown argument
// that made it so (HCL's return a bare unknown value).
var tryFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
	Type: func(args []cty.Value) (cty.Type, error) {
		v, err := tryArgs(args)
		if err != nil {
			return cty.NilType, err
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return tryArgs(args) },
})

var canFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "expression", Type: customdecode.ExpressionClosureType}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, diags := customdecode.ExpressionClosureFromVal(args[0]).Value()
		switch {
		case diags.HasErrors():
			return cty.False, nil
		case !v.IsWhollyKnown():
			return cty.UnknownVal(cty.Bool).WithMarks(deepWhy(v)), nil
		}
		return cty.True, nil
	},
})

// tryArgs is try(): the first argument that evaluates without error, or
// an error naming why each failed. An unknown one makes the result
// unknown, with its reasons.
func tryArgs(args []cty.Value) (cty.Value, error) {
	if len(args) == 0 {
		return cty.NilVal, errors.New("at least one argument is required")
	}
	var diags hcl.Diagnostics
	for _, a := range args {
		v, more := customdecode.ExpressionClosureFromVal(a).Value()
		diags = append(diags, more...)
		switch {
		case more.HasErrors():
			continue
		case !v.IsWhollyKnown():
			return cty.DynamicVal.WithMarks(deepWhy(v)), nil
		}
		return v, nil
	}
	var b strings.Builder
	b.WriteString("no expression succeeded:\n")
	for _, d := range diags {
		if d.Subject != nil {
			fmt.Fprintf(&b, "- %s (at %s)\n  %s\n", d.Summary, d.Subject, d.Detail)
		} else {
			fmt.Fprintf(&b, "- %s\n  %s\n", d.Summary, d.Detail)
		}
	}
	b.WriteString("\nAt least one expression must produce a successful result")
	return cty.NilVal, errors.New(b.String())
}

// deepWhy are the reasons anywhere in v; nil when there are none.
func deepWhy(v cty.Value) cty.ValueMarks {
	if !v.ContainsMarked() {
		return nil
	}
	_, marks := v.UnmarkDeep()
	return onlyWhy(marks)
}

// withArgWhy gives an unknown result that says no reason the reasons of
// the arguments it was computed from.
func withArgWhy(v cty.Value, args []cty.Value) cty.Value {
	if whyMarks(v) != nil {
		return v
	}
	for _, a := range args {
		if m := deepWhy(a); m != nil {
			return v.WithMarks(m)
		}
	}
	return v
}
