package rules

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
)

func TestPL003(t *testing.T) {
	spot := known("Spot", 7)
	fromParam := nodepool.Field[string]{Value: "spot", Known: true, Set: true, Pos: nodepool.Pos{File: "m.json", Line: 8}, Origin: nodepool.OriginParamFile, From: "prio in p.json"}
	cases := []struct {
		name string
		pool nodepool.Pool
		want string
	}{
		{"spot first pool", nodepool.Pool{ID: "p", Name: known("sys", 2), Default: true, Priority: spot},
			`7:pool "sys" is the first pool of cluster "prod" and has priority "Spot"; the default pool must have Regular priority`},
		{"any case, from a parameter file", nodepool.Pool{ID: "p", Name: known("sys", 2), Default: true, Priority: fromParam},
			`8:pool "sys" is the first pool of cluster "prod" and has priority "spot" (from parameter prio in p.json); the default pool must have Regular priority`},
		{"spot second pool", nodepool.Pool{ID: "p", Name: known("b", 2), Priority: spot}, ""},
		{"regular first pool", nodepool.Pool{ID: "p", Name: known("b", 2), Default: true, Priority: known("Regular", 7)}, ""},
		{"unknown priority", nodepool.Pool{ID: "p", Name: known("b", 2), Default: true, Priority: nodepool.Unknown[string](nodepool.Pos{File: "m.json", Line: 7})}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pool := tc.pool
			c := &nodepool.Cluster{ID: "c", Name: known("prod", 1), Pools: []*nodepool.Pool{&pool}}
			got := runRule(t, PL003, c)
			if tc.want == "" && len(got) != 0 || tc.want != "" && (len(got) != 1 || got[0] != tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
