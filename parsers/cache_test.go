package parsers

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestParsedOnce: a source reached several times (concurrently too) is
// parsed once and the value shared; a change of content or path is
// another parse; without Options every call parses.
func TestParsedOnce(t *testing.T) {
	o := &Options{}
	n := 0
	parse := func() any { n++; return &n }
	var wg sync.WaitGroup
	var mu sync.Mutex
	vals := map[any]bool{}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := o.Parsed("k", "a.tf", []byte("x"), func() any { mu.Lock(); defer mu.Unlock(); return parse() })
			mu.Lock()
			vals[v] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	if n != 1 || len(vals) != 1 {
		t.Fatalf("%d parses, %d values", n, len(vals))
	}
	o.Parsed("k", "a.tf", []byte("y"), parse)
	o.Parsed("k", "b.tf", []byte("x"), parse)
	o.Parsed("other", "a.tf", []byte("x"), parse)
	if st := o.ParseStats(); n != 4 || st != (ParseStats{Requests: 11, Parses: 4, Files: 2}) {
		t.Errorf("%d parses, stats %+v", n, st)
	}
	var nilOpts *Options
	nilOpts.Parsed("k", "a.tf", []byte("x"), parse)
	nilOpts.Parsed("k", "a.tf", []byte("x"), parse)
	if n != 6 {
		t.Errorf("without options: %d parses, want 6", n)
	}
}

// TestParsedBudget: past ParseCacheBytes of source, parses are not kept
// (and still counted); what was kept before stays shared.
func TestParsedBudget(t *testing.T) {
	o := &Options{ParseCacheBytes: 4}
	n := 0
	parse := func() any { n++; return n }
	first := o.Parsed("k", "a", []byte("abc"), parse)
	o.Parsed("k", "b", []byte("defg"), parse) // past the budget
	o.Parsed("k", "b", []byte("defg"), parse)
	if again := o.Parsed("k", "a", []byte("abc"), parse); again != first {
		t.Errorf("a kept source must stay shared: %v, %v", first, again)
	}
	if st := o.ParseStats(); n != 3 || st.Parses != 3 || st.Files != 2 {
		t.Errorf("%d parses, stats %+v", n, st)
	}
	o.ForgetParsed()
	o.Parsed("k", "a", []byte("abc"), parse)
	if n != 4 {
		t.Errorf("after ForgetParsed a source is parsed again: %d parses", n)
	}
}

// TestParsedGenerated: a text poollint produced under a file's name (a
// Bicep translation named main.json) is shared by its readers and counted
// apart: it is neither a parse of the file main.json nor confused with it.
func TestParsedGenerated(t *testing.T) {
	o := &Options{}
	n := 0
	parse := func() any { n++; return n }
	file := o.Parsed("json", "main.json", []byte("{}"), parse)
	gen := o.ParsedGenerated("json", "main.json", []byte("{}"), parse)
	if gen == file {
		t.Errorf("a generated text shares the parse of the file of the same name and content")
	}
	if again := o.ParsedGenerated("json", "main.json", []byte("{}"), parse); again != gen {
		t.Errorf("a generated text is parsed again: %v, %v", gen, again)
	}
	if st := o.ParseStats(); n != 2 || st != (ParseStats{Requests: 1, Parses: 1, Files: 1, Generated: 1}) {
		t.Errorf("%d parses, stats %+v", n, st)
	}
}

// TestReadKept: within a scan (SnapshotPaths), a file read with ReadKept is
// read once and its bytes shared, however its path is written; its
// poollint:ignore comments are recorded for each spelling; a path outside
// the roots is refused as Read refuses it; ForgetParsed drops the bytes,
// and the next read sees the file as it is then.
func TestReadKept(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	main := filepath.Join(root, "m", "main.tf")
	if err := os.MkdirAll(filepath.Dir(main), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(main, []byte("# poollint:ignore PL001 reason\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "x.tf"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := &Options{Roots: []string{root}, SnapshotPaths: true}
	a, err := o.ReadKept(main)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(root, "m", "..", "m", "main.tf")
	b, err := o.ReadKept(other)
	if err != nil || &a[0] != &b[0] {
		t.Errorf("second read: err %v, shared %v", err, err == nil && &a[0] == &b[0])
	}
	for _, p := range []string{main, other} {
		if _, ok := o.ignores.Load(p); !ok {
			t.Errorf("ignore comments of %s not recorded", p)
		}
	}
	if _, err := o.ReadKept(filepath.Join(outside, "x.tf")); !errors.Is(err, ErrOutsideRoot) {
		t.Errorf("outside the roots: %v", err)
	}
	if err := os.WriteFile(main, []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, _ := o.ReadKept(main); string(c) != string(a) {
		t.Errorf("read again within the scan: %q", c)
	}
	o.ForgetParsed()
	if c, _ := o.ReadKept(main); string(c) != "changed" {
		t.Errorf("read after ForgetParsed: %q", c)
	}
	// Past ParseCacheBytes the bytes are read, not kept.
	small := &Options{Roots: []string{root}, SnapshotPaths: true, ParseCacheBytes: 4}
	e, _ := small.ReadKept(main)
	f, _ := small.ReadKept(main)
	if len(e) == 0 || &e[0] == &f[0] {
		t.Error("bytes kept past ParseCacheBytes")
	}
	// Without a snapshot it is Read.
	plain := &Options{Roots: []string{root}}
	c, _ := plain.ReadKept(main)
	d, _ := plain.ReadKept(main)
	if &c[0] == &d[0] {
		t.Error("bytes shared without SnapshotPaths")
	}
}
