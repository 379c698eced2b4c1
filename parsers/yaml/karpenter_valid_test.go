package yaml

import (
	"strconv"
	"strings"
	"testing"
)

// nodePoolDoc is a karpenter.sh/v1 NodePool like the one Karpenter's CEL
// tests start from; spec lines go under spec, tmpl lines under
// spec.template.spec and reqs replace its requirements.
func nodePoolDoc(spec, tmpl, reqs string) string {
	if reqs == "" {
		reqs = "- {key: karpenter.sh/capacity-type, operator: Exists}"
	}
	var b strings.Builder
	b.WriteString("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: np\nspec:\n")
	indent := func(text, pad string) {
		for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
			if line != "" {
				b.WriteString(pad + line + "\n")
			}
		}
	}
	indent(spec, "  ")
	b.WriteString("  template:\n    spec:\n      nodeClassRef: {group: karpenter.test.sh, kind: TestNodeClass, name: default}\n")
	indent(tmpl, "      ")
	if reqs != "none" {
		b.WriteString("      requirements:\n")
		indent(reqs, "        ")
	}
	return b.String()
}

// TestKarpenterValidation is Karpenter v1.14.1's NodePool CEL and
// RuntimeValidate test table (pkg/apis/v1/nodepool_validation_cel_test.go)
// as manifests; what PL031, PL016 and PL002 check is in their tests.
func TestKarpenterValidation(t *testing.T) {
	req := func(r string) string { return nodePoolDoc("", "", r) }
	tmpl := func(s string) string { return nodePoolDoc("", s, "") }
	spec := func(s string) string { return nodePoolDoc(s, "", "") }
	R := "spec.template.spec.requirements[0]"
	runValidCases(t, []validCase{
		{"base", nodePoolDoc("", "", ""), "", 0},
		// Disruption
		{"budget cron", spec("disruption:\n  consolidateAfter: 0s\n  budgets:\n    - {nodes: '10', schedule: '*', duration: 20m}"), "spec.disruption.budgets[0].schedule", 0},
		{"budget cron four fields", spec("disruption:\n  consolidateAfter: 0s\n  budgets:\n    - {nodes: '10', schedule: '* * * * ', duration: 20m}"), "spec.disruption.budgets[0].schedule", 0},
		{"budget cron ok", spec("disruption:\n  consolidateAfter: 0s\n  budgets:\n    - {nodes: '10', schedule: '* * * * *', duration: 20m}"), "", 0},
		{"budget cron macro", spec("disruption:\n  consolidateAfter: 0s\n  budgets:\n    - {nodes: '10', schedule: '@daily', duration: 20m}"), "", 0},
		{"budget cron unknown", spec("disruption:\n  consolidateAfter: 0s\n  budgets:\n    - {nodes: '10', schedule: '${CRON}', duration: 20m}"), "", 0},
		{"consolidateAfter missing", spec("disruption:\n  consolidationPolicy: WhenEmpty"), "spec.disruption.consolidateAfter", 0},
		{"consolidateAfter set", spec("disruption:\n  consolidationPolicy: WhenEmpty\n  consolidateAfter: 1m"), "", 0},
		{"no disruption", spec("weight: 10"), "", 0},
		{"patch of disruption", "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: np}\nspec:\n  disruption:\n    consolidationPolicy: WhenEmpty\n", "", 0},
		{"patch of requirements", "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: np}\nspec:\n  template:\n    spec:\n      requirements:\n        - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n", "", 0},
		{"patch of limits", "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: np}\nspec:\n  limits: {cpu: '10'}\n", "", 0},
		// Requirements
		{"valid keys", req("- {key: Test, operator: Exists}\n- {key: test.com/Test, operator: Exists}\n- {key: test.com.com/test, operator: Exists}\n- {key: key-only, operator: Exists}"), "", 0},
		{"invalid key brace", req("- {key: 'test.com.com}', operator: Exists}"), R + ".key", 0},
		{"invalid key prefix case", req("- {key: Test.com/test, operator: Exists}"), R + ".key", 0},
		{"invalid key two slashes", req("- {key: test/test/test, operator: Exists}"), R + ".key", 0},
		{"invalid key empty name", req("- {key: test/, operator: Exists}"), R + ".key", 0},
		{"invalid key empty prefix", req("- {key: /test, operator: Exists}"), R + ".key", 0},
		{"key too long", req("- {key: test.com.test/test-" + strings.Repeat("a", 250) + ", operator: Exists}"), R + ".key", 0},
		{"nodepool key", req("- {key: karpenter.sh/nodepool, operator: In, values: [a]}"), R + ".key", 0},
		{"supported ops", req("- {key: topology.kubernetes.io/zone, operator: In, values: [test]}\n- {key: topology.kubernetes.io/zone, operator: Gt, values: ['1']}\n- {key: topology.kubernetes.io/zone, operator: Lt, values: ['1']}\n- {key: topology.kubernetes.io/zone, operator: NotIn}\n- {key: topology.kubernetes.io/zone, operator: Exists}"), "", 0},
		{"unsupported op", req("- {key: topology.kubernetes.io/zone, operator: unknown, values: [test]}"), R + ".operator", 0},
		{"restricted domain", req("- {key: karpenter.sh/test, operator: In, values: [test]}"), R + ".key", 0},
		{"restricted subdomain", req("- {key: sub.karpenter.sh/test, operator: In, values: [test]}"), R + ".key", 0},
		{"restricted label", req("- {key: kubernetes.io/hostname, operator: In, values: [test]}"), R + ".key", 0},
		{"kubernetes domains", req("- {key: kubernetes.io/test, operator: In, values: [test]}\n- {key: k8s.io/test, operator: In, values: [test]}\n- {key: subdomain.kubernetes.io/test, operator: In, values: [test]}"), "", 0},
		{"well known labels", req("- {key: topology.kubernetes.io/region, operator: In, values: [test]}\n- {key: node.kubernetes.io/instance-type, operator: In, values: [test]}\n- {key: kubernetes.io/arch, operator: In, values: [test]}\n- {key: kubernetes.io/os, operator: In, values: [test]}\n- {key: node.kubernetes.io/windows-build, operator: In, values: [test]}"), "", 0},
		{"overlapping values", req("- {key: topology.kubernetes.io/zone, operator: In, values: [test, foo]}\n- {key: topology.kubernetes.io/zone, operator: NotIn, values: [test, bar]}"), "", 0},
		{"empty requirements", strings.Replace(nodePoolDoc("", "", ""), "      requirements:\n        - {key: karpenter.sh/capacity-type, operator: Exists}\n", "      requirements: []\n", 1), "", 0},
		{"missing requirements", nodePoolDoc("", "", "none"), "spec.template.spec.requirements", 0},
		{"In without values", req("- {key: topology.kubernetes.io/zone, operator: In}"), R + ".values", 0},
		{"In with empty values", req("- {key: topology.kubernetes.io/zone, operator: In, values: []}"), R + ".values", 0},
		{"Gt no value", req("- {key: topology.kubernetes.io/zone, operator: Gt, values: []}"), R + ".values", 0},
		{"Gt two values", req("- {key: topology.kubernetes.io/zone, operator: Gt, values: ['1', '2']}"), R + ".values", 0},
		{"Gt word", req("- {key: topology.kubernetes.io/zone, operator: Gt, values: [a]}"), R + ".values", 0},
		{"Gt negative", req("- {key: topology.kubernetes.io/zone, operator: Gt, values: ['-1']}"), R + ".values", 0},
		{"Lt no value", req("- {key: topology.kubernetes.io/zone, operator: Lt, values: []}"), R + ".values", 0},
		{"Lt two values", req("- {key: topology.kubernetes.io/zone, operator: Lt, values: ['1', '2']}"), R + ".values", 0},
		{"Lt word", req("- {key: topology.kubernetes.io/zone, operator: Lt, values: [a]}"), R + ".values", 0},
		{"Lt negative", req("- {key: topology.kubernetes.io/zone, operator: Lt, values: ['-1']}"), R + ".values", 0},
		{"Gte no value", req("- {key: topology.kubernetes.io/zone, operator: Gte, values: []}"), R + ".values", 0},
		{"Gte two values", req("- {key: topology.kubernetes.io/zone, operator: Gte, values: ['1', '2']}"), R + ".values", 0},
		{"Gte word", req("- {key: topology.kubernetes.io/zone, operator: Gte, values: [a]}"), R + ".values", 0},
		{"Gte negative", req("- {key: topology.kubernetes.io/zone, operator: Gte, values: ['-1']}"), R + ".values", 0},
		{"Lte no value", req("- {key: topology.kubernetes.io/zone, operator: Lte, values: []}"), R + ".values", 0},
		{"Lte two values", req("- {key: topology.kubernetes.io/zone, operator: Lte, values: ['1', '2']}"), R + ".values", 0},
		{"Lte word", req("- {key: topology.kubernetes.io/zone, operator: Lte, values: [a]}"), R + ".values", 0},
		{"Lte negative", req("- {key: topology.kubernetes.io/zone, operator: Lte, values: ['-1']}"), R + ".values", 0},
		{"Gt ok", req("- {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ['4']}"), "", 0},
		{"placeholder value", req("- {key: topology.kubernetes.io/zone, operator: In, values: ['<<AZ>>']}"), "", 0},
		{"Gt unknown", req("- {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ['${CPU}']}"), "", 0},
		{"minValues negative", req("- {key: node.kubernetes.io/instance-type, operator: In, values: [a, b], minValues: -1}"), R + ".minValues", 0},
		{"minValues zero", req("- {key: node.kubernetes.io/instance-type, operator: In, values: [a, b], minValues: 0}"), R + ".minValues", 0},
		{"minValues 51", req("- {key: node.kubernetes.io/instance-type, operator: In, values: [a, b], minValues: 51}"), R + ".minValues", 0},
		{"more than 50 values", req("- {key: node.kubernetes.io/instance-type, operator: In, values: [" + strings.Repeat("a,", 60) + "b]}"), "", 0},
		{"minValues above values", req("- {key: node.kubernetes.io/instance-type, operator: In, values: [a, b], minValues: 3}"), R + ".minValues", 0},
		{"minValues ok", req("- {key: node.kubernetes.io/instance-type, operator: In, values: [a, b], minValues: 2}"), "", 0},
		{"minValues unknown values", req("- {key: node.kubernetes.io/instance-type, operator: In, values: [a, '${B}'], minValues: 3}"), "", 0},
		{"capacity type invalid", req("- {key: karpenter.sh/capacity-type, operator: In, values: [cheap]}"), R + ".values", 0},
		{"capacity type ok", req("- {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}"), "", 0},
		{"invalid value", req("- {key: topology.kubernetes.io/zone, operator: In, values: ['a b']}"), R + ".values[0]", 0},
		// Taints: startup taints (PL016 checks taints)
		{"startup taints ok", tmpl("startupTaints:\n  - {key: a, value: b, effect: NoSchedule}\n  - {key: c, effect: NoExecute}"), "", 0},
		{"startup taint key", tmpl("startupTaints:\n  - {key: '???', effect: NoSchedule}"), "spec.template.spec.startupTaints[0].key", 0},
		{"startup taint no key", tmpl("startupTaints:\n  - {effect: NoSchedule}"), "spec.template.spec.startupTaints[0].key", 0},
		{"startup taint effect", tmpl("startupTaints:\n  - {key: a, effect: Never}"), "spec.template.spec.startupTaints[0].effect", 0},
		{"startup taint no effect", tmpl("startupTaints:\n  - {key: a}"), "spec.template.spec.startupTaints[0].effect", 0},
		{"startup taint value", tmpl("startupTaints:\n  - {key: a, value: '???', effect: NoSchedule}"), "spec.template.spec.startupTaints[0].value", 0},
		{"taint repeated as startup taint", tmpl("taints:\n  - {key: a, effect: NoSchedule}\nstartupTaints:\n  - {key: a, effect: NoSchedule}"), "spec.template.spec.startupTaints[0]", 0},
		{"same key other effect", tmpl("taints:\n  - {key: a, effect: NoSchedule}\nstartupTaints:\n  - {key: a, effect: NoExecute}"), "", 0},
		// TerminationGracePeriod
		{"tgp single unit", tmpl("terminationGracePeriod: 30s"), "", 0},
		{"tgp multiple units", tmpl("terminationGracePeriod: 1h30m5s"), "", 0},
		{"tgp negative", tmpl("terminationGracePeriod: -1s"), "spec.template.spec.terminationGracePeriod", 0},
		{"tgp invalid unit", tmpl("terminationGracePeriod: 1hr"), "spec.template.spec.terminationGracePeriod", 0},
		{"tgp never", tmpl("terminationGracePeriod: Never"), "spec.template.spec.terminationGracePeriod", 0},
		{"tgp partial", tmpl("terminationGracePeriod: FooNever"), "spec.template.spec.terminationGracePeriod", 0},
		// NodeClassRef
		{"nodeClassRef group unset", strings.Replace(nodePoolDoc("", "", ""), "group: karpenter.test.sh, ", "", 1), "spec.template.spec.nodeClassRef.group", 0},
		{"nodeClassRef kind unset", strings.Replace(nodePoolDoc("", "", ""), "kind: TestNodeClass, ", "", 1), "spec.template.spec.nodeClassRef.kind", 0},
		{"nodeClassRef name unset", strings.Replace(nodePoolDoc("", "", ""), ", name: default", "", 1), "spec.template.spec.nodeClassRef.name", 0},
		{"nodeClassRef name empty", strings.Replace(nodePoolDoc("", "", ""), "name: default", "name: ''", 1), "spec.template.spec.nodeClassRef.name", 0},
		{"nodeClassRef group with version", strings.Replace(nodePoolDoc("", "", ""), "group: karpenter.test.sh", "group: karpenter.test.sh/v1", 1), "spec.template.spec.nodeClassRef.group", 0},
		{"nodeClassRef unknown name", strings.Replace(nodePoolDoc("", "", ""), "name: default", "name: ${CLASS}", 1), "", 0},
		{"nodeClassRef missing (or a patch)", strings.Replace(nodePoolDoc("", "", ""), "      nodeClassRef: {group: karpenter.test.sh, kind: TestNodeClass, name: default}\n", "", 1), "", 0},
		// Replicas (static NodePools)
		{"replicas positive", spec("replicas: 5"), "", 0},
		{"replicas zero", spec("replicas: 0"), "", 0},
		{"replicas large", spec("replicas: 1000"), "", 0},
		{"replicas negative", spec("replicas: -1"), "spec.replicas", 0},
		{"static limits cpu", spec("replicas: 5\nlimits: {cpu: '10'}"), "spec.limits.cpu", 0},
		{"static limits memory", spec("replicas: 5\nlimits: {memory: 10Gi}"), "spec.limits.memory", 0},
		{"static limits pods", spec("replicas: 5\nlimits: {pods: '10'}"), "spec.limits.pods", 0},
		{"static limits ephemeral-storage", spec("replicas: 5\nlimits: {ephemeral-storage: 100Gi}"), "spec.limits.ephemeral-storage", 0},
		{"static weight", spec("replicas: 5\nweight: 10"), "spec.weight", 0},
		{"static limits nodes", spec("replicas: 5\nlimits: {nodes: '10'}"), "", 0},
		{"static with budgets", spec("replicas: 5\ndisruption:\n  consolidateAfter: 0s\n  budgets:\n    - {nodes: '1'}\n    - {nodes: 10%, schedule: '@daily', duration: 1h}"), "", 0},
		{"dynamic limits", spec("limits: {cpu: '1000', memory: 1000Gi}\nweight: 10"), "", 0},
		{"bad limit", spec("limits: {cpu: lots}"), "spec.limits.cpu", 0},
		// v1beta1 has another schema
		{"v1beta1 skipped", strings.Replace(nodePoolDoc("", "", "none"), "karpenter.sh/v1", "karpenter.sh/v1beta1", 1), "", 0},
	})
}

// TestKarpenterTemplateLabels: the karpenter.sh_nodepools CRD's rules on
// template labels (sigs.k8s.io/karpenter v1.14.1): a domain ending in
// karpenter.sh is refused however it ends there; karpenter.sh/ itself is
// PL002's, karpenter.sh/capacity-type is allowed; at most 100 labels.
func TestKarpenterTemplateLabels(t *testing.T) {
	labels := func(l string) string {
		return strings.Replace(nodePoolDoc("", "", ""), "  template:\n", "  template:\n    metadata:\n      labels: {"+l+"}\n", 1)
	}
	blockLabels := func(l string) string {
		return strings.Replace(nodePoolDoc("", "", ""), "  template:\n", "  template:\n    metadata:\n      labels:\n        "+l+"\n", 1)
	}
	L := "spec.template.metadata.labels"
	var hundredOne []string
	for i := range 101 {
		hundredOne = append(hundredOne, "l"+strconv.Itoa(i)+": v")
	}
	runValidCases(t, []validCase{
		{"plain label", labels("team: a"), "", 0},
		{"capacity type", labels("karpenter.sh/capacity-type: spot"), "", 0},
		{"karpenter.sh/ is PL002's", labels("karpenter.sh/foo: x"), "", 0},
		{"subdomain of karpenter.sh", labels("foo.karpenter.sh/x: y"), L, 8},
		{"domain ending in karpenter.sh", labels("xkarpenter.sh/x: y"), L, 8},
		{"karpenter.sh without a name", labels("karpenter.sh: y"), L, 8},
		{"karpenter.sh.example.com", labels("karpenter.sh.example.com/x: y"), "", 0},
		{"a key with a placeholder", blockLabels("${LABEL}.karpenter.sh/x: y"), "", 0},
		{"an AWS key with a placeholder", strings.Replace(blockLabels("karpenter.k8s.aws/${KEY}: y"), "group: karpenter.test.sh, kind: TestNodeClass", "group: karpenter.k8s.aws, kind: EC2NodeClass", 1), "", 0},
		{"a block label", blockLabels("foo.karpenter.sh/x: y"), L, 9},
		{"101 labels", labels(strings.Join(hundredOne, ", ")), L, 8},
		{"100 labels", labels(strings.Join(hundredOne[:100], ", ")), "", 0},
	})
}

// TestKarpenterUnknownFields: fields the karpenter.sh_nodepools CRD's
// schema (v1.14.1) does not have, most often karpenter.sh/v1beta1 fields
// left in a v1 NodePool, at the field's line.
func TestKarpenterUnknownFields(t *testing.T) {
	spec := func(s string) string { return nodePoolDoc(s, "", "") }
	tmpl := func(s string) string { return nodePoolDoc("", s, "") }
	req := func(r string) string { return nodePoolDoc("", "", r) }
	runValidCases(t, []validCase{
		{"every field", nodePoolDoc("weight: 10\nlimits: {cpu: '10'}\ndisruption:\n  consolidationPolicy: WhenEmpty\n  consolidateAfter: 1m\n  budgets:\n    - {nodes: '1', schedule: '@daily', duration: 1h, reasons: [Empty]}",
			"expireAfter: 720h\nterminationGracePeriod: 1h\ntaints: [{key: a, value: b, effect: NoSchedule, timeAdded: '2024-01-01T00:00:00Z'}]\nstartupTaints: [{key: c, effect: NoSchedule}]",
			"- {key: kubernetes.io/arch, operator: In, values: [amd64], minValues: 1}"), "", 0},
		{"v1beta1 expireAfter", spec("disruption:\n  consolidateAfter: 1m\n  expireAfter: 720h"), "spec.disruption.expireAfter", 8},
		{"v1beta1 kubelet", tmpl("kubelet:\n  maxPods: 110"), "spec.template.spec.kubelet", 9},
		{"misspelt requirement field", req("- {key: kubernetes.io/arch, operator: In, values: [amd64], minValue: 1}"), "spec.template.spec.requirements[0].minValue", 0},
		{"misspelt budget field", spec("disruption:\n  consolidateAfter: 1m\n  budgets:\n    - {node: '1'}"), "spec.disruption.budgets[0].node", 0},
		{"unknown spec field", spec("provider: {}"), "spec.provider", 6},
		{"a key with a placeholder", spec("disruption:\n  consolidateAfter: 1m\n  ${EXTRA}: x"), "", 0},
	})
}
