package armexpr

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// small limits, so that every guard is reached with tiny inputs.
var small = Limits{
	MaxString:    100,
	MaxItems:     50,
	MaxDepth:     10,
	MaxSteps:     10_000,
	MaxWork:      1 << 20,
	MaxCallDepth: 8,
	MaxNesting:   50,
}

func arr(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

func obj(n int) map[string]any {
	out := map[string]any{}
	for i := range n {
		out[fmt.Sprintf("k%d", i)] = int64(i)
	}
	return out
}

// nest is a value nested n levels deep.
func nest(n int) any {
	var v any = "x"
	for range n {
		v = []any{v}
	}
	return v
}

// evalSmall evaluates src with the small limits and returns the value and
// the limit errors recorded.
func evalSmall(t *testing.T, src string, ctx context.Context) (any, []*LimitError) {
	t.Helper()
	ev := &Evaluator{
		Scope: mapScope{vars: map[string]any{
			"s60":   strings.Repeat("a", 60),
			"a30":   arr(30),
			"o20":   obj(20),
			"o60":   obj(60),
			"deep":  nest(12),
			"upper": strings.Repeat("ȿ", 40),
		}},
		Budget: NewBudget(ctx, small),
	}
	v, err := ev.EvalString(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v, ev.Budget.Take()
}

// TestGrowthGuards: every function that can grow a value refuses, before
// building it, a result past the limits: the value is Unknown and the
// error says why.
func TestGrowthGuards(t *testing.T) {
	args60 := strings.TrimSuffix(strings.Repeat("1, ", 60), ", ")
	pairs60 := ""
	for i := range 60 {
		pairs60 += fmt.Sprintf(", 'k%d', 1", i)
	}
	nested := strings.Repeat("add(1, ", 60) + "1" + strings.Repeat(")", 60)
	lambdas := "1"
	for range 9 {
		lambdas = "string(map(createArray(1), lambda('x', " + lambdas + ")))"
	}
	cases := []struct{ src, err string }{
		{"[concat(variables('s60'), variables('s60'))]", "concat() would build a string of 120 bytes, above the limit of 100"},
		{"[concat(variables('a30'), variables('a30'))]", "concat() would build an array or object of 60 elements, above the limit of 50"},
		{"[replace(variables('s60'), 'a', 'aa')]", "replace() would build a string of 120 bytes"},
		{"[format('{0}{0}', variables('s60'))]", "format() would build a string of 120 bytes, above the limit of 100"},
		{"[string(createArray(variables('s60'), variables('s60')))]", "string() would build a string of more than 100 bytes"},
		{"[concat('x', createObject('a', variables('s60'), 'b', variables('s60')))]", "concat() would build a string of more than 100 bytes"},
		{"[json('[" + args60 + "]')]", "a value of more than 50 elements"},
		{"[split(replace(variables('s60'), 'a', ','), ',')]", "split() would build an array or object of 61 elements"},
		{"[range(0, 60)]", "range() would build an array or object of 60 elements"},
		{"[union(variables('a30'), variables('a30'))]", "union() would build an array or object of 60 elements"},
		{"[union(variables('o60'), variables('o20'))]", "union() would build an array or object of 80 elements"},
		{"[createArray(" + args60 + ")]", "createArray() would build an array or object of 60 elements"},
		{"[createObject('a', 1" + pairs60 + ")]", "createObject() would build an array or object of 61 elements"},
		{"[items(variables('o20'))]", "items() would build an array or object of 60 elements"},
		{"[objectKeys(variables('o60'))]", "objectKeys() would build an array or object of 60 elements"},
		{"[shallowMerge(createArray(variables('o60'), variables('o20')))]", "shallowMerge() would build an array or object of 80 elements"},
		{"[toUpper(variables('upper'))]", "toUpper() would build a string of 120 bytes"},
		{"[resourceId('Microsoft.Network/virtualNetworks', variables('s60'))]", "resourceId() would build a string of"},
		// Values built by sharing: 40 references to a 30-element array.
		{"[length(string(map(range(0, 40), lambda('i', variables('a30')))))]", "a value of more than 50 elements"},
		{"[equals(variables('deep'), variables('deep'))]", "a value nested deeper than 10 levels"},
		{"[" + lambdas + "]", "user-defined functions and lambdas nested deeper than 8 calls"},
		{"[" + nested + "]", "function calls nested deeper than 50 levels"},
		{"[length(map(range(0, 50), lambda('i', map(range(0, 50), lambda('j', map(range(0, 50), lambda('k', add(1, 2))))))))]", "evaluation cut short: the file's expressions make more than 10000 function calls"},
		{"[string(map(range(0, 50), lambda('i', replace(variables('s60'), 'a', variables('s60')))))]", "replace() would build a string of 3600 bytes"},
	}
	for _, c := range cases {
		v, errs := evalSmall(t, c.src, nil)
		if !IsUnknown(v) {
			t.Errorf("%.80s = %v, want Unknown", c.src, v)
		}
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e.Msg, c.err)
		}
		if !found {
			t.Errorf("%.80s: errors %v, want %q", c.src, errs, c.err)
		}
	}
}

// TestWithinLimits: values at the limits, and take/skip with huge counts,
// are evaluated as before.
func TestWithinLimits(t *testing.T) {
	cases := []struct {
		src  string
		want any
	}{
		{"[length(concat(variables('s60'), substring(variables('s60'), 0, 40)))]", int64(100)},
		{"[length(concat(variables('a30'), take(variables('a30'), 20)))]", int64(50)},
		{"[length(take(variables('a30'), 9223372036854775807))]", int64(30)},
		{"[length(skip(variables('a30'), -9223372036854775807))]", int64(30)},
		{"[take('abc', 9223372036854775807)]", "abc"},
		{"[skip('abc', 9223372036854775807)]", ""},
		{"[length(range(0, 50))]", int64(50)},
		{"[format('{{x}} {0}}} {1}{0}', 'a', 2)]", "{x} a} 2a"},
		{"[format('{0:N2}', 1)]", Unknown},
		{"[format('{', 1)]", Unknown},
		{"[length(variables('upper'))]", int64(40)},
		{"[equals(createArray(variables('a30')), createArray(variables('a30')))]", true},
	}
	for _, c := range cases {
		v, errs := evalSmall(t, c.src, nil)
		if !sameValue(v, c.want) || len(errs) != 0 {
			t.Errorf("%s = %#v (errors %v), want %#v", c.src, v, errs, c.want)
		}
	}
}

// TestWorkBudget: many strings each within the limit, whose total passes
// the work budget, spend it; everything after is Unknown.
func TestWorkBudget(t *testing.T) {
	l := small
	l.MaxString = 1 << 20
	ev := &Evaluator{Scope: mapScope{vars: map[string]any{"k": strings.Repeat("a", 1000)}}, Budget: NewBudget(nil, l)}
	v, _ := ev.EvalString("[length(map(range(0, 50), lambda('i', replace(variables('k'), 'a', variables('k')))))]")
	if !IsUnknown(v) {
		t.Errorf("got %v, want Unknown", v)
	}
	errs := ev.Budget.Take()
	if len(errs) != 1 || !errs[0].Cut || !strings.Contains(errs[0].Msg, "more than 1 MiB of values") {
		t.Errorf("errors %v", errs)
	}
	if v, _ := ev.EvalString("[concat('a', 'b')]"); !IsUnknown(v) || !ev.Budget.Spent() {
		t.Errorf("after the budget is spent: %v", v)
	}
	if errs := ev.Budget.Take(); len(errs) != 0 {
		t.Errorf("the cut is reported once: %v", errs)
	}
}

// TestContextStopsEvaluation: a done context cuts the evaluation short.
func TestContextStopsEvaluation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	v, errs := evalSmall(t, "[concat('a', 'b')]", ctx)
	if !IsUnknown(v) || len(errs) != 1 || errs[0].Msg != "evaluation cut short: the scan was cancelled; what is left is unknown" {
		t.Errorf("got %v, %v", v, errs)
	}
}

// TestEncodeJSON: the bounded encoder writes what json.Marshal writes.
func TestEncodeJSON(t *testing.T) {
	ev := &Evaluator{Scope: mapScope{}}
	for _, v := range []any{
		[]any{int64(1), 2.5, "a<b>&c", true, nil, "é\u2028"},
		map[string]any{"z": []any{}, "a": map[string]any{"y": int64(-3), "b": 1e21}, "<": "\x01"},
		[]any{}, map[string]any{},
		[]any{`q"uote`, `back\slash`, "tab\t", "\xff\xfe", "\u2029", "plain ascii ~!", int64(-9), false, 0.1, -2.5e-8},
		map[string]any{`k"ey`: nil, "é": []any{map[string]any{}}},
	} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := ev.encodeJSON(v)
		if !ok || got != string(want) {
			t.Errorf("encodeJSON = %s, %v; want %s", got, ok, want)
		}
	}
}

// TestKey: cache keys tell values apart, types included.
func TestKey(t *testing.T) {
	vals := [][]any{
		{int64(1)}, {1.0}, {"1"}, {true}, {nil}, {Unknown},
		{[]any{"a", "b"}}, {[]any{"ab"}}, {"a", "b"}, {"ab"},
		{map[string]any{"a": int64(1)}}, {[]any{"a", int64(1)}},
	}
	seen := map[string]int{}
	for i, v := range vals {
		k, ok := Key(v, 100)
		if !ok {
			t.Fatalf("Key(%v) failed", v)
		}
		if j, dup := seen[k]; dup {
			t.Errorf("Key(%v) = Key(%v) = %q", v, vals[j], k)
		}
		seen[k] = i
	}
	if _, ok := Key([]any{strings.Repeat("a", 200)}, 100); ok {
		t.Error("a key past the limit")
	}
	if _, ok := Key([]any{&closure{}}, 100); ok {
		t.Error("a lambda has no key")
	}
}
