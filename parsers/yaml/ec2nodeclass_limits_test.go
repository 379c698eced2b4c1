package yaml

import (
	"strconv"
	"strings"
	"testing"
)

// TestEC2NodeClassLimits: the sizes and patterns of karpenter-provider-aws
// v1.14.1's EC2NodeClass CRD (karpenter.k8s.aws_ec2nodeclasses.yaml) its
// CEL test table does not exercise, with near misses and unknown values.
func TestEC2NodeClassLimits(t *testing.T) {
	S := "EC2NodeClass/default.spec."
	tags := func(n int) string {
		var kv []string
		for i := range n {
			kv = append(kv, "k"+strconv.Itoa(i)+": v")
		}
		return "{" + strings.Join(kv, ", ") + "}"
	}
	devices := func(n int) string {
		out := "blockDeviceMappings:"
		for i := range n {
			out += "\n  - {deviceName: /dev/xvd" + strconv.Itoa(i) + ", ebs: {volumeSize: 20Gi}}"
		}
		return out
	}
	runValidCases(t, []validCase{
		{"alias of 30 characters", ec2ClassDoc("amiSelectorTerms: [{alias: al2023@v2024062512345678901234}]"), "", 0},
		{"alias of 31 characters", ec2ClassDoc("amiSelectorTerms: [{alias: al2023@v20240625123456789012345}]"), S + "amiSelectorTerms[0].alias", 0},
		{"20 subnet tags", ec2ClassDoc("subnetSelectorTerms: [{tags: " + tags(20) + "}]"), "", 0},
		{"21 subnet tags", ec2ClassDoc("subnetSelectorTerms: [{tags: " + tags(21) + "}]"), S + "subnetSelectorTerms[0].tags", 0},
		{"21 AMI tags", ec2ClassDoc("amiFamily: AL2023\namiSelectorTerms: [{tags: " + tags(21) + "}]"), S + "amiSelectorTerms[0].tags", 0},
		{"21 security group tags", ec2ClassDoc("securityGroupSelectorTerms: [{tags: " + tags(21) + "}]"), S + "securityGroupSelectorTerms[0].tags", 0},
		{"21 capacity reservation tags", ec2ClassDoc("capacityReservationSelectorTerms: [{tags: " + tags(21) + "}]"), S + "capacityReservationSelectorTerms[0].tags", 0},
		{"subnet id", ec2ClassDoc("subnetSelectorTerms: [{id: subnet-0a1b2c}]"), "", 0},
		{"subnet id malformed", ec2ClassDoc("subnetSelectorTerms: [{id: sn-123}]"), S + "subnetSelectorTerms[0].id", 0},
		{"subnet id placeholder", ec2ClassDoc("subnetSelectorTerms: [{id: '${SUBNET_ID}'}]"), "", 0},
		{"security group id", ec2ClassDoc("securityGroupSelectorTerms: [{id: sg-0a1b2c}]"), "", 0},
		{"security group id malformed", ec2ClassDoc("securityGroupSelectorTerms: [{id: group-1}]"), S + "securityGroupSelectorTerms[0].id", 0},
		{"kubeReserved quantities", ec2ClassDoc("kubelet:\n  kubeReserved: {cpu: 100m, memory: 1Gi, ephemeral-storage: 1G, pid: '1000'}"), "", 0},
		{"kubeReserved not a quantity", ec2ClassDoc("kubelet:\n  kubeReserved: {memory: 1 GB}"), S + "kubelet.kubeReserved", 0},
		{"systemReserved not a quantity", ec2ClassDoc("kubelet:\n  systemReserved: {cpu: one}"), S + "kubelet.systemReserved", 0},
		{"systemReserved placeholder", ec2ClassDoc("kubelet:\n  systemReserved: {cpu: '${CPU}'}"), "", 0},
		{"50 block devices", ec2ClassDoc(devices(50)), "", 0},
		{"51 block devices", ec2ClassDoc(devices(51)), S + "blockDeviceMappings", 0},
		// Fields the schema lacks.
		{"every field", ec2ClassDoc(`associatePublicIPAddress: false
detailedMonitoring: true
context: lt-context
userData: "#!/bin/bash"
instanceStorePolicy: RAID0
ipPrefixCount: 1
tags: {team: a}
metadataOptions: {httpEndpoint: enabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 1, httpTokens: required}
blockDeviceMappings: [{deviceName: /dev/xvda, rootVolume: true, ebs: {volumeSize: 20Gi, volumeType: gp3, iops: 3000, throughput: 125, encrypted: true, deleteOnTermination: true, kmsKeyID: k}}]
kubelet: {maxPods: 110, podsPerCore: 2, cpuCFSQuota: true, clusterDNS: [10.0.0.10], evictionMaxPodGracePeriod: 60}
networkInterfaces: [{networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}]
placementGroupSelector: {name: pg}
cpuOptions: {nestedVirtualization: enabled}
connectionTracking: {udpTimeout: 30}`), "", 0},
		{"unknown spec field", ec2ClassDoc("instanceProfileName: p"), S + "instanceProfileName", 0},
		{"unknown kubelet field", ec2ClassDoc("kubelet: {maxPod: 110}"), S + "kubelet.maxPod", 0},
		{"unknown ebs field", ec2ClassDoc("blockDeviceMappings: [{deviceName: /dev/xvda, ebs: {volumeSize: 20Gi, encryption: true}}]"), S + "blockDeviceMappings[0].ebs.encryption", 0},
		{"unknown subnet term field", ec2ClassDoc("subnetSelectorTerms: [{id: subnet-1, name: s}]"), S + "subnetSelectorTerms[0].name", 0},
	})
}
