package yaml

import (
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
)

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

// eksctlNestedFields are the keys of the structures under a node group
// (types.go: NodeGroupSSH, NodeGroupIAM, NodeGroupIAMAddonPolicies,
// NodeGroupSGs, NodeGroupInstancesDistribution, NodeGroupUpdateConfig,
// InstanceSelector, Placement, CapacityReservation(Target),
// InstanceMarketOptions, NodeGroupBottlerocket, LaunchTemplate,
// NodeGroupNodeRepairConfig, NodeGroupTaint, VolumeMapping,
// MetricsCollection). "[]" marks a list of such structures. Free-form
// documents (iam.attachPolicy, bottlerocket.settings, kubeletExtraConfig,
// labels, tags) are not checked.
var eksctlNestedFields = []struct {
	path []string
	keys []string
}{
	{[]string{"ssh"}, []string{"allow", "publicKeyPath", "publicKey", "publicKeyName", "sourceSecurityGroupIds", "enableSsm"}},
	{[]string{"iam"}, []string{"attachPolicy", "attachPolicyARNs", "instanceProfileARN", "instanceRoleARN", "instanceRoleName", "instanceRolePermissionsBoundary", "withAddonPolicies"}},
	{[]string{"iam", "withAddonPolicies"}, []string{"imageBuilder", "autoScaler", "externalDNS", "certManager", "appMesh", "appMeshPreview", "ebs", "fsx", "efs", "awsLoadBalancerController", "albIngress", "xRay", "cloudWatch"}},
	{[]string{"securityGroups"}, []string{"attachIDs", "withShared", "withLocal"}},
	{[]string{"instancesDistribution"}, []string{"instanceTypes", "maxPrice", "onDemandBaseCapacity", "onDemandPercentageAboveBaseCapacity", "spotInstancePools", "spotAllocationStrategy", "capacityRebalance"}},
	{[]string{"updateConfig"}, []string{"maxUnavailable", "maxUnavailablePercentage"}},
	{[]string{"instanceSelector"}, []string{"vCPUs", "memory", "gpus", "neuron_devices", "cpuArchitecture", "allow", "deny"}},
	{[]string{"placement"}, []string{"groupName", "spreadLevel"}},
	{[]string{"capacityReservation"}, []string{"capacityReservationPreference", "capacityReservationTarget"}},
	{[]string{"capacityReservation", "capacityReservationTarget"}, []string{"capacityReservationID", "capacityReservationResourceGroupARN"}},
	{[]string{"instanceMarketOptions"}, []string{"marketType"}},
	{[]string{"bottlerocket"}, []string{"enableAdminContainer", "settings"}},
	{[]string{"launchTemplate"}, []string{"id", "version"}},
	{[]string{"nodeRepairConfig"}, []string{"enabled", "maxUnhealthyNodeThresholdPercentage", "maxUnhealthyNodeThresholdCount", "maxParallelNodesRepairedPercentage", "maxParallelNodesRepairedCount", "nodeRepairConfigOverrides"}},
	{[]string{"taints[]"}, []string{"key", "value", "effect"}},
	{[]string{"additionalVolumes[]"}, []string{"volumeSize", "volumeType", "volumeName", "volumeEncrypted", "volumeKmsKeyID", "volumeIOPS", "volumeThroughput", "snapshotID"}},
	{[]string{"asgMetricsCollection[]"}, []string{"granularity", "metrics"}},
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
		if skipKey(k) || foldIn(k, eksctlBaseFields) || foldIn(k, own) {
			continue
		}
		at := &node{pos: ng.keyPos[j]}
		if foldIn(k, other) {
			v.reject(at, k, "unknown field %q: %s is a field of %s, not of %s (eksctl loads the file strictly)", k, k, otherList(managed), kind)
			continue
		}
		v.reject(at, k, "unknown field %q in a %s entry (eksctl loads the file strictly)", k, kind)
	}
	if t := ngGetFold(ng, "taints"); managed && t != nil && t.kind == yamlv3.MappingNode && !t.unknown {
		// ManagedNodeGroup.Taints is a list; only NodeGroup's takes a map.
		v.reject(t, "taints", "a managed group takes taints as a list of key, value and effect, not a map (eksctl loads the file strictly)")
	}
	for _, nf := range eksctlNestedFields {
		first := nf.path[0]
		list := strings.HasSuffix(first, "[]")
		first = strings.TrimSuffix(first, "[]")
		if !foldIn(first, eksctlBaseFields) && !foldIn(first, own) {
			continue // reported above, or not this kind's
		}
		n := ngGetFold(ng, first)
		for _, k := range nf.path[1:] {
			n = ngGetFold(n, k)
		}
		field := strings.Join(append([]string{first}, nf.path[1:]...), ".")
		if !list {
			eksctlKeys(v, n, field, nf.keys)
			continue
		}
		if n == nil || n.kind != yamlv3.SequenceNode || n.unknown {
			continue
		}
		for i, it := range n.items {
			eksctlKeys(v, it, field+"["+strconv.Itoa(i)+"]", nf.keys)
		}
	}
}

// eksctlKeys reports the keys of a mapping that are not among keys, and a
// known scalar where the structure is due (ssh: true), which JSON cannot
// decode into it.
func eksctlKeys(v *vcheck, n *node, field string, keys []string) {
	if n != nil && n.kind == yamlv3.ScalarNode && present(n) && known(n) && !n.unknown {
		v.reject(n, field, "%s takes a mapping (%s), not %q (eksctl loads the file strictly)", field, strings.Join(keys, ", "), n.value)
		return
	}
	if n == nil || n.kind != yamlv3.MappingNode || n.unknown {
		return
	}
	for j, k := range n.keys {
		if skipKey(k) || foldIn(k, keys) {
			continue
		}
		v.reject(&node{pos: n.keyPos[j]}, field+"."+k, "unknown field %q in %s; it takes %s (eksctl loads the file strictly)", k, field, strings.Join(keys, ", "))
	}
}

func skipKey(k string) bool { return k == "<<" || hasPlaceholder(k) }

// ngGetFold is get with encoding/json's case-insensitive match.
func ngGetFold(n *node, key string) *node {
	if n == nil || n.kind != yamlv3.MappingNode {
		return nil
	}
	if c := n.get(key); c != nil {
		return c
	}
	for j, k := range n.keys {
		if strings.EqualFold(k, key) {
			return n.vals[j]
		}
	}
	return nil
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
