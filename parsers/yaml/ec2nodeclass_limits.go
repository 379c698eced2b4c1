package yaml

import (
	"regexp"
	"strconv"

	yamlv3 "go.yaml.in/yaml/v3"
)

// The EC2NodeClass CRD's sizes and patterns not checked elsewhere
// (karpenter-provider-aws v1.14.1, karpenter.k8s.aws_ec2nodeclasses.yaml):
// an alias of at most 30 characters, at most 20 tags in a selector term,
// subnet and security group ids, kubeReserved and systemReserved values
// that are quantities, at most 50 block device mappings, and no field the
// schema lacks.

var (
	// The CRD's id patterns, unanchored as they are there.
	ec2SubnetID = regexp.MustCompile(`subnet-[0-9a-z]+`)
	ec2GroupID  = regexp.MustCompile(`sg-[0-9a-z]+`)
)

// ec2Limits runs the checks of this file on an EC2NodeClass spec.
func ec2Limits(v *vcheck, spec *node) {
	for _, field := range []string{"amiSelectorTerms", "subnetSelectorTerms", "securityGroupSelectorTerms", "capacityReservationSelectorTerms"} {
		for i, t := range itemsOf(spec.get(field)) {
			if t.kind != yamlv3.MappingNode || t.unknown {
				continue
			}
			path := field + "[" + strconv.Itoa(i) + "]"
			if tags := t.get("tags"); present(tags) && tags.kind == yamlv3.MappingNode && !tags.unknown && len(tags.keys) > 20 {
				v.reject(tags, path+".tags", "a selector term takes at most 20 tags, not %d", len(tags.keys))
			}
			id, idOK := vstr(t.get("id"))
			switch {
			case field == "amiSelectorTerms":
				if s, ok := vstr(t.get("alias")); ok && len(s) > 30 {
					v.reject(t.get("alias"), path+".alias", "alias %q is longer than 30 characters", s)
				}
			case field == "subnetSelectorTerms" && idOK && !ec2SubnetID.MatchString(id):
				v.reject(t.get("id"), path+".id", "subnet id %q is not like subnet-0123456789abcdef0", id)
			case field == "securityGroupSelectorTerms" && idOK && !ec2GroupID.MatchString(id):
				v.reject(t.get("id"), path+".id", "security group id %q is not like sg-0123456789abcdef0", id)
			}
		}
	}
	if k := spec.get("kubelet"); present(k) && k.kind == yamlv3.MappingNode && !k.unknown {
		for _, field := range []string{"kubeReserved", "systemReserved"} {
			m := k.get(field)
			if !present(m) || m.kind != yamlv3.MappingNode || m.unknown {
				continue
			}
			for i, key := range m.keys {
				if s, ok := vstr(m.vals[i]); ok && !karpenterQuantity.MatchString(s) {
					v.reject(m.vals[i], "kubelet."+field, "kubelet.%s.%s %q is not a resource quantity (like 100m, 1Gi or 1000)", field, key, s)
				}
			}
		}
	}
	if n, ok := listLen(spec.get("blockDeviceMappings")); ok && n > 50 {
		v.reject(spec.get("blockDeviceMappings"), "blockDeviceMappings", "an EC2NodeClass takes at most 50 block device mappings, not %d", n)
	}
	crdUnknownFields(v, spec, "EC2NodeClass", ec2Fields, nil)
}

// ec2Fields are the fields of an EC2NodeClass's spec in the CRD's schema
// (karpenter-provider-aws v1.14.1), by path; lists end in [].
var ec2Fields = map[string][]string{
	"spec": {"amiFamily", "amiSelectorTerms", "associatePublicIPAddress", "blockDeviceMappings", "capacityReservationSelectorTerms",
		"connectionTracking", "context", "cpuOptions", "detailedMonitoring", "instanceProfile", "instanceStorePolicy", "ipPrefixCount",
		"kubelet", "metadataOptions", "networkInterfaces", "placementGroupSelector", "role", "securityGroupSelectorTerms",
		"subnetSelectorTerms", "tags", "userData"},
	"spec.amiSelectorTerms[]":                 {"alias", "id", "name", "owner", "ssmParameter", "tags"},
	"spec.blockDeviceMappings[]":              {"deviceName", "ebs", "rootVolume"},
	"spec.blockDeviceMappings[].ebs":          {"deleteOnTermination", "encrypted", "iops", "kmsKeyID", "snapshotID", "throughput", "volumeInitializationRate", "volumeSize", "volumeType"},
	"spec.capacityReservationSelectorTerms[]": {"id", "instanceMatchCriteria", "ownerID", "tags"},
	"spec.connectionTracking":                 {"tcpEstablishedTimeout", "udpStreamTimeout", "udpTimeout"},
	"spec.cpuOptions":                         {"nestedVirtualization"},
	"spec.kubelet": {"clusterDNS", "cpuCFSQuota", "evictionHard", "evictionMaxPodGracePeriod", "evictionSoft", "evictionSoftGracePeriod",
		"imageGCHighThresholdPercent", "imageGCLowThresholdPercent", "kubeReserved", "maxPods", "podsPerCore", "systemReserved"},
	"spec.metadataOptions":              {"httpEndpoint", "httpProtocolIPv6", "httpPutResponseHopLimit", "httpTokens"},
	"spec.networkInterfaces[]":          {"deviceIndex", "interfaceType", "networkCardIndex"},
	"spec.placementGroupSelector":       {"id", "name"},
	"spec.securityGroupSelectorTerms[]": {"id", "name", "tags"},
	"spec.subnetSelectorTerms[]":        {"id", "tags"},
}
