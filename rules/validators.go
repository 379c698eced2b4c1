package rules

import "github.com/poollint/poollint/nodepool"

// reportRejections reports the checks of one platform validator that the
// cluster's pools fail (nodepool.Rejection, recorded by the parsers).
// A rejection marked Dropped (let through, then ignored) is a warning.
func reportRejections(p *Pass, validator string) {
	c := p.Cluster
	report := func(r nodepool.Rejection, pool *nodepool.Pool, ref string) {
		if r.Validator != validator {
			return
		}
		sev := p.Rule.Severity
		if r.Dropped {
			sev = Warning
		}
		p.ReportSeverity(sev, r.Pos, pool, r.Field+"|"+r.Message, "%s: %s (%s)", ref, r.Message, r.Field)
	}
	for _, r := range c.Rejections {
		report(r, nil, "cluster "+quote(c.DisplayName()))
	}
	for _, pool := range c.Pools {
		for _, r := range pool.Rejections {
			report(r, pool, poolRef(c, pool))
		}
	}
}
