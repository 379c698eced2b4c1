package rules

import "strings"

// PL016 reports taints the platform rejects.
var PL016 = register(&Rule{
	ID:        "PL016",
	Name:      "taint-invalid",
	Summary:   "Node taint with an invalid key, value or effect, or repeated",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS", "Karpenter", "Kubernetes"},
	Doc: `A taint is key=value:Effect. The key follows Kubernetes label key rules, the
value label value rules (it may be empty), and the effect is NoSchedule,
PreferNoSchedule or NoExecute (the EKS API spells them NO_SCHEDULE,
PREFER_NO_SCHEDULE and NO_EXECUTE; both spellings are accepted on EKS). The
same key and effect may appear only once, and an EKS node group takes at most
50 taints. Karpenter's NodePool CRD (v1.14.1) takes a qualified name as a value
(example.com/b): such a value is a warning there, as the NodePool is accepted
but a Node's taint values are label values.`,
	Fix: `Write each taint as key=value:Effect with a valid key and value, once:

- ARM, Bicep, ASO and Cluster API Azure: nodeTaints "key=value:NoSchedule";
  Terraform azurerm: node_taints, the same format;
- EKS API, Terraform aws_eks_node_group taint blocks and CloudFormation Taints:
  effect NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE, at most 50 taints;
- eksctl and Karpenter (spec.template.spec.taints): effect NoSchedule,
  PreferNoSchedule or NoExecute.

Remove duplicates of the same key and effect.`,
	Links: []Link{linkK8sTaints, linkAKSTaints, linkEKSTaintAPI, linkEKSNodeTaints, linkKarpenterNodePools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			ref := poolRef(c, pool)
			seen := map[string]bool{}
			for _, t := range pool.Taints.Value {
				what := ""
				switch {
				case !validEffect(t.Effect, eks(c) && pool.Karpenter == nil):
					what = "effect " + quote(t.Effect) + " is not NoSchedule, PreferNoSchedule or NoExecute"
				case labelKeyProblem(t.Key) != "":
					what = "key " + quote(t.Key) + " " + labelKeyProblem(t.Key)
				case labelValueProblem(t.Value) != "":
					what = "value " + quote(t.Value) + " " + labelValueProblem(t.Value)
				}
				if what != "" && pool.Karpenter != nil && labelValueProblem(t.Value) != "" && labelKeyProblem(t.Value) == "" {
					// Karpenter's CRD takes a qualified name as a taint
					// value (example.com/b): the NodePool is accepted, but
					// a Node's taint value is a label value.
					p.ReportSeverity(Warning, t.Pos, pool, t.Key+":"+t.Effect, "%s has taint %s whose %s; Karpenter accepts the NodePool, but Kubernetes holds a Node's taint values to label values", ref, quote(taintText(t.Key, t.Value, t.Effect)), what)
					continue
				}
				if what != "" {
					p.Report(t.Pos, pool, t.Key+":"+t.Effect, "%s has taint %s whose %s", ref, quote(taintText(t.Key, t.Value, t.Effect)), what)
					continue
				}
				k := t.Key + ":" + normalEffect(t.Effect)
				if seen[k] {
					p.Report(t.Pos, pool, "dup:"+k, "%s has taint key %q with effect %s more than once", ref, t.Key, t.Effect)
				}
				seen[k] = true
			}
			if nodeGroup(c, pool) && pool.Taints.Known && len(pool.Taints.Value) > 50 {
				p.Report(pool.Taints.Pos, pool, "count", "%s has %d taints; an EKS node group takes at most 50", ref, len(pool.Taints.Value))
			}
		}
	},
})

func validEffect(e string, eksAPI bool) bool {
	switch e {
	case "NoSchedule", "PreferNoSchedule", "NoExecute":
		return true
	case "NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE":
		return eksAPI
	}
	return false
}

func normalEffect(e string) string {
	return strings.ToLower(strings.ReplaceAll(e, "_", ""))
}

func taintText(k, v, e string) string {
	if v == "" {
		return k + ":" + e
	}
	return k + "=" + v + ":" + e
}

func quote(s string) string { return `"` + s + `"` }
