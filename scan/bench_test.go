package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hclparse"
	yaml "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/parsers/bicep/syntax"
)

// BenchmarkCorpus scans the shared corpus (rules included; the engine is
// built once), reporting allocations and how many times each distinct file
// was parsed: parses/file is 1.0 when every file is parsed once per scan,
// requests/file what parsing without the scan's cache would cost. x-floor
// is the scan's time over the parse-only floor (parseFloor: reading and
// parsing every corpus file once, as many files at a time as the scan),
// x-floor1 over the same floor one file at a time. Skipped without
// ../shared.
func BenchmarkCorpus(b *testing.B) {
	// The collector as the CLI sets it (cmd/poollint/memory.go), for the
	// floor and the scan alike, unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(150))
	}
	dir := corpus(b)
	engine := newEngine(b)
	floor := parseFloor(b, dir, runtime.GOMAXPROCS(0))
	floor1 := parseFloor(b, dir, 1)
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
	if b.N > 0 && floor > 0 && floor1 > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor), "x-floor")
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor1), "x-floor1")
	}
}

// parseFloor is the least a scan of dir can cost: every file with an
// extension poollint reads, read and parsed once with the standard parser
// of its syntax (HCL, encoding/json, yaml.v3 documents, poollint's Bicep
// syntax), workers files at a time. It returns the best of three runs.
func parseFloor(b *testing.B, dir string, workers int) time.Duration {
	b.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".tf", ".tfvars", ".json", ".yaml", ".yml", ".bicep":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	best := time.Duration(0)
	for range 3 {
		start := time.Now()
		work := make(chan string)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range work {
					parseOnce(p)
				}
			}()
		}
		for _, p := range files {
			work <- p
		}
		close(work)
		wg.Wait()
		if d := time.Since(start); best == 0 || d < best {
			best = d
		}
	}
	return best
}

// parseOnce reads and parses one file, ignoring errors: the floor measures
// the work, not the result.
func parseOnce(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tf", ".tfvars":
		hclparse.NewParser().ParseHCL(data, path)
	case ".json":
		var v any
		_ = json.Unmarshal(data, &v)
	case ".bicep":
		_, _ = syntax.Parse(string(data))
	default:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err != nil {
				return // io.EOF or a syntax error
			}
		}
	}
}
