package helm

import (
	"reflect"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// helmOwn are the function names Helm's engine defines itself or removes
// from sprig's: they are left to Helm (include and tpl close over the
// template being rendered, env and expandenv are left out on purpose,
// getHostByName finds nothing unless DNS is enabled).
var helmOwn = map[string]bool{
	"env": true, "expandenv": true, "getHostByName": true,
	"include": true, "tpl": true, "required": true, "fail": true, "lookup": true,
	"toToml": true, "mustToToml": true, "fromToml": true,
	"toYaml": true, "mustToYaml": true, "toYamlPretty": true, "fromYaml": true, "fromYamlArray": true,
	"toJson": true, "mustToJson": true, "fromJson": true, "fromJsonArray": true,
	"mustToDuration": true, "durationSeconds": true, "durationMilliseconds": true,
	"durationMicroseconds": true, "durationNanoseconds": true, "durationMinutes": true,
	"durationHours": true, "durationDays": true, "durationWeeks": true,
	"durationRoundTo": true, "durationTruncateTo": true,
}

// counted are the functions whose integer arguments are counts of what
// they build (elements, characters, spaces).
var counted = map[string]bool{
	"until": true, "repeat": true, "indent": true, "nindent": true,
	"randAlphaNum": true, "randAlpha": true, "randAscii": true, "randNumeric": true, "randBytes": true,
	"wrap": true, "wrapWith": true,
}

// keyGen are the functions that generate keys or certificates (seconds of
// CPU each for large keys).
var keyGen = map[string]bool{
	"genPrivateKey": true, "genCA": true, "genCAWithKey": true, "genSelfSignedCert": true,
	"genSelfSignedCertWithKey": true, "genSignedCert": true, "genSignedCertWithKey": true,
	"buildCustomCert": true, "derivePassword": true, "bcrypt": true, "htpasswd": true,
}

// funcs returns sprig's functions as Helm uses them, each wrapped to check
// the budget before it runs, and lookup answering nothing (as offline
// helm template does) while recording that it was called.
func (b *budget) funcs() template.FuncMap {
	out := template.FuncMap{}
	for name, fn := range sprig.TxtFuncMap() {
		if helmOwn[name] {
			continue
		}
		out[name] = b.wrap(name, fn)
	}
	out["lookup"] = func(string, string, string, string) (map[string]any, error) {
		b.lookups.Add(1)
		b.check("lookup")
		return map[string]any{}, nil
	}
	return out
}

// check stops the rendering (a panic the template engine turns into an
// error) when the context is done or the calls run out.
func (b *budget) check(name string) {
	if b.ctx.Err() != nil {
		b.stop("rendering did not finish in time")
	}
	if b.calls.Add(1) > MaxCalls {
		b.stop("more than %d template function calls", MaxCalls)
	}
}

func (b *budget) wrap(name string, fn any) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func {
		return fn
	}
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		b.check(name)
		b.arguments(name, args)
		var res []reflect.Value
		if t.IsVariadic() {
			res = v.CallSlice(args)
		} else {
			res = v.Call(args)
		}
		if len(res) > 0 {
			if r := res[0]; (r.Kind() == reflect.String || r.Kind() == reflect.Slice || r.Kind() == reflect.Map) && r.Len() > MaxResultLen {
				b.stop("%s returned more than %d bytes or elements", name, MaxResultLen)
			}
		}
		return res
	}).Interface()
}

// arguments refuses the counts that would build a result too large before
// it is built.
func (b *budget) arguments(name string, args []reflect.Value) {
	ints := func() []int64 {
		var out []int64
		for _, a := range args {
			switch a.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				out = append(out, a.Int())
			case reflect.Slice:
				for i := 0; i < a.Len(); i++ {
					if e := a.Index(i); e.Kind() == reflect.Int {
						out = append(out, e.Int())
					}
				}
			}
		}
		return out
	}
	switch {
	case counted[name]:
		for _, n := range ints() {
			if n > MaxCount || n < -MaxCount {
				b.stop("%s called with %d (more than %d)", name, n, MaxCount)
			}
		}
		if name == "repeat" && len(args) == 2 && args[1].Kind() == reflect.String {
			if n := args[0].Int(); n > 0 && n*int64(args[1].Len()) > MaxResultLen {
				b.stop("repeat would build more than %d bytes", MaxResultLen)
			}
		}
	case name == "untilStep" || name == "seq":
		if !smallRange(name, ints()) {
			b.stop("%s called for more than %d numbers", name, MaxCount)
		}
	case keyGen[name]:
		if b.keys.Add(1) > MaxKeyGen {
			b.stop("more than %d keys or certificates generated", MaxKeyGen)
		}
	}
}

// smallRange reports whether untilStep(start, stop, step) or seq(…) with
// these arguments counts at most MaxCount numbers.
func smallRange(name string, n []int64) bool {
	for _, v := range n {
		if v > 1<<40 || v < -(1<<40) {
			return false
		}
	}
	var start, stop, step int64 = 0, 0, 1
	switch {
	case len(n) == 0:
		return true
	case len(n) == 1:
		start, stop = 1, n[0]
	case len(n) == 2:
		start, stop = n[0], n[1]
	case name == "untilStep":
		start, stop, step = n[0], n[1], n[2]
	default: // seq first increment last
		start, step, stop = n[0], n[1], n[2]
	}
	if step < 0 {
		step = -step
	}
	if step == 0 {
		step = 1
	}
	span := stop - start
	if span < 0 {
		span = -span
	}
	return span/step <= MaxCount
}
