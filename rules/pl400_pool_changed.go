package rules

import (
	"fmt"
	"strings"

	"github.com/poollint/poollint/change"
)

// PL400 lists what a change does to each node pool.
var PL400 = register(&Rule{
	ID:        "PL400",
	Name:      "pool-changed",
	Summary:   "What this change does to a node pool: added, removed, or which settings change and how",
	Severity:  Note,
	Platforms: []string{"AKS", "EKS", "Karpenter", "Cluster API"},
	Doc: `Run by ` + "`poollint diff --base REF`" + ` (and ` + "`scan --changed-since REF`" + `): one note per
node pool the change adds, removes or edits, with each setting before → after and what the
platform does with it (in place, cycled, replaced, rejected). Pools are matched by identity
(Terraform address, or the name the platform knows), so moving a file or reordering pools is
not a change. A setting poollint cannot resolve on either side is listed as unknown.

PL401 and PL402 report the changes that fail or replace; this note is the review's summary.`,
	Fix: `Nothing to fix: the note summarizes the change for review. Check that each
change it lists is intended; the changes that fail (PL401) or replace nodes
(PL402) say what to do in their own findings.`,
	Links: []Link{linkAKSManagePools, linkEKSManagedGroups, linkKarpenterDisruption},
	CheckChange: func(p *ChangePass) {
		c := p.Change
		cl := c.Current()
		if c.Kind == change.Changed && len(c.Fields) > 0 {
			var parts []string
			for _, f := range c.Fields {
				parts = append(parts, f.String())
			}
			p.ReportSeverity(Note, cl.Pos, nil, "changed", "cluster %q changes: %s", cl.DisplayName(), strings.Join(parts, "; "))
		}
		for i := range c.Pools {
			pc := &c.Pools[i]
			pool := pc.Current()
			ref := poolRef(cl, pool)
			switch pc.Kind {
			case change.Added:
				p.ReportSeverity(Note, pool.Pos, pool, "added", "%s is added", ref)
			case change.Removed:
				p.ReportSeverity(Note, pool.Pos, pool, "removed", "%s is removed", ref)
			case change.Changed:
				var parts []string
				for _, f := range pc.Fields {
					eff := "unknown"
					if f.Known {
						e, _ := ChangeEffect(cl, pc, f)
						eff = e.String()
					}
					if e, _ := ChangeEffect(cl, pc, f); f.Setting && e == InPlace {
						continue // a schema detail the model's fields already summarise
					}
					parts = append(parts, fmt.Sprintf("%s (%s)", f, eff))
				}
				if len(parts) > 0 {
					p.ReportSeverity(Note, pool.Pos, pool, "changed", "%s changes: %s", ref, strings.Join(parts, "; "))
				}
			}
		}
	},
})
