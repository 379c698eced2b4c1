package yaml

import (
	"os"
	"testing"
)

// BenchmarkKarpenter parses the Karpenter fixture (three documents).
func BenchmarkKarpenter(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/yaml/karpenter.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if res := parse("karpenter.yaml", data); len(res.Clusters) == 0 {
			b.Fatal("no cluster")
		}
	}
}
