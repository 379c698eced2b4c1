package yaml

import (
	"reflect"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// eksctlDoc is a ClusterConfig with one node group of list whose body is
// given, indented under "- name: ng0".
func eksctlDoc(version, list, body string) string {
	var b strings.Builder
	b.WriteString("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: us-west-2\n")
	if version != "" {
		b.WriteString("  version: \"" + version + "\"\n")
	}
	b.WriteString(list + ":\n  - name: ng0\n")
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		if line != "" {
			b.WriteString("    " + line + "\n")
		}
	}
	return b.String()
}

// rejections parses a document and returns its pools' rejections.
func rejections(t *testing.T, doc string) []nodepool.Rejection {
	t.Helper()
	res := parse("c.yaml", []byte(doc))
	var out []nodepool.Rejection
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			out = append(out, p.Rejections...)
		}
	}
	return out
}

type validCase struct {
	name string
	doc  string
	// want is the field path of the expected rejection; "" when the
	// validator accepts the document (or the value is unknown).
	want string
	line int // the rejection's line, when not 0
}

func runValidCases(t *testing.T, cases []validCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := rejections(t, tc.doc)
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no rejection, got %+v\n%s", got, tc.doc)
				}
				return
			}
			for _, r := range got {
				if r.Field == tc.want && (tc.line == 0 || r.Pos.Line == tc.line) {
					if r.Message == "" || !r.Pos.IsValid() {
						t.Errorf("rejection without message or position: %+v", r)
					}
					return
				}
			}
			t.Fatalf("want a rejection at %s (line %d), got %+v\n%s", tc.want, tc.line, got, tc.doc)
		})
	}
}

// TestEksctlValidation is eksctl v0.230.0's node-group test table
// (pkg/apis/eksctl.io/v1alpha5/validation_test.go and
// managed_nodegroup_test.go) as manifests, with near misses and unknown
// values beside each check.
func TestEksctlValidation(t *testing.T) {
	ng, mng := "nodeGroups", "managedNodeGroups"
	d := func(body string) string { return eksctlDoc("1.32", ng, body) }
	m := func(body string) string { return eksctlDoc("1.32", mng, body) }
	runValidCases(t, []validCase{
		// nodeGroups[*].volumeX
		{"gp3 iops ok", d("volumeType: gp3\nvolumeIOPS: 3000"), "", 0},
		{"gp3 iops low", d("volumeType: gp3\nvolumeIOPS: 2999"), "nodeGroups[0].volumeIOPS", 10},
		{"gp3 iops high", d("volumeType: gp3\nvolumeIOPS: 16001"), "nodeGroups[0].volumeIOPS", 10},
		{"default gp3 iops high", d("volumeIOPS: 16001"), "nodeGroups[0].volumeIOPS", 9},
		{"io1 iops ok", d("volumeType: io1\nvolumeIOPS: 3000"), "", 0},
		{"io1 iops low", d("volumeType: io1\nvolumeIOPS: 99"), "nodeGroups[0].volumeIOPS", 0},
		{"io1 iops high", d("volumeType: io1\nvolumeIOPS: 64001"), "nodeGroups[0].volumeIOPS", 0},
		{"io2 iops ok", d("volumeType: io2\nvolumeIOPS: 256000"), "", 0},
		{"io2 iops low", d("volumeType: io2\nvolumeIOPS: 99"), "nodeGroups[0].volumeIOPS", 0},
		{"io2 iops high", d("volumeType: io2\nvolumeIOPS: 256001"), "nodeGroups[0].volumeIOPS", 0},
		{"gp2 iops", d("volumeType: gp2\nvolumeIOPS: 3000"), "nodeGroups[0].volumeIOPS", 0},
		{"gp3 throughput ok", d("volumeType: gp3\nvolumeThroughput: 125"), "", 0},
		{"gp3 throughput low", d("volumeType: gp3\nvolumeThroughput: 124"), "nodeGroups[0].volumeThroughput", 0},
		{"gp3 throughput high", d("volumeThroughput: 1001"), "nodeGroups[0].volumeThroughput", 0},
		{"gp2 throughput", d("volumeType: gp2\nvolumeThroughput: 125"), "nodeGroups[0].volumeThroughput", 0},
		{"iops unknown", d("volumeIOPS: ${IOPS}"), "", 0},
		{"type unknown", d("volumeType: ${TYPE}\nvolumeIOPS: 50"), "", 0},
		{"kms without encryption", d("volumeSize: 80\nvolumeKmsKeyID: abc"), "nodeGroups[0].volumeKmsKeyID", 0},
		{"kms with encryption", d("volumeSize: 80\nvolumeEncrypted: true\nvolumeKmsKeyID: abc"), "", 0},
		{"kms with unknown encryption", d("volumeSize: 80\nvolumeEncrypted: ${ENC}\nvolumeKmsKeyID: abc"), "", 0},
		// Self-managed groups are validated before volumeSize is defaulted.
		{"kms without volumeSize", d("volumeEncrypted: true\nvolumeKmsKeyID: abc"), "nodeGroups[0].volumeKmsKeyID", 0},
		{"volumeEncrypted without volumeSize", d("volumeEncrypted: true"), "nodeGroups[0].volumeEncrypted", 0},
		{"volumeName without volumeSize", d("volumeName: /dev/xvdb"), "nodeGroups[0].volumeName", 0},
		{"volumeEncrypted false without volumeSize", d("volumeEncrypted: false"), "", 0},
		{"volumeSize unknown", d("volumeSize: ${SIZE}\nvolumeEncrypted: true"), "", 0},
		// names
		{"invalid name", strings.Replace(d(""), "name: ng0", "name: ng_0", 1), "nodeGroups[0].name", 0},
		{"valid name", d(""), "", 0},
		{"managed name with underscore", strings.Replace(m(""), "name: ng0", "name: ng_0", 1), "", 0},
		// container runtime
		{"containerd", d("containerRuntime: containerd"), "", 0},
		{"invalid runtime", d("containerRuntime: foo"), "nodeGroups[0].containerRuntime", 0},
		{"docker on AL2023", d("amiFamily: AmazonLinux2023\ncontainerRuntime: dockerd"), "nodeGroups[0].containerRuntime", 0},
		{"docker from 1.24", d("containerRuntime: dockerd"), "nodeGroups[0].containerRuntime", 0},
		{"docker before 1.24", eksctlDoc("1.23", ng, "containerRuntime: dockerd"), "", 0},
		{"containerd with override", d("containerRuntime: containerd\noverrideBootstrapCommand: echo"), "nodeGroups[0].overrideBootstrapCommand", 0},
		// custom AMIs
		{"ami needs override on AL2", d("ami: ami-123\namiFamily: AmazonLinux2"), "nodeGroups[0].overrideBootstrapCommand", 0},
		{"ami on Bottlerocket", d("ami: ami-123\namiFamily: Bottlerocket"), "", 0},
		{"ami on Windows", d("ami: ami-123\namiFamily: WindowsServer2019FullContainer"), "", 0},
		{"ami with override", d("ami: ami-123\namiFamily: AmazonLinux2\noverrideBootstrapCommand: echo"), "", 0},
		{"override on Bottlerocket", d("amiFamily: Bottlerocket\noverrideBootstrapCommand: echo"), "nodeGroups[0].overrideBootstrapCommand", 0},
		{"override on Windows", d("amiFamily: WindowsServer2019FullContainer\noverrideBootstrapCommand: echo"), "", 0},
		// maxInstanceLifetime
		{"lifetime below a day", d("maxInstanceLifetime: 86399"), "nodeGroups[0].maxInstanceLifetime", 0},
		{"lifetime a day", d("maxInstanceLifetime: 86400"), "", 0},
		// iam
		{"profile only", d("iam:\n  instanceProfileARN: arn:aws:iam::1:instance-profile/p"), "", 0},
		{"profile and role", d("iam:\n  instanceProfileARN: arn:aws:iam::1:instance-profile/p\n  instanceRoleARN: arn:aws:iam::1:role/r"), "", 0},
		{"profile and role name", d("iam:\n  instanceProfileARN: arn:aws:iam::1:instance-profile/p\n  instanceRoleName: r"), "nodeGroups[0].iam.instanceProfileARN", 0},
		{"profile and boundary", d("iam:\n  instanceProfileARN: arn:aws:iam::1:instance-profile/p\n  instanceRolePermissionsBoundary: arn:aws:iam::1:policy/b"), "nodeGroups[0].iam.instanceProfileARN", 0},
		{"role and role name", d("iam:\n  instanceRoleARN: arn:aws:iam::1:role/r\n  instanceRoleName: r"), "nodeGroups[0].iam.instanceRoleARN", 0},
		{"role and attachPolicy", d("iam:\n  instanceRoleARN: arn:aws:iam::1:role/r\n  attachPolicy: {Version: '2012-10-17'}"), "nodeGroups[0].iam.instanceRoleARN", 0},
		{"role and attachPolicyARNs", d("iam:\n  instanceRoleARN: arn:aws:iam::1:role/r\n  attachPolicyARNs: [arn:aws:iam::1:policy/p]"), "nodeGroups[0].iam.instanceRoleARN", 0},
		{"role and addon policies", d("iam:\n  instanceRoleARN: arn:aws:iam::1:role/r\n  withAddonPolicies: {albIngress: true}"), "nodeGroups[0].iam.instanceRoleARN", 0},
		{"ALB ingress and controller", d("iam:\n  withAddonPolicies: {albIngress: true, awsLoadBalancerController: true}"), "nodeGroups[0].iam.withAddonPolicies.albIngress", 0},
		{"ALB controller only", d("iam:\n  withAddonPolicies: {awsLoadBalancerController: true}"), "", 0},
		{"bad policy ARN", d("iam:\n  attachPolicyARNs: [not-an-arn]"), "nodeGroups[0].iam.attachPolicyARNs[0]", 0},
		{"pod IMDS and addon policies", d("disablePodIMDS: true\niam:\n  withAddonPolicies: {externalDNS: true}"), "nodeGroups[0].disablePodIMDS", 0},
		// cpuCredits
		{"cpu credits on t3", d("instanceType: t3.large\ncpuCredits: unlimited"), "", 0},
		{"cpu credits on m5", d("instanceType: m5.large\ncpuCredits: unlimited"), "nodeGroups[0].cpuCredits", 0},
		{"cpu credits bad value", d("instanceType: t3.large\ncpuCredits: lots"), "nodeGroups[0].cpuCredits", 0},
		{"cpu credits distribution", d("instancesDistribution:\n  instanceTypes: [m5.large, c5.large]\ncpuCredits: standard"), "nodeGroups[0].cpuCredits", 0},
		{"cpu credits unknown type", d("instanceType: ${TYPE}\ncpuCredits: standard"), "", 0},
		// ssh
		{"ssh two keys", d("ssh:\n  publicKeyName: k\n  publicKeyPath: ~/.ssh/id.pub"), "nodeGroups[0].ssh", 0},
		{"ssh one key", d("ssh:\n  publicKeyName: k"), "", 0},
		{"ssm disabled", d("ssh:\n  enableSSM: false"), "nodeGroups[0].ssh.enableSSM", 0},
		// instancesDistribution
		{"mixed ok", d("instanceType: mixed\ninstancesDistribution:\n  instanceTypes: [t3.large, t3a.large]"), "", 0},
		{"distribution with instanceType", d("instanceType: t3.large\ninstancesDistribution:\n  instanceTypes: [t3.large, t3a.large]"), "nodeGroups[0].instanceType", 0},
		{"distribution without types", d("instancesDistribution:\n  instanceTypes: []"), "nodeGroups[0].instancesDistribution.instanceTypes", 0},
		{"distribution base negative", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  onDemandBaseCapacity: -1"), "nodeGroups[0].instancesDistribution.onDemandBaseCapacity", 0},
		{"distribution pools 0", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  spotInstancePools: 0"), "nodeGroups[0].instancesDistribution.spotInstancePools", 0},
		{"distribution pools 21", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  spotInstancePools: 21"), "nodeGroups[0].instancesDistribution.spotInstancePools", 0},
		{"distribution percent 101", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  onDemandPercentageAboveBaseCapacity: 101"), "nodeGroups[0].instancesDistribution.onDemandPercentageAboveBaseCapacity", 0},
		{"distribution percent -1", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  onDemandPercentageAboveBaseCapacity: -1"), "nodeGroups[0].instancesDistribution.onDemandPercentageAboveBaseCapacity", 0},
		{"distribution bad strategy", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  spotAllocationStrategy: cheapest"), "nodeGroups[0].instancesDistribution.spotAllocationStrategy", 0},
		{"distribution pools with capacity-optimized", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  spotInstancePools: 2\n  spotAllocationStrategy: capacity-optimized"), "nodeGroups[0].instancesDistribution.spotInstancePools", 0},
		{"distribution pools with capacity-optimized-prioritized", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  spotInstancePools: 2\n  spotAllocationStrategy: capacity-optimized-prioritized"), "nodeGroups[0].instancesDistribution.spotInstancePools", 0},
		{"distribution pools with lowest-price", d("instancesDistribution:\n  instanceTypes: [t3.large]\n  spotInstancePools: 2\n  spotAllocationStrategy: lowest-price"), "", 0},
		// kubeletExtraConfig
		{"kubelet forbidden field", d("kubeletExtraConfig:\n  clusterDomain: x"), "nodeGroups[0].kubeletExtraConfig.clusterDomain", 0},
		{"kubelet other options", d("kubeletExtraConfig:\n  kubeReserved: {cpu: 300m}"), "", 0},
		{"kubelet on Windows", d("amiFamily: WindowsServer2022CoreContainer\nkubeletExtraConfig:\n  kubeReserved: {cpu: 300m}"), "nodeGroups[0].kubeletExtraConfig", 0},
		// bottlerocket
		{"bottlerocket settings on AL2", d("amiFamily: AmazonLinux2\nbottlerocket:\n  enableAdminContainer: true"), "nodeGroups[0].bottlerocket", 0},
		{"bottlerocket settings", d("amiFamily: Bottlerocket\nbottlerocket:\n  enableAdminContainer: true"), "", 0},
		{"bottlerocket overlapping labels", d("amiFamily: Bottlerocket\nbottlerocket:\n  settings:\n    kubernetes:\n      node-labels: {mylabel.example.com: value}"), "nodeGroups[0].bottlerocket.settings.kubernetes.node-labels", 13},
		{"bottlerocket overlapping max pods", d("amiFamily: Bottlerocket\nbottlerocket:\n  settings:\n    kubernetes: {max-pods: 30}"), "nodeGroups[0].bottlerocket.settings.kubernetes.max-pods", 0},
		{"bottlerocket cluster DNS twice", d("amiFamily: Bottlerocket\nclusterDNS: 10.100.0.10\nbottlerocket:\n  settings:\n    kubernetes: {cluster-dns-ip: 10.100.0.10}"), "nodeGroups[0].bottlerocket.settings.kubernetes.cluster-dns-ip", 0},
		{"bottlerocket cluster DNS once", d("amiFamily: Bottlerocket\nbottlerocket:\n  settings:\n    kubernetes: {cluster-dns-ip: 10.100.0.10}"), "", 0},
		{"bottlerocket settings not a map", d("amiFamily: Bottlerocket\nbottlerocket:\n  settings:\n    kubernetes: [a]"), "nodeGroups[0].bottlerocket.settings.kubernetes", 0},
		{"bottlerocket labels and max pods", d("amiFamily: Bottlerocket\nlabels: {label: label-value}\nmaxPodsPerNode: 32\nminSize: 5"), "", 0},
		{"bottlerocket preBootstrapCommands", d("amiFamily: Bottlerocket\npreBootstrapCommands: [echo]"), "nodeGroups[0].preBootstrapCommands", 0},
		// AMI family
		{"family supported", d("amiFamily: Ubuntu2204"), "", 0},
		{"family other case", d("amiFamily: amazonlinux2023"), "", 0},
		{"family unsupported", d("amiFamily: Fedora"), "nodeGroups[0].amiFamily", 0},
		{"family 2004 core", d("amiFamily: WindowsServer2004CoreContainer"), "nodeGroups[0].amiFamily", 0},
		{"AL2 from 1.33", eksctlDoc("1.33", ng, "amiFamily: AmazonLinux2"), "nodeGroups[0].amiFamily", 0},
		{"AL2 on 1.32", d("amiFamily: AmazonLinux2"), "", 0},
		{"inferentia on Ubuntu", d("amiFamily: Ubuntu2204\ninstanceType: inf1.xlarge"), "nodeGroups[0]", 0},
		{"inferentia on AL2023", d("amiFamily: AmazonLinux2023\ninstanceType: inf1.xlarge"), "", 0},
		// instance type support (validateInstanceTypeSupport)
		{"ARM GPU on AL2", d("amiFamily: AmazonLinux2\ninstanceType: g5g.2xlarge"), "nodeGroups[0]", 0},
		{"ARM GPU distribution on AL2", d("amiFamily: AmazonLinux2\ninstanceType: mixed\ninstancesDistribution:\n  instanceTypes: [g5g.2xlarge]"), "nodeGroups[0]", 0},
		{"ARM GPU on AL2023", d("amiFamily: AmazonLinux2023\ninstanceType: g5g.2xlarge"), "", 0},
		{"ARM on Windows", d("amiFamily: WindowsServer2022FullContainer\ninstanceType: m6g.large"), "nodeGroups[0]", 0},
		{"x86 on Windows", d("amiFamily: WindowsServer2022FullContainer\ninstanceType: m6i.large"), "", 0},
		{"ARM GPU custom AMI", d("amiFamily: AmazonLinux2\ninstanceType: g5g.2xlarge\nami: ami-1\noverrideBootstrapCommand: echo"), "", 0},
		{"ARM GPU unknown family", eksctlDoc("", ng, "instanceType: g5g.2xlarge"), "", 0},
		{"mixed t3", d("instanceType: mixed\ninstancesDistribution:\n  instanceTypes: [t3.medium]"), "", 0},
		// zones, placement, EFA, outposts
		{"zones and subnets", d("availabilityZones: [us-west-2a]\nsubnets: [subnet-1]"), "nodeGroups[0].subnets", 0},
		{"local zones and zones", d("localZones: [us-west-2-lax-1a]\navailabilityZones: [us-west-2a]"), "nodeGroups[0].localZones", 0},
		{"placement without group", d("placement: {}"), "nodeGroups[0].placement.groupName", 0},
		{"placement with group", d("placement: {groupName: g}"), "", 0},
		{"efa with two zones", d("efaEnabled: true\navailabilityZones: [us-west-2a, us-west-2b]"), "nodeGroups[0].efaEnabled", 0},
		{"efa with one zone", d("efaEnabled: true\navailabilityZones: [us-west-2a]"), "", 0},
		{"bad outpost ARN", d("outpostARN: arn:aws:ec2:us-west-2:1:instance/i"), "nodeGroups[0].outpostARN", 0},
		{"asg suspend bad", d("asgSuspendProcesses: [Launch, Sleep]"), "nodeGroups[0].asgSuspendProcesses[1]", 0},
		{"asg suspend ok", d("asgSuspendProcesses: [Launch, AZRebalance]"), "", 0},
		{"maxPods negative", d("maxPodsPerNode: -1"), "nodeGroups[0].maxPodsPerNode", 0},
		{"capacity reservation preference", d("capacityReservation:\n  capacityReservationPreference: always"), "nodeGroups[0].capacityReservation.capacityReservationPreference", 0},
		{"market options alone", d("instanceMarketOptions:\n  marketType: capacity-block"), "nodeGroups[0].instanceMarketOptions", 0},
		// taints: spelling per format
		{"EKS API effect", d("taints:\n  - {key: a, value: b, effect: NO_SCHEDULE}"), "nodeGroups[0].taints[0].effect", 0},
		{"EKS API effect in map", d("taints:\n  a: \"b:NO_EXECUTE\""), "nodeGroups[0].taints.a", 0},
		{"Kubernetes effect", d("taints:\n  - {key: a, value: b, effect: NoSchedule}"), "", 0},

		// managed node groups
		{"managed instance profile", m("iam:\n  instanceProfileARN: arn:aws:iam::1:instance-profile/p"), "managedNodeGroups[0].iam.instanceProfileARN", 0},
		{"managed outposts", m("outpostARN: arn:aws:outposts:us-west-2:1:outpost/op-1"), "managedNodeGroups[0].outpostARN", 0},
		{"managed local SG", m("securityGroups:\n  withLocal: true"), "managedNodeGroups[0].securityGroups", 0},
		{"managed both types", m("instanceType: m5.large\ninstanceTypes: [m5.large]"), "managedNodeGroups[0].instanceTypes", 0},
		{"managed type and selector", m("instanceType: m5.large\ninstanceSelector: {vCPUs: 2}"), "managedNodeGroups[0].instanceSelector", 0},
		{"managed one type", m("instanceTypes: [m5.large, m5a.large]"), "", 0},
		{"launch template without id", m("launchTemplate:\n  version: \"2\""), "managedNodeGroups[0].launchTemplate.id", 0},
		{"launch template version 0", m("launchTemplate:\n  id: lt-1\n  version: \"0\""), "managedNodeGroups[0].launchTemplate.version", 0},
		{"launch template version word", m("launchTemplate:\n  id: lt-1\n  version: latest"), "managedNodeGroups[0].launchTemplate.version", 0},
		{"launch template with volumeSize", m("volumeSize: 80\nlaunchTemplate:\n  id: lt-1"), "managedNodeGroups[0].launchTemplate", 0},
		{"launch template with instanceType", m("instanceType: m5.large\nlaunchTemplate:\n  id: lt-1"), "managedNodeGroups[0].launchTemplate", 0},
		{"launch template ok", m("instanceTypes: [m5.large]\nlaunchTemplate:\n  id: lt-1\n  version: \"3\""), "", 0},
		{"launch template volume name", m("launchTemplate:\n  id: lt-1\nvolumeName: /dev/xvda"), "managedNodeGroups[0].volumeName", 0},
		{"managed custom AMI id", m("ami: my-image\namiFamily: AmazonLinux2023"), "managedNodeGroups[0].ami", 0},
		{"managed custom AMI without family", m("ami: ami-123"), "managedNodeGroups[0].amiFamily", 0},
		{"managed custom AMI Windows", m("ami: ami-123\namiFamily: WindowsServer2019FullContainer"), "managedNodeGroups[0].amiFamily", 0},
		{"managed custom AMI AL2 no override", m("ami: ami-123\namiFamily: AmazonLinux2"), "managedNodeGroups[0].overrideBootstrapCommand", 0},
		{"managed custom AMI AL2023", m("ami: ami-123\namiFamily: AmazonLinux2023"), "", 0},
		{"managed custom AMI maxPods", m("ami: ami-123\namiFamily: AmazonLinux2023\nmaxPodsPerNode: 20"), "managedNodeGroups[0].maxPodsPerNode", 0},
		{"managed custom AMI releaseVersion", m("ami: ami-123\namiFamily: AmazonLinux2023\nreleaseVersion: 1.30.0-2024"), "managedNodeGroups[0].releaseVersion", 0},
		{"managed override without AMI", m("amiFamily: AmazonLinux2\noverrideBootstrapCommand: echo"), "managedNodeGroups[0].overrideBootstrapCommand", 0},
		{"managed override on AL2023", m("amiFamily: AmazonLinux2023\noverrideBootstrapCommand: echo"), "", 0},
		{"managed default family 1.32 override", m("overrideBootstrapCommand: echo"), "", 0},
		// v0.230.0 defaults managed groups to AmazonLinux2023 on every version.
		{"managed default family 1.29 override", eksctlDoc("1.29", mng, "overrideBootstrapCommand: echo"), "", 0},
		{"managed AmazonLinux2 override without ami", eksctlDoc("1.29", mng, "amiFamily: AmazonLinux2\noverrideBootstrapCommand: echo"), "managedNodeGroups[0].overrideBootstrapCommand", 0},
		// Self-managed groups are validated before the family is defaulted.
		// SelectInstanceType takes the first GPU type of the list by
		// eksctl's table: p3.2xlarge is not in it, g5g.xlarge is.
		{"mixed: the table's GPU type is chosen", eksctlDoc("1.32", "nodeGroups", "amiFamily: AmazonLinux2\ninstancesDistribution:\n  instanceTypes: [p3.2xlarge, g5g.xlarge]"), "nodeGroups[0]", 0},
		{"mixed: no GPU type, the first is chosen", eksctlDoc("1.32", "nodeGroups", "amiFamily: AmazonLinux2\ninstancesDistribution:\n  instanceTypes: [g4ad.xlarge, c7g.large]"), "", 0},
		{"self-managed ARM NVIDIA without family", eksctlDoc("1.29", "nodeGroups", "instanceType: g5g.2xlarge"), "", 0},
		{"self-managed dockerd on 1.23 without family", eksctlDoc("1.23", "nodeGroups", "containerRuntime: dockerd"), "", 0},
		{"self-managed ami without family", eksctlDoc("1.33", "nodeGroups", "ami: ami-0123456789abcdef0"), "nodeGroups[0].amiFamily", 0},
		{"BottlerocketFips kubeletExtraConfig", eksctlDoc("1.33", "nodeGroups", "amiFamily: BottlerocketFips\nkubeletExtraConfig:\n  cgroupDriver: systemd"), "nodeGroups[0].kubeletExtraConfig", 0},
		{"BottlerocketFips settings", eksctlDoc("1.33", "nodeGroups", "amiFamily: bottlerocketfips\nbottlerocket:\n  enableAdminContainer: true"), "", 0},
		{"WindowsServer2025 family", eksctlDoc("1.33", "nodeGroups", "amiFamily: WindowsServer2025CoreContainer"), "", 0},
		{"Ubuntu2604 family", eksctlDoc("1.33", mng, "amiFamily: Ubuntu2604"), "", 0},
		// Strict loading: keys the group's type does not have.
		{"managed launch template, ssh key turns allow on", eksctlDoc("1.33", mng, "launchTemplate:\n  id: lt-1\nssh:\n  publicKeyName: my-key"), "managedNodeGroups[0].launchTemplate", 0},
		{"managed launch template, ssh key with allow false", eksctlDoc("1.33", mng, "launchTemplate:\n  id: lt-1\nssh:\n  allow: false\n  publicKeyName: my-key"), "", 0},
		// updateConfig.maxUnavailable against the maxSize eksctl defaults.
		{"maxUnavailable above the default maxSize", eksctlDoc("1.33", mng, "updateConfig:\n  maxUnavailable: 3"), "managedNodeGroups[0].updateConfig.maxUnavailable", 0},
		{"maxUnavailable within the default maxSize", eksctlDoc("1.33", mng, "updateConfig:\n  maxUnavailable: 2"), "", 0},
		{"maxUnavailable within desiredCapacity", eksctlDoc("1.33", mng, "desiredCapacity: 5\nupdateConfig:\n  maxUnavailable: 3"), "", 0},
		{"maxUnavailable above minSize 0 (maxSize 1)", eksctlDoc("1.33", mng, "minSize: 0\nupdateConfig:\n  maxUnavailable: 2"), "managedNodeGroups[0].updateConfig.maxUnavailable", 0},
		{"maxUnavailable, desiredCapacity unknown", eksctlDoc("1.33", mng, "desiredCapacity: ${N}\nupdateConfig:\n  maxUnavailable: 3"), "", 0},
		{"maxUnavailable, maxSize written (PL027's)", eksctlDoc("1.33", mng, "maxSize: 2\nupdateConfig:\n  maxUnavailable: 3"), "", 0},
		{"managed containerRuntime", eksctlDoc("1.33", mng, "containerRuntime: containerd"), "managedNodeGroups[0].containerRuntime", 0},
		{"self-managed instanceTypes", eksctlDoc("1.33", "nodeGroups", "instanceTypes: [m5.large]"), "nodeGroups[0].instanceTypes", 0},
		{"misspelt key", eksctlDoc("1.33", "nodeGroups", "instanceTyp: m5.large"), "nodeGroups[0].instanceTyp", 0},
		{"nested: misspelt addon policy", eksctlDoc("1.33", "nodeGroups", "iam:\n  withAddonPolicies:\n    autoscaler: true\n    externalDns: true\n    certManger: true"), "nodeGroups[0].iam.withAddonPolicies.certManger", 0},
		{"nested: launch template name", eksctlDoc("1.33", mng, "launchTemplate:\n  id: lt-1\n  name: my-template"), "managedNodeGroups[0].launchTemplate.name", 0},
		{"nested: distribution instanceType", eksctlDoc("1.33", "nodeGroups", "instancesDistribution:\n  instanceType: m5.large\n  instanceTypes: [m5.large]"), "nodeGroups[0].instancesDistribution.instanceType", 0},
		{"nested: taint item", eksctlDoc("1.33", mng, "taints:\n  - key: a\n    effect: NoSchedule\n    operator: Exists"), "managedNodeGroups[0].taints[0].operator", 0},
		{"nested: every ssh key, any case", eksctlDoc("1.33", "nodeGroups", "ssh:\n  allow: true\n  publicKeyName: k\n  sourceSecurityGroupIds: [sg-1]\n  enableSSM: true"), "", 0},
		{"nested: settings are free-form", eksctlDoc("1.33", "nodeGroups", "amiFamily: Bottlerocket\nbottlerocket:\n  enableAdminContainer: true\n  settings:\n    motd: hi\n    kernel:\n      lockdown: integrity"), "", 0},
		{"nested: unknown parent not walked", eksctlDoc("1.33", "nodeGroups", "launchTemplate:\n  name: x"), "nodeGroups[0].launchTemplate", 0},
		{"ssh: true", eksctlDoc("1.33", "nodeGroups", "ssh: true"), "nodeGroups[0].ssh", 0},
		{"ssh: placeholder", eksctlDoc("1.33", "nodeGroups", "ssh: ${SSH}"), "", 0},
		{"ssh: null", eksctlDoc("1.33", "nodeGroups", "ssh:"), "", 0},
		// Types eksctl's YAML 1.1 → JSON → Go decoding refuses.
		{"type: label value a boolean", eksctlDoc("1.33", "nodeGroups", "labels:\n  gpu: true"), "nodeGroups[0].labels.gpu", 0},
		{"type: label value a number", eksctlDoc("1.33", mng, "labels:\n  tier: 2"), "managedNodeGroups[0].labels.tier", 0},
		{"type: label values quoted", eksctlDoc("1.33", mng, "labels:\n  gpu: \"true\"\n  tier: \"2\"\n  role: worker"), "", 0},
		{"type: volumeSize with a unit", eksctlDoc("1.33", "nodeGroups", "volumeSize: 80GB"), "nodeGroups[0].volumeSize", 0},
		{"type: volumeSize quoted", eksctlDoc("1.33", "nodeGroups", "volumeSize: \"80\""), "nodeGroups[0].volumeSize", 0},
		{"type: desiredCapacity 2.0", eksctlDoc("1.33", "nodeGroups", "desiredCapacity: 2.0"), "", 0},
		{"type: desiredCapacity 2.5", eksctlDoc("1.33", "nodeGroups", "desiredCapacity: 2.5"), "nodeGroups[0].desiredCapacity", 0},
		{"type: privateNetworking yes", eksctlDoc("1.33", "nodeGroups", "privateNetworking: yes"), "", 0},
		{"type: privateNetworking quoted", eksctlDoc("1.33", "nodeGroups", "privateNetworking: \"true\""), "nodeGroups[0].privateNetworking", 0},
		{"type: instanceTypes a string", eksctlDoc("1.33", mng, "instanceTypes: m5.large"), "managedNodeGroups[0].instanceTypes", 0},
		{"type: availabilityZones numbers", eksctlDoc("1.33", "nodeGroups", "availabilityZones: [1, 2]"), "nodeGroups[0].availabilityZones", 0},
		{"type: maxPrice a number", eksctlDoc("1.33", "nodeGroups", "instancesDistribution:\n  instanceTypes: [m5.large, m5a.large]\n  maxPrice: 0.017"), "", 0},
		{"type: addon policy a string", eksctlDoc("1.33", "nodeGroups", "iam:\n  withAddonPolicies:\n    autoScaler: \"true\""), "nodeGroups[0].iam.withAddonPolicies.autoScaler", 0},
		{"type: placeholders", eksctlDoc("1.33", "nodeGroups", "volumeSize: ${SIZE}\ndesiredCapacity: <<N>>\nlabels:\n  a: ${A}\nprivateNetworking: \"{{ .Values.private }}\"\nminSize: 1\nmaxSize: 1.5"), "nodeGroups[0].maxSize", 0},
		{"type: name a number", "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: us-west-2\nnodeGroups:\n  - name: 123\n", "nodeGroups[0].name", 0},
		{"ssh.enableSsm false (the schema's spelling)", eksctlDoc("1.33", "nodeGroups", "ssh:\n  enableSsm: false"), "nodeGroups[0].ssh.enableSSM", 0},
		{"managed taints as a map", eksctlDoc("1.33", mng, "taints:\n  dedicated: \"gpu:NoSchedule\""), "managedNodeGroups[0].taints", 0},
		{"self-managed taints as a map", eksctlDoc("1.33", "nodeGroups", "taints:\n  dedicated: \"gpu:NoSchedule\""), "", 0},
		{"key of another case: let through, then dropped", eksctlDoc("1.33", "nodeGroups", "InstanceType: m5.large"), "nodeGroups[0].InstanceType", 0},
		{"every managed key", eksctlDoc("1.33", mng, "spot: true\nreleaseVersion: \"1.33.0-20250101\"\nnodeRepairConfig:\n  enabled: true\ndesiredCapacity: 1\nminSize: 1\nmaxSize: 2\nenableDetailedMonitoring: true\npropagateASGTags: true"), "", 0},
		{"null item", "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: us-west-2\nnodeGroups:\n  - name: a\n  -\n  - name: b\n", "nodeGroups[1]", 8},
		{"managed no version override", eksctlDoc("", mng, "overrideBootstrapCommand: echo"), "", 0},
		{"managed Bottlerocket preBootstrap", m("amiFamily: Bottlerocket\npreBootstrapCommands: [echo]"), "managedNodeGroups[0].preBootstrapCommands", 0},
		{"managed Windows override", m("amiFamily: WindowsServer2022FullContainer\noverrideBootstrapCommand: echo"), "managedNodeGroups[0].overrideBootstrapCommand", 0},
		{"managed custom AMI inferentia no family", m("ami: ami-123\ninstanceTypes: [inf2.xlarge]"), "managedNodeGroups[0].amiFamily", 0},
		{"managed placeholder AMI", m("ami: ${AMI}"), "", 0},
		{"managed generated AMI with override", m("ami: <generated-ami>\namiFamily: AmazonLinux2\noverrideBootstrapCommand: echo"), "", 0},
		{"managed generated AMI", m("ami: <generated-ami>\namiFamily: AmazonLinux2023"), "", 0},
	})
}

// TestEksctlNoFamilyNoFamilyChecks: a managed group with a custom AMI and
// no amiFamily is rejected for the family only, not by checks that need
// the family (Inferentia types were reported against an empty family).
func TestEksctlNoFamilyNoFamilyChecks(t *testing.T) {
	got := rejections(t, eksctlDoc("1.32", "managedNodeGroups", "ami: ami-123\ninstanceTypes: [inf2.xlarge]"))
	if len(got) != 1 || got[0].Field != "managedNodeGroups[0].amiFamily" {
		t.Fatalf("rejections %+v", got)
	}
}

// TestEksctlDroppedKeys: eksctl's strict check (sigs.k8s.io/yaml over
// encoding/json) matches keys ignoring case, its decoder (apimachinery's,
// case-sensitive) then drops a key of another case; a key neither knows is
// refused. A misspelt list of node groups leaves no pool, so its record is
// the cluster's.
func TestEksctlDroppedKeys(t *testing.T) {
	doc := "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: us-west-2}\n" +
		"managedNodegroups:\n  - name: lost\nnodeGroups:\n  - name: ng0\n    minsize: 2\n${EXTRA}: 1\nvpc: {}\nfoo: 1\n"
	res := Parser{}.Parse(&parsers.Input{Path: "c.yaml", Data: []byte(doc)})
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	c := res.Clusters[0]
	type got struct {
		field   string
		dropped bool
		line    int
	}
	var top []got
	for _, r := range c.Rejections {
		top = append(top, got{r.Field, r.Dropped, r.Pos.Line})
	}
	want := []got{{"managedNodegroups", true, 4}, {"foo", false, 11}}
	if !reflect.DeepEqual(top, want) {
		t.Errorf("cluster rejections %+v, want %+v", top, want)
	}
	rs := c.Pools[0].Rejections
	if len(rs) != 1 || rs[0].Field != "nodeGroups[0].minsize" || !rs[0].Dropped || rs[0].Pos.Line != 8 {
		t.Errorf("pool rejections %+v", rs)
	}
}
