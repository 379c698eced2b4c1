package rules

import (
	"context"
	"fmt"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// BenchmarkCheck runs every rule (Go and Rego) on a cluster of 10 pools.
func BenchmarkCheck(b *testing.B) {
	e, err := NewEngine(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	c := &nodepool.Cluster{Provider: nodepool.Azure, ID: "c", Name: known("prod", 1), LoadBalancerSKU: known("basic", 2)}
	for i := range 10 {
		c.Pools = append(c.Pools, &nodepool.Pool{ID: fmt.Sprint(i), Name: known(fmt.Sprint("p", i), 3+i), Mode: known("System", 3+i),
			Priority: known("Spot", 3+i), Default: i == 0,
			Labels: known([]nodepool.Label{{Key: "kubernetes.azure.com/x", Pos: nodepool.Pos{File: "m", Line: 3 + i}}}, 3+i)})
	}
	nodepool.ApplyDefaults(c)
	b.ReportAllocs()
	for b.Loop() {
		fs, errs := e.Check(context.Background(), c)
		if len(errs) != 0 || len(fs) == 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkNewEngine is the engine's start-up: every Rego module parsed and
// compiled, the catalogue stored, every query prepared (the fixed cost of a
// pre-commit run on one file).
func BenchmarkNewEngine(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewEngine(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
