package yaml

import "strings"

// eksctl loads a config file strictly (pkg/eks/api.go, ParseConfig:
// sigs.k8s.io/yaml UnmarshalStrict into ClusterConfig), so a key a node
// group's type does not have is an error before any validation: a
// managed group's containerRuntime, a self-managed group's instanceTypes.
// The keys are the JSON names of eksctl v0.230.0's types.go: NodeGroupBase
// (with the embedded ScalingConfig), then NodeGroup or ManagedNodeGroup.
// encoding/json matches names case-insensitively, so this does too.

var eksctlBaseFields = []string{
	"name", "amiFamily", "instanceType", "availabilityZones", "subnets", "instancePrefix", "instanceName",
	"volumeSize", "ssh", "labels", "privateNetworking", "tags", "iam", "ami", "securityGroups",
	"maxPodsPerNode", "asgSuspendProcesses", "ebsOptimized", "volumeType", "volumeName", "volumeEncrypted",
	"volumeKmsKeyID", "volumeIOPS", "volumeThroughput", "additionalVolumes", "preBootstrapCommands",
	"overrideBootstrapCommand", "propagateASGTags", "disableIMDSv1", "disablePodIMDS", "placement",
	"efaEnabled", "instanceSelector", "bottlerocket", "enableDetailedMonitoring", "capacityReservation",
	"instanceMarketOptions", "outpostARN",
	"desiredCapacity", "minSize", "maxSize", // ScalingConfig, embedded
}

var eksctlSelfManagedFields = []string{
	"instancesDistribution", "asgMetricsCollection", "cpuCredits", "classicLoadBalancerNames",
	"targetGroupARNs", "taints", "updateConfig", "clusterDNS", "kubeletExtraConfig", "containerRuntime",
	"maxInstanceLifetime", "localZones", "enclaveEnabled",
}

var eksctlManagedFields = []string{
	"instanceTypes", "spot", "taints", "updateConfig", "launchTemplate", "releaseVersion", "nodeRepairConfig",
}

// eksctlFields reports the keys of a node group eksctl's strict decoding
// refuses.
func eksctlFields(v *vcheck, ng *node, managed bool) {
	if ng.unknown {
		return
	}
	kind, own, other := "nodeGroups", eksctlSelfManagedFields, eksctlManagedFields
	if managed {
		kind, own, other = "managedNodeGroups", eksctlManagedFields, eksctlSelfManagedFields
	}
	for j, k := range ng.keys {
		if k == "<<" || hasPlaceholder(k) || foldIn(k, eksctlBaseFields) || foldIn(k, own) {
			continue
		}
		at := &node{pos: ng.keyPos[j]}
		if foldIn(k, other) {
			v.reject(at, k, "unknown field %q: %s is a field of %s, not of %s (eksctl loads the file strictly)", k, k, otherList(managed), kind)
			continue
		}
		v.reject(at, k, "unknown field %q in a %s entry (eksctl loads the file strictly)", k, kind)
	}
}

func otherList(managed bool) string {
	if managed {
		return "nodeGroups (self-managed)"
	}
	return "managedNodeGroups"
}

func foldIn(s string, list []string) bool {
	for _, x := range list {
		if strings.EqualFold(s, x) {
			return true
		}
	}
	return false
}
