package nodepool

import (
	"reflect"
	"testing"
)

// TestOneOf: a single value as a one-item list keeps where it came from;
// an unknown one stays unknown with its reason, and an unset one unset.
func TestOneOf(t *testing.T) {
	at := Pos{File: "main.tf", Line: 3, Col: 5}
	if l := OneOf(Field[string]{Value: "m5.large", Known: true, Set: true, Pos: at, Origin: OriginVariable, From: "var.size"}); !reflect.DeepEqual(l, Field[[]string]{Value: []string{"m5.large"}, Known: true, Set: true, Pos: at, Origin: OriginVariable, From: "var.size"}) {
		t.Errorf("known: %+v", l)
	}
	if l := OneOf(UnknownBecause[string](at, "a data source")); l.Known || !l.Set || l.Value != nil || l.Why != "a data source" || l.Pos != at {
		t.Errorf("unknown: %+v", l)
	}
	if l := OneOf(Field[string]{}); l.Set || l.Known || l.Value != nil {
		t.Errorf("unset: %+v", l)
	}
}
