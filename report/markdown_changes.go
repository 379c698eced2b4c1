package report

import (
	"fmt"
	"strings"

	"github.com/poollint/poollint/finding"
)

// The change rules' IDs (poollint diff, scan --changed-since): the pool
// summary, the rejected and replaced changes, and the surge capacity.
const (
	rulePoolChanged   = "PL400"
	ruleChangeReject  = "PL401"
	rulePoolReplaced  = "PL402"
	ruleSurgeCapacity = "PL403"
)

// markdownChanges writes, when the run judged a change, one table of the
// node pools it touches: pool, change, what the platform does with it, and
// the surge capacity the change needs.
func (in *Input) markdownChanges(b *strings.Builder) {
	type poolKey struct{ cluster, pool string }
	effect := map[poolKey]string{}
	var pools, surge []finding.Finding
	for _, f := range in.Findings {
		if f.Suppression != nil {
			continue
		}
		k := poolKey{f.ClusterID, f.PoolID}
		switch f.RuleID {
		case rulePoolChanged:
			pools = append(pools, f)
		case ruleChangeReject:
			effect[k] = "rejected"
		case rulePoolReplaced:
			if effect[k] == "" {
				effect[k] = "replaced"
				if f.Severity == finding.Error {
					effect[k] = "cluster replaced"
				}
			}
		case ruleSurgeCapacity:
			surge = append(surge, f)
		}
	}
	if len(pools) == 0 && len(surge) == 0 {
		return
	}
	b.WriteString("\n#### Node pool changes\n\n| Pool | Location | Change | Effect |\n| --- | --- | --- | --- |\n")
	for i, f := range pools {
		if i == maxMarkdownRows {
			fmt.Fprintf(b, "\nOnly the first %d pools are listed.\n", maxMarkdownRows)
			break
		}
		eff := effect[poolKey{f.ClusterID, f.PoolID}]
		if eff == "" {
			switch f.Key {
			case "added", "removed":
				eff = f.Key
			default:
				eff = "in place"
			}
		}
		name := f.Pool
		if name == "" {
			name = "cluster " + f.Cluster
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdText(name), mdText(f.Pos.String()), mdText(f.Message), eff)
	}
	for _, f := range surge {
		fmt.Fprintf(b, "\n**Surge capacity** (%s): %s\n", mdText(f.Pos.String()), mdText(f.Message))
	}
}
