package rules

import "regexp"

var (
	karpenterDuration = regexp.MustCompile(`^(([0-9]+(s|m|h))+|Never)$`)
	budgetNodes       = regexp.MustCompile(`^((100|[0-9]{1,2})%|[0-9]+)$`)
	budgetDuration    = regexp.MustCompile(`^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$`)
)

// PL031 reports Karpenter disruption settings the CRD rejects.
var PL031 = register(&Rule{
	ID:        "PL031",
	Name:      "karpenter-disruption-invalid",
	Summary:   "Karpenter NodePool disruption settings the API rejects",
	Severity:  Error,
	Platforms: []string{"Karpenter"},
	Doc: `Karpenter's NodePool validation rejects:

- consolidationPolicy other than WhenEmpty, WhenEmptyOrUnderutilized or
  Balanced (v1.14+);
- consolidateAfter and expireAfter not of the form 30s, 10m, 720h, 1h30m or
  Never;
- budgets whose nodes is neither a count nor a percentage up to 100%, whose
  schedule and duration are not set together, whose duration is not like 10m
  or 1h30m, or whose reasons are not Underutilized, Empty or Drifted;
- weight outside 1–100.`,
	Fix: `Correct the NodePool's settings:

- spec.disruption.consolidationPolicy: WhenEmpty, WhenEmptyOrUnderutilized or
  Balanced;
- spec.disruption.consolidateAfter and spec.template.spec.expireAfter: a
  duration (30s, 10m, 720h, 1h30m) or Never;
- spec.disruption.budgets: nodes as a count or a percentage up to 100%,
  schedule and duration together, reasons Underutilized, Empty or Drifted;
- spec.weight: 1 to 100.`,
	Links: []Link{linkKarpenterDisruption, linkKarpenterNodePools},
	Check: func(p *Pass) {
		for _, pool := range p.Pools() {
			k := pool.Karpenter
			ref := "NodePool " + quote(pool.DisplayName())
			if f := k.ConsolidationPolicy; f.Known {
				switch f.Value {
				case "WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced":
				default:
					p.Report(f.Pos, pool, "policy", "%s has consolidationPolicy %s; use WhenEmpty, WhenEmptyOrUnderutilized or Balanced", ref, Describe(f))
				}
			}
			if f := k.ConsolidateAfter; f.Known && !karpenterDuration.MatchString(f.Value) {
				p.Report(f.Pos, pool, "consolidateAfter", "%s has consolidateAfter %s; use a duration like 30s, 10m or 1h30m, or Never", ref, Describe(f))
			}
			if f := k.ExpireAfter; f.Known && !karpenterDuration.MatchString(f.Value) {
				p.Report(f.Pos, pool, "expireAfter", "%s has expireAfter %s; use a duration like 720h, or Never", ref, Describe(f))
			}
			if f := k.Weight; f.Known && (f.Value < 1 || f.Value > 100) {
				p.Report(f.Pos, pool, "weight", "%s has weight %d; Karpenter allows 1 to 100", ref, f.Value)
			}
			for i, b := range k.Budgets.Value {
				if !k.Budgets.Known {
					break // a budget holds a value known only at apply
				}
				key := "budget" + strconvF(float64(i))
				switch {
				case !budgetNodes.MatchString(b.Nodes):
					p.Report(b.Pos, pool, key, "%s has a disruption budget with nodes %q; use a count or a percentage up to 100%%", ref, b.Nodes)
				case (b.Schedule == "") != (b.Duration == ""):
					p.Report(b.Pos, pool, key, "%s has a disruption budget with only one of schedule and duration; set both or neither", ref)
				case b.Duration != "" && !budgetDuration.MatchString(b.Duration):
					p.Report(b.Pos, pool, key, "%s has a disruption budget duration %q; use a duration like 10m or 1h30m", ref, b.Duration)
				default:
					for _, r := range b.Reasons {
						if r != "Underutilized" && r != "Empty" && r != "Drifted" {
							p.Report(b.Pos, pool, key+r, "%s has a disruption budget reason %q; use Underutilized, Empty or Drifted", ref, r)
						}
					}
				}
			}
		}
	},
})
