package yaml

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// Cluster API Provider AWS's machine pool validation, ported from
// sigs.k8s.io/cluster-api-provider-aws/v2 v2.13.0: the create webhooks
// (exp/webhooks/awsmanagedmachinepool_webhook.go, awsmachinepool_webhook.go,
// validation.go; api/v1beta2/tags.go) and the CRD enums of
// exp/api/v1beta2/awsmanagedmachinepool_types.go; the CRD bounds and enums
// of exp/api/v1beta2/awsmachinepool_types.go and types.go and of
// api/v1beta2/types.go's Volume as of main at 2cf09d785 (as v2.11.1), the
// newest these were read at. What other rules check is
// left to them: sizes (PL007), updateConfig (PL027), labels and taints
// (PL002, PL017, PL016; the taint effect spelling is reported when the
// file is read). The update-only checks (immutable fields) need the
// object's previous version and are not run.

// CAPAVersion is the Cluster API Provider AWS release the checks follow.
const CAPAVersion = "v2.13.0"

var (
	capaAMITypes = []string{"AL2_x86_64", "AL2_x86_64_GPU", "AL2_ARM_64", "CUSTOM", "BOTTLEROCKET_ARM_64",
		"BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64_FIPS", "BOTTLEROCKET_x86_64_FIPS", "BOTTLEROCKET_ARM_64_NVIDIA",
		"BOTTLEROCKET_x86_64_NVIDIA", "WINDOWS_CORE_2019_x86_64", "WINDOWS_FULL_2019_x86_64", "WINDOWS_CORE_2022_x86_64",
		"WINDOWS_FULL_2022_x86_64", "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "AL2023_x86_64_NEURON",
		"AL2023_x86_64_NVIDIA", "AL2023_ARM_64_NVIDIA"}
	capaTagRE = regexp.MustCompile(`^[a-zA-Z0-9\s_.:=+\-@/]*$`)
)

// capaChecks runs the create webhook of kind on an object's spec.
func capaChecks(p *nodepool.Pool, kind string, spec *node) {
	if !present(spec) || spec.kind != yamlv3.MappingNode {
		return
	}
	v := newVcheck(p, nodepool.ValidatorCAPA, "spec")
	switch kind {
	case "AWSManagedMachinePool":
		capaManagedChecks(v, spec)
	case "AWSMachinePool":
		capaMachinePool(v, spec)
	case "AWSMachineTemplate": // spec is the template's spec.template.spec
		if !allUnknown(spec, 0) {
			capaMachineTemplate(newVcheck(p, nodepool.ValidatorCAPA, "spec.template.spec"), spec)
		}
		return
	case "ROSAMachinePool":
		capaROSAPool(v, spec)
		return
	default:
		return
	}
	capaLifecycleHooks(v, spec.get("lifecycleHooks"))
	capaTags(v, spec.get("additionalTags"))
}

func capaManagedChecks(v *vcheck, spec *node) {
	enum := func(field string, allowed []string) {
		if s, ok := vstr(spec.get(field)); ok && !oneOf(s, allowed) {
			v.reject(spec.get(field), field, "%s %q is not one of %s", field, s, strings.Join(allowed, ", "))
		}
	}
	enum("amiType", capaAMITypes)
	enum("capacityType", []string{"onDemand", "spot"})
	enum("availabilityZoneSubnetType", []string{"public", "private", "all"})
	if s, ok := vstr(spec.get("amiVersion")); ok && len(s) < 2 {
		v.reject(spec.get("amiVersion"), "amiVersion", "amiVersion %q must have at least 2 characters", s)
	}
	if it := spec.get("instanceTypes"); present(it) {
		// AWSManagedMachinePoolSpec has instanceType only: the API
		// server's strict field validation (kubectl's default) refuses an
		// unknown field.
		v.reject(it, "instanceTypes", "unknown field spec.instanceTypes: an AWSManagedMachinePool takes one instanceType (or an awsLaunchTemplate)")
	}
	ra := spec.get("remoteAccess")
	if isTrue(ra.get("public")) && nonEmptyList(ra.get("sourceSecurityGroups")) {
		v.reject(ra.get("sourceSecurityGroups"), "remoteAccess.sourceSecurityGroups", "remoteAccess.sourceSecurityGroups must be empty if public is set")
	}
	if lt := spec.get("awsLaunchTemplate"); present(lt) {
		if present(spec.get("instanceType")) {
			v.reject(spec.get("instanceType"), "instanceType", "instanceType cannot be specified when awsLaunchTemplate is specified")
		}
		if present(spec.get("diskSize")) {
			v.reject(spec.get("diskSize"), "diskSize", "diskSize cannot be specified when awsLaunchTemplate is specified")
		}
		if nonEmptyStr(lt.get("iamInstanceProfile")) {
			v.reject(lt.get("iamInstanceProfile"), "awsLaunchTemplate.iamInstanceProfile", "an IAM instance profile in the launch template is prohibited in an EKS managed node group")
		}
		capaLaunchTemplateSizes(v, lt)
		capaInstanceOptions(v, lt, "awsLaunchTemplate.")
		capzEnum(v, lt, "awsLaunchTemplate.", "marketType", []string{"OnDemand", "Spot", "CapacityBlock"})
	}
}

// capaInstanceOptions is the CRDs' enums and bounds of the instance
// options an AWSMachine spec and a launch template share (api/v1beta2
// awsmachine_types.go and types.go, main at 2cf09d785): the instance
// metadata options, the private DNS name's hostname type and the EKS AMI
// lookup type. prefix is the parent's path ("awsLaunchTemplate.").
func capaInstanceOptions(v *vcheck, parent *node, prefix string) {
	onOff := []string{"enabled", "disabled"}
	imo := parent.get("instanceMetadataOptions")
	p := prefix + "instanceMetadataOptions."
	capzEnum(v, imo, p, "httpEndpoint", onOff)
	capzEnum(v, imo, p, "httpProtocolIpv6", onOff)
	capzEnum(v, imo, p, "instanceMetadataTags", onOff)
	capzEnum(v, imo, p, "httpTokens", []string{"optional", "required"})
	if hl := imo.get("httpPutResponseHopLimit"); hl != nil {
		if n, ok := vint(hl); ok && (n < 1 || n > 64) {
			v.reject(hl, p+"httpPutResponseHopLimit", "httpPutResponseHopLimit must be between 1 and 64, not %d", n)
		}
	}
	capzEnum(v, parent.get("privateDnsName"), prefix+"privateDnsName.", "hostnameType", []string{"ip-name", "resource-name"})
	capzEnum(v, parent.get("ami"), prefix+"ami.", "eksLookupType", []string{"AmazonLinux", "AmazonLinuxGPU", "AmazonLinux2023", "AmazonLinux2023GPU"})
}

// capaLaunchTemplateSizes is the CRD's volume size (required, at least 8
// GiB: api/v1beta2/types.go Volume) of a launch template's volumes.
func capaLaunchTemplateSizes(v *vcheck, lt *node) {
	if rv := lt.get("rootVolume"); present(rv) {
		capaVolumeSize(v, rv, "awsLaunchTemplate.rootVolume")
	}
	for i, vol := range itemsOf(lt.get("nonRootVolumes")) {
		capaVolumeSize(v, vol, "awsLaunchTemplate.nonRootVolumes["+strconv.Itoa(i)+"]")
	}
}

func capaMachinePool(v *vcheck, spec *node) {
	if d, ok := capaDuration(spec.get("defaultCoolDown")); ok && d < 0 {
		v.reject(spec.get("defaultCoolDown"), "defaultCoolDown", "defaultCoolDown must not be negative")
	}
	lt := spec.get("awsLaunchTemplate")
	capaLaunchTemplateSizes(v, lt)
	capaInstanceOptions(v, lt, "awsLaunchTemplate.")
	ig := spec.get("ignition")
	capzEnum(v, ig, "ignition.", "version", []string{"2.3", "3.0", "3.1", "3.2", "3.3", "3.4"})
	capzEnum(v, ig, "ignition.", "storageType", []string{"ClusterObjectStore", "UnencryptedUserData"})
	if rv := lt.get("rootVolume"); present(rv) {
		capaVolume(v, rv, "awsLaunchTemplate.rootVolume", true)
	}
	for i, vol := range itemsOf(lt.get("nonRootVolumes")) {
		capaVolume(v, vol, "awsLaunchTemplate.nonRootVolumes["+strconv.Itoa(i)+"]", false)
	}
	for i, s := range itemsOf(spec.get("subnets")) {
		if present(s.get("id")) && present(s.get("filters")) {
			v.reject(s, "subnets["+strconv.Itoa(i)+"]", "a subnet takes either an id or filters, not both")
		}
	}
	for i, s := range itemsOf(lt.get("additionalSecurityGroups")) {
		if present(s.get("id")) && present(s.get("filters")) {
			v.reject(s, "awsLaunchTemplate.additionalSecurityGroups["+strconv.Itoa(i)+"]", "a security group takes either an id or filters, not both")
		}
	}
	spot, mip := lt.get("spotMarketOptions"), spec.get("mixedInstancesPolicy")
	if present(spot) && present(mip) {
		v.reject(spot, "awsLaunchTemplate.spotMarketOptions", "either awsLaunchTemplate.spotMarketOptions or mixedInstancesPolicy should be used, not both")
	}
	// The CRD's enums and bounds (exp/api/v1beta2 awsmachinepool_types.go,
	// types.go).
	capzEnum(v, spec, "", "availabilityZoneSubnetType", []string{"public", "private", "all"})
	dist := mip.get("instancesDistribution")
	capzEnum(v, dist, "mixedInstancesPolicy.instancesDistribution.", "onDemandAllocationStrategy", []string{"prioritized", "lowest-price"})
	capzEnum(v, dist, "mixedInstancesPolicy.instancesDistribution.", "spotAllocationStrategy", []string{"lowest-price", "capacity-optimized", "capacity-optimized-prioritized", "price-capacity-optimized"})
	rp := spec.get("refreshPreferences")
	maxH, minH := rp.get("maxHealthyPercentage"), rp.get("minHealthyPercentage")
	if n, ok := vint(maxH); ok && (n < 100 || n > 200) {
		v.reject(maxH, "refreshPreferences.maxHealthyPercentage", "refreshPreferences.maxHealthyPercentage must be between 100 and 200, not %d", n)
	}
	if present(maxH) && minH == nil {
		v.reject(maxH, "refreshPreferences.maxHealthyPercentage", "refreshPreferences.maxHealthyPercentage needs refreshPreferences.minHealthyPercentage")
	}
	if mx, ok := vint(maxH); ok {
		if mn, ok := vint(minH); ok && mx-mn > 100 {
			v.reject(maxH, "refreshPreferences.maxHealthyPercentage", "maxHealthyPercentage minus minHealthyPercentage cannot be greater than 100")
		}
	}
	mtNode, crID := lt.get("marketType"), lt.get("capacityReservationId")
	mt, mtOK := vstr(mtNode)
	if !present(mtNode) {
		mt, mtOK = "", true
	}
	if mtOK {
		switch {
		case mt == "CapacityBlock" && present(spot):
			v.reject(mtNode, "awsLaunchTemplate.marketType", "marketType CapacityBlock and spotMarketOptions cannot be used together")
		case mt == "OnDemand" && present(spot):
			v.reject(mtNode, "awsLaunchTemplate.marketType", "marketType OnDemand and spotMarketOptions cannot be used together")
		}
		if mt == "CapacityBlock" && crID == nil {
			v.reject(mtNode, "awsLaunchTemplate.capacityReservationId", "capacityReservationId is required with marketType CapacityBlock")
		}
		if !oneOf(mt, []string{"", "OnDemand", "Spot", "CapacityBlock"}) {
			v.reject(mtNode, "awsLaunchTemplate.marketType", "marketType %q is not OnDemand, Spot, CapacityBlock or omitted", mt)
		}
		if mt == "Spot" && present(crID) {
			v.reject(mtNode, "awsLaunchTemplate.marketType", "marketType cannot be Spot when capacityReservationId is set")
		}
	}
	if present(crID) && present(spot) {
		v.reject(spot, "awsLaunchTemplate.spotMarketOptions", "spotMarketOptions cannot be set when capacityReservationId is set")
	}
	if pref, ok := vstr(lt.get("capacityReservationPreference")); ok && present(crID) && pref != "" && pref != "CapacityReservationsOnly" {
		v.reject(lt.get("capacityReservationPreference"), "awsLaunchTemplate.capacityReservationPreference", "with capacityReservationId, capacityReservationPreference may only be CapacityReservationsOnly or empty, not %q", pref)
	}
}

// capaVolume is validateRootVolume and validateNonRootVolumes.
func capaVolume(v *vcheck, vol *node, path string, root bool) {
	if vol.kind != yamlv3.MappingNode || vol.unknown {
		return
	}
	typ, typeOK := vstr(vol.get("type"))
	if !present(vol.get("type")) {
		typ, typeOK = "", true
	}
	iops := vol.get("iops")
	if typeOK && (typ == "io1" || typ == "io2") {
		if n, ok := vint(iops); (ok && n == 0) || iops == nil {
			v.reject(vol, path+".iops", "iops is required for an %s volume", typ)
		}
	}
	if tp := vol.get("throughput"); present(tp) {
		if typeOK && typ != "gp3" {
			v.reject(tp, path+".throughput", "throughput is valid only for gp3 volumes")
		}
		if n, ok := vint(tp); ok {
			switch {
			case root && (n < 125 || n > 2000):
				v.reject(tp, path+".throughput", "throughput must be between 125 MiB/s and 2000 MiB/s, not %d", n)
			case !root && n < 0:
				v.reject(tp, path+".throughput", "throughput must not be negative")
			}
		}
	}
	if !root {
		if dn := vol.get("deviceName"); dn == nil || isEmptyStr(dn) {
			v.reject(vol, path+".deviceName", "a non-root volume needs a deviceName")
		}
	}
}

// capaLifecycleHooks is validateLifecycleHooks.
func capaLifecycleHooks(v *vcheck, hooks *node) {
	for i, h := range itemsOf(hooks) {
		if h.kind != yamlv3.MappingNode || h.unknown {
			continue
		}
		path := "lifecycleHooks[" + strconv.Itoa(i) + "]"
		if name := h.get("name"); name == nil || isEmptyStr(name) {
			v.reject(h, path+".name", "a lifecycle hook needs a name")
		}
		target, role := h.get("notificationTargetARN"), h.get("roleARN")
		if present(target) && role == nil {
			v.reject(target, path+".roleARN", "roleARN is required if notificationTargetARN is set")
		}
		if present(role) && target == nil {
			v.reject(role, path+".notificationTargetARN", "notificationTargetARN is required if roleARN is set")
		}
		tr := h.get("lifecycleTransition")
		if s, ok := vstr(tr); (ok && s != "autoscaling:EC2_INSTANCE_LAUNCHING" && s != "autoscaling:EC2_INSTANCE_TERMINATING") || tr == nil {
			v.reject(firstNode(tr, h), path+".lifecycleTransition", "lifecycleTransition must be autoscaling:EC2_INSTANCE_LAUNCHING or autoscaling:EC2_INSTANCE_TERMINATING")
		}
		if s, ok := vstr(h.get("defaultResult")); ok && s != "CONTINUE" && s != "ABANDON" {
			v.reject(h.get("defaultResult"), path+".defaultResult", "defaultResult must be CONTINUE or ABANDON, not %q", s)
		}
		if d, ok := capaDuration(h.get("heartbeatTimeout")); ok && (d < 30*time.Second || d > 172800*time.Second) {
			v.reject(h.get("heartbeatTimeout"), path+".heartbeatTimeout", "heartbeatTimeout must be between 30 and 172800 seconds")
		}
	}
}

// capaTags is Tags.Validate.
func capaTags(v *vcheck, tags *node) {
	if !present(tags) || tags.kind != yamlv3.MappingNode || tags.unknown {
		return
	}
	if len(tags.keys) > 50 {
		v.reject(tags, "additionalTags", "at most 50 user tags are allowed, not %d", len(tags.keys))
	}
	for i, k := range tags.keys {
		at := &node{pos: tags.keyPos[i]}
		switch {
		case k == "":
			v.reject(at, "additionalTags", "a tag key cannot be empty")
		case len(k) > 128:
			v.reject(at, "additionalTags", "tag key %q is longer than 128 characters", k)
		case strings.HasPrefix(k, "aws:"):
			v.reject(at, "additionalTags", "tag key %q: user tags cannot start with aws:", k)
		case !capaTagRE.MatchString(k):
			v.reject(at, "additionalTags", "tag key %q has characters other than letters, digits, spaces and _ . : / = + - @", k)
		}
		if s, ok := vstr(tags.vals[i]); ok {
			switch {
			case len(s) > 256:
				v.reject(tags.vals[i], "additionalTags", "tag %q has a value longer than 256 characters", k)
			case !capaTagRE.MatchString(s):
				v.reject(tags.vals[i], "additionalTags", "tag %q has a value with characters other than letters, digits, spaces and _ . : / = + - @", k)
			}
		}
	}
}

// capaDuration reads a metav1.Duration ("300s", "5m").
func capaDuration(n *node) (time.Duration, bool) {
	s, ok := vstr(n)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}
