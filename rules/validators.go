package rules

// reportRejections reports the checks of one platform validator that the
// cluster's pools fail (nodepool.Rejection, recorded by the parsers).
func reportRejections(p *Pass, validator string) {
	c := p.Cluster
	for _, pool := range c.Pools {
		for _, r := range pool.Rejections {
			if r.Validator != validator {
				continue
			}
			p.Report(r.Pos, pool, r.Field+"|"+r.Message, "%s: %s (%s)", poolRef(c, pool), r.Message, r.Field)
		}
	}
}
