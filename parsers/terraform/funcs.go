package terraform

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/poollint/poollint/nodepool"
)

// tfFunctions are Terraform's built-in functions that go-cty implements with
// the same behaviour. The evaluator calls them through wrappers that bound
// what they cost (wrapFunctions).
var tfFunctions = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
	"chunklist": stdlib.ChunklistFunc, "coalesce": coalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
	"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
	"csvdecode": stdlib.CSVDecodeFunc, "distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc,
	"flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc, "format": stdlib.FormatFunc,
	"formatdate": stdlib.FormatDateFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
	"index": stdlib.IndexFunc, "join": stdlib.JoinFunc, "jsondecode": stdlib.JSONDecodeFunc,
	"jsonencode": stdlib.JSONEncodeFunc, "keys": stdlib.KeysFunc, "length": lengthFunc,
	"log": stdlib.LogFunc, "lookup": stdlib.LookupFunc, "lower": stdlib.LowerFunc, "max": stdlib.MaxFunc,
	"merge": stdlib.MergeFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc,
	"range": stdlib.RangeFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
	"replace": stdlib.ReplaceFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
	"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
	"signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc,
	"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "timeadd": stdlib.TimeAddFunc,
	"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
	"trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc,
	"values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
	"tobool": stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
	"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
}

// unknownFunc stands for a function poollint does not evaluate (file(),
// templatefile(), cidrsubnet(), …): its result is unknown, never an error.
// The reason is that of an unknown argument, else the function's.
func unknownFunc(name string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true},
		Type:     function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			for _, a := range args {
				if !a.IsKnown() {
					if marks := whyMarks(a); marks != nil {
						return cty.DynamicVal.WithMarks(marks), nil
					}
				}
			}
			return cty.DynamicVal.Mark(whyMark{text: "poollint does not evaluate " + name + "()"}), nil
		},
	})
}

// maxSetElements bounds the elements put in one set (and given to
// distinct): go-cty hashes set elements with CRC-32, so crafted collisions
// make building a set quadratic.
const maxSetElements = 4096

// functions returns the function table for a module that calls names.
func (ev *evaluator) functions(names map[string]bool) map[string]function.Function {
	out := make(map[string]function.Function, len(ev.funcs)+len(ev.hooks)+len(names))
	for k, f := range ev.funcs {
		out[k] = f
	}
	for k, f := range ev.hooks {
		out[k] = f
	}
	for n := range names {
		if _, ok := out[n]; !ok {
			out[n] = unknownFunc(n)
		}
	}
	return out
}

// wrapFunctions wraps each of tfFunctions so that a call is charged and
// refused before it produces more than maxValueSize (see estimate), and its
// result is checked after. try and can only choose among their arguments,
// which the rewrite bounds.
func (ev *evaluator) wrapFunctions() map[string]function.Function {
	out := make(map[string]function.Function, len(tfFunctions))
	for name, f := range tfFunctions {
		switch name {
		case "try":
			out[name] = tryFunc
			continue
		case "can":
			out[name] = canFunc
			continue
		}
		out[name] = ev.wrap(name, f)
	}
	return out
}

func passParam(name string) function.Parameter {
	return function.Parameter{Name: name, Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}
}

// wrap takes every argument as it comes, so that converting it (a long
// string to a number, a list to a set) happens after the checks, then calls
// f with the arguments converted as HCL would have.
func (ev *evaluator) wrap(name string, f function.Function) function.Function {
	params, varParam := f.Params(), f.VarParam()
	spec := &function.Spec{Description: f.Description(), Type: function.StaticReturnType(cty.DynamicPseudoType)}
	for _, p := range params {
		spec.Params = append(spec.Params, passParam(p.Name))
	}
	if varParam != nil {
		p := passParam(varParam.Name)
		spec.VarParam = &p
	}
	spec.Impl = func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		what := name + "()"
		if err := ev.charge(callCost, what); err != nil {
			return cty.NilVal, err
		}
		var total int64
		sizes := make([]size, len(args))
		for i, a := range args {
			sizes[i] = measure(a, maxValueSize)
			if err := ev.charge(sizes[i].work(), what); err != nil {
				return cty.NilVal, err
			}
			if sizes[i].err != nil {
				return cty.NilVal, ev.refuse(&budgetError{msg: what + ": " + sizes[i].err.Error()})
			}
			total += sizes[i].size
		}
		if total > 2*maxValueSize {
			return cty.NilVal, ev.refuse(&budgetError{msg: fmt.Sprintf("%s: arguments larger than poollint's limit of %d bytes and elements; the result is unknown", what, 2*maxValueSize)})
		}
		conv := make([]cty.Value, len(args))
		for i, a := range args {
			p := varParam
			if i < len(params) {
				p = &params[i]
			}
			if p.Type.IsSetType() || name == "toset" {
				if err := ev.setSize(what, a); err != nil {
					return cty.NilVal, err
				}
			}
			if unifies(p.Type) || name == "tolist" || name == "toset" || name == "tomap" {
				if err := ev.unifyCost(what, a); err != nil {
					return cty.NilVal, err
				}
			}
			// Converted unmarked (go-cty does not convert every marked
			// value), the reasons (marks) put back.
			u, marks := a.Unmark()
			c, err := convert.Convert(u, p.Type)
			if err != nil {
				return cty.NilVal, function.NewArgError(i, err)
			}
			conv[i] = c.WithMarks(marks)
		}
		if est, err := estimate(name, conv, sizes); err != nil {
			return cty.NilVal, ev.refuse(&budgetError{msg: what + ": " + err.Error()})
		} else if err := ev.charge(est.work, what); err != nil {
			return cty.NilVal, err
		} else if est.size > maxValueSize {
			return cty.NilVal, ev.refuse(&budgetError{msg: fmt.Sprintf("%s would produce %s, above poollint's limit of %d bytes and elements; the result is unknown", what, est.what, maxValueSize)})
		}
		v, err := f.Call(conv)
		if crash := (function.PanicError{}); errors.As(err, &crash) {
			// A fault of the function, not of the configuration: an
			// unknown result, so that try() does not take its fallback
			// for a value Terraform would compute.
			return unknownBecause(cty.DynamicPseudoType, cty.DynamicVal, nodepool.Pos{}, what+" could not be evaluated by poollint (an internal error)"), nil
		}
		if err != nil {
			return cty.NilVal, err
		}
		if !v.IsKnown() {
			v = withArgWhy(v, args) // some (element(), …) drop the reasons
		}
		if err := ev.checkValue(v, what); err != nil {
			return cty.NilVal, err
		}
		return v, nil
	}
	return function.New(spec)
}

// setSize refuses a collection too large to become a set.
func (ev *evaluator) setSize(what string, v cty.Value) error {
	v, _ = v.Unmark()
	if v.IsKnown() && !v.IsNull() && v.CanIterateElements() && v.LengthInt() > maxSetElements {
		return ev.refuse(&budgetError{msg: fmt.Sprintf("%s: a set of %d elements, above poollint's limit of %d; the result is unknown", what, v.LengthInt(), maxSetElements)})
	}
	return nil
}

// unifies reports a parameter type that a tuple or object argument is
// converted to by unifying the types of its elements.
func unifies(t cty.Type) bool {
	return t.IsListType() || t.IsSetType() || t.IsMapType()
}

// unifyCost charges for converting a tuple or object to a collection:
// go-cty unifies the element types comparing every pair (about 30ns each).
func (ev *evaluator) unifyCost(what string, v cty.Value) error {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || !(v.Type().IsTupleType() || v.Type().IsObjectType()) {
		return nil
	}
	n := int64(v.LengthInt())
	return ev.charge(n*n/16, fmt.Sprintf("%s: converting %d elements to a collection", what, n))
}

// estimation is what a call will cost and produce, computed before it runs.
type estimation struct {
	size int64  // upper bound of the result's size
	work int64  // work beyond reading the arguments
	what string // the result, for the message
}

// known reports that v is known and not null (marks aside).
func known(v cty.Value) bool {
	v, _ = v.Unmark()
	return v.IsKnown() && !v.IsNull()
}

func str(v cty.Value) string {
	v, _ = v.Unmark()
	return v.AsString()
}

func length(v cty.Value) int64 {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return 0
	}
	return int64(v.LengthInt())
}

// estimate bounds the result of the functions whose result can be much
// larger than their arguments, or whose time is more than linear in them.
// Arguments are converted to the function's parameter types.
func estimate(name string, args []cty.Value, sizes []size) (estimation, error) {
	for _, a := range args {
		if !known(a) {
			return estimation{}, nil // the result is unknown: nothing runs
		}
	}
	var e estimation
	switch name {
	case "setproduct":
		n := big.NewInt(1)
		for _, a := range args {
			n.Mul(n, big.NewInt(length(a)))
		}
		n.Mul(n, big.NewInt(int64(len(args)+1)))
		if !n.IsInt64() || n.Int64() > maxValueSize {
			return e, fmt.Errorf("the product of %s would have more than %d elements, above poollint's limit; the result is unknown", describeLengths(args), maxValueSize)
		}
		e.size, e.what = n.Int64(), fmt.Sprintf("%d elements", n.Int64())
		for _, a := range args {
			v, _ := a.Unmark()
			if v.Type().IsSetType() && n.Int64() > maxSetElements*int64(len(args)+1) {
				return e, fmt.Errorf("a set of more than %d elements, above poollint's limit; the result is unknown", maxSetElements)
			}
		}
	case "distinct":
		n := length(args[0])
		if n > maxSetElements {
			return e, fmt.Errorf("%d elements, above poollint's limit of %d for distinct; the result is unknown", n, maxSetElements)
		}
		e.work = n * n / 16 // each element is compared with those kept
	case "sort", "keys", "values":
		n := length(args[0])
		e.work = n * int64(bits.Len64(uint64(n)))
	case "format":
		e.size = formatSize(str(args[0]), sizes[1:], 1)
		e.what = fmt.Sprintf("up to %d bytes", e.size)
	case "formatlist":
		// Each line prints one element of each list (and each other
		// argument whole).
		n := int64(1)
		each := make([]size, 0, len(args)-1)
		for i, a := range args[1:] {
			v, _ := a.Unmark()
			if !v.Type().IsListType() && !v.Type().IsTupleType() {
				each = append(each, sizes[i+1])
				continue
			}
			n = max(n, length(a))
			var largest size
			for it := v.ElementIterator(); it.Next(); {
				_, el := it.Element()
				if sz := measure(el, maxValueSize); sz.size > largest.size {
					largest = sz
				}
			}
			each = append(each, largest)
		}
		e.size = formatSize(str(args[0]), each, n)
		e.what = fmt.Sprintf("up to %d bytes", e.size)
	case "join":
		var n int64
		for _, s := range sizes[1:] {
			e.size += s.size
		}
		for _, a := range args[1:] {
			n += length(a)
		}
		e.size += n * int64(len(str(args[0])))
		e.what = fmt.Sprintf("%d bytes", e.size)
	case "replace":
		s, sub, rep := str(args[0]), str(args[1]), str(args[2])
		var count int64
		if len(sub) > 2 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, work, err := matchCost(sub[1:len(sub)-1], s)
			if re == nil {
				return e, err // nil: the call reports a bad pattern
			}
			e.work = work
			count = int64(len(re.FindAllStringIndex(s, maxValueSize+1)))
			// Each $1 in the replacement may repeat the whole string.
			e.size = int64(len(s)) + count*(int64(len(rep))+int64(strings.Count(rep, "$"))*int64(len(s)))
		} else {
			if sub == "" {
				count = int64(len(s)) + 1
			} else {
				count = int64(strings.Count(s, sub))
			}
			e.size = int64(len(s)) + count*int64(len(rep))
		}
		e.what = fmt.Sprintf("up to %d bytes", e.size)
	case "indent":
		spaces, _ := args[0].AsBigFloat().Int64()
		lines := int64(strings.Count(str(args[1]), "\n") + 1)
		e.size = int64(len(str(args[1]))) + max(0, min(spaces, maxValueSize+1))*lines
		e.what = fmt.Sprintf("%d bytes", e.size)
	case "regex", "regexall":
		re, work, err := matchCost(str(args[0]), str(args[1]))
		if re == nil {
			return e, err
		}
		e.work = work
		if name == "regexall" {
			s := str(args[1])
			count := int64(len(re.FindAllStringIndex(s, maxValueSize+1)))
			e.size = count*int64(re.NumSubexp()+2) + int64(len(s))
			e.what = fmt.Sprintf("%d matches", count)
		}
	case "jsondecode":
		if err := checkJSONNesting([]byte(str(args[0])), false, ""); err != nil {
			return e, fmt.Errorf("the JSON text is %s", err.Msg)
		}
	case "parseint":
		if n := len(str(args[0])); n > maxDigits {
			return e, fmt.Errorf("a number of %d digits, above poollint's limit of %d", n, maxDigits)
		}
	}
	return e, nil
}

// matchCost compiles a pattern and bounds the work of matching it against
// s: RE2 runs in time proportional to the text times the compiled program.
// A nil regexp with a nil error is a pattern the call itself rejects.
func matchCost(pattern, s string) (*regexp.Regexp, int64, error) {
	parsed, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, 0, nil
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil {
		return nil, 0, nil
	}
	work := int64(len(s)+1) * int64(1+len(prog.Inst)/4)
	if work > maxExprWork {
		return nil, 0, fmt.Errorf("matching a pattern of %d instructions against %d bytes costs more than poollint's budget of %d units; the result is unknown", len(prog.Inst), len(s), maxExprWork)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, 0, nil
	}
	return re, work, nil
}

func describeLengths(args []cty.Value) string {
	var parts []string
	for _, a := range args {
		parts = append(parts, fmt.Sprint(length(a)))
	}
	return strings.Join(parts, " × ") + " elements"
}

// formatSize bounds the length of format's result (times n for
// formatlist): the literal text, every width and precision, and every
// argument printed, each verb as large as the largest argument printed
// eight times over (quoting, %v of a collection).
func formatSize(format string, args []size, n int64) int64 {
	var largest int64
	for _, a := range args {
		largest = max(largest, a.size)
	}
	var total int64
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			total++
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			i++
			total++
			continue
		}
		total += 64 + 8*largest
		width := int64(0)
		for i+1 < len(format) && strings.IndexByte("0123456789.-+# []", format[i+1]) >= 0 {
			i++
			if c := format[i]; c >= '0' && c <= '9' {
				width = min(width*10+int64(c-'0'), maxValueSize+1)
			} else {
				total += width
				width = 0
			}
		}
		total += width
		if total > maxValueSize {
			return total
		}
	}
	return total * n
}

// The hooks the rewrite places in expressions (rewrite.go). They take an
// expression closure rather than a value: a function's value arguments are
// walked in full by go-cty before the function runs, which is what they
// must bound.
const (
	hookIterate = "poollint::iterate" // the collection of a for or splat, with the cost of one iteration
	hookBound   = "poollint::bound"   // a value handed to an operation that visits it
)

func (ev *evaluator) hookFunctions() map[string]function.Function {
	closure := function.Parameter{Name: "expr", Type: customdecode.ExpressionClosureType, AllowMarked: true, AllowUnknown: true, AllowDynamicType: true, AllowNull: true}
	eval := func(arg cty.Value) (cty.Value, error) {
		c := customdecode.ExpressionClosureFromVal(arg)
		v, diags := c.Value()
		if diags.HasErrors() {
			return cty.NilVal, diagsError(diags)
		}
		return v, nil
	}
	return map[string]function.Function{
		hookIterate: function.New(&function.Spec{
			Params:   []function.Parameter{closure, {Name: "cost", Type: cty.Number}},
			VarParam: &function.Parameter{Name: "forExpr", Type: cty.Bool},
			Type:     function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v, err := eval(args[0])
				if err != nil {
					return cty.NilVal, err
				}
				if len(args) > 2 && v.Type() == cty.DynamicPseudoType && !v.IsKnown() {
					// HCL's for expression drops the marks of a
					// collection of unknown type: one of a known
					// collection type keeps its reasons.
					if marks := whyMarks(v); marks != nil {
						return cty.UnknownVal(cty.List(cty.DynamicPseudoType)).WithMarks(marks), nil
					}
				}
				cost, _ := args[1].AsBigFloat().Int64()
				if err := ev.charge(callCost+length(v)*cost, "for expression"); err != nil {
					return cty.NilVal, err
				}
				if err := ev.checkValue(v, "for expression"); err != nil {
					return cty.NilVal, err
				}
				return v, nil
			},
		}),
		hookBound: function.New(&function.Spec{
			Params:   []function.Parameter{closure},
			VarParam: &function.Parameter{Name: "unify", Type: cty.Bool},
			Type:     function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v, err := eval(args[0])
				if err != nil {
					return cty.NilVal, err
				}
				if err := ev.charge(callCost, "expression"); err != nil {
					return cty.NilVal, err
				}
				if len(args) > 1 && args[1].True() {
					// A branch of a conditional: converted to the type
					// unified with the other branch.
					if err := ev.unifyCost("conditional expression", v); err != nil {
						return cty.NilVal, err
					}
				}
				if err := ev.checkValue(v, "expression"); err != nil {
					return cty.NilVal, err
				}
				return v, nil
			},
		}),
	}
}
