package armexpr

import (
	"sort"
	"strings"
)

// CopyIndexer is implemented by scopes that evaluate inside copy loops.
type CopyIndexer interface {
	// CopyIndex returns the current iteration of the named loop (the
	// innermost one for ""), or Unknown outside a loop.
	CopyIndex(loop string) any
}

// UserFunctions is implemented by scopes with user-defined functions (the
// template's "functions" section, Bicep's func declarations).
type UserFunctions interface {
	CallUser(namespace, name string, args []any) any
}

// closure is the value of lambda(...): parameter names and a body evaluated
// later in the evaluator that created it.
type closure struct {
	params []string
	body   Expr
	ev     *Evaluator
}

// call applies a closure to arguments.
func (c *closure) call(args ...any) any {
	if len(args) != len(c.params) {
		return Unknown
	}
	env := make(map[string]any, len(c.ev.lambdaEnv)+len(args))
	for k, v := range c.ev.lambdaEnv {
		env[k] = v
	}
	for i, p := range c.params {
		env[p] = args[i]
	}
	child := *c.ev
	child.lambdaEnv = env
	b := child.budget()
	if !b.enterCall() {
		return Unknown
	}
	defer b.leaveCall()
	return child.Eval(c.body)
}

// enterCall counts one more nested user-function or lambda call (and a
// step); false when the limit or the budget is reached.
func (b *Budget) enterCall() bool {
	if !b.step() {
		return false
	}
	if b.calls >= b.limits.MaxCallDepth {
		b.fail("user-defined functions and lambdas nested deeper than %d calls are not evaluated (a function that calls itself?)", b.limits.MaxCallDepth)
		return false
	}
	b.calls++
	b.PeakCalls = max(b.PeakCalls, b.calls)
	return true
}

func (b *Budget) leaveCall() { b.calls-- }

// addLambdaFunctions adds lambda and the functions taking lambdas to the
// tables (see init).
func addLambdaFunctions() {
	lazyFuncs["lambda"] = func(ev *Evaluator, args []Expr) any {
		if len(args) < 1 {
			return Unknown
		}
		c := &closure{body: args[len(args)-1], ev: ev}
		for _, a := range args[:len(args)-1] {
			lit, ok := a.(Lit)
			name, isStr := lit.V.(string)
			if !ok || !isStr {
				return Unknown
			}
			c.params = append(c.params, name)
		}
		return c
	}
	funcs["lambdavariables"] = func(ev *Evaluator, a []any) any {
		name, ok := one[string](a)
		if !ok {
			return Unknown
		}
		if v, ok := ev.lambdaEnv[name]; ok {
			return v
		}
		return Unknown
	}
	funcs["copyindex"] = func(ev *Evaluator, a []any) any {
		ci, ok := ev.Scope.(CopyIndexer)
		if !ok {
			return Unknown
		}
		loop, offset := "", int64(0)
		for _, v := range a {
			switch v := v.(type) {
			case string:
				loop = v
			case int64:
				offset = v
			default:
				return Unknown
			}
		}
		i, ok := ci.CopyIndex(loop).(int64)
		if !ok {
			return Unknown
		}
		return i + offset
	}
	funcs["map"] = func(_ *Evaluator, a []any) any {
		arr, f, ok := arrayAndClosure(a)
		if !ok {
			return Unknown
		}
		out := make([]any, len(arr))
		for i, e := range arr {
			if len(f.params) == 2 {
				out[i] = f.call(e, int64(i))
			} else {
				out[i] = f.call(e)
			}
		}
		return out
	}
	funcs["filter"] = func(_ *Evaluator, a []any) any {
		arr, f, ok := arrayAndClosure(a)
		if !ok {
			return Unknown
		}
		var out []any
		for i, e := range arr {
			var keep any
			if len(f.params) == 2 {
				keep = f.call(e, int64(i))
			} else {
				keep = f.call(e)
			}
			b, ok := keep.(bool)
			if !ok {
				return Unknown
			}
			if b {
				out = append(out, e)
			}
		}
		return nonNilSlice(out)
	}
	funcs["reduce"] = func(_ *Evaluator, a []any) any {
		if len(a) != 3 {
			return Unknown
		}
		arr, ok1 := a[0].([]any)
		f, ok2 := a[2].(*closure)
		if !ok1 || !ok2 || IsUnknown(a[1]) {
			return Unknown
		}
		acc := a[1]
		for i, e := range arr {
			if len(f.params) == 3 {
				acc = f.call(acc, e, int64(i))
			} else {
				acc = f.call(acc, e)
			}
			if IsUnknown(acc) {
				return Unknown
			}
		}
		return acc
	}
	funcs["toobject"] = func(ev *Evaluator, a []any) any {
		if len(a) < 2 || len(a) > 3 {
			return Unknown
		}
		arr, ok := a[0].([]any)
		keyF, ok2 := a[1].(*closure)
		if !ok || !ok2 {
			return Unknown
		}
		var valF *closure
		if len(a) == 3 {
			if valF, ok = a[2].(*closure); !ok {
				return Unknown
			}
		}
		out := map[string]any{}
		for _, e := range arr {
			k, ok := keyF.call(e).(string)
			if !ok || !ev.budget().Charge(memberCost) {
				return Unknown
			}
			if valF != nil {
				out[k] = valF.call(e)
			} else {
				out[k] = e
			}
		}
		return out
	}
	funcs["mapvalues"] = func(ev *Evaluator, a []any) any {
		if len(a) != 2 {
			return Unknown
		}
		m, ok := a[0].(map[string]any)
		f, ok2 := a[1].(*closure)
		if !ok || !ok2 {
			return Unknown
		}
		if !ev.budget().fitsMembers(len(m)) {
			return Unknown
		}
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[k] = f.call(v)
		}
		return out
	}
	funcs["sort"] = func(_ *Evaluator, a []any) any {
		arr, f, ok := arrayAndClosure(a)
		if !ok || len(f.params) != 2 {
			return Unknown
		}
		out := append([]any{}, arr...)
		failed := false
		sort.SliceStable(out, func(i, j int) bool {
			b, ok := f.call(out[i], out[j]).(bool)
			if !ok {
				failed = true
			}
			return b
		})
		if failed {
			return Unknown
		}
		return out
	}
	funcs["shallowmerge"] = shallow(func(ev *Evaluator, a []any) any {
		if len(a) != 1 {
			return Unknown
		}
		arr, ok := a[0].([]any)
		if !ok {
			return Unknown
		}
		n := 0
		for _, e := range arr {
			m, ok := e.(map[string]any)
			if !ok {
				return Unknown
			}
			n = addLen(n, len(m))
		}
		if !ev.budget().fitsMembers(n) {
			return Unknown
		}
		out := map[string]any{}
		for _, e := range arr {
			m := e.(map[string]any)
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	})
}

// shallow wraps a function that is Unknown only when an argument itself is
// Unknown; containers may hold unknown elements.
func shallow(f body) fn {
	return func(ev *Evaluator, a []any) any {
		for _, v := range a {
			if IsUnknown(v) {
				return Unknown
			}
		}
		return f(ev, a)
	}
}

func arrayAndClosure(a []any) ([]any, *closure, bool) {
	if len(a) != 2 {
		return nil, nil, false
	}
	arr, ok1 := a[0].([]any)
	f, ok2 := a[1].(*closure)
	return arr, f, ok1 && ok2
}

func nonNilSlice(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

// callUser evaluates ns.fn(args) through the scope, if it has functions.
func (ev *Evaluator) callUser(ns, name string, args []any) any {
	uf, ok := ev.Scope.(UserFunctions)
	if !ok {
		return Unknown
	}
	b := ev.budget()
	if !b.enterCall() {
		return Unknown
	}
	defer b.leaveCall()
	return uf.CallUser(strings.ToLower(ns), strings.ToLower(name), args)
}

// Deployments is implemented by scopes that know the nested deployments of
// their template: reference() of one returns its outputs.
type Deployments interface {
	// DeploymentOutputs returns {"outputs": {name: {"value": v}}} for the
	// deployment named name in the template, or Unknown.
	DeploymentOutputs(name string) any
}

// deploymentsType is the resource type whose reference() poollint follows.
const deploymentsType = "microsoft.resources/deployments"

func init() {
	// reference() of a nested deployment of the same template: its
	// outputs, as far as they can be evaluated. The deployment is named by
	// resourceId(…, 'Microsoft.Resources/deployments', name) (or
	// extensionResourceId, subscriptionResourceId), whose other parts
	// (subscription, resource group) need not be known, or by its name or
	// ID as a string. Anything else (the runtime state of a resource) is
	// unknown.
	lazyFuncs["reference"] = func(ev *Evaluator, args []Expr) any {
		d, ok := ev.Scope.(Deployments)
		if !ok || len(args) < 1 || len(args) > 3 {
			return Unknown
		}
		name, ok := ev.deploymentName(args[0])
		if !ok {
			return Unknown
		}
		return d.DeploymentOutputs(name)
	}
}

// deploymentName reads the name of the deployment an expression of a
// resource ID names.
func (ev *Evaluator) deploymentName(e Expr) (string, bool) {
	if c, ok := e.(Call); ok && c.Ns == "" {
		switch strings.ToLower(c.Name) {
		case "resourceid", "extensionresourceid", "subscriptionresourceid":
			for i, a := range c.Args {
				lit, ok := a.(Lit)
				if s, isStr := lit.V.(string); !ok || !isStr || !strings.EqualFold(s, deploymentsType) {
					continue
				}
				if i != len(c.Args)-2 {
					return "", false
				}
				name, ok := ev.Eval(c.Args[i+1]).(string)
				return name, ok && name != "" && !strings.Contains(name, "/")
			}
			return "", false
		}
	}
	s, ok := ev.Eval(e).(string)
	if !ok || s == "" {
		return "", false
	}
	if !strings.Contains(s, "/") {
		return s, true
	}
	const marker = "/providers/microsoft.resources/deployments/"
	i := strings.LastIndex(strings.ToLower(s), marker)
	if i < 0 || strings.Contains(s[i+len(marker):], "/") {
		return "", false
	}
	return s[i+len(marker):], true
}
