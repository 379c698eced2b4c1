package yaml

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	tparse "text/template/parse"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// Cluster API's own validation of the objects that declare worker pools,
// ported from sigs.k8s.io/cluster-api v1.14.0: the create checks of the
// MachineDeployment and MachinePool webhooks (core/webhooks/admission
// machinedeployment.go, machinepool.go, machine.go), of the Cluster
// webhook on spec.topology.workers (cluster.go, with
// internal/topology/check compatibility.go and internal/util/taints) and
// the CRD constraints of api/core/v1beta1 and v1beta2 on the same
// fields. The defaulting webhook runs first, as on the API server: a
// version without its "v" gets one, the selector and the template's
// labels get the cluster-name label. Update checks (immutable fields,
// version upgrades) need the previous object and are not run; what needs
// the management cluster (feature gates other than their defaults, the
// ClusterClass when it is not in reach) is not judged.

// CAPIVersion is the Cluster API release the checks follow.
const CAPIVersion = "v1.14.0"

var (
	// semver 2.0.0 as blang/semver's Parse reads it (no "v", three
	// numbers without leading zeros).
	capiSemverRE = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
		`(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?` +
		`(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)
)

// capiMachineNameVars are the values a MachineDeployment's machine
// naming template is checked with (MachineSetMachineNameGenerator's).
var capiMachineNameVars = map[string]string{"cluster.name": "cluster", "machineSet.name": "machineset"}

// capiServed reports whether Cluster API v1.14 serves an object's
// version of cluster.x-k8s.io (v1alpha3 and v1alpha4 are gone: such an
// object is judged by nothing here).
func capiServed(apiVersion string) (v1beta2, ok bool) {
	group, version, _ := strings.Cut(apiVersion, "/")
	if group != groupCore {
		return false, false
	}
	return version == "v1beta2", version == "v1beta1" || version == "v1beta2"
}

// capiChecks runs the create webhook of a MachineDeployment or
// MachinePool on the object, for the pool it gives its machines.
func capiChecks(p *nodepool.Pool, d *capiDoc) {
	beta2, ok := capiServed(d.apiVersion)
	if !ok || d.spec == nil || d.spec.kind != yamlv3.MappingNode || d.spec.unknown {
		return
	}
	if d.spec.get("clusterName") == nil {
		// clusterName is required: an object without it is a patch
		// (kustomize), which the API server never sees alone.
		return
	}
	v := newVcheck(p, nodepool.ValidatorCAPI, "")
	spec, tmpl := d.spec, d.spec.path("template", "spec")
	md := d.info.role == roleMachineDeployment
	if md {
		if s, ok := vstr(d.meta.get("name")); ok && !capiLabelValue(s) {
			v.reject(d.meta.get("name"), "metadata.name", "MachineDeployment name %q must be a valid label value: at most 63 characters, letters, digits, '-', '_' or '.', starting and ending with a letter or digit", s)
		}
	}
	if s, ok := vstr(spec.get("clusterName")); ok && (s == "" || len(s) > 63) {
		v.reject(spec.get("clusterName"), "spec.clusterName", "clusterName must have 1 to 63 characters")
	}
	capiBootstrap(v, spec)
	capiClusterNames(v, spec)
	capiMachineVersion(v, tmpl.get("version"), "spec.template.spec.version")
	capiReplicasDefault(v, d, spec)
	capiMetadata(v, spec.path("template", "metadata"), "spec.template.metadata")
	if n, ok := vint(tmpl.get("minReadySeconds")); ok && n < 0 && beta2 {
		v.reject(tmpl.get("minReadySeconds"), "spec.template.spec.minReadySeconds", "minReadySeconds must not be negative")
	}
	if !md {
		if t := tmpl.get("taints"); nonEmptyList(t) {
			v.reject(t, "spec.template.spec.taints", "taints feature for MachinePools is not yet implemented: Cluster API refuses taints on a MachinePool")
		}
		for i, fd := range itemsOf(spec.get("failureDomains")) {
			capiFailureDomain(v, fd, "spec.failureDomains["+strconv.Itoa(i)+"]")
		}
		return
	}
	capiFailureDomain(v, tmpl.get("failureDomain"), "spec.template.spec.failureDomain")
	capiSelector(v, spec)
	capiSkipPreflight(v, d.meta.get("annotations"))
	capiTaints(v, tmpl.get("taints"), "spec.template.spec.taints", true)
	if beta2 {
		capiRollout(v, spec.path("rollout", "strategy"), "spec.rollout.strategy")
		capiIntOrPercent(v, spec.path("remediation", "maxInFlight"), "spec.remediation.maxInFlight")
		capiNaming(v, spec.path("machineNaming", "template"), "spec.machineNaming.template", capiMachineNameVars, true)
		capiEnum(v, spec.path("deletion", "order"), "spec.deletion.order", "Random", "Newest", "Oldest")
	} else {
		capiRollout(v, spec.get("strategy"), "spec.strategy")
		capiEnum(v, spec.path("strategy", "rollingUpdate", "deletePolicy"), "spec.strategy.rollingUpdate.deletePolicy", "Random", "Newest", "Oldest")
		capiIntOrPercent(v, spec.path("strategy", "remediation", "maxInFlight"), "spec.strategy.remediation.maxInFlight")
		capiNaming(v, spec.path("machineNamingStrategy", "template"), "spec.machineNamingStrategy.template", capiMachineNameVars, true)
	}
}

// capiBootstrap: a machine needs a bootstrap configRef or dataSecretName.
func capiBootstrap(v *vcheck, spec *node) {
	tmpl := spec.path("template", "spec")
	if tmpl == nil || tmpl.kind != yamlv3.MappingNode || tmpl.unknown {
		return
	}
	b := tmpl.get("bootstrap")
	if isUnknown(b) || present(b) && b.kind != yamlv3.MappingNode {
		return
	}
	ref, secret := b.get("configRef"), b.get("dataSecretName")
	if (ref == nil || isEmptyMap(ref)) && !present(secret) {
		v.reject(firstNode(keyAt(tmpl, "bootstrap"), keyAt(spec, "template")), "spec.template.spec.bootstrap", "expected either spec.template.spec.bootstrap.dataSecretName or spec.template.spec.bootstrap.configRef to be populated")
	}
}

// isEmptyMap reports a known mapping without keys.
func isEmptyMap(n *node) bool {
	return n != nil && n.kind == yamlv3.MappingNode && !n.unknown && len(n.keys) == 0
}

// capiClusterNames: spec.clusterName and spec.template.spec.clusterName
// must be the same (an absent one is ""). The finding is at the
// template's clusterName when written (spec.clusterName names the
// cluster the other objects name), else at spec.clusterName.
func capiClusterNames(v *vcheck, spec *node) {
	tmpl := spec.path("template", "spec")
	if tmpl == nil || tmpl.kind != yamlv3.MappingNode || tmpl.unknown {
		return
	}
	a, b := spec.get("clusterName"), tmpl.get("clusterName")
	as, aok := vstr(a)
	bs, bok := vstr(b)
	if !present(a) {
		as, aok = "", true
	}
	if !present(b) {
		bs, bok = "", true
	}
	if aok && bok && as != bs {
		v.reject(firstNode(b, a, keyAt(spec, "template")), "spec.clusterName", "spec.clusterName %q and spec.template.spec.clusterName %q must be set to the same value", as, bs)
	}
}

// capiMachineVersion: a machine version is a semantic version once the
// defaulting webhook has given it a "v".
func capiMachineVersion(v *vcheck, n *node, path string) {
	s, ok := vstr(n)
	if !ok || s == "" {
		return
	}
	if !capiSemverRE.MatchString(strings.TrimPrefix(s, "v")) {
		v.reject(n, path, "version %q must be a valid semantic version (v1.31.2)", s)
	}
}

// capiReplicasDefault: with no replicas, the defaulting webhook reads
// both autoscaler annotations as 32-bit integers and refuses the object
// when one does not parse.
func capiReplicasDefault(v *vcheck, d *capiDoc, spec *node) {
	if spec.get("replicas") != nil {
		return
	}
	ann := d.meta.get("annotations")
	minN, maxN := ann.get(annotationMinSize), ann.get(annotationMaxSize)
	if minN == nil || maxN == nil {
		return
	}
	for _, n := range []*node{minN, maxN} {
		var s string
		switch x := plain(n, nil).(type) {
		case int64: // an unquoted number
			s = strconv.FormatInt(x, 10)
		case string:
			var ok bool
			if s, ok = vstr(n); !ok {
				continue // a placeholder
			}
		default:
			continue
		}
		if _, err := strconv.ParseInt(s, 10, 32); err != nil {
			v.reject(n, "metadata.annotations["+n.fieldName()+"]", "annotation %s: %q is not a whole number, and Cluster API cannot default replicas from it", n.fieldName(), s)
		}
	}
}

// capiMetadata is ObjectMeta.Validate: label keys and values, annotation
// keys and their total size.
func capiMetadata(v *vcheck, meta *node, path string) {
	if meta == nil || meta.kind != yamlv3.MappingNode || meta.unknown {
		return
	}
	if l := meta.get("labels"); l != nil && l.kind == yamlv3.MappingNode && !l.unknown {
		for i, k := range l.keys {
			if hasPlaceholder(k) {
				continue
			}
			at := &node{pos: l.keyPos[i]}
			if msg := qualifiedNameProblem(k); msg != "" {
				v.reject(at, path+".labels", "label key %q is not a qualified name: %s", k, msg)
			}
			if s, ok := vstr(l.vals[i]); ok && !capiLabelValue(s) {
				v.reject(l.vals[i], path+".labels", "label %q: value %q must have at most 63 characters, letters, digits, '-', '_' or '.', starting and ending with a letter or digit", k, s)
			}
		}
	}
	if a := meta.get("annotations"); a != nil && a.kind == yamlv3.MappingNode && !a.unknown {
		total := 0
		for i, k := range a.keys {
			total += len(k) + len(a.vals[i].value)
			if hasPlaceholder(k) {
				continue
			}
			if msg := qualifiedNameProblem(strings.ToLower(k)); msg != "" {
				v.reject(&node{pos: a.keyPos[i]}, path+".annotations", "annotation key %q is not a qualified name: %s", k, msg)
			}
		}
		if total > 256*1024 {
			v.reject(a, path+".annotations", "annotations may not be larger than 256 KiB")
		}
	}
}

// capiLabelValue is Kubernetes' IsValidLabelValue.
func capiLabelValue(s string) bool { return len(s) <= 63 && labelValueRE.MatchString(s) }

// capiSelector: the selector, as defaulting leaves it, must be valid and
// match the template's labels (defaulting adds the cluster-name label to
// both, and the MachineDeployment name label to both when the selector is
// empty).
func capiSelector(v *vcheck, spec *node) {
	sel := spec.get("selector")
	if sel != nil && (sel.kind != yamlv3.MappingNode || sel.unknown) {
		return
	}
	ml, me := sel.get("matchLabels"), sel.get("matchExpressions")
	if !known(ml) && present(ml) || !known(me) && present(me) {
		return
	}
	labels := spec.path("template", "metadata", "labels")
	if present(labels) && (labels.kind != yamlv3.MappingNode || !known(labels)) {
		return
	}
	if capiPlaceholderKey(ml) || capiPlaceholderKey(labels) {
		return
	}
	have := map[string]string{}
	if labels != nil && labels.kind == yamlv3.MappingNode {
		for i, k := range labels.keys {
			s, _ := vstr(labels.vals[i])
			have[k] = s
		}
	}
	if ml != nil && ml.kind == yamlv3.MappingNode {
		for i, k := range ml.keys {
			if k == labelClusterName {
				continue // defaulting sets it to spec.clusterName on both sides
			}
			val, _ := vstr(ml.vals[i])
			if msg := qualifiedNameProblem(k); msg != "" {
				v.reject(&node{pos: ml.keyPos[i]}, "spec.selector", "selector key %q is not a qualified name: %s", k, msg)
				return
			}
			if !capiLabelValue(val) {
				v.reject(ml.vals[i], "spec.selector", "selector value %q of %q is not a valid label value", val, k)
				return
			}
			if got, ok := have[k]; !ok || got != val {
				v.reject(firstNode(labels, keyAt(spec, "template")), "spec.template.metadata.labels", "must match spec.selector: label %s=%s is missing from the template's labels", k, val)
				return
			}
		}
	}
	for i, e := range itemsOf(me) {
		key, _ := vstr(e.get("key"))
		op, _ := vstr(e.get("operator"))
		vals, _ := strItems(e.get("values"))
		path := "spec.selector.matchExpressions[" + strconv.Itoa(i) + "]"
		if key == labelClusterName {
			continue
		}
		if msg := qualifiedNameProblem(key); msg != "" {
			v.reject(e, path+".key", "selector key %q is not a qualified name: %s", key, msg)
			return
		}
		got, has := have[key]
		var match bool
		switch op {
		case "In", "NotIn":
			if len(vals) == 0 {
				v.reject(e, path+".values", "values must be non-empty for operator %s", op)
				return
			}
			match = has && oneOf(got, vals)
			if op == "NotIn" {
				match = !match
			}
		case "Exists", "DoesNotExist":
			if len(vals) != 0 {
				v.reject(e, path+".values", "values must be empty for operator %s", op)
				return
			}
			match = has == (op == "Exists")
		default:
			v.reject(e, path+".operator", "operator %q is not one of In, NotIn, Exists, DoesNotExist", op)
			return
		}
		if !match {
			v.reject(firstNode(labels, keyAt(spec, "template")), "spec.template.metadata.labels", "must match spec.selector: the template's labels fail %s %s", key, op)
			return
		}
	}
}

// capiPlaceholderKey reports a mapping with a key left for substitution.
func capiPlaceholderKey(m *node) bool {
	if m == nil || m.kind != yamlv3.MappingNode {
		return false
	}
	for _, k := range m.keys {
		if hasPlaceholder(k) {
			return true
		}
	}
	return false
}

// capiTaints is ValidateMachineTaints: keys Cluster API, the kubelet or
// the cloud provider own, and label-key syntax; with worker also
// validateMachineTaintsForWorkers, which the MachineDeployment webhook
// runs (not the Cluster's on its topology): no control-plane taint.
func capiTaints(v *vcheck, taints *node, path string, worker bool) {
	for i, t := range itemsOf(taints) {
		key, ok := vstr(t.get("key"))
		if !ok {
			continue
		}
		at, p := firstNode(t.get("key"), t), path+"["+strconv.Itoa(i)+"].key"
		switch {
		case key == "node.cluster.x-k8s.io/uninitialized" || key == "node.cluster.x-k8s.io/outdated-revision":
			v.reject(at, p, "taint key %q is not allowed: Cluster API sets it itself", key)
		case strings.HasPrefix(key, "node.kubernetes.io/") && key != "node.kubernetes.io/out-of-service":
			v.reject(at, p, "taint key %q must not have the prefix node.kubernetes.io/, except for node.kubernetes.io/out-of-service", key)
		case strings.HasPrefix(key, "node.cloudprovider.kubernetes.io/"):
			v.reject(at, p, "taint key %q must not have the prefix node.cloudprovider.kubernetes.io/", key)
		case key == "node-role.kubernetes.io/master":
			v.reject(at, p, "taint key %q is deprecated since Kubernetes 1.24 and refused", key)
		case key == "node-role.kubernetes.io/control-plane" && worker:
			v.reject(at, p, "taint key %q is not allowed on worker machines", key)
		}
		if msg := qualifiedNameProblem(key); msg != "" {
			v.reject(at, p, "taint key %q is not a qualified name: %s", key, msg)
		}
	}
}

// capiRollout is validateRolloutStrategy on a strategy (v1beta1
// spec.strategy, v1beta2 spec.rollout.strategy): the strategy type, and
// maxSurge and maxUnavailable as ints or percentages, not both 0.
func capiRollout(v *vcheck, strategy *node, path string) {
	if strategy == nil || strategy.kind != yamlv3.MappingNode || strategy.unknown {
		return
	}
	capiEnum(v, strategy.get("type"), path+".type", "RollingUpdate", "OnDelete")
	ru := strategy.get("rollingUpdate")
	surge, unavail := ru.get("maxSurge"), ru.get("maxUnavailable")
	capiIntOrPercent(v, unavail, path+".rollingUpdate.maxUnavailable")
	capiIntOrPercent(v, surge, path+".rollingUpdate.maxSurge")
	s, sok := vint(surge)
	u, uok := vint(unavail)
	if sok && uok && s == 0 && u == 0 {
		v.reject(surge, path+".rollingUpdate", "maxUnavailable and maxSurge cannot both be 0")
	}
}

// capiIntOrPercent: an IntOrString that Cluster API scales must be an
// integer or a percentage ("25%"), not a string of digits.
func capiIntOrPercent(v *vcheck, n *node, path string) {
	if !present(n) || n.kind != yamlv3.ScalarNode {
		return
	}
	switch x := plain(n, nil).(type) {
	case int64:
	case string:
		// intstr.GetScaledValueFromIntOrPercent: a percentage is an
		// integer (strconv.Atoi's, so a sign is allowed) and "%".
		num, isPercent := strings.CutSuffix(x, "%")
		if _, err := strconv.Atoi(num); !isPercent || err != nil {
			v.reject(n, path, "%q must be either an int or a percentage", x)
		}
	}
}

// capiEnum: a known string must be one of allowed.
func capiEnum(v *vcheck, n *node, path string, allowed ...string) {
	if s, ok := vstr(n); ok && !oneOf(s, allowed) {
		v.reject(n, path, "%q is not one of %s", s, strings.Join(allowed, ", "))
	}
}

// capiNaming is validateMDMachineNaming (needRandom) and the ClusterClass
// webhook's validateNamingStrategies: a Go template over vars (and
// .random) that must parse and give a DNS subdomain name. The template is
// parsed, never executed: only text and plain field actions are
// evaluated, anything else is left unknown.
func capiNaming(v *vcheck, n *node, path string, vars map[string]string, needRandom bool) {
	if !present(n) || n.kind != yamlv3.ScalarNode || n.unknown {
		return
	}
	s := n.value
	if strings.Contains(s, "${") {
		return // a substitution left for apply time
	}
	if len(s) > 256 {
		v.reject(n, path, "the naming template is longer than 256 characters")
		return
	}
	if needRandom && !strings.Contains(s, "{{ .random }}") {
		v.reject(n, path, "invalid template %q: {{ .random }} is missing", s)
		return
	}
	t, err := template.New("name").Parse(s)
	if err != nil {
		v.reject(n, path, "invalid template %q: %v", s, err)
		return
	}
	if t.Tree == nil || t.Tree.Root == nil {
		return
	}
	var name strings.Builder
	for _, nd := range t.Tree.Root.Nodes {
		switch x := nd.(type) {
		case *tparse.TextNode:
			name.Write(x.Text)
		case *tparse.ActionNode:
			if x.Pipe == nil || len(x.Pipe.Decl) > 0 || len(x.Pipe.Cmds) != 1 || len(x.Pipe.Cmds[0].Args) != 1 {
				return // a pipeline poollint does not evaluate
			}
			f, ok := x.Pipe.Cmds[0].Args[0].(*tparse.FieldNode)
			if !ok {
				return
			}
			key := strings.Join(f.Ident, ".")
			switch val, known := vars[key]; {
			case key == "random":
				name.WriteString("x7k2q") // five of utilrand's characters
			case known:
				name.WriteString(val)
			case helmRoots[f.Ident[0]]:
				return // a Helm leftover
			default:
				v.reject(n, path, "invalid template %q: .%s is not one of the values Cluster API gives it (%s)", s, key, capiNamingKeys(vars))
				return
			}
		default:
			return // if, range, template…: not evaluated
		}
	}
	if out := name.String(); len(out) > 253 || !dns1123SubdomRE.MatchString(out) {
		v.reject(n, path, "invalid template %q: generated names (%q) would not be valid Kubernetes object names", s, out)
	}
}

// helmRoots are the top-level objects of a Helm template.
var helmRoots = map[string]bool{"Values": true, "Release": true, "Chart": true, "Capabilities": true, "Template": true, "Files": true}

// capiNamingKeys lists a naming template's values for a message.
func capiNamingKeys(vars map[string]string) string {
	keys := []string{".random"}
	for k := range vars {
		keys = append(keys, "."+k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

// capiTopologyChecks runs the Cluster webhook's checks of one entry of
// spec.topology.workers (list is machineDeployments or machinePools, i
// its index) for the pool it declares: cc is the ClusterClass when in
// reach, wc the entry's worker class in it (found reports whether it is
// there, classesKnown whether its worker classes are all known); names
// indexes the entries by name.
func capiTopologyChecks(p *nodepool.Pool, d *capiDoc, list string, i int, names *capiListIndex, cc *capiDoc, classesKnown bool, wc workerClass, found bool) {
	beta2, ok := capiServed(d.apiVersion)
	e := d.spec.path("topology", "workers", list).items[i]
	if !ok || e.kind != yamlv3.MappingNode || e.unknown {
		return
	}
	v := newVcheck(p, nodepool.ValidatorCAPI, "spec.topology.workers."+list+"["+strconv.Itoa(i)+"]")
	kind := map[string]string{"machineDeployments": "MachineDeployment", "machinePools": "MachinePool"}[list]
	nameN := e.get("name")
	name, nameOK := vstr(nameN)
	if !present(nameN) {
		name, nameOK = "", true
	}
	switch {
	case !nameOK:
	case name == "":
		v.reject(firstNode(nameN, e), "name", "name must not be empty")
	case len(name) > 63:
		v.reject(nameN, "name", "name %q is longer than 63 characters", name)
	case beta2 && !dns1123SubdomRE.MatchString(name):
		v.reject(nameN, "name", "name %q must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit", name)
	default:
		if j := names.first[name]; j < i {
			v.reject(nameN, "name", "name must be unique: %s %q is defined more than once (also at index %d)", kind, name, j)
		}
	}
	cls := e.get("class")
	if s, ok := vstr(cls); ok && (s == "" || len(s) > 256) {
		v.reject(cls, "class", "class must have 1 to 256 characters")
	} else if ok && cc != nil && !found && classesKnown {
		v.reject(cls, "class", "%sClass with name %q does not exist in ClusterClass %q", kind, s, cc.name)
	}
	capiMetadata(v, e.get("metadata"), "metadata")
	capiTaints(v, e.get("taints"), "taints", false)
	if list == "machineDeployments" {
		capiFailureDomain(v, e.get("failureDomain"), "failureDomain")
	}
	for j, fd := range itemsOf(e.get("failureDomains")) {
		if list == "machinePools" {
			capiFailureDomain(v, fd, "failureDomains["+strconv.Itoa(j)+"]")
		}
	}
	if n, ok := vint(e.get("minReadySeconds")); ok && n < 0 && beta2 {
		v.reject(e.get("minReadySeconds"), "minReadySeconds", "minReadySeconds must not be negative")
	}
	if list != "machineDeployments" {
		return
	}
	if beta2 {
		capiRollout(v, e.path("rollout", "strategy"), "rollout.strategy")
	} else {
		capiRollout(v, e.get("strategy"), "strategy")
		capiRollout(v, e.path("rollout", "strategy"), "rollout.strategy")
	}
	if rep := e.get("replicas"); present(rep) {
		ann := e.path("metadata", "annotations")
		if ann.get(annotationMinSize) != nil || ann.get(annotationMaxSize) != nil {
			v.reject(rep, "replicas", "replicas cannot be set on a MachineDeployment topology that has autoscaler annotations: the autoscaler owns the count")
		} else if found {
			cann := wc.metadata.get("annotations")
			if cann.get(annotationMinSize) != nil || cann.get(annotationMaxSize) != nil {
				v.reject(rep, "replicas", "replicas cannot be set when the source class %q of this MachineDeployment topology has autoscaler annotations", wc.class)
			}
		}
	}
	capiHealthCheck(v, e, beta2, cc != nil, wc, found)
}

// capiHealthCheck is validateMachineHealthChecks for a MachineDeployment
// topology, which the webhook runs when the ClusterClass is there
// (classInReach): the node startup timeout of at least 30 s (0 disables
// it), unhealthy thresholds and maxInFlight as ints or percentages, and
// enable: true only with a health check in the entry or its class.
func capiHealthCheck(v *vcheck, e *node, beta2, classInReach bool, wc workerClass, found bool) {
	hcName := "machineHealthCheck"
	if beta2 {
		hcName = "healthCheck"
	}
	hc := e.get(hcName)
	if hc != nil && (hc.kind != yamlv3.MappingNode || hc.unknown) {
		return
	}
	enable := hc.get("enable")
	if beta2 {
		enable = hc.get("enabled")
	}
	defined := false
	if hc != nil {
		for _, k := range hc.keys {
			if k != "enable" && k != "enabled" {
				defined = true
			}
		}
	}
	if n, ok := vint(hc.path("checks", "nodeStartupTimeoutSeconds")); ok && n < 0 && beta2 {
		v.reject(hc.path("checks", "nodeStartupTimeoutSeconds"), hcName+".checks.nodeStartupTimeoutSeconds", "nodeStartupTimeoutSeconds must not be negative")
		return
	}
	if !classInReach {
		// The webhook checks the health check only when it finds the
		// ClusterClass (ValidateClusterForClusterClass).
		return
	}
	capiHealthCheckFields(v, hc, hcName, beta2)
	if isTrue(enable) && !defined && found {
		cls := firstNode(wc.n.get("healthCheck"), wc.n.get("machineHealthCheck"))
		if cls == nil || isEmptyMap(cls) {
			v.reject(enable, hcName+".enable", "cannot be set to true: the health check is defined neither in the Cluster topology nor in the ClusterClass")
		}
	}
}

// capiHealthCheckFields checks a health check's node startup timeout (at
// least 30 s, or 0), unhealthy threshold and maxInFlight (ints or
// percentages).
func capiHealthCheckFields(v *vcheck, hc *node, hcName string, beta2 bool) {
	if beta2 {
		if n, ok := vint(hc.path("checks", "nodeStartupTimeoutSeconds")); ok && n != 0 && n < 30 {
			v.reject(hc.path("checks", "nodeStartupTimeoutSeconds"), hcName+".checks.nodeStartupTimeoutSeconds", "nodeStartupTimeoutSeconds must be at least 30 (or 0 to disable the check), not %d", n)
		}
		capiIntOrPercent(v, hc.path("remediation", "triggerIf", "unhealthyLessThanOrEqualTo"), hcName+".remediation.triggerIf.unhealthyLessThanOrEqualTo")
		capiIntOrPercent(v, hc.path("remediation", "maxInFlight"), hcName+".remediation.maxInFlight")
	} else {
		if d, ok := capaDuration(hc.get("nodeStartupTimeout")); ok && d != 0 && d.Seconds() < 30 {
			v.reject(hc.get("nodeStartupTimeout"), hcName+".nodeStartupTimeout", "nodeStartupTimeout must be at least 30s (or 0 to disable the check), not %s", d)
		}
		capiIntOrPercent(v, hc.get("maxUnhealthy"), hcName+".maxUnhealthy")
	}
}

// capiClassChecks runs the ClusterClass webhook's checks of the worker
// class wc of cc (clusterclass.go, with check.ClusterClassTemplatesAreValid
// and the ClassesAreUnique checks) for a pool the class describes.
func capiClassChecks(p *nodepool.Pool, cc *capiDoc, wc workerClass, classes *capiListIndex) {
	beta2, ok := capiServed(cc.apiVersion)
	if !ok || wc.n == nil || wc.n.kind != yamlv3.MappingNode || wc.n.unknown {
		return
	}
	idx, ok := classes.at[wc.n]
	if !ok {
		return
	}
	v := newVcheck(p, nodepool.ValidatorCAPI, "spec.workers."+wc.list+"["+strconv.Itoa(idx)+"]")
	kind := map[string]string{"machineDeployments": "MachineDeployment", "machinePools": "MachinePool"}[wc.list]
	if cls, ok := vstr(wc.n.get("class")); ok && classes.first[cls] < idx {
		v.reject(wc.n.get("class"), "class", "%s class must be unique: class %q is defined more than once", kind, cls)
	}
	refPath := func(which string) string {
		if beta2 {
			return which + ".templateRef"
		}
		return "template." + which + ".ref"
	}
	capiTemplateRef(v, wc.bootstrapRef, firstNode(wc.n.get("template"), wc.n), refPath("bootstrap"))
	capiTemplateRef(v, wc.infraRef, firstNode(wc.n.get("template"), wc.n), refPath("infrastructure"))
	metaPath := "template.metadata"
	if beta2 {
		metaPath = "metadata"
	}
	capiMetadata(v, wc.metadata, metaPath)
	capiTaints(v, wc.n.get("taints"), "taints", false)
	naming, namingPath := wc.n.path("namingStrategy", "template"), "namingStrategy.template"
	if beta2 {
		naming, namingPath = wc.n.path("naming", "template"), "naming.template"
	}
	vars := map[string]string{"cluster.name": "cluster", "machineDeployment.topologyName": "mdtopology"}
	if wc.list == "machinePools" {
		vars = map[string]string{"cluster.name": "cluster", "machinePool.topologyName": "mptopology"}
	}
	capiNaming(v, naming, namingPath, vars, false)
	if wc.list != "machineDeployments" {
		return
	}
	if beta2 {
		capiRollout(v, wc.n.path("rollout", "strategy"), "rollout.strategy")
		if hc := wc.n.get("healthCheck"); hc != nil && hc.kind == yamlv3.MappingNode && !hc.unknown {
			capiHealthCheckFields(v, hc, "healthCheck", true)
		}
	} else {
		capiRollout(v, wc.n.get("strategy"), "strategy")
		if hc := wc.n.get("machineHealthCheck"); hc != nil && hc.kind == yamlv3.MappingNode && !hc.unknown {
			capiHealthCheckFields(v, hc, "machineHealthCheck", false)
		}
	}
}

// capiTemplateRef is check.ClusterClassTemplateIsValid: a reference with
// a name, a kind ending in Template and an apiVersion.
func capiTemplateRef(v *vcheck, ref, parent *node, path string) {
	if ref == nil {
		v.reject(parent, path, "the worker class needs a template reference (%s)", path)
		return
	}
	if ref.kind != yamlv3.MappingNode || ref.unknown {
		return
	}
	if name := ref.get("name"); name == nil || isEmptyStr(name) {
		v.reject(firstNode(name, ref), path+".name", "template name must be defined")
	}
	if kind, ok := vstr(ref.get("kind")); ok || ref.get("kind") == nil {
		if base, isTemplate := strings.CutSuffix(kind, "Template"); !isTemplate || base == "" {
			v.reject(firstNode(ref.get("kind"), ref), path+".kind", "template kind %q must be of form \"<name>Template\"", kind)
		}
	}
	if av, ok := vstr(ref.get("apiVersion")); ok || ref.get("apiVersion") == nil {
		switch {
		case av == "":
			v.reject(firstNode(ref.get("apiVersion"), ref), path+".apiVersion", "template apiVersion must be defined")
		case strings.Count(av, "/") > 1:
			v.reject(ref.get("apiVersion"), path+".apiVersion", "template apiVersion %q must be a valid Kubernetes apiVersion (group/version)", av)
		}
	}
}

// capiListIndex indexes a list of entries: each item's index and the
// first index of each known value of a key, so that uniqueness checks
// stay linear in the list's length.
type capiListIndex struct {
	at    map[*node]int
	first map[string]int
}

func newCapiListIndex(list *node, key string) *capiListIndex {
	x := &capiListIndex{at: map[*node]int{}, first: map[string]int{}}
	for i, it := range itemsOf(list) {
		x.at[it] = i
		if s, ok := vstr(it.get(key)); ok {
			if _, seen := x.first[s]; !seen {
				x.first[s] = i
			}
		}
	}
	return x
}

// capiTopologyVersion checks a Cluster's spec.topology.version, reported
// on the first pool of its topology: a semantic version once defaulting
// has given it its "v", and one of the ClusterClass's kubernetesVersions
// when cc is in reach and lists them.
func capiTopologyVersion(p *nodepool.Pool, d *capiDoc, cc *capiDoc) {
	if _, ok := capiServed(d.apiVersion); !ok {
		return
	}
	n := d.spec.path("topology", "version")
	s, ok := vstr(n)
	if !ok {
		return
	}
	v := newVcheck(p, nodepool.ValidatorCAPI, "")
	if !strings.HasPrefix(s, "v") {
		s = "v" + s
	}
	if !capiSemverRE.MatchString(s[1:]) {
		v.reject(n, "spec.topology.version", "version %q must be a valid semantic version (v1.31.2)", s)
		return
	}
	if cc == nil {
		return
	}
	kv := cc.spec.get("kubernetesVersions")
	versions, all := strItems(kv)
	if !all || len(versions) == 0 {
		return
	}
	if !oneOf(s, versions) {
		v.reject(n, "spec.topology.version", "version %q must be one of the versions the ClusterClass %q defines (%s)", s, cc.name, strings.Join(versions, ", "))
	}
}

// capiFailureDomain: the CRDs take failure domains of 1 to 256
// characters.
func capiFailureDomain(v *vcheck, fd *node, path string) {
	if s, ok := vstr(fd); ok && (s == "" || len(s) > 256) {
		v.reject(fd, path, "a failure domain must have 1 to 256 characters")
	}
}

// capiPreflightChecks are the MachineSet preflight checks the
// machineset.cluster.x-k8s.io/skip-preflight-checks annotation may name.
var capiPreflightChecks = []string{"All", "ControlPlaneIsStable", "ControlPlaneVersionSkew", "KubeadmVersionSkew", "KubernetesVersionSkew"}

// capiSkipPreflight is validateSkippedMachineSetPreflightChecks (the
// MachineSetPreflightChecks gate is on by default): the annotation's
// comma-separated checks must be ones Cluster API knows.
func capiSkipPreflight(v *vcheck, annotations *node) {
	n := annotations.get("machineset.cluster.x-k8s.io/skip-preflight-checks")
	s, ok := vstr(n)
	if !ok || s == "" {
		return
	}
	var invalid []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); !oneOf(c, capiPreflightChecks) {
			invalid = append(invalid, strconv.Quote(c))
		}
	}
	if len(invalid) > 0 {
		v.reject(n, "metadata.annotations[machineset.cluster.x-k8s.io/skip-preflight-checks]", "skipped preflight check(s) %s must be among %s", strings.Join(invalid, ", "), strings.Join(capiPreflightChecks, ", "))
	}
}
