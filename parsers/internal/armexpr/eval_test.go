package armexpr

import (
	"strings"
	"testing"
	"time"
)

type mapScope struct{ params, vars map[string]any }

func (s mapScope) Parameter(n string) any {
	if v, ok := s.params[n]; ok {
		return v
	}
	return Unknown
}

func (s mapScope) Variable(n string) any {
	if v, ok := s.vars[n]; ok {
		return v
	}
	return Unknown
}

func TestEval(t *testing.T) {
	ev := &Evaluator{Scope: mapScope{
		params: map[string]any{"sku": "Basic", "n": int64(3), "pools": []any{map[string]any{"name": "a"}}},
		vars:   map[string]any{"prefix": "aks"},
	}}
	cases := []struct {
		src  string
		want any
	}{
		{"[parameters('sku')]", "Basic"},
		{"[toLower(parameters('sku'))]", "basic"},
		{"[concat(variables('prefix'), '-', parameters('n'))]", "aks-3"},
		{"[format('{0}-{1}', 'a', 2)]", "a-2"},
		{"[if(equals(parameters('n'), 3), 'yes', reference('x').y)]", "yes"},
		{"[if(equals(parameters('n'), 4), 'yes', reference('x').y)]", Unknown},
		{"[parameters('pools')[0].NAME]", "a"},
		{"[length(createArray(1, 2, 3))]", int64(3)},
		{"[union(createObject('a', 1), createObject('b', 2))]", map[string]any{"a": int64(1), "b": int64(2)}},
		{"[resourceGroup().location]", Unknown},
		{"[concat('x', resourceGroup().location)]", Unknown},
		{"[or(true(), reference('x'))]", true},
		{"[and(false(), reference('x'))]", false},
		{"[and(true(), reference('x'))]", Unknown},
		{"[notAFunction(1)]", Unknown},
		{"[json('{\"a\": [1, \"b\"]}').a[1]]", "b"},
		{"[split('a,b;c', createArray(',', ';'))]", []any{"a", "b", "c"}},
		{"[coalesce(null(), 'd')]", "d"},
		{"[range(1, 3)]", []any{int64(1), int64(2), int64(3)}},
		{"[take('abcdef', 2)]", "ab"},
		{"[max(3, 9, 2)]", int64(9)},
		{"[string(true())]", "True"},
		{"[tryGet(createObject('a', 1), 'b')]", nil},
		{"[add(2, mul(3, 4))]", int64(14)},
		{"[div(1, 0)]", Unknown},
		{"['it''s']", "it's"},
		{"[[not an expression]", "[not an expression]"},
		{"plain", "plain"},
	}
	for _, c := range cases {
		got, err := ev.EvalString(c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if !sameValue(got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.src, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{"[concat('a']", "[parameters('a']", "[]", "['abc]", "[a.]", "[f(1 2)]"} {
		ev := &Evaluator{Scope: mapScope{}}
		v, err := ev.EvalString(src)
		if err == nil || !IsUnknown(v) {
			t.Errorf("%s: got %v, %v; want Unknown and an error", src, v, err)
		}
	}
}

func FuzzEval(f *testing.F) {
	for _, s := range []string{"[concat('a', parameters('b'))]", "[if(true(), 1, 2)]", "[x.y.z[0]]", "[format('{0}', 1)]", "[json('[1]')]",
		// The shapes of issue 12's reproducers.
		"[replace(replace(parameters('long'), 'a', parameters('long')), 'a', parameters('long'))]",
		"[concat(concat(parameters('long'), parameters('long')), concat(parameters('long'), parameters('long')))]",
		"[string(createArray(createArray(parameters('arr'), parameters('arr')), createArray(parameters('arr'), parameters('arr'))))]",
		"[length(map(range(0, 10000), lambda('i', map(range(0, 10000), lambda('j', lambdaVariables('i'))))))]",
		"[reduce(range(0, 40), createArray(1), lambda('acc', 'x', concat(lambdaVariables('acc'), lambdaVariables('acc'))))]",
		"[format('{0}{0}{0}{0}{0}{0}{0}{0}', parameters('long'))]",
		"[union(parameters('arr'), parameters('arr'), range(0, 10000))]",
	} {
		f.Add(s)
	}
	params := map[string]any{"b": "c", "long": strings.Repeat("a", 2000), "arr": arr(1000)}
	f.Fuzz(func(t *testing.T, s string) {
		ev := &Evaluator{Scope: mapScope{params: params}}
		v, err := ev.EvalString(s)
		if err != nil && !IsUnknown(v) {
			t.Fatalf("error %v with a known value %v", err, v)
		}
		if str, ok := v.(string); ok && len(str) > DefaultLimits.MaxString+len(s) {
			t.Fatalf("a string of %d bytes", len(str))
		}
	})
}

func TestLambdas(t *testing.T) {
	ev := &Evaluator{Scope: mapScope{params: map[string]any{
		"pools": []any{map[string]any{"name": "a", "n": int64(1)}, map[string]any{"name": "b", "n": int64(3)}},
	}}}
	cases := []struct {
		src  string
		want any
	}{
		{"[map(parameters('pools'), lambda('p', lambdaVariables('p').name))]", []any{"a", "b"}},
		{"[map(parameters('pools'), lambda('p', 'i', add(lambdaVariables('i'), 10)))]", []any{int64(10), int64(11)}},
		{"[filter(parameters('pools'), lambda('p', greater(lambdaVariables('p').n, 2)))[0].name]", "b"},
		{"[reduce(parameters('pools'), 0, lambda('acc', 'p', add(lambdaVariables('acc'), lambdaVariables('p').n)))]", int64(4)},
		{"[toObject(parameters('pools'), lambda('p', lambdaVariables('p').name), lambda('p', lambdaVariables('p').n))]", map[string]any{"a": int64(1), "b": int64(3)}},
		{"[map(createArray(1, 2), lambda('x', map(createArray(10), lambda('y', add(lambdaVariables('x'), lambdaVariables('y'))))))]", []any{[]any{int64(11)}, []any{int64(12)}}},
		{"[map(parameters('missing'), lambda('p', 1))]", Unknown},
		{"[createObject('a', reference('x'), 'b', 1).b]", int64(1)},
		{"[length(createArray(reference('x'), 2))]", int64(2)},
		{"[copyIndex()]", Unknown},
		{"[ns.fn(1)]", Unknown},
	}
	for _, c := range cases {
		got, err := ev.EvalString(c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if !sameValue(got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.src, got, c.want)
		}
	}
}

func TestResourceIDs(t *testing.T) {
	ev := &Evaluator{Scope: mapScope{}}
	cases := []struct {
		src  string
		want any
	}{
		{"[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'snet')]", "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet"},
		{"[resourceId('rg2', 'Microsoft.Network/virtualNetworks', 'vnet')]", "/subscriptions/{subscriptionId}/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/vnet"},
		{"[resourceId('sub', 'rg', 'Microsoft.Network/virtualNetworks', 'vnet')]", "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet"},
		{"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]", "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/abc"},
		{"[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]", "/providers/Microsoft.Management/managementGroups/mg"},
		{"[extensionResourceId('/x/y', 'Microsoft.Authorization/locks', 'l')]", "/x/y/providers/Microsoft.Authorization/locks/l"},
		{"[resourceId('Microsoft.Network/virtualNetworks/subnets', 'only-one-name')]", Unknown},
		{"[resourceId('Microsoft.Network/virtualNetworks', reference('x'))]", Unknown},
		{"[equals(uniqueString('a', 'b'), uniqueString('a', 'b'))]", true},
		{"[equals(uniqueString('a', 'b'), uniqueString('a', 'c'))]", false},
		{"[length(uniqueString('a'))]", int64(13)},
		{"[uniqueString(resourceGroup().id)]", Unknown},
		{"[length(guid('a'))]", int64(36)},
	}
	for _, c := range cases {
		got, err := ev.EvalString(c.src)
		if err != nil || !sameValue(got, c.want) {
			t.Errorf("%s = %#v (%v), want %#v", c.src, got, err, c.want)
		}
	}
}

// TestStepBudget: a pathological nest of lambdas stops with Unknown instead
// of running for minutes.
func TestStepBudget(t *testing.T) {
	ev := &Evaluator{Scope: mapScope{}}
	start := time.Now()
	got, err := ev.EvalString("[last(map(range(0, 10000), lambda('i', length(map(range(0, 10000), lambda('j', add(1, 2)))))))]")
	if err != nil || !IsUnknown(got) {
		t.Errorf("got %v, %v; want Unknown once the budget is spent", got, err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %s", d) // a hang, not a timing assertion
	}
}

// tryGet() of a member that is there but unknown is unknown, not null: a
// coalesce() with a default after it must not pick the default (the AVM
// modules' profile.?vmSize ?? 'Standard_D2s_v3' with a vmSize the caller
// reads from a parameter without a value).
func TestTryGetUnknownMember(t *testing.T) {
	ev := &Evaluator{Scope: mapScope{params: map[string]any{
		"p": map[string]any{"vmSize": Unknown, "Count": int64(2)},
		"a": []any{Unknown},
	}}}
	for src, want := range map[string]any{
		"[tryGet(parameters('p'), 'vmSize')]":                        Unknown,
		"[coalesce(tryGet(parameters('p'), 'vmSize'), 'D2')]":        Unknown,
		"[coalesce(tryGet(parameters('p'), 'zones'), 'none')]":       "none",
		"[tryGet(parameters('p'), 'count')]":                         int64(2),
		"[tryGet(parameters('a'), 0)]":                               Unknown,
		"[coalesce(tryGet(parameters('p'), 'zones', 'x'), 'none')]":  "none",
		"[coalesce(tryGet(parameters('p'), 'vmSize', 'x'), 'none')]": Unknown,
	} {
		if got, _ := ev.EvalString(src); !sameValue(got, want) {
			t.Errorf("%s = %v, want %v", src, got, want)
		}
	}
}
