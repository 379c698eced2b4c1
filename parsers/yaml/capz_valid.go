package yaml

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"regexp"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// Cluster API Provider Azure's self-managed machine validation, ported from
// sigs.k8s.io/cluster-api-provider-azure v1.26.0: the create webhooks
// (internal/exp/webhooks/azuremachinepool_webhook.go,
// internal/webhooks/azuremachinetemplate_webhook.go,
// azuremachine_validation.go, azureimage_validation.go), the defaults the
// mutating webhooks set before them (internal/api/v1beta1
// azuremachine_default.go, internal/exp/api/v1beta1
// azuremachinepool_default.go) and the CRDs' enums and required fields
// (api/v1beta1/types.go, azuremachine_types.go, exp/api/v1beta1
// azuremachinepool_types.go). AzureManagedMachinePool is PL204's; the
// AzureASOManagedMachinePool webhook checks only a feature gate. The
// update-only checks (immutable fields, a changed role assignment name)
// need the object's previous version and are not run. The Flexible
// orchestration mode's Kubernetes version check reads the MachinePool
// (capzFlexible).

// CAPZVersion is the Cluster API Provider Azure release the checks follow.
const CAPZVersion = "v1.26.0"

var (
	// armcompute v5's PossibleDiskStorageAccountTypesValues.
	capzStorageTypes = []string{"PremiumV2_LRS", "Premium_LRS", "Premium_ZRS", "StandardSSD_LRS", "StandardSSD_ZRS", "Standard_LRS", "UltraSSD_LRS"}
	// armcompute v5's PossibleCachingTypesValues (and the CRD's enum).
	capzCachingTypes = []string{"None", "ReadOnly", "ReadWrite"}
	capzUUID         = regexp.MustCompile(`^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|(urn:uuid:)?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$`)
	capzQuantity     = regexp.MustCompile(`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`)
)

// capzChecks runs the create webhook (after its defaulting webhook) of
// kind on spec: an AzureMachinePool's spec, an AzureMachineTemplate's
// spec.template.spec.
func capzChecks(p *nodepool.Pool, kind string, spec *node) {
	if !present(spec) || spec.kind != yamlv3.MappingNode || spec.unknown || allUnknown(spec, 0) {
		return // a runtime extension's patches may set anything
	}
	switch kind {
	case "AzureMachinePool":
		v := newVcheck(p, nodepool.ValidatorCAPZ, "spec")
		capzMachinePool(v, spec)
	case "AzureMachineTemplate":
		v := newVcheck(p, nodepool.ValidatorCAPZ, "spec.template.spec")
		capzMachineTemplate(v, spec)
	}
}

// allUnknown reports a tree whose scalars are all unknown (a template a
// ClusterClass's external patch rewrites), with at least one scalar.
func allUnknown(n *node, depth int) bool {
	if n == nil || depth > maxDepth {
		return false
	}
	switch n.kind {
	case yamlv3.MappingNode:
		for _, c := range n.vals {
			if !allUnknown(c, depth+1) {
				return false
			}
		}
		return len(n.vals) > 0
	case yamlv3.SequenceNode:
		for _, c := range n.items {
			if !allUnknown(c, depth+1) {
				return false
			}
		}
		return len(n.items) > 0
	}
	return n.unknown
}

// capzMachinePool is ValidateAzureMachinePool.
func capzMachinePool(v *vcheck, spec *node) {
	t := spec.get("template")
	// An object with fewer than two of its three required fields is
	// likely a kustomize patch: what it leaves out is not reported.
	whole := 0
	for _, n := range []*node{spec.get("location"), t.get("vmSize"), t.get("osDisk")} {
		if n != nil {
			whole++
		}
	}
	if whole >= 2 && spec.get("location") == nil {
		v.reject(keyAt(spec, "template"), "location", "spec.location is required")
	}
	if !present(t) || t.kind != yamlv3.MappingNode || t.unknown {
		return
	}
	if whole >= 2 {
		capzRequired(v, t, "template.")
	}
	capzEnum(v, spec, "", "identity", []string{"None", "SystemAssigned", "UserAssigned"})
	capzEnum(v, spec, "", "orchestrationMode", []string{"Flexible", "Uniform"})
	capzImage(v, t.get("image"), "template.image")
	if n, ok := vint(t.get("terminateNotificationTimeout")); ok && (n < 5 || n > 15) {
		v.reject(t.get("terminateNotificationTimeout"), "template.terminateNotificationTimeout", "terminateNotificationTimeout must be between 5 and 15 minutes, not %d", n)
	}
	capzSSHKey(v, t.get("sshPublicKey"), "template.sshPublicKey")
	capzUserIdentities(v, spec, "")
	capzDiagnostics(v, t.get("diagnostics"), "template.diagnostics")
	capzStrategy(v, spec.get("strategy"))
	// The defaulting webhook moves a system-assigned identity's
	// roleAssignmentName to systemAssignedIdentityRole.name and generates
	// a name, scope and definitionID when they are empty.
	identity, idOK := vstr(spec.get("identity"))
	if !present(spec.get("identity")) {
		identity, idOK = "None", true
	}
	role := spec.get("systemAssignedIdentityRole")
	roleName, legacy := role.get("name"), spec.get("roleAssignmentName")
	if nonEmptyStr(legacy) && nonEmptyStr(roleName) {
		v.reject(roleName, "systemAssignedIdentityRole.name", "roleAssignmentName and systemAssignedIdentityRole.name cannot both be set")
	} else if idOK && identity == "SystemAssigned" {
		if s, ok := vstr(firstNode(nonEmpty(roleName), nonEmpty(legacy))); ok && s != "" && !capzUUID.MatchString(s) {
			at, field := roleName, "systemAssignedIdentityRole.name"
			if !nonEmptyStr(roleName) {
				at, field = legacy, "roleAssignmentName"
			}
			v.reject(at, field, "the role assignment name %q must be a GUID (or left out to be generated)", s)
		}
	}
	if idOK && identity != "SystemAssigned" && present(role) {
		v.reject(role, "systemAssignedIdentityRole", "systemAssignedIdentityRole can only be set when identity is SystemAssigned")
	}
	if nonEmptyList(t.get("networkInterfaces")) && nonEmptyStr(t.get("subnetName")) {
		v.reject(t.get("subnetName"), "template.subnetName", "networkInterfaces and the machine's subnetName cannot both be set")
	}
	capzNetworkInterfaces(v, t.get("networkInterfaces"), "template.networkInterfaces")
	capzOSDisk(v, t.get("osDisk"), "template.osDisk", true)
	capzSpot(v, t.get("spotVMOptions"), "template.spotVMOptions")
}

// capzMachineTemplate is AzureMachineTemplate's ValidateCreate (with
// validateAzureMachineSpec), after its defaulting webhook (an SSH key, data
// disks' LUNs and caching, a first network interface).
func capzMachineTemplate(v *vcheck, spec *node) {
	// A template with one required field and little else is likely a
	// kustomize patch: what it leaves out is not reported.
	if (spec.get("vmSize") != nil || spec.get("osDisk") != nil) && len(spec.keys) >= 3 {
		capzRequired(v, spec, "")
	}
	capzEnum(v, spec, "", "identity", []string{"None", "SystemAssigned", "UserAssigned"})
	capzImage(v, spec.get("image"), "image")
	osd := spec.get("osDisk")
	capzOSDisk(v, osd, "osDisk", false)
	capzConfidential(v, osd.get("managedDisk"), spec.get("securityProfile"))
	capzSSHKey(v, spec.get("sshPublicKey"), "sshPublicKey")
	capzUserIdentities(v, spec, "")
	capzDataDisks(v, spec.get("dataDisks"))
	capzDiagnostics(v, spec.get("diagnostics"), "diagnostics")
	nics := spec.get("networkInterfaces")
	if nonEmptyList(nics) {
		if nonEmptyStr(spec.get("subnetName")) {
			v.reject(spec.get("subnetName"), "subnetName", "networkInterfaces and the machine's subnetName cannot both be set")
		}
		if an := spec.get("acceleratedNetworking"); present(an) {
			v.reject(an, "acceleratedNetworking", "networkInterfaces and the machine's acceleratedNetworking cannot both be set")
		}
	}
	capzNetworkInterfaces(v, nics, "networkInterfaces")
	identity, idOK := vstr(spec.get("identity"))
	if !present(spec.get("identity")) {
		identity, idOK = "None", true
	}
	role := spec.get("systemAssignedIdentityRole")
	if nonEmptyStr(spec.get("roleAssignmentName")) {
		v.reject(spec.get("roleAssignmentName"), "roleAssignmentName", "an AzureMachineTemplate cannot set roleAssignmentName: each machine's is generated")
	}
	if nonEmptyStr(role.get("name")) {
		v.reject(role.get("name"), "systemAssignedIdentityRole.name", "an AzureMachineTemplate cannot set systemAssignedIdentityRole.name: each machine's is generated")
	}
	if present(role) && role.kind == yamlv3.MappingNode && idOK {
		if identity == "SystemAssigned" {
			for _, f := range []string{"definitionID", "scope"} {
				if n := role.get(f); n == nil || isEmptyStr(n) {
					v.reject(firstNode(n, role), "systemAssignedIdentityRole."+f, "systemAssignedIdentityRole.%s cannot be empty", f)
				}
			}
		} else {
			v.reject(role, "systemAssignedIdentityRole", "systemAssignedIdentityRole can only be set when identity is SystemAssigned")
		}
	}
	if id, ok := vstr(spec.get("capacityReservationGroupID")); ok && !azureResourceID(id) {
		v.reject(spec.get("capacityReservationGroupID"), "capacityReservationGroupID", "capacityReservationGroupID %q is not an Azure resource ID", id)
	}
	if isTrue(spec.get("disableExtensionOperations")) && nonEmptyList(spec.get("vmExtensions")) {
		v.reject(spec.get("vmExtensions"), "vmExtensions", "vmExtensions must be empty when disableExtensionOperations is true")
	}
	capzSpot(v, spec.get("spotVMOptions"), "spotVMOptions")
}

// nonEmpty is n when it is a known non-empty string or unknown, else nil.
func nonEmpty(n *node) *node {
	if s, ok := vstr(n); (ok && s != "") || (present(n) && !ok) {
		return n
	}
	return nil
}

// capzRequired is the CRD's required vmSize and osDisk of a machine.
func capzRequired(v *vcheck, m *node, prefix string) {
	for _, f := range []string{"vmSize", "osDisk"} {
		if !present(m.get(f)) {
			v.reject(firstNode(m.get(f), m), prefix+f, "%s%s is required", v.base+".", prefix+f)
		}
	}
}

// capzEnum checks a field against its CRD enum.
func capzEnum(v *vcheck, parent *node, prefix, field string, allowed []string) {
	if s, ok := vstr(parent.get(field)); ok && !oneOf(s, allowed) {
		v.reject(parent.get(field), prefix+field, "%s %q is not one of %s", field, s, strings.Join(allowed, ", "))
	}
}

// capzImage is ValidateImage: one image source, each with its fields.
func capzImage(v *vcheck, img *node, path string) {
	if !present(img) || img.kind != yamlv3.MappingNode || img.unknown {
		return // no image: CAPZ's default from its community gallery
	}
	sources := 0
	for _, f := range []string{"id", "marketplace", "sharedGallery", "computeGallery"} {
		if n := img.get(f); present(n) {
			sources++
			if sources > 1 {
				v.reject(n, path+"."+f, "an image takes one of id, marketplace, sharedGallery or computeGallery")
			}
		}
	}
	if sources == 0 {
		v.reject(img, path, "an image needs an id, marketplace, sharedGallery or computeGallery details")
	}
	required := func(parent *node, sub string, fields ...string) {
		if !present(parent) || parent.kind != yamlv3.MappingNode || parent.unknown {
			return
		}
		for _, f := range fields {
			if n := parent.get(f); n == nil || isEmptyStr(n) {
				v.reject(firstNode(n, parent), path+"."+sub+"."+f, "%s cannot be empty in a %s image", f, sub)
			}
		}
	}
	required(img.get("marketplace"), "marketplace", "publisher", "offer", "sku", "version")
	required(img.get("sharedGallery"), "sharedGallery", "subscriptionID", "resourceGroup", "gallery", "name", "version")
	if id := img.get("id"); isEmptyStr(id) {
		v.reject(id, path+".id", "an image id cannot be empty")
	}
	if cg := img.get("computeGallery"); present(cg) {
		sub, rg := cg.get("subscriptionID"), cg.get("resourceGroup")
		if present(sub) && !present(rg) {
			v.reject(sub, path+".computeGallery.resourceGroup", "computeGallery.resourceGroup is required with subscriptionID")
		}
		if present(rg) && !present(sub) {
			v.reject(rg, path+".computeGallery.subscriptionID", "computeGallery.subscriptionID is required with resourceGroup")
		}
	}
}

// capzSSHKey is ValidateSSHKey: a base64-encoded authorized key. An empty
// key is generated by the defaulting webhook.
func capzSSHKey(v *vcheck, n *node, path string) {
	s, ok := vstr(n)
	if !ok || s == "" {
		return
	}
	decoded, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		v.reject(n, path, "the SSH public key is not base64-encoded (CAPZ takes the authorized_keys line encoded in base64)")
		return
	}
	if !authorizedKey(decoded) {
		v.reject(n, path, "the SSH public key, once base64-decoded, is not an authorized_keys line")
	}
}

// authorizedKey reports an authorized_keys text with a key line: a key
// type followed by the base64 key blob that names the same type. Options
// before the type and a comment after the key are allowed.
func authorizedKey(b []byte) bool {
	for _, line := range bytes.Split(b, []byte("\n")) {
		fields := strings.Fields(string(line))
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		for i := 0; i+1 < len(fields) && i < 3; i++ {
			blob, err := base64.StdEncoding.DecodeString(fields[i+1])
			if err != nil || len(blob) < 4 {
				continue
			}
			n := binary.BigEndian.Uint32(blob)
			if uint64(n)+4 <= uint64(len(blob)) && string(blob[4:4+n]) == fields[i] && n > 0 {
				return true
			}
		}
	}
	return false
}

// azureResourceID reports an ID arm.ParseResourceID takes (after CAPZ
// trims its azure:// prefix): /subscriptions/… or /providers/….
func azureResourceID(id string) bool {
	id = strings.TrimPrefix(id, "azure://")
	if !strings.HasPrefix(id, "/") {
		return false
	}
	var parts []string
	for _, p := range strings.Split(id, "/") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return len(parts) >= 2 && (strings.EqualFold(parts[0], "subscriptions") || strings.EqualFold(parts[0], "providers"))
}

// capzUserIdentities is ValidateUserAssignedIdentity.
func capzUserIdentities(v *vcheck, spec *node, prefix string) {
	ids := spec.get("userAssignedIdentities")
	identity, ok := vstr(spec.get("identity"))
	if !present(spec.get("identity")) {
		identity, ok = "None", true
	}
	if !ok {
		return
	}
	n, known := listLen(ids)
	if known && n > 0 && identity != "UserAssigned" {
		v.reject(firstNode(spec.get("identity"), ids), prefix+"identity", "identity must be UserAssigned when userAssignedIdentities are given")
	}
	if identity != "UserAssigned" {
		return
	}
	if known && n == 0 {
		v.reject(firstNode(ids, spec.get("identity")), prefix+"userAssignedIdentities", "a UserAssigned identity needs userAssignedIdentities")
	}
	for i, it := range itemsOf(ids) {
		if s, ok := vstr(it.get("providerID")); ok && s != "" && !azureResourceID(s) {
			v.reject(it.get("providerID"), prefix+"userAssignedIdentities["+strconv.Itoa(i)+"].providerID", "providerID %q is not an Azure resource ID", s)
		}
	}
}

// capzDiagnostics is ValidateDiagnostics.
func capzDiagnostics(v *vcheck, d *node, path string) {
	boot := d.get("boot")
	t, ok := vstr(boot.get("storageAccountType"))
	if !ok {
		return
	}
	um := boot.get("userManaged")
	uri := um.get("storageAccountURI")
	switch t {
	case "UserManaged":
		if !present(um) {
			v.reject(boot.get("storageAccountType"), path+".boot.userManaged", "boot.userManaged is required when storageAccountType is UserManaged")
		} else if uri == nil || isEmptyStr(uri) {
			v.reject(firstNode(uri, um), path+".boot.userManaged.storageAccountURI", "boot.userManaged.storageAccountURI cannot be empty when storageAccountType is UserManaged")
		}
	case "Managed", "Disabled":
		if nonEmptyStr(uri) {
			v.reject(uri, path+".boot.userManaged.storageAccountURI", "boot.userManaged.storageAccountURI cannot be set when storageAccountType is %s", t)
		}
	default:
		v.reject(boot.get("storageAccountType"), path+".boot.storageAccountType", "boot.storageAccountType %q is not one of Managed, UserManaged, Disabled", t)
	}
	if s, ok := vstr(uri); ok && s != "" && !strings.HasPrefix(s, "https://") {
		v.reject(uri, path+".boot.userManaged.storageAccountURI", "storageAccountURI must start with https://")
	}
}

// capzStrategy is validateStrategy, with the CRD's defaults (maxSurge 1,
// maxUnavailable 0) and enums.
func capzStrategy(v *vcheck, s *node) {
	if !present(s) {
		return
	}
	capzEnum(v, s, "strategy.", "type", []string{"RollingUpdate"})
	ru := s.get("rollingUpdate")
	if !present(ru) {
		return
	}
	capzEnum(v, ru, "strategy.rollingUpdate.", "deletePolicy", []string{"Random", "Newest", "Oldest"})
	intZero := func(n *node, def int64) (bool, bool) {
		if n == nil {
			return def == 0, true
		}
		i, ok := vint(n)
		if ok {
			return i == 0, true
		}
		if _, isStr := vstr(n); isStr {
			return false, true // a percentage ("0%") is not the integer 0
		}
		return false, false
	}
	surge0, ok1 := intZero(ru.get("maxSurge"), 1)
	unavail0, ok2 := intZero(ru.get("maxUnavailable"), 0)
	if ok1 && ok2 && surge0 && unavail0 {
		v.reject(firstNode(ru.get("maxUnavailable"), ru.get("maxSurge"), ru), "strategy.rollingUpdate.maxUnavailable", "maxUnavailable must not be 0 when maxSurge is 0 (maxUnavailable defaults to 0)")
	}
}

// capzNetworkInterfaces is ValidateNetwork's privateIPConfigs check (the
// defaulting webhook turns 0 into 1).
func capzNetworkInterfaces(v *vcheck, nics *node, path string) {
	for i, nic := range itemsOf(nics) {
		if n, ok := vint(nic.get("privateIPConfigs")); ok && n < 0 {
			v.reject(nic.get("privateIPConfigs"), path+"["+strconv.Itoa(i)+"].privateIPConfigs", "privateIPConfigs must be at least 1, not %d", n)
		}
	}
}

// capzOSDisk is ValidateOSDisk; pool says the AzureMachinePool's
// defaulting webhook sets an empty osType and cachingType.
func capzOSDisk(v *vcheck, osd *node, path string, pool bool) {
	if !present(osd) || osd.kind != yamlv3.MappingNode || osd.unknown {
		return
	}
	if size := osd.get("diskSizeGB"); present(size) {
		if n, ok := vint(size); ok && (n <= 0 || n > 2048) {
			v.reject(size, path+".diskSizeGB", "the OS disk size must be between 1 and 2048 GB, not %d", n)
		}
	}
	if t := osd.get("osType"); isEmptyStr(t) && !pool {
		v.reject(t, path+".osType", "the OS type cannot be empty")
	}
	md := osd.get("managedDisk")
	caching := osd.get("cachingType")
	if c, ok := vstr(caching); ok && !(c == "" && pool) && !oneOf(c, capzCachingTypes) {
		v.reject(caching, path+".cachingType", "cachingType %q is not one of %s", c, strings.Join(capzCachingTypes, ", "))
	}
	capzManagedDisk(v, md, path+".managedDisk", true)
	dds := osd.get("diffDiskSettings")
	if present(dds) {
		if des := md.get("diskEncryptionSet"); present(des) {
			v.reject(des, path+".managedDisk.diskEncryptionSet", "diskEncryptionSet is not supported with an ephemeral OS disk (diffDiskSettings)")
		}
		opt := dds.get("option")
		if !present(opt) {
			v.reject(dds, path+".diffDiskSettings.option", "diffDiskSettings.option is required (Local)")
		} else if s, ok := vstr(opt); ok && s != "Local" {
			v.reject(opt, path+".diffDiskSettings.option", "diffDiskSettings.option %q is not Local", s)
		}
		capzEnum(v, dds, path+".diffDiskSettings.", "placement", []string{"CacheDisk", "NvmeDisk", "ResourceDisk"})
	}
}

// capzManagedDisk is validateManagedDisk.
func capzManagedDisk(v *vcheck, md *node, path string, osDisk bool) {
	if !present(md) || md.kind != yamlv3.MappingNode || md.unknown {
		return
	}
	satNode := md.get("storageAccountType")
	sat, ok := vstr(satNode)
	switch {
	case satNode == nil || (ok && sat == ""):
		v.reject(firstNode(satNode, md), path+".storageAccountType", "managedDisk.storageAccountType cannot be empty")
	case ok && osDisk && sat == "UltraSSD_LRS":
		v.reject(satNode, path+".storageAccountType", "UltraSSD_LRS is for data disks only, not the OS disk")
	case ok && !oneOf(sat, capzStorageTypes):
		v.reject(satNode, path+".storageAccountType", "storageAccountType %q is not one of %s", sat, strings.Join(capzStorageTypes, ", "))
	}
	sp := md.get("securityProfile")
	if des := sp.get("diskEncryptionSet"); osDisk && present(des) {
		if t, ok := vstr(sp.get("securityEncryptionType")); (ok && t != "DiskWithVMGuestState") || sp.get("securityEncryptionType") == nil {
			v.reject(des, path+".securityProfile.diskEncryptionSet", "securityProfile.diskEncryptionSet needs securityEncryptionType DiskWithVMGuestState")
		}
	}
	capzEnum(v, sp, path+".securityProfile.", "securityEncryptionType", []string{"VMGuestStateOnly", "DiskWithVMGuestState"})
}

// capzConfidential is ValidateConfidentialCompute.
func capzConfidential(v *vcheck, md, profile *node) {
	enc, ok := vstr(md.path("securityProfile", "securityEncryptionType"))
	if !ok || enc == "" || !present(profile) || profile.kind != yamlv3.MappingNode || profile.unknown {
		return
	}
	if st := profile.get("securityType"); st == nil || (func() bool { s, ok := vstr(st); return ok && s != "ConfidentialVM" })() {
		v.reject(firstNode(st, profile), "securityProfile.securityType", "securityType must be ConfidentialVM when the OS disk's securityEncryptionType is set")
	}
	uefi := profile.get("uefiSettings")
	if !present(uefi) {
		v.reject(profile, "securityProfile.uefiSettings", "uefiSettings (with vTpmEnabled) are required when the OS disk's securityEncryptionType is set")
	} else if n := uefi.get("vTpmEnabled"); n == nil || isFalse(n) {
		v.reject(firstNode(n, uefi), "securityProfile.uefiSettings.vTpmEnabled", "vTpmEnabled must be true when the OS disk's securityEncryptionType is set")
	}
	if enc == "DiskWithVMGuestState" {
		if isTrue(profile.get("encryptionAtHost")) {
			v.reject(profile.get("encryptionAtHost"), "securityProfile.encryptionAtHost", "encryptionAtHost cannot be true with securityEncryptionType DiskWithVMGuestState")
		}
		if n := uefi.get("secureBootEnabled"); present(uefi) && (n == nil || isFalse(n)) {
			v.reject(firstNode(n, uefi), "securityProfile.uefiSettings.secureBootEnabled", "secureBootEnabled must be true with securityEncryptionType DiskWithVMGuestState")
		}
	}
}

// capzDataDisks is ValidateDataDisks, after the defaulting webhook (a LUN
// and a caching type for the disks without).
func capzDataDisks(v *vcheck, disks *node) {
	names, luns := map[string]bool{}, map[int64]bool{}
	for i, d := range itemsOf(disks) {
		if d.kind != yamlv3.MappingNode || d.unknown {
			continue
		}
		path := "dataDisks[" + strconv.Itoa(i) + "]"
		if size := d.get("diskSizeGB"); size == nil {
			v.reject(d, path+".diskSizeGB", "a data disk needs diskSizeGB")
		} else if n, ok := vint(size); ok && (n < 4 || n > 32767) {
			v.reject(size, path+".diskSizeGB", "a data disk's size must be between 4 and 32767 GB, not %d", n)
		}
		if ns := d.get("nameSuffix"); ns == nil || isEmptyStr(ns) {
			v.reject(firstNode(ns, d), path+".nameSuffix", "a data disk needs a nameSuffix")
		} else if s, ok := vstr(ns); ok {
			if names[s] {
				v.reject(ns, path+".nameSuffix", "nameSuffix %q is used by another data disk", s)
			}
			names[s] = true
		}
		if lun := d.get("lun"); present(lun) {
			if n, ok := vint(lun); ok {
				switch {
				case n < 0 || n > 63:
					v.reject(lun, path+".lun", "a data disk's LUN must be between 0 and 63, not %d", n)
				case luns[n]:
					v.reject(lun, path+".lun", "LUN %d is used by another data disk", n)
				}
				luns[n] = true
			}
		}
		md := d.get("managedDisk")
		capzManagedDisk(v, md, path+".managedDisk", false)
		caching := d.get("cachingType")
		if c, ok := vstr(caching); ok && c != "" {
			if !oneOf(c, capzCachingTypes) {
				v.reject(caching, path+".cachingType", "cachingType %q is not one of %s", c, strings.Join(capzCachingTypes, ", "))
			} else if sat, ok := vstr(md.get("storageAccountType")); ok && sat == "UltraSSD_LRS" && c != "None" {
				v.reject(caching, path+".cachingType", "cachingType %q is not supported with UltraSSD_LRS: only None is", c)
			}
		}
	}
}

// capzSpot is the CRD's spotVMOptions: evictionPolicy's enum and maxPrice
// as a quantity.
func capzSpot(v *vcheck, spot *node, path string) {
	if !present(spot) {
		return
	}
	capzEnum(v, spot, path+".", "evictionPolicy", []string{"Deallocate", "Delete"})
	if s, ok := vstr(spot.get("maxPrice")); ok && !capzQuantity.MatchString(s) {
		v.reject(spot.get("maxPrice"), path+".maxPrice", "maxPrice %q is not a number", s)
	}
}

// capzFlexible is validateOrchestrationMode: an AzureMachinePool in the
// Flexible orchestration mode needs its MachinePool (mp, nil when not in
// reach) to run Kubernetes 1.26 or later.
func capzFlexible(p *nodepool.Pool, kind string, spec, mp *node) {
	if kind != "AzureMachinePool" || mp == nil {
		return
	}
	if s, ok := vstr(spec.get("orchestrationMode")); !ok || s != "Flexible" {
		return
	}
	v := newVcheck(p, nodepool.ValidatorCAPZ, "spec")
	ver := mp.path("spec", "template", "spec", "version")
	s, ok := strOr(ver, "")
	switch {
	case !ok:
	case s == "":
		v.reject(spec.get("orchestrationMode"), "orchestrationMode", "the Flexible orchestration mode needs a Kubernetes version in the MachinePool (1.26 or later)")
	default:
		if major, minor, ok := majorMinor(s); ok && (major < 1 || major == 1 && minor < 26) {
			v.reject(spec.get("orchestrationMode"), "orchestrationMode", "the Flexible orchestration mode needs Kubernetes 1.26 or later; the MachinePool runs %s", s)
		}
	}
}

// majorMinor reads the major and minor numbers of a version (v1.25.6).
func majorMinor(s string) (int, int, bool) {
	parts := strings.SplitN(strings.TrimPrefix(strings.TrimSpace(s), "v"), ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return major, minor, err1 == nil && err2 == nil
}
