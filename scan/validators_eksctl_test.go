package scan

import (
	"strconv"
	"strings"
	"testing"
)

// eksctl's own node-group validation tests, each case written as the
// ClusterConfig a user would give `eksctl create cluster -f` or `eksctl
// create nodegroup -f`. The tables are eksctl v0.230.0 (commit
// 5e725db6f7432312a16e66b2a5608e3de5e1d37b), pkg/apis/eksctl.io/v1alpha5,
// pkg/ctl/cmdutils and pkg/eks (the config loader). eksctl loads a config file strictly (unknown fields are
// an error), then runs ValidateClusterConfig, then per self-managed group
// ValidateNodeGroup before SetNodeGroupDefaults, and per managed group
// SetManagedNodeGroupDefaults before ValidateManagedNodeGroup
// (pkg/ctl/cmdutils/cmd.go, InitializeClusterConfig). Where an upstream test
// calls a validator directly on a Go value, the case is the file that gives
// that value; where the file would differ from the Go value (a default the
// loader applies), the comment says so and the verdict is eksctl's verdict
// on the file.

// ekDoc is a ClusterConfig of the given Kubernetes version ("" for none)
// followed by top-level YAML.
func ekDoc(version string, top ...string) string {
	var b strings.Builder
	b.WriteString("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n\nmetadata:\n  name: demo\n  region: us-west-2\n")
	if version != "" {
		b.WriteString("  version: \"" + version + "\"\n")
	}
	for _, t := range top {
		b.WriteString("\n" + strings.TrimLeft(t, "\n"))
		if !strings.HasSuffix(t, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// ekList is a list key with items, each an item's YAML (first line after
// "- ", the rest indented under it).
func ekList(key string, items ...string) string {
	var b strings.Builder
	b.WriteString(key + ":\n")
	for _, it := range items {
		for i, line := range strings.Split(strings.Trim(it, "\n"), "\n") {
			switch {
			case i == 0:
				b.WriteString("  - " + line + "\n")
			case line == "":
				b.WriteString("\n")
			default:
				b.WriteString("    " + line + "\n")
			}
		}
	}
	return b.String()
}

func ekNG(items ...string) string  { return ekList("nodeGroups", items...) }
func ekMNG(items ...string) string { return ekList("managedNodeGroups", items...) }

// ng1 and mng1 are one self-managed or managed group named ng-1 with the
// given fields.
func ng1(fields string) string  { return ekNG("name: ng-1\n" + strings.Trim(fields, "\n")) }
func mng1(fields string) string { return ekMNG("name: mng-1\n" + strings.Trim(fields, "\n")) }

func ekCase(name string, reject bool, version string, top ...string) validatorCase {
	return validatorCase{name: name, files: oneFile("cluster.yaml", ekDoc(version, top...)), reject: reject}
}

func ekMiss(why, name, version string, top ...string) validatorCase {
	c := ekCase(name, true, version, top...)
	c.miss = why
	return c
}

const (
	k123 = "1.23"
	k124 = "1.24"
	k129 = "1.29"
	k131 = "1.31"
	k132 = "1.32"
	k133 = "1.33"
	k134 = "1.34"
)

// cpOutpost is a control plane on AWS Outposts (a local cluster).
const cpOutpost = `outpost:
  controlPlaneOutpostARN: arn:aws:outposts:us-west-2:123456789012:outpost/op-1234
  controlPlaneInstanceType: m5d.large
`

func TestEksctlValidatorCases(t *testing.T) {
	// The cases of each upstream test file are measured on their own.
	var files []string
	byFile := map[string][]validatorCase{}
	file := ""
	from := func(f string) { file = f; files = append(files, f) }
	add := func(cs ...validatorCase) { byFile[file] = append(byFile[file], cs...) }
	ok := func(name, version string, top ...string) { add(ekCase(name, false, version, top...)) }
	bad := func(name, version string, top ...string) { add(ekCase(name, true, version, top...)) }

	from("v1alpha5/validation_test.go")
	// "nodeGroups[*].name" (ValidateClusterConfig).
	ok("names unique", k132, ekNG("name: ng0\ninstanceType: m5.large", "name: ng1\ninstanceType: m5.large"))
	bad("names not unique", k132, ekNG("name: ng\ninstanceType: m5.large", "name: ng\ninstanceType: m5.large"))
	// A config file's groups are not named by eksctl (only flags are):
	// ValidateClusterConfig says "nodeGroups[0].name must be set".
	bad("name unset", k132, ekNG("instanceType: m5.large\ndesiredCapacity: 2", "name: ng1\ninstanceType: m5.large"))

	// "nodeGroups[*].name validation".
	for _, n := range []string{"ng_invalid-name-10", "ng100_invalid_name", "ng100@invalid-name"} {
		bad("name "+n, k132, ekNG("name: \""+n+"\"\ninstanceType: m5.large"))
	}

	// "nodeGroups[*].containerRuntime validation". Self-managed groups are
	// validated before their amiFamily is defaulted, so a group without
	// one is checked with none.
	ok("containerRuntime containerd", k132, ng1("instanceType: m5.large\ncontainerRuntime: containerd"))
	ok("containerRuntime docker (Windows) on 1.23", k123, ng1("instanceType: m5.large\ncontainerRuntime: docker"))
	ok("containerRuntime dockerd on 1.23", k123, ng1("instanceType: m5.large\ncontainerRuntime: dockerd"))
	bad("containerRuntime invalid", k132, ng1("instanceType: m5.large\ncontainerRuntime: invalid"))
	bad("containerRuntime dockerd on AmazonLinux2023", k123, ng1("instanceType: m5.large\namiFamily: AmazonLinux2023\ncontainerRuntime: dockerd"))
	bad("containerRuntime dockerd from 1.24", k124, ng1("instanceType: m5.large\ncontainerRuntime: dockerd"))
	bad("containerRuntime with overrideBootstrapCommand", k132, ng1(`instanceType: m5.large
amiFamily: AmazonLinux2
containerRuntime: containerd
overrideBootstrapCommand: |
  #!/bin/bash
  /etc/eks/bootstrap.sh demo`))

	// "nodeGroups[*].ami validation".
	bad("ami without amiFamily", k132, ng1("instanceType: m5.large\nami: ami-1234"))
	bad("ami AmazonLinux2 without overrideBootstrapCommand", k132, ng1("instanceType: m5.large\nami: ami-1234\namiFamily: AmazonLinux2"))
	ok("ami Bottlerocket without overrideBootstrapCommand", k132, ng1("instanceType: m5.large\nami: ami-1234\namiFamily: Bottlerocket"))
	ok("ami Windows without overrideBootstrapCommand", k132, ng1("instanceType: m5.large\nami: ami-1234\namiFamily: WindowsServer2019CoreContainer"))
	ok("ami Windows with overrideBootstrapCommand", k132, ng1("instanceType: m5.large\nami: ami-1234\namiFamily: WindowsServer2019CoreContainer\noverrideBootstrapCommand: echo 'yo'"))
	bad("ami Bottlerocket with overrideBootstrapCommand", k132, ng1("instanceType: m5.large\nami: ami-1234\namiFamily: Bottlerocket\noverrideBootstrapCommand: echo 'yo'"))
	ok("ami AmazonLinux2 with overrideBootstrapCommand", k132, ng1("instanceType: m5.large\nami: ami-1234\namiFamily: AmazonLinux2\noverrideBootstrapCommand: echo 'yo'"))

	// "nodeGroups[*].maxInstanceLifetime validation".
	bad("maxInstanceLifetime 5", k132, ng1("instanceType: m5.large\nmaxInstanceLifetime: 5"))
	ok("maxInstanceLifetime one day", k132, ng1("instanceType: m5.large\nmaxInstanceLifetime: 86400"))
	ok("maxInstanceLifetime one day and more", k132, ng1("instanceType: m5.large\nmaxInstanceLifetime: 87400"))

	// "nodeGroups[*].volumeX" (NewNodeGroup: volumeSize 80).
	vol := func(name string, reject bool, typ, field string, val int) {
		add(ekCase(name, reject, k132, ng1("instanceType: m5.large\nvolumeSize: 80\nvolumeType: "+typ+"\n"+field+": "+strconv.Itoa(val))))
	}
	vol("gp3 volumeIOPS 3000", false, "gp3", "volumeIOPS", 3000)
	vol("gp3 volumeIOPS 2999", true, "gp3", "volumeIOPS", 2999)
	vol("gp3 volumeIOPS 16001", true, "gp3", "volumeIOPS", 16001)
	vol("io1 volumeIOPS 3000", false, "io1", "volumeIOPS", 3000)
	vol("io1 volumeIOPS 99", true, "io1", "volumeIOPS", 99)
	vol("io1 volumeIOPS 64001", true, "io1", "volumeIOPS", 64001)
	vol("io2 volumeIOPS 3000", false, "io2", "volumeIOPS", 3000)
	vol("io2 volumeIOPS 99", true, "io2", "volumeIOPS", 99)
	vol("io2 volumeIOPS 256001", true, "io2", "volumeIOPS", 256001)
	vol("gp2 volumeIOPS", true, "gp2", "volumeIOPS", 3000)
	vol("gp3 volumeThroughput 125", false, "gp3", "volumeThroughput", 125)
	vol("gp3 volumeThroughput 124", true, "gp3", "volumeThroughput", 124)
	vol("gp3 volumeThroughput 1001", true, "gp3", "volumeThroughput", 1001)
	vol("gp2 volumeThroughput", true, "gp2", "volumeThroughput", 125)

	// "nodeGroups[*].iam": ng0 attaches policies, ng1 is varied.
	const iamNG0 = `name: ng0
instanceType: m5.large
iam:
  attachPolicy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Action:
          - "s3:Get*"
        Resource: "*"
  attachPolicyARNs:
    - arn:aws:iam::aws:policy/Foo
    - arn:aws:iam::aws:policy/Bar
  withAddonPolicies:
    externalDNS: true
    awsLoadBalancerController: true
    imageBuilder: true`
	iam := func(name string, reject bool, iamBody string) {
		add(ekCase(name, reject, k132, ekNG(iamNG0, "name: ng1\ninstanceType: m5.large\niam:\n"+indent(iamBody, 2))))
	}
	const prof = "instanceProfileARN: arn:aws:iam::123456789012:instance-profile/p1"
	const role = "instanceRoleARN: arn:aws:iam::123456789012:role/r1"
	iam("iam instanceProfileARN only", false, prof)
	iam("iam instanceRoleARN only", false, role)
	iam("iam awsLoadBalancerController and albIngress", true, "withAddonPolicies:\n  awsLoadBalancerController: true\n  albIngress: true")
	iam("iam instanceProfileARN and instanceRoleARN", false, prof+"\n"+role)
	iam("iam instanceProfileARN and instanceRoleName", true, prof+"\ninstanceRoleName: aRole")
	iam("iam instanceProfileARN and instanceRolePermissionsBoundary", true, prof+"\ninstanceRolePermissionsBoundary: arn:aws:iam::123456789012:policy/aPolicy")
	iam("iam instanceRoleARN and instanceRolePermissionsBoundary", true, role+"\ninstanceRolePermissionsBoundary: arn:aws:iam::123456789012:policy/p1")
	iam("iam instanceRoleARN and instanceRoleName", true, role+"\ninstanceRoleName: aRole")
	iam("iam instanceRoleARN and attachPolicy", true, role+"\nattachPolicy:\n  Version: \"2012-10-17\"\n  Statement:\n    - Effect: Allow\n      Action: [\"s3:Get*\"]\n      Resource: \"*\"")
	iam("iam instanceRoleARN and attachPolicyARNs", true, role+"\nattachPolicyARNs:\n  - arn:aws:iam::aws:policy/Foo\n  - arn:aws:iam::aws:policy/Bar")
	iam("iam instanceRoleARN and withAddonPolicies", true, role+"\nwithAddonPolicies:\n  externalDNS: true")

	// DescribeTable "cpuCredits": t3 types in the instances distribution.
	const t3dist = "instancesDistribution:\n  instanceTypes: [t3.medium, t3.large]\ncpuCredits: unlimited"
	ok("cpuCredits instanceType mixed", k132, ng1("instanceType: mixed\n"+t3dist))
	ok("cpuCredits instanceType unset", k132, ng1(t3dist))
	bad("cpuCredits without t2/t3 types", k132, ng1("cpuCredits: unlimited"))
	bad("cpuCredits distribution without instanceTypes", k132, ng1("instancesDistribution:\n  onDemandBaseCapacity: 0\ncpuCredits: unlimited"))

	// "ssh flags".
	bad("ssh publicKeyPath and publicKeyName", k132, ng1("instanceType: m5.large\nssh:\n  allow: true\n  publicKeyPath: some/path/to/file.pub\n  publicKeyName: id_rsa.pub"))
	bad("ssh publicKeyPath and publicKey", k132, ng1("instanceType: m5.large\nssh:\n  allow: true\n  publicKeyPath: some/path/to/file.pub\n  publicKey: \"THIS IS A KEY\""))
	bad("ssh publicKeyName and publicKey", k132, ng1("instanceType: m5.large\nssh:\n  allow: true\n  publicKeyName: id_rsa.pub\n  publicKey: \"THIS IS A KEY\""))

	// "ssh flags" / "Instances distribution".
	dist := func(instanceType, types, extra string) string {
		s := ""
		if instanceType != "" {
			s = "instanceType: " + instanceType + "\n"
		}
		if types != "-" {
			s += "instancesDistribution:\n"
			if types != "" {
				s += "  instanceTypes: " + types + "\n"
			}
			if extra == "" {
				extra = "onDemandBaseCapacity: 1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: 50"
			}
			s += indent(extra, 2)
		}
		return ng1(s)
	}
	ok("distribution unset", k132, dist("", "-", ""))
	ok("distribution instanceType mixed", k132, dist("mixed", "[t3.medium]", ""))
	bad("distribution ARM GPU type on AmazonLinux2", k132, ng1("instanceType: mixed\namiFamily: AmazonLinux2\ninstancesDistribution:\n  instanceTypes: [g5g.2xlarge]\n  onDemandBaseCapacity: 1\n  spotInstancePools: 2\n  onDemandPercentageAboveBaseCapacity: 50"))
	bad("ARM GPU instanceType on AmazonLinux2 with a distribution", k132, ng1("instanceType: g5g.2xlarge\namiFamily: AmazonLinux2\ninstancesDistribution:\n  onDemandBaseCapacity: 1\n  spotInstancePools: 2\n  onDemandPercentageAboveBaseCapacity: 50"))
	bad("distribution with instanceType t3.small", k132, dist("t3.small", "[t3.medium, t3.large]", ""))
	bad("distribution without instance types", k132, dist("mixed", "[]", ""))
	bad("distribution onDemandBaseCapacity -1", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: -1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: 50"))
	bad("distribution spotInstancePools 0", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 0\nonDemandPercentageAboveBaseCapacity: 50"))
	bad("distribution spotInstancePools 21", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 21\nonDemandPercentageAboveBaseCapacity: 50"))
	bad("distribution onDemandPercentageAboveBaseCapacity -1", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: -1"))
	bad("distribution onDemandPercentageAboveBaseCapacity 101", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: 101"))
	bad("distribution spotAllocationStrategy unsupported", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: 50\nspotAllocationStrategy: unsupported-strategy"))
	bad("distribution capacity-optimized with spotInstancePools", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: 50\nspotAllocationStrategy: capacity-optimized"))
	bad("distribution capacity-optimized-prioritized with spotInstancePools", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: 50\nspotAllocationStrategy: capacity-optimized-prioritized"))
	ok("distribution lowest-price with spotInstancePools", k132, dist("", "[t3.medium, t3.large]", "onDemandBaseCapacity: 1\nspotInstancePools: 2\nonDemandPercentageAboveBaseCapacity: 50\nspotAllocationStrategy: lowest-price"))

	// "kubelet extra config".
	for _, k := range []string{"kind", "apiVersion", "address", "clusterDomain", "authentication", "authorization", "serverTLSBootstrap"} {
		bad("kubeletExtraConfig overrides "+k, k132, ng1("instanceType: m5.large\nkubeletExtraConfig:\n  "+k+": should-not-be-allowed"))
	}
	ok("kubeletExtraConfig other options", k132, ng1(`instanceType: m5.large
kubeletExtraConfig:
  kubeReserved:
    cpu: 300m
    memory: 300Mi
    ephemeral-storage: 1Gi
  kubeReservedCgroup: /kube-reserved
  cgroupDriver: systemd
  featureGates:
    VolumeScheduling: false
    VolumeSnapshotDataSource: true`))

	// "ebs encryption".
	const kms = "volumeKmsKeyID: 36c0b54e-64ed-4f2d-a1c7-96558764311e"
	bad("volumeKmsKeyID without volumeEncrypted", k132, ekNG("name: ng1\ninstanceType: m5.large\nvolumeSize: 50\n"+kms))
	bad("volumeKmsKeyID with volumeEncrypted false", k132, ekNG("name: ng1\ninstanceType: m5.large\nvolumeSize: 50\nvolumeEncrypted: false\n"+kms))
	ok("volumeKmsKeyID with volumeEncrypted true", k132, ekNG("name: ng1\ninstanceType: m5.large\nvolumeSize: 50\nvolumeEncrypted: true\n"+kms))

	// "Bottlerocket node groups".
	bad("bottlerocket settings without amiFamily Bottlerocket", k132, ng1("instanceType: m5.large\nbottlerocket:\n  enableAdminContainer: true"))
	br := func(name string, reject bool, fields string) {
		add(ekCase(name, reject, k132, ng1("instanceType: m5.large\namiFamily: Bottlerocket\n"+fields)))
	}
	br("Bottlerocket preBootstrapCommands", true, "preBootstrapCommands:\n  - /usr/bin/env true")
	br("Bottlerocket overrideBootstrapCommand", true, "overrideBootstrapCommand: /usr/bin/some-command")
	br("Bottlerocket kubeletExtraConfig", true, "kubeletExtraConfig:\n  cgroupDriver: systemd")
	br("Bottlerocket node-labels setting", true, "bottlerocket:\n  settings:\n    kubernetes:\n      node-labels:\n        mylabel.example.com: value")
	br("Bottlerocket clusterDNS and cluster-dns-ip", true, "clusterDNS: 10.100.0.10\nbottlerocket:\n  settings:\n    kubernetes:\n      cluster-dns-ip: 10.100.0.10")
	br("Bottlerocket labels", false, "labels:\n  label: label-value")
	// The upstream maxPods entries set no instance type.
	ok("Bottlerocket maxPodsPerNode", k132, ng1("amiFamily: Bottlerocket\nmaxPodsPerNode: 32"))
	br("Bottlerocket minSize", false, "minSize: 5")

	// "Supported AMI Families".
	ok("amiFamily AmazonLinux2", k132, ng1("instanceType: m5.large\namiFamily: AmazonLinux2"))
	ok("amiFamily aMAZONlINUx2", k132, ng1("instanceType: m5.large\namiFamily: aMAZONlINUx2"))
	ok("managed amiFamily bOTTLEROCKEt", k132, mng1("instanceType: m5.large\namiFamily: bOTTLEROCKEt"))
	bad("amiFamily SomeTrash", k132, ng1("instanceType: m5.large\namiFamily: SomeTrash"))
	for _, f := range []string{"AmazonLinux2", "Ubuntu2004", "UbuntuPro2004", "Ubuntu2204", "UbuntuPro2204", "Ubuntu2404", "UbuntuPro2404"} {
		ok("managed custom AMI "+f+" with overrideBootstrapCommand", k132, mng1("instanceType: m5.large\nami: ami-1234\namiFamily: "+f+"\noverrideBootstrapCommand: bootstrap command"))
	}
	ok("managed custom AMI Bottlerocket", k132, mng1("instanceType: m5.large\nami: ami-1234\namiFamily: Bottlerocket"))
	ok("managed custom AMI AmazonLinux2023", k132, mng1("instanceType: m5.large\nami: ami-1234\namiFamily: AmazonLinux2023"))
	bad("amiFamily WindowsServer2004CoreContainer", k132, ng1("instanceType: m5.large\namiFamily: WindowsServer2004CoreContainer"))
	bad("amiFamily WindowsServer20H2CoreContainer", k132, ng1("instanceType: m5.large\namiFamily: WindowsServer20H2CoreContainer"))

	// "Windows node groups".
	const win = "instanceType: m5.large\namiFamily: WindowsServer2019CoreContainer\n"
	bad("Windows kubeletExtraConfig", k132, ng1(win+"kubeletExtraConfig:\n  cgroupDriver: systemd"))
	ok("Windows labels", k132, ng1(win+"labels:\n  label: label-value"))
	ok("Windows maxPodsPerNode", k132, ng1("amiFamily: WindowsServer2019CoreContainer\nmaxPodsPerNode: 32"))
	ok("Windows minSize", k132, ng1(win+"minSize: 32\nmaxSize: 32"))
	ok("Windows preBootstrapCommands", k132, ng1(win+"preBootstrapCommands:\n  - start /wait msiexec.exe"))

	// DescribeTable "Nodegroup label and taints validation": each entry on
	// a self-managed and on a managed group.
	lt := func(name string, valid bool, fields string) {
		add(ekCase("self-managed "+name, !valid, k132, ng1("instanceType: m5.large\n"+fields)))
		add(ekCase("managed "+name, !valid, k132, mng1("instanceType: m5.large\n"+fields)))
	}
	lt("disallowed label", false, "labels:\n  node-role.kubernetes.io/os: linux")
	lt("disallowed label 2", false, "labels:\n  alpha.service-controller.kubernetes.io/test: value")
	lt("empty labels and taints", true, "labels: {}\ntaints: []")
	lt("allowed labels", true, "labels:\n  kubernetes.io/hostname: supercomputer\n  beta.kubernetes.io/os: linux\n  kubelet.kubernetes.io/palindrome: telebuk")
	lt("valid taints", true, "taints:\n  - key: key1\n    value: value1\n    effect: NoSchedule\n  - key: key2\n    effect: NoSchedule\n  - key: key3\n    effect: PreferNoSchedule")
	lt("missing taint effect", false, "taints:\n  - key: key1\n    value: value1")
	lt("unsupported taint effect", false, "taints:\n  - key: key2\n    value: value1\n    effect: NoEffect")
	lt("invalid taint value", false, "taints:\n  - key: key3\n    value: v@lue\n    effect: NoSchedule")

	// "Scaling config" (managed, amiFamily bOTTLEROCKEt).
	sc := func(name string, reject bool, fields string) {
		add(ekCase(name, reject, k132, mng1("instanceType: m5.large\namiFamily: bOTTLEROCKEt\n"+fields)))
	}
	sc("scaling unset", false, "")
	sc("scaling desiredCapacity 0", false, "desiredCapacity: 0")
	sc("scaling desiredCapacity 3", false, "desiredCapacity: 3")
	sc("scaling desiredCapacity below minSize", true, "desiredCapacity: 1\nminSize: 2")
	sc("scaling desiredCapacity above maxSize", true, "desiredCapacity: 3\nmaxSize: 2")
	sc("scaling minSize above maxSize", true, "minSize: 2\nmaxSize: 1")

	// "Capacity Reservation validation".
	cr := func(name string, reject bool, fields string) {
		add(ekCase(name, reject, k132, ekNG("name: ng\ninstanceType: m5.large\n"+fields)))
	}
	cr("capacityReservation preference and target", true, "capacityReservation:\n  capacityReservationPreference: open\n  capacityReservationTarget:\n    capacityReservationID: cr-1234567890abcdef0\n    capacityReservationResourceGroupARN: arn:aws:resource-groups:us-west-2:123456789012:group/crg")
	cr("capacityReservation preference open", false, "capacityReservation:\n  capacityReservationPreference: open")
	cr("capacityReservation preference none", false, "capacityReservation:\n  capacityReservationPreference: none")
	cr("capacityReservation preference err", true, "capacityReservation:\n  capacityReservationPreference: err")
	cr("capacityReservation target ID and group ARN", true, "capacityReservation:\n  capacityReservationTarget:\n    capacityReservationID: cr-1234567890abcdef0\n    capacityReservationResourceGroupARN: arn:aws:resource-groups:us-west-2:123456789012:group/crg")

	// "Instance Market Options validation".
	const crTarget = "capacityReservation:\n  capacityReservationTarget:\n    capacityReservationID: cr-1234567890abcdef0\n"
	cr("instanceMarketOptions capacity-block", false, crTarget+"instanceMarketOptions:\n  marketType: capacity-block")
	cr("instanceMarketOptions without capacityReservation", true, "instanceMarketOptions:\n  marketType: capacity-block")
	cr("instanceMarketOptions foobar", true, crTarget+"instanceMarketOptions:\n  marketType: foobar")

	from("v1alpha5/managed_nodegroup_test.go")
	// "Supported and unsupported field
	// combinations" (SetManagedNodeGroupDefaults, then validation).
	ok("managed Windows amiFamily", k132, mng1("instanceType: m5.large\namiFamily: WindowsServer2022FullContainer"))
	bad("managed Windows overrideBootstrapCommand", k132, mng1("instanceType: m5.large\namiFamily: WindowsServer2019CoreContainer\noverrideBootstrapCommand: bootstrap.sh"))
	ok("managed AmazonLinux2", k132, mng1("instanceType: m5.large\namiFamily: AmazonLinux2"))
	bad("managed custom AMI without amiFamily", k132, mng1("instanceType: m5.large\nami: ami-custom"))
	bad("managed custom AMI Windows", k132, mng1("instanceType: m5.large\nami: ami-custom\namiFamily: WindowsServer2019FullContainer"))
	ok("managed custom AMI Bottlerocket without overrideBootstrapCommand", k132, mng1("instanceType: m5.large\nami: ami-custom\namiFamily: Bottlerocket"))
	ok("managed custom AMI AmazonLinux2023 with overrideBootstrapCommand", k132, mng1("instanceType: m5.large\nami: ami-custom\namiFamily: AmazonLinux2023\noverrideBootstrapCommand: bootstrap.sh"))
	bad("managed launchTemplate without id", k132, mng1("launchTemplate: {}"))
	ok("managed launchTemplate with id", k132, mng1("launchTemplate:\n  id: lt-1234"))
	bad("managed launchTemplate version 0", k132, mng1("launchTemplate:\n  id: lt-custom\n  version: \"0\""))
	ok("managed launchTemplate version 3", k132, mng1("launchTemplate:\n  id: lt-custom\n  version: \"3\""))
	ok("managed launchTemplate with instanceTypes", k132, mng1("instanceTypes: [c3.large, c4.large]\nlaunchTemplate:\n  id: lt-custom"))
	ok("managed instanceSelector and instanceTypes", k132, mng1("instanceSelector:\n  vCPUs: 2\n  memory: \"4\"\ninstanceTypes: [c3.large, c4.large]"))
	bad("managed instanceSelector and instanceType", k132, mng1("instanceType: c4.large\ninstanceSelector:\n  vCPUs: 2\n  memory: \"4\""))

	// "User-supplied launch template with unsupported fields".
	for _, f := range [][2]string{
		{"instanceType", "instanceType: m5.xlarge"},
		{"ami", "ami: ami-custom\namiFamily: AmazonLinux2023"},
		{"ssh.allow", "ssh:\n  allow: true"},
		{"volumeSize", "volumeSize: 100"},
		{"preBootstrapCommands", "preBootstrapCommands:\n  - echo test"},
		{"overrideBootstrapCommand", "overrideBootstrapCommand: bootstrap.sh"},
		{"securityGroups.attachIDs", "securityGroups:\n  attachIDs: [sg-custom]"},
	} {
		bad("managed launchTemplate with "+f[0], k132, mng1("launchTemplate:\n  id: lt-custom\n"+f[1]))
	}

	// "UpdateConfig" (amiFamily AmazonLinux2).
	uc := func(name string, reject bool, fields string) {
		add(ekCase(name, reject, k132, mng1("instanceType: m5.large\namiFamily: AmazonLinux2\n"+fields)))
	}
	uc("updateConfig maxUnavailable", false, "updateConfig:\n  maxUnavailable: 1")
	uc("updateConfig maxUnavailablePercentage", false, "updateConfig:\n  maxUnavailablePercentage: 1")
	uc("updateConfig both", true, "updateConfig:\n  maxUnavailable: 1\n  maxUnavailablePercentage: 1")
	uc("updateConfig maxUnavailable above maxSize", true, "maxSize: 5\nupdateConfig:\n  maxUnavailable: 100")
	uc("updateConfig empty", true, "updateConfig: {}")

	from("v1alpha5/instance_selector_test.go")
	// DefaultVersion, 1.34.
	ok("instanceSelector", k134, ng1("instanceSelector:\n  vCPUs: 2\n  memory: \"4\""))
	bad("instanceSelector and instanceType", k134, ng1("instanceType: m5.large\ninstanceSelector:\n  vCPUs: 2\n  memory: \"4\""))
	bad("instanceSelector empty, instanceType and distribution", k134, ng1("instanceType: m5.large\ninstanceSelector: {}\ninstancesDistribution:\n  instanceTypes: [m5.large]"))
	bad("instanceSelector empty, instanceType and empty distribution", k134, ng1("instanceType: m5.large\ninstanceSelector: {}\ninstancesDistribution: {}"))
	ok("instanceSelector and distribution", k134, ng1("instanceSelector:\n  vCPUs: 2\n  memory: \"2\"\ninstancesDistribution:\n  instanceTypes: [m5.large]"))

	from("v1alpha5/gpu_validation_test.go")
	// "managed nodegroups" and "unmanaged
	// nodegroups" (every entry is accepted in v0.230.0).
	for _, e := range [][2]string{
		{"AmazonLinux2023", "inf1.xlarge"}, {"AmazonLinux2023", "trn1.2xlarge"}, {"AmazonLinux2023", "g4dn.xlarge"},
		{"AmazonLinux2023", "g5g.2xlarge"}, {"AmazonLinux2", "asdf"}, {"AmazonLinux2", "g6.12xlarge"},
		{"AmazonLinux2", "g5.12xlarge"}, {"Ubuntu2004", "g4dn.xlarge"}, {"Bottlerocket", "inf1.xlarge"},
		{"Bottlerocket", "trn1.2xlarge"}, {"Bottlerocket", "g4dn.xlarge"},
	} {
		ok("gpu managed "+e[0]+" "+e[1], k132, mng1("instanceType: "+e[1]+"\namiFamily: "+e[0]))
	}
	for _, e := range [][2]string{
		{"AmazonLinux2023", "inf1.xlarge"}, {"AmazonLinux2023", "trn1.2xlarge"}, {"AmazonLinux2023", "g4dn.xlarge"},
		{"AmazonLinux2023", "g5g.2xlarge"}, {"AmazonLinux2", "g4dn.xlarge"}, {"AmazonLinux2", "g6.12xlarge"},
		{"AmazonLinux2", "g5.12xlarge"}, {"AmazonLinux2", "inf1.xlarge"}, {"AmazonLinux2", "trn1.2xlarge"},
		{"", "g4dn.xlarge"}, {"Bottlerocket", "g4dn.xlarge"}, {"Bottlerocket", "inf1.xlarge"},
		{"Bottlerocket", "inf2.xlarge"}, {"Bottlerocket", "trn1.2xlarge"}, {"Bottlerocket", "trn2.48xlarge"},
		{"Ubuntu2004", "g4dn.xlarge"}, {"WindowsServer2019CoreContainer", "g3.8xlarge"},
		{"WindowsServer2019FullContainer", "p3.2xlarge"}, {"WindowsServer2022CoreContainer", "g3.8xlarge"},
		{"WindowsServer2022FullContainer", "p3.2xlarge"},
	} {
		fam := ""
		if e[0] != "" {
			fam = "\namiFamily: " + e[0]
		}
		ok("gpu self-managed "+e[0]+" "+e[1], k132, ng1("instanceType: "+e[1]+fam))
	}
	// "GPU drivers": a warning only, on both kinds of group.
	for _, e := range [][2]string{
		{"Ubuntu2004", "instanceSelector:\n  vCPUs: 4\n  gpus: 0"},
		{"WindowsServer2019FullContainer", "instanceType: g4dn.xlarge"},
		{"WindowsServer2022CoreContainer", "instanceSelector:\n  vCPUs: 4"},
		{"Ubuntu2004", "instanceSelector:\n  vCPUs: 4\n  gpus: 2"},
	} {
		ok("gpu drivers self-managed "+e[0]+" "+strings.SplitN(e[1], "\n", 2)[0], k132, ng1("amiFamily: "+e[0]+"\n"+e[1]))
		ok("gpu drivers managed "+e[0]+" "+strings.SplitN(e[1], "\n", 2)[0], k132, mng1("amiFamily: "+e[0]+"\n"+e[1]))
	}
	// "No GPU instance type support validation for custom AMI".
	ok("gpu custom AMI ARM NVIDIA", k132, ng1("instanceType: g5g.2xlarge\namiFamily: AmazonLinux2023\nami: ami-0123456789abcdef0"))
	// "ARM-based GPU instance type support".
	for _, e := range []struct {
		fam    string
		reject bool
	}{{"AmazonLinux2", true}, {"AmazonLinux2023", false}, {"Ubuntu2004", false}, {"WindowsServer2019FullContainer", true}, {"WindowsServer2019CoreContainer", true}, {"Bottlerocket", false}} {
		add(ekCase("ARM GPU g5g.2xlarge "+e.fam, e.reject, k132, ng1("instanceType: g5g.2xlarge\namiFamily: "+e.fam)))
	}

	from("v1alpha5/outposts_validation_test.go")
	// The node-group entry of "unsupported
	// ClusterConfig features".
	bad("outpostARN in a fully-private cluster", k131, "privateCluster:\n  enabled: true\n", ng1("instanceType: m5.large\nprivateNetworking: true\noutpostARN: arn:aws:outposts:us-west-2:123456789012:outpost/op-1234"))
	// "support for node AMI families" (local cluster, 1.31). The upstream
	// "AmazonLinux2023" entry passes AmazonLinux2; both are accepted.
	ok("local cluster AmazonLinux2", k131, cpOutpost, ng1("instanceType: m5d.large\namiFamily: AmazonLinux2"))
	ok("local cluster AmazonLinux2023", k131, cpOutpost, ng1("instanceType: m5d.large\namiFamily: AmazonLinux2023"))
	for _, f := range []string{"Bottlerocket", "Ubuntu2004", "UbuntuPro2004", "Ubuntu2204", "UbuntuPro2204", "Ubuntu2404", "UbuntuPro2404",
		"WindowsServer2019CoreContainer", "WindowsServer2019FullContainer", "WindowsServer2022CoreContainer",
		"WindowsServer2022FullContainer", "WindowsServer2025CoreContainer", "WindowsServer2025FullContainer"} {
		bad("local cluster "+f, k131, cpOutpost, ng1("instanceType: m5d.large\namiFamily: "+f))
	}
	// "invalid nodegroup config".
	bad("local cluster outpostARN invalid", k131, cpOutpost, ng1("instanceType: m5d.large\noutpostARN: \"arn:invalid\""))
	bad("local cluster outpostARN of another service", k131, cpOutpost, ng1("instanceType: m5d.large\noutpostARN: arn:aws:eks:us-west-2:1234:eks/eks-1234"))
	bad("local cluster outpostARN of another Outpost", k131, cpOutpost, ng1("instanceType: m5d.large\noutpostARN: arn:aws:outposts:us-west-2:123456789012:outpost/op-5678"))
	bad("local cluster instanceSelector", k131, cpOutpost, ng1("instanceSelector:\n  vCPUs: 4"))
	bad("local cluster availabilityZones", k131, cpOutpost, ng1("instanceType: m5d.large\navailabilityZones: [us-west-2a, us-west-2b]"))
	bad("local cluster localZones", k131, cpOutpost, ng1("instanceType: m5d.large\nlocalZones: [us-west-2a, us-west-2b]"))
	// "unsupported volumeType".
	for _, vt := range []string{"gp3", "io1", "io2", "sc1", "st1", "gp2"} {
		add(ekCase("local cluster volumeType "+vt, vt != "gp2", k131, cpOutpost, ng1("instanceType: m5d.large\nvolumeSize: 80\nvolumeType: "+vt)))
	}

	from("v1alpha5/defaults_test.go")
	// "Container Runtime settings" (defaults only).
	ok("default containerRuntime Windows", k123, ng1("instanceType: m5.large\namiFamily: WindowsServer2019CoreContainer"))
	ok("default containerRuntime AmazonLinux2023 on 1.23", k123, ng1("instanceType: m5.large\namiFamily: AmazonLinux2023"))
	ok("default containerRuntime from 1.24", k124, ng1("instanceType: m5.large"))
	// "default AMI family" (managed): AmazonLinux2023 for every version.
	for _, v := range []string{"1.33", "1.32", "1.31", "1.30", "1.29", "1.28"} {
		ok("managed default amiFamily "+v, v, mng1("instanceType: m5.large"))
	}
	// A default that decides validity: overrideBootstrapCommand without a
	// custom AMI is accepted only on AmazonLinux2023, the default family.
	ok("managed overrideBootstrapCommand on the default family 1.29", k129, mng1("instanceType: m5.large\noverrideBootstrapCommand: |\n  #!/bin/bash\n  nodeadm init"))
	// "Node Group AMI family changes for K8s version 1.33".
	bad("AmazonLinux2 on 1.33", k133, ng1("instanceType: m5.large\namiFamily: AmazonLinux2"))
	ok("AmazonLinux2 on 1.32", k132, ng1("instanceType: m5.large\namiFamily: AmazonLinux2"))
	ok("Bottlerocket on 1.33", k133, ng1("instanceType: m5.large\namiFamily: Bottlerocket"))
	ok("default amiFamily on 1.33", k133, ng1("instanceType: m5.large"))
	ok("default amiFamily on 1.32", k132, ng1("instanceType: m5.large"))
	// "Managed Node Group AMI family changes for K8s version 1.33".
	bad("managed AmazonLinux2 on 1.33", k133, mng1("instanceType: m5.large\namiFamily: AmazonLinux2"))
	ok("managed AmazonLinux2 on 1.32", k132, mng1("instanceType: m5.large\namiFamily: AmazonLinux2"))
	ok("managed Bottlerocket on 1.33", k133, mng1("instanceType: m5.large\namiFamily: Bottlerocket"))
	ok("managed default amiFamily on 1.33", k133, mng1("instanceType: m5.large"))

	from("cmdutils/configfile_test.go")
	// With its test_data.
	bad("managed containerRuntime (unknown field)", "", mng1("instanceType: m5.large\ndesiredCapacity: 1\ncontainerRuntime: containerd"))
	add(ekCase("unset node group", true, "", ekNG("name: test", "", "name: test2"),
		mng1("instanceType: m5.large\ndesiredCapacity: 1\nlabels:\n  key: value")))
	const bare = "addonsConfig:\n  disableDefaultAddons: true\naddons:\n  - name: coredns\n"
	add(ekMiss("create-cluster only: the same file is accepted by eksctl create nodegroup once the cluster has its VPC CNI", "bare cluster nodeGroups", k132, bare, ng1("instanceType: m5.large\ndesiredCapacity: 1")))
	add(ekMiss("create-cluster only: the same file is accepted by eksctl create nodegroup once the cluster has its VPC CNI", "bare cluster managedNodeGroups", k132, bare, mng1("instanceType: m5.large\ndesiredCapacity: 1")))

	from("eks/api_test.go")
	// "LoadConfigFromFile" on pkg/eks/testdata: the node-group files.
	add(ekCase("bad-field-2.yaml", true, "", `nodeGroups:
  - name: ng-1
    instanceType: m5.large
    desiredCapacity: 10
    ssh: true
    iam:
      withAddonPolicies:
         foo: 1
         bar: 2
`))
	add(validatorCase{name: "bad-field-1.json", reject: true, files: oneFile("cluster.json", `{
  "apiVersion": "eksctl.io/v1alpha3",
  "kind": "ClusterConfig",
  "metadata": {"name": "cluster-1", "region": "eu-north-1"},
  "nodeGroups": [
    {"name": "ng-1", "instanceType": "m5.large", "nodes": 10}
  ]
}
`)})
	add(validatorCase{name: "old-version.json", reject: true, files: oneFile("cluster.json", `{
  "apiVersion": "eksctl.io/v1alpha3",
  "kind": "ClusterConfig",
  "metadata": {"name": "cluster-1", "region": "eu-north-1"},
  "nodeGroups": [
    {"name": "ng-1", "instanceType": "m5.large", "desiredCapacity": 10}
  ]
}
`)})
	// ParseConfig's two decodings: UnmarshalStrict (encoding/json, keys
	// matched ignoring case) accepts a key of another case, which the
	// scheme's case-sensitive decoder then drops (PL101 warns, no error);
	// a key neither knows is refused.
	add(ekCase("key of another case, dropped", false, "", "nodeGroups:\n  - name: ng-1", "managedNodegroups:\n  - name: lost"))
	add(ekCase("unknown top-level key", true, "", "nodeGroups:\n  - name: ng-1", "nodegroup:\n  - name: ng-2"))
	add(validatorCase{name: "example.json", files: oneFile("cluster.json", `{
  "apiVersion": "eksctl.io/v1alpha5",
  "kind": "ClusterConfig",
  "metadata": {"name": "cluster-1", "region": "eu-north-1"},
  "nodeGroups": [
    {"name": "ng-1", "instanceType": "m5.large", "desiredCapacity": 10}
  ]
}
`)})

	for _, f := range files {
		runValidatorCases(t, "eksctl "+f, byFile[f])
	}
}
