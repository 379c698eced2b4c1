package arm

import (
	"os"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// BenchmarkLargestCorpusTemplate parses and evaluates the largest ARM
// template of the shared corpus (AKS-Construction's peered-vnet sample,
// ~1.9 MB with 94 nested deployments).
func BenchmarkLargestCorpusTemplate(b *testing.B) {
	const path = "../../../shared/corpus/Azure__AKS-Construction/samples/peered-vnet/main.json"
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("shared corpus not available: %v", err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res := Parser{}.Parse(&parsers.Input{Path: path, Data: data})
		if len(res.Clusters) == 0 {
			b.Fatal("no clusters")
		}
	}
}

// BenchmarkFixture parses a small hand-written template.
func BenchmarkFixture(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/arm/headline.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		Parser{}.Parse(&parsers.Input{Path: "headline.json", Data: data})
	}
}
