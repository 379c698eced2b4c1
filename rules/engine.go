package rules

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/policies"
)

// Engine runs every rule over clusters. It is built once per run: Rego is
// parsed, compiled and prepared in NewEngine, never per file.
type Engine struct {
	rules []*Rule
	rego  map[*Rule]*regoRule
}

// Options configure an engine.
type Options struct {
	// PolicyDirs hold the user's own Rego rules (.rego files with METADATA;
	// *_test.rego files are their tests).
	PolicyDirs []string
	// EvalTimeout bounds one Rego rule's evaluation of one cluster.
	EvalTimeout time.Duration
}

// DefaultEvalTimeout is EvalTimeout's default.
const DefaultEvalTimeout = 5 * time.Second

// NewEngine loads the built-in Go and Rego rules.
func NewEngine(ctx context.Context) (*Engine, error) {
	return NewEngineWith(ctx, Options{})
}

// NewEngineWith loads the built-in rules and the user's policies. Rego is
// compiled once, with network and process builtins removed.
func NewEngineWith(ctx context.Context, opts Options) (*Engine, error) {
	sources, err := readRegoFS(policies.FS, "policies")
	if err != nil {
		return nil, err
	}
	for _, dir := range opts.PolicyDirs {
		user, err := readRegoFS(os.DirFS(dir), dir)
		if err != nil {
			return nil, fmt.Errorf("--policy %s: %w", dir, err)
		}
		if len(user) == 0 {
			return nil, fmt.Errorf("--policy %s: no .rego files", dir)
		}
		for k, v := range user {
			sources[k] = v
		}
	}
	timeout := opts.EvalTimeout
	if timeout == 0 {
		timeout = DefaultEvalTimeout
	}
	rr, err := loadRego(ctx, sources, timeout)
	if err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	e := &Engine{rego: map[*Rule]*regoRule{}}
	e.rules = append(e.rules, builtin...)
	for _, r := range rr {
		e.rules = append(e.rules, r.rule)
		e.rego[r.rule] = r
	}
	seen := map[string]string{}
	for _, r := range e.rules {
		if other, dup := seen[r.ID]; dup {
			return nil, fmt.Errorf("rule ID %s is declared twice (%s and %s)", r.ID, other, r.Source)
		}
		seen[r.ID] = r.Source
	}
	sort.Slice(e.rules, func(i, j int) bool { return e.rules[i].ID < e.rules[j].ID })
	return e, nil
}

// Rules lists the engine's rules sorted by ID.
func (e *Engine) Rules() []*Rule { return e.rules }

// Rule returns the rule with the given ID or name, or nil.
func (e *Engine) Rule(idOrName string) *Rule {
	for _, r := range e.rules {
		if r.ID == idOrName || r.Name == idOrName {
			return r
		}
	}
	return nil
}

// Check runs every rule on one cluster. A rule that fails or panics does not
// stop the others: its error is returned alongside the findings.
func (e *Engine) Check(ctx context.Context, c *nodepool.Cluster) ([]Finding, []error) {
	var (
		findings []Finding
		errs     []error
		input    ast.Value
	)
	for _, r := range e.rules {
		p := &Pass{Rule: r, Cluster: c}
		err := func() (err error) {
			defer func() {
				if x := recover(); x != nil {
					err = fmt.Errorf("rule %s panicked: %v\n%s", r.ID, x, debug.Stack())
				}
			}()
			if rr := e.rego[r]; rr != nil {
				if input == nil {
					var err error
					if input, err = modelInput(c); err != nil {
						return err
					}
				}
				return rr.run(ctx, input, p)
			}
			r.Check(p)
			return nil
		}()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		findings = append(findings, p.findings...)
	}
	return findings, errs
}
