package yaml

import (
	"regexp"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// Karpenter's NodePool validation, ported from sigs.k8s.io/karpenter
// v1.14.1: the karpenter.sh_nodepools CRD's OpenAPI schema and CEL rules
// (pkg/apis/crds), which the API server applies, and NodePool's
// RuntimeValidate (pkg/apis/v1/nodepool_validation.go,
// nodeclaim_validation.go), which the controller applies before it uses the
// NodePool. What other rules already check is left to them: labels (PL002,
// PL017), taints (PL016), disruption durations, budgets' nodes, duration
// and reasons, and weight (PL031).

// KarpenterVersion is the Karpenter release the checks follow.
const KarpenterVersion = "v1.14.1"

var (
	karpenterOps      = []string{"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Gte", "Lte"}
	karpenterTGP      = regexp.MustCompile(`^([0-9]+(s|m|h))+$`)
	karpenterCron     = regexp.MustCompile(`^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$`)
	karpenterQuantity = regexp.MustCompile(`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`)
	karpenterEffects  = []string{"NoSchedule", "PreferNoSchedule", "NoExecute"}
	// awsWellKnown are the karpenter.k8s.aws labels Karpenter's AWS
	// provider (v1.14.1, pkg/apis/v1/labels.go) knows; it restricts the
	// rest of its domain.
	awsWellKnown    = map[string]bool{}
	qualifiedNameRE = regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)
	dns1123SubdomRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	labelValueRE    = regexp.MustCompile(`^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$`)
)

func init() {
	for _, l := range []string{"capacity-reservation-id", "capacity-reservation-type", "capacity-reservation-interruptible",
		"instance-hypervisor", "instance-encryption-in-transit-supported", "instance-category", "instance-capability-flex",
		"instance-family", "instance-generation", "instance-size", "instance-local-nvme", "instance-cpu",
		"instance-cpu-manufacturer", "instance-cpu-sustained-clock-speed-mhz", "instance-memory", "instance-ebs-bandwidth",
		"instance-network-bandwidth", "instance-gpu-name", "instance-gpu-manufacturer", "instance-gpu-count",
		"instance-gpu-memory", "instance-accelerator-name", "instance-accelerator-manufacturer",
		"instance-accelerator-count", "instance-tenancy", "placement-group-id", "placement-group-partition"} {
		awsWellKnown["karpenter.k8s.aws/"+l] = true
	}
}

// awsRestricted reports a key in the AWS provider's restricted domain
// that it does not know (a typo like instance-familly).
func awsRestricted(key string) bool {
	domain, _, ok := strings.Cut(key, "/")
	return ok && (domain == "karpenter.k8s.aws" || strings.HasSuffix(domain, ".karpenter.k8s.aws")) && !awsWellKnown[key]
}

// qualifiedNameProblem is Kubernetes' IsQualifiedName: an optional DNS
// subdomain prefix of at most 253 characters and "/", then a name of at
// most 63 characters. It returns "" for a valid name.
func qualifiedNameProblem(s string) string {
	name := s
	if i := strings.IndexByte(s, '/'); i >= 0 {
		prefix := s[:i]
		name = s[i+1:]
		switch {
		case prefix == "":
			return "its prefix is empty"
		case len(prefix) > 253 || !dns1123SubdomRE.MatchString(prefix):
			return "its prefix is not a lowercase DNS subdomain of at most 253 characters"
		}
	}
	switch {
	case name == "":
		return "its name is empty"
	case len(name) > 63:
		return "its name is longer than 63 characters"
	case !qualifiedNameRE.MatchString(name):
		return "its name must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'"
	}
	return ""
}

// karpenterChecks runs the NodePool checks on a karpenter.sh/v1 NodePool.
func karpenterChecks(p *nodepool.Pool, n *node) {
	if s, _ := vstr(n.get("apiVersion")); s != "karpenter.sh/v1" {
		return // v1beta1 has another schema
	}
	v := newVcheck(p, nodepool.ValidatorKarpenter, "spec")
	spec := n.get("spec")
	if !present(spec) || spec.kind != yamlv3.MappingNode {
		return
	}
	tmpl := spec.path("template", "spec")
	if present(tmpl) && tmpl.kind == yamlv3.MappingNode {
		karpenterNodeClassRef(v, tmpl)
		if tmpl.get("requirements") == nil && present(tmpl.get("nodeClassRef")) {
			v.reject(tmpl, "template.spec.requirements", "spec.template.spec.requirements is required (an empty list is allowed)")
		}
		ref := tmpl.get("nodeClassRef")
		kind, _ := vstr(ref.get("kind"))
		group, _ := vstr(ref.get("group"))
		aws := kind == "EC2NodeClass" && group == "karpenter.k8s.aws"
		karpenterRequirements(v, tmpl.get("requirements"), aws)
		karpenterLabels(v, spec.path("template", "metadata", "labels"), aws)
		karpenterStartupTaints(v, tmpl)
		if tgp := tmpl.get("terminationGracePeriod"); present(tgp) {
			if s, ok := vstr(tgp); ok && !karpenterTGP.MatchString(s) {
				v.reject(tgp, "template.spec.terminationGracePeriod", "terminationGracePeriod %q must be a duration like 30s, 10m or 1h30m (not Never, not negative)", s)
			}
		}
	}
	// A document without a node class reference is likely a kustomize
	// patch of a NodePool declared elsewhere: what it leaves out may be in
	// the base, so missing fields are reported only on a whole NodePool.
	whole := present(tmpl.get("nodeClassRef"))
	if d := spec.get("disruption"); present(d) && d.kind == yamlv3.MappingNode && !d.unknown {
		if whole && d.get("consolidateAfter") == nil {
			v.reject(keyAt(spec, "disruption"), "disruption.consolidateAfter", "spec.disruption.consolidateAfter is required when disruption is set (Karpenter v1); use 0s for the v1beta1 behaviour")
		}
		for i, b := range itemsOf(d.get("budgets")) {
			if s, ok := vstr(b.get("schedule")); ok && !karpenterCron.MatchString(s) {
				v.reject(b.get("schedule"), "disruption.budgets["+strconv.Itoa(i)+"].schedule", "budget schedule %q is not a cron expression of five fields or a macro like @daily", s)
			}
		}
		if n, ok := listLen(d.get("budgets")); ok && n > 50 {
			v.reject(d.get("budgets"), "disruption.budgets", "a NodePool takes at most 50 disruption budgets, not %d", n)
		}
	}
	limits := spec.get("limits")
	if present(limits) && limits.kind == yamlv3.MappingNode {
		for i, k := range limits.keys {
			val := limits.vals[i]
			if _, ok := vint(val); ok {
				continue
			}
			if s, ok := vstr(val); ok && !karpenterQuantity.MatchString(s) {
				v.reject(val, "limits."+k, "limit %s = %q is not a resource quantity (like 1000, 1000Gi or 500m)", k, s)
			}
		}
	}
	karpenterStatic(v, spec)
	karpenterUnknownFields(v, spec)
}

// karpenterLabels checks the template's labels: at most 100 (CRD), none
// in a domain ending in karpenter.sh but karpenter.sh/capacity-type (the
// CRD's rule compares the text before the first "/", or the whole key,
// with endsWith: foo.karpenter.sh/x and xkarpenter.sh/x are refused too;
// karpenter.sh/ itself is PL002's), and on an AWS NodePool none of
// karpenter.k8s.aws the provider does not know.
func karpenterLabels(v *vcheck, labels *node, aws bool) {
	if !present(labels) || labels.kind != yamlv3.MappingNode || labels.unknown {
		return
	}
	if len(labels.keys) > 100 {
		v.reject(labels, "template.metadata.labels", "a NodePool's template takes at most 100 labels, not %d", len(labels.keys))
	}
	for i, k := range labels.keys {
		if hasPlaceholder(k) {
			continue // a key known only at apply
		}
		at := &node{pos: labels.keyPos[i]}
		domain, _, slash := strings.Cut(k, "/")
		switch {
		case strings.HasSuffix(domain, "karpenter.sh") && !(slash && domain == "karpenter.sh"):
			v.reject(at, "template.metadata.labels", "label %q is in the restricted label domain karpenter.sh (its domain %q ends in karpenter.sh)", k, domain)
		case aws && awsRestricted(k):
			v.reject(at, "template.metadata.labels", "label %q is in the restricted label domain karpenter.k8s.aws and is not one the AWS provider knows", k)
		}
	}
}

// karpenterNodeClassRef: nodeClassRef has a non-empty group (without
// "/"), kind and name.
func karpenterNodeClassRef(v *vcheck, tmpl *node) {
	ref := tmpl.get("nodeClassRef")
	if !present(ref) {
		// Required, but a document without it is as likely a kustomize
		// patch of a NodePool declared elsewhere: not reported.
		return
	}
	if ref.kind != yamlv3.MappingNode || ref.unknown {
		return
	}
	for _, f := range []string{"group", "kind", "name"} {
		fn := ref.get(f)
		s, ok := vstr(fn)
		switch {
		case !present(fn) && fn == nil:
			v.reject(ref, "template.spec.nodeClassRef."+f, "nodeClassRef.%s is required", f)
		case ok && s == "":
			v.reject(fn, "template.spec.nodeClassRef."+f, "nodeClassRef.%s may not be empty", f)
		case ok && f == "group" && strings.Contains(s, "/"):
			v.reject(fn, "template.spec.nodeClassRef.group", "nodeClassRef.group %q must be an API group without a version (karpenter.k8s.aws, not karpenter.k8s.aws/v1)", s)
		}
	}
}

// karpenterRequirements checks each requirement (CRD schema and CEL
// rules, then ValidateRequirement).
func karpenterRequirements(v *vcheck, reqs *node, aws bool) {
	if !present(reqs) || reqs.kind != yamlv3.SequenceNode {
		return
	}
	if len(reqs.items) > 100 {
		v.reject(reqs, "template.spec.requirements", "a NodePool takes at most 100 requirements, not %d", len(reqs.items))
	}
	for i, r := range reqs.items {
		if r.kind != yamlv3.MappingNode || r.unknown {
			continue
		}
		path := "template.spec.requirements[" + strconv.Itoa(i) + "]"
		keyNode, opNode := r.get("key"), r.get("operator")
		key, keyOK := vstr(keyNode)
		op, opOK := vstr(opNode)
		if keyNode == nil {
			v.reject(r, path+".key", "a requirement needs a key")
		}
		if opNode == nil {
			v.reject(r, path+".operator", "a requirement needs an operator")
		}
		if opOK && !oneOf(op, karpenterOps) {
			v.reject(opNode, path+".operator", "operator %q is not one of %s", op, strings.Join(karpenterOps, ", "))
		}
		if keyOK {
			karpenterRequirementKey(v, keyNode, path+".key", key)
			if aws && awsRestricted(key) {
				v.reject(keyNode, path+".key", "requirement key %q is in the restricted label domain karpenter.k8s.aws and is not one the AWS provider knows", key)
			}
		}
		values, valuesKnown := strItems(r.get("values"))
		for j, val := range values {
			if len(val) > 63 || !labelValueRE.MatchString(val) {
				v.reject(r.get("values"), path+".values["+strconv.Itoa(j)+"]", "requirement value %q is not a valid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)", val)
			}
		}
		if !opOK || !valuesKnown {
			continue
		}
		switch op {
		case "In":
			if len(values) == 0 {
				v.reject(r, path+".values", "requirements with operator In must have a value defined")
			}
		case "Gt", "Lt", "Gte", "Lte":
			ok := len(values) == 1
			if ok {
				n, err := strconv.Atoi(values[0])
				ok = err == nil && n >= 0
			}
			if !ok {
				v.reject(r, path+".values", "requirements with operator %s must have a single non-negative integer value, not %q", op, values)
			}
		}
		mvNode := r.get("minValues")
		if mv, ok := vint(mvNode); ok {
			switch {
			case mv < 1 || mv > 50:
				v.reject(mvNode, path+".minValues", "minValues must be between 1 and 50, not %d", mv)
			case op == "In" && int64(len(values)) < mv:
				v.reject(mvNode, path+".minValues", "requirements with minValues %d must have at least that many values, not %d", mv, len(values))
			}
		}
		if aws && keyOK && key == "karpenter.k8s.aws/instance-tenancy" && op == "In" && len(values) > 0 {
			valid := 0
			for _, val := range values {
				if val == "default" || val == "dedicated" {
					valid++
				}
			}
			if valid == 0 {
				v.reject(r.get("values"), path+".values", "no valid instance tenancy in %q: use default or dedicated", values)
			}
		}
		if keyOK && key == "karpenter.sh/capacity-type" && op == "In" && len(values) > 0 {
			valid := 0
			for _, val := range values {
				if val == "on-demand" || val == "spot" || val == "reserved" {
					valid++
				}
			}
			mv, mvOK := vint(mvNode)
			switch {
			case valid == 0:
				v.reject(r.get("values"), path+".values", "no valid capacity type in %q: use on-demand, spot or reserved", values)
			case mvOK && int64(valid) < mv:
				v.reject(r.get("values"), path+".values", "only %d valid capacity types for minValues %d", valid, mv)
			}
		}
	}
}

// karpenterRequirementKey: the key's pattern and restricted domains (CEL
// and IsRestrictedLabel).
func karpenterRequirementKey(v *vcheck, at *node, path, key string) {
	if key == "" {
		v.reject(at, path, "a requirement key may not be empty")
		return
	}
	if why := qualifiedNameProblem(key); why != "" {
		v.reject(at, path, "requirement key %q is not a qualified name: %s", key, why)
		return
	}
	domain := key
	if i := strings.IndexByte(key, '/'); i >= 0 {
		domain = key[:i]
	}
	switch {
	case key == "karpenter.sh/nodepool":
		v.reject(at, path, "requirement key %q is restricted: Karpenter sets it", key)
	case key == "kubernetes.io/hostname":
		v.reject(at, path, "requirement key %q is restricted", key)
	case key != "karpenter.sh/capacity-type" && strings.HasSuffix(domain, "karpenter.sh"):
		v.reject(at, path, "requirement key %q is in the restricted label domain karpenter.sh", key)
	}
}

// karpenterStartupTaints checks startupTaints (PL016 checks taints) and
// the Key/Effect pairs repeated across both lists (RuntimeValidate).
func karpenterStartupTaints(v *vcheck, tmpl *node) {
	seen := map[string]bool{}
	for _, list := range []string{"taints", "startupTaints"} {
		for i, t := range itemsOf(tmpl.get(list)) {
			if t.kind != yamlv3.MappingNode || t.unknown {
				continue
			}
			path := "template.spec." + list + "[" + strconv.Itoa(i) + "]"
			key, keyOK := vstr(t.get("key"))
			effect, effOK := vstr(t.get("effect"))
			if !present(t.get("effect")) && t.get("effect") == nil {
				effect, effOK = "", true
			}
			if list == "startupTaints" {
				switch {
				case t.get("key") == nil || (keyOK && key == ""):
					v.reject(t, path+".key", "a startup taint needs a key")
				case keyOK && qualifiedNameProblem(key) != "":
					v.reject(t.get("key"), path+".key", "startup taint key %q is not a qualified name: %s", key, qualifiedNameProblem(key))
				}
				switch {
				case t.get("effect") == nil:
					v.reject(t, path+".effect", "a startup taint needs an effect")
				case effOK && !oneOf(effect, karpenterEffects):
					v.reject(t.get("effect"), path+".effect", "startup taint effect %q is not NoSchedule, PreferNoSchedule or NoExecute", effect)
				}
				if val, ok := vstr(t.get("value")); ok && val != "" && qualifiedNameProblem(val) != "" {
					v.reject(t.get("value"), path+".value", "startup taint value %q is not valid: %s", val, qualifiedNameProblem(val))
				}
			}
			if keyOK && effOK {
				k := key + "\x00" + effect
				if seen[k] && list == "startupTaints" {
					v.reject(t, path, "taint key %q with effect %q is repeated across taints and startupTaints", key, effect)
				}
				seen[k] = true
			}
		}
	}
}

// karpenterStatic: a static NodePool (replicas set) takes no weight and
// no limits but nodes (CEL), and replicas is at least 0.
func karpenterStatic(v *vcheck, spec *node) {
	rep := spec.get("replicas")
	if !present(rep) {
		return
	}
	if n, ok := vint(rep); ok && n < 0 {
		v.reject(rep, "replicas", "replicas must be at least 0, not %d", n)
	}
	if w := spec.get("weight"); present(w) {
		v.reject(w, "weight", "'weight' is not supported on static NodePools (replicas is set)")
	}
	if lim := spec.get("limits"); present(lim) && lim.kind == yamlv3.MappingNode {
		for i, k := range lim.keys {
			if k != "nodes" {
				v.reject(&node{pos: lim.keyPos[i]}, "limits."+k, "only 'limits.nodes' is supported on static NodePools (replicas is set), not limits.%s", k)
			}
		}
	}
}
