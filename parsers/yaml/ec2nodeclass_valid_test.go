package yaml

import (
	"strings"
	"testing"
)

// ec2ClassDoc is a NodePool using EC2NodeClass "default", then the class
// with the spec lines given (the base: a role, an alias and selectors,
// unless spec replaces them).
func ec2ClassDoc(spec string) string {
	var b strings.Builder
	b.WriteString(nodePoolDoc("", "", "") + "---\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: default\nspec:\n")
	base := map[string]string{
		"role":                       "role: KarpenterNodeRole",
		"amiSelectorTerms":           "amiSelectorTerms: [{alias: al2023@latest}]",
		"subnetSelectorTerms":        "subnetSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]",
		"securityGroupSelectorTerms": "securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]",
	}
	for _, k := range []string{"role", "amiSelectorTerms", "subnetSelectorTerms", "securityGroupSelectorTerms"} {
		if !strings.Contains(spec, k) && !(k == "role" && strings.Contains(spec, "instanceProfile")) {
			b.WriteString("  " + base[k] + "\n")
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(spec), "\n") {
		if line != "" && line != "-" {
			b.WriteString("  " + line + "\n")
		}
	}
	return strings.ReplaceAll(b.String(), "group: karpenter.test.sh, kind: TestNodeClass", "group: karpenter.k8s.aws, kind: EC2NodeClass")
}

// TestEC2NodeClassValidation is karpenter-provider-aws v1.14.1's
// EC2NodeClass CEL test table (pkg/apis/v1/ec2nodeclass_validation_cel_test.go)
// as manifests; what the class fails is reported on the NodePool using it.
func TestEC2NodeClassValidation(t *testing.T) {
	S := "EC2NodeClass/default.spec."
	runValidCases(t, []validCase{
		{"base", ec2ClassDoc("-"), "", 0},
		{"instance profile only", ec2ClassDoc("instanceProfile: KarpenterProfile"), "", 0},
		{"role and instance profile", ec2ClassDoc("role: r\ninstanceProfile: p"), S + "instanceProfile", 0},
		{"neither role nor profile", strings.Replace(ec2ClassDoc("-"), "  role: KarpenterNodeRole\n", "", 1), S + "role", 0},
		{"empty role", ec2ClassDoc("role: ''"), S + "role", 0},
		{"ubuntu family", ec2ClassDoc("amiFamily: Ubuntu\namiSelectorTerms: [{id: ami-123}]"), S + "amiFamily", 0},
		{"no family and no alias", ec2ClassDoc("amiSelectorTerms: [{id: ami-123}]"), S + "amiFamily", 0},
		{"family and id", ec2ClassDoc("amiFamily: AL2023\namiSelectorTerms: [{id: ami-123}]"), "", 0},
		{"restricted tag", ec2ClassDoc("tags: {karpenter.sh/nodepool: x}"), S + "tags", 0},
		{"restricted cluster tag", ec2ClassDoc("tags: {kubernetes.io/cluster/c: owned}"), S + "tags", 0},
		{"eks cluster name tag", ec2ClassDoc("tags: {'eks:eks-cluster-name': c}"), S + "tags", 0},
		{"ok tags", ec2ClassDoc("tags: {team: a, karpenter.sh/discovery: c}"), "", 0},
		{"subnet id", ec2ClassDoc("subnetSelectorTerms: [{id: subnet-123}]"), "", 0},
		{"subnets missing", strings.Replace(ec2ClassDoc("-"), "  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]\n", "", 1), S + "subnetSelectorTerms", 0},
		{"subnets empty", ec2ClassDoc("subnetSelectorTerms: []"), S + "subnetSelectorTerms", 0},
		{"subnet term empty", ec2ClassDoc("subnetSelectorTerms: [{}]"), S + "subnetSelectorTerms[0]", 0},
		{"subnet tag key empty", ec2ClassDoc("subnetSelectorTerms: [{tags: {'': x}}]"), S + "subnetSelectorTerms[0].tags", 0},
		{"subnet tag value empty", ec2ClassDoc("subnetSelectorTerms: [{tags: {a: ''}}]"), S + "subnetSelectorTerms[0].tags", 0},
		{"last subnet term invalid", ec2ClassDoc("subnetSelectorTerms: [{id: subnet-1}, {}]"), S + "subnetSelectorTerms[1]", 0},
		{"subnet id with tags", ec2ClassDoc("subnetSelectorTerms: [{id: subnet-1, tags: {a: b}}]"), S + "subnetSelectorTerms", 0},
		{"one of two subnet terms with id and tags", ec2ClassDoc("subnetSelectorTerms: [{id: subnet-1, tags: {a: b}}, {id: subnet-2}]"), "", 0},
		{"sg name", ec2ClassDoc("securityGroupSelectorTerms: [{name: sg}]"), "", 0},
		{"sgs empty", ec2ClassDoc("securityGroupSelectorTerms: []"), S + "securityGroupSelectorTerms", 0},
		{"sg id with name", ec2ClassDoc("securityGroupSelectorTerms: [{id: sg-1, name: x}]"), S + "securityGroupSelectorTerms", 0},
		{"sg name with tags", ec2ClassDoc("securityGroupSelectorTerms: [{name: x, tags: {a: b}}]"), S + "securityGroupSelectorTerms", 0},
		{"ami term empty", ec2ClassDoc("amiFamily: AL2023\namiSelectorTerms: [{}]"), S + "amiSelectorTerms[0]", 0},
		{"ami name and owner", ec2ClassDoc("amiFamily: AL2023\namiSelectorTerms: [{name: my-ami, owner: '123456789'}]"), "", 0},
		{"ami id with name", ec2ClassDoc("amiFamily: AL2023\namiSelectorTerms: [{id: ami-1, name: x}]"), S + "amiSelectorTerms[0].id", 0},
		{"ami alias with owner", ec2ClassDoc("amiSelectorTerms: [{alias: al2023@latest, owner: '123'}]"), S + "amiSelectorTerms[0].alias", 0},
		{"alias with other terms", ec2ClassDoc("amiSelectorTerms: [{alias: al2023@latest}, {name: x}]"), S + "amiSelectorTerms", 0},
		{"alias pinned", ec2ClassDoc("amiSelectorTerms: [{alias: bottlerocket@1.10.0}]"), "", 0},
		{"alias missing family", ec2ClassDoc("amiSelectorTerms: [{alias: '@latest'}]"), S + "amiSelectorTerms[0].alias", 0},
		{"alias missing version", ec2ClassDoc("amiSelectorTerms: [{alias: al2023@}]"), S + "amiSelectorTerms[0].alias", 0},
		{"alias separator", ec2ClassDoc("amiSelectorTerms: [{alias: al2023-latest}]"), S + "amiSelectorTerms[0].alias", 0},
		{"alias family", ec2ClassDoc("amiSelectorTerms: [{alias: ubuntu@latest}]"), S + "amiSelectorTerms[0].alias", 0},
		{"windows alias pinned", ec2ClassDoc("amiSelectorTerms: [{alias: windows2022@v1.0.0}]"), S + "amiSelectorTerms[0].alias", 0},
		{"family against alias", ec2ClassDoc("amiFamily: AL2\namiSelectorTerms: [{alias: al2023@latest}]"), S + "amiFamily", 0},
		{"custom family with alias", ec2ClassDoc("amiFamily: Custom\namiSelectorTerms: [{alias: al2023@latest}]"), "", 0},
		{"kubeReserved key", ec2ClassDoc("kubelet:\n  kubeReserved: {gpu: '1'}"), S + "kubelet.kubeReserved", 0},
		{"systemReserved key", ec2ClassDoc("kubelet:\n  systemReserved: {gpu: '1'}"), S + "kubelet.systemReserved", 0},
		{"negative reserved", ec2ClassDoc("kubelet:\n  kubeReserved: {cpu: '-1'}"), S + "kubelet.kubeReserved", 0},
		{"evictionHard key", ec2ClassDoc("kubelet:\n  evictionHard: {memory: 5%}"), S + "kubelet.evictionHard", 0},
		{"evictionHard ok", ec2ClassDoc("kubelet:\n  evictionHard: {memory.available: 5%, nodefs.available: 10%}"), "", 0},
		{"evictionSoft without grace", ec2ClassDoc("kubelet:\n  evictionSoft: {memory.available: 5%}"), S + "kubelet.evictionSoft", 0},
		{"grace without evictionSoft", ec2ClassDoc("kubelet:\n  evictionSoftGracePeriod: {memory.available: 1m}"), S + "kubelet.evictionSoftGracePeriod", 0},
		{"evictionSoft with grace", ec2ClassDoc("kubelet:\n  evictionSoft: {memory.available: 5%}\n  evictionSoftGracePeriod: {memory.available: 1m}"), "", 0},
		{"image GC order", ec2ClassDoc("kubelet:\n  imageGCHighThresholdPercent: 50\n  imageGCLowThresholdPercent: 60"), S + "kubelet.imageGCHighThresholdPercent", 0},
		{"image GC ok", ec2ClassDoc("kubelet:\n  imageGCHighThresholdPercent: 80\n  imageGCLowThresholdPercent: 60"), "", 0},
		{"two root volumes", ec2ClassDoc("blockDeviceMappings:\n  - {deviceName: /dev/xvda, rootVolume: true, ebs: {volumeSize: 20Gi}}\n  - {deviceName: /dev/xvdb, rootVolume: true, ebs: {volumeSize: 20Gi}}"), S + "blockDeviceMappings", 0},
		{"ebs without size", ec2ClassDoc("blockDeviceMappings:\n  - {deviceName: /dev/xvda, ebs: {volumeType: gp3}}"), S + "blockDeviceMappings[0].ebs", 0},
		{"ebs ok", ec2ClassDoc("blockDeviceMappings:\n  - {deviceName: /dev/xvda, rootVolume: true, ebs: {volumeSize: 100Gi, volumeType: gp3, encrypted: true}}"), "", 0},
		// capacity reservations
		{"reservation tags", ec2ClassDoc("capacityReservationSelectorTerms: [{tags: {a: b}}]"), "", 0},
		{"reservation id", ec2ClassDoc("capacityReservationSelectorTerms: [{id: cr-12345749}]"), "", 0},
		{"reservation owner", ec2ClassDoc("capacityReservationSelectorTerms: [{ownerID: '012345678901', tags: {a: b}}]"), "", 0},
		{"reservation bad id", ec2ClassDoc("capacityReservationSelectorTerms: [{id: r-12345749}]"), S + "capacityReservationSelectorTerms[0].id", 0},
		{"reservation empty term", ec2ClassDoc("capacityReservationSelectorTerms: [{}]"), S + "capacityReservationSelectorTerms[0]", 0},
		{"reservation tag key empty", ec2ClassDoc("capacityReservationSelectorTerms: [{tags: {'': b}}]"), S + "capacityReservationSelectorTerms[0].tags", 0},
		{"reservation id with tags", ec2ClassDoc("capacityReservationSelectorTerms: [{id: cr-1, tags: {a: b}}]"), S + "capacityReservationSelectorTerms", 0},
		{"reservation id with owner", ec2ClassDoc("capacityReservationSelectorTerms: [{id: cr-1, ownerID: '012345678901'}]"), S + "capacityReservationSelectorTerms", 0},
		{"reservation owner malformed", ec2ClassDoc("capacityReservationSelectorTerms: [{ownerID: '01234567890', tags: {a: b}}]"), S + "capacityReservationSelectorTerms[0].ownerID", 0},
		{"reservation owner alone", ec2ClassDoc("capacityReservationSelectorTerms: [{ownerID: '012345678901'}]"), S + "capacityReservationSelectorTerms[0]", 0},
		{"reservation open", ec2ClassDoc("capacityReservationSelectorTerms: [{instanceMatchCriteria: open}]"), "", 0},
		{"reservation criteria with tags", ec2ClassDoc("capacityReservationSelectorTerms: [{instanceMatchCriteria: targeted, tags: {a: b}}]"), "", 0},
		{"reservation bad criteria", ec2ClassDoc("capacityReservationSelectorTerms: [{instanceMatchCriteria: any}]"), S + "capacityReservationSelectorTerms[0].instanceMatchCriteria", 0},
		{"reservation id with criteria", ec2ClassDoc("capacityReservationSelectorTerms: [{id: cr-1, instanceMatchCriteria: open}]"), S + "capacityReservationSelectorTerms", 0},
		// metadata options
		{"metadata ok", ec2ClassDoc("metadataOptions: {httpEndpoint: enabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 1, httpTokens: required}"), "", 0},
		{"metadata endpoint", ec2ClassDoc("metadataOptions: {httpEndpoint: test}"), S + "metadataOptions.httpEndpoint", 0},
		{"metadata ipv6", ec2ClassDoc("metadataOptions: {httpProtocolIPv6: test}"), S + "metadataOptions.httpProtocolIPv6", 0},
		{"metadata hop limit", ec2ClassDoc("metadataOptions: {httpPutResponseHopLimit: -1}"), S + "metadataOptions.httpPutResponseHopLimit", 0},
		{"metadata tokens", ec2ClassDoc("metadataOptions: {httpTokens: test}"), S + "metadataOptions.httpTokens", 0},
		// the AWS provider's label domain on the NodePool using the class
		{"aws known labels", strings.Replace(ec2ClassDoc("-"), "        - {key: karpenter.sh/capacity-type, operator: Exists}\n", "        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m5]}\n        - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ['4']}\n        - {key: topology.k8s.aws/zone-id, operator: Exists}\n", 1), "", 0},
		{"aws label typo", strings.Replace(ec2ClassDoc("-"), "        - {key: karpenter.sh/capacity-type, operator: Exists}\n", "        - {key: karpenter.k8s.aws/instance-familly, operator: In, values: [m5]}\n", 1), "spec.template.spec.requirements[0].key", 0},
		{"aws tenancy", strings.Replace(ec2ClassDoc("-"), "        - {key: karpenter.sh/capacity-type, operator: Exists}\n", "        - {key: karpenter.k8s.aws/instance-tenancy, operator: In, values: [shared]}\n", 1), "spec.template.spec.requirements[0].values", 0},
		{"aws template label", strings.Replace(ec2ClassDoc("-"), "  template:\n", "  template:\n    metadata:\n      labels: {karpenter.k8s.aws/team: a}\n", 1), "spec.template.metadata.labels", 0},
		{"unknown role", ec2ClassDoc("role: ${ROLE}"), "", 0},
		{"unknown alias", ec2ClassDoc("amiSelectorTerms: [{alias: '${ALIAS}'}]"), "", 0},
		{"patch", strings.ReplaceAll(nodePoolDoc("", "", ""), "group: karpenter.test.sh, kind: TestNodeClass", "group: karpenter.k8s.aws, kind: EC2NodeClass") + "---\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: default\nspec:\n  tags: {team: a}\n", "", 0},
		{"v1beta1 skipped", strings.Replace(ec2ClassDoc("role: r\ninstanceProfile: p"), "karpenter.k8s.aws/v1\n", "karpenter.k8s.aws/v1beta1\n", 1), "", 0},
		{"class not used", strings.Replace(ec2ClassDoc("role: r\ninstanceProfile: p"), "kind: EC2NodeClass\nmetadata:\n  name: default", "kind: EC2NodeClass\nmetadata:\n  name: other", 1), "", 0},
	})
	// The rejection is at the class's line, on the NodePool using it.
	doc := ec2ClassDoc("role: r\ninstanceProfile: p")
	line := 1 + strings.Count(doc[:strings.Index(doc, "instanceProfile: p")], "\n")
	runValidCases(t, []validCase{{"position", doc, S + "instanceProfile", line}})
}
