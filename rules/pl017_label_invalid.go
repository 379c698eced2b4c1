package rules

// PL017 reports node labels with invalid syntax.
var PL017 = register(&Rule{
	ID:        "PL017",
	Name:      "label-invalid",
	Summary:   "Node label key or value with invalid syntax",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS", "Karpenter", "Kubernetes"},
	Doc: `Node label keys are [prefix/]name: a name of 1–63 characters that starts and
ends with an alphanumeric character and contains only alphanumerics, '-', '_'
and '.', and an optional prefix that is a lowercase DNS subdomain of at most
253 characters. Values are empty or follow the name rules, at most 63
characters. The EKS API is stricter: the whole key (prefix included) at most
63 characters, and the value 1–63.`,
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			ref := poolRef(c, pool)
			for _, l := range pool.Labels.Value {
				if why := labelKeyProblem(l.Key); why != "" {
					p.Report(l.Pos, pool, l.Key, "%s has node label key %q that %s", ref, l.Key, why)
					continue
				}
				if l.ValueKnown {
					if why := labelValueProblem(l.Value); why != "" {
						p.Report(l.Pos, pool, l.Key, "%s has node label %q whose value %s", ref, l.Key, why)
						continue
					}
				}
				if nodeGroup(c, pool) && (len(l.Key) > 63 || (l.ValueKnown && l.Value == "")) {
					p.Report(l.Pos, pool, l.Key, "%s has node label %q; EKS needs keys of at most 63 characters and non-empty values", ref, l.Key)
				}
			}
		}
	},
})
