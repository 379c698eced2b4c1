package scan

import (
	"context"
	"testing"
)

// BenchmarkCorpus scans the shared corpus (rules included; the engine is
// built once), reporting allocations and how many times each distinct file
// was parsed: parses/file is 1.0 when every file is parsed once per scan,
// requests/file what parsing without the scan's cache would cost. Skipped
// without ../shared.
func BenchmarkCorpus(b *testing.B) {
	dir := corpus(b)
	engine := newEngine(b)
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		res = Run(context.Background(), engine, Options{Paths: []string{dir}})
	}
	st := res.ParseStats()
	if st.Files > 0 {
		b.ReportMetric(float64(st.Parses)/float64(st.Files), "parses/file")
		b.ReportMetric(float64(st.Requests)/float64(st.Files), "requests/file")
	}
	b.ReportMetric(float64(res.Files), "files")
}
