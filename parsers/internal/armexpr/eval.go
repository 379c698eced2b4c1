package armexpr

import (
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/poollint/poollint/parsers/internal/conv"
)

// unknownT is the type of Unknown (conv's, shared by every parser).
type unknownT = conv.UnknownValue

// Unknown is the value of anything that cannot be resolved offline.
var Unknown = conv.Unknown

// IsUnknown reports whether v is Unknown.
func IsUnknown(v any) bool { return conv.IsUnknown(v) }

// Scope supplies what an expression can refer to. Lookups of names that do
// not exist return Unknown.
type Scope interface {
	Parameter(name string) any
	Variable(name string) any
}

// Env is the deployment environment: resourceGroup(), subscription() and
// deployment() return these when set, Unknown otherwise.
type Env struct {
	ResourceGroup, Subscription, Deployment map[string]any
}

// Evaluator evaluates expressions in a scope.
type Evaluator struct {
	Scope Scope
	Env   Env

	// Budget bounds the evaluation; every evaluator of one file shares
	// one (see Limits). Nil gets a budget of its own with DefaultLimits.
	Budget *Budget

	lambdaEnv map[string]any // lambda parameters in scope
}

// EvalString evaluates a JSON string value: an expression, or a literal
// (with "[[" unescaped). A string that looks like an expression but does not
// parse is Unknown together with the parse error.
func (ev *Evaluator) EvalString(s string) (any, error) {
	if !IsExpression(s) {
		return Unescape(s), nil
	}
	e, err := Parse(s)
	if err != nil {
		return Unknown, err
	}
	return ev.Eval(e), nil
}

// Eval evaluates a parsed expression.
func (ev *Evaluator) Eval(e Expr) any {
	switch e := e.(type) {
	case Lit:
		return e.V
	case Prop:
		return ev.property(ev.Eval(e.X), e.Name)
	case Index:
		x, i := ev.Eval(e.X), ev.Eval(e.I)
		if IsUnknown(x) {
			return ev.explain(x, nil, "")
		}
		if IsUnknown(i) {
			return ev.explain(i, nil, "")
		}
		switch x := x.(type) {
		case []any:
			if n, ok := toInt(i); ok && n >= 0 && n < int64(len(x)) {
				return x[n]
			}
			return conv.Because("the index is out of range")
		case map[string]any:
			if k, ok := i.(string); ok {
				return ev.property(x, k)
			}
		}
		return conv.Because("the value cannot be indexed that way")
	case Call:
		b := ev.budget()
		if !b.step() {
			return ev.explain(Unknown, nil, "")
		}
		if b.nest >= b.limits.MaxNesting {
			b.fail("function calls nested deeper than %d levels (through variables, functions and lambdas) are not evaluated", b.limits.MaxNesting)
			return ev.explain(Unknown, nil, "")
		}
		b.nest++
		b.PeakNest = max(b.PeakNest, b.nest)
		defer func() { b.nest-- }()
		name := strings.ToLower(e.Name)
		if f, ok := lazyFuncs[name]; ok {
			return ev.explain(f(ev, e.Args), nil, e.Name)
		}
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			args[i] = ev.Eval(a)
		}
		if b.cut != nil {
			return ev.explain(Unknown, nil, "")
		}
		if e.Ns != "" {
			return ev.explain(ev.callUser(e.Ns, e.Name, args), args, e.Ns+"."+e.Name)
		}
		if f, ok := funcs[name]; ok {
			b.fn = e.Name
			return ev.explain(f(ev, args), args, e.Name)
		}
		return ev.explain(Unknown, args, e.Name)
	}
	return Unknown
}

// atDeployment are the functions whose value ARM knows only when it
// deploys (besides the list*() functions): the state of resources, the
// deployment's environment.
var atDeployment = map[string]bool{
	"reference": true, "resourcegroup": true, "subscription": true, "deployment": true,
	"tenant": true, "managementgroup": true, "environment": true, "utcnow": true,
	"newguid": true, "providers": true, "pickzones": true, "getsecret": true,
}

// explain gives an unknown result v of the function fn (named as
// written; "" for no function) its reason when it has none: the budget
// when the evaluation was cut short, else the first reason among the
// arguments, else a limit reached, else what the function is.
func (ev *Evaluator) explain(v any, args []any, fn string) any {
	if !IsUnknown(v) || conv.ReasonOf(v) != nil {
		return v
	}
	b := ev.budget()
	if b.cut != nil {
		return conv.Because("evaluation cut short by poollint's limits")
	}
	for _, a := range args {
		if r := conv.FirstReason(a); r != nil {
			return r.Value()
		}
	}
	if len(b.pending) > 0 {
		return conv.Because("a value above poollint's evaluation limits")
	}
	lower := strings.ToLower(fn)
	switch {
	case fn == "":
		return conv.Because("the expression cannot be evaluated")
	case atDeployment[lower] || (strings.HasPrefix(lower, "list") && len(lower) > 4 && funcs[lower] == nil):
		return conv.Because(fn + "() is known only at deployment")
	case funcs[lower] == nil && lazyFuncs[lower] == nil && !strings.Contains(fn, "."):
		return conv.Because("poollint does not evaluate " + fn + "()")
	}
	return conv.Because(fn + "() cannot be evaluated with these arguments")
}

// property looks a key up the way ARM does: ignoring case.
func (ev *Evaluator) property(x any, name string) any {
	m, ok := x.(map[string]any)
	if !ok {
		if IsUnknown(x) {
			return ev.explain(x, nil, "")
		}
		return conv.Because("." + name + " of a value that is not an object")
	}
	if v, ok := m[name]; ok {
		return v
	}
	if !ev.budget().Charge(int64(len(m))) {
		return ev.explain(Unknown, nil, "")
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return conv.Because("the object has no member " + name)
}

// lookup is property() telling an absent member (ok false) from one whose
// value is unknown.
func (ev *Evaluator) lookup(m map[string]any, name string) (any, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	if !ev.budget().Charge(int64(len(m))) {
		return Unknown, true
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

type fn func(ev *Evaluator, args []any) any

// body is a function's implementation once its arguments are checked.
type body func(ev *Evaluator, a []any) any

// lazyFuncs (whose arguments are evaluated by the function) and funcs are
// the function tables: built by init, once, in the order written there
// (this file's functions, then the other files' in addIDFunctions and
// addLambdaFunctions), not in the order Go happens to initialise files.
var lazyFuncs map[string]func(ev *Evaluator, args []Expr) any

var funcs map[string]fn

func init() {
	addCoreFunctions()
	addIDFunctions()     // ids.go
	addLambdaFunctions() // lambda.go
}

// addCoreFunctions creates the tables with the functions of this file.
func addCoreFunctions() {
	lazyFuncs = map[string]func(*Evaluator, []Expr) any{
		"if": func(ev *Evaluator, args []Expr) any {
			if len(args) != 3 {
				return Unknown
			}
			c := ev.Eval(args[0])
			b, ok := c.(bool)
			if !ok {
				if IsUnknown(c) {
					return c
				}
				return conv.Because("the condition of if() is not true or false")
			}
			if b {
				return ev.Eval(args[1])
			}
			return ev.Eval(args[2])
		},
	}
	funcs = map[string]fn{
		"parameters": func(ev *Evaluator, a []any) any {
			if s, ok := one[string](a); ok {
				return ev.Scope.Parameter(s)
			}
			return Unknown
		},
		"variables": func(ev *Evaluator, a []any) any {
			if s, ok := one[string](a); ok {
				return ev.Scope.Variable(s)
			}
			return Unknown
		},
		"resourcegroup": func(ev *Evaluator, a []any) any { return envValue(ev.Env.ResourceGroup) },
		"subscription":  func(ev *Evaluator, a []any) any { return envValue(ev.Env.Subscription) },
		"deployment":    func(ev *Evaluator, a []any) any { return envValue(ev.Env.Deployment) },
		"true":          func(*Evaluator, []any) any { return true },
		"false":         func(*Evaluator, []any) any { return false },
		"null":          func(*Evaluator, []any) any { return nil },
		"equals": strict(2, func(ev *Evaluator, a []any) any {
			return ev.equal(a[0], a[1])
		}),
		"not": strict(1, func(_ *Evaluator, a []any) any {
			if b, ok := a[0].(bool); ok {
				return !b
			}
			return Unknown
		}),
		"and": func(_ *Evaluator, a []any) any { return logic(a, false) },
		"or":  func(_ *Evaluator, a []any) any { return logic(a, true) },
		"greater": strict(2, func(_ *Evaluator, a []any) any {
			return compare(a[0], a[1], func(c int) bool { return c > 0 })
		}),
		"greaterorequals": strict(2, func(_ *Evaluator, a []any) any {
			return compare(a[0], a[1], func(c int) bool { return c >= 0 })
		}),
		"less": strict(2, func(_ *Evaluator, a []any) any {
			return compare(a[0], a[1], func(c int) bool { return c < 0 })
		}),
		"lessorequals": strict(2, func(_ *Evaluator, a []any) any {
			return compare(a[0], a[1], func(c int) bool { return c <= 0 })
		}),
		"empty": shallowN(1, func(_ *Evaluator, a []any) any {
			switch v := a[0].(type) {
			case nil:
				return true
			case string:
				return v == ""
			case []any:
				return len(v) == 0
			case map[string]any:
				return len(v) == 0
			}
			return Unknown
		}),
		"length": shallowN(1, func(_ *Evaluator, a []any) any {
			switch v := a[0].(type) {
			case string:
				return int64(utf8.RuneCountInString(v))
			case []any:
				return int64(len(v))
			case map[string]any:
				return int64(len(v))
			}
			return Unknown
		}),
		"contains": containsFn,
		// Arrays may hold unknown elements (a pool with one unresolvable
		// property is still a pool); strings must be known.
		"concat": concatFn,
		"format": variadic(format),
		"union":  shallow(union),
		"intersection": variadic(func(ev *Evaluator, a []any) any {
			if len(a) == 0 {
				return Unknown
			}
			switch first := a[0].(type) {
			case []any:
				var out []any
			outer:
				for _, e := range first {
					for _, other := range a[1:] {
						arr, ok := other.([]any)
						if !ok {
							return Unknown
						}
						if !ev.containsValue(arr, e) {
							continue outer
						}
					}
					if !ev.containsValue(out, e) {
						out = append(out, e)
					}
				}
				if ev.budget().cut != nil {
					return Unknown
				}
				return out
			case map[string]any:
				out := map[string]any{}
				for k, v := range first {
					keep := true
					for _, other := range a[1:] {
						m, ok := other.(map[string]any)
						if !ok {
							return Unknown
						}
						if ov, ok := m[k]; !ok || ev.equal(ov, v) != true {
							keep = false
						}
					}
					if keep {
						if !ev.budget().Charge(memberCost) {
							return Unknown
						}
						out[k] = v
					}
				}
				if ev.budget().cut != nil {
					return Unknown
				}
				return out
			}
			return Unknown
		}),
		// Elements may be unknown.
		"createarray": func(ev *Evaluator, a []any) any {
			if !ev.budget().fitsItems(len(a)) {
				return Unknown
			}
			return append([]any{}, a...)
		},
		"array": shallowN(1, func(_ *Evaluator, a []any) any {
			if arr, ok := a[0].([]any); ok {
				return arr
			}
			return []any{a[0]}
		}),
		// Values may be unknown, keys may not. Compiled templates in the wild
		// pass an odd trailing argument that ARM accepts; the complete pairs
		// are kept and the trailing argument is ignored.
		"createobject": func(ev *Evaluator, a []any) any {
			if !ev.budget().fitsMembers(len(a) / 2) {
				return Unknown
			}
			out := make(map[string]any, len(a)/2)
			for i := 0; i+1 < len(a); i += 2 {
				k, ok := a[i].(string)
				if !ok {
					return Unknown
				}
				out[k] = a[i+1]
			}
			return out
		},
		"json": strict(1, func(ev *Evaluator, a []any) any {
			s, ok := a[0].(string)
			if !ok {
				return Unknown
			}
			// Decoding costs about an object member built for two bytes
			// of text.
			if !ev.budget().Charge(int64(len(s)) * memberCost / 2) {
				return Unknown
			}
			var v any
			d := json.NewDecoder(strings.NewReader(s))
			d.UseNumber()
			if err := d.Decode(&v); err != nil {
				return Unknown
			}
			v = fromJSON(v)
			if !ev.Check(v) {
				return Unknown
			}
			return v
		}),
		"string": strict(1, func(ev *Evaluator, a []any) any {
			switch v := a[0].(type) {
			case string:
				return v
			case []any, map[string]any:
				s, ok := ev.encodeJSON(v)
				if !ok {
					return Unknown
				}
				return s
			}
			s, ok := ev.toString(a[0])
			if !ok {
				return Unknown
			}
			return s
		}),
		"int": strict(1, func(_ *Evaluator, a []any) any {
			switch v := a[0].(type) {
			case int64:
				return v
			case float64:
				return int64(v)
			case string:
				if i, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
					return i
				}
			}
			return Unknown
		}),
		"bool": strict(1, func(_ *Evaluator, a []any) any {
			switch v := a[0].(type) {
			case bool:
				return v
			case int64:
				return v != 0
			case string:
				if b, err := strconv.ParseBool(strings.ToLower(v)); err == nil {
					return b
				}
			}
			return Unknown
		}),
		"tolower": strict(1, strFn(strings.ToLower)),
		"toupper": strict(1, strFn(strings.ToUpper)),
		"trim":    strict(1, strFn(strings.TrimSpace)),
		"split": strict(2, func(ev *Evaluator, a []any) any {
			s, ok := a[0].(string)
			if !ok {
				return Unknown
			}
			var seps []string
			switch d := a[1].(type) {
			case string:
				seps = []string{d}
			case []any:
				for _, e := range d {
					es, ok := e.(string)
					if !ok {
						return Unknown
					}
					seps = append(seps, es)
				}
			default:
				return Unknown
			}
			parts := []string{s}
			for _, sep := range seps {
				if sep == "" {
					continue
				}
				n := 0
				for _, p := range parts {
					n = addLen(n, strings.Count(p, sep)+1)
				}
				// Each part is a string and an element: charged as four.
				if !ev.budget().fitsItems(n) || !ev.budget().Charge(3*elemCost*int64(n)) {
					return Unknown
				}
				next := make([]string, 0, n)
				for _, p := range parts {
					next = append(next, strings.Split(p, sep)...)
				}
				parts = next
			}
			out := make([]any, len(parts))
			for i, p := range parts {
				out[i] = p
			}
			return out
		}),
		"replace": strict(3, func(ev *Evaluator, a []any) any {
			s, ok1 := a[0].(string)
			o, ok2 := a[1].(string)
			n, ok3 := a[2].(string)
			if !ok1 || !ok2 || !ok3 || o == "" {
				return Unknown
			}
			// The length of the result, before it is built.
			size := len(s)
			if len(n) != len(o) {
				count := strings.Count(s, o)
				if len(n) > len(o) && count > 0 && len(n)-len(o) > (maxLen-len(s))/count {
					size = -1
				} else {
					size = len(s) + count*(len(n)-len(o))
				}
			}
			if !ev.budget().fitsString(size) {
				return Unknown
			}
			return strings.ReplaceAll(s, o, n)
		}),
		"startswith": strict(2, func(_ *Evaluator, a []any) any {
			s, ok1 := a[0].(string)
			p, ok2 := a[1].(string)
			if !ok1 || !ok2 {
				return Unknown
			}
			return strings.HasPrefix(strings.ToLower(s), strings.ToLower(p))
		}),
		"endswith": strict(2, func(_ *Evaluator, a []any) any {
			s, ok1 := a[0].(string)
			p, ok2 := a[1].(string)
			if !ok1 || !ok2 {
				return Unknown
			}
			return strings.HasSuffix(strings.ToLower(s), strings.ToLower(p))
		}),
		"substring": variadic(func(_ *Evaluator, a []any) any {
			if len(a) < 2 || len(a) > 3 {
				return Unknown
			}
			s, ok := a[0].(string)
			start, ok2 := toInt(a[1])
			if !ok || !ok2 || start < 0 || start > int64(len(s)) {
				return Unknown
			}
			end := int64(len(s))
			if len(a) == 3 {
				n, ok := toInt(a[2])
				if !ok || n < 0 || n > int64(len(s))-start {
					return Unknown
				}
				end = start + n
			}
			return s[start:end]
		}),
		"first": shallowN(1, func(_ *Evaluator, a []any) any {
			switch v := a[0].(type) {
			case string:
				if v == "" {
					return ""
				}
				r, _ := utf8.DecodeRuneInString(v)
				return string(r)
			case []any:
				if len(v) == 0 {
					return nil
				}
				return v[0]
			}
			return Unknown
		}),
		"last": shallowN(1, func(_ *Evaluator, a []any) any {
			switch v := a[0].(type) {
			case string:
				if v == "" {
					return ""
				}
				r := []rune(v)
				return string(r[len(r)-1])
			case []any:
				if len(v) == 0 {
					return nil
				}
				return v[len(v)-1]
			}
			return Unknown
		}),
		"take": shallowN(2, func(ev *Evaluator, a []any) any { return ev.slice(a[0], a[1], true) }),
		"skip": shallowN(2, func(ev *Evaluator, a []any) any { return ev.slice(a[0], a[1], false) }),
		"min":  variadic(func(_ *Evaluator, a []any) any { return extreme(a, -1) }),
		"max":  variadic(func(_ *Evaluator, a []any) any { return extreme(a, 1) }),
		"range": strict(2, func(ev *Evaluator, a []any) any {
			start, ok1 := toInt(a[0])
			n, ok2 := toInt(a[1])
			if !ok1 || !ok2 || n < 0 || n > 10000 {
				return Unknown
			}
			if !ev.budget().fitsItems(int(n)) {
				return Unknown
			}
			out := make([]any, n)
			for i := range out {
				out[i] = start + int64(i)
			}
			return out
		}),
		"coalesce": func(_ *Evaluator, a []any) any {
			for _, v := range a {
				if IsUnknown(v) {
					return Unknown
				}
				if v != nil {
					return v
				}
			}
			return nil
		},
		"add": arith(func(x, y int64) (int64, bool) { return x + y, true }),
		"sub": arith(func(x, y int64) (int64, bool) { return x - y, true }),
		"mul": arith(func(x, y int64) (int64, bool) { return x * y, true }),
		"div": arith(func(x, y int64) (int64, bool) { return safeDiv(x, y) }),
		"mod": arith(func(x, y int64) (int64, bool) {
			if y == 0 {
				return 0, false
			}
			return x % y, true
		}),
		"objectkeys": shallowN(1, func(ev *Evaluator, a []any) any {
			m, ok := a[0].(map[string]any)
			if !ok || !ev.budget().fitsItems(len(m)) || !ev.budget().Charge(sortCost(len(m))) {
				return Unknown
			}
			keys := sortedKeys(m)
			out := make([]any, len(keys))
			for i, k := range keys {
				out[i] = k
			}
			return out
		}),
		"items": shallowN(1, func(ev *Evaluator, a []any) any {
			m, ok := a[0].(map[string]any)
			// An array of objects of two members each.
			b := ev.budget()
			if !ok || !b.fitsItems(3*len(m)) || !b.fitsMembers(2*len(m)) || !b.Charge(int64(len(m))*memberCost+sortCost(len(m))) {
				return Unknown
			}
			var out []any
			for _, k := range sortedKeys(m) {
				out = append(out, map[string]any{"key": k, "value": m[k]})
			}
			return out
		}),
		"trygetvalue": func(ev *Evaluator, a []any) any { return ev.tryGet(a) },
		"tryget":      func(ev *Evaluator, a []any) any { return ev.tryGet(a) },
	}
}

// concatFn is concat() with its arguments checked: arrays are joined
// element by element, known or not; a string result needs every argument
// known.
func concatFn(ev *Evaluator, a []any) any {
	if len(a) > 0 {
		if _, ok := a[0].([]any); ok {
			for _, v := range a {
				if IsUnknown(v) || !ev.scan(v) {
					return Unknown
				}
			}
			return concat(ev, a)
		}
	}
	for _, v := range a {
		if !ev.known(v) {
			return Unknown
		}
	}
	return concat(ev, a)
}

// concat joins strings, or arrays; the size of the result is checked
// before it is built.
func concat(ev *Evaluator, a []any) any {
	b := ev.budget()
	if len(a) > 0 {
		if _, ok := a[0].([]any); ok {
			n := 0
			for _, e := range a {
				arr, ok := e.([]any)
				if !ok {
					return Unknown
				}
				n = addLen(n, len(arr))
			}
			if !b.fitsItems(n) {
				return Unknown
			}
			var out []any
			if n > 0 {
				out = make([]any, 0, n)
			}
			for _, e := range a {
				out = append(out, e.([]any)...)
			}
			return out
		}
	}
	parts := make([]string, len(a))
	n := 0
	for i, e := range a {
		if _, ok := e.([]any); ok {
			return Unknown
		}
		s, ok := ev.toString(e)
		if !ok {
			return Unknown
		}
		parts[i] = s
		n = addLen(n, len(s))
	}
	if !b.fitsString(n) {
		return Unknown
	}
	return strings.Join(parts, "")
}

func envValue(m map[string]any) any {
	if m == nil {
		return Unknown
	}
	return m
}

func one[T any](a []any) (T, bool) {
	var zero T
	if len(a) != 1 {
		return zero, false
	}
	v, ok := a[0].(T)
	return v, ok
}

// strict wraps a function of n arguments that is Unknown when any argument is
// Unknown (deeply, for containers).
func strict(n int, f body) fn {
	return func(ev *Evaluator, a []any) any {
		if len(a) != n {
			return Unknown
		}
		for _, v := range a {
			if !ev.known(v) {
				return Unknown
			}
		}
		return f(ev, a)
	}
}

// shallowN is like strict but only an argument that is itself Unknown makes
// the result Unknown: containers may hold unknown elements. Constructors and
// structural functions use it, so one unresolvable property does not hide
// the rest of a pool.
func shallowN(n int, f body) fn {
	return func(ev *Evaluator, a []any) any {
		if len(a) != n {
			return Unknown
		}
		for _, v := range a {
			if IsUnknown(v) || !ev.scan(v) {
				return Unknown
			}
		}
		return f(ev, a)
	}
}

// variadic is strict for any number of arguments.
func variadic(f body) fn {
	return func(ev *Evaluator, a []any) any {
		for _, v := range a {
			if !ev.known(v) {
				return Unknown
			}
		}
		return f(ev, a)
	}
}

// strFn wraps a string-to-string function; the result's length is checked
// (case mapping may make a string longer).
func strFn(f func(string) string) body {
	return func(ev *Evaluator, a []any) any {
		if s, ok := a[0].(string); ok {
			if !ev.budget().Charge(int64(len(s))) {
				return Unknown
			}
			out := f(s)
			if len(out) > len(s) && !ev.budget().fitsString(len(out)) {
				return Unknown
			}
			return out
		}
		return Unknown
	}
}

func arith(f func(x, y int64) (int64, bool)) fn {
	return strict(2, func(_ *Evaluator, a []any) any {
		x, ok1 := toInt(a[0])
		y, ok2 := toInt(a[1])
		if !ok1 || !ok2 {
			return Unknown
		}
		if r, ok := f(x, y); ok {
			return r
		}
		return Unknown
	})
}

func safeDiv(x, y int64) (int64, bool) {
	if y == 0 || (x == math.MinInt64 && y == -1) {
		return 0, false
	}
	return x / y, true
}

// logic evaluates and()/or(): a decisive known operand wins over Unknown ones.
func logic(a []any, decisive bool) any {
	unknown := false
	for _, v := range a {
		b, ok := v.(bool)
		if !ok {
			unknown = true
			continue
		}
		if b == decisive {
			return decisive
		}
	}
	if unknown || len(a) == 0 {
		return Unknown
	}
	return !decisive
}

func toInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int64(v), true
		}
	}
	return 0, false
}

// toString renders a value as concat() and format() do; arrays and objects
// become JSON. ok is false when the text would pass the limits.
func (ev *Evaluator) toString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		if v {
			return "True", true
		}
		return "False", true
	case nil:
		return "", true
	}
	return ev.encodeJSON(v)
}

// encodeJSON is json.Marshal of an evaluated value, bounded: the value is
// inspected first, and the text stops at the string limit (a value may hold
// the same long string many times).
func (ev *Evaluator) encodeJSON(v any) (string, bool) {
	if !ev.Check(v) {
		return "", false
	}
	e := encoder{b: ev.budget()}
	if !e.value(v) {
		if e.over {
			e.b.fail("%s() would build a string of more than %d bytes", e.b.fn, e.b.limits.MaxString)
		}
		return "", false
	}
	if !e.b.fitsString(len(e.out)) {
		return "", false
	}
	return string(e.out), true
}

type encoder struct {
	b    *Budget
	out  []byte
	over bool
}

func (e *encoder) write(p string) bool {
	if len(p) > e.b.limits.MaxString-len(e.out) {
		e.over = true
		return false
	}
	e.out = append(e.out, p...)
	return true
}

func (e *encoder) value(v any) bool {
	// Writing an element costs about building one.
	if !e.b.Charge(elemCost) {
		return false
	}
	switch v := v.(type) {
	case nil:
		return e.write("null")
	case bool:
		return e.write(strconv.FormatBool(v))
	case int64:
		return e.write(strconv.FormatInt(v, 10))
	case string:
		if plainJSON(v) {
			return e.write(`"`) && e.write(v) && e.write(`"`)
		}
	case []any:
		if !e.write("[") {
			return false
		}
		for i, x := range v {
			if i > 0 && !e.write(",") {
				return false
			}
			if !e.value(x) {
				return false
			}
		}
		return e.write("]")
	case map[string]any:
		if !e.write("{") {
			return false
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i > 0 && !e.write(",") {
				return false
			}
			if !e.value(k) || !e.write(":") || !e.value(v[k]) {
				return false
			}
		}
		return e.write("}")
	}
	// Other scalars, and strings that need escaping, as json.Marshal
	// writes them.
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	return e.write(string(b))
}

// plainJSON reports whether json.Marshal writes s as is between quotes:
// printable ASCII without the characters it escapes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// equal compares two values as ARM's equals() does; it returns Unknown when
// either side is unknown (or too large to compare).
func (ev *Evaluator) equal(x, y any) any {
	if kx, ok := scalarKey(x); ok {
		if ky, ok := scalarKey(y); ok {
			if !ev.budget().Charge(elemCost) {
				return Unknown
			}
			return kx == ky
		}
	}
	// Comparing containers costs about four elements built, and their
	// elements visited.
	if !ev.budget().Charge(4*elemCost) || !ev.known(x) || !ev.known(y) {
		return Unknown
	}
	if xi, ok := toInt(x); ok {
		if yi, ok := toInt(y); ok {
			return xi == yi
		}
	}
	return reflect.DeepEqual(x, y)
}

// scalarKey is a comparable key for a known scalar, equal exactly when
// equal() finds two scalars equal: integral numbers compare as integers.
// ok is false for containers and Unknown.
func scalarKey(v any) (any, bool) {
	switch x := v.(type) {
	case nil, string, bool, int64:
		return v, true
	case float64:
		if i, ok := toInt(x); ok {
			return i, true
		}
		return x, true
	}
	return nil, false
}

// containsValue reports whether arr holds a value equal to v.
func (ev *Evaluator) containsValue(arr []any, v any) bool {
	if k, ok := scalarKey(v); ok {
		// A scalar equals scalars only.
		if !ev.budget().Charge(8 * int64(len(arr))) {
			return false
		}
		for _, e := range arr {
			if ke, ok := scalarKey(e); ok && ke == k {
				return true
			}
		}
		return false
	}
	for _, e := range arr {
		if ev.equal(e, v) == true {
			return true
		}
	}
	return false
}

func compare(x, y any, ok func(int) bool) any {
	if xi, okx := toInt(x); okx {
		if yi, oky := toInt(y); oky {
			switch {
			case xi < yi:
				return ok(-1)
			case xi > yi:
				return ok(1)
			}
			return ok(0)
		}
	}
	xs, okx := x.(string)
	ys, oky := y.(string)
	if okx && oky {
		return ok(strings.Compare(xs, ys))
	}
	return Unknown
}

func (ev *Evaluator) slice(v, nv any, take bool) any {
	n, ok := toInt(nv)
	if !ok {
		return Unknown
	}
	switch v := v.(type) {
	case string:
		if !ev.budget().Charge(4 * int64(len(v))) {
			return Unknown
		}
		r := []rune(v)
		n = max(0, min(n, int64(len(r))))
		if take {
			return string(r[:n])
		}
		return string(r[n:])
	case []any:
		n = max(0, min(n, int64(len(v))))
		if take {
			return v[:n]
		}
		return v[n:]
	}
	return Unknown
}

func extreme(a []any, sign int) any {
	if len(a) == 1 {
		if arr, ok := a[0].([]any); ok {
			a = arr
		}
	}
	if len(a) == 0 {
		return Unknown
	}
	best, ok := toInt(a[0])
	if !ok {
		return Unknown
	}
	for _, v := range a[1:] {
		i, ok := toInt(v)
		if !ok {
			return Unknown
		}
		if (sign < 0 && i < best) || (sign > 0 && i > best) {
			best = i
		}
	}
	return best
}

func union(ev *Evaluator, a []any) any {
	if len(a) == 0 {
		return Unknown
	}
	b := ev.budget()
	switch a[0].(type) {
	case []any:
		n := 0
		for _, v := range a {
			arr, ok := v.([]any)
			if !ok {
				return Unknown
			}
			n = addLen(n, len(arr))
		}
		if !b.fitsItems(n) {
			return Unknown
		}
		// Scalars are told apart through a set, containers by comparing
		// them with the containers kept; an unknown element is kept.
		var out, containers []any
		seen := map[any]bool{}
		for _, v := range a {
			for _, e := range v.([]any) {
				if k, ok := scalarKey(e); ok {
					if !seen[k] {
						seen[k] = true
						out = append(out, e)
					}
					continue
				}
				if IsUnknown(e) || !ev.containsValue(containers, e) {
					containers = append(containers, e)
					out = append(out, e)
				}
			}
		}
		if b.cut != nil {
			return Unknown
		}
		return out
	case map[string]any:
		n := 0
		for _, v := range a {
			m, ok := v.(map[string]any)
			if !ok {
				return Unknown
			}
			n = addLen(n, len(m))
		}
		if !b.fitsMembers(n) {
			return Unknown
		}
		out := make(map[string]any, n)
		for _, v := range a {
			if !ev.mergeDeep(out, v.(map[string]any)) {
				return Unknown
			}
		}
		return out
	}
	return Unknown
}

// mergeDeep merges src into dst; nested objects are merged, as union() does.
// The members copied are charged; false once the budget is spent.
func (ev *Evaluator) mergeDeep(dst, src map[string]any) bool {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				if !ev.budget().Charge(int64(len(dm)+len(sm)) * memberCost) {
					return false
				}
				merged := make(map[string]any, len(dm))
				for dk, dv := range dm {
					merged[dk] = dv
				}
				if !ev.mergeDeep(merged, sm) {
					return false
				}
				dst[k] = merged
				continue
			}
		}
		dst[k] = v
	}
	return true
}

// format implements format() for plain "{n}" placeholders; format
// specifiers make the result Unknown rather than wrong. The length of the
// result is known before it is built.
func format(ev *Evaluator, a []any) any {
	if len(a) == 0 {
		return Unknown
	}
	f, ok := a[0].(string)
	if !ok {
		return Unknown
	}
	// The pieces of the result: literal text, or the text of an argument.
	var pieces []string
	texts := map[int]string{}
	lit := 0 // start of the pending literal text
	size := 0
	add := func(p string) {
		pieces = append(pieces, p)
		size = addLen(size, len(p))
	}
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case (c == '{' || c == '}') && i+1 < len(f) && f[i+1] == c:
			add(f[lit : i+1])
			i++
			lit = i + 1
		case c == '{':
			end := strings.IndexByte(f[i:], '}')
			if end < 0 {
				return Unknown
			}
			n, err := strconv.Atoi(f[i+1 : i+end])
			if err != nil || n < 0 || n+1 >= len(a) {
				return Unknown
			}
			t, done := texts[n]
			if !done {
				if t, ok = ev.toString(a[n+1]); !ok {
					return Unknown
				}
				texts[n] = t
			}
			add(f[lit:i])
			add(t)
			i += end
			lit = i + 1
		}
	}
	add(f[lit:])
	if !ev.budget().fitsString(size) {
		return Unknown
	}
	return strings.Join(pieces, "")
}

func (ev *Evaluator) tryGet(a []any) any {
	if len(a) < 2 {
		return Unknown
	}
	v := a[0]
	for _, k := range a[1:] {
		if IsUnknown(v) || IsUnknown(k) {
			return Unknown
		}
		switch x := v.(type) {
		case map[string]any:
			ks, ok := k.(string)
			if !ok {
				return Unknown
			}
			// A member that is there but unknown is unknown; only an
			// absent one is null.
			got, ok := ev.lookup(x, ks)
			if !ok {
				return nil
			}
			v = got
		case []any:
			i, ok := toInt(k)
			if !ok {
				return Unknown
			}
			if i < 0 || i >= int64(len(x)) {
				return nil
			}
			v = x[i]
		case nil:
			return nil
		default:
			return Unknown
		}
	}
	return v
}

// sortedKeys sorts an object's names ignoring case (names equal but for
// case in byte order).
func sortedKeys(m map[string]any) []string {
	type name struct{ key, lower string }
	names := make([]name, 0, len(m))
	for k := range m {
		names = append(names, name{k, strings.ToLower(k)})
	}
	sort.Slice(names, func(i, j int) bool {
		if names[i].lower != names[j].lower {
			return names[i].lower < names[j].lower
		}
		return names[i].key < names[j].key
	})
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = n.key
	}
	return keys
}

// sortCost is the work charged for sorting n names: a comparison costs
// about an element built.
func sortCost(n int) int64 {
	cost := int64(n) * elemCost
	for m := n; m > 1; m /= 2 {
		cost += int64(n) * elemCost
	}
	return cost
}

// fromJSON converts encoding/json output (with UseNumber) to evaluator values.
func fromJSON(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = fromJSON(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = fromJSON(v[k])
		}
	}
	return v
}

// containsFn is contains(container, item). Whether an object has a key
// depends on its keys only, so an object some of whose values are unknown
// still answers (a pool object whose subnet is a deployment output, read
// property by property with contains(pool, 'x') ? pool.x : default). An
// array answers true when a known element matches, false only when every
// element is known; a string and the item must be known.
func containsFn(ev *Evaluator, a []any) any {
	if len(a) != 2 || IsUnknown(a[0]) || !ev.scan(a[0]) || !ev.known(a[1]) {
		return Unknown
	}
	switch c := a[0].(type) {
	case string:
		if s, ok := a[1].(string); ok {
			return strings.Contains(c, s)
		}
		s, ok := ev.toString(a[1])
		if !ok {
			return Unknown
		}
		return strings.Contains(c, s)
	case []any:
		found := ev.containsValue(c, a[1])
		if ev.budget().cut != nil {
			return Unknown
		}
		if !found && !ev.known(c) {
			return Unknown
		}
		return found
	case map[string]any:
		k, ok := a[1].(string)
		if !ok {
			return Unknown
		}
		_, found := ev.lookup(c, k)
		if ev.budget().cut != nil {
			return Unknown
		}
		return found
	}
	return Unknown
}
