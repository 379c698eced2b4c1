package yaml

import (
	"regexp"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// eksctl's node-group validation, ported from eksctl v0.230.0
// (pkg/apis/eksctl.io/v1alpha5: ValidateNodeGroup, then
// SetNodeGroupDefaults, for self-managed groups; SetManagedNodeGroupDefaults,
// then ValidateManagedNodeGroup, for managed ones: the order of
// pkg/ctl/cmdutils/cmd.go, InitializeClusterConfig), and the strict loading
// of the config file (pkg/eks/api.go, ParseConfig). What other rules already
// check on the model is left to them: labels (PL002, PL017), taint keys,
// values and effects (PL016), sizes (PL007) and updateConfig (PL027).
// eksctl stops at the first error of a group; these checks report each.

// EksctlVersion is the eksctl release the checks follow.
const EksctlVersion = "v0.230.0"

var (
	eksctlFamilies = []string{
		"AmazonLinux2023", "AmazonLinux2", "UbuntuPro2604", "Ubuntu2604", "UbuntuPro2404", "Ubuntu2404",
		"UbuntuPro2204", "Ubuntu2204", "UbuntuPro2004", "Ubuntu2004", "Bottlerocket", "BottlerocketFips",
		"WindowsServer2019CoreContainer", "WindowsServer2019FullContainer", "WindowsServer2022CoreContainer",
		"WindowsServer2022FullContainer", "WindowsServer2025CoreContainer", "WindowsServer2025FullContainer",
	}
	eksctlNameRE     = regexp.MustCompile(`^[a-zA-Z0-9-]*$`)
	eksctlSpotAlloc  = []string{"lowest-price", "diversified", "capacity-optimized", "capacity-optimized-prioritized", "price-capacity-optimized"}
	eksctlSuspend    = []string{"Launch", "Terminate", "AddToLoadBalancer", "AlarmNotification", "AZRebalance", "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy", "ScheduledActions"}
	eksctlKubeletBan = []string{"kind", "apiVersion", "address", "clusterDomain", "authentication", "authorization", "serverTLSBootstrap"}
	eksAPIEffects    = map[string]string{"NO_SCHEDULE": "NoSchedule", "NO_EXECUTE": "NoExecute", "PREFER_NO_SCHEDULE": "PreferNoSchedule"}
)

func isWindowsFamily(f string) bool { return strings.HasPrefix(f, "WindowsServer") }
func isUbuntuFamily(f string) bool  { return strings.HasPrefix(f, "Ubuntu") }

// isBottlerocket is IsBottlerocketImage: Bottlerocket or its FIPS variant.
func isBottlerocket(f string) bool { return f == "Bottlerocket" || f == "BottlerocketFips" }

// kubeMinor reads "1.33" (or "1.33.2") as 33; false when it is not a 1.x
// version.
func kubeMinor(v string) (int, bool) {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(v, "v"), "1.")
	if !ok {
		return 0, false
	}
	if i := strings.IndexByte(rest, '.'); i >= 0 {
		rest = rest[:i]
	}
	m, err := strconv.Atoi(rest)
	return m, err == nil
}

// eksctlChecks runs eksctl's checks on one node group: list is
// "nodeGroups" or "managedNodeGroups", doc the ClusterConfig.
func eksctlChecks(p *nodepool.Pool, ng *node, list string, i int, doc *node) {
	v := newVcheck(p, nodepool.ValidatorEksctl, list+"["+strconv.Itoa(i)+"]")
	if ng != nil && !present(ng) && !ng.unknown {
		// pkg/ctl/cmdutils (validateUnsetNodeGroups): an empty item.
		v.reject(ng, "", "invalid ClusterConfig: %s[%d] is not set", list, i)
		return
	}
	if ng == nil || ng.kind != yamlv3.MappingNode {
		return
	}
	version := doc.path("metadata", "version")
	_, outposts := eksctlControlPlaneOutpost(doc)
	managed := list == "managedNodeGroups"
	minor, minorKnown := -1, false
	if s, ok := vstr(version); ok {
		minor, minorKnown = kubeMinor(s)
	}

	eksctlFields(v, ng, managed)

	// The AMI family: eksctl matches it case-insensitively. A self-managed
	// group is validated before its family is defaulted, so one left unset
	// is checked as "" (no family-specific check applies); a managed group
	// is defaulted first, to AmazonLinux2023 whatever the version unless it
	// has a custom AMI. familyKnown is false when the family cannot be read.
	famNode := ng.get("amiFamily")
	family, familyKnown := "", false
	ami, amiKnown := vstr(ng.get("ami"))
	if !present(ng.get("ami")) {
		ami, amiKnown = "", true
	}
	switch s, ok := vstr(famNode); {
	case ok && s != "":
		family, familyKnown = s, true
		for _, f := range eksctlFamilies {
			if strings.EqualFold(s, f) {
				family = f
			}
		}
		if minorKnown && minor >= 33 && family == "AmazonLinux2" && (!managed || (amiKnown && ami == "")) {
			v.reject(famNode, "amiFamily", "AmazonLinux2 is not supported for Kubernetes version %s (eksctl defaults to AmazonLinux2023 from 1.33)", ver(version))
		}
	case present(famNode) && !ok:
	case !managed:
		familyKnown = true
	case !(amiKnown && ami == ""):
		// A custom AMI needs an explicit family (checked below).
		familyKnown = amiKnown
	default:
		family, familyKnown = "AmazonLinux2023", true
	}

	eksctlBase(v, ng, family, familyKnown, managed, outposts)
	if managed {
		eksctlManaged(v, ng, family, familyKnown, ami, amiKnown)
	} else {
		eksctlUnmanaged(v, ng, family, familyKnown, minor, minorKnown)
	}
	eksctlTaints(v, ng.get("taints"))
}

func ver(n *node) string { s, _ := vstr(n); return s }

// eksctlBase is validateNodeGroupBase (volumes, IMDS, placement, AMI
// family, SSM, capacity reservations).
func eksctlBase(v *vcheck, ng *node, family string, familyKnown, managed bool, outposts tristate) {
	lt := ng.get("launchTemplate")
	if (!managed || present(lt)) && !present(ng.get("volumeSize")) {
		// A self-managed group is validated before volumeSize is
		// defaulted; a managed group keeps it unset with a launch template.
		for _, f := range []string{"volumeName", "volumeKmsKeyID"} {
			if nonEmptyStr(ng.get(f)) {
				v.reject(ng.get(f), f, "%s cannot be set without volumeSize", f)
			}
		}
		if isTrue(ng.get("volumeEncrypted")) {
			v.reject(ng.get("volumeEncrypted"), "volumeEncrypted", "volumeEncrypted cannot be set without volumeSize")
		}
	}
	eksctlVolume(v, ng, outposts, managed)
	if kms := ng.get("volumeKmsKeyID"); nonEmptyStr(kms) {
		enc := ng.get("volumeEncrypted")
		if !present(enc) || isFalse(enc) {
			v.reject(kms, "volumeKmsKeyID", "volumeKmsKeyID can not be set without volumeEncrypted enabled explicitly")
		}
	}
	if mp, ok := vint(ng.get("maxPodsPerNode")); ok && mp < 0 {
		v.reject(ng.get("maxPodsPerNode"), "maxPodsPerNode", "maxPodsPerNode cannot be negative")
	}
	if isTrue(ng.get("disablePodIMDS")) {
		if on := addonPolicyOn(ng.path("iam", "withAddonPolicies")); on != nil {
			v.reject(on, "disablePodIMDS", "disablePodIMDS and iam.withAddonPolicies cannot be set at the same time")
		}
	}
	azs, subnets := ng.get("availabilityZones"), ng.get("subnets")
	if nonEmptyList(azs) && nonEmptyList(subnets) {
		v.reject(subnets, "subnets", "only one of subnets or availabilityZones should be set")
	}
	if pl := ng.get("placement"); present(pl) && pl.kind == yamlv3.MappingNode {
		gn := pl.get("groupName")
		if s, ok := vstr(gn); (ok && s == "") || !present(gn) {
			v.reject(pl, "placement.groupName", "placement.groupName must be set and non-empty")
		}
	}
	if isTrue(ng.get("efaEnabled")) {
		na, okA := listLen(azs)
		ns, okS := listLen(subnets)
		if (okA && na > 1) || (okS && ns > 1) {
			v.reject(ng.get("efaEnabled"), "efaEnabled", "efaEnabled node groups must have only one subnet or one availability zone")
		}
	}
	if s, ok := vstr(ng.get("amiFamily")); ok && s != "" && !oneOf(family, eksctlFamilies) {
		if strings.EqualFold(s, "WindowsServer20H2CoreContainer") || strings.EqualFold(s, "WindowsServer2004CoreContainer") {
			v.reject(ng.get("amiFamily"), "amiFamily", "AMI family %q is deprecated", s)
		} else {
			v.reject(ng.get("amiFamily"), "amiFamily", "AMI family %q is not supported; use one of %s", s, strings.Join(eksctlFamilies, ", "))
		}
	}
	if isFalse(sshField(ng, "enableSSM")) {
		v.reject(sshField(ng, "enableSSM"), "ssh.enableSSM", "the SSM agent is built into EKS AMIs and cannot be disabled")
	}
	if familyKnown && family != "" && family != "AmazonLinux2023" && family != "AmazonLinux2" && !isBottlerocket(family) {
		if it, at := eksctlInstanceType(ng, managed); it != "" {
			switch {
			case strings.HasPrefix(it, "inf") && ec2Neuron.MatchString(it):
				v.reject(at, "", "Inferentia instance type %s is not supported with amiFamily %s; use AmazonLinux2023, AmazonLinux2 or Bottlerocket", it, family)
			case strings.HasPrefix(it, "trn") && ec2Neuron.MatchString(it):
				v.reject(at, "", "Trainium instance type %s is not supported with amiFamily %s; use AmazonLinux2023, AmazonLinux2 or Bottlerocket", it, family)
			}
		}
	}
	cr, imo := ng.get("capacityReservation"), ng.get("instanceMarketOptions")
	if present(cr) {
		pref, target := cr.get("capacityReservationPreference"), cr.get("capacityReservationTarget")
		if present(pref) && present(target) {
			v.reject(target, "capacityReservation", "only one of capacityReservationPreference or capacityReservationTarget may be specified")
		}
		if s, ok := vstr(pref); ok && s != "open" && s != "none" {
			v.reject(pref, "capacityReservation.capacityReservationPreference", "capacityReservationPreference takes \"open\" or \"none\", not %q", s)
		}
		if present(target.get("capacityReservationID")) && present(target.get("capacityReservationResourceGroupARN")) {
			v.reject(target, "capacityReservation.capacityReservationTarget", "only one of capacityReservationID or capacityReservationResourceGroupARN may be specified")
		}
		if mt := imo.get("marketType"); present(mt) {
			if s, ok := vstr(mt); ok && s != "capacity-block" {
				v.reject(mt, "instanceMarketOptions.marketType", "instanceMarketOptions.marketType takes only \"capacity-block\", not %q", s)
			}
		}
	} else if present(imo) {
		v.reject(imo, "instanceMarketOptions", "instanceMarketOptions cannot be set without capacityReservation")
	}
}

// eksctlVolume is validateVolumeOpts. A self-managed group is validated
// before setVolumeDefaults, and an unset volume type reads as gp3 there;
// a managed group is defaulted first: gp3, or gp2 when the control plane
// is on an Outpost. A self-managed group of a cluster on Outposts takes
// only gp2 when it names a type.
func eksctlVolume(v *vcheck, ng *node, outposts tristate, managed bool) {
	vtNode, iopsNode, tpNode := ng.get("volumeType"), ng.get("volumeIOPS"), ng.get("volumeThroughput")
	vt, ok := vstr(vtNode)
	if !present(vtNode) {
		switch arn := ng.get("outpostARN"); {
		case !managed:
			vt, ok = "gp3", true
		case outposts == unknownState || (present(arn) && !nonEmptyStr(arn) && !isEmptyStr(arn)):
			return // the default type depends on an Outpost not known
		case outposts == yes || nonEmptyStr(arn):
			vt, ok = "gp2", true
		default:
			vt, ok = "gp3", true
		}
	}
	if !ok {
		return
	}
	if outposts == yes && !managed && present(vtNode) && vt != "gp2" {
		v.reject(vtNode, "volumeType", "cannot set %q for volumeType; only gp2 volumes are supported on Outposts", vt)
	}
	iops, iopsKnown := vint(iopsNode)
	if present(iopsNode) && vt != "io1" && vt != "io2" && vt != "gp3" {
		v.reject(iopsNode, "volumeIOPS", "volumeIOPS is only supported for io1, io2 and gp3 volume types, not %s", vt)
	}
	inRange := func(lo, hi int64) {
		if iopsKnown && (iops < lo || iops > hi) {
			v.reject(iopsNode, "volumeIOPS", "value for volumeIOPS must be within range %d-%d for %s volumes, not %d", lo, hi, vt, iops)
		}
	}
	switch vt {
	case "io1":
		inRange(100, 64000)
	case "io2":
		inRange(100, 256000)
	case "gp3":
		inRange(3000, 16000)
	}
	if present(tpNode) && vt != "gp3" {
		v.reject(tpNode, "volumeThroughput", "volumeThroughput is only supported for the gp3 volume type, not %s", vt)
	}
	if tp, ok := vint(tpNode); ok && vt == "gp3" && (tp < 125 || tp > 1000) {
		v.reject(tpNode, "volumeThroughput", "value for volumeThroughput must be within range 125-1000, not %d", tp)
	}
}

// addonPolicyOn is the first iam.withAddonPolicies entry set to true.
func addonPolicyOn(n *node) *node {
	if !present(n) || n.kind != yamlv3.MappingNode {
		return nil
	}
	for _, val := range n.vals {
		if isTrue(val) {
			return val
		}
	}
	return nil
}

// EC2 instance families by what eksctl v0.230.0's instance table
// (pkg/utils/instance/instance_types.go) says of them: Graviton (arm64),
// NVIDIA GPUs and AWS Neuron (Inferentia, Trainium). A type the table does
// not list is x86 without accelerators to eksctl (p3.2xlarge, g4ad are not
// NVIDIA there); the patterns agree with all 1220 types of the table.
var (
	ec2ARM    = regexp.MustCompile(`^(a1|[a-z]+\d+g[a-z]*|im4gn|is4gen)\.`)
	ec2Nvidia = regexp.MustCompile(`^(g4dn|g5g?|g6[ef]?|g7e?|gr6f?|p3dn|p4de?|p5(e|en)?|p6-b[23]00)\.`)
	ec2Neuron = regexp.MustCompile(`^(inf|trn)\d`)
)

// eksctlInstanceType is SelectInstanceType: of the instances distribution
// (self-managed) or instanceTypes (managed), the first GPU type or else
// the first; otherwise instanceType. "" when it is not known.
func eksctlInstanceType(ng *node, managed bool) (string, *node) {
	list := ng.path("instancesDistribution", "instanceTypes")
	if managed {
		list = ng.get("instanceTypes")
	}
	if present(list) && list.kind == yamlv3.SequenceNode && len(list.items) > 0 {
		first := ""
		var firstAt *node
		for _, it := range list.items {
			s, ok := vstr(it)
			if !ok {
				return "", nil
			}
			if ec2Nvidia.MatchString(s) || ec2Neuron.MatchString(s) {
				return s, it
			}
			if firstAt == nil {
				first, firstAt = s, it
			}
		}
		return first, firstAt
	}
	if s, ok := vstr(ng.get("instanceType")); ok {
		return s, ng.get("instanceType")
	}
	return "", nil
}

// eksctlInstanceSupport is validateInstanceTypeSupport: GetAMIType, strict,
// finds no EKS AMI type for the family and the instance's architecture and
// accelerator (an ARM NVIDIA type on AmazonLinux2, ARM on Windows).
func eksctlInstanceSupport(v *vcheck, ng *node, family string) {
	if s, ok := vstr(ng.get("ami")); !ok && present(ng.get("ami")) || strings.HasPrefix(s, "ami-") {
		return
	}
	it, at := eksctlInstanceType(ng, false)
	if it == "" {
		return
	}
	arm, nvidia, neuron := ec2ARM.MatchString(it), ec2Nvidia.MatchString(it), ec2Neuron.MatchString(it)
	unsupported := false
	switch {
	case family == "AmazonLinux2":
		unsupported = arm && (nvidia || neuron)
	case family == "AmazonLinux2023":
		unsupported = arm && !nvidia && neuron
	case isWindowsFamily(family):
		unsupported = arm || (!nvidia && neuron)
	}
	if unsupported {
		v.reject(at, "", "%s instance types are not supported for self-managed node groups with amiFamily %s", it, family)
	}
}

// eksctlUnmanaged is the rest of ValidateNodeGroup (self-managed groups).
func eksctlUnmanaged(v *vcheck, ng *node, family string, familyKnown bool, minor int, minorKnown bool) {
	if s, ok := vstr(ng.get("name")); ok && !eksctlNameRE.MatchString(s) {
		v.reject(ng.get("name"), "name", "node group name %q may contain only letters, digits and hyphens ([a-zA-Z][-a-zA-Z0-9]*)", s)
	}
	iam := ng.get("iam")
	for _, f := range []string{"instanceProfileARN", "instanceRoleARN"} {
		eksctlIAMConflict(v, iam, f)
	}
	if wap := iam.get("withAddonPolicies"); isTrue(wap.get("albIngress")) && isTrue(wap.get("awsLoadBalancerController")) {
		v.reject(wap.get("albIngress"), "iam.withAddonPolicies.albIngress", "awsLoadBalancerController and albIngress cannot both be set; albIngress is deprecated")
	}
	if arns := iam.get("attachPolicyARNs"); present(arns) {
		for j, a := range arns.items {
			if s, ok := vstr(a); ok && !validARN(s) {
				v.reject(a, "iam.attachPolicyARNs["+strconv.Itoa(j)+"]", "invalid ARN %q in iam.attachPolicyARNs", s)
			}
		}
	}
	br := ng.get("bottlerocket")
	if present(br) && familyKnown && !isBottlerocket(family) {
		if family == "" {
			v.reject(br, "bottlerocket", "bottlerocket settings can only be used with amiFamily Bottlerocket or BottlerocketFips, and amiFamily is not set")
		} else {
			v.reject(br, "bottlerocket", "bottlerocket settings can only be used with amiFamily Bottlerocket or BottlerocketFips, not %s", family)
		}
	}
	override := ng.get("overrideBootstrapCommand")
	s, ok := vstr(ng.get("ami"))
	switch {
	case !ok || s == "" || !familyKnown:
	case family == "":
		v.reject(ng.get("ami"), "amiFamily", "when using a custom AMI, amiFamily needs to be set explicitly")
	case !present(override) && family != "AmazonLinux2023" && !isBottlerocket(family) && !isWindowsFamily(family):
		v.reject(ng.get("ami"), "overrideBootstrapCommand", "overrideBootstrapCommand is required when using a custom AMI based on %s", family)
	}
	if present(ng.get("ssh")) {
		n := 0
		for _, f := range []string{"publicKeyPath", "publicKey", "publicKeyName"} {
			if nonEmptyStr(sshField(ng, f)) {
				n++
			}
		}
		if n > 1 {
			v.reject(ng.get("ssh"), "ssh", "only one of publicKeyName, publicKeyPath or publicKey can be specified for SSH per node group")
		}
	}
	kec := ng.get("kubeletExtraConfig")
	switch {
	case !familyKnown:
	case isWindowsFamily(family) && present(kec):
		v.reject(kec, "kubeletExtraConfig", "kubeletExtraConfig is not supported for %s node groups", family)
	case isBottlerocket(family):
		for _, f := range []string{"kubeletExtraConfig", "preBootstrapCommands", "overrideBootstrapCommand"} {
			if present(ng.get(f)) {
				v.reject(ng.get(f), f, "%s is not supported for %s node groups", f, family)
			}
		}
		eksctlBottlerocketSettings(v, ng)
	}
	if !isWindowsFamily(family) && !isBottlerocket(family) && present(kec) && kec.kind == yamlv3.MappingNode {
		for j, k := range kec.keys {
			if oneOf(k, eksctlKubeletBan) {
				v.reject(&node{pos: kec.keyPos[j]}, "kubeletExtraConfig."+k, "kubeletExtraConfig cannot override %q: eksctl needs it", k)
			}
		}
	}
	if familyKnown {
		eksctlInstanceSupport(v, ng, family)
	}
	eksctlDistribution(v, ng)
	if cc := ng.get("cpuCredits"); present(cc) {
		types := []*node{ng.get("instanceType")}
		if dist := ng.get("instancesDistribution"); present(dist) {
			types = itemsOf(dist.get("instanceTypes"))
		}
		anyT, allKnown := false, true
		for _, t := range types {
			s, ok := vstr(t)
			allKnown = allKnown && (ok || !present(t))
			anyT = anyT || (ok && strings.HasPrefix(s, "t"))
		}
		if allKnown && !anyT {
			v.reject(cc, "cpuCredits", "cpuCredits is set but the node group has no t2/t3 instance types")
		}
		if s, ok := vstr(cc); ok && anyT && !strings.EqualFold(s, "unlimited") && !strings.EqualFold(s, "standard") {
			v.reject(cc, "cpuCredits", "cpuCredits takes standard or unlimited, not %q", s)
		}
	}
	for j, proc := range itemsOf(ng.get("asgSuspendProcesses")) {
		if s, ok := vstr(proc); ok && !oneOf(s, eksctlSuspend) {
			v.reject(proc, "asgSuspendProcesses["+strconv.Itoa(j)+"]", "asgSuspendProcesses contains invalid process name %q", s)
		}
	}
	if crn := ng.get("containerRuntime"); present(crn) {
		if s, ok := vstr(crn); ok {
			switch {
			case familyKnown && family == "AmazonLinux2023" && s != "containerd":
				v.reject(crn, "containerRuntime", "only containerd is supported for container runtime on AmazonLinux2023 nodes")
			case s != "containerd" && s != "dockerd" && s != "docker":
				v.reject(crn, "containerRuntime", "container runtime %q: only containerd, dockerd and docker are supported", s)
			case minorKnown && minor >= 24 && s != "containerd":
				v.reject(crn, "containerRuntime", "only containerd is supported for container runtime from EKS version 1.24")
			}
		}
		if present(override) {
			v.reject(override, "overrideBootstrapCommand", "overrideBootstrapCommand overwrites the container runtime setting; set it in the bootstrap script instead")
		}
	}
	if mil, ok := vint(ng.get("maxInstanceLifetime")); ok && mil < 86400 {
		v.reject(ng.get("maxInstanceLifetime"), "maxInstanceLifetime", "maximum instance lifetime must be at least 86400 seconds (one day), not %d", mil)
	}
	if nonEmptyList(ng.get("localZones")) && nonEmptyList(ng.get("availabilityZones")) {
		v.reject(ng.get("localZones"), "localZones", "cannot specify both localZones and availabilityZones")
	}
	if op := ng.get("outpostARN"); nonEmptyStr(op) {
		s, _ := vstr(op)
		if !validARN(s) || strings.Split(s, ":")[2] != "outposts" {
			v.reject(op, "outpostARN", "invalid Outpost ARN %q", s)
		}
		if is := ng.get("instanceSelector"); mapNonZero(is) {
			v.reject(is, "instanceSelector", "cannot specify instanceSelector for a node group on Outposts")
		}
		for _, f := range []string{"availabilityZones", "localZones"} {
			if nonEmptyList(ng.get(f)) {
				v.reject(ng.get(f), f, "%s cannot be specified for a node group on Outposts; the zone is the Outpost's", f)
			}
		}
	}
}

// eksctlBottlerocketSettings is checkBottlerocketSettings: node labels,
// taints and max pods belong in the node group's own fields, and a cluster
// DNS IP in one place only.
func eksctlBottlerocketSettings(v *vcheck, ng *node) {
	kube := ng.path("bottlerocket", "settings", "kubernetes")
	if !present(kube) {
		return
	}
	if kube.kind != yamlv3.MappingNode {
		if known(kube) {
			v.reject(kube, "bottlerocket.settings.kubernetes", "bottlerocket.settings.kubernetes must be a map of settings")
		}
		return
	}
	for _, m := range [][2]string{{"node-labels", "labels"}, {"node-taints", "taints"}, {"max-pods", "maxPodsPerNode"}} {
		if kube.get(m[0]) != nil {
			v.reject(keyAt(kube, m[0]), "bottlerocket.settings.kubernetes."+m[0], "invalid Bottlerocket setting: use the node group's %s instead", m[1])
		}
	}
	if kube.get("cluster-dns-ip") != nil && nonEmptyStr(ng.get("clusterDNS")) {
		v.reject(keyAt(kube, "cluster-dns-ip"), "bottlerocket.settings.kubernetes.cluster-dns-ip", "only one of bottlerocket.settings.kubernetes.cluster-dns-ip and clusterDNS can be set")
	}
}

// eksctlIAMConflict is validateNodeGroupIAM: an instance profile or role
// ARN excludes the fields that create a role.
func eksctlIAMConflict(v *vcheck, iam *node, field string) {
	if !nonEmptyStr(iam.get(field)) {
		return
	}
	for _, other := range []string{"instanceRoleName", "instanceRolePermissionsBoundary"} {
		if nonEmptyStr(iam.get(other)) {
			v.reject(iam.get(other), "iam."+field, "iam.%s and iam.%s cannot be set at the same time", field, other)
		}
	}
	if present(iam.get("attachPolicy")) {
		v.reject(iam.get("attachPolicy"), "iam."+field, "iam.%s and iam.attachPolicy cannot be set at the same time", field)
	}
	if nonEmptyList(iam.get("attachPolicyARNs")) {
		v.reject(iam.get("attachPolicyARNs"), "iam."+field, "iam.%s and iam.attachPolicyARNs cannot be set at the same time", field)
	}
	if on := addonPolicyOn(iam.get("withAddonPolicies")); on != nil {
		v.reject(on, "iam."+field, "iam.%s and iam.withAddonPolicies cannot be set at the same time", field)
	}
}

// validARN is arn.Parse's test: arn:partition:service:region:account:resource.
func validARN(s string) bool {
	return strings.HasPrefix(s, "arn:") && len(strings.SplitN(s, ":", 6)) == 6
}

// mapNonZero reports a mapping with a key whose value is not null.
func mapNonZero(n *node) bool {
	if !present(n) || n.kind != yamlv3.MappingNode {
		return false
	}
	for _, val := range n.vals {
		if present(val) {
			return true
		}
	}
	return false
}

// eksctlDistribution is validateInstancesDistribution.
func eksctlDistribution(v *vcheck, ng *node) {
	dist, sel := ng.get("instancesDistribution"), ng.get("instanceSelector")
	hasSel := mapNonZero(sel)
	if !present(dist) && !hasSel {
		return
	}
	if s, ok := vstr(ng.get("instanceType")); ok && s != "" && s != "mixed" {
		what := "instance selector"
		if present(dist) {
			what = "instances distribution"
		}
		v.reject(ng.get("instanceType"), "instanceType", "instanceType should be \"mixed\" or unset when using the %s", what)
	}
	if !present(dist) || dist.kind != yamlv3.MappingNode {
		return
	}
	types := dist.get("instanceTypes")
	if n, ok := listLen(types); ok && n == 0 && !hasSel && !(present(sel) && !known(sel)) {
		v.reject(dist, "instancesDistribution.instanceTypes", "at least one instance type has to be specified for mixed node groups")
	}
	if list, all := strItems(types); all && !hasSel {
		uniq := map[string]bool{}
		for _, s := range list {
			uniq[s] = true
		}
		if len(uniq) > 20 {
			v.reject(types, "instancesDistribution.instanceTypes", "mixed node groups take 1 to 20 different instance types, not %d", len(uniq))
		}
	}
	if n, ok := vint(dist.get("onDemandBaseCapacity")); ok && n < 0 {
		v.reject(dist.get("onDemandBaseCapacity"), "instancesDistribution.onDemandBaseCapacity", "onDemandBaseCapacity should be 0 or more")
	}
	if n, ok := vint(dist.get("onDemandPercentageAboveBaseCapacity")); ok && (n < 0 || n > 100) {
		v.reject(dist.get("onDemandPercentageAboveBaseCapacity"), "instancesDistribution.onDemandPercentageAboveBaseCapacity", "onDemandPercentageAboveBaseCapacity should be between 0 and 100")
	}
	pools := dist.get("spotInstancePools")
	if n, ok := vint(pools); ok && (n < 1 || n > 20) {
		v.reject(pools, "instancesDistribution.spotInstancePools", "spotInstancePools should be between 1 and 20")
	}
	if s, ok := vstr(dist.get("spotAllocationStrategy")); ok {
		if present(pools) && (s == "capacity-optimized" || s == "capacity-optimized-prioritized") {
			v.reject(pools, "instancesDistribution.spotInstancePools", "spotInstancePools cannot be specified with spotAllocationStrategy %s", s)
		}
		if !oneOf(s, eksctlSpotAlloc) {
			v.reject(dist.get("spotAllocationStrategy"), "instancesDistribution.spotAllocationStrategy", "spotAllocationStrategy %q is not one of %s", s, strings.Join(eksctlSpotAlloc, ", "))
		}
	}
}

// eksctlManaged is the rest of ValidateManagedNodeGroup.
func eksctlManaged(v *vcheck, ng *node, family string, familyKnown bool, ami string, amiKnown bool) {
	iam := ng.get("iam")
	eksctlIAMConflict(v, iam, "instanceRoleARN")
	if present(iam.get("instanceProfileARN")) {
		v.reject(iam.get("instanceProfileARN"), "iam.instanceProfileARN", "iam.instanceProfileARN is not supported for managed node groups")
	}
	if present(ng.get("outpostARN")) {
		v.reject(ng.get("outpostARN"), "outpostARN", "Outposts are not supported for managed node groups")
	}
	for _, f := range []string{"withLocal", "withShared"} {
		if isTrue(ng.path("securityGroups", f)) {
			v.reject(ng.path("securityGroups", f), "securityGroups", "securityGroups.withLocal and securityGroups.withShared are not supported for managed node groups")
		}
	}
	it := ng.get("instanceType")
	if present(it) && !isEmptyStr(it) {
		if nonEmptyList(ng.get("instanceTypes")) {
			v.reject(ng.get("instanceTypes"), "instanceTypes", "only one of instanceType or instanceTypes can be specified")
		}
		if mapNonZero(ng.get("instanceSelector")) {
			v.reject(ng.get("instanceSelector"), "instanceSelector", "cannot set instanceType when instanceSelector is specified")
		}
	}
	eksctlManagedMaxUnavailable(v, ng)
	override := ng.get("overrideBootstrapCommand")
	if familyKnown {
		switch {
		case isBottlerocket(family):
			for _, f := range []string{"preBootstrapCommands", "overrideBootstrapCommand"} {
				if present(ng.get(f)) {
					v.reject(ng.get(f), f, "%s is not supported for %s node groups", f, family)
				}
			}
		case isWindowsFamily(family) && present(override):
			v.reject(override, "overrideBootstrapCommand", "overrideBootstrapCommand is not supported for %s node groups", family)
		}
	}
	lt := ng.get("launchTemplate")
	switch {
	case present(lt):
		if id := lt.get("id"); !present(id) || isEmptyStr(id) {
			v.reject(lt, "launchTemplate.id", "launchTemplate.id is required if launchTemplate is set")
		}
		if vn := lt.get("version"); present(vn) {
			if s, ok := vstr(vn); ok {
				if n, err := strconv.ParseInt(s, 10, 64); err != nil {
					v.reject(vn, "launchTemplate.version", "invalid launch template version %q: a version number is required", s)
				} else if n < 1 {
					v.reject(vn, "launchTemplate.version", "launchTemplate.version must be >= 1")
				}
			}
		}
		var bad []string
		for _, f := range []string{"instanceType", "ami", "volumeSize", "overrideBootstrapCommand", "instanceName", "instancePrefix", "placement"} {
			if n := ng.get(f); present(n) && !isEmptyStr(n) {
				bad = append(bad, f)
			}
		}
		// setSSHDefaults turns ssh.allow on when a key is given and allow
		// is not explicitly false.
		allow, keyed := sshField(ng, "allow"), false
		for _, f := range []string{"publicKeyName", "publicKeyPath", "publicKey"} {
			keyed = keyed || nonEmptyStr(sshField(ng, f))
		}
		if isTrue(allow) || (keyed && !present(allow)) {
			bad = append(bad, "ssh.allow")
		}
		if isTrue(sshField(ng, "enableSSM")) {
			bad = append(bad, "ssh.enableSSM")
		}
		if nonEmptyList(sshField(ng, "sourceSecurityGroupIds")) {
			bad = append(bad, "ssh.sourceSecurityGroupIds")
		}
		if nonEmptyList(ng.get("preBootstrapCommands")) {
			bad = append(bad, "preBootstrapCommands")
		}
		if nonEmptyList(ng.path("securityGroups", "attachIDs")) {
			bad = append(bad, "securityGroups.attachIDs")
		}
		if n, ok := vint(ng.get("maxPodsPerNode")); ok && n != 0 {
			bad = append(bad, "maxPodsPerNode")
		}
		if isFalse(ng.get("disableIMDSv1")) {
			bad = append(bad, "disableIMDSv1")
		}
		if isTrue(ng.get("disablePodIMDS")) {
			bad = append(bad, "disablePodIMDS")
		}
		if len(bad) > 0 {
			v.reject(lt, "launchTemplate", "cannot set %s in a managed node group when a launch template is supplied", strings.Join(bad, ", "))
		}
	case amiKnown && ami != "":
		an := ng.get("ami")
		if !strings.HasPrefix(ami, "ami-") {
			v.reject(an, "ami", "invalid AMI %q", ami)
		}
		fn := ng.get("amiFamily")
		if !present(fn) || isEmptyStr(fn) {
			v.reject(an, "amiFamily", "when using a custom AMI, amiFamily needs to be set explicitly")
			break
		}
		if !familyKnown {
			break
		}
		if !strings.HasPrefix(family, "AmazonLinux") && !isBottlerocket(family) && !isUbuntuFamily(family) {
			v.reject(fn, "amiFamily", "cannot set amiFamily to %s when using a custom AMI for managed nodes", family)
		}
		if !present(override) && family != "AmazonLinux2023" && !isBottlerocket(family) {
			v.reject(an, "overrideBootstrapCommand", "overrideBootstrapCommand is required when using a custom AMI based on %s", family)
		}
		if n, ok := vint(ng.get("maxPodsPerNode")); ok && n != 0 {
			v.reject(ng.get("maxPodsPerNode"), "maxPodsPerNode", "maxPodsPerNode is not supported when using a custom AMI")
		}
		if isTrue(sshField(ng, "enableSSM")) {
			v.reject(sshField(ng, "enableSSM"), "ssh.enableSSM", "enableSSM is not supported when using a custom AMI")
		}
		if nonEmptyStr(ng.get("releaseVersion")) {
			v.reject(ng.get("releaseVersion"), "releaseVersion", "releaseVersion is not supported when using a custom AMI")
		}
	case present(override) && amiKnown && ami == "" && familyKnown && family != "AmazonLinux2023":
		v.reject(override, "overrideBootstrapCommand", "overrideBootstrapCommand can only be set when a custom AMI (ami) is specified")
	}
}

// eksctlManagedMaxUnavailable is ValidateManagedNodeGroup's
// updateConfig.maxUnavailable <= maxSize when maxSize is not written:
// eksctl then takes desiredCapacity, else minSize, else 2 (and 1 for 0).
// A written maxSize is PL027's.
func eksctlManagedMaxUnavailable(v *vcheck, ng *node) {
	mu := ng.path("updateConfig", "maxUnavailable")
	n, ok := vint(mu)
	if !ok || present(ng.get("maxSize")) || present(ng.path("updateConfig", "maxUnavailablePercentage")) {
		return
	}
	size, from := int64(2), "eksctl's default of 2 nodes"
	switch desired, minSize := ng.get("desiredCapacity"), ng.get("minSize"); {
	case present(desired):
		if size, ok = vint(desired); !ok {
			return
		}
		from = "desiredCapacity"
	case present(minSize):
		if size, ok = vint(minSize); !ok {
			return
		}
		from = "minSize"
	}
	if size == 0 {
		size = 1
	}
	if n > size {
		v.reject(mu, "updateConfig.maxUnavailable", "maxUnavailable=%d cannot be greater than maxSize=%d, which eksctl takes from %s when maxSize is not set", n, size, from)
	}
}

// isEmptyStr reports a known empty string.
func isEmptyStr(n *node) bool { s, ok := vstr(n); return ok && s == "" }

// eksctlTaints reports what eksctl's taint check (corev1 effects) adds to
// PL016's: the EKS API's NO_SCHEDULE spelling, which eksctl does not take.
func eksctlTaints(v *vcheck, t *node) {
	if !present(t) {
		return
	}
	check := func(at *node, field, effect string) {
		if k8s, ok := eksAPIEffects[effect]; ok {
			v.reject(at, field, "taint effect %s is the EKS API's spelling; eksctl takes %s", effect, k8s)
		}
	}
	switch t.kind {
	case yamlv3.SequenceNode:
		for j, it := range t.items {
			if e, ok := vstr(it.get("effect")); ok {
				check(it.get("effect"), "taints["+strconv.Itoa(j)+"].effect", e)
			}
		}
	case yamlv3.MappingNode: // key: "value:Effect"
		for j, k := range t.keys {
			if s, ok := vstr(t.vals[j]); ok {
				e := s[strings.LastIndexByte(s, ':')+1:]
				check(t.vals[j], "taints."+k, e)
			}
		}
	}
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
