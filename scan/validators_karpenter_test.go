package scan

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Karpenter's own validation test tables, as the files a user scans.
//
// NodePool cases come from sigs.k8s.io/karpenter v1.14.1
// (pkg/apis/v1/nodepool_validation_cel_test.go, and the cases of
// nodeclaim_validation_cel_test.go that concern a NodePool's template and
// are not already in the NodePool table) and from
// github.com/aws/karpenter-provider-aws v1.14.1
// (pkg/apis/v1/nodepool_validation_cel_test.go). EC2NodeClass cases come
// from karpenter-provider-aws v1.14.1
// (pkg/apis/v1/ec2nodeclass_validation_cel_test.go); that release has no
// ec2nodeclass_validation_test.go, and its hash and default tests reject
// nothing. A case the upstream test rejects through RuntimeValidate (the
// controller's check after the API server accepted it) is a rejected case
// here too: the NodePool is never used.

// indentLines indents each non-empty line of text by pad.
func indentLines(text, pad string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.Trim(text, "\n"), "\n") {
		if strings.TrimSpace(line) != "" {
			b.WriteString(pad + line + "\n")
		}
	}
	return b.String()
}

// hasKey reports whether the YAML block text sets key at its top level.
func hasKey(text, key string) bool {
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, key+":") {
			return true
		}
	}
	return false
}

// karpNodePool is a karpenter.sh/v1 NodePool as the upstream tests build
// it: a nodeClassRef to the test node class and one requirement on the
// capacity type, unless tmpl sets its own. meta goes under
// spec.template.metadata, tmpl under spec.template.spec, spec under spec.
func karpNodePool(meta, tmpl, spec string) string {
	var b strings.Builder
	b.WriteString("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: default\nspec:\n")
	b.WriteString(indentLines(spec, "  "))
	b.WriteString("  template:\n")
	if meta != "" {
		b.WriteString("    metadata:\n" + indentLines(meta, "      "))
	}
	b.WriteString("    spec:\n")
	if !hasKey(tmpl, "nodeClassRef") {
		b.WriteString("      nodeClassRef:\n        group: karpenter.test.sh\n        kind: TestNodeClass\n        name: default\n")
	}
	if !hasKey(tmpl, "requirements") {
		b.WriteString("      requirements:\n        - key: karpenter.sh/capacity-type\n          operator: Exists\n")
	}
	b.WriteString(indentLines(tmpl, "      "))
	return b.String()
}

// awsNodePool is the same NodePool using the EC2NodeClass "default" of
// Karpenter's AWS provider.
func awsNodePool(meta, tmpl, spec string) string {
	return strings.Replace(karpNodePool(meta, tmpl, spec),
		"group: karpenter.test.sh\n        kind: TestNodeClass",
		"group: karpenter.k8s.aws\n        kind: EC2NodeClass", 1)
}

// req is one requirement as a list item of requirements.
func req(key, op string, values ...string) string {
	s := "requirements:\n  - key: " + key + "\n    operator: " + op + "\n"
	if values != nil {
		s += "    values: [" + strings.Join(quoteAll(values), ", ") + "]\n"
	}
	return s
}

func quoteAll(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strconv.Quote(v)
	}
	return out
}

// budget is a NodePool spec with one disruption budget of the lines given
// (consolidateAfter as the test's object serialises it).
func budgets(lines string) string {
	return "disruption:\n  consolidateAfter: Never\n  budgets:\n" + indentLines(lines, "    ")
}

func npCase(name string, reject bool, doc string) validatorCase {
	return validatorCase{name: name, files: oneFile("nodepool.yaml", doc), reject: reject}
}

func npMiss(name, why, doc string) validatorCase {
	return validatorCase{name: name, files: oneFile("nodepool.yaml", doc), reject: true, miss: why}
}

func TestKarpenterNodePoolValidatorCases(t *testing.T) {
	tmpl := func(s string) string { return karpNodePool("", s, "") }
	spec := func(s string) string { return karpNodePool("", "", s) }
	labels := func(s string) string { return karpNodePool("labels:\n"+indentLines(s, "  "), "", "") }
	long := strings.Repeat("a1", 125) // 250 lowercase letters and digits
	var cases []validatorCase

	// sigs.k8s.io/karpenter v1.14.1 pkg/apis/v1/nodepool_validation_cel_test.go, Context("Disruption")
	cases = append(cases, npCase("expireAfter Never", false, tmpl("expireAfter: Never")))
	for _, v := range []string{"30s", "1h30m5s", "Never"} {
		cases = append(cases, npCase("expireAfter "+v, false, tmpl("expireAfter: "+v)))
	}
	for _, v := range []string{"-1s", "1hr", "FooNever"} {
		cases = append(cases, npCase("expireAfter "+v, true, tmpl("expireAfter: "+v)))
	}
	cases = append(cases, npCase("consolidateAfter Never", false, spec("disruption:\n  consolidateAfter: Never")))
	for _, v := range []string{"30s", "1h30m5s", "Never"} {
		cases = append(cases, npCase("consolidateAfter "+v, false, spec("disruption:\n  consolidateAfter: "+v)))
	}
	for _, v := range []string{"-1s", "1hr", "FooNever"} {
		cases = append(cases, npCase("consolidateAfter "+v, true, spec("disruption:\n  consolidateAfter: "+v)))
	}
	for _, c := range [][2]string{{"30s", "WhenEmpty"}, {"30s", "WhenEmptyOrUnderutilized"}, {"Never", "WhenEmptyOrUnderutilized"}, {"Never", "WhenEmpty"}} {
		cases = append(cases, npCase("consolidateAfter "+c[0]+" with "+c[1], false,
			spec("disruption:\n  consolidationPolicy: "+c[1]+"\n  consolidateAfter: "+c[0])))
	}
	// The valid policies are also the RuntimeValidate table's.
	for _, v := range []string{"WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"} {
		cases = append(cases, npCase("consolidationPolicy "+v, false,
			spec("disruption:\n  consolidationPolicy: "+v+"\n  consolidateAfter: Never")))
	}
	for _, v := range []string{`"1"`, `"2"`, `"3"`, `"0"`, `"4"`, `"10"`, "balanced", "whenempty", `""`, "WhenUnderutilized", "foo"} {
		cases = append(cases, npCase("consolidationPolicy "+v, true,
			spec("disruption:\n  consolidationPolicy: "+v+"\n  consolidateAfter: Never")))
	}
	cases = append(cases,
		npCase("budget with an invalid cron", true, spec(budgets(`- nodes: "10"
  schedule: "*"
  duration: 20m`))),
		npCase("budget schedule with four fields", true, spec(budgets(`- nodes: "10"
  schedule: "* * * * "
  duration: 20m`))),
		npCase("budget with a negative duration", true, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"
  duration: -20m`))),
		npCase("budget with a seconds duration", true, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"
  duration: 30s`))),
		npCase("budget nodes -10", true, spec(budgets(`- nodes: "-10"`))),
		npCase("budget nodes -10%", true, spec(budgets(`- nodes: "-10%"`))),
		npCase("budget nodes 1000%", true, spec(budgets(`- nodes: "1000%"`))),
		npCase("budget with a cron and no duration", true, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"`))),
		npCase("budget with a duration and no cron", true, spec(budgets(`- nodes: "10"
  duration: 20m`))),
		npCase("budget with a duration and a cron", false, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"
  duration: 20m`))),
		npCase("budget duration in hours and minutes", false, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"
  duration: 2h20m`))),
		npCase("budget with neither duration nor cron", false, spec(budgets(`- nodes: "10"`))),
		npCase("budget with @annually", false, spec(budgets(`- nodes: "10"
  schedule: "@annually"
  duration: 20m`))),
		npCase("two budgets, one cron invalid", true, spec(budgets(`- nodes: "10"
  schedule: "@annually"
  duration: 20m
- nodes: "10"
  schedule: "*"
  duration: 20m`))),
		npCase("three budgets, one with a duration alone", true, spec(budgets(`- nodes: "10"
  duration: 20m
- nodes: "10"
  schedule: "* * * * *"
  duration: 20m
- nodes: "10"`))),
	)
	for _, r := range []string{"Drifted", "Underutilized", "Empty"} {
		cases = append(cases, npCase("budget reason "+r, false, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"
  duration: 20m
  reasons: [`+r+`]`))))
	}
	for _, r := range []string{"invalid", "expired", `""`} {
		cases = append(cases, npCase("budget reason "+r, true, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"
  duration: 20m
  reasons: [`+r+`]`))))
	}
	cases = append(cases, npCase("budget with two reasons", false, spec(budgets(`- nodes: "10"
  schedule: "* * * * *"
  duration: 20m
  reasons: [Drifted, Empty]`))))

	// Context("Taints")
	cases = append(cases, npCase("valid taints", false, tmpl(`taints:
  - {key: a, value: b, effect: NoSchedule}
  - {key: c, value: d, effect: NoExecute}
  - {key: e, value: f, effect: PreferNoSchedule}
  - {key: Test, value: f, effect: PreferNoSchedule}
  - {key: test.com/Test, value: f, effect: PreferNoSchedule}
  - {key: test.com.com/test, value: f, effect: PreferNoSchedule}
  - {key: key-only, effect: NoExecute}`)))
	// The CRD's pattern for a taint value is the qualified-name pattern of
	// its key (hack/validation/taint.sh): a value with a prefix is
	// accepted (PL016 warns: a Node holds taint values to label values).
	cases = append(cases, npCase("taint value with a prefix (CRD pattern)", false, tmpl("taints:\n  - {key: a, value: example.com/b, effect: NoSchedule}")))
	for _, k := range []string{"test.com.com}", "Test.com/test", "test/test/test", "test/", "/test"} {
		cases = append(cases, npCase("taint key "+k, true, tmpl("taints:\n  - key: "+strconv.Quote(k)+"\n    effect: NoSchedule")))
	}
	cases = append(cases,
		npCase("taint key with a prefix too long", true, tmpl("taints:\n  - key: test.com.test."+long+"/test\n    effect: NoSchedule")),
		npCase("taint key with a name too long", true, tmpl("taints:\n  - key: test.com.test/test-"+long+"\n    effect: NoSchedule")),
		npCase("taint without a key", true, tmpl("taints:\n  - effect: NoSchedule")),
		npCase("taint value ???", true, tmpl("taints:\n  - key: invalid-value\n    value: \"???\"\n    effect: NoSchedule")),
		npCase("taint effect ???", true, tmpl("taints:\n  - key: invalid-effect\n    effect: \"???\"")),
		npCase("same taint key, two effects", false, tmpl("taints:\n  - key: a\n    effect: NoSchedule\n  - key: a\n    effect: NoExecute")),
	)

	// Context("Requirements")
	cases = append(cases, npCase("valid requirement keys", false, tmpl(`requirements:
  - {key: Test, operator: Exists}
  - {key: test.com/Test, operator: Exists}
  - {key: test.com.com/test, operator: Exists}
  - {key: key-only, operator: Exists}`)))
	for _, k := range []string{"test.com.com}", "Test.com/test", "test/test/test", "test/", "/test"} {
		cases = append(cases, npCase("requirement key "+k, true, tmpl(req(strconv.Quote(k), "Exists"))))
	}
	cases = append(cases,
		npCase("requirement key with a prefix too long", true, tmpl(req("test.com.test."+long+"/test", "Exists"))),
		npCase("requirement key with a name too long", true, tmpl(req("test.com.test/test-"+long, "Exists"))),
		npCase("requirement on karpenter.sh/nodepool", true, tmpl(req("karpenter.sh/nodepool", "In", "default"))),
		npCase("supported operators", false, tmpl(`requirements:
  - {key: topology.kubernetes.io/zone, operator: In, values: [test]}
  - {key: topology.kubernetes.io/zone, operator: Gt, values: ["1"]}
  - {key: topology.kubernetes.io/zone, operator: Lt, values: ["1"]}
  - {key: topology.kubernetes.io/zone, operator: NotIn}
  - {key: topology.kubernetes.io/zone, operator: Exists}`)),
		npCase("operator unknown", true, tmpl(req("topology.kubernetes.io/zone", "unknown", "test"))),
		npCase("requirement in the restricted domain karpenter.sh", true, tmpl(req("karpenter.sh/test", "In", "test"))),
		npCase("requirement on a restricted label kubernetes.io/hostname", true, tmpl(req("kubernetes.io/hostname/test", "In", "test"))),
	)
	for _, d := range []string{"kubernetes.io", "k8s.io"} {
		cases = append(cases, npCase("requirement in "+d, false, tmpl(req(d+"/test", "In", "test"))))
	}
	for _, d := range []string{"kubernetes.io", "k8s.io"} {
		cases = append(cases, npCase("requirement in subdomain."+d, false, tmpl(req("subdomain."+d+"/test", "In", "test"))))
	}
	for _, k := range []string{"topology.kubernetes.io/zone", "topology.kubernetes.io/region", "node.kubernetes.io/instance-type",
		"kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/windows-build"} {
		cases = append(cases, npCase("well-known requirement "+k, false, tmpl(req(k, "In", "test"))))
	}
	cases = append(cases,
		npCase("In and NotIn overlapping", false, tmpl(`requirements:
  - {key: topology.kubernetes.io/zone, operator: In, values: [test, foo]}
  - {key: topology.kubernetes.io/zone, operator: NotIn, values: [test, bar]}`)),
		npCase("empty requirements", false, tmpl("requirements: []")),
	)
	for _, op := range []string{"Gt", "Lt", "Gte", "Lte"} {
		for _, vals := range [][]string{{}, {"1", "2"}, {"a"}, {"-1"}} {
			cases = append(cases, npCase(op+" with "+strconv.Quote(strings.Join(vals, ",")), true,
				tmpl(req("topology.kubernetes.io/zone", op, vals...))))
		}
	}
	var ninety []string
	for i := range 90 {
		ninety = append(ninety, "instance"+strconv.Itoa(i))
	}
	cases = append(cases,
		npCase("minValues -1", true, tmpl(req("node.kubernetes.io/instance-type", "In", "insance-type-1")+"    minValues: -1\n")),
		npCase("minValues 0", true, tmpl(req("node.kubernetes.io/instance-type", "In", "insance-type-1")+"    minValues: 0\n")),
		npCase("minValues 51", true, tmpl(req("node.kubernetes.io/instance-type", "Exists")+"    minValues: 51\n")),
		npCase("90 values without minValues", false, tmpl(req("node.kubernetes.io/instance-type", "In", ninety...))),
		npCase("minValues above the values", true, tmpl(req("node.kubernetes.io/instance-type", "In", "insance-type-1")+"    minValues: 2\n")),
	)

	// Context("Labels")
	cases = append(cases,
		npCase("unrecognised label", false, labels("foo: Lorraine")),
		npCase("label karpenter.sh/nodepool", true, labels("karpenter.sh/nodepool: Lorraine")),
		npCase("label key with spaces", true, labels(`"spaces are not allowed": Lorraine`)),
		npCase("label key with a prefix too long", true, labels("test.com.test."+long+"/test: Lorraine")),
		npCase("label key with a name too long", true, labels("test.com.test/test-"+long+": Lorraine")),
		npCase("label value with /", true, labels(`Lorraine: "/ is not allowed"`)),
		npCase("label in the restricted domain karpenter.sh", true, labels("karpenter.sh/unknown: Lorraine")),
		npCase("kOps labels", false, labels("kops.k8s.io/instancegroup: karpenter-nodes\nkops.k8s.io/gpu: \"1\"")),
	)
	for _, d := range []string{"kubernetes.io", "k8s.io"} {
		cases = append(cases,
			npCase("label "+d, false, labels(d+": test-value")),
			npCase("label "+d+"/key", false, labels(d+"/key: test-value")),
			npCase("label subdomain."+d, false, labels("subdomain."+d+": test-value")),
			npCase("label subdomain."+d+"/key", false, labels("subdomain."+d+"/key: test-value")),
		)
	}

	// Context("TerminationGracePeriod")
	for _, v := range []string{"30s", "1h30m5s"} {
		cases = append(cases, npCase("terminationGracePeriod "+v, false, tmpl("terminationGracePeriod: "+v)))
	}
	for _, v := range []string{"-1s", "1hr", "Never", "FooNever"} {
		cases = append(cases, npCase("terminationGracePeriod "+v, true, tmpl("terminationGracePeriod: "+v)))
	}

	// Context("NodeClassRef")
	cases = append(cases,
		npMiss("nodeClassRef group changed", "update-only check: needs the previous object", karpNodePool("", `nodeClassRef:
  group: karpenter.test.mutated.sh
  kind: TestNodeClass
  name: default`, "")),
		npMiss("nodeClassRef kind changed", "update-only check: needs the previous object", karpNodePool("", `nodeClassRef:
  group: TestNodeClass2
  kind: TestNodeClass
  name: default`, "")),
	)
	for _, f := range []string{"group", "kind", "name"} {
		ref := map[string]string{"group": "karpenter.test.sh", "kind": "TestNodeClass", "name": "default"}
		ref[f] = `""`
		cases = append(cases, npCase("nodeClassRef "+f+" empty", true, tmpl("nodeClassRef:\n  group: "+ref["group"]+"\n  kind: "+ref["kind"]+"\n  name: "+ref["name"])))
	}

	// Context("Replicas")
	for _, n := range []string{"5", "0", "1000"} {
		cases = append(cases, npCase("replicas "+n, false, spec("replicas: "+n)))
	}
	cases = append(cases, npCase("replicas -100", true, spec("replicas: -100")))
	for _, c := range [][2]string{{"limits.cpu", "limits:\n  cpu: \"1000\""}, {"limits.memory", "limits:\n  memory: 2000Gi"},
		{"limits.pods", "limits:\n  pods: \"10\""}, {"limits.ephemeral-storage", "limits:\n  ephemeral-storage: 10Gi"}, {"weight", "weight: 25"}} {
		cases = append(cases, npCase("static NodePool with "+c[0], true, spec("replicas: 10\n"+c[1])))
	}
	static := func(meta, tm, sp string) string { return karpNodePool(meta, tm, "replicas: 10\n"+sp) }
	cases = append(cases,
		npCase("static NodePool with limits.nodes", false, static("", "", "limits:\n  nodes: \"100\"")),
		npCase("static NodePool with budgets", false, static("", "", `disruption:
  consolidationPolicy: WhenEmptyOrUnderutilized
  consolidateAfter: 5m
  budgets:
    - nodes: 20%
      schedule: "0 9 * * mon-fri"
      duration: 8h
      reasons: [Drifted, Empty]
    - nodes: 30%
      schedule: "0 22 * * sat,sun"
      duration: 4h
      reasons: [Underutilized]
    - nodes: "5"`)),
		npCase("static NodePool with labels", false, static("labels:\n  environment: production", "", "")),
		npCase("static NodePool with annotations", false, static("annotations:\n  example.com/last-updated: \"2024-01-01\"", "", "")),
		npCase("static NodePool with taints", false, static("", "taints:\n  - key: gpu-workload\n    value: enabled\n    effect: NoSchedule", "")),
		npCase("static NodePool with startup taints", false, static("", "startupTaints:\n  - key: example.com/initializing\n    value: \"true\"\n    effect: NoSchedule", "")),
		npCase("static NodePool with requirements", false, static("", `requirements:
  - key: node.kubernetes.io/instance-type
    operator: In
    values: [m5.large, m5.xlarge, m5.2xlarge, c5.large, c5.xlarge, r5.large, r5.xlarge]
    minValues: 3
  - key: topology.kubernetes.io/zone
    operator: In
    values: [us-west-2a, us-west-2b, us-west-2c]
  - key: karpenter.sh/capacity-type
    operator: In
    values: [on-demand, spot]
  - key: kubernetes.io/arch
    operator: In
    values: [amd64]
  - key: karpenter.k8s.aws/instance-memory
    operator: Gt
    values: ["8192"]
  - key: karpenter.k8s.aws/instance-cpu
    operator: Lt
    values: ["64"]`, "")),
		npCase("static NodePool with expireAfter", false, static("", "expireAfter: 72h", "")),
		npCase("static NodePool with terminationGracePeriod", false, static("", "terminationGracePeriod: 5m0s", "")),
		// Update scenarios: the object after the update, on its own, and
		// whether the update is refused.
		npCase("replicas raised from 3 to 5", false, spec("replicas: 5")),
		npMiss("static NodePool made dynamic", "update-only check: needs the previous object (replicas was set)", spec("")),
		npMiss("dynamic NodePool made static", "update-only check: needs the previous object (replicas was unset)", spec("replicas: 3")),
		npCase("static NodePool nodes limit changed", false, spec("replicas: 3\nlimits:\n  nodes: \"100\"")),
	)

	runValidatorCases(t, "Karpenter NodePool (karpenter nodepool_validation_cel_test.go)", cases)
	cases = nil

	// sigs.k8s.io/karpenter v1.14.1 pkg/apis/v1/nodeclaim_validation_cel_test.go:
	// the NodeClaim template cases not already above (its taint,
	// requirement, terminationGracePeriod and expireAfter cases are the
	// NodePool table's).
	cases = append(cases,
		npCase("nodeClassRef of a valid group", false, tmpl("nodeClassRef:\n  group: karpenter.test.sh\n  kind: TestNodeClass\n  name: nodeclass-test")),
		npCase("nodeClassRef group with a version", true, tmpl("nodeClassRef:\n  group: karpenter.test.sh/v1\n  kind: TestNodeClass\n  name: nodeclass-test")),
	)
	var many strings.Builder
	many.WriteString("requirements:\n")
	for i := range 101 {
		many.WriteString("  - {key: example.com/label-" + strconv.Itoa(i) + ", operator: In, values: [value-" + strconv.Itoa(i) + "]}\n")
	}
	cases = append(cases, npCase("101 requirements", true, tmpl(many.String())))

	runValidatorCases(t, "Karpenter NodePool (karpenter nodeclaim_validation_cel_test.go)", cases)
	cases = nil

	// github.com/aws/karpenter-provider-aws v1.14.1 pkg/apis/v1/nodepool_validation_cel_test.go
	atmpl := func(s string) string { return awsNodePool("", s, "") }
	awsWellKnown := []string{"topology.kubernetes.io/zone", "topology.kubernetes.io/region", "node.kubernetes.io/instance-type",
		"kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/windows-build", "topology.k8s.aws/zone-id"}
	for _, l := range []string{"capacity-reservation-id", "capacity-reservation-type", "capacity-reservation-interruptible",
		"instance-hypervisor", "instance-encryption-in-transit-supported", "instance-category", "instance-capability-flex",
		"instance-family", "instance-generation", "instance-size", "instance-local-nvme", "instance-cpu",
		"instance-cpu-manufacturer", "instance-cpu-sustained-clock-speed-mhz", "instance-memory", "instance-ebs-bandwidth",
		"instance-network-bandwidth", "instance-gpu-name", "instance-gpu-manufacturer", "instance-gpu-count",
		"instance-gpu-memory", "instance-accelerator-name", "instance-accelerator-manufacturer",
		"instance-accelerator-count", "placement-group-id", "placement-group-partition"} {
		awsWellKnown = append(awsWellKnown, "karpenter.k8s.aws/"+l)
	}
	for _, k := range awsWellKnown {
		cases = append(cases, npCase("AWS well-known requirement "+k, false, atmpl(req(k, "In", "test"))))
	}
	cases = append(cases,
		npCase("AWS capacity type xspot only", true, atmpl(req("karpenter.sh/capacity-type", "In", "xspot"))),
		npCase("AWS capacity type on-demand", false, atmpl(req("karpenter.sh/capacity-type", "In", "on-demand"))),
		npCase("AWS capacity types on-demand and xspot", false, atmpl(req("karpenter.sh/capacity-type", "In", "on-demand", "xspot"))),
		npCase("AWS tenancy xdedicated only", true, atmpl(req("karpenter.k8s.aws/instance-tenancy", "In", "xdedicated"))),
		npCase("AWS tenancy default", false, atmpl(req("karpenter.k8s.aws/instance-tenancy", "In", "default"))),
		npCase("AWS tenancies default and xdedicated", false, atmpl(req("karpenter.k8s.aws/instance-tenancy", "In", "default", "xdedicated"))),
	)
	for _, k := range append(awsWellKnown, "karpenter.sh/capacity-type", "karpenter.k8s.aws/instance-tenancy") {
		cases = append(cases, npCase("AWS well-known label "+k, false, awsNodePool("labels:\n  "+k+": test", "", "")))
	}
	runValidatorCases(t, "Karpenter NodePool (karpenter-provider-aws nodepool_validation_cel_test.go)", cases)
}

// ec2Class is a NodePool using the EC2NodeClass "default", then that class
// as the upstream tests build it (amiFamily AL2023, the alias
// al2023@latest, role role-1, subnets and security groups selected on any
// tag), with the spec keys given replacing the base's; a line "~key"
// drops the base's key.
func ec2Class(spec string) string {
	var b strings.Builder
	b.WriteString(awsNodePool("", "", ""))
	b.WriteString("---\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: default\nspec:\n")
	base := [][2]string{
		{"amiFamily", "amiFamily: AL2023"},
		{"amiSelectorTerms", "amiSelectorTerms:\n  - alias: al2023@latest"},
		{"role", "role: role-1"},
		{"securityGroupSelectorTerms", "securityGroupSelectorTerms:\n  - tags:\n      \"*\": \"*\""},
		{"subnetSelectorTerms", "subnetSelectorTerms:\n  - tags:\n      \"*\": \"*\""},
	}
	for _, kv := range base {
		if !hasKey(spec, kv[0]) && !strings.Contains("\n"+spec+"\n", "\n~"+kv[0]+"\n") {
			b.WriteString(indentLines(kv[1], "  "))
		}
	}
	var rest []string
	for _, line := range strings.Split(spec, "\n") {
		if !strings.HasPrefix(line, "~") {
			rest = append(rest, line)
		}
	}
	b.WriteString(indentLines(strings.Join(rest, "\n"), "  "))
	return b.String()
}

func ncCase(name string, reject bool, spec string) validatorCase {
	return validatorCase{name: name, files: oneFile("karpenter.yaml", ec2Class(spec)), reject: reject}
}

// bdm is a class with the block device mappings given and, as the upstream
// block device tests build it, no amiFamily (the alias gives it).
func bdm(devices string) string {
	return "~amiFamily\nblockDeviceMappings:\n" + indentLines(devices, "  ")
}

func TestEC2NodeClassValidatorCases(t *testing.T) {
	var cases []validatorCase
	// github.com/aws/karpenter-provider-aws v1.14.1
	// pkg/apis/v1/ec2nodeclass_validation_cel_test.go: role and instance profile
	cases = append(cases,
		ncCase("role only", false, ""),
		ncCase("instance profile only", false, "~role\ninstanceProfile: test-instance-profile"),
		ncCase("role and instance profile", true, "instanceProfile: test-instance-profile"),
		ncCase("neither role nor instance profile", true, "~role"),
		// Context("UserData")
		ncCase("no user data", false, ""),
	)
	// Context("AMIFamily")
	families := []string{"AL2", "AL2023", "Bottlerocket", "Windows2019", "Windows2022", "Windows2025"}
	for _, f := range append(families, "Custom") {
		cases = append(cases, ncCase("amiFamily "+f+" with an AMI id", false, "amiFamily: "+f+"\namiSelectorTerms:\n  - id: ami-0123456789abcdef"))
	}
	cases = append(cases, ncCase("amiFamily Ubuntu", true, "amiFamily: Ubuntu\namiSelectorTerms:\n  - id: ami-0123456789abcdef"))
	for _, f := range families {
		alias := strings.ToLower(f) + "@latest"
		cases = append(cases,
			ncCase("amiFamily "+f+" with alias "+alias, false, "amiFamily: "+f+"\namiSelectorTerms:\n  - alias: "+alias),
			ncCase("amiFamily Custom with alias "+alias, false, "amiFamily: Custom\namiSelectorTerms:\n  - alias: "+alias))
	}
	for _, f := range families {
		for _, g := range families {
			if f != g {
				alias := strings.ToLower(g) + "@latest"
				cases = append(cases, ncCase("amiFamily "+f+" with alias "+alias, true, "amiFamily: "+f+"\namiSelectorTerms:\n  - alias: "+alias))
			}
		}
	}
	cases = append(cases, ncCase("no amiFamily and no alias", true, "~amiFamily\namiSelectorTerms:\n  - id: ami-01234567890abcdef"))

	// Context("Tags")
	cases = append(cases,
		ncCase("empty tags", false, "tags: {}"),
		ncCase("tags outside the restricted keys", false, "tags:\n  karpenter.sh/custom-key: value\n  karpenter.sh/managed: \"true\"\n  kubernetes.io/role/key: value"),
	)
	for _, k := range [][2]string{{"karpenter.sh/nodepool", "value"}, {"kubernetes.io/cluster/test", "value"}, {"eks:eks-cluster-name", "test"},
		{"karpenter.k8s.aws/ec2nodeclass", "test"}, {"karpenter.sh/nodeclaim", "test"}} {
		cases = append(cases, ncCase("restricted tag "+k[0], true, "tags:\n  "+strconv.Quote(k[0])+": "+k[1]))
	}

	// Context("SubnetSelectorTerms") and Context("SecurityGroupSelectorTerms")
	for _, s := range []struct{ field, id string }{{"subnetSelectorTerms", "subnet-12345749"}, {"securityGroupSelectorTerms", "sg-12345749"}} {
		f := s.field
		cases = append(cases,
			ncCase(f+" on tags", false, f+":\n  - tags:\n      test: testvalue"),
			ncCase(f+" on id", false, f+":\n  - id: "+s.id),
			ncCase(f+" missing", true, "~"+f),
			ncCase(f+" empty", true, f+": []"),
			ncCase(f+" with an empty term", true, f+":\n  - {}"),
			// The test's Go client drops the empty map (omitempty): the
			// server gets an empty term. Written as tags: {} by hand, the
			// term has tags for the CRD's has(x.tags), which accepts it.
			ncCase(f+" with empty tags (an empty term as sent)", true, f+":\n  - {}"),
			ncCase(f+" with an empty tag value", true, f+":\n  - tags:\n      test: \"\""),
			ncCase(f+" with an empty tag key", true, f+":\n  - tags:\n      \"\": testvalue"),
			ncCase(f+" with the last term invalid", true, f+`:
  - tags:
      test: testvalue
  - tags:
      test2: testvalue2
  - tags:
      test3: testvalue3
  - tags:
      "": testvalue4`),
			ncCase(f+" with id and tags", true, f+":\n  - id: "+s.id+"\n    tags:\n      test: testvalue"),
		)
	}
	cases = append(cases,
		ncCase("securityGroupSelectorTerms on name", false, "securityGroupSelectorTerms:\n  - name: testname"),
		ncCase("securityGroupSelectorTerms with id and name", true, "securityGroupSelectorTerms:\n  - id: sg-12345749\n    name: my-security-group"),
		ncCase("securityGroupSelectorTerms with name and tags", true, "securityGroupSelectorTerms:\n  - name: my-security-group\n    tags:\n      test: testvalue"),
	)

	// Context("CapacityReservationSelectorTerms")
	cr := "capacityReservationSelectorTerms:\n"
	cases = append(cases,
		ncCase("capacity reservation on tags", false, cr+"  - tags:\n      test: testvalue"),
		ncCase("capacity reservation on id", false, cr+"  - id: cr-12345749"),
		ncCase("capacity reservation owner and tags", false, cr+"  - ownerID: \"012345678901\"\n    tags:\n      test: testvalue"),
		ncCase("capacity reservation id r-12345749", true, cr+"  - id: r-12345749"),
		ncCase("no capacity reservation terms", false, ""),
		ncCase("capacity reservation empty term", true, cr+"  - {}"),
		ncCase("capacity reservation empty tags (an empty term as sent)", true, cr+"  - {}"),
		ncCase("capacity reservation empty tag value", true, cr+"  - tags:\n      test: \"\""),
		ncCase("capacity reservation empty tag key", true, cr+"  - tags:\n      \"\": testvalue"),
		ncCase("capacity reservation last term invalid", true, cr+`  - tags:
      test: testvalue
  - tags:
      test2: testvalue2
  - tags:
      test3: testvalue3
  - tags:
      "": testvalue4`),
		ncCase("capacity reservation id and tags", true, cr+"  - id: cr-12345749\n    tags:\n      test: testvalue"),
		ncCase("capacity reservation id and owner", true, cr+"  - ownerID: \"012345678901\"\n    id: cr-12345749"),
		ncCase("capacity reservation owner of 11 digits", true, cr+"  - ownerID: \"01234567890\"\n    tags:\n      test: testvalue"),
		ncCase("capacity reservation owner alone", true, cr+"  - ownerID: \"012345678901\""),
		ncCase("capacity reservation instanceMatchCriteria open", false, cr+"  - instanceMatchCriteria: open"),
		ncCase("capacity reservation instanceMatchCriteria targeted", false, cr+"  - instanceMatchCriteria: targeted"),
		ncCase("capacity reservation instanceMatchCriteria and tags", false, cr+"  - instanceMatchCriteria: open\n    tags:\n      test: testvalue"),
		ncCase("capacity reservation instanceMatchCriteria, owner and tags", false, cr+"  - instanceMatchCriteria: targeted\n    ownerID: \"012345678901\"\n    tags:\n      test: testvalue"),
		ncCase("capacity reservation instanceMatchCriteria invalid", true, cr+"  - instanceMatchCriteria: invalid"),
		ncCase("capacity reservation id and instanceMatchCriteria", true, cr+"  - id: cr-12345749\n    instanceMatchCriteria: open"),
	)

	// Context("AMISelectorTerms")
	ami := "amiSelectorTerms:\n"
	cases = append(cases,
		ncCase("AMI alias", false, ami+"  - alias: al2023@latest"),
		ncCase("AMI tags", false, ami+"  - tags:\n      test: testvalue"),
		ncCase("AMI id", false, ami+"  - id: ami-12345749"),
		ncCase("AMI name", false, ami+"  - name: testname"),
		ncCase("AMI name and owner", false, ami+"  - name: testname\n    owner: testowner"),
		ncCase("AMI owner and tags", false, ami+"  - owner: testowner\n    tags:\n      test: testvalue"),
		ncCase("AMI empty term", true, ami+"  - {}"),
		ncCase("AMI empty tags (an empty term as sent)", true, ami+"  - {}"),
		ncCase("AMI empty tag value", true, ami+"  - tags:\n      test: \"\""),
		ncCase("AMI empty tag key", true, ami+"  - tags:\n      \"\": testvalue"),
		ncCase("AMI last term invalid", true, ami+`  - tags:
      test: testvalue
  - tags:
      test2: testvalue2
  - tags:
      test3: testvalue3
  - tags:
      "": testvalue4`),
	)
	others := [][2]string{{"alias", "alias: al2023@latest"}, {"tags", "tags:\n      test: testvalue"}, {"name", "name: my-custom-ami"}, {"owner", "owner: \"123456789\""}}
	for _, o := range others {
		cases = append(cases, ncCase("AMI id with "+o[0], true, ami+"  - id: ami-1234749\n    "+o[1]))
	}
	others[0] = [2]string{"id", "id: ami-1234749"}
	for _, o := range others {
		cases = append(cases, ncCase("AMI alias with "+o[0], true, ami+"  - alias: al2023@latest\n    "+o[1]))
	}
	cases = append(cases, ncCase("AMI alias with another term", true, ami+"  - alias: al2023@latest\n  - id: ami-1234749"))
	for _, a := range [][2]string{{"al2@latest", "AL2"}, {"al2@v20240625", "AL2"}, {"al2023@latest", "AL2023"}, {"al2023@v20240625", "AL2023"},
		{"bottlerocket@latest", "Bottlerocket"}, {"bottlerocket@1.10.0", "Bottlerocket"}, {"windows2019@latest", "Windows2019"},
		{"windows2022@latest", "Windows2022"}, {"windows2025@latest", "Windows2025"}} {
		cases = append(cases, ncCase("alias "+a[0], false, "amiFamily: "+a[1]+"\n"+ami+"  - alias: \""+a[0]+"\""))
	}
	for _, a := range []string{"@latest", "al2023", "al2023@", "al2023-latest", "ubuntu@latest", "windows2019@v1.0.0", "windows2022@v1.0.0", "windows2025@v1.0.0"} {
		cases = append(cases, ncCase("alias "+a, true, ami+"  - alias: \""+a+"\""))
	}

	// Context("Kubelet")
	kub := func(s string) string { return "kubelet:\n" + indentLines(s, "  ") }
	allSignals := `memory.available: 5%
  nodefs.available: 10%
  nodefs.inodesFree: 15%
  imagefs.available: 5%
  imagefs.inodesFree: 5%
  pid.available: 5%`
	allGrace := `memory.available: 1m
  nodefs.available: 1m30s
  nodefs.inodesFree: 5m
  imagefs.available: 1h
  imagefs.inodesFree: 24h
  pid.available: 1m`
	cases = append(cases,
		ncCase("kubeReserved pods", true, kub("kubeReserved:\n  pods: \"2\"")),
		ncCase("systemReserved pods", true, kub("systemReserved:\n  pods: \"2\"")),
		ncCase("evictionHard with every signal", false, kub("evictionHard:\n  "+allSignals)),
		ncCase("evictionHard key memory", true, kub("evictionHard:\n  memory: 5%")),
		ncCase("evictionHard 5%3", true, kub("evictionHard:\n  memory.available: 5%3")),
		ncCase("evictionHard 110%", true, kub("evictionHard:\n  memory.available: 110%")),
		ncCase("evictionHard 110GB", true, kub("evictionHard:\n  memory.available: 110GB")),
		ncCase("evictionSoft with every signal", false, kub("evictionSoft:\n  "+allSignals+"\nevictionSoftGracePeriod:\n  "+allGrace)),
		ncCase("evictionSoft key memory", true, kub("evictionSoft:\n  memory: 5%\nevictionSoftGracePeriod:\n  memory: 1m")),
		ncCase("evictionSoft 5%3", true, kub("evictionSoft:\n  memory.available: 5%3\nevictionSoftGracePeriod:\n  memory.available: 1m")),
		ncCase("evictionSoft 110%", true, kub("evictionSoft:\n  memory.available: 110%\nevictionSoftGracePeriod:\n  memory.available: 1m")),
		ncCase("evictionSoft 110GB", true, kub("evictionSoft:\n  memory.available: 110GB\nevictionSoftGracePeriod:\n  memory.available: 1m")),
		ncCase("evictionSoft without its grace period", true, kub("evictionSoft:\n  memory.available: 200Mi")),
		ncCase("imageGCHighThresholdPercent 10", false, kub("imageGCHighThresholdPercent: 10")),
		ncCase("imageGC high 50 below low 60", true, kub("imageGCHighThresholdPercent: 50\nimageGCLowThresholdPercent: 60")),
		// The table's next case, "low greater than high", is the same object.
		ncCase("imageGC low 60 above high 50", true, kub("imageGCLowThresholdPercent: 60\nimageGCHighThresholdPercent: 50")),
		ncCase("evictionSoftGracePeriod with every signal", false, kub("evictionSoft:\n  "+allSignals+"\nevictionSoftGracePeriod:\n  "+allGrace)),
		ncCase("evictionSoftGracePeriod key memory", true, kub("evictionSoftGracePeriod:\n  memory: 1m")),
		ncCase("evictionSoftGracePeriod without its threshold", true, kub("evictionSoftGracePeriod:\n  memory.available: 1m")),
	)

	// Context("MetadataOptions")
	cases = append(cases,
		ncCase("metadataOptions valid", false, "metadataOptions:\n  httpEndpoint: disabled\n  httpProtocolIPv6: enabled\n  httpPutResponseHopLimit: 34\n  httpTokens: optional"),
		ncCase("httpEndpoint test", true, "metadataOptions:\n  httpEndpoint: test"),
		ncCase("httpProtocolIPv6 test", true, "metadataOptions:\n  httpProtocolIPv6: test"),
		ncCase("httpPutResponseHopLimit -5", true, "metadataOptions:\n  httpPutResponseHopLimit: -5"),
		ncCase("httpTokens test", true, "metadataOptions:\n  httpTokens: test"),
	)

	// Context("BlockDeviceMappings")
	cases = append(cases,
		ncCase("a root volume and another volume", false, bdm(`- deviceName: map-device-1
  ebs:
    volumeSize: 500G
  rootVolume: true
- deviceName: map-device-2
  ebs:
    volumeSize: 50T
  rootVolume: false`)),
		ncCase("volumeSize 58G", false, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: 58G\n  rootVolume: false")),
		ncCase("volumeSize 45T", false, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: 45T\n  rootVolume: false")),
		ncCase("two root volumes", true, bdm(`- deviceName: map-device-1
  ebs:
    volumeSize: 50G
  rootVolume: true
- deviceName: map-device-2
  ebs:
    volumeSize: 50G
  rootVolume: true`)),
		ncCase("volumeSize 1m", true, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: 1m\n  rootVolume: false")),
		ncCase("volumeSize 100T", true, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: 100T\n  rootVolume: false")),
		ncCase("volumeSize 0", true, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: \"0\"\n  rootVolume: false")),
		ncCase("volumeInitializationRate without snapshotID", true, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: \"0\"\n    volumeInitializationRate: 100\n  rootVolume: false")),
		ncCase("volumeInitializationRate 99", true, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: \"0\"\n    snapshotID: snap-1\n    volumeInitializationRate: 99\n  rootVolume: false")),
		ncCase("volumeInitializationRate 888", true, bdm("- deviceName: map-device-1\n  ebs:\n    volumeSize: \"0\"\n    snapshotID: snap-1\n    volumeInitializationRate: 888\n  rootVolume: false")),
	)

	// Context("NetworkInterfaces")
	ni := func(items ...string) string {
		s := "networkInterfaces:\n"
		for _, it := range items {
			f := strings.Fields(it)
			s += "  - networkCardIndex: " + f[0] + "\n    deviceIndex: " + f[1] + "\n    interfaceType: " + f[2] + "\n"
		}
		return s
	}
	cases = append(cases,
		ncCase("four network interfaces", false, ni("0 0 interface", "0 1 efa-only", "1 0 efa-only", "1 1 interface")),
		ncCase("no network interfaces", false, "networkInterfaces: []"),
		ncCase("interface type efa", true, ni("0 0 efa")),
		ncCase("negative networkCardIndex", true, ni("0 0 interface", "-1 0 interface")),
		ncCase("negative deviceIndex", true, ni("-1 0 interface", "0 -1 interface")),
		ncCase("repeated card and device", true, ni("0 0 interface", "0 1 efa-only", "1 0 interface", "1 0 efa-only")),
		ncCase("no primary interface", true, ni("0 1 interface")),
		ncCase("primary interface efa-only", true, ni("0 0 efa-only")),
		ncCase("two efa-only interfaces on a card", true, ni("0 0 interface", "1 0 efa-only", "1 1 efa-only")),
	)

	// Context("ConnectionTracking")
	ct := "connectionTracking:\n"
	cases = append(cases,
		ncCase("connectionTracking empty", true, "connectionTracking: {}"),
		ncCase("tcpEstablishedTimeout 60", false, ct+"  tcpEstablishedTimeout: 60"),
		ncCase("udpStreamTimeout 120", false, ct+"  udpStreamTimeout: 120"),
		ncCase("udpTimeout 45", false, ct+"  udpTimeout: 45"),
		ncCase("all timeouts at their maximum", false, ct+"  tcpEstablishedTimeout: 432000\n  udpStreamTimeout: 180\n  udpTimeout: 60"),
		ncCase("tcpEstablishedTimeout 59", true, ct+"  tcpEstablishedTimeout: 59"),
		ncCase("tcpEstablishedTimeout 432001", true, ct+"  tcpEstablishedTimeout: 432001"),
		ncCase("udpStreamTimeout 59", true, ct+"  udpStreamTimeout: 59"),
		ncCase("udpStreamTimeout 181", true, ct+"  udpStreamTimeout: 181"),
		ncCase("udpTimeout 29", true, ct+"  udpTimeout: 29"),
		ncCase("udpTimeout 61", true, ct+"  udpTimeout: 61"),
	)

	// Context("Role Immutability"): each update is accepted, so each case
	// is the object after it.
	cases = append(cases,
		ncCase("role empty", true, "role: \"\""),
		ncCase("role updated", false, "role: test-role2"),
		ncCase("instance profile replaced by a role", false, "role: test-role"),
		ncCase("role replaced by an instance profile", false, "~role\ninstanceProfile: test-instance-profile"),
	)

	// Context("CPUOptions")
	cases = append(cases,
		ncCase("nestedVirtualization enabled", false, "cpuOptions:\n  nestedVirtualization: enabled"),
		ncCase("nestedVirtualization disabled", false, "cpuOptions:\n  nestedVirtualization: disabled"),
		ncCase("nestedVirtualization invalid", true, "cpuOptions:\n  nestedVirtualization: invalid"),
		ncCase("cpuOptions empty", false, "cpuOptions: {}"),
	)

	runValidatorCases(t, "Karpenter EC2NodeClass (karpenter-provider-aws ec2nodeclass_validation_cel_test.go)", cases)
	cases = nil

	// The same class in a file of its own beside the NodePool that uses it,
	// as most repositories keep them.
	split := func(name string, reject bool, spec string) validatorCase {
		doc := ec2Class(spec)
		i := strings.Index(doc, "---\n")
		return validatorCase{name: name + " (class in its own file)", reject: reject,
			files: map[string]string{"nodepool.yaml": doc[:i], "ec2nodeclass.yaml": doc[i+4:]}}
	}
	cases = append(cases,
		split("role only", false, ""),
		split("role and instance profile", true, "instanceProfile: test-instance-profile"),
		split("amiFamily Ubuntu", true, "amiFamily: Ubuntu\namiSelectorTerms:\n  - id: ami-0123456789abcdef"),
		split("subnetSelectorTerms empty", true, "subnetSelectorTerms: []"),
		split("nestedVirtualization enabled", false, "cpuOptions:\n  nestedVirtualization: enabled"),
	)
	runValidatorCases(t, "Karpenter EC2NodeClass in another file", cases)
}

// TestEC2NodeClassInAnotherFile: a class in a file of its own is reported
// once, at its own lines, on the first NodePool of the directory using it;
// not when two files declare the name (which one is meant is not known).
func TestEC2NodeClassInAnotherFile(t *testing.T) {
	doc := ec2Class("role: \"\"")
	i := strings.Index(doc, "---\n")
	pool, class := doc[:i], doc[i+4:]
	run := func(files map[string]string) (int, []string) {
		dir := t.TempDir()
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}, Root: dir})
		var at []string
		for _, f := range res.Findings {
			if f.RuleID == "PL102" {
				at = append(at, filepath.Base(f.Pos.File)+":"+strconv.Itoa(f.Pos.Line))
			}
		}
		return len(at), at
	}
	if n, at := run(map[string]string{"a-pool.yaml": pool, "b-pool.yaml": strings.Replace(pool, "name: default\nspec", "name: other\nspec", 1), "class.yaml": class}); n != 1 || at[0] != "class.yaml:15" {
		t.Errorf("class used by two NodePool files: want one PL102 at class.yaml:15, got %q", at)
	}
	if n, at := run(map[string]string{"pool.yaml": pool, "class.yaml": class, "class-prod.yaml": class}); n != 0 {
		t.Errorf("class declared in two files: want no PL102, got %q", at)
	}
	if n, at := run(map[string]string{"pool.yaml": pool, "class.yaml": pool + "---\n" + class}); n != 1 || at[0] != "class.yaml:30" {
		t.Errorf("class used in its own file too: want one PL102 at class.yaml:30, got %q", at)
	}
}

// TestKarpenterPlaceholders: values known only at apply (envsubst
// ${VAR}s, as in Karpenter's getting-started manifests) are no rejection,
// in a NodePool and in its EC2NodeClass beside it.
func TestKarpenterPlaceholders(t *testing.T) {
	files := map[string]string{
		"nodepool.yaml": `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    metadata:
      labels:
        team: ${TEAM}
    spec:
      expireAfter: ${EXPIRE_AFTER}
      terminationGracePeriod: ${TGP}
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: ${NODECLASS}
      requirements:
        - key: karpenter.sh/capacity-type
          operator: In
          values: ["${CAPACITY_TYPE}"]
        - key: node.kubernetes.io/instance-type
          operator: In
          values: ${INSTANCE_TYPES}
          minValues: 2
  disruption:
    consolidationPolicy: ${POLICY}
    consolidateAfter: ${AFTER}
    budgets:
      - nodes: ${NODES}
  limits:
    cpu: ${CPU_LIMIT}
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: other
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
      requirements: []
`,
		"ec2nodeclass.yaml": `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: ${KARPENTER_NODE_ROLE}
  amiSelectorTerms:
    - alias: ${AMI_ALIAS}
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: ${CLUSTER_NAME}
    - id: ${SUBNET_ID}
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: "${CLUSTER_NAME}"
  tags: ${TAGS}
  kubelet:
    kubeReserved:
      cpu: ${KUBE_CPU}
  blockDeviceMappings:
    - deviceName: /dev/xvda
      ebs:
        volumeSize: ${VOLUME_SIZE}
        volumeType: gp3
`,
	}
	runValidatorCases(t, "Karpenter placeholders", []validatorCase{{name: "placeholders", files: files}})
}
