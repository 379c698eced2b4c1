package yaml

import (
	"encoding/base64"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	yamlv3 "go.yaml.in/yaml/v3"
)

// Cluster API Provider AWS's AWSMachineTemplate and ROSAMachinePool
// validation, ported from sigs.k8s.io/cluster-api-provider-aws/v2 (main at
// 2cf09d785, after v2.11): webhooks/awsmachinetemplate_webhook.go, the
// checks of webhooks/awsmachine_webhook.go that every AWSMachine cloned
// from a template goes through (its create webhook runs when a
// MachineDeployment makes a machine: the template is accepted, each
// machine refused), webhooks/sshkeyname.go, exp/webhooks
// rosamachinepool_webhook.go, and the CRD enums, patterns and bounds of
// api/v1beta2/awsmachine_types.go, types.go and exp/api/v1beta2
// rosamachinepool_types.go. The BootstrapFormatIgnition feature gate
// depends on how CAPA is deployed and is not checked.

var (
	capaSSHKeyName   = regexp.MustCompile(`^[[:graph:]]+([[:print:]]*[[:graph:]]+)*$`)
	capaHostID       = regexp.MustCompile(`^h-[0-9a-f]{17}$`)
	rosaPoolName     = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
	rosaSurge        = regexp.MustCompile(`^((100|[0-9]{1,2})%|[0-9]+)$`)
	strictSemver     = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)
	dns1123Subdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
)

// strOr is a known string, def when the field is absent.
func strOr(n *node, def string) (string, bool) {
	if n == nil {
		return def, true
	}
	return vstr(n)
}

// intOr is a known integer, def when the field is absent.
func intOr(n *node, def int64) (int64, bool) {
	if n == nil {
		return def, true
	}
	return vint(n)
}

// capaMachineTemplate is AWSMachineTemplate's ValidateCreate, with the
// AWSMachine create checks its machines go through.
func capaMachineTemplate(v *vcheck, spec *node) {
	it := spec.get("instanceType")
	// A template with little else is likely a kustomize patch: what it
	// leaves out is not reported.
	if it == nil && len(spec.keys) >= 3 {
		v.reject(keyAt(spec, spec.keys[0]), "instanceType", "spec.template.spec.instanceType is required")
	}
	if s, ok := vstr(it); ok && len(s) < 2 {
		v.reject(it, "instanceType", "instanceType %q must have at least 2 characters", s)
	}
	if id := spec.get("providerID"); present(id) {
		v.reject(id, "providerID", "providerID cannot be set in a template")
	}
	capaCloudInit(v, spec)
	capaIgnition(v, spec)
	if rv := spec.get("rootVolume"); present(rv) {
		capaVolumeSize(v, rv, "rootVolume")
		capaVolume(v, rv, "rootVolume", true)
	}
	for i, vol := range itemsOf(spec.get("nonRootVolumes")) {
		path := "nonRootVolumes[" + strconv.Itoa(i) + "]"
		capaVolumeSize(v, vol, path)
		capaVolume(v, vol, path, false)
	}
	if s, ok := vstr(spec.get("sshKeyName")); ok && s != "" && !capaSSHKeyName.MatchString(s) {
		v.reject(spec.get("sshKeyName"), "sshKeyName", "sshKeyName %q must be ASCII and must not start or end with whitespace", s)
	}
	for i, s := range itemsOf(spec.get("additionalSecurityGroups")) {
		if present(s.get("id")) && present(s.get("filters")) {
			v.reject(s, "additionalSecurityGroups["+strconv.Itoa(i)+"]", "a security group takes either an id or filters, not both")
		}
	}
	capaTags(v, spec.get("additionalTags"))
	capaHostAllocation(v, spec)
	capaElasticIPPool(v, spec)
	capaMarket(v, spec)
	capaInstanceOptions(v, spec, "")
	capzEnum(v, spec, "", "assignPrimaryIPv6", []string{"enabled", "disabled"})
	capzEnum(v, spec.get("cpuOptions"), "cpuOptions.", "confidentialCompute", []string{"Disabled", "AMDEncryptedVirtualizationNestedPaging"})
	capzEnum(v, spec.get("cpuOptions"), "cpuOptions.", "nestedVirtualization", []string{"enabled", "disabled"})
	capzEnum(v, spec, "", "networkInterfaceType", []string{"interface", "efa"})
	if n, ok := listLen(spec.get("networkInterfaces")); ok && n > 2 {
		v.reject(spec.get("networkInterfaces"), "networkInterfaces", "at most 2 networkInterfaces, not %d", n)
	}
	if n, ok := vint(spec.get("placementGroupPartition")); ok && (n < 1 || n > 7) {
		v.reject(spec.get("placementGroupPartition"), "placementGroupPartition", "placementGroupPartition must be between 1 and 7, not %d", n)
	}
}

// capaVolumeSize is the CRD's Volume.size: required, at least 8 GiB.
func capaVolumeSize(v *vcheck, vol *node, path string) {
	if vol.kind != yamlv3.MappingNode || vol.unknown {
		return
	}
	size := vol.get("size")
	if size == nil {
		v.reject(vol, path+".size", "a volume needs a size")
	} else if n, ok := vint(size); ok && n < 8 {
		v.reject(size, path+".size", "a volume's size must be at least 8 GiB, not %d", n)
	}
}

// capaCloudInit is the template's cloudInit checks (validateCloudInitSecret
// and the secrets it forbids in templates).
func capaCloudInit(v *vcheck, spec *node) {
	ci := spec.get("cloudInit")
	if !present(ci) || ci.kind != yamlv3.MappingNode || ci.unknown {
		return
	}
	prefixN, countN, backendN := ci.get("secretPrefix"), ci.get("secretCount"), ci.get("secureSecretsBackend")
	prefix, prefixOK := strOr(prefixN, "")
	count, countOK := intOr(countN, 0)
	if prefixOK && prefix != "" {
		v.reject(prefixN, "cloudInit.secretPrefix", "cloudInit.secretPrefix cannot be set in a template")
	}
	if countOK && count != 0 {
		v.reject(countN, "cloudInit.secretCount", "cloudInit.secretCount cannot be set in a template")
	}
	if isTrue(ci.get("insecureSkipSecretsManager")) {
		if prefixOK && prefix != "" {
			v.reject(prefixN, "cloudInit.secretPrefix", "cloudInit.secretPrefix cannot be set with insecureSkipSecretsManager")
		}
		if countOK && count != 0 {
			v.reject(countN, "cloudInit.secretCount", "cloudInit.secretCount cannot be set with insecureSkipSecretsManager")
		}
		if nonEmptyStr(backendN) {
			v.reject(backendN, "cloudInit.secureSecretsBackend", "cloudInit.secureSecretsBackend cannot be set with insecureSkipSecretsManager")
		}
	}
	if prefixOK && countOK && (prefix != "") != (count != 0) {
		v.reject(firstNode(countN, prefixN), "cloudInit.secretCount", "cloudInit.secretCount and secretPrefix are set together or not at all")
	}
	capzEnum(v, ci, "cloudInit.", "secureSecretsBackend", []string{"secrets-manager", "ssm-parameter-store"})
}

// cloudInitConfigured reports a cloudInit with anything set (unknown
// values count).
func cloudInitConfigured(ci *node) bool {
	for _, f := range []string{"secretPrefix", "secretCount", "secureSecretsBackend"} {
		n := ci.get(f)
		if !present(n) {
			continue
		}
		if s, ok := vstr(n); ok && s == "" {
			continue
		}
		if i, ok := vint(n); ok && i == 0 {
			continue
		}
		return true
	}
	return isTrue(ci.get("insecureSkipSecretsManager"))
}

// capaIgnition is validateIgnitionAndCloudInit with the proxy and TLS
// checks, and the CRD's ignition enums.
func capaIgnition(v *vcheck, spec *node) {
	ig := spec.get("ignition")
	if !present(ig) || ig.kind != yamlv3.MappingNode || ig.unknown {
		return
	}
	if ci := spec.get("cloudInit"); cloudInitConfigured(ci) {
		v.reject(ci, "cloudInit", "cloudInit cannot be set with ignition")
	}
	capzEnum(v, ig, "ignition.", "version", []string{"2.3", "3.0", "3.1", "3.2", "3.3", "3.4"})
	capzEnum(v, ig, "ignition.", "storageType", []string{"ClusterObjectStore", "UnencryptedUserData"})
	proxy, tls := ig.get("proxy"), ig.get("tls")
	if ver, ok := vstr(ig.get("version")); ok && (ver == "2.3" || ver == "3.0") {
		if present(proxy) {
			v.reject(proxy, "ignition.proxy", "ignition.proxy needs ignition version 3.1 or later, not %s", ver)
		}
		if present(tls) {
			v.reject(tls, "ignition.tls", "ignition.tls needs ignition version 3.1 or later, not %s", ver)
		}
	}
	for _, f := range []string{"httpProxy", "httpsProxy"} {
		if s, ok := vstr(proxy.get(f)); ok {
			if _, err := url.Parse(s); err != nil {
				v.reject(proxy.get(f), "ignition.proxy."+f, "ignition.proxy.%s %q is not a URL", f, s)
			}
		}
	}
	for i, np := range itemsOf(proxy.get("noProxy")) {
		if s, ok := vstr(np); ok && !noProxyValue(s) {
			v.reject(np, "ignition.proxy.noProxy["+strconv.Itoa(i)+"]", "noProxy %q is not *, an IP address, a CIDR block, a host:port or a domain name", s)
		}
	}
	for i, src := range itemsOf(tls.get("caSources")) {
		s, ok := vstr(src)
		if !ok {
			continue
		}
		path := "ignition.tls.caSources[" + strconv.Itoa(i) + "]"
		u, err := url.Parse(s)
		if err != nil {
			v.reject(src, path, "caSource %q is not a URL", s)
			continue
		}
		switch u.Scheme {
		case "http", "https", "tftp", "s3", "arn", "gs":
		case "data":
			j := strings.IndexByte(u.Opaque, ',')
			if j < 0 {
				v.reject(src, path, "caSource %q is not a data URL", s)
			} else if _, err := base64.StdEncoding.DecodeString(u.Opaque[j+1:]); err != nil {
				v.reject(src, path, "caSource %q is a data URL without base64 data", s)
			}
		default:
			v.reject(src, path, "caSource %q: the URL scheme must be http, https, tftp, s3, arn, gs or data", s)
		}
	}
}

// noProxyValue is validateIgnitionProxy's check of one noProxy entry.
func noProxyValue(s string) bool {
	if s == "*" || net.ParseIP(s) != nil {
		return true
	}
	if _, _, err := net.ParseCIDR(s); err == nil {
		return true
	}
	if _, _, err := net.SplitHostPort(s); err == nil {
		return true
	}
	s = strings.TrimPrefix(s, ".")
	return len(s) <= 253 && dns1123Subdomain.MatchString(s)
}

// capaHostAllocation is AWSMachineTemplate's validateHostAllocation, with
// the CRD's enums (tenancy, hostAffinity defaulting to default) and the
// hostID pattern.
func capaHostAllocation(v *vcheck, spec *node) {
	capzEnum(v, spec, "", "tenancy", []string{"default", "dedicated", "host"})
	capzEnum(v, spec, "", "hostAffinity", []string{"default", "host"})
	hostIDN, dha := spec.get("hostID"), spec.get("dynamicHostAllocation")
	if s, ok := vstr(hostIDN); ok && s != "" && !capaHostID.MatchString(s) {
		v.reject(hostIDN, "hostID", "hostID %q is not a Dedicated Host ID (h- and 17 hexadecimal digits)", s)
	}
	hostID, hostOK := strOr(hostIDN, "")
	hasHostID := hostOK && hostID != ""
	hasDHA := present(dha)
	tenancy, tOK := strOr(spec.get("tenancy"), "")
	affinity, aOK := strOr(spec.get("hostAffinity"), "default")
	if hasHostID && hasDHA {
		v.reject(hostIDN, "hostID", "hostID and dynamicHostAllocation cannot both be set")
	}
	if tOK && tenancy != "host" {
		if hasHostID {
			v.reject(hostIDN, "hostID", "hostID needs tenancy host")
		}
		if aOK && affinity == "host" {
			v.reject(spec.get("hostAffinity"), "hostAffinity", "hostAffinity host needs tenancy host")
		}
		if hasDHA {
			v.reject(dha, "dynamicHostAllocation", "dynamicHostAllocation needs tenancy host")
		}
	}
	if aOK && affinity == "host" && hostOK && !hasHostID && !hasDHA {
		v.reject(spec.get("hostAffinity"), "hostID", "hostAffinity host needs a hostID or a dynamicHostAllocation")
	}
	if aOK && hasDHA && affinity != "host" {
		v.reject(dha, "dynamicHostAllocation", "dynamicHostAllocation needs hostAffinity host")
	}
}

// capaElasticIPPool is AWSMachine's validateNetworkElasticIPPool.
func capaElasticIPPool(v *vcheck, spec *node) {
	eip := spec.get("elasticIpPool")
	if !present(eip) || eip.kind != yamlv3.MappingNode || eip.unknown {
		return
	}
	if pub := spec.get("publicIP"); pub == nil || isFalse(pub) {
		v.reject(firstNode(pub, eip), "elasticIpPool", "elasticIpPool needs publicIP true")
	}
	pool, fallback := eip.get("publicIpv4Pool"), eip.get("publicIpv4PoolFallbackOrder")
	capzEnum(v, eip, "elasticIpPool.", "publicIpv4PoolFallbackOrder", []string{"none", "amazon-pool"})
	switch {
	case present(pool):
		if fallback == nil {
			v.reject(pool, "elasticIpPool.publicIpv4PoolFallbackOrder", "publicIpv4PoolFallbackOrder is required with publicIpv4Pool")
		}
		if s, ok := vstr(pool); ok && !strings.HasPrefix(s, "ipv4pool-ec2-") {
			v.reject(pool, "elasticIpPool.publicIpv4Pool", "publicIpv4Pool %q must start with ipv4pool-ec2-", s)
		} else if ok && len(s) > 30 {
			v.reject(pool, "elasticIpPool.publicIpv4Pool", "publicIpv4Pool %q is longer than 30 characters", s)
		}
	case present(fallback):
		v.reject(fallback, "elasticIpPool.publicIpv4Pool", "publicIpv4PoolFallbackOrder needs a publicIpv4Pool")
	}
}

// capaMarket is AWSMachine's validateInstanceMarketType and
// validateCapacityReservation, with the CRD's enums.
func capaMarket(v *vcheck, spec *node) {
	capzEnum(v, spec, "", "marketType", []string{"OnDemand", "Spot", "CapacityBlock"})
	capzEnum(v, spec, "", "capacityReservationPreference", []string{"", "None", "CapacityReservationsOnly", "Open"})
	mtN, spot, crID, prefN := spec.get("marketType"), spec.get("spotMarketOptions"), spec.get("capacityReservationId"), spec.get("capacityReservationPreference")
	mt, mtOK := strOr(mtN, "")
	pref, prefOK := strOr(prefN, "")
	if mtOK {
		if mt == "CapacityBlock" && present(spot) {
			v.reject(mtN, "marketType", "marketType CapacityBlock and spotMarketOptions cannot be used together")
		}
		if mt == "OnDemand" && present(spot) {
			v.reject(mtN, "marketType", "marketType OnDemand and spotMarketOptions cannot be used together")
		}
		if mt == "CapacityBlock" && crID == nil {
			v.reject(mtN, "capacityReservationId", "capacityReservationId is required with marketType CapacityBlock")
		}
	}
	if prefOK && present(crID) && pref != "" && pref != "CapacityReservationsOnly" {
		v.reject(prefN, "capacityReservationPreference", "with capacityReservationId, capacityReservationPreference may only be CapacityReservationsOnly or empty, not %q", pref)
	}
	// The CRD's CEL rules (config/crd/bases awsmachinetemplates, main at
	// 2cf09d785).
	if present(crID) && mtOK && mt == "Spot" {
		v.reject(mtN, "marketType", "capacityReservationId may not be set when marketType is Spot")
	}
	if present(crID) && present(spot) {
		v.reject(spot, "spotMarketOptions", "capacityReservationId cannot be set when spotMarketOptions is specified")
	}
	if prefOK && pref == "CapacityReservationsOnly" {
		if mtOK && mt == "Spot" {
			v.reject(prefN, "capacityReservationPreference", "capacityReservationPreference CapacityReservationsOnly cannot be used with marketType Spot")
		}
		if present(spot) {
			v.reject(prefN, "capacityReservationPreference", "capacityReservationPreference CapacityReservationsOnly cannot be used with spotMarketOptions")
		}
	}
}

// capaROSAPool is ROSAMachinePool's ValidateCreate with the CRD's
// patterns, enums and bounds (labels and taints are PL017's and PL016's).
func capaROSAPool(v *vcheck, spec *node) {
	name, it := spec.get("nodePoolName"), spec.get("instanceType")
	if (name != nil || it != nil) && len(spec.keys) >= 3 { // else likely a kustomize patch
		for _, f := range []string{"nodePoolName", "instanceType"} {
			if spec.get(f) == nil {
				v.reject(keyAt(spec, spec.keys[0]), f, "spec.%s is required", f)
			}
		}
	}
	if s, ok := vstr(name); ok {
		switch {
		case len(s) > 15:
			v.reject(name, "nodePoolName", "nodePoolName %q is longer than 15 characters", s)
		case !rosaPoolName.MatchString(s):
			v.reject(name, "nodePoolName", "nodePoolName %q must be lower-case letters, digits and '-', starting with a letter", s)
		}
	}
	if s, ok := vstr(spec.get("version")); ok && s != "" && !strictSemver.MatchString(s) {
		v.reject(spec.get("version"), "version", "version %q is not a semantic version (x.y.z)", s)
	}
	if d, ok := capaDuration(spec.get("nodeDrainGracePeriod")); ok && d > 10080*time.Minute {
		v.reject(spec.get("nodeDrainGracePeriod"), "nodeDrainGracePeriod", "nodeDrainGracePeriod is at most 1 week (10080m, 168h)")
	}
	capzEnum(v, spec, "", "imageType", []string{"Windows", "Default"})
	if n, ok := vint(spec.get("volumeSize")); ok && (n < 75 || n > 16384) {
		v.reject(spec.get("volumeSize"), "volumeSize", "volumeSize must be between 75 and 16384 GiB, not %d", n)
	}
	as := spec.get("autoscaling")
	if n, ok := vint(as.get("minReplicas")); ok && n < 0 {
		v.reject(as.get("minReplicas"), "autoscaling.minReplicas", "autoscaling.minReplicas must not be negative")
	}
	if n, ok := vint(as.get("maxReplicas")); ok && n < 1 {
		v.reject(as.get("maxReplicas"), "autoscaling.maxReplicas", "autoscaling.maxReplicas must be at least 1, not %d", n)
	}
	ru := spec.path("updateConfig", "rollingUpdate")
	for _, f := range []string{"maxSurge", "maxUnavailable"} {
		if s, ok := vstr(ru.get(f)); ok && !rosaSurge.MatchString(s) {
			v.reject(ru.get(f), "updateConfig.rollingUpdate."+f, "%s %q is not a number or a percentage up to 100%%", f, s)
		}
	}
	capaTags(v, spec.get("additionalTags"))
}
