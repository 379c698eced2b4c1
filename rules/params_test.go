package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

// TestParamTypesCheckedOnce: a rule whose parameter's declared type and
// default disagree, or whose default has no supported type, is refused when
// the engine is built, with the rule and parameter named.
func TestParamTypesCheckedOnce(t *testing.T) {
	for _, tc := range []struct {
		prm  Param
		want string
	}{
		{Param{Name: "n", Type: finding.ParamInt, Default: "2"}, `rule PL900 (go): parameter "n" is declared int but its default 2 is a string`},
		{Param{Name: "n", Default: 2}, `rule PL900 (go): parameter "n" has no type and its default 2 (int) is not`},
		{Param{Name: "n", Type: "duration", Default: "1s"}, `rule PL900 (go): parameter "n" has type "duration"`},
	} {
		r := &Rule{ID: "PL900", Name: "toy", Source: "go", Params: []Param{tc.prm}, Check: func(*Pass) {}}
		e := &Engine{params: map[string]map[string]any{}}
		err := e.configure([]*Rule{r}, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.prm, err, tc.want)
		}
	}
}

// TestParamConfigErrors: a configured value of the wrong type names the
// rule, the parameter and its type.
func TestParamConfigErrors(t *testing.T) {
	_, err := NewEngineWith(context.Background(), Options{Params: map[string]map[string]any{"PL006": {"min-system-nodes": "two"}}})
	if err == nil || !strings.Contains(err.Error(), `rules.params.PL006.min-system-nodes: rule PL006's parameter "min-system-nodes" is an int; two is not`) {
		t.Errorf("error %v", err)
	}
	e, err := NewEngineWith(context.Background(), Options{Params: map[string]map[string]any{"system-pool-empty": {"min-system-nodes": float64(3)}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.params["PL006"]["min-system-nodes"]; got != int64(3) {
		t.Errorf("converted to %#v", got)
	}
}

// TestPassParamNoPanic: a check reading a parameter its rule does not
// declare, or as the wrong type, gets a zero value and the engine reports
// the rule's error; the other rules still run.
func TestPassParamNoPanic(t *testing.T) {
	for _, read := range []func(*Pass){
		func(p *Pass) { p.Param("nope") },
		func(p *Pass) { p.StringParam("n") },
	} {
		r := &Rule{ID: "PL900", Name: "toy", Source: "go", Params: []Param{{Name: "n", Default: int64(1)}}, Check: read}
		e := &Engine{rules: []*Rule{r}, rego: map[string]*regoRule{}}
		_, errs := e.Check(context.Background(), &nodepool.Cluster{ID: "c", Provider: nodepool.Azure})
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), `rule PL900 reads parameter "`) || strings.Contains(errs[0].Error(), "panicked") {
			t.Errorf("errors %v", errs)
		}
	}
}
