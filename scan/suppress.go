package scan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/rules"
)

// suppress is the one suppression matcher: it marks the findings of one
// cluster silenced by the cluster's or their pool's suppressions (an ARM
// resource's metadata; the pool's win) or, failing those, by a
// poollint:ignore comment the parsers recorded (nodepool.Cluster.Ignores)
// on the finding's line or alone on the line above. A suppression names a
// rule by ID or name, or "all".
func suppress(fs []finding.Finding, c *nodepool.Cluster) {
	pools := map[string]*nodepool.Pool{}
	for _, p := range c.Pools {
		pools[p.ID] = p
	}
	for i := range fs {
		f := &fs[i]
		f.Suppression = nil
		if s := named(c.Suppressions, f); s != nil {
			f.Suppression = s
		}
		if p := pools[f.PoolID]; p != nil && f.PoolID != "" {
			if s := named(p.Suppressions, f); s != nil {
				f.Suppression = s
			}
		}
		if f.Suppression != nil || f.Pos.Line < 1 {
			continue
		}
		for _, ic := range c.Ignores {
			if !ic.Covers(f.Pos) {
				continue
			}
			// The finding's own line wins over the line above.
			if f.Suppression != nil && ic.Pos.Line != f.Pos.Line {
				continue
			}
			for _, r := range ic.Rules {
				if finding.Matches(r, f.RuleID, f.RuleName) {
					f.Suppression = &nodepool.Suppression{Rule: r, Reason: ic.Reason, Pos: ic.Pos}
					break
				}
			}
		}
	}
}

// named returns the suppression among ss that names the finding's rule.
func named(ss []nodepool.Suppression, f *finding.Finding) *nodepool.Suppression {
	for i := range ss {
		if finding.Matches(ss[i].Rule, f.RuleID, f.RuleName) {
			return &ss[i]
		}
	}
	return nil
}

// directive starts an inline suppression (parsers/internal/ignore).
const directive = "poollint:ignore"

// ruleIDLike is a word that looks like a rule ID.
var ruleIDLike = regexp.MustCompile(`^PL\d{3}$`)

// checkIgnores warns, with a note at the comment, about poollint:ignore
// comments that do not do what they seem to: malformed or bare ones, rules
// that do not exist, rule IDs separated by spaces (the second is read as
// the reason), and suppressions no finding used (as golangci-lint's
// nolintlint does). A rule that did not run (rules.disable, rules.only)
// makes no comment unused.
func checkIgnores(cs []*nodepool.Cluster, fs []finding.Finding, engine *rules.Engine) []finding.Diagnostic {
	known, running := map[string]bool{}, map[string]bool{}
	for _, r := range engine.Rules() {
		known[r.ID], known[r.Name] = true, true
		running[r.ID], running[r.Name] = true, true
	}
	for _, d := range engine.Disabled() {
		known[d.Rule.ID], known[d.Rule.Name] = true, true
	}
	// used: comment position and rule as written.
	type use struct {
		pos  nodepool.Pos
		rule string
	}
	used := map[use]bool{}
	for _, f := range fs {
		if s := f.Suppression; s != nil {
			used[use{s.Pos, s.Rule}] = true
		}
	}
	var diags []finding.Diagnostic
	seen := map[nodepool.Pos]bool{}
	for _, c := range cs {
		for _, ic := range c.Ignores {
			if seen[ic.Pos] {
				continue // a file read for several clusters
			}
			seen[ic.Pos] = true
			if ic.Problem != "" {
				diags = append(diags, finding.Notef(ic.Pos, "%s", ic.Problem))
				continue
			}
			for _, r := range ic.Rules {
				switch {
				case strings.EqualFold(r, "all"):
					if !used[use{ic.Pos, r}] {
						diags = append(diags, finding.Notef(ic.Pos, "unused %s all: no finding %s", directive, where(ic)))
					}
				case !known[r]:
					diags = append(diags, finding.Notef(ic.Pos, "%s names rule %q, which does not exist (poollint rules lists them)", directive, r))
				case running[r] && !used[use{ic.Pos, r}]:
					diags = append(diags, finding.Notef(ic.Pos, "unused %s %s: no %s finding %s", directive, r, r, where(ic)))
				}
			}
			if w, _, _ := strings.Cut(ic.Reason, " "); w != "" && (known[w] || ruleIDLike.MatchString(w)) {
				diags = append(diags, finding.Notef(ic.Pos, "%s %s %s: separate rule IDs with commas (%s %s,%s); %s is read as the reason",
					directive, strings.Join(ic.Rules, ","), w, directive, strings.Join(ic.Rules, ","), w, w))
			}
		}
	}
	return diags
}

func where(ic nodepool.IgnoreComment) string {
	if ic.Alone {
		return fmt.Sprintf("on line %d or %d", ic.Pos.Line, ic.Pos.Line+1)
	}
	return fmt.Sprintf("on line %d", ic.Pos.Line)
}
