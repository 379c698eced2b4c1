package yaml

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
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
		if skipKey(k) || slices.Contains(eksctlBaseFields, k) || slices.Contains(own, k) {
			continue
		}
		at := &node{pos: ng.keyPos[j]}
		if f := foldFind(k, eksctlBaseFields, own); f != "" {
			v.drop(at, k, "%q is not eksctl's spelling of %q: its strict check matches field names ignoring case, but its decoder matches them exactly and drops this one, so the setting is not applied", k, f)
			continue
		}
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
	eksctlTypes(v, ng)
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

// eksctlTopFields are the keys of a ClusterConfig (eksctl v0.230.0's
// types.go: the inline TypeMeta, then ClusterConfig's fields).
var eksctlTopFields = []string{
	"apiVersion", "kind", "metadata", "upgradePolicy", "kubernetesNetworkConfig", "autoModeConfig",
	"remoteNetworkConfig", "iam", "iamIdentityMappings", "identityProviders", "accessConfig", "vpc",
	"addons", "addonsConfig", "privateCluster", "nodeGroups", "managedNodeGroups", "fargateProfiles",
	"availabilityZones", "localZones", "cloudWatch", "secretsEncryption", "gitops", "karpenter", "outpost",
	"controlPlaneScalingConfig", "zonalShiftConfig", "kubeAPIServerConfig", "kubeSchedulerConfig",
	"kubeControllerManagerConfig", "capabilities",
}

// eksctlTop reports the keys of a ClusterConfig eksctl's strict check
// refuses, and those it lets through only by matching them ignoring case,
// which its decoder then drops: a managedNodegroups list creates no node
// group. They are the cluster's, as a misspelt list leaves no pool.
func eksctlTop(c *nodepool.Cluster, doc *node) {
	if doc.unknown {
		return
	}
	for j, k := range doc.keys {
		if skipKey(k) || slices.Contains(eksctlTopFields, k) {
			continue
		}
		r := nodepool.Rejection{Validator: nodepool.ValidatorEksctl, Field: k, Pos: doc.keyPos[j]}
		if f := foldFind(k, eksctlTopFields); f != "" {
			r.Dropped = true
			r.Message = fmt.Sprintf("%q is not eksctl's spelling of %q: its strict check matches field names ignoring case, but its decoder matches them exactly and drops this one", k, f)
			if f == "nodeGroups" || f == "managedNodeGroups" {
				r.Message += ", so the node groups listed there are not created"
			}
		} else {
			r.Message = fmt.Sprintf("unknown field %q in a ClusterConfig (eksctl loads the file strictly)", k)
		}
		c.Rejections = append(c.Rejections, r)
	}
}

// foldFind is the name in lists s matches ignoring case, or "".
func foldFind(s string, lists ...[]string) string {
	for _, list := range lists {
		for _, x := range list {
			if strings.EqualFold(s, x) {
				return x
			}
		}
	}
	return ""
}

func foldIn(s string, list []string) bool { return foldFind(s, list) != "" }

// The Go types of a node group's scalar and simple fields (types.go):
// s string, i int, b bool, f float64, S []string, M map[string]string.
// eksctl's loader goes YAML 1.1 → JSON → Go, so a value of another JSON
// type is an error ("cannot unmarshal number into Go struct field …").
var eksctlFieldTypes = map[string]map[string]byte{
	"": {
		"name": 's', "amiFamily": 's', "instanceType": 's', "availabilityZones": 'S', "subnets": 'S',
		"instancePrefix": 's', "instanceName": 's', "volumeSize": 'i', "labels": 'M', "privateNetworking": 'b',
		"tags": 'M', "ami": 's', "maxPodsPerNode": 'i', "asgSuspendProcesses": 'S', "ebsOptimized": 'b',
		"volumeType": 's', "volumeName": 's', "volumeEncrypted": 'b', "volumeKmsKeyID": 's', "volumeIOPS": 'i',
		"volumeThroughput": 'i', "preBootstrapCommands": 'S', "overrideBootstrapCommand": 's',
		"propagateASGTags": 'b', "disableIMDSv1": 'b', "disablePodIMDS": 'b', "efaEnabled": 'b',
		"enableDetailedMonitoring": 'b', "outpostARN": 's', "desiredCapacity": 'i', "minSize": 'i', "maxSize": 'i',
		// NodeGroup
		"cpuCredits": 's', "classicLoadBalancerNames": 'S', "targetGroupARNs": 'S', "clusterDNS": 's',
		"containerRuntime": 's', "maxInstanceLifetime": 'i', "localZones": 'S', "enclaveEnabled": 'b',
		// ManagedNodeGroup
		"instanceTypes": 'S', "spot": 'b', "releaseVersion": 's',
	},
	"ssh": {
		"allow": 'b', "publicKeyPath": 's', "publicKey": 's', "publicKeyName": 's',
		"sourceSecurityGroupIds": 'S', "enableSsm": 'b',
	},
	"instancesDistribution": {
		"instanceTypes": 'S', "maxPrice": 'f', "onDemandBaseCapacity": 'i',
		"onDemandPercentageAboveBaseCapacity": 'i', "spotInstancePools": 'i', "spotAllocationStrategy": 's',
		"capacityRebalance": 'b',
	},
	"updateConfig": {"maxUnavailable": 'i', "maxUnavailablePercentage": 'i'},
	"iam.withAddonPolicies": {
		"imageBuilder": 'b', "autoScaler": 'b', "externalDNS": 'b', "certManager": 'b', "appMesh": 'b',
		"appMeshPreview": 'b', "ebs": 'b', "fsx": 'b', "efs": 'b', "awsLoadBalancerController": 'b',
		"albIngress": 'b', "xRay": 'b', "cloudWatch": 'b',
	},
}

// eksctlTypes reports values of a JSON type their field cannot take.
func eksctlTypes(v *vcheck, ng *node) {
	for _, parent := range []string{"", "ssh", "instancesDistribution", "updateConfig", "iam.withAddonPolicies"} {
		fields := eksctlFieldTypes[parent]
		m := ng
		if parent != "" {
			for _, k := range strings.Split(parent, ".") {
				m = ngGetFold(m, k)
			}
		}
		if m == nil || m.kind != yamlv3.MappingNode || m.unknown {
			continue
		}
		for j, k := range m.keys {
			for name, t := range fields {
				if strings.EqualFold(k, name) {
					field := k
					if parent != "" {
						field = parent + "." + k
					}
					eksctlType(v, m.vals[j], field, t)
				}
			}
		}
	}
}

var eksctlTypeNames = map[byte]string{'s': "a string", 'i': "an integer", 'b': "a boolean", 'f': "a number", 'S': "a list of strings", 'M': "a map of strings"}

// jsonType is the JSON type of a known scalar, "" when not known.
func jsonType(n *node) string {
	switch x := plain(n, nil).(type) {
	case string:
		if strings.IndexByte(x, '<') >= 0 && anglePlaceholder.MatchString(x) {
			return ""
		}
		return "string"
	case bool:
		return "boolean"
	case int64:
		return "integer"
	case float64:
		return "number"
	}
	return ""
}

func eksctlType(v *vcheck, n *node, field string, t byte) {
	if !present(n) || n.unknown {
		return
	}
	bad := func(what string) {
		v.reject(n, field, "%s takes %s, not %s (eksctl's loader cannot decode it)", field, eksctlTypeNames[t], what)
	}
	switch t {
	case 's', 'i', 'b', 'f':
		if n.kind != yamlv3.ScalarNode {
			bad("a list or mapping")
			return
		}
		got := jsonType(n)
		ok := got == "" ||
			(t == 's' && got == "string") || (t == 'b' && got == "boolean") ||
			(t == 'i' && got == "integer") || (t == 'f' && (got == "integer" || got == "number"))
		if !ok {
			bad(got + " " + strconv.Quote(n.value))
		}
	case 'S':
		switch n.kind {
		case yamlv3.SequenceNode:
			for _, it := range n.items {
				if !present(it) || it.unknown {
					continue
				}
				if it.kind != yamlv3.ScalarNode {
					bad("a list holding a list or mapping")
					return
				}
				if got := jsonType(it); got != "" && got != "string" {
					bad("a list holding the " + got + " " + strconv.Quote(it.value))
					return
				}
			}
		case yamlv3.MappingNode:
			bad("a mapping")
		default:
			if jsonType(n) != "" {
				bad("the single value " + strconv.Quote(n.value))
			}
		}
	case 'M':
		switch n.kind {
		case yamlv3.MappingNode:
			for j, val := range n.vals {
				if !present(val) || val.unknown {
					continue
				}
				if val.kind != yamlv3.ScalarNode {
					v.reject(val, field+"."+n.keys[j], "%s takes string values, not a list or mapping (eksctl's loader cannot decode it)", field)
					continue
				}
				if got := jsonType(val); got != "" && got != "string" {
					v.reject(val, field+"."+n.keys[j], "%s takes string values: %s is the %s %s to eksctl (YAML 1.1); quote it", field, n.keys[j], got, val.value)
				}
			}
		case yamlv3.SequenceNode:
			bad("a list")
		default:
			if jsonType(n) != "" {
				bad("the single value " + strconv.Quote(n.value))
			}
		}
	}
}

// sshField is ssh.<key>, matched as encoding/json matches names: eksctl's
// schema spells enableSsm, older examples enableSSM.
func sshField(ng *node, key string) *node { return ngGetFold(ngGetFold(ng, "ssh"), key) }
