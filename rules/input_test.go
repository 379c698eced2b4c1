package rules

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poollint/poollint/nodepool"
)

// TestModelInputMatchesJSON: Rego sees exactly the JSON `poollint model`
// prints.
func TestModelInputMatchesJSON(t *testing.T) {
	c := &nodepool.Cluster{Provider: nodepool.Azure, ID: "c", Name: known("prod", 1), CallSites: []nodepool.Pos{{File: "a.tf", Line: 3}},
		Pools: []*nodepool.Pool{{ID: "p", Name: known("a", 2), SpotMaxPrice: known(0.5, 4), Count: known(int64(3), 5),
			Labels:    known([]nodepool.Label{{Key: "k", Value: "v", ValueKnown: true}}, 6),
			Karpenter: &nodepool.Karpenter{Requirements: []nodepool.Requirement{{Key: "karpenter.sh/capacity-type", Operator: "In", Values: []string{"spot"}}}}}}}
	nodepool.ApplyDefaults(c)
	got, err := modelInput(c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ast.ValueFromReader(bytesReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got.Compare(want) != 0 {
		t.Errorf("input differs from the model JSON:\n got %v\nwant %v", got, want)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
