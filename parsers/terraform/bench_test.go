package terraform

import (
	"testing"

	"github.com/poollint/poollint/parsers"
)

// BenchmarkModule loads and evaluates the aks-v3 fixture module (two files,
// variables, tfvars, locals, for_each).
func BenchmarkModule(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		res := Parser{}.Parse(&parsers.Input{Path: "../../fixtures/terraform/aks-v3/main.tf", Options: &parsers.Options{}})
		if len(res.Clusters) != 1 {
			b.Fatal("no cluster")
		}
	}
}
