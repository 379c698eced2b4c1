package rules

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/metrics"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/poollint/poollint/catalog"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/policies"
)

// regoRule is a Rule backed by a prepared Rego query.
type regoRule struct {
	rule    *Rule
	query   rego.PreparedEvalQuery
	timeout time.Duration
	path    string // the package path, data.x.y
	user    bool   // from --policy or the configuration, not embedded
	// spent is set (to the cluster and reason) once the rule ran out of
	// its time or memory budget: it does not run again in this engine.
	spent atomic.Pointer[string]
}

// forbidden are builtins a policy may not call: they reach the network,
// the file system or the process (a policy runs on every pull request,
// unattended, and may come with the pull request: a configuration's
// policies directory). json.match_schema and json.verify_schema resolve a
// schema's $ref, which may be a file:// or http:// URL.
var forbidden = map[string]bool{
	"http.send":          true,
	"net.lookup_ip_addr": true,
	"opa.runtime":        true,
	"json.match_schema":  true,
	"json.verify_schema": true,
}

// unbounded are builtins that build a value of any size from a small
// one: numbers.range(1, 1e9) allocates gigabytes in one call, which no
// time limit interrupts. Rules cannot call them; unit tests (poollint
// policy test, run by hand) can.
var unbounded = map[string]bool{
	"numbers.range":      true,
	"numbers.range_step": true,
}

// sandbox is OPA's capabilities without the forbidden builtins (and, for
// rules, without the unbounded ones), and with no network host allowed: a
// policy calling one fails to compile, naming the file and line.
func sandbox(forTests bool) *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if !forbidden[b.Name] && (forTests || !unbounded[b.Name]) {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

// loadRego parses every non-test .rego file of fsys, compiles them together
// once, and prepares one query per rule package (a package with a METADATA
// annotation whose custom section has an id).
// regoSet is the compiled policies: each rule's own query (used to attribute
// an error) and what is needed to prepare one query for all of them.
type regoSet struct {
	rules    []*regoRule
	compiler *ast.Compiler
	store    storage.Store
	timeout  time.Duration
}

// loadRego compiles the built-in sources and the user's together (user
// policies import data.poollint.lib) but keeps them apart: a user file never
// replaces a built-in one whatever its name, and a user module may not
// declare a package under data.poollint, where it would add to or change
// the built-in rules and helpers.
func loadRego(ctx context.Context, builtinSrc, userSrc map[string]string, timeout time.Duration) (*regoSet, error) {
	modules := map[string]*ast.Module{}
	user := map[string]bool{}
	sources := map[string]string{}
	for name, src := range builtinSrc {
		sources[name] = src
	}
	for _, name := range sortedNames(userSrc) {
		key := name
		for sources[key] != "" || builtinSrc[key] != "" {
			key = "./" + key // --policy policies: a user file named like a built-in one
		}
		sources[key] = userSrc[name]
		user[key] = true
	}
	names := sortedNames(sources)
	for _, name := range names {
		m, err := ast.ParseModuleWithOpts(name, sources[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		if user[name] && reserved(m.Package.Path) {
			return nil, fmt.Errorf("%s:%d: package %s is reserved for poollint's built-in rules; give your policy a package of its own",
				name, m.Package.Location.Row, strings.TrimPrefix(m.Package.Path.String(), "data."))
		}
		modules[name] = m
	}
	compiler := ast.NewCompiler().WithEnablePrintStatements(false).WithCapabilities(sandbox(false))
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, compiler.Errors
	}
	// catalog.Data builds fresh values of JSON types for this store alone:
	// no round-trip copy on write.
	store := inmem.NewFromObjectWithOpts(map[string]any{"poollint": map[string]any{"catalog": catalog.Data()}},
		inmem.OptRoundTripOnWrite(false))
	var out []*regoRule
	for _, name := range names {
		m := modules[name]
		meta, err := ruleMetadata(name, m)
		if err != nil {
			return nil, err
		}
		if meta == nil {
			continue // a library module
		}
		q, err := rego.New(
			rego.Query(m.Package.Path.String()+".deny"),
			rego.Compiler(compiler),
			rego.Store(store),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, &regoRule{rule: meta, query: q, timeout: timeout, path: m.Package.Path.String(), user: user[name]})
	}
	return &regoSet{rules: out, compiler: compiler, store: store, timeout: timeout}, nil
}

// reserved reports whether a package path is data.poollint or below it.
func reserved(p ast.Ref) bool {
	return len(p) >= 2 && p[1].Value.Compare(ast.String("poollint")) == 0
}

func sortedNames(m map[string]string) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// combined prepares one query that evaluates the deny sets of all the given
// rules at once, bound to r0, r1, …: one evaluation per cluster instead of
// one per rule.
func (s *regoSet) combined(ctx context.Context, paths []string) (rego.PreparedEvalQuery, error) {
	var q strings.Builder
	for i, p := range paths {
		if i > 0 {
			q.WriteString("; ")
		}
		fmt.Fprintf(&q, "r%d = %s.deny", i, p)
	}
	return rego.New(rego.Query(q.String()), rego.Compiler(s.compiler), rego.Store(s.store), rego.StrictBuiltinErrors(true)).PrepareForEval(ctx)
}

// ruleMetadata reads a rule's ID, name, severity and docs from its package
// METADATA annotation. It returns nil for modules that are not rules.
func ruleMetadata(file string, m *ast.Module) (*Rule, error) {
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	if ann == nil || ann.Custom["id"] == nil {
		return nil, nil
	}
	get := func(key string) (string, error) {
		v, ok := ann.Custom[key].(string)
		if !ok || v == "" {
			return "", fmt.Errorf("%s: METADATA custom.%s must be a non-empty string", file, key)
		}
		return v, nil
	}
	id, err := get("id")
	if err != nil {
		return nil, err
	}
	name, err := get("name")
	if err != nil {
		return nil, err
	}
	sevText, err := get("severity")
	if err != nil {
		return nil, err
	}
	sev, err := ParseSeverity(sevText)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if ann.Title == "" {
		return nil, fmt.Errorf("%s: METADATA needs a title (the rule's one-line summary)", file)
	}
	var platforms []string
	if list, ok := ann.Custom["platforms"].([]any); ok {
		for _, p := range list {
			if s, ok := p.(string); ok {
				platforms = append(platforms, s)
			}
		}
	}
	precision, _ := ann.Custom["precision"].(string)
	var subsumes []string
	if list, ok := ann.Custom["subsumes"].([]any); ok {
		for _, p := range list {
			if s, ok := p.(string); ok {
				subsumes = append(subsumes, s)
			}
		}
	}
	fix, links, err := regoFix(file, ann)
	if err != nil {
		return nil, err
	}
	return &Rule{
		Fix:       fix,
		Links:     links,
		Subsumes:  subsumes,
		ID:        id,
		Name:      name,
		Summary:   ann.Title,
		Doc:       strings.TrimSpace(ann.Description),
		Severity:  sev,
		Source:    file,
		Platforms: platforms,
		Precision: precision,
	}, nil
}

// readRegoFS reads the non-test .rego files of fsys.
func readRegoFS(fsys fs.FS, prefix string) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[path.Join(prefix, p)] = string(b)
		return nil
	})
	return out, err
}

// readPolicyDir reads the .rego files of a user's policy directory (the
// tests too when withTests). A file that is a symbolic link leading out of
// the directory is refused: the directory may come with the repository, and
// a parse error would quote the target's content.
func readPolicyDir(dir string, withTests bool) (map[string]string, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, err
	}
	out := map[string]string{}
	err = filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || (!withTests && strings.HasSuffix(p, "_test.rego")) {
			return nil
		}
		rel, _ := filepath.Rel(real, p)
		name := path.Join(filepath.ToSlash(dir), filepath.ToSlash(rel))
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			return err
		}
		if r, err := filepath.Rel(real, target); err != nil || r == ".." || strings.HasPrefix(r, "../") {
			return fmt.Errorf("refused to read %q: it resolves outside the policy directory", name)
		}
		b, err := os.ReadFile(target)
		if err != nil {
			return err
		}
		out[name] = string(b)
		return nil
	})
	return out, err
}

// errBudget is wrapped by the error of an evaluation stopped by its time
// or memory budget; errTime and errMemory are the contexts' causes.
var (
	errBudget = errors.New("budget")
	errTime   = errors.New("time budget")
	errMemory = errors.New("memory budget")
)

// run evaluates the rule on one cluster and reports what deny holds, within
// r.timeout and, when memory is not 0, within that much heap growth.
func (r *regoRule) run(ctx context.Context, input ast.Value, p *Pass, memory uint64) error {
	ctx, cancelMem := context.WithCancelCause(ctx)
	defer cancelMem(nil)
	if r.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, r.timeout, errTime)
		defer cancel()
	}
	if memory > 0 {
		defer guardMemory(ctx, cancelMem, memory)()
	}
	rs, err := r.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		switch cause := context.Cause(ctx); {
		case errors.Is(cause, errTime):
			return fmt.Errorf("rule %s: stopped after its time limit (%s) on this cluster: %w", r.rule.ID, r.timeout, errBudget)
		case errors.Is(cause, errMemory):
			return fmt.Errorf("rule %s: stopped after growing the heap past its budget (%d MiB) on this cluster: %w", r.rule.ID, memory>>20, errBudget)
		}
		return fmt.Errorf("rule %s: %w", r.rule.ID, err)
	}
	for _, res := range rs {
		for _, expr := range res.Expressions {
			set, ok := expr.Value.([]any)
			if !ok {
				continue
			}
			for _, item := range set {
				r.report(p, item)
			}
		}
	}
	return nil
}

// guardMemory cancels ctx (cause errMemory) when the heap grows by more
// than budget bytes before the returned stop is called. OPA's evaluator
// checks its context between steps, so a policy that doubles a string or
// an array rule after rule stops within a step or two of the budget
// instead of exhausting the machine.
func guardMemory(ctx context.Context, cancel context.CancelCauseFunc, budget uint64) (stop func()) {
	start := heapBytes()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if heapBytes() > start+budget {
					cancel(errMemory)
					return
				}
			}
		}
	}()
	return func() { close(done) }
}

// heapBytes is the memory occupied by heap objects now (live ones and
// those not yet swept).
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// report turns one deny element into a finding. An element is a message
// string, or an object with "msg" and optionally "pos" (a model position),
// "pool" (a pool id) and "key".
func (r *regoRule) report(p *Pass, item any) {
	var (
		msg, poolID, key string
		pos              nodepool.Pos
	)
	switch v := item.(type) {
	case string:
		msg = v
	case map[string]any:
		msg, _ = v["msg"].(string)
		poolID, _ = v["pool"].(string)
		key, _ = v["key"].(string)
		if pm, ok := v["pos"].(map[string]any); ok {
			pos.File, _ = pm["file"].(string)
			pos.Line = jsonInt(pm["line"])
			pos.Col = jsonInt(pm["col"])
		}
	default:
		msg = fmt.Sprint(v)
	}
	var pool *nodepool.Pool
	for _, pl := range p.Cluster.Pools {
		if pl.ID == poolID {
			pool = pl
		}
	}
	p.Report(pos, pool, key, "%s", msg)
}

func jsonInt(v any) int {
	switch n := v.(type) {
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case float64:
		return int(n)
	case int:
		return n
	case int64:
		return int(n)
	}
	return 0
}

// TestResult is one Rego unit test's outcome.
type TestResult struct {
	Name   string // package.test_name
	File   string
	Passed bool
	Err    error
}

// TestPolicies runs the OPA unit tests (*_test.rego) of the given policy
// directories, with the built-in policies and their library loaded so tests
// can import data.poollint.lib.
func TestPolicies(ctx context.Context, dirs []string) ([]TestResult, error) {
	sources, err := readRegoFS(policies.FS, "policies")
	if err != nil {
		return nil, err
	}
	user := map[string]bool{}
	for _, dir := range dirs {
		files, err := readPolicyDir(dir, true)
		if err != nil {
			return nil, err
		}
		for _, name := range sortedNames(files) {
			key := name
			for sources[key] != "" {
				key = "./" + key // kept apart from a built-in file of the same name
			}
			sources[key] = files[name]
			user[key] = true
		}
	}
	modules := map[string]*ast.Module{}
	for name, src := range sources {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		modules[name] = m
	}
	compiler := ast.NewCompiler().WithCapabilities(sandbox(true))
	ch, err := tester.NewRunner().SetCompiler(compiler).SetModules(modules).RunTests(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []TestResult
	for r := range ch {
		if user[r.Location.File] || len(dirs) == 0 {
			out = append(out, TestResult{Name: strings.TrimPrefix(r.Package, "data.") + "." + r.Name, File: r.Location.File, Passed: r.Pass(), Err: r.Error})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
