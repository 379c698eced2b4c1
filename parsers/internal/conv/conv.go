// Package conv turns resolved values into model fields. Parsers resolve a
// setting to a Value (a plain Go value or Unknown, with where it is written
// and where it came from) and read it with Str, Int, Labels and friends, so
// every format converts the same way: null is unset, a value of the wrong
// type is set but unknown, unknown stays unknown.
package conv

import (
	"sort"
	"strconv"

	"github.com/poollint/poollint/nodepool"
)

// UnknownValue is the type of Unknown: the one mark, shared by every
// evaluator (ARM expressions, YAML placeholders, Terraform conversion), of
// a value that cannot be resolved offline. It may carry the Reason: made
// by Because where the value becomes unknown, it travels with the value
// (the first cause wins when unknowns combine) up to the model's field.
type UnknownValue struct{ r *Reason }

// Reason is why a value is unknown: a short text, and where the cause is
// written when that is known.
type Reason struct {
	Text string
	Pos  nodepool.Pos
}

func (UnknownValue) String() string { return "<unknown>" }

// MarshalJSON lets models that still hold an Unknown print it.
func (UnknownValue) MarshalJSON() ([]byte, error) { return []byte(`"<unknown>"`), nil }

// Reason is why the value is unknown; nil when nobody said.
func (u UnknownValue) Reason() *Reason { return u.r }

// Unknown is the value of anything that cannot be resolved offline, for
// no reason given.
var Unknown any = UnknownValue{}

// IsUnknown reports whether v is Unknown.
func IsUnknown(v any) bool { _, ok := v.(UnknownValue); return ok }

// Because is an unknown value for the reason text; its position is set
// later by At, where the evaluation knows which expression it is in.
func Because(text string) any { return UnknownValue{&Reason{Text: text}} }

// BecauseAt is an unknown value for the reason text, written at pos.
func BecauseAt(pos nodepool.Pos, text string) any {
	return UnknownValue{&Reason{Text: text, Pos: pos}}
}

// Value is an unknown value for the reason r.
func (r *Reason) Value() any { return UnknownValue{r} }

// ReasonOf is the reason of an unknown value; nil for a value that is not
// unknown or has no reason.
func ReasonOf(v any) *Reason {
	if u, ok := v.(UnknownValue); ok {
		return u.r
	}
	return nil
}

// At gives the reason of an unknown value the position pos when it has
// none yet (the innermost expression evaluated wins); other values are
// returned as they are.
func At(v any, pos nodepool.Pos) any {
	if u, ok := v.(UnknownValue); ok && u.r != nil && !u.r.Pos.IsValid() && pos.IsValid() {
		return UnknownValue{&Reason{Text: u.r.Text, Pos: pos}}
	}
	return v
}

// maxSearch bounds the values FirstReason looks at.
const maxSearch = 256

// FirstReason is the first reason found in v, depth first (an object's
// members in key order), looking at no more than a few hundred values;
// nil when none is found.
func FirstReason(v any) *Reason {
	n := maxSearch
	return firstReason(v, &n)
}

func firstReason(v any, n *int) *Reason {
	if *n--; *n < 0 {
		return nil
	}
	switch v := v.(type) {
	case UnknownValue:
		return v.r
	case []any:
		for _, e := range v {
			if r := firstReason(e, n); r != nil || *n < 0 {
				return r
			}
		}
	case map[string]any:
		if len(v) > *n {
			return nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if r := firstReason(v[k], n); r != nil || *n < 0 {
				return r
			}
		}
	}
	return nil
}

// Why is the Why of a field holding v, and where its cause is written:
// the reason of an unknown value, else what it is not (want, "a string")
// when it is known but of a type the field cannot hold.
func Why(v any, want string) (string, nodepool.Pos) {
	if u, ok := v.(UnknownValue); ok {
		if u.r == nil {
			return "", nodepool.Pos{}
		}
		return u.r.Text, u.r.Pos
	}
	if want == "" {
		return "", nodepool.Pos{}
	}
	return "the value is not " + want, nodepool.Pos{}
}

// Value is one setting's resolved value. V is a string, int64, float64,
// bool, nil, []any, map[string]any or Unknown.
type Value struct {
	V      any
	Pos    nodepool.Pos
	Origin nodepool.Origin
	From   string
	// KeyPos holds where each key of an object written in place is, so a
	// finding about one label points at its line.
	KeyPos map[string]nodepool.Pos
	// Keys is an object's key order in the source, when known; Labels keeps
	// it (map order is lost otherwise, and keys are then sorted).
	Keys []string
}

// Field conversions from a value.

func field[T any](v *Value, want string, conv func(any) (T, bool)) nodepool.Field[T] {
	if v == nil || (v.V == nil && !IsUnknown(v.V)) {
		return nodepool.Field[T]{} // null is unset in Terraform
	}
	f := nodepool.Field[T]{Set: true, Pos: v.Pos, Origin: v.Origin, From: v.From}
	if val, ok := conv(v.V); ok {
		f.Value, f.Known = val, true
	} else {
		f.SetWhy(Why(v.V, want))
	}
	return f
}

func Str(v *Value) nodepool.Field[string] {
	return field(v, "a string", func(x any) (string, bool) {
		switch x := x.(type) {
		case string:
			return x, true
		case int64:
			return strconv.FormatInt(x, 10), true
		}
		return "", false
	})
}

func Int(v *Value) nodepool.Field[int64] {
	return field(v, "a whole number", func(x any) (int64, bool) {
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

func Float(v *Value) nodepool.Field[float64] {
	return field(v, "a number", func(x any) (float64, bool) {
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

func Bool(v *Value) nodepool.Field[bool] {
	return field(v, "true or false", func(x any) (bool, bool) {
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
func Labels(v *Value) nodepool.Field[[]nodepool.Label] {
	f := field(v, "an object", func(any) ([]nodepool.Label, bool) { return nil, false })
	m, ok := MapOf(v)
	if !ok {
		return f
	}
	f.Known, f.Value = true, []nodepool.Label{}
	f.SetWhy("", nodepool.Pos{})
	keys := v.Keys
	if len(keys) != len(m) {
		keys = make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
	}
	for _, k := range keys {
		l := nodepool.Label{Key: k, Pos: v.Pos}
		if p, ok := v.KeyPos[k]; ok {
			l.Pos = p
		}
		if s, ok := m[k].(string); ok {
			l.Value, l.ValueKnown = s, true
		}
		f.Value = append(f.Value, l)
	}
	return f
}

func MapOf(v *Value) (map[string]any, bool) {
	if v == nil {
		return nil, false
	}
	m, ok := v.V.(map[string]any)
	return m, ok
}

// stringsField reads a list of strings; unknown elements make it incomplete.
func Strings(v *Value) nodepool.Field[[]string] {
	f := field(v, "a list", func(any) ([]string, bool) { return nil, false })
	if v == nil {
		return f
	}
	list, ok := v.V.([]any)
	if !ok {
		return f
	}
	f.Known, f.Value = true, []string{}
	f.SetWhy("", nodepool.Pos{})
	for _, e := range list {
		switch e := e.(type) {
		case string:
			f.Value = append(f.Value, e)
		case int64:
			f.Value = append(f.Value, strconv.FormatInt(e, 10))
		default:
			if f.Known {
				if f.SetWhy(Why(e, "")); !IsUnknown(e) {
					f.SetWhy("an element is not a string", nodepool.Pos{})
				}
			}
			f.Known = false
		}
	}
	return f
}

// taintStringsField reads AKS-style "key=value:Effect" taint strings.
func TaintStrings(v *Value) nodepool.Field[[]nodepool.Taint] {
	list := Strings(v)
	f := nodepool.Field[[]nodepool.Taint]{Known: list.Known, Set: list.Set, Pos: list.Pos, Origin: list.Origin, From: list.From, Why: list.Why, WhyPos: list.WhyPos}
	if list.Value != nil {
		f.Value = []nodepool.Taint{}
	}
	for _, s := range list.Value {
		if s != "" { // an empty taint string is ignored by AKS
			f.Value = append(f.Value, nodepool.ParseTaint(s, v.Pos))
		}
	}
	return f
}

// MaxUnavailable reads an EKS-style update setting given as a node count or
// a percentage (maxUnavailable / maxUnavailablePercentage): "2" or "50%".
// When both are given (EKS rejects that), the count is returned and both is
// a known true field at the percentage.
func MaxUnavailable(count, percent *Value) (f nodepool.Field[string], both nodepool.Field[bool]) {
	countSet := count != nil && (count.V != nil || IsUnknown(count.V))
	if percent != nil && (percent.V != nil || IsUnknown(percent.V)) {
		// Both present for sure: neither may be an expression that can
		// drop out (CloudFormation's !If … AWS::NoValue).
		if countSet && !IsUnknown(count.V) && !IsUnknown(percent.V) {
			return Str(count), nodepool.Known(true, percent.Pos, percent.Origin)
		}
		if countSet {
			return Str(count), both // one of the two, unknown which
		}
		f := Str(percent)
		if f.Known {
			f.Value += "%"
		}
		return f, both
	}
	return Str(count), both
}
