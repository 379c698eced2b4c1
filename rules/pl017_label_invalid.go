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
	Fix: `Fix the label's syntax: a key of [prefix/]name, where the name has 1 to 63
letters, digits, '-', '_' or '.', starting and ending with a letter or digit,
and the optional prefix is a lowercase DNS subdomain; a value that is empty or
follows the name rules. On EKS (Terraform labels, CloudFormation Labels,
eksctl labels) keep the whole key within 63 characters and the value non-empty.`,
	Links: []Link{linkK8sLabels, linkAKSLabels, linkEKSCreateNodegroup},
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
