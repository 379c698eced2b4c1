package rules

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/policies"
)

// Engine runs every rule over clusters. It is built once per run: Rego is
// parsed, compiled and prepared in NewEngine, never per file.
type Engine struct {
	rules  []*Rule
	rego   map[string]*regoRule      // by rule ID
	params map[string]map[string]any // by rule ID, validated
	// active are the enabled built-in Rego rules, evaluated together by
	// all; user are the enabled user policies, evaluated one by one, each
	// within its own time and memory budget.
	active  []*Rule
	all     rego.PreparedEvalQuery
	user    []*Rule
	timeout time.Duration
	memory  uint64
	// off are the rules that do not run, with the setting that turned each
	// off.
	off []Disabled
	// unchosen are the preset rules that do not run because their preset
	// was not chosen.
	unchosen []*Rule
}

// Disabled is a rule that does not run, and the setting that says so
// ("rules.disable" or "rules.only").
type Disabled struct {
	Rule *Rule
	By   string
}

// Options configure an engine.
type Options struct {
	// PolicyDirs hold the user's own Rego rules (.rego files with METADATA;
	// *_test.rego files are their tests).
	PolicyDirs []string
	// EvalTimeout bounds one Rego rule's evaluation of one cluster. A user
	// policy that runs out of it is not run again (the others are).
	EvalTimeout time.Duration
	// EvalMemory bounds how much a user policy's evaluation may grow the
	// heap (default DefaultEvalMemory); past it, the evaluation stops as on
	// a timeout.
	EvalMemory uint64
	// Disable and Only select rules by ID or name; Severity overrides
	// default severities; Params sets rule parameters. Naming a rule or
	// parameter that does not exist is an error.
	Disable  []string
	Only     []string
	Severity map[string]string
	Params   map[string]map[string]any
	// Presets turn on the rules of these presets (Presets lists them).
	Presets []string
}

// DefaultEvalTimeout is EvalTimeout's default.
const DefaultEvalTimeout = 5 * time.Second

// DefaultEvalMemory is EvalMemory's default.
const DefaultEvalMemory = 256 << 20

// NewEngine loads the built-in Go and Rego rules.
func NewEngine(ctx context.Context) (*Engine, error) {
	return NewEngineWith(ctx, Options{})
}

// NewEngineWith loads the built-in rules and the user's policies. Rego is
// compiled once, with network and process builtins removed.
func NewEngineWith(ctx context.Context, opts Options) (*Engine, error) {
	builtinSrc, err := readRegoFS(policies.FS, "policies")
	if err != nil {
		return nil, err
	}
	userSrc := map[string]string{}
	seenDirs := map[string]bool{}
	for _, dir := range opts.PolicyDirs {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			if seenDirs[real] {
				continue // named twice
			}
			seenDirs[real] = true
		}
		user, err := readPolicyDir(dir, false)
		if err != nil {
			return nil, fmt.Errorf("--policy %s: %w", dir, err)
		}
		if len(user) == 0 {
			return nil, fmt.Errorf("--policy %s: no .rego files", dir)
		}
		for k, v := range user {
			userSrc[k] = v
		}
	}
	timeout := opts.EvalTimeout
	if timeout == 0 {
		timeout = DefaultEvalTimeout
	}
	set, err := loadRego(ctx, builtinSrc, userSrc, timeout)
	if err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	rr := set.rules
	e := &Engine{rego: map[string]*regoRule{}, params: map[string]map[string]any{}, timeout: timeout, memory: opts.EvalMemory}
	if e.memory == 0 {
		e.memory = DefaultEvalMemory
	}
	all := append([]*Rule{}, builtin...)
	for _, r := range rr {
		all = append(all, r.rule)
		e.rego[r.rule.ID] = r
	}
	seenID, seenName := map[string]*Rule{}, map[string]*Rule{}
	for _, r := range all {
		for _, prev := range []*Rule{seenID[r.ID], seenName[r.Name]} {
			if prev == nil {
				continue
			}
			what := "ID " + r.ID
			if prev.Name == r.Name && prev.ID != r.ID {
				what = "name " + r.Name
			}
			if e.isBuiltin(prev) != e.isBuiltin(r) {
				user := r
				if e.isBuiltin(r) {
					user = prev
				}
				return nil, fmt.Errorf("%s: rule %s is a built-in rule's; a policy cannot replace a built-in rule (turn it off with rules.disable, and give yours an ID and name of its own)", user.Source, what)
			}
			return nil, fmt.Errorf("rule %s is declared twice (%s and %s)", what, prev.Source, r.Source)
		}
		seenID[r.ID], seenName[r.Name] = r, r
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	if err := e.configure(all, opts); err != nil {
		return nil, err
	}
	var paths []string
	for _, r := range e.rules {
		switch rr := e.rego[r.ID]; {
		case rr == nil:
		case rr.user:
			e.user = append(e.user, r)
		default:
			e.active = append(e.active, r)
			paths = append(paths, rr.path)
		}
	}
	if len(e.active) > 0 {
		if e.all, err = set.combined(ctx, paths); err != nil {
			return nil, fmt.Errorf("policies: %w", err)
		}
	}
	return e, nil
}

// isBuiltin reports whether a rule is embedded in poollint (Go, or Rego from
// package policies) rather than a user policy.
func (e *Engine) isBuiltin(r *Rule) bool {
	rr := e.rego[r.ID]
	return r.Source == "go" || (rr != nil && rr.rule == r && !rr.user)
}

// configure selects the rules, applies severity overrides to copies of
// them, and validates parameters.
func (e *Engine) configure(all []*Rule, opts Options) error {
	find := func(what, idOrName string) (*Rule, error) {
		for _, r := range all {
			if r.ID == idOrName || r.Name == idOrName {
				return r, nil
			}
		}
		return nil, fmt.Errorf("%s names rule %q, which does not exist (poollint rules lists them)", what, idOrName)
	}
	chosen, err := choosePresets(all, opts.Presets)
	if err != nil {
		return err
	}
	named := map[*Rule]bool{}
	for _, n := range opts.Only {
		if r, err := find("rules.only", n); err == nil {
			named[r] = true
		}
	}
	off := map[*Rule]string{}
	for _, n := range opts.Disable {
		r, err := find("rules.disable", n)
		if err != nil {
			return err
		}
		off[r] = "rules.disable"
	}
	if len(opts.Only) > 0 {
		on := map[*Rule]bool{}
		for _, n := range opts.Only {
			r, err := find("rules.only", n)
			if err != nil {
				return err
			}
			on[r] = true
		}
		for _, r := range all {
			if !on[r] && off[r] == "" {
				off[r] = "rules.only"
			}
		}
	}
	severity := map[*Rule]Severity{}
	for n, s := range opts.Severity {
		r, err := find("rules.severity", n)
		if err != nil {
			return err
		}
		sev, err := ParseSeverity(s)
		if err != nil {
			return fmt.Errorf("rules.severity.%s: %w", n, err)
		}
		severity[r] = sev
	}
	types := map[*Rule]map[string]finding.ParamType{}
	for _, r := range all {
		// Other names ("Cluster API") are tags for the documentation; a
		// rule naming none of the engine's platforms would never run.
		if len(r.Platforms) > 0 && !slices.ContainsFunc(r.Platforms, func(pl string) bool { return slices.Contains(Platforms, pl) }) {
			return fmt.Errorf("rule %s (%s): platforms %s name none of %s, so it would never run", r.ID, r.Source, strings.Join(r.Platforms, ", "), strings.Join(Platforms, ", "))
		}
		if r.Precision != "" && !slices.Contains(finding.Precisions, r.Precision) {
			return fmt.Errorf("rule %s (%s): precision %q is not one of %s", r.ID, r.Source, r.Precision, strings.Join(finding.Precisions, ", "))
		}
		types[r] = map[string]finding.ParamType{}
		for _, prm := range r.Params {
			t, err := prm.TypeOf()
			if err != nil {
				return fmt.Errorf("rule %s (%s): %w", r.ID, r.Source, err)
			}
			if _, dup := types[r][prm.Name]; dup {
				return fmt.Errorf("rule %s (%s): parameter %q is declared twice", r.ID, r.Source, prm.Name)
			}
			types[r][prm.Name] = t
		}
	}
	for n, values := range opts.Params {
		r, err := find("rules.params", n)
		if err != nil {
			return err
		}
		checked := map[string]any{}
		for name, v := range values {
			t, ok := types[r][name]
			if !ok {
				return fmt.Errorf("rules.params.%s: rule %s has no parameter %q", n, r.ID, name)
			}
			cv, ok := t.Convert(v)
			if !ok {
				return fmt.Errorf("rules.params.%s.%s: rule %s's parameter %q is a%s %s; %v is not", n, name, r.ID, name, article(t), t, v)
			}
			checked[name] = cv
		}
		e.params[r.ID] = checked
	}
	for _, r := range all {
		if r.Preset != "" && !chosen[r.Preset] && !named[r] {
			e.unchosen = append(e.unchosen, r) // not a configuration change
			continue
		}
		if by := off[r]; by != "" {
			e.off = append(e.off, Disabled{Rule: r, By: by})
			continue
		}
		if sev, ok := severity[r]; ok {
			c := *r
			c.Severity, c.overridden = sev, true
			r = &c
		}
		e.rules = append(e.rules, r)
	}
	return nil
}

func article(t finding.ParamType) string {
	if t == finding.ParamInt {
		return "n"
	}
	return ""
}

// Rules lists the engine's rules sorted by ID: those that run.
// A nil engine (--parse-only) has no rules.
func (e *Engine) Rules() []*Rule {
	if e == nil {
		return nil
	}
	return e.rules
}

// Disabled lists the rules the options turned off, sorted by ID.
func (e *Engine) Disabled() []Disabled {
	if e == nil {
		return nil
	}
	return e.off
}

// Unchosen lists the rules of presets that were not chosen, sorted by ID.
func (e *Engine) Unchosen() []*Rule { return e.unchosen }

// Presets lists the presets the built-in rules belong to.
func Presets() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range builtin {
		if r.Preset != "" && !seen[r.Preset] {
			seen[r.Preset] = true
			out = append(out, r.Preset)
		}
	}
	sort.Strings(out)
	return out
}

// choosePresets checks the chosen presets' names.
func choosePresets(all []*Rule, names []string) (map[string]bool, error) {
	known := map[string]bool{}
	for _, r := range all {
		if r.Preset != "" {
			known[r.Preset] = true
		}
	}
	chosen := map[string]bool{}
	for _, n := range names {
		if !known[n] {
			return nil, fmt.Errorf("unknown preset %q (presets: %s)", n, strings.Join(Presets(), ", "))
		}
		chosen[n] = true
	}
	return chosen, nil
}

// User reports whether a rule is a user policy (not embedded in poollint).
func (e *Engine) User(r *Rule) bool {
	rr := e.rego[r.ID]
	return rr != nil && rr.user
}

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
	)
	for _, r := range e.rules {
		if e.rego[r.ID] != nil || r.Check == nil || !r.AppliesTo(c) {
			continue // Rego: evaluated together below; change rules: CheckChanges
		}
		p := &Pass{Rule: r, Cluster: c, params: e.params[r.ID]}
		err := func() (err error) {
			defer func() {
				if x := recover(); x != nil {
					err = fmt.Errorf("rule %s panicked: %v\n%s", r.ID, x, debug.Stack())
				}
			}()
			r.Check(p)
			return p.err
		}()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		findings = append(findings, p.findings...)
	}
	if len(e.active) == 0 && len(e.user) == 0 {
		return findings, errs
	}
	input, err := modelInput(c)
	if err != nil {
		return findings, append(errs, err)
	}
	if len(e.active) > 0 {
		fs, err := e.checkRego(ctx, c, input)
		if err == nil {
			findings = append(findings, fs...)
		} else {
			// Something failed: evaluate the rules one by one to tell which.
			for _, r := range e.active {
				if !r.AppliesTo(c) {
					continue
				}
				p := &Pass{Rule: r, Cluster: c, params: e.params[r.ID]}
				if err := e.rego[r.ID].run(ctx, input, p, 0); err != nil {
					errs = append(errs, err)
					continue
				}
				findings = append(findings, p.findings...)
			}
		}
	}
	// User policies one by one, each within its budget: one that runs out
	// costs its limit once, not once per cluster.
	for _, r := range e.user {
		if !r.AppliesTo(c) {
			continue
		}
		rr := e.rego[r.ID]
		if why := rr.spent.Load(); why != nil {
			errs = append(errs, fmt.Errorf("rule %s not run: %s", r.ID, *why))
			continue
		}
		p := &Pass{Rule: r, Cluster: c, params: e.params[r.ID]}
		if err := rr.run(ctx, input, p, e.memory); err != nil {
			errs = append(errs, err)
			if ctx.Err() == nil && errors.Is(err, errBudget) {
				why := fmt.Sprintf("it ran out of its budget on cluster %s (%s)", c.ID, c.Pos)
				rr.spent.CompareAndSwap(nil, &why)
			}
			continue
		}
		findings = append(findings, p.findings...)
	}
	return findings, errs
}

// checkRego evaluates every active Rego rule in one query.
func (e *Engine) checkRego(ctx context.Context, c *nodepool.Cluster, input ast.Value) ([]Finding, error) {
	ctx, cancel := context.WithTimeout(ctx, e.timeout*time.Duration(len(e.active)))
	defer cancel()
	rs, err := e.all.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("policies gave %d results", len(rs))
	}
	var out []Finding
	for i, r := range e.active {
		if !r.AppliesTo(c) {
			continue
		}
		p := &Pass{Rule: r, Cluster: c, params: e.params[r.ID]}
		set, _ := rs[0].Bindings[fmt.Sprintf("r%d", i)].([]any)
		for _, item := range set {
			e.rego[r.ID].report(p, item)
		}
		out = append(out, p.findings...)
	}
	return out, nil
}
