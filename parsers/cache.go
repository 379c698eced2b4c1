package parsers

import (
	"crypto/sha256"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// parseCache holds the parsed sources of one scan (see Options.Parsed).
type parseCache struct {
	m         atomic.Pointer[memo] // nil: empty
	requests  atomic.Int64         // calls of Parsed
	parses    atomic.Int64         // parses run
	generated atomic.Int64         // parses of generated texts (ParsedGenerated)
	bytes     atomic.Int64         // source bytes of the parses kept
	files     sync.Map             // absolute path -> struct{}
}

// DefaultParseCacheBytes is Options.ParseCacheBytes's default: the corpus
// (4.5 MB of sources) is kept whole; a large monorepo keeps its first
// sources and parses the others each time they are reached.
const DefaultParseCacheBytes = 8 << 20

// Parsed returns parse(), the parse of data read at path, computed once per
// scan for each kind of parse (a name the caller picks: "hcl",
// "bicep", "json"), path and content, however many roots, module callers
// or parameter variants reach the file. The value is shared by every
// caller, concurrently: it must be immutable (HCL bodies, Bicep syntax
// trees and jsonpos nodes are read, never written, by evaluation; whatever
// a caller evaluates stays its own). The parses kept are bounded by
// Options.ParseCacheBytes of source; past it, parse runs every time, as it
// does without Options (unit tests).
func (o *Options) Parsed(kind, path string, data []byte, parse func() any) any {
	return o.parsed(kind, path, data, true, parse)
}

// Reparsed is Parsed for a source unlikely to be reached again (a
// Terraform root module's own files): it shares a parse kept by Parsed,
// and otherwise parses without keeping the result.
func (o *Options) Reparsed(kind, path string, data []byte, parse func() any) any {
	return o.parsed(kind, path, data, false, parse)
}

// ParsedGenerated is Parsed for a text poollint produced (a Bicep
// source translated to a template, a compiler's output) and named after
// the file it stands for: its parse is shared by the readers of that text
// (the evaluator, the source map) but is not a parse of the file at name,
// and counts apart (ParseStats.Generated).
func (o *Options) ParsedGenerated(kind, name string, data []byte, parse func() any) any {
	if o == nil {
		return parse()
	}
	return o.parsed("generated:"+kind, name, data, true, func() any {
		o.cache.generated.Add(1)
		return parse()
	})
}

func (o *Options) parsed(kind, path string, data []byte, keep bool, parse func() any) any {
	if o == nil {
		return parse()
	}
	generated := strings.HasPrefix(kind, "generated:")
	if !generated {
		o.cache.requests.Add(1)
	}
	sum := sha256.Sum256(data)
	key := "parsed\x00" + kind + "\x00" + path + "\x00" + string(sum[:])
	m := o.cache.m.Load()
	for m == nil {
		o.cache.m.CompareAndSwap(nil, &memo{})
		m = o.cache.m.Load()
	}
	counted := func() any {
		if generated {
			return parse()
		}
		o.cache.parses.Add(1)
		abs := path
		if a, err := filepath.Abs(path); err == nil {
			abs = a
		}
		o.cache.files.LoadOrStore(abs, struct{}{})
		return parse()
	}
	limit := o.parseCacheLimit()
	if _, kept := m.m.Load(key); !kept && (!keep || o.cache.bytes.Load()+int64(len(data)) > limit) {
		return counted() // not to keep, or past the cache's budget
	}
	return m.once(key, func() any {
		o.cache.bytes.Add(int64(len(data)))
		return counted()
	})
}

// parseCacheLimit is ParseCacheBytes or its default.
func (o *Options) parseCacheLimit() int64 {
	if o.ParseCacheBytes == 0 {
		return DefaultParseCacheBytes
	}
	return o.ParseCacheBytes
}

// ParseStats counts, for the scan so far, the sources parsers asked to
// parse (requests: what parsing without the cache would cost), the parses
// run, and the distinct files parsed; Generated counts the parses of texts
// poollint produced (ParsedGenerated), which are not files.
type ParseStats struct {
	Requests, Parses, Files, Generated int
}

// ParseStats returns the scan's parse counts.
func (o *Options) ParseStats() ParseStats {
	if o == nil {
		return ParseStats{}
	}
	files := 0
	o.cache.files.Range(func(any, any) bool { files++; return true })
	return ParseStats{Requests: int(o.cache.requests.Load()), Parses: int(o.cache.parses.Load()), Files: files, Generated: int(o.cache.generated.Load())}
}

// ForgetParsed drops the parsed sources (and the files ReadKept holds)
// once the scan has parsed every file (the counts stay), so that they do not
// live on while rules run. A parser still running (past its file budget)
// parses and reads anew.
func (o *Options) ForgetParsed() {
	if o != nil {
		o.cache.m.Store(nil)
		o.cache.bytes.Store(0)
		o.kept.Clear()
		o.keptBytes.Store(0)
	}
}
