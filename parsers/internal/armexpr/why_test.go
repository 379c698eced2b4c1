package armexpr

import (
	"reflect"
	"testing"

	"github.com/poollint/poollint/parsers/internal/conv"
)

// why is an expected unknown value with the reason text.
func why(text string) any { return conv.Because(text) }

// sameValue compares an evaluated value with an expected one: an expected
// Unknown matches any unknown value, one made by why only an unknown value
// with that reason.
func sameValue(got, want any) bool {
	if IsUnknown(want) {
		r := conv.ReasonOf(want)
		return IsUnknown(got) && (r == nil || (conv.ReasonOf(got) != nil && conv.ReasonOf(got).Text == r.Text))
	}
	switch w := want.(type) {
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameValue(g[i], w[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k := range w {
			if !sameValue(g[k], w[k]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

// describe prints a value with the reason of an unknown one.
func describe(v any) string {
	if r := conv.ReasonOf(v); r != nil {
		return "unknown: " + r.Text
	}
	return reflect.ValueOf(&v).Elem().Elem().String()
}

// TestWhy: an unknown value says why it is unknown, and the first cause
// wins when unknowns combine.
func TestWhy(t *testing.T) {
	ev := &Evaluator{Scope: reasonScope{}}
	for src, want := range map[string]string{
		"[reference('x').properties.subnetId]":                                   "reference() is known only at deployment",
		"[listKeys('x', '2020-01-01').keys[0].value]":                            "listKeys() is known only at deployment",
		"[concat(resourceGroup().location, reference('x').a)]":                   "resourceGroup() is known only at deployment",
		"[toLower(parameters('gone'))]":                                          "parameter gone has no value",
		"[concat(parameters('gone'), reference('x'))]":                           "parameter gone has no value",
		"[concat(reference('x'), parameters('gone'))]":                           "reference() is known only at deployment",
		"[createArray(1, 2)[5]]":                                                 "the index is out of range",
		"[createObject('a', 1).b]":                                               "the object has no member b",
		"[notAFunction(1)]":                                                      "poollint does not evaluate notAFunction()",
		"[div(1, 0)]":                                                            "div() cannot be evaluated with these arguments",
		"[if(parameters('gone'), 'a', 'b')]":                                     "parameter gone has no value",
		"[union(createObject('a', parameters('gone')), createObject('b', 1)).a]": "parameter gone has no value",
		"[ns.fn(1)]": "ns.fn() cannot be evaluated with these arguments",
	} {
		got, err := ev.EvalString(src)
		if err != nil || !sameValue(got, why(want)) {
			t.Errorf("%s = %s (%v), want unknown: %s", src, describe(got), err, want)
		}
	}
}

// TestWhyBudget: a value cut short by the budget says so.
func TestWhyBudget(t *testing.T) {
	l := DefaultLimits
	l.MaxSteps = 3
	ev := &Evaluator{Scope: reasonScope{}, Budget: NewBudget(nil, l)}
	got, _ := ev.EvalString("[concat('a', concat('b', concat('c', concat('d', 'e'))))]")
	if !sameValue(got, why("evaluation cut short by poollint's limits")) {
		t.Errorf("got %s", describe(got))
	}
}

type reasonScope struct{}

func (reasonScope) Parameter(n string) any { return conv.Because("parameter " + n + " has no value") }
func (reasonScope) Variable(n string) any  { return conv.Because("variable " + n + " is not defined") }

// TestWhyLimit: a value over a limit says so; an unknown argument's reason
// still comes first.
func TestWhyLimit(t *testing.T) {
	for src, want := range map[string]string{
		"[range(0, 100001)]": "range() cannot be evaluated with these arguments",
		"[length(concat(range(0, 5000), range(0, 5000), range(0, 5000)))]": "a value above poollint's evaluation limits",
	} {
		l := DefaultLimits
		l.MaxItems = 6000
		ev := &Evaluator{Scope: reasonScope{}, Budget: NewBudget(nil, l)}
		got, _ := ev.EvalString(src)
		if !sameValue(got, why(want)) {
			t.Errorf("%s = %s, want unknown: %s", src, describe(got), want)
		}
	}
}
