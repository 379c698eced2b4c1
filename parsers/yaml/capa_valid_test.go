package yaml

import (
	"strings"
	"testing"
)

// capaDoc is a CAPA machine pool of kind with the spec lines given.
func capaDoc(kind, spec string) string {
	var b strings.Builder
	b.WriteString("apiVersion: infrastructure.cluster.x-k8s.io/v1beta2\nkind: " + kind + "\nmetadata:\n  name: mp\n  labels:\n    cluster.x-k8s.io/cluster-name: eks\nspec:\n")
	for _, line := range strings.Split(strings.TrimSpace(spec), "\n") {
		if line != "" {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

// TestCAPAValidation is Cluster API Provider AWS v2.13.0's create-webhook
// test table (exp/webhooks/awsmanagedmachinepool_webhook_test.go,
// awsmachinepool_webhook_test.go) as manifests; the update cases
// (immutable fields) need a previous object and are not ported.
func TestCAPAValidation(t *testing.T) {
	m := func(s string) string { return capaDoc("AWSManagedMachinePool", s) }
	a := func(s string) string { return capaDoc("AWSMachinePool", s) }
	runValidCases(t, []validCase{
		// AWSManagedMachinePool
		{"managed valid name", m("eksNodegroupName: eks-node-group-3"), "", 0},
		{"managed valid tags", m("additionalTags:\n  key-1: value-1\n  key-2: value-2"), "", 0},
		{"managed empty tag key", m("additionalTags:\n  '': value-1"), "spec.additionalTags", 0},
		{"managed long tag key", m("additionalTags:\n  " + strings.Repeat("k", 129) + ": v"), "spec.additionalTags", 0},
		{"managed long tag value", m("additionalTags:\n  k: " + strings.Repeat("v", 257)), "spec.additionalTags", 0},
		{"managed aws tag", m("additionalTags:\n  'aws:owner': v"), "spec.additionalTags", 0},
		{"managed tag characters", m("additionalTags:\n  'key!': v"), "spec.additionalTags", 0},
		{"managed minSize 0", m("scaling: {minSize: 0, maxSize: 3}"), "", 0},
		{"managed public with source SGs", m("remoteAccess:\n  public: true\n  sourceSecurityGroups: [sg-1]"), "spec.remoteAccess.sourceSecurityGroups", 0},
		{"managed private with source SGs", m("remoteAccess:\n  sourceSecurityGroups: [sg-1]"), "", 0},
		{"managed LT with instanceType", m("instanceType: m5.large\nawsLaunchTemplate:\n  name: lt"), "spec.instanceType", 0},
		{"managed LT with diskSize", m("diskSize: 50\nawsLaunchTemplate:\n  name: lt"), "spec.diskSize", 0},
		{"managed LT instance profile", m("awsLaunchTemplate:\n  iamInstanceProfile: nodes"), "spec.awsLaunchTemplate.iamInstanceProfile", 0},
		{"managed LT instance type inside", m("awsLaunchTemplate:\n  instanceType: m5.large"), "", 0},
		{"managed ami type", m("amiType: AL2023_x86_64"), "spec.amiType", 0},
		{"managed ami type ok", m("amiType: AL2023_x86_64_STANDARD"), "", 0},
		{"managed capacity type", m("capacityType: SPOT"), "spec.capacityType", 0},
		{"managed capacity type ok", m("capacityType: onDemand"), "", 0},
		{"managed subnet type", m("availabilityZoneSubnetType: internal"), "spec.availabilityZoneSubnetType", 0},
		{"managed ami version", m("amiVersion: '1'"), "spec.amiVersion", 0},
		// Not a webhook case: the CRD has no instanceTypes, which strict
		// field validation (kubectl's default) refuses.
		{"managed instanceTypes field", m("instanceTypes: [m5.large, m5a.large]"), "spec.instanceTypes", 0},
		{"managed instanceType field", m("instanceType: m5.large"), "", 0},
		{"managed unknown ami type", m("amiType: ${AMI_TYPE}"), "", 0},
		{"managed hook ok", m("lifecycleHooks:\n  - {name: h, lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', heartbeatTimeout: 60s, defaultResult: CONTINUE}"), "", 0},
		{"managed hook without name", m("lifecycleHooks:\n  - {lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING'}"), "spec.lifecycleHooks[0].name", 0},
		{"managed hook transition", m("lifecycleHooks:\n  - {name: h, lifecycleTransition: launching}"), "spec.lifecycleHooks[0].lifecycleTransition", 0},
		{"managed hook target without role", m("lifecycleHooks:\n  - {name: h, lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', notificationTargetARN: 'arn:aws:sns:us-east-1:1:t'}"), "spec.lifecycleHooks[0].roleARN", 0},
		{"managed hook role without target", m("lifecycleHooks:\n  - {name: h, lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', roleARN: 'arn:aws:iam::1:role/r'}"), "spec.lifecycleHooks[0].notificationTargetARN", 0},
		{"managed hook default result", m("lifecycleHooks:\n  - {name: h, lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', defaultResult: RETRY}"), "spec.lifecycleHooks[0].defaultResult", 0},
		{"managed hook heartbeat", m("lifecycleHooks:\n  - {name: h, lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', heartbeatTimeout: 10s}"), "spec.lifecycleHooks[0].heartbeatTimeout", 0},
		{"managed hook heartbeat long", m("lifecycleHooks:\n  - {name: h, lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', heartbeatTimeout: 49h}"), "spec.lifecycleHooks[0].heartbeatTimeout", 0},

		// AWSMachinePool
		{"pool base", a("minSize: 1\nmaxSize: 3\nawsLaunchTemplate:\n  instanceType: m5.large"), "", 0},
		{"pool negative cooldown", a("defaultCoolDown: -1s"), "spec.defaultCoolDown", 0},
		{"pool io1 without iops", a("awsLaunchTemplate:\n  rootVolume: {size: 8, type: io1}"), "spec.awsLaunchTemplate.rootVolume.iops", 0},
		{"pool io2 with iops", a("awsLaunchTemplate:\n  rootVolume: {size: 8, type: io2, iops: 1000}"), "", 0},
		{"pool throughput on gp2", a("awsLaunchTemplate:\n  rootVolume: {size: 8, type: gp2, throughput: 125}"), "spec.awsLaunchTemplate.rootVolume.throughput", 0},
		{"pool throughput low", a("awsLaunchTemplate:\n  rootVolume: {size: 8, type: gp3, throughput: 124}"), "spec.awsLaunchTemplate.rootVolume.throughput", 0},
		{"pool throughput high", a("awsLaunchTemplate:\n  rootVolume: {size: 8, type: gp3, throughput: 2001}"), "spec.awsLaunchTemplate.rootVolume.throughput", 0},
		{"pool throughput ok", a("awsLaunchTemplate:\n  rootVolume: {size: 8, type: gp3, throughput: 500}"), "", 0},
		{"pool non-root without device", a("awsLaunchTemplate:\n  nonRootVolumes:\n    - {size: 8, type: gp3}"), "spec.awsLaunchTemplate.nonRootVolumes[0].deviceName", 0},
		{"pool non-root io1", a("awsLaunchTemplate:\n  nonRootVolumes:\n    - {size: 8, type: io1, deviceName: /dev/sdb}"), "spec.awsLaunchTemplate.nonRootVolumes[0].iops", 0},
		{"pool non-root throughput gp2", a("awsLaunchTemplate:\n  nonRootVolumes:\n    - {size: 8, type: gp2, deviceName: /dev/sdb, throughput: 200}"), "spec.awsLaunchTemplate.nonRootVolumes[0].throughput", 0},
		{"pool non-root ok", a("awsLaunchTemplate:\n  nonRootVolumes:\n    - {size: 8, type: gp3, deviceName: /dev/sdb, throughput: 200}"), "", 0},
		{"pool subnet id and filters", a("subnets:\n  - id: subnet-1\n    filters: [{name: tag:Name, values: [a]}]"), "spec.subnets[0]", 0},
		{"pool subnet id", a("subnets:\n  - id: subnet-1"), "", 0},
		{"pool SG id and filters", a("awsLaunchTemplate:\n  additionalSecurityGroups:\n    - id: sg-1\n      filters: [{name: tag:Name, values: [a]}]"), "spec.awsLaunchTemplate.additionalSecurityGroups[0]", 0},
		{"pool spot and mixed", a("awsLaunchTemplate:\n  spotMarketOptions: {}\nmixedInstancesPolicy:\n  instancesDistribution: {onDemandBaseCapacity: 1}"), "spec.awsLaunchTemplate.spotMarketOptions", 0},
		{"pool max healthy alone", a("refreshPreferences:\n  maxHealthyPercentage: 150"), "spec.refreshPreferences.maxHealthyPercentage", 0},
		{"pool healthy difference", a("refreshPreferences:\n  minHealthyPercentage: 0\n  maxHealthyPercentage: 150"), "spec.refreshPreferences.maxHealthyPercentage", 0},
		{"pool healthy ok", a("refreshPreferences:\n  minHealthyPercentage: 90\n  maxHealthyPercentage: 150"), "", 0},
		{"pool capacity block with spot", a("awsLaunchTemplate:\n  marketType: CapacityBlock\n  capacityReservationId: cr-1\n  spotMarketOptions: {}"), "spec.awsLaunchTemplate.marketType", 0},
		{"pool on-demand with spot", a("awsLaunchTemplate:\n  marketType: OnDemand\n  spotMarketOptions: {}"), "spec.awsLaunchTemplate.marketType", 0},
		{"pool capacity block without reservation", a("awsLaunchTemplate:\n  marketType: CapacityBlock"), "spec.awsLaunchTemplate.capacityReservationId", 0},
		{"pool capacity block ok", a("awsLaunchTemplate:\n  marketType: CapacityBlock\n  capacityReservationId: cr-1"), "", 0},
		{"pool market type", a("awsLaunchTemplate:\n  marketType: Reserved"), "spec.awsLaunchTemplate.marketType", 0},
		{"pool spot with reservation", a("awsLaunchTemplate:\n  marketType: Spot\n  capacityReservationId: cr-1"), "spec.awsLaunchTemplate.marketType", 0},
		{"pool spot options with reservation", a("awsLaunchTemplate:\n  capacityReservationId: cr-1\n  spotMarketOptions: {}"), "spec.awsLaunchTemplate.spotMarketOptions", 0},
		{"pool reservation preference", a("awsLaunchTemplate:\n  capacityReservationId: cr-1\n  capacityReservationPreference: Open"), "spec.awsLaunchTemplate.capacityReservationPreference", 0},
		{"pool reservation preference ok", a("awsLaunchTemplate:\n  capacityReservationId: cr-1\n  capacityReservationPreference: CapacityReservationsOnly"), "", 0},
		{"pool tags", a("additionalTags:\n  'aws:x': y"), "spec.additionalTags", 0},
		{"pool unknown market", a("awsLaunchTemplate:\n  marketType: ${MARKET}\n  spotMarketOptions: {}"), "", 0},
	})
}

// TestCAPACRDBounds holds AWSMachinePool and AWSManagedMachinePool to the
// CRD markers of cluster-api-provider-aws main at 2cf09d785 (as v2.11.1):
// exp/api/v1beta2/awsmachinepool_types.go (availabilityZoneSubnetType,
// refreshPreferences.maxHealthyPercentage 100–200), exp/api/v1beta2/types.go
// (the instancesDistribution enums) and api/v1beta2/types.go (a volume's
// size, required and at least 8 GiB).
func TestCAPACRDBounds(t *testing.T) {
	m := func(s string) string { return capaDoc("AWSManagedMachinePool", s) }
	a := func(s string) string { return capaDoc("AWSMachinePool", s) }
	runValidCases(t, []validCase{
		{"pool subnet type", a("availabilityZoneSubnetType: internal"), "spec.availabilityZoneSubnetType", 0},
		{"pool subnet type ok", a("availabilityZoneSubnetType: private"), "", 0},
		{"pool max healthy below 100", a("refreshPreferences:\n  minHealthyPercentage: 50\n  maxHealthyPercentage: 90"), "spec.refreshPreferences.maxHealthyPercentage", 0},
		{"pool max healthy above 200", a("refreshPreferences:\n  minHealthyPercentage: 150\n  maxHealthyPercentage: 210"), "spec.refreshPreferences.maxHealthyPercentage", 0},
		{"pool max healthy unknown", a("refreshPreferences:\n  minHealthyPercentage: 50\n  maxHealthyPercentage: ${MAX_HEALTHY}"), "", 0},
		{"pool spot allocation", a("mixedInstancesPolicy:\n  instancesDistribution: {spotAllocationStrategy: lowest-cost}"), "spec.mixedInstancesPolicy.instancesDistribution.spotAllocationStrategy", 0},
		{"pool on-demand allocation", a("mixedInstancesPolicy:\n  instancesDistribution: {onDemandAllocationStrategy: cheapest}"), "spec.mixedInstancesPolicy.instancesDistribution.onDemandAllocationStrategy", 0},
		{"pool allocations ok", a("mixedInstancesPolicy:\n  instancesDistribution: {onDemandAllocationStrategy: prioritized, spotAllocationStrategy: capacity-optimized-prioritized}"), "", 0},
		{"pool root volume small", a("awsLaunchTemplate:\n  rootVolume: {size: 4, type: gp3}"), "spec.awsLaunchTemplate.rootVolume.size", 0},
		{"pool root volume without size", a("awsLaunchTemplate:\n  rootVolume: {type: gp3}"), "spec.awsLaunchTemplate.rootVolume.size", 0},
		{"pool non-root volume small", a("awsLaunchTemplate:\n  nonRootVolumes:\n    - {size: 2, type: gp3, deviceName: /dev/sdb}"), "spec.awsLaunchTemplate.nonRootVolumes[0].size", 0},
		{"pool root volume size unknown", a("awsLaunchTemplate:\n  rootVolume: {size: '${ROOT_SIZE}', type: gp3}"), "", 0},
		{"managed launch template root volume small", m("awsLaunchTemplate:\n  rootVolume: {size: 4}"), "spec.awsLaunchTemplate.rootVolume.size", 0},
		{"managed launch template root volume ok", m("awsLaunchTemplate:\n  rootVolume: {size: 80}"), "", 0},
	})
}
