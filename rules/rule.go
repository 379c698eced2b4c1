// Package rules holds poollint's checks and the engine that runs them. A rule
// is a declared value with a stable ID, a kebab-case name, a one-line summary,
// a long doc and a default severity; its check reads the common model and
// reports findings through a Pass. Rules written in Go live here, one per
// file; rules written in Rego live in package policies and are wrapped into
// the same Rule value from their METADATA annotations.
package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// Severity is how bad a finding is.
type Severity int

const (
	// Note is advice.
	Note Severity = iota + 1
	// Warning deploys but is risky.
	Warning
	// Error is rejected by the platform or breaks scheduling.
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText makes severities print as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "error", "warning" or "note".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "note", "info":
		return Note, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or note)", s)
}

// Rule is one check. ID and Name never change meaning once released.
type Rule struct {
	ID       string   // PLnnn
	Name     string   // kebab-case
	Summary  string   // one line
	Doc      string   // long description: what, why, how to fix
	Severity Severity // default severity
	// Check inspects one cluster. It is nil for Rego rules, which the engine
	// evaluates through their prepared query.
	Check func(*Pass) `json:"-"`
	// Source is "go" or the Rego file the rule came from.
	Source string
	// Params are the rule's configurable parameters with their defaults.
	Params []Param
	// Platforms says where the rule applies (AKS, EKS, Karpenter, …).
	Platforms []string
	// Preset names the preset that turns the rule on ("recommended"): a
	// rule with a preset does not run unless the preset is chosen
	// (--preset, preset: in .poollint.yaml) or rules.only names it.
	Preset string `json:",omitempty"`
	// overridden is set on the engine's copy when the configuration sets
	// the rule's severity.
	overridden bool
}

// Param is one configurable parameter of a rule.
type Param struct {
	Name    string
	Default any // int64, float64, string or bool
	Doc     string
}

// Finding is one reported problem.
type Finding struct {
	RuleID   string       `json:"ruleId"`
	RuleName string       `json:"ruleName"`
	Severity Severity     `json:"severity"`
	Message  string       `json:"message"`
	Pos      nodepool.Pos `json:"pos"`
	Cluster  string       `json:"cluster"`
	Pool     string       `json:"pool,omitempty"`
	// Key distinguishes findings of one rule on one pool (a label key, a
	// taint); with the rule, file, cluster and pool it makes the stable
	// fingerprint, which does not depend on line numbers.
	Key string `json:"key,omitempty"`
	// ClusterID and PoolID are the parser's stable identifiers.
	ClusterID string `json:"-"`
	PoolID    string `json:"-"`
	// Related are other places that matter: the module calls that led to
	// the finding's declaration.
	Related []nodepool.Pos `json:"related,omitempty"`
	// Format is the input format of the cluster, for reports; rules never
	// read it.
	Format string `json:"format"`
	// Suppression is set when the finding was silenced in the source; it
	// is still reported (SARIF suppressions) but fails nothing.
	Suppression *nodepool.Suppression `json:"suppression,omitempty"`
}

// Pass is what a check sees: one cluster, and a way to report.
type Pass struct {
	Rule     *Rule
	Cluster  *nodepool.Cluster
	findings []Finding
	params   map[string]any
}

// Param returns a parameter's configured value, or its default.
func (p *Pass) Param(name string) any {
	if v, ok := p.params[name]; ok {
		return v
	}
	for _, prm := range p.Rule.Params {
		if prm.Name == name {
			return prm.Default
		}
	}
	panic(fmt.Sprintf("rule %s has no parameter %q", p.Rule.ID, name))
}

// IntParam is Param for integer parameters.
func (p *Pass) IntParam(name string) int64 {
	v, _ := p.Param(name).(int64)
	return v
}

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
	f.Suppression = p.Rule.suppressedBy(p.Cluster.Suppressions)
	if pool != nil {
		f.Pool = pool.DisplayName()
		f.PoolID = pool.ID
		f.Related = pool.CallSites
		if s := p.Rule.suppressedBy(pool.Suppressions); s != nil {
			f.Suppression = s
		}
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

// SortFindings orders findings by file, line, column, rule and message, so
// every output is deterministic.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Message < b.Message
	})
}

// Fingerprint identifies a finding across runs independently of line
// numbers: the rule, the file, the cluster and pool identifiers, and the key.
func (f Finding) Fingerprint() string {
	h := sha256.New()
	for _, part := range []string{f.RuleID, f.Pos.File, f.ClusterID, f.PoolID, f.Key} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// suppressedBy returns the suppression among ss that names the rule.
func (r *Rule) suppressedBy(ss []nodepool.Suppression) *nodepool.Suppression {
	for i := range ss {
		if ss[i].Rule == r.ID || ss[i].Rule == r.Name || ss[i].Rule == "all" {
			return &ss[i]
		}
	}
	return nil
}
