package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
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
}

// forbidden are builtins a policy may not call: they reach the network or
// the process (a policy runs on every pull request, unattended).
var forbidden = map[string]bool{
	"http.send":          true,
	"net.lookup_ip_addr": true,
	"opa.runtime":        true,
}

// sandbox is OPA's capabilities without the forbidden builtins: a policy
// calling one fails to compile, naming the file and line.
func sandbox() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if !forbidden[b.Name] {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
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

func loadRego(ctx context.Context, sources map[string]string, timeout time.Duration) (*regoSet, error) {
	modules := map[string]*ast.Module{}
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		m, err := ast.ParseModuleWithOpts(name, sources[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		modules[name] = m
	}
	compiler := ast.NewCompiler().WithEnablePrintStatements(false).WithCapabilities(sandbox())
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, compiler.Errors
	}
	store := inmem.NewFromObject(map[string]any{"poollint": map[string]any{"catalog": catalog.Data()}})
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
		out = append(out, &regoRule{rule: meta, query: q, timeout: timeout, path: m.Package.Path.String()})
	}
	return &regoSet{rules: out, compiler: compiler, store: store, timeout: timeout}, nil
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
	return &Rule{
		ID:        id,
		Name:      name,
		Summary:   ann.Title,
		Doc:       strings.TrimSpace(ann.Description),
		Severity:  sev,
		Source:    file,
		Platforms: platforms,
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

// run evaluates the rule on one cluster and reports what deny holds.
func (r *regoRule) run(ctx context.Context, input ast.Value, p *Pass) error {
	if r.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.timeout)
		defer cancel()
	}
	rs, err := r.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
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
	for _, dir := range dirs {
		if err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return err
			}
			b, err := os.ReadFile(path.Join(dir, p))
			sources[path.Join(dir, p)] = string(b)
			return err
		}); err != nil {
			return nil, err
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
	compiler := ast.NewCompiler().WithCapabilities(sandbox())
	ch, err := tester.NewRunner().SetCompiler(compiler).SetModules(modules).Run(ctx, modules)
	if err != nil {
		return nil, err
	}
	var out []TestResult
	for r := range ch {
		if !strings.HasPrefix(r.Location.File, "policies/") || len(dirs) == 0 {
			out = append(out, TestResult{Name: strings.TrimPrefix(r.Package, "data.") + "." + r.Name, File: r.Location.File, Passed: r.Pass(), Err: r.Error})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
