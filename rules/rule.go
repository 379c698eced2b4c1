// Package rules holds poollint's checks and the engine that runs them. A rule
// is a declared value with a stable ID, a kebab-case name, a one-line summary,
// a long doc and a default severity; its check reads the common model and
// reports findings through a Pass. Rules written in Go live here, one per
// file; rules written in Rego live in package policies and are wrapped into
// the same Rule value from their METADATA annotations.
package rules

import (
	"fmt"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

// Severity is how bad a finding is (finding.Severity).
type Severity = finding.Severity

// The severities.
const (
	Note    = finding.Note
	Warning = finding.Warning
	Error   = finding.Error
)

// ParseSeverity reads "error", "warning" or "note".
func ParseSeverity(s string) (Severity, error) { return finding.ParseSeverity(s) }

// Rule is one check. ID and Name never change meaning once released.
type Rule struct {
	ID       string   // PLnnn
	Name     string   // kebab-case
	Summary  string   // one line
	Doc      string   // long description: what and why
	Severity Severity // default severity
	// Fix says what to change, concretely, in each format's spelling where
	// they differ (the doc's "How to fix" section).
	Fix string `json:",omitempty"`
	// Links are pages of the platform's own documentation (the doc's
	// "Links" section).
	Links []Link `json:",omitempty"`
	// Check inspects one cluster. It is nil for Rego rules, which the engine
	// evaluates through their prepared query.
	Check func(*Pass) `json:"-"`
	// CheckChange judges what a change (a pull request) does to one
	// cluster; it is set instead of Check on the rules that poollint diff
	// and scan --base run.
	CheckChange func(*ChangePass) `json:"-"`
	// Source is "go" or the Rego file the rule came from.
	Source string
	// Params are the rule's configurable parameters with their defaults.
	Params []Param
	// Platforms says where the rule applies (PlatformAKS, PlatformEKS,
	// PlatformKarpenter, PlatformKubernetes): the engine runs the rule only
	// on clusters with a pool (or a provider) of one of them, and Pass.Pools
	// holds the pools of those platforms. Empty: everywhere.
	Platforms []string
	// Formats, when set, are the input formats (nodepool.Cluster.Format)
	// the rule runs on; the engine applies them with Platforms.
	Formats []string
	// Precision is how often a finding is a real problem, in SARIF's words
	// (finding.Rule.Precision; empty: "high").
	Precision string
	// Preset names the preset that turns the rule on ("recommended"): a
	// rule with a preset does not run unless the preset is chosen
	// (--preset, preset: in .poollint.yaml) or rules.only names it.
	Preset string `json:",omitempty"`
	// Subsumes: see finding.Rule.Subsumes.
	Subsumes []string
	// overridden is set on the engine's copy when the configuration sets
	// the rule's severity.
	overridden bool
}

// Param is one configurable parameter of a rule (finding.Param): its
// declared type (or its default's), checked when the engine is built.
type Param = finding.Param

// Link is a page of the platform's documentation (finding.Link).
type Link = finding.Link

// Finding is one reported problem (finding.Finding).
type Finding = finding.Finding

// Info is the rule's metadata, for reporters.
func (r *Rule) Info() *finding.Rule {
	prec := r.Precision
	if prec == "" {
		prec = "high"
	}
	return &finding.Rule{
		ID: r.ID, Name: r.Name, Summary: r.Summary, Doc: r.Doc, Severity: r.Severity,
		Source: r.Source, Params: r.Params, Platforms: r.Platforms, Precision: prec, Subsumes: r.Subsumes,
		Fix: r.Fix, Links: r.Links,
	}
}

// Infos is Info of each rule.
func Infos(rs []*Rule) []*finding.Rule {
	out := make([]*finding.Rule, len(rs))
	for i, r := range rs {
		out[i] = r.Info()
	}
	return out
}

// Pass is what a check sees: one cluster, and a way to report.
type Pass struct {
	Rule     *Rule
	Cluster  *nodepool.Cluster
	findings []Finding
	params   map[string]any
	// err is the first misuse of the pass by the check (a parameter the
	// rule does not declare, or read as another type); the engine reports
	// it as the rule's error.
	err error
}

// Param returns a parameter's configured value, or its default. A name the
// rule does not declare gives nil, and the engine reports the rule's error.
func (p *Pass) Param(name string) any {
	if v, ok := p.params[name]; ok {
		return v
	}
	for _, prm := range p.Rule.Params {
		if prm.Name == name {
			return prm.Default
		}
	}
	p.fail(fmt.Errorf("rule %s reads parameter %q, which it does not declare", p.Rule.ID, name))
	return nil
}

func (p *Pass) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// typed reads a parameter as T, reporting the rule's error when it is not.
func typed[T any](p *Pass, name string) T {
	v := p.Param(name)
	t, ok := v.(T)
	if !ok && v != nil {
		p.fail(fmt.Errorf("rule %s reads parameter %q as a %T, but it is a %T", p.Rule.ID, name, t, v))
	}
	return t
}

// IntParam is Param for integer parameters.
func (p *Pass) IntParam(name string) int64 { return typed[int64](p, name) }

// FloatParam is Param for number parameters.
func (p *Pass) FloatParam(name string) float64 { return typed[float64](p, name) }

// StringParam is Param for string parameters.
func (p *Pass) StringParam(name string) string { return typed[string](p, name) }

// BoolParam is Param for boolean parameters.
func (p *Pass) BoolParam(name string) bool { return typed[bool](p, name) }

// Report records a finding at pos about pool (nil for the cluster as a
// whole); key tells apart several findings on the same pool.
func (p *Pass) Report(pos nodepool.Pos, pool *nodepool.Pool, key, format string, args ...any) {
	p.ReportSeverity(p.Rule.Severity, pos, pool, key, format, args...)
}

// ReportSeverity is Report for a rule whose findings differ in severity
// (an error and a softer warning case). A configured severity override
// applies to every finding of the rule.
func (p *Pass) ReportSeverity(sev Severity, pos nodepool.Pos, pool *nodepool.Pool, key, format string, args ...any) {
	if p.Rule.overridden {
		sev = p.Rule.Severity
	}
	if !pos.IsValid() {
		pos = p.Cluster.Pos
		if pool != nil {
			pos = pool.Pos
		}
	}
	f := Finding{
		RuleID:    p.Rule.ID,
		RuleName:  p.Rule.Name,
		Severity:  sev,
		Message:   fmt.Sprintf(format, args...),
		Pos:       pos,
		Cluster:   p.Cluster.DisplayName(),
		ClusterID: p.Cluster.ID,
		Key:       key,
		Format:    p.Cluster.Format,
	}
	f.Related = p.Cluster.CallSites
	if pool != nil {
		f.Pool = pool.DisplayName()
		f.PoolID = pool.ID
		f.Related = pool.CallSites
	}
	p.findings = append(p.findings, f)
}

// Describe renders a field's value and, when it did not come from a literal
// in place, where it came from: `"Spot" (from parameter poolPriority in
// main.parameters.json)`.
func Describe[T any](f nodepool.Field[T]) string {
	v := fmt.Sprintf("%v", f.Value)
	if s, ok := any(f.Value).(string); ok {
		v = fmt.Sprintf("%q", s)
	}
	if src := f.Source(); src != "" {
		return v + " (" + src + ")"
	}
	return v
}

var builtin []*Rule

// register adds a Go rule to the built-in set; each rule file calls it.
func register(r *Rule) *Rule {
	r.Source = "go"
	builtin = append(builtin, r)
	return r
}

// SortFindings orders findings by position, rule and message
// (finding.Sort).
func SortFindings(fs []Finding) { finding.Sort(fs) }
