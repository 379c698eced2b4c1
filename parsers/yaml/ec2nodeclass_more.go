package yaml

import (
	"regexp"
	"strconv"

	yamlv3 "go.yaml.in/yaml/v3"
)

// More of the EC2NodeClass CRD (karpenter-provider-aws v1.14.1,
// karpenter.k8s.aws_ec2nodeclasses.yaml): network interfaces, connection
// tracking, CPU options, the placement group selector, EBS volume sizes and
// initialization rates, instance store policy, IP prefixes and the kubelet's
// eviction thresholds and counts. Like the rest of the port, a value that is
// unknown, or of a type the schema would refuse on its own, is not judged.

var (
	// The CRD's volumeSize pattern: 1–59000Gi, 1–64000G, or a few Ti and T
	// (it accepts exactly what this pattern matches, quirks included).
	ec2VolumeSize = regexp.MustCompile(`^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi|(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|([1-9]||[1-5][0-7]|58)Ti|([1-9]||[1-5][0-9]|6[0-3]|64)T)$`)
	// An eviction threshold: a percentage up to 100% or a quantity.
	ec2Eviction    = regexp.MustCompile(`^((\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)%||(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?)$`)
	ec2PlacementID = regexp.MustCompile(`^pg-[0-9a-z]+$`)
)

// ec2More runs the checks of this file on an EC2NodeClass spec.
func ec2More(v *vcheck, spec *node) {
	ec2NetworkInterfaces(v, spec.get("networkInterfaces"))
	ec2ConnectionTracking(v, spec.get("connectionTracking"))
	if s, ok := vstr(spec.path("cpuOptions", "nestedVirtualization")); ok && s != "enabled" && s != "disabled" {
		v.reject(spec.path("cpuOptions", "nestedVirtualization"), "cpuOptions.nestedVirtualization", "cpuOptions.nestedVirtualization %q is not enabled or disabled", s)
	}
	ec2PlacementGroup(v, spec.get("placementGroupSelector"))
	if s, ok := vstr(spec.get("instanceStorePolicy")); ok && s != "RAID0" {
		v.reject(spec.get("instanceStorePolicy"), "instanceStorePolicy", "instanceStorePolicy %q is not RAID0, the only policy", s)
	}
	if n, ok := vint(spec.get("ipPrefixCount")); ok && n < 0 {
		v.reject(spec.get("ipPrefixCount"), "ipPrefixCount", "ipPrefixCount cannot be negative (%d)", n)
	}
	ec2Volumes(v, spec.get("blockDeviceMappings"))
	ec2KubeletValues(v, spec.get("kubelet"))
	ec2UserData(v, spec)
	ec2Limits(v, spec)
}

// ec2NetworkInterfaces: each interface with a card and device index of at
// least 0 and a type interface or efa-only; a primary interface (card 0,
// device 0, type interface) when the list is not empty; no two interfaces on
// one card and device, and at most one efa-only interface per card.
func ec2NetworkInterfaces(v *vcheck, list *node) {
	if !present(list) || list.kind != yamlv3.SequenceNode || list.unknown {
		return
	}
	if len(list.items) > 150 {
		v.reject(list, "networkInterfaces", "networkInterfaces takes at most 150 interfaces, not %d", len(list.items))
		return
	}
	type slot struct{ card, device int64 }
	seen := map[slot]int{}
	efa := map[int64]int{}
	primary, whole := false, true
	for i, it := range list.items {
		path := "networkInterfaces[" + strconv.Itoa(i) + "]"
		card, cardOK := vint(it.get("networkCardIndex"))
		device, deviceOK := vint(it.get("deviceIndex"))
		typ, typOK := vstr(it.get("interfaceType"))
		if cardOK && card < 0 {
			v.reject(it.get("networkCardIndex"), path+".networkCardIndex", "networkCardIndex cannot be negative (%d)", card)
		}
		if deviceOK && device < 0 {
			v.reject(it.get("deviceIndex"), path+".deviceIndex", "deviceIndex cannot be negative (%d)", device)
		}
		if typOK && typ != "interface" && typ != "efa-only" {
			v.reject(it.get("interfaceType"), path+".interfaceType", "interfaceType %q is not interface or efa-only", typ)
		}
		if !cardOK || !deviceOK || !typOK {
			whole = false // the list rules need every interface known
			continue
		}
		seen[slot{card, device}]++
		if typ == "efa-only" {
			efa[card]++
		}
		if card == 0 && device == 0 && typ == "interface" {
			primary = true
		}
	}
	if !whole {
		return
	}
	if !primary && len(list.items) > 0 {
		v.reject(list, "networkInterfaces", "networkInterfaces must include a primary interface (networkCardIndex 0, deviceIndex 0) with interfaceType interface")
	}
	for i, it := range list.items {
		card, _ := vint(it.get("networkCardIndex"))
		device, _ := vint(it.get("deviceIndex"))
		typ, _ := vstr(it.get("interfaceType"))
		if seen[slot{card, device}] > 1 || (typ == "efa-only" && efa[card] > 1) {
			v.reject(it, "networkInterfaces["+strconv.Itoa(i)+"]", "networkInterfaces must not repeat a networkCardIndex and deviceIndex pair, and take at most one efa-only interface per network card (card %d, device %d)", card, device)
			return // the CRD's one rule: reported once
		}
	}
}

// ec2ConnectionTracking: at least one timeout, each within its range.
func ec2ConnectionTracking(v *vcheck, ct *node) {
	if !present(ct) || ct.kind != yamlv3.MappingNode || ct.unknown {
		return
	}
	fields := []struct {
		name   string
		lo, hi int64
	}{{"tcpEstablishedTimeout", 60, 432000}, {"udpStreamTimeout", 60, 180}, {"udpTimeout", 30, 60}}
	set := false
	for _, f := range fields {
		n := ct.get(f.name)
		if n == nil {
			continue
		}
		set = true
		if x, ok := vint(n); ok && (x < f.lo || x > f.hi) {
			v.reject(n, "connectionTracking."+f.name, "connectionTracking.%s must be between %d and %d seconds, not %d", f.name, f.lo, f.hi, x)
		}
	}
	if !set {
		v.reject(ct, "connectionTracking", "connectionTracking needs at least one of tcpEstablishedTimeout, udpStreamTimeout and udpTimeout")
	}
}

// ec2PlacementGroup: a name or an id like pg-…, not both.
func ec2PlacementGroup(v *vcheck, pg *node) {
	if !present(pg) || pg.kind != yamlv3.MappingNode || pg.unknown {
		return
	}
	name, id := pg.get("name"), pg.get("id")
	switch {
	case name == nil && id == nil:
		v.reject(pg, "placementGroupSelector", "placementGroupSelector needs a name or an id")
	case name != nil && id != nil:
		v.reject(pg, "placementGroupSelector", "placementGroupSelector takes a name or an id, not both")
	}
	if isEmptyStr(name) {
		v.reject(name, "placementGroupSelector.name", "placementGroupSelector.name cannot be empty")
	}
	if s, ok := vstr(id); ok && !ec2PlacementID.MatchString(s) {
		v.reject(id, "placementGroupSelector.id", "placement group id %q is not like pg-0123456789abcdef0", s)
	}
}

// ec2Volumes: EBS volume sizes in the CRD's range and units, and an
// initialization rate of 100–300 MiB/s only for a volume made from a
// snapshot.
func ec2Volumes(v *vcheck, bdm *node) {
	for i, b := range itemsOf(bdm) {
		ebs := b.get("ebs")
		if !present(ebs) || ebs.kind != yamlv3.MappingNode || ebs.unknown {
			continue
		}
		path := "blockDeviceMappings[" + strconv.Itoa(i) + "].ebs"
		if s, ok := vstr(ebs.get("volumeSize")); ok && !ec2VolumeSize.MatchString(s) {
			v.reject(ebs.get("volumeSize"), path+".volumeSize", "volumeSize %q is not a size from 1Gi to 59000Gi (1G to 64000G, or in Ti or T)", s)
		}
		rate := ebs.get("volumeInitializationRate")
		if rate == nil {
			continue
		}
		if x, ok := vint(rate); ok && (x < 100 || x > 300) {
			v.reject(rate, path+".volumeInitializationRate", "volumeInitializationRate must be between 100 and 300 MiB/s, not %d", x)
		}
		snap := ebs.get("snapshotID")
		if !present(snap) || isEmptyStr(snap) {
			v.reject(rate, path+".volumeInitializationRate", "volumeInitializationRate needs a snapshotID: it paces the volume's initialization from the snapshot")
		}
	}
}

// ec2KubeletValues: eviction thresholds that are percentages up to 100% or
// quantities, counts that are not negative, image GC percentages 0–100.
func ec2KubeletValues(v *vcheck, k *node) {
	if !present(k) || k.kind != yamlv3.MappingNode || k.unknown {
		return
	}
	for _, field := range []string{"evictionHard", "evictionSoft"} {
		m := k.get(field)
		if !present(m) || m.kind != yamlv3.MappingNode || m.unknown {
			continue
		}
		for i, key := range m.keys {
			if s, ok := vstr(m.vals[i]); ok && !ec2Eviction.MatchString(s) {
				v.reject(m.vals[i], "kubelet."+field, "kubelet.%s.%s %q is not a percentage up to 100%% or a quantity", field, key, s)
			}
		}
	}
	for _, f := range []string{"maxPods", "podsPerCore"} {
		if n, ok := vint(k.get(f)); ok && n < 0 {
			v.reject(k.get(f), "kubelet."+f, "kubelet.%s cannot be negative (%d)", f, n)
		}
	}
	for _, f := range []string{"imageGCHighThresholdPercent", "imageGCLowThresholdPercent"} {
		if n, ok := vint(k.get(f)); ok && (n < 0 || n > 100) {
			v.reject(k.get(f), "kubelet."+f, "kubelet.%s must be between 0 and 100, not %d", f, n)
		}
	}
}
