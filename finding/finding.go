// Package finding is where poollint's results live: findings, their
// severity, the diagnostics of files that could not be read, and the
// metadata of the rules that produced them. It imports only the model
// (nodepool), so reporters and baselines need neither the rules (and OPA)
// nor the parsers.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

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
	// taint); with the rule, file, cluster, pool and the module calls that
	// reached the declaration (Related) it makes the stable fingerprint,
	// which does not depend on line numbers.
	Key string `json:"key,omitempty"`
	// ClusterID and PoolID are the parser's stable identifiers.
	ClusterID string `json:"-"`
	PoolID    string `json:"-"`
	// Related are other places that matter: the module calls that led to
	// the finding's declaration (outermost first).
	Related []nodepool.Pos `json:"related,omitempty"`
	// Format is the input format of the cluster, for reports; rules never
	// read it.
	Format string `json:"format"`
	// Suppression is set when the finding was silenced in the source; it
	// is still reported (SARIF suppressions) but fails nothing.
	Suppression *nodepool.Suppression `json:"suppression,omitempty"`
}

// FingerprintScheme names the fingerprint scheme (the SARIF partial
// fingerprint "poollint/v2", baseline version 2).
const FingerprintScheme = 2

// Fingerprint identifies a finding across runs independently of line
// numbers: the rule, the file, the cluster and pool identifiers (which hold
// the parameter file variant), the key, and the files of the module calls
// that reached the declaration, outermost first. One module called from two
// environments (envs/dev and envs/prod) gives two fingerprints; moving a
// call within its file keeps it.
func (f Finding) Fingerprint() string {
	parts := []string{"v2", f.RuleID, f.Pos.File, f.ClusterID, f.PoolID, f.Key}
	for _, r := range f.Related {
		parts = append(parts, r.File)
	}
	return hash(parts)
}

// FingerprintV1 is the fingerprint before the module calls were part of it
// (baseline version 1): rule, file, cluster, pool and key.
func (f Finding) FingerprintV1() string {
	return hash([]string{f.RuleID, f.Pos.File, f.ClusterID, f.PoolID, f.Key})
}

func hash(parts []string) string {
	h := sha256.New()
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Sort orders findings by position (nodepool.Pos.Compare), rule and
// message, so every output is deterministic.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if c := a.Pos.Compare(b.Pos); c != 0 {
			return c < 0
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Message < b.Message
	})
}

// SortDiagnostics orders diagnostics by file, line and message.
func SortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		return a.Message < b.Message
	})
}

// Matches reports whether a suppression naming rule (an ID, a name or
// "all") silences the rule with this ID and name.
func Matches(rule, id, name string) bool {
	return rule == id || rule == name || strings.EqualFold(rule, "all")
}
