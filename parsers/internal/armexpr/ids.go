package armexpr

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
)

// Placeholder segments stand for the deployment's subscription and resource
// group in resource IDs when Env does not give them. Within one deployment
// they are equal exactly when the real values are; a rule comparing IDs with
// literal ones must treat them as unknown.
const (
	SubscriptionPlaceholder  = "{subscriptionId}"
	ResourceGroupPlaceholder = "{resourceGroupName}"
)

// addIDFunctions adds the resource ID functions to funcs (see init).
func addIDFunctions() {
	funcs["resourceid"] = variadic(func(ev *Evaluator, a []any) any { return ev.sized(a, resourceID(a, true)) })
	funcs["subscriptionresourceid"] = variadic(func(ev *Evaluator, a []any) any { return ev.sized(a, resourceID(a, false)) })
	funcs["tenantresourceid"] = variadic(func(ev *Evaluator, a []any) any {
		if !ev.argsFit(a) {
			return Unknown
		}
		typ, names, ok := typeAndNames(a)
		if !ok {
			return Unknown
		}
		return "/providers/" + providerPath(typ, names)
	})
	funcs["extensionresourceid"] = variadic(func(ev *Evaluator, a []any) any {
		if len(a) < 3 || !ev.argsFit(a) {
			return Unknown
		}
		scope, ok := a[0].(string)
		typ, names, ok2 := typeAndNames(a[1:])
		if !ok || !ok2 {
			return Unknown
		}
		return strings.TrimSuffix(scope, "/") + "/providers/" + providerPath(typ, names)
	})
	funcs["uniquestring"] = variadic(func(ev *Evaluator, a []any) any {
		h, ok := ev.hashArgs(a)
		if !ok {
			return Unknown
		}
		return strings.ToLower(base32.StdEncoding.EncodeToString(h[:]))[:13]
	})
	funcs["guid"] = variadic(func(ev *Evaluator, a []any) any {
		h, ok := ev.hashArgs(a)
		if !ok {
			return Unknown
		}
		return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
	})
}

// argsFit checks that an ID built from the string arguments a (each once,
// with a few separators) stays within the string limit.
func (ev *Evaluator) argsFit(a []any) bool {
	n := 64
	for _, v := range a {
		if s, ok := v.(string); ok {
			n = addLen(n, len(s)+16)
		}
	}
	return ev.budget().fitsString(n)
}

// sized is f's result once the arguments are known to fit.
func (ev *Evaluator) sized(a []any, f func() any) any {
	if !ev.argsFit(a) {
		return Unknown
	}
	return f()
}

// resourceID builds resourceId() or subscriptionResourceId(): optional
// subscription (and resource group) arguments come before the first argument
// with a '/', the resource type; the names of its segments follow.
func resourceID(a []any, withGroup bool) func() any {
	return func() any { return buildResourceID(a, withGroup) }
}

func buildResourceID(a []any, withGroup bool) any {
	strs := make([]string, len(a))
	for i, v := range a {
		s, ok := v.(string)
		if !ok {
			return Unknown
		}
		strs[i] = s
	}
	t := -1
	for i, s := range strs {
		if strings.Contains(s, "/") {
			t = i
			break
		}
	}
	if t < 0 {
		return Unknown
	}
	typ, names := strs[t], strs[t+1:]
	if strings.Count(typ, "/") != len(names) {
		return Unknown
	}
	sub, rg := SubscriptionPlaceholder, ResourceGroupPlaceholder
	switch {
	case withGroup && t == 1:
		rg = strs[0]
	case withGroup && t == 2:
		sub, rg = strs[0], strs[1]
	case !withGroup && t == 1:
		sub = strs[0]
	case t != 0:
		return Unknown
	}
	if !withGroup {
		return "/subscriptions/" + sub + "/providers/" + providerPath(typ, names)
	}
	return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/" + providerPath(typ, names)
}

func typeAndNames(a []any) (string, []string, bool) {
	if len(a) == 0 {
		return "", nil, false
	}
	typ, ok := a[0].(string)
	if !ok {
		return "", nil, false
	}
	var names []string
	for _, v := range a[1:] {
		s, ok := v.(string)
		if !ok {
			return "", nil, false
		}
		names = append(names, s)
	}
	return typ, names, strings.Count(typ, "/") == len(names)
}

// providerPath interleaves "Namespace/type1/type2" with the names:
// Namespace/type1/name1/type2/name2.
func providerPath(typ string, names []string) string {
	segs := strings.Split(typ, "/")
	var b strings.Builder
	b.WriteString(segs[0])
	for i, s := range segs[1:] {
		b.WriteString("/" + s + "/" + names[i])
	}
	return b.String()
}

// hashArgs hashes string arguments. The result is deterministic but is not
// Azure's value: it only lets equal inputs give equal names.
func (ev *Evaluator) hashArgs(a []any) ([32]byte, bool) {
	var out [32]byte
	h := sha256.New()
	for _, v := range a {
		s, ok := v.(string)
		if !ok || !ev.budget().Charge(int64(len(s))) {
			return out, false
		}
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Sum(out[:0])
	return out, len(a) > 0
}
