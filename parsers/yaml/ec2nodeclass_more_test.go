package yaml

import "testing"

// TestEC2NodeClassMore is the rest of karpenter-provider-aws v1.14.1's
// EC2NodeClass CEL test table (pkg/apis/v1/ec2nodeclass_validation_cel_test.go:
// the eviction threshold values, BlockDeviceMappings' volume sizes and
// initialization rates, NetworkInterfaces, ConnectionTracking, CPUOptions),
// with the CRD's placement group selector, instance store policy, IP prefix
// and kubelet count bounds, near misses and unknown values beside them.
func TestEC2NodeClassMore(t *testing.T) {
	S := "EC2NodeClass/default.spec."
	ni := func(items ...string) string {
		out := "networkInterfaces:"
		for _, it := range items {
			out += "\n  - " + it
		}
		return out
	}
	ebs := func(fields string) string {
		return "blockDeviceMappings:\n  - {deviceName: map-device-1, rootVolume: false, ebs: {" + fields + "}}"
	}
	runValidCases(t, []validCase{
		// Kubelet: eviction thresholds.
		{"evictionHard percentage malformed", ec2ClassDoc("kubelet:\n  evictionHard: {memory.available: '5%3'}"), S + "kubelet.evictionHard", 0},
		{"evictionHard percentage too large", ec2ClassDoc("kubelet:\n  evictionHard: {memory.available: 110%}"), S + "kubelet.evictionHard", 0},
		{"evictionHard quantity invalid", ec2ClassDoc("kubelet:\n  evictionHard: {memory.available: 110GB}"), S + "kubelet.evictionHard", 0},
		{"evictionHard quantity", ec2ClassDoc("kubelet:\n  evictionHard: {memory.available: 100Mi, nodefs.available: 10.5%}"), "", 0},
		{"evictionSoft percentage malformed", ec2ClassDoc("kubelet:\n  evictionSoft: {memory.available: '5%3'}\n  evictionSoftGracePeriod: {memory.available: 1m}"), S + "kubelet.evictionSoft", 0},
		{"evictionSoft percentage too large", ec2ClassDoc("kubelet:\n  evictionSoft: {memory.available: 110%}\n  evictionSoftGracePeriod: {memory.available: 1m}"), S + "kubelet.evictionSoft", 0},
		{"evictionSoft quantity invalid", ec2ClassDoc("kubelet:\n  evictionSoft: {memory.available: 110GB}\n  evictionSoftGracePeriod: {memory.available: 1m}"), S + "kubelet.evictionSoft", 0},
		{"evictionHard unknown", ec2ClassDoc("kubelet:\n  evictionHard: {memory.available: '${EVICT}'}"), "", 0},
		{"negative maxPods", ec2ClassDoc("kubelet:\n  maxPods: -1"), S + "kubelet.maxPods", 0},
		{"zero podsPerCore", ec2ClassDoc("kubelet:\n  podsPerCore: 0\n  maxPods: 110"), "", 0},
		{"image GC above 100", ec2ClassDoc("kubelet:\n  imageGCHighThresholdPercent: 101\n  imageGCLowThresholdPercent: 50"), S + "kubelet.imageGCHighThresholdPercent", 0},
		// BlockDeviceMappings: volume sizes and initialization rates.
		{"volume size in G", ec2ClassDoc(ebs("volumeSize: 58G")), "", 0},
		{"volume size in T", ec2ClassDoc(ebs("volumeSize: 45T")), "", 0},
		{"volume size below 1G", ec2ClassDoc(ebs("volumeSize: 1m")), S + "blockDeviceMappings[0].ebs.volumeSize", 0},
		{"volume size above 64T", ec2ClassDoc(ebs("volumeSize: 100T")), S + "blockDeviceMappings[0].ebs.volumeSize", 0},
		{"volume size not a quantity", ec2ClassDoc(ebs("volumeSize: '0'")), S + "blockDeviceMappings[0].ebs.volumeSize", 0},
		{"volume size unknown", ec2ClassDoc(ebs("volumeSize: '${SIZE}'")), "", 0},
		{"initialization rate without snapshot", ec2ClassDoc(ebs("volumeSize: 20Gi, volumeInitializationRate: 100")), S + "blockDeviceMappings[0].ebs.volumeInitializationRate", 0},
		{"initialization rate too low", ec2ClassDoc(ebs("snapshotID: snap-1, volumeInitializationRate: 99")), S + "blockDeviceMappings[0].ebs.volumeInitializationRate", 0},
		{"initialization rate too high", ec2ClassDoc(ebs("snapshotID: snap-1, volumeInitializationRate: 888")), S + "blockDeviceMappings[0].ebs.volumeInitializationRate", 0},
		{"initialization rate from a snapshot", ec2ClassDoc(ebs("snapshotID: snap-1, volumeInitializationRate: 300")), "", 0},
		// NetworkInterfaces.
		{"several interfaces", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}", "{networkCardIndex: 0, deviceIndex: 1, interfaceType: efa-only}",
			"{networkCardIndex: 1, deviceIndex: 0, interfaceType: efa-only}", "{networkCardIndex: 1, deviceIndex: 1, interfaceType: interface}")), "", 0},
		{"no interfaces", ec2ClassDoc("networkInterfaces: []"), "", 0},
		{"interface type", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: 0, interfaceType: efa}")), S + "networkInterfaces[0].interfaceType", 0},
		{"negative card", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}", "{networkCardIndex: -1, deviceIndex: 0, interfaceType: interface}")), S + "networkInterfaces[1].networkCardIndex", 0},
		{"negative device", ec2ClassDoc(ni("{networkCardIndex: -1, deviceIndex: 0, interfaceType: interface}", "{networkCardIndex: 0, deviceIndex: -1, interfaceType: interface}")), S + "networkInterfaces[1].deviceIndex", 0},
		{"duplicate card and device", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}", "{networkCardIndex: 0, deviceIndex: 1, interfaceType: efa-only}",
			"{networkCardIndex: 1, deviceIndex: 0, interfaceType: interface}", "{networkCardIndex: 1, deviceIndex: 0, interfaceType: efa-only}")), S + "networkInterfaces[2]", 0},
		{"no primary interface", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: 1, interfaceType: interface}")), S + "networkInterfaces", 0},
		{"primary not ENA", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: 0, interfaceType: efa-only}")), S + "networkInterfaces", 0},
		{"two EFA on one card", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}", "{networkCardIndex: 1, deviceIndex: 0, interfaceType: efa-only}",
			"{networkCardIndex: 1, deviceIndex: 1, interfaceType: efa-only}")), S + "networkInterfaces[1]", 0},
		{"interface unknown", ec2ClassDoc(ni("{networkCardIndex: 0, deviceIndex: '${DEV}', interfaceType: interface}")), "", 0},
		// ConnectionTracking.
		{"tracking empty", ec2ClassDoc("connectionTracking: {}"), S + "connectionTracking", 0},
		{"tcp established", ec2ClassDoc("connectionTracking: {tcpEstablishedTimeout: 60}"), "", 0},
		{"udp stream", ec2ClassDoc("connectionTracking: {udpStreamTimeout: 120}"), "", 0},
		{"udp", ec2ClassDoc("connectionTracking: {udpTimeout: 45}"), "", 0},
		{"all timeouts", ec2ClassDoc("connectionTracking: {tcpEstablishedTimeout: 432000, udpStreamTimeout: 180, udpTimeout: 60}"), "", 0},
		{"tcp established low", ec2ClassDoc("connectionTracking: {tcpEstablishedTimeout: 59}"), S + "connectionTracking.tcpEstablishedTimeout", 0},
		{"tcp established high", ec2ClassDoc("connectionTracking: {tcpEstablishedTimeout: 432001}"), S + "connectionTracking.tcpEstablishedTimeout", 0},
		{"udp stream low", ec2ClassDoc("connectionTracking: {udpStreamTimeout: 59}"), S + "connectionTracking.udpStreamTimeout", 0},
		{"udp stream high", ec2ClassDoc("connectionTracking: {udpStreamTimeout: 181}"), S + "connectionTracking.udpStreamTimeout", 0},
		{"udp low", ec2ClassDoc("connectionTracking: {udpTimeout: 29}"), S + "connectionTracking.udpTimeout", 0},
		{"udp high", ec2ClassDoc("connectionTracking: {udpTimeout: 61}"), S + "connectionTracking.udpTimeout", 0},
		{"udp unknown", ec2ClassDoc("connectionTracking: {udpTimeout: '${T}'}"), "", 0},
		// CPUOptions.
		{"nested virtualization enabled", ec2ClassDoc("cpuOptions: {nestedVirtualization: enabled}"), "", 0},
		{"nested virtualization disabled", ec2ClassDoc("cpuOptions: {nestedVirtualization: disabled}"), "", 0},
		{"nested virtualization invalid", ec2ClassDoc("cpuOptions: {nestedVirtualization: invalid}"), S + "cpuOptions.nestedVirtualization", 0},
		{"cpu options empty", ec2ClassDoc("cpuOptions: {}"), "", 0},
		// The CRD's placement group selector, instance store policy, IP prefixes.
		{"placement group name", ec2ClassDoc("placementGroupSelector: {name: my-pg}"), "", 0},
		{"placement group id", ec2ClassDoc("placementGroupSelector: {id: pg-0123abc}"), "", 0},
		{"placement group empty", ec2ClassDoc("placementGroupSelector: {}"), S + "placementGroupSelector", 0},
		{"placement group both", ec2ClassDoc("placementGroupSelector: {name: my-pg, id: pg-0123abc}"), S + "placementGroupSelector", 0},
		{"placement group id malformed", ec2ClassDoc("placementGroupSelector: {id: my-pg}"), S + "placementGroupSelector.id", 0},
		{"instance store RAID0", ec2ClassDoc("instanceStorePolicy: RAID0"), "", 0},
		{"instance store policy", ec2ClassDoc("instanceStorePolicy: RAID1"), S + "instanceStorePolicy", 0},
		{"negative IP prefixes", ec2ClassDoc("ipPrefixCount: -1"), S + "ipPrefixCount", 0},
		{"IP prefixes", ec2ClassDoc("ipPrefixCount: 2"), "", 0},
	})
}
