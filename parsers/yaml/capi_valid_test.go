package yaml

import (
	"strconv"
	"strings"
	"testing"
)

// indentLines indents each non-empty line of s by n spaces.
func indentBy(s string, n int) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.Trim(s, "\n"), "\n") {
		if line != "" {
			b.WriteString(strings.Repeat(" ", n) + line + "\n")
		}
	}
	return b.String()
}

// capiObj is a MachineDeployment or MachinePool of apiVersion
// cluster.x-k8s.io/<version>, with the metadata, spec, template metadata
// and template spec lines given added to a valid object (an empty
// template spec drops the bootstrap; "-" adds nothing).
type capiObj struct {
	kind, version, name          string
	meta, spec, tmplMeta, tmplSp string
	noBootstrap                  bool
}

func (o capiObj) doc() string {
	if o.version == "" {
		o.version = "v1beta1"
	}
	if o.name == "" {
		o.name = "workers"
	}
	var b strings.Builder
	b.WriteString("apiVersion: cluster.x-k8s.io/" + o.version + "\nkind: " + o.kind + "\nmetadata:\n  name: " + o.name + "\n")
	b.WriteString(indentBy(o.meta, 2))
	b.WriteString("spec:\n")
	spec := o.spec
	if !strings.Contains(spec, "clusterName:") {
		spec = "clusterName: shop\n" + spec
	}
	b.WriteString(indentBy(spec, 2))
	b.WriteString("  template:\n")
	if o.tmplMeta != "" {
		b.WriteString("    metadata:\n" + indentBy(o.tmplMeta, 6))
	}
	b.WriteString("    spec:\n")
	tsp := o.tmplSp
	if !strings.Contains(tsp, "clusterName:") {
		tsp = "clusterName: shop\n" + tsp
	}
	if !o.noBootstrap && !strings.Contains(tsp, "bootstrap:") {
		tsp += "\nbootstrap:\n  configRef: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: workers}"
	}
	infra := "AWSMachineTemplate"
	if o.kind == "MachinePool" {
		infra = "AWSMachinePool"
	}
	tsp += "\ninfrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: " + infra + ", name: workers}"
	b.WriteString(indentBy(tsp, 6))
	return b.String()
}

// TestCAPIValidation is Cluster API v1.14.0's create-webhook tables for
// MachineDeployment and MachinePool (core/webhooks/admission
// machinedeployment_test.go, machinepool_test.go) as manifests, with the
// CRD constraints of the same fields; the update cases (immutable
// clusterName) need a previous object and are not ported.
func TestCAPIValidation(t *testing.T) {
	md := func(o capiObj) string { o.kind = "MachineDeployment"; return o.doc() }
	mp := func(o capiObj) string { o.kind = "MachinePool"; return o.doc() }
	b2 := "v1beta2"
	sel := func(sl, tl string) capiObj {
		return capiObj{spec: "selector:\n  matchLabels: " + sl, tmplMeta: "labels: " + tl}
	}
	strat := func(ru string) capiObj {
		return capiObj{spec: "strategy:\n  type: RollingUpdate\n  rollingUpdate: " + ru}
	}
	runValidCases(t, []validCase{
		// TestMachineDeploymentValidation: names.
		{"md name under 63", md(capiObj{name: "short-name"}), "", 0},
		{"md name with _ - .", md(capiObj{name: "thisNameContains.A_Non-Alphanumeric"}), "", 0},
		{"md name over 63", md(capiObj{name: "thisNameIsReallyMuchLongerThanTheMaximumLengthOfSixtyThreeCharacters"}), "metadata.name", 4},
		{"md name starts with -", md(capiObj{name: "-thisNameStartsWithANonAlphanumeric"}), "metadata.name", 4},
		{"md name ends with .", md(capiObj{name: "thisNameEndsWithANonAlphanumeric."}), "metadata.name", 4},
		{"md name with !@", md(capiObj{name: "'thisNameContainsInvalid!@NonAlphanumerics'"}), "metadata.name", 4},
		// selectors
		{"md selector mismatch", md(sel("{foo: bar}", "{foo: baz}")), "spec.template.metadata.labels", 0},
		{"md selector missing labels", md(sel("{foo: bar}", "{'': ''}")), "spec.template.metadata.labels", 0},
		{"md selector partly matching", md(sel("{foo: bar, hello: world}", "{foo: bar}")), "spec.template.metadata.labels", 0},
		{"md selector match", md(sel("{foo: bar}", "{foo: bar}")), "", 0},
		{"md selector invalid", md(sel("{-123-foo: bar}", "{-123-foo: bar}")), "spec.selector", 0},
		{"md selector expression", md(capiObj{spec: "selector:\n  matchExpressions: [{key: tier, operator: In, values: [a, b]}]", tmplMeta: "labels: {tier: b}"}), "", 0},
		{"md selector expression fails", md(capiObj{spec: "selector:\n  matchExpressions: [{key: tier, operator: NotIn, values: [a, b]}]", tmplMeta: "labels: {tier: b}"}), "spec.template.metadata.labels", 0},
		{"md selector operator", md(capiObj{spec: "selector:\n  matchExpressions: [{key: tier, operator: Equals, values: [a]}]", tmplMeta: "labels: {tier: a}"}), "spec.selector.matchExpressions[0].operator", 0},
		{"md selector cluster name", md(capiObj{spec: "selector:\n  matchLabels: {cluster.x-k8s.io/cluster-name: other, pool: a}", tmplMeta: "labels: {pool: a}"}), "", 0}, // defaulting sets it on both sides
		{"md selector empty", md(capiObj{spec: "selector: {}"}), "", 0},
		{"md selector key unknown", md(sel("{'${KEY}': bar}", "{'${KEY}': bar}")), "", 0},
		{"md selector unknown", md(sel("{foo: '${FOO}'}", "{foo: bar}")), "", 0},
		// rollout strategy
		{"md maxSurge string", md(strat("{maxUnavailable: 0, maxSurge: '1'}")), "spec.strategy.rollingUpdate.maxSurge", 0},
		{"md maxUnavailable string", md(strat("{maxUnavailable: '0', maxSurge: 1}")), "spec.strategy.rollingUpdate.maxUnavailable", 0},
		{"md maxInFlight string", md(capiObj{spec: "strategy:\n  remediation: {maxInFlight: '1'}"}), "spec.strategy.remediation.maxInFlight", 0},
		{"md maxInFlight percentage", md(capiObj{spec: "strategy:\n  remediation: {maxInFlight: 20%}"}), "", 0},
		{"md maxInFlight int", md(capiObj{spec: "strategy:\n  remediation: {maxInFlight: 5}"}), "", 0},
		{"md surge ints", md(strat("{maxUnavailable: 0, maxSurge: 1}")), "", 0},
		{"md surge percentages", md(strat("{maxUnavailable: 0%, maxSurge: 1%}")), "", 0},
		{"md surge both 0", md(strat("{maxUnavailable: 0, maxSurge: 0}")), "spec.strategy.rollingUpdate", 0},
		{"md surge 0 percentages", md(strat("{maxUnavailable: 0%, maxSurge: 0%}")), "", 0},
		{"md surge negative percentage", md(strat("{maxUnavailable: -5%, maxSurge: 1}")), "", 0}, // Atoi takes a sign
		{"md surge bare percent", md(strat("{maxUnavailable: '%', maxSurge: 1}")), "spec.strategy.rollingUpdate.maxUnavailable", 0},
		{"md surge unknown", md(strat("{maxUnavailable: 0, maxSurge: '${SURGE}'}")), "", 0},
		{"md strategy type", md(capiObj{spec: "strategy: {type: Recreate}"}), "spec.strategy.type", 0},
		{"md delete policy", md(capiObj{spec: "strategy:\n  rollingUpdate: {deletePolicy: Youngest}"}), "spec.strategy.rollingUpdate.deletePolicy", 0},
		{"md delete policy ok", md(capiObj{spec: "strategy:\n  rollingUpdate: {deletePolicy: Oldest}"}), "", 0},
		{"md v1beta2 rollout both 0", md(capiObj{version: b2, spec: "rollout:\n  strategy:\n    rollingUpdate: {maxUnavailable: 0, maxSurge: 0}"}), "spec.rollout.strategy.rollingUpdate", 0},
		{"md v1beta2 rollout ok", md(capiObj{version: b2, spec: "rollout:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxUnavailable: 1, maxSurge: 25%}"}), "", 0},
		{"md v1beta2 maxInFlight", md(capiObj{version: b2, spec: "remediation: {maxInFlight: '1'}"}), "spec.remediation.maxInFlight", 0},
		{"md v1beta2 deletion order", md(capiObj{version: b2, spec: "deletion: {order: Youngest}"}), "spec.deletion.order", 0},
		{"md v1beta2 minReadySeconds", md(capiObj{version: b2, tmplSp: "minReadySeconds: -1"}), "spec.template.spec.minReadySeconds", 0},
		{"md v1beta2 minReadySeconds ok", md(capiObj{version: b2, tmplSp: "minReadySeconds: 30"}), "", 0},
		// machine naming
		{"md naming with random", md(capiObj{spec: "machineNamingStrategy:\n  template: '{{ .machineSet.name }}-{{ .random }}'"}), "", 0},
		{"md naming without random", md(capiObj{spec: "machineNamingStrategy:\n  template: '{{ .machineSet.name }}'"}), "spec.machineNamingStrategy.template", 0},
		{"md naming not DNS", md(capiObj{spec: "machineNamingStrategy:\n  template: '{{ .machineSet.name }}-{{ .random }}-'"}), "spec.machineNamingStrategy.template", 0},
		{"md v1beta2 naming", md(capiObj{version: b2, spec: "machineNaming:\n  template: '{{ .cluster.name }}-{{ .random }}'"}), "", 0},
		{"md v1beta2 naming upper case", md(capiObj{version: b2, spec: "machineNaming:\n  template: 'Workers-{{ .random }}'"}), "spec.machineNaming.template", 0},
		{"md naming other action", md(capiObj{spec: "machineNamingStrategy:\n  template: '{{ .Values.prefix }}-{{ .random }}'"}), "", 0},
		// TestMachineDeploymentVersionValidation
		{"md version", md(capiObj{tmplSp: "version: v1.17.2"}), "", 0},
		// Upstream's table calls the validator without the defaulting
		// webhook, which gives the version its "v" on the API server.
		{"md version without v", md(capiObj{tmplSp: "version: 1.17.2"}), "", 0},
		{"md version ++", md(capiObj{tmplSp: "version: v1.17.2++"}), "spec.template.spec.version", 0},
		{"md version v1", md(capiObj{tmplSp: "version: v1"}), "spec.template.spec.version", 0},
		{"md version words", md(capiObj{tmplSp: "version: wrong_version"}), "spec.template.spec.version", 0},
		{"md version minor only", md(capiObj{tmplSp: "version: v1.31"}), "spec.template.spec.version", 0},
		{"md version unknown", md(capiObj{tmplSp: "version: ${KUBERNETES_VERSION}"}), "", 0},
		// TestMachineDeploymentBootstrapValidation
		{"md no bootstrap", md(capiObj{noBootstrap: true}), "spec.template.spec.bootstrap", 0},
		{"md empty bootstrap", md(capiObj{tmplSp: "bootstrap: {}"}), "spec.template.spec.bootstrap", 0},
		{"md data secret", md(capiObj{tmplSp: "bootstrap: {dataSecretName: test}"}), "", 0},
		{"md empty data secret", md(capiObj{tmplSp: "bootstrap: {dataSecretName: ''}"}), "", 0},
		{"md config ref", md(capiObj{tmplSp: "bootstrap: {configRef: {name: bootstrap1}}"}), "", 0},
		// TestCalculateMachineDeploymentReplicas
		{"md replicas set", md(capiObj{spec: "replicas: 5"}), "", 0},
		{"md only min annotation", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '3'}"}), "", 0},
		{"md only max annotation", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}), "", 0},
		{"md min annotation invalid", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: abc, cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}),
			"metadata.annotations[cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size]", 0},
		{"md max annotation invalid", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '3', cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: abc}"}),
			"metadata.annotations[cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size]", 0},
		{"md annotations", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '3', cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}), "", 0},
		{"md annotations angle placeholder", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '<min>', cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: 7}"}), "", 0},
		{"md annotations unquoted", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: 3, cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: 7}"}), "", 0},
		{"md annotations unknown", md(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '${MIN}', cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}), "", 0},
		// TestValidateSkippedMachineSetPreflightChecks (machineset_test.go;
		// the MachineDeployment webhook runs it too)
		{"md skip no preflight checks", md(capiObj{meta: "annotations: {machineset.cluster.x-k8s.io/skip-preflight-checks: ''}"}), "", 0},
		{"md skip one preflight check", md(capiObj{meta: "annotations: {machineset.cluster.x-k8s.io/skip-preflight-checks: KubeadmVersionSkew}"}), "", 0},
		{"md skip preflight checks", md(capiObj{meta: "annotations: {machineset.cluster.x-k8s.io/skip-preflight-checks: 'KubeadmVersionSkew, ControlPlaneIsStable'}"}), "", 0},
		{"md skip invalid preflight check", md(capiObj{meta: "annotations: {machineset.cluster.x-k8s.io/skip-preflight-checks: 'KubeadmVersionSkew,invalid-preflight-check-name'}"}),
			"metadata.annotations[machineset.cluster.x-k8s.io/skip-preflight-checks]", 0},
		// TestMachineDeploymentClusterNamesEqual
		{"md cluster names equal", md(capiObj{spec: "clusterName: foo", tmplSp: "clusterName: foo"}), "", 0},
		{"md cluster names differ", md(capiObj{spec: "clusterName: foo", tmplSp: "clusterName: bar"}), "spec.clusterName", 9}, // at the template's
		{"md template cluster name missing", strings.Replace(md(capiObj{spec: "clusterName: foo"}), "      clusterName: shop\n", "", 1), "spec.clusterName", 6},
		{"md cluster name empty", md(capiObj{spec: "clusterName: ''", tmplSp: "clusterName: ''"}), "spec.clusterName", 6},
		{"mp cluster name long", mp(capiObj{spec: "clusterName: " + strings.Repeat("c", 64), tmplSp: "clusterName: " + strings.Repeat("c", 64)}), "spec.clusterName", 6},
		{"md cluster name unknown", md(capiObj{spec: "clusterName: ${CLUSTER_NAME}", tmplSp: "clusterName: bar"}), "", 0},
		// TestMachineDeploymentTemplateMetadataValidation
		{"md template metadata", md(capiObj{tmplMeta: "labels:\n  foo: $invalid-key\n  bar: " + strings.Repeat("a", 64) + "too-long-value\n  /invalid-key: foo\nannotations:\n  /invalid-key: foo"}), "spec.template.metadata.labels", 0},
		{"md template annotation key", md(capiObj{tmplMeta: "annotations:\n  /invalid-key: foo"}), "spec.template.metadata.annotations", 0},
		{"md template metadata ok", md(capiObj{tmplMeta: "labels: {team: a}\nannotations: {example.com/note: 'any value: ok'}"}), "", 0},
		// TestMachineDeploymentTaintValidation
		{"md no taints", md(capiObj{tmplSp: "taints: []"}), "", 0},
		{"md taint uninitialized", md(capiObj{tmplSp: "taints: [{key: node.cluster.x-k8s.io/uninitialized, effect: NoSchedule}]"}), "spec.template.spec.taints[0].key", 0},
		{"md taint outdated revision", md(capiObj{tmplSp: "taints: [{key: node.cluster.x-k8s.io/outdated-revision, effect: NoSchedule}]"}), "spec.template.spec.taints[0].key", 0},
		{"md taint node.kubernetes.io", md(capiObj{tmplSp: "taints: [{key: node.kubernetes.io/some-taint, effect: NoSchedule}]"}), "spec.template.spec.taints[0].key", 0},
		{"md taint out of service", md(capiObj{tmplSp: "taints: [{key: node.kubernetes.io/out-of-service, effect: NoSchedule}]"}), "", 0},
		{"md taint cloud provider", md(capiObj{tmplSp: "taints: [{key: node.cloudprovider.kubernetes.io/some-taint, effect: NoSchedule}]"}), "spec.template.spec.taints[0].key", 0},
		{"md taint master", md(capiObj{tmplSp: "taints: [{key: node-role.kubernetes.io/master, effect: NoSchedule}]"}), "spec.template.spec.taints[0].key", 0},
		{"md taint control plane", md(capiObj{tmplSp: "taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]"}), "spec.template.spec.taints[0].key", 0},
		{"md taint ok", md(capiObj{tmplSp: "taints: [{key: dedicated, value: gpu, effect: NoSchedule}]"}), "", 0},
		// A kustomize patch (no clusterName, which the CRD requires) is
		// not an object of its own.
		{"md patch", "apiVersion: cluster.x-k8s.io/v1beta1\nkind: MachineDeployment\nmetadata:\n  name: md\nspec:\n  template:\n    spec:\n      infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: md}\n", "", 0},
		// Versions Cluster API no longer serves are judged by nothing here.
		{"md v1alpha4", md(capiObj{version: "v1alpha4", tmplSp: "version: v1"}), "", 0},

		// TestMachinePoolBootstrapValidation
		{"mp no bootstrap", mp(capiObj{noBootstrap: true}), "spec.template.spec.bootstrap", 0},
		{"mp data secret", mp(capiObj{tmplSp: "bootstrap: {dataSecretName: test}"}), "", 0},
		{"mp config ref", mp(capiObj{tmplSp: "bootstrap: {configRef: {name: bootstrap1}}"}), "", 0},
		// TestMachinePoolClusterNamesEqual
		{"mp cluster names equal", mp(capiObj{spec: "clusterName: foo", tmplSp: "clusterName: foo"}), "", 0},
		{"mp cluster names differ", mp(capiObj{spec: "clusterName: foo", tmplSp: "clusterName: bar"}), "spec.clusterName", 0},
		// TestMachinePoolVersionValidation
		{"mp version", mp(capiObj{tmplSp: "version: v1.23.3"}), "", 0},
		{"mp version pre-release", mp(capiObj{tmplSp: "version: v1.19.0-alpha.1"}), "", 0},
		{"mp version ++", mp(capiObj{tmplSp: "version: v1.17.2++"}), "spec.template.spec.version", 0},
		{"mp version v1", mp(capiObj{tmplSp: "version: v1"}), "spec.template.spec.version", 0},
		{"mp version without v", mp(capiObj{tmplSp: "version: 1.20.0"}), "", 0}, // defaulted to v1.20.0
		// TestCalculateMachinePoolReplicas
		{"mp min annotation invalid", mp(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: abc, cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}),
			"metadata.annotations[cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size]", 0},
		{"mp max annotation invalid", mp(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '3', cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: abc}"}),
			"metadata.annotations[cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size]", 0},
		{"mp replicas set", mp(capiObj{spec: "replicas: 5"}), "", 0},
		{"mp only min annotation", mp(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '3'}"}), "", 0},
		{"mp only max annotation", mp(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}), "", 0},
		{"mp annotations", mp(capiObj{meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '3', cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}), "", 0},
		{"mp annotations with replicas", mp(capiObj{spec: "replicas: 3", meta: "annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: abc, cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '7'}"}), "", 0},
		// TestMachinePoolMetadataValidation
		{"mp template metadata", mp(capiObj{tmplMeta: "labels:\n  foo: $invalid-key\n  /invalid-key: foo"}), "spec.template.metadata.labels", 0},
		// Taints on a MachinePool are refused whatever the feature gates.
		{"mp taints", mp(capiObj{version: b2, tmplSp: "taints: [{key: dedicated, effect: NoSchedule}]"}), "spec.template.spec.taints", 0},
		{"mp v1beta2 minReadySeconds", mp(capiObj{version: b2, tmplSp: "minReadySeconds: -1"}), "spec.template.spec.minReadySeconds", 0},
		{"mp failure domain", mp(capiObj{spec: "failureDomains: ['']"}), "spec.failureDomains[0]", 0},
		{"md failure domain", md(capiObj{tmplSp: "failureDomain: ''"}), "spec.template.spec.failureDomain", 0},
		{"md failure domain ok", md(capiObj{version: b2, tmplSp: "failureDomain: us-east-1a"}), "", 0},
		{"mp failure domains", mp(capiObj{spec: "failureDomains: [us-east-1a, us-east-1b]"}), "", 0},
	})
}

// topologyDoc is a Cluster with a managed topology whose workers are the
// lines given, and a ClusterClass with worker classes "default" (a
// MachineDeploymentClass whose class lines are mdClass) and "pool" (a
// MachinePoolClass) when withClass.
func topologyDoc(version, workers, mdClass string, withClass bool) string {
	classRef := "class: shop-class"
	if version == "v1beta2" {
		classRef = "classRef: {name: shop-class}"
	}
	doc := "apiVersion: cluster.x-k8s.io/" + version + "\nkind: Cluster\nmetadata:\n  name: shop\nspec:\n  topology:\n    " + classRef + "\n    version: v1.31.2\n    workers:\n" + indentBy(workers, 6)
	if withClass {
		doc += "---\napiVersion: cluster.x-k8s.io/" + version + "\nkind: ClusterClass\nmetadata:\n  name: shop-class\nspec:\n  workers:\n    machineDeployments:\n      - class: default\n" + indentBy(classRefs(version, mdClass), 8) +
			"    machinePools:\n      - class: pool\n" + indentBy(classRefs(version, ""), 8)
	}
	return doc
}

// classRefs adds a worker class's template references to its lines.
func classRefs(version, lines string) string {
	b := "{apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: workers}"
	i := "{apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: workers}"
	if version == "v1beta2" {
		return "bootstrap: {templateRef: " + b + "}\ninfrastructure: {templateRef: " + i + "}\n" + lines
	}
	refs := "template:\n  bootstrap: {ref: " + b + "}\n  infrastructure: {ref: " + i + "}\n"
	if strings.Contains(lines, "template:\n") {
		return strings.Replace(lines, "template:\n", refs, 1)
	}
	return refs + lines
}

// TestCAPITopologyValidation is the Cluster webhook's table on
// spec.topology.workers (core/webhooks/admission cluster_test.go,
// Cluster API v1.14.0), with the CRD constraints of the entries.
func TestCAPITopologyValidation(t *testing.T) {
	c := func(workers string) string { return topologyDoc("v1beta1", workers, "", true) }
	c2 := func(workers string) string { return topologyDoc("v1beta2", workers, "", true) }
	w := "spec.topology.workers.machineDeployments"
	annotated := "{cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '1', cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '5'}"
	runValidCases(t, []validCase{
		{"duplicate MachineDeployment names", c("machineDeployments:\n  - {class: default, name: md1}\n  - {class: default, name: md1}"), w + "[1].name", 0},
		{"duplicate MachinePool names", c("machinePools:\n  - {class: pool, name: mp1}\n  - {class: pool, name: mp1}"), "spec.topology.workers.machinePools[1].name", 0},
		{"unique MachineDeployment names", c("machineDeployments:\n  - {class: default, name: md1}\n  - {class: default, name: md2}"), "", 0},
		{"unique MachinePool names", c("machinePools:\n  - {class: pool, name: mp1}\n  - {class: pool, name: mp2}"), "", 0},
		{"empty name", c("machineDeployments:\n  - {class: default, name: ''}"), w + "[0].name", 0},
		{"long name", c("machineDeployments:\n  - {class: default, name: " + strings.Repeat("a", 64) + "}"), w + "[0].name", 0},
		{"v1beta2 name not DNS", c2("machineDeployments:\n  - {class: default, name: MD_1}"), w + "[0].name", 0},
		{"unknown class", c("machineDeployments:\n  - {class: gpu, name: md1}"), w + "[0].class", 0},
		{"empty class", topologyDoc("v1beta1", "machineDeployments:\n  - {class: '', name: md1}", "", false), w + "[0].class", 0},
		{"unknown class, class not in reach", topologyDoc("v1beta1", "machineDeployments:\n  - {class: gpu, name: md1}", "", false), "", 0},
		{"MachinePool class", c("machinePools:\n  - {class: default, name: mp1}"), "spec.topology.workers.machinePools[0].class", 0},
		// validateAutoscalerAnnotationsForCluster
		{"replicas not set", c("machineDeployments:\n  - {class: default, name: md1, metadata: {annotations: " + annotated + "}}"), "", 0},
		{"replicas without annotations", c("machineDeployments:\n  - {class: default, name: md1, replicas: 3}"), "", 0},
		{"replicas with one annotation", c("machineDeployments:\n  - {class: default, name: md1, replicas: 3, metadata: {annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: '1'}}}"), w + "[0].replicas", 0},
		{"replicas with two annotations", c("machineDeployments:\n  - {class: default, name: md1, replicas: 3, metadata: {annotations: " + annotated + "}}"), w + "[0].replicas", 0},
		{"replicas, class annotations", topologyDoc("v1beta1", "machineDeployments:\n  - {class: default, name: md1, replicas: 3}", "template:\n  metadata:\n    annotations: "+annotated, true), w + "[0].replicas", 0},
		{"replicas, class with one annotation", topologyDoc("v1beta1", "machineDeployments:\n  - {class: default, name: md1, replicas: 3}", "template:\n  metadata:\n    annotations: {cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size: '5'}", true), w + "[0].replicas", 0},
		{"replicas, no matching class", topologyDoc("v1beta1", "machineDeployments:\n  - {class: default, name: md1, replicas: 3}", "", false), "", 0},
		// validateMachineHealthChecks
		{"health check enabled without definition", c("machineDeployments:\n  - {class: default, name: md1, machineHealthCheck: {enable: true}}"), w + "[0].machineHealthCheck.enable", 0},
		{"health check defined in the topology", c("machineDeployments:\n  - {class: default, name: md1, machineHealthCheck: {enable: true, nodeStartupTimeout: 10m}}"), "", 0},
		{"health check defined in the class", topologyDoc("v1beta1", "machineDeployments:\n  - {class: default, name: md1, machineHealthCheck: {enable: true}}", "machineHealthCheck:\n  nodeStartupTimeout: 10m", true), "", 0},
		{"health check startup timeout", c("machineDeployments:\n  - {class: default, name: md1, machineHealthCheck: {nodeStartupTimeout: 10s}}"), w + "[0].machineHealthCheck.nodeStartupTimeout", 0},
		{"health check max unhealthy", c("machineDeployments:\n  - {class: default, name: md1, machineHealthCheck: {maxUnhealthy: '40'}}"), w + "[0].machineHealthCheck.maxUnhealthy", 0},
		{"v1beta2 health check", c2("machineDeployments:\n  - {class: default, name: md1, healthCheck: {checks: {nodeStartupTimeoutSeconds: 20}}}"), w + "[0].healthCheck.checks.nodeStartupTimeoutSeconds", 0},
		{"health check, class not in reach", topologyDoc("v1beta1", "machineDeployments:\n  - {class: default, name: md1, machineHealthCheck: {enable: true, nodeStartupTimeout: 10s}}", "", false), "", 0},
		{"v1beta2 negative startup timeout, class not in reach", topologyDoc("v1beta2", "machineDeployments:\n  - {class: default, name: md1, healthCheck: {checks: {nodeStartupTimeoutSeconds: -1}}}", "", false), w + "[0].healthCheck.checks.nodeStartupTimeoutSeconds", 0},
		{"v1beta2 health check disabled timeout", c2("machineDeployments:\n  - {class: default, name: md1, healthCheck: {checks: {nodeStartupTimeoutSeconds: 0}, remediation: {triggerIf: {unhealthyLessThanOrEqualTo: 40%}}}}"), "", 0},
		{"v1beta2 health check threshold", c2("machineDeployments:\n  - {class: default, name: md1, healthCheck: {remediation: {triggerIf: {unhealthyLessThanOrEqualTo: '40'}}}}"), w + "[0].healthCheck.remediation.triggerIf.unhealthyLessThanOrEqualTo", 0},
		// validateTopologyRollout, validateTopologyTaints, validateTopologyMetadata
		{"rollout both 0", c2("machineDeployments:\n  - {class: default, name: md1, rollout: {strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}}}"), w + "[0].rollout.strategy.rollingUpdate", 0},
		{"v1beta1 strategy both 0", c("machineDeployments:\n  - {class: default, name: md1, strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}}"), w + "[0].strategy.rollingUpdate", 0},
		{"rollout ok", c2("machineDeployments:\n  - {class: default, name: md1, rollout: {strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}}"), "", 0},
		{"taint reserved", c("machineDeployments:\n  - {class: default, name: md1, taints: [{key: node.kubernetes.io/not-ready, effect: NoSchedule}]}"), w + "[0].taints[0].key", 0},
		// The Cluster webhook runs ValidateMachineTaints only, not the
		// worker check of the MachineDeployment webhook.
		{"topology control-plane taint", c("machineDeployments:\n  - {class: default, name: md1, taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}"), "", 0},
		{"MachinePool taint reserved", c("machinePools:\n  - {class: pool, name: mp1, taints: [{key: node-role.kubernetes.io/master, effect: NoSchedule}]}"), "spec.topology.workers.machinePools[0].taints[0].key", 0},
		{"metadata label", c("machineDeployments:\n  - {class: default, name: md1, metadata: {labels: {team: 'a b'}}}"), w + "[0].metadata.labels", 0},
		{"metadata ok", c("machineDeployments:\n  - {class: default, name: md1, metadata: {labels: {team: a}}}"), "", 0},
		{"topology failure domain", c("machineDeployments:\n  - {class: default, name: md1, failureDomain: ''}"), w + "[0].failureDomain", 0},
		{"topology failure domains", c("machinePools:\n  - {class: pool, name: mp1, failureDomains: [a, '']}"), "spec.topology.workers.machinePools[0].failureDomains[1]", 0},
		{"minReadySeconds", c2("machineDeployments:\n  - {class: default, name: md1, minReadySeconds: -5}"), w + "[0].minReadySeconds", 0},
		// spec.topology.version, on the first pool of the topology.
		{"topology version without v", strings.Replace(c("machineDeployments:\n  - {class: default, name: md1}"), "version: v1.31.2", "version: 1.31.2", 1), "", 0},
		{"topology version minor only", strings.Replace(c("machineDeployments:\n  - {class: default, name: md1}\n  - {class: default, name: md2}"), "version: v1.31.2", "version: v1.31", 1), "spec.topology.version", 8},
		{"topology version in the class", strings.Replace(c("machinePools:\n  - {class: pool, name: mp1}"), "spec:\n  workers:", "spec:\n  kubernetesVersions: [v1.30.6, v1.31.2]\n  workers:", 1), "", 0},
		{"topology version not in the class", strings.Replace(c("machinePools:\n  - {class: pool, name: mp1}"), "spec:\n  workers:", "spec:\n  kubernetesVersions: [v1.30.6, v1.31.1]\n  workers:", 1), "spec.topology.version", 8},
		{"topology version unknown", strings.Replace(c("machineDeployments:\n  - {class: default, name: md1}"), "version: v1.31.2", "version: ${KUBERNETES_VERSION}", 1), "", 0},
		{"unknown name", c("machineDeployments:\n  - {class: default, name: '${MD_NAME}'}\n  - {class: default, name: '${MD_NAME}'}"), "", 0},
	})
}

// classDoc is a v1beta1 Cluster whose topology uses worker classes
// "default" (MachineDeployment) and "pool" (MachinePool) of a ClusterClass
// whose worker lists are mds and mps.
func classDoc(version, mds, mps string) string {
	classRef := "class: shop-class"
	if version == "v1beta2" {
		classRef = "classRef: {name: shop-class}"
	}
	doc := "apiVersion: cluster.x-k8s.io/" + version + "\nkind: Cluster\nmetadata:\n  name: shop\nspec:\n  topology:\n    " + classRef + "\n    version: v1.31.2\n    workers:\n" +
		"      machineDeployments: [{class: default, name: md1}]\n      machinePools: [{class: pool, name: mp1}]\n"
	doc += "---\napiVersion: cluster.x-k8s.io/" + version + "\nkind: ClusterClass\nmetadata:\n  name: shop-class\nspec:\n  workers:\n"
	doc += "    machineDeployments:\n" + indentBy(mds, 6) + "    machinePools:\n" + indentBy(mps, 6)
	return doc
}

// TestCAPIClassValidation is the ClusterClass webhook's table on worker
// classes (core/webhooks/admission clusterclass_test.go, Cluster API
// v1.14.0), checked on the pools the classes describe.
func TestCAPIClassValidation(t *testing.T) {
	b := "{apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: workers}"
	i := "{apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: workers}"
	md := func(class, extra string) string {
		return "- class: " + class + "\n  template:\n    bootstrap: {ref: " + b + "}\n    infrastructure: {ref: " + i + "}\n" + indentBy(extra, 2)
	}
	mdRefs := func(bref, iref string) string {
		return "- class: default\n  template:\n    bootstrap: {ref: " + bref + "}\n    infrastructure: {ref: " + iref + "}\n"
	}
	mp := md("pool", "")
	c := func(mds string) string { return classDoc("v1beta1", mds, mp) }
	w, p0 := "spec.workers.machineDeployments[0]", "spec.workers.machinePools[0]"
	badTemplate := "{apiVersion: group.test.io/foo, kind: bar, name: baz}"
	badAPIVersion := "{apiVersion: group/test.io/v1/foo, kind: barTemplate, name: baz}"
	runValidCases(t, []validCase{
		{"valid classes", c(md("default", "")), "", 0},
		{"bootstrap without name", c(mdRefs("{apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: ''}", i)), w + ".template.bootstrap.ref.name", 0},
		{"infrastructure without name", c(mdRefs(b, "{apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate}")), w + ".template.infrastructure.ref.name", 0},
		{"bootstrap not a template", c(mdRefs("{apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfig, name: workers}", i)), w + ".template.bootstrap.ref.kind", 0},
		{"infrastructure kind Template", c(mdRefs(b, "{apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: Template, name: workers}")), w + ".template.infrastructure.ref.kind", 0},
		{"infrastructure apiVersion", c(mdRefs(b, "{apiVersion: a/b/c, kind: AWSMachineTemplate, name: workers}")), w + ".template.infrastructure.ref.apiVersion", 0},
		{"bootstrap apiVersion missing", c(mdRefs("{kind: KubeadmConfigTemplate, name: workers}", i)), w + ".template.bootstrap.ref.apiVersion", 0},
		{"MachinePool bootstrap not a template", classDoc("v1beta1", md("default", ""), "- class: pool\n  template:\n    bootstrap: {ref: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfig, name: w}}\n    infrastructure: {ref: "+i+"}"),
			"spec.workers.machinePools[0].template.bootstrap.ref.kind", 0},
		// Upstream's refBadTemplate and refBadAPIVersion in each place.
		{"bad template, MachineDeployment bootstrap", c(mdRefs(badTemplate, i)), w + ".template.bootstrap.ref.kind", 0},
		{"bad template, MachineDeployment infrastructure", c(mdRefs(b, badTemplate)), w + ".template.infrastructure.ref.kind", 0},
		{"bad template, MachinePool bootstrap", classDoc("v1beta1", md("default", ""), strings.Replace(mdRefs(badTemplate, i), "default", "pool", 1)), p0 + ".template.bootstrap.ref.kind", 0},
		{"bad template, MachinePool infrastructure", classDoc("v1beta1", md("default", ""), strings.Replace(mdRefs(b, badTemplate), "default", "pool", 1)), p0 + ".template.infrastructure.ref.kind", 0},
		{"bad apiVersion, MachineDeployment bootstrap", c(mdRefs(badAPIVersion, i)), w + ".template.bootstrap.ref.apiVersion", 0},
		{"bad apiVersion, MachineDeployment infrastructure", c(mdRefs(b, badAPIVersion)), w + ".template.infrastructure.ref.apiVersion", 0},
		{"bad apiVersion, MachinePool bootstrap", classDoc("v1beta1", md("default", ""), strings.Replace(mdRefs(badAPIVersion, i), "default", "pool", 1)), p0 + ".template.bootstrap.ref.apiVersion", 0},
		{"bad apiVersion, MachinePool infrastructure", classDoc("v1beta1", md("default", ""), strings.Replace(mdRefs(b, badAPIVersion), "default", "pool", 1)), p0 + ".template.infrastructure.ref.apiVersion", 0},
		{"MachinePool bootstrap without name", classDoc("v1beta1", md("default", ""), strings.Replace(mdRefs("{apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate}", i), "default", "pool", 1)), p0 + ".template.bootstrap.ref.name", 0},
		{"MachinePool infrastructure without name", classDoc("v1beta1", md("default", ""), strings.Replace(mdRefs(b, "{apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: ''}"), "default", "pool", 1)), p0 + ".template.infrastructure.ref.name", 0},
		{"MachinePool class labels", classDoc("v1beta1", md("default", ""), "- class: pool\n  template:\n    metadata:\n      labels: {foo: 'in valid'}\n      annotations: {/invalid-key: foo}\n    bootstrap: {ref: "+b+"}\n    infrastructure: {ref: "+i+"}"), p0 + ".template.metadata.labels", 0},
		{"MachinePool naming not DNS", classDoc("v1beta1", md("default", ""), md("pool", "namingStrategy: {template: 'template-mp-{{ .cluster.name }}-'}")), p0 + ".namingStrategy.template", 0},
		{"duplicate MachineDeployment classes", c(md("default", "") + md("default", "")), "spec.workers.machineDeployments[1].class", 0},
		{"duplicate MachinePool classes", classDoc("v1beta1", md("default", ""), mp+mp), "spec.workers.machinePools[1].class", 0},
		{"health check valid", c(md("default", "machineHealthCheck: {nodeStartupTimeout: 10m, maxUnhealthy: 40%}")), "", 0},
		{"health check startup timeout too short", c(md("default", "machineHealthCheck: {nodeStartupTimeout: 10s}")), w + ".machineHealthCheck.nodeStartupTimeout", 0},
		{"health check without conditions", c(md("default", "machineHealthCheck: {maxUnhealthy: 3}")), "", 0},
		// Upstream's value $invalid-key reads as an envsubst variable here
		// (unknown); an invalid value that is not one stands in for it.
		{"class labels", c("- class: default\n  template:\n    metadata:\n      labels: {foo: 'in valid'}\n    bootstrap: {ref: " + b + "}\n    infrastructure: {ref: " + i + "}"), w + ".template.metadata.labels", 0},
		{"class annotations", c("- class: default\n  template:\n    metadata:\n      annotations: {/invalid-key: foo}\n    bootstrap: {ref: " + b + "}\n    infrastructure: {ref: " + i + "}"), w + ".template.metadata.annotations", 0},
		{"naming valid", c(md("default", "namingStrategy: {template: '{{ .cluster.name }}-md-{{ .machineDeployment.topologyName }}-{{ .random }}'}")), "", 0},
		{"MachinePool naming valid", classDoc("v1beta1", md("default", ""), md("pool", "namingStrategy: {template: '{{ .cluster.name }}-mp-{{ .machinePool.topologyName }}-{{ .random }}'}")), "", 0},
		{"naming unclosed", c(md("default", "namingStrategy: {template: 'template-md-{{ .cluster.name'}")), w + ".namingStrategy.template", 0},
		{"naming not DNS", c(md("default", "namingStrategy: {template: 'template-md-{{ .cluster.name }}-'}")), w + ".namingStrategy.template", 0},
		{"naming unknown key", c(md("default", "namingStrategy: {template: 'md-{{ .invalidkey }}'}")), w + ".namingStrategy.template", 0},
		{"MachinePool naming unclosed", classDoc("v1beta1", md("default", ""), md("pool", "namingStrategy: {template: 'template-mp-{{ .cluster.name'}")), "spec.workers.machinePools[0].namingStrategy.template", 0},
		{"MachinePool naming with MachineDeployment key", classDoc("v1beta1", md("default", ""), md("pool", "namingStrategy: {template: '{{ .machineDeployment.topologyName }}'}")), "spec.workers.machinePools[0].namingStrategy.template", 0},
		{"naming with a pipeline", c(md("default", "namingStrategy: {template: '{{ .cluster.name | printf \"%s\" }}-x'}")), "", 0},
		{"class rollout both 0", c(md("default", "strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}")), w + ".strategy.rollingUpdate", 0},
		{"class taint", c(md("default", "taints: [{key: node.cloudprovider.kubernetes.io/x, effect: NoSchedule}]")), w + ".taints[0].key", 0},
		{"v1beta2 classes", classDoc("v1beta2", "- {class: default, bootstrap: {templateRef: "+b+"}, infrastructure: {templateRef: "+i+"}, naming: {template: '{{ .machineDeployment.topologyName }}-{{ .random }}'}}",
			"- {class: pool, bootstrap: {templateRef: "+b+"}, infrastructure: {templateRef: "+i+"}}"), "", 0},
		{"v1beta2 infrastructure kind", classDoc("v1beta2", "- {class: default, bootstrap: {templateRef: "+b+"}, infrastructure: {templateRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachine, name: w}}}",
			"- {class: pool, bootstrap: {templateRef: "+b+"}, infrastructure: {templateRef: "+i+"}}"), w + ".infrastructure.templateRef.kind", 0},
		{"v1beta2 health check", classDoc("v1beta2", "- {class: default, bootstrap: {templateRef: "+b+"}, infrastructure: {templateRef: "+i+"}, healthCheck: {checks: {nodeStartupTimeoutSeconds: 10}}}",
			"- {class: pool, bootstrap: {templateRef: "+b+"}, infrastructure: {templateRef: "+i+"}}"), w + ".healthCheck.checks.nodeStartupTimeoutSeconds", 0},
		{"unknown ref", c(mdRefs(b, "{apiVersion: '${API}', kind: '${KIND}', name: workers}")), "", 0},
		// A ClusterClass no Cluster in reach uses: its classes with their
		// templates in reach are pools of their own.
		{"class alone", "apiVersion: cluster.x-k8s.io/v1beta1\nkind: ClusterClass\nmetadata:\n  name: shop-class\nspec:\n  workers:\n    machineDeployments:\n" +
			indentBy(md("default", "namingStrategy: {template: 'Workers-{{ .random }}'}"), 6) +
			"---\napiVersion: infrastructure.cluster.x-k8s.io/v1beta2\nkind: AWSMachineTemplate\nmetadata:\n  name: workers\nspec:\n  template:\n    spec:\n      instanceType: m6i.large\n",
			w + ".namingStrategy.template", 0},
	})
}

// TestCAPIValidationLinear: the uniqueness checks of many topology
// entries and worker classes stay linear (each entry compared against an
// index, not against every entry before it); every duplicate is still
// found.
func TestCAPIValidationLinear(t *testing.T) {
	const n = 5000
	var workers, classes strings.Builder
	workers.WriteString("machineDeployments:\n")
	for i := 0; i < n; i++ {
		workers.WriteString("  - {class: default, name: md" + strconv.Itoa(i/2) + "}\n")
	}
	b := "{apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: workers}"
	in := "{apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: workers}"
	for i := 0; i < n; i++ {
		classes.WriteString("- {class: c" + strconv.Itoa(i) + ", template: {bootstrap: {ref: " + b + "}, infrastructure: {ref: " + in + "}}}\n")
	}
	classes.WriteString("- {class: default, template: {bootstrap: {ref: " + b + "}, infrastructure: {ref: " + in + "}}}\n")
	doc := classDoc("v1beta1", classes.String(), "- {class: pool, template: {bootstrap: {ref: "+b+"}, infrastructure: {ref: "+in+"}}}")
	doc = strings.Replace(doc, "      machineDeployments: [{class: default, name: md1}]\n", indentBy(workers.String(), 6), 1)
	dups := 0
	for _, r := range rejections(t, doc) {
		if strings.HasSuffix(r.Field, ".name") && strings.Contains(r.Message, "more than once") {
			dups++
		} else {
			t.Fatalf("unexpected rejection %+v", r)
		}
	}
	if dups != n/2 {
		t.Fatalf("%d duplicate names found, want %d", dups, n/2)
	}
}

// TestCAPITopologyVersionOnce: a Cluster's topology version is judged
// once, on its first worker, however many workers it has.
func TestCAPITopologyVersionOnce(t *testing.T) {
	doc := strings.Replace(topologyDoc("v1beta1", "machineDeployments:\n  - {class: default, name: md1}\n  - {class: default, name: md2}\nmachinePools:\n  - {class: pool, name: mp1}", "", true), "version: v1.31.2", "version: v1.31", 1)
	n := 0
	for _, r := range rejections(t, doc) {
		if r.Field == "spec.topology.version" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d rejections of spec.topology.version, want 1", n)
	}
}
