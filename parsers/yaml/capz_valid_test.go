package yaml

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
)

// indentLines indents each non-empty line of s by pad.
func indentLines(s, pad string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line != "" {
			b.WriteString(pad + line + "\n")
		}
	}
	return b.String()
}

// machineTemplateDoc is a MachineDeployment with the infrastructure
// machine template kind (of apiVersion infra) whose spec.template.spec is
// machine.
func machineTemplateDoc(infra, kind, machine string) string {
	return `apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineDeployment
metadata:
  name: md-0
spec:
  clusterName: c
  replicas: 2
  template:
    spec:
      clusterName: c
      version: v1.31.1
      bootstrap:
        dataSecretName: ""
      infrastructureRef:
        apiVersion: ` + infra + `
        kind: ` + kind + `
        name: md-0
---
apiVersion: ` + infra + `
kind: ` + kind + `
metadata:
  name: md-0
spec:
  template:
    spec:
` + indentLines(machine, "      ")
}

// capzTemplateDoc is a MachineDeployment with the AzureMachineTemplate
// whose spec.template.spec is machine.
func capzTemplateDoc(machine string) string {
	return machineTemplateDoc("infrastructure.cluster.x-k8s.io/v1beta1", "AzureMachineTemplate", machine)
}

// capzPoolDoc is an AzureMachinePool with the spec lines given (its
// template among them).
func capzPoolDoc(spec string) string {
	return `apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureMachinePool
metadata:
  name: mp-0
  labels:
    cluster.x-k8s.io/cluster-name: c
spec:
` + indentLines(spec, "  ")
}

// testSSHKey is an ed25519 authorized_keys line, base64-encoded as CAPZ
// takes it.
func testSSHKey() string {
	var blob []byte
	blob = binary.BigEndian.AppendUint32(blob, uint32(len("ssh-ed25519")))
	blob = append(blob, "ssh-ed25519"...)
	blob = binary.BigEndian.AppendUint32(blob, 32)
	for i := range 32 {
		blob = append(blob, byte(i))
	}
	line := "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob) + " capz@example\n"
	return base64.StdEncoding.EncodeToString([]byte(line))
}

const capzDisk = "osDisk:\n  osType: Linux\n  diskSizeGB: 30\n  managedDisk:\n    storageAccountType: Premium_LRS\n  cachingType: None"

// TestCAPZTemplateValidation is Cluster API Provider Azure v1.26.0's
// AzureMachineTemplate create-webhook table
// (internal/webhooks/azuremachinetemplate_webhook_test.go) and the
// machine-spec tables it runs (azuremachine_validation_test.go), as
// manifests. Cases the defaulting webhook settles before validation (an
// empty SSH key, a LUN or caching type left out, privateIPConfigs 0) are
// accepted, as the API server accepts them.
func TestCAPZTemplateValidation(t *testing.T) {
	m := func(s string) string { return capzTemplateDoc("vmSize: Standard_D2s_v3\n" + s) }
	d := func(s string) string { return m(capzDisk + "\n" + s) }
	key := testSSHKey()
	const p = "spec.template.spec."
	runValidCases(t, []validCase{
		// azuremachinetemplate_webhook_test.go
		{"marketplace image full", d("image:\n  marketplace: {publisher: PUB1234, offer: OFFER1234, sku: SKU1234, version: 1.0.0}"), "", 0},
		{"marketplace image without publisher", d("image:\n  marketplace: {publisher: '', offer: OFFER1234, sku: SKU1234, version: 1.0.0}"), p + "image.marketplace.publisher", 0},
		{"shared gallery image full", d("image:\n  sharedGallery: {subscriptionID: SUB123, resourceGroup: RG123, name: NAME123, gallery: GALLERY1, version: 1.0.0}"), "", 0},
		{"shared gallery image without subscription", d("image:\n  sharedGallery: {subscriptionID: '', resourceGroup: RG123, name: NAME123, gallery: GALLERY2, version: 1.0.0}"), p + "image.sharedGallery.subscriptionID", 0},
		{"image by id", d("image:\n  id: ID123"), "", 0},
		{"image by empty id", d("image:\n  id: ''"), p + "image.id", 0},
		{"valid ssh key", d("sshPublicKey: " + key), "", 0},
		// Upstream's "without SSHPublicKey" calls ValidateCreate without the
		// defaulting webhook, which generates a key: the API server accepts it.
		{"empty ssh key is generated", d("sshPublicKey: ''"), "", 0},
		{"invalid ssh key", d("sshPublicKey: invalid ssh key"), p + "sshPublicKey", 0},
		{"user-assigned identities", d("identity: UserAssigned\nuserAssignedIdentities:\n  - providerID: azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group/providers/Microsoft.Compute/virtualMachines/default-09091-control-plane-f1b2c\n  - providerID: azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group/providers/Microsoft.Compute/virtualMachines/default-09091-control-plane-9a8b7"), "", 0},
		{"user-assigned identity without identities", d("identity: UserAssigned\nuserAssignedIdentities: []"), p + "userAssignedIdentities", 0},
		{"valid os disk cache type", m("osDisk:\n  osType: Linux\n  cachingType: ReadOnly"), "", 0},
		{"invalid os disk cache type", m("osDisk:\n  osType: Linux\n  cachingType: invalid_cache_type"), p + "osDisk.cachingType", 0},
		{"system-assigned identity role name", d("identity: SystemAssigned\nsystemAssignedIdentityRole:\n  name: c6e3443d-bc11-4335-8819-ab6637b10586\n  scope: test-scope\n  definitionID: test-definition-id"), p + "systemAssignedIdentityRole.name", 0},
		{"system-assigned identity role without name", d("identity: SystemAssigned\nsystemAssignedIdentityRole:\n  scope: test-scope\n  definitionID: test-definition-id"), "", 0},
		{"role assignment name", d("roleAssignmentName: test-role-assignment"), p + "roleAssignmentName", 0},
		{"extension operations disabled without extensions", d("disableExtensionOperations: true"), "", 0},
		{"extension operations disabled with an extension", d("disableExtensionOperations: true\nvmExtensions:\n  - {name: test-extension, publisher: test-publiher, version: v0.0.1-test}"), p + "vmExtensions", 0},
		{"no role assignment name", d(""), "", 0},
		{"network interfaces and subnet name", d("subnetName: test-subnet\nnetworkInterfaces:\n  - {subnetName: subnet1, privateIPConfigs: 1}\n  - {subnetName: subnet2, privateIPConfigs: 1}"), p + "subnetName", 0},
		{"network interfaces without subnet name", d("networkInterfaces:\n  - {subnetName: subnet1, privateIPConfigs: 1}\n  - {subnetName: subnet2, privateIPConfigs: 1}"), "", 0},
		{"network interfaces and accelerated networking", d("acceleratedNetworking: true\nnetworkInterfaces:\n  - {subnetName: subnet1, privateIPConfigs: 1}\n  - {subnetName: subnet2, privateIPConfigs: 1}"), p + "acceleratedNetworking", 0},
		{"network interfaces, accelerated networking left out", d("networkInterfaces:\n  - {subnetName: subnet1, privateIPConfigs: 1, acceleratedNetworking: true}"), "", 0},
		{"private IP configs below 1", d("networkInterfaces:\n  - {subnetName: subnet1, privateIPConfigs: 0}\n  - {subnetName: subnet2, privateIPConfigs: -1}"), p + "networkInterfaces[1].privateIPConfigs", 0},
		// The defaulting webhook turns 0 (or no value) into 1.
		{"private IP configs 0 is defaulted", d("networkInterfaces:\n  - {subnetName: subnet1, privateIPConfigs: 0}"), "", 0},
		{"private IP configs at least 1", d("networkInterfaces:\n  - {subnetName: subnet1, privateIPConfigs: 1}\n  - {subnetName: subnet2, privateIPConfigs: 2}"), "", 0},

		// azuremachine_validation_test.go: SSH keys
		{"ssh key not base64", d("sshPublicKey: " + strings.TrimSpace(mustB64Decode(t, key))), p + "sshPublicKey", 0},
		// OS disks
		{"valid os disk", d(""), "", 0},
		{"valid ephemeral os disk", m("osDisk:\n  diskSizeGB: 30\n  cachingType: None\n  osType: blah\n  diffDiskSettings: {option: Local}\n  managedDisk: {storageAccountType: Standard_LRS}"), "", 0},
		{"resource disk placement with option local", m("osDisk:\n  diskSizeGB: 30\n  cachingType: None\n  osType: blah\n  diffDiskSettings: {option: Local, placement: ResourceDisk}\n  managedDisk: {storageAccountType: Standard_LRS}"), "", 0},
		{"resource disk placement without option", m("osDisk:\n  diskSizeGB: 30\n  cachingType: None\n  osType: blah\n  diffDiskSettings: {placement: ResourceDisk}\n  managedDisk: {storageAccountType: Standard_LRS}"), p + "osDisk.diffDiskSettings.option", 0},
		{"ephemeral os disk with disk encryption set", m("osDisk:\n  diskSizeGB: 30\n  cachingType: None\n  osType: blah\n  diffDiskSettings: {option: Local}\n  managedDisk:\n    storageAccountType: Standard_LRS\n    diskEncryptionSet: {id: disk-encryption-set}"), p + "osDisk.managedDisk.diskEncryptionSet", 0},
		// Upstream's empty OSDisk{} is defaulted by the CRD (osType Linux,
		// cachingType None); an empty osType written out is not.
		{"empty os disk is defaulted", m("osDisk: {}"), "", 0},
		{"os disk size 0", m("osDisk: {diskSizeGB: 0, osType: blah}"), p + "osDisk.diskSizeGB", 0},
		{"os disk size negative", m("osDisk: {diskSizeGB: -10, osType: blah}"), p + "osDisk.diskSizeGB", 0},
		{"os disk size 2050", m("osDisk: {diskSizeGB: 2050, osType: blah}"), p + "osDisk.diskSizeGB", 0},
		{"os disk empty os type", m("osDisk: {diskSizeGB: 20, osType: ''}"), p + "osDisk.osType", 0},
		{"os disk empty managed disk", m("osDisk:\n  diskSizeGB: 30\n  osType: blah\n  managedDisk: {}"), p + "osDisk.managedDisk.storageAccountType", 0},
		{"os disk empty storage account type", m("osDisk:\n  diskSizeGB: 30\n  osType: blah\n  managedDisk: {storageAccountType: ''}"), p + "osDisk.managedDisk.storageAccountType", 0},
		{"os disk invalid storage account type", m("osDisk:\n  diskSizeGB: 30\n  osType: blah\n  managedDisk: {storageAccountType: invalid_type}"), p + "osDisk.managedDisk.storageAccountType", 0},
		// Upstream's last negative OSDisk fails only for its cachingType
		// left empty without the CRD's default.
		{"premium ephemeral os disk", m("osDisk:\n  diskSizeGB: 30\n  osType: blah\n  managedDisk: {storageAccountType: Premium_LRS}\n  diffDiskSettings: {option: Local}"), "", 0},
		{"ultra os disk", m("osDisk:\n  osType: Linux\n  managedDisk: {storageAccountType: UltraSSD_LRS}"), p + "osDisk.managedDisk.storageAccountType", 0},
		// data disks
		{"no data disks", d("dataDisks: []"), "", 0},
		{"valid data disks", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 64, lun: 0, cachingType: None}\n  - {nameSuffix: my_other_disk, diskSizeGB: 64, lun: 1, cachingType: None}"), "", 0},
		{"duplicate data disk names", d("dataDisks:\n  - {nameSuffix: disk, diskSizeGB: 64, lun: 0, cachingType: None}\n  - {nameSuffix: disk, diskSizeGB: 64, lun: 1, cachingType: None}"), p + "dataDisks[1].nameSuffix", 0},
		{"duplicate LUNs", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 64, lun: 0, cachingType: None}\n  - {nameSuffix: my_other_disk, diskSizeGB: 64, lun: 0, cachingType: None}"), p + "dataDisks[1].lun", 0},
		{"data disk size 0", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 0, lun: 0, cachingType: None}"), p + "dataDisks[0].diskSizeGB", 0},
		{"data disk empty name", d("dataDisks:\n  - {nameSuffix: '', diskSizeGB: 0, lun: 0, cachingType: None}"), p + "dataDisks[0].nameSuffix", 0},
		{"data disk caching type", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 64, lun: 0, cachingType: invalidCacheType}"), p + "dataDisks[0].cachingType", 0},
		{"data disk valid caching type", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 64, lun: 0, cachingType: None}"), "", 0},
		{"data disk storage account types", d("dataDisks:\n  - {nameSuffix: my_disk_1, diskSizeGB: 64, managedDisk: {storageAccountType: Premium_LRS}, lun: 0, cachingType: None}\n  - {nameSuffix: my_disk_2, diskSizeGB: 64, managedDisk: {storageAccountType: Standard_LRS}, lun: 1, cachingType: None}"), "", 0},
		{"data disk invalid storage account type", d("dataDisks:\n  - {nameSuffix: my_disk_1, diskSizeGB: 64, managedDisk: {storageAccountType: invalid storage account}, lun: 0, cachingType: None}"), p + "dataDisks[0].managedDisk.storageAccountType", 0},
		{"ultra data disk with caching None", d("dataDisks:\n  - {nameSuffix: my_disk_1, diskSizeGB: 64, managedDisk: {storageAccountType: UltraSSD_LRS}, lun: 0, cachingType: None}"), "", 0},
		{"ultra data disk with caching ReadWrite", d("dataDisks:\n  - {nameSuffix: my_disk_1, diskSizeGB: 64, managedDisk: {storageAccountType: UltraSSD_LRS}, lun: 0, cachingType: ReadWrite}"), p + "dataDisks[0].cachingType", 0},
		{"ultra data disk with caching ReadOnly", d("dataDisks:\n  - {nameSuffix: my_disk_1, diskSizeGB: 64, managedDisk: {storageAccountType: UltraSSD_LRS}, lun: 0, cachingType: ReadOnly}"), p + "dataDisks[0].cachingType", 0},
		// Upstream's nil LUN is given one by the defaulting webhook.
		{"data disk without LUN is defaulted", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 64}"), "", 0},
		{"LUN below range", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 64, lun: -1, cachingType: None}"), p + "dataDisks[0].lun", 0},
		{"LUN above range", d("dataDisks:\n  - {nameSuffix: my_disk, diskSizeGB: 64, lun: 64, cachingType: None}"), p + "dataDisks[0].lun", 0},
		// diagnostics
		{"no boot diagnostics", d("diagnostics: {}"), "", 0},
		{"managed diagnostics", d("diagnostics:\n  boot: {storageAccountType: Managed}"), "", 0},
		{"managed diagnostics with a URI", d("diagnostics:\n  boot:\n    storageAccountType: Managed\n    userManaged: {storageAccountURI: 'https://example.blob.core.windows.net/'}"), p + "diagnostics.boot.userManaged.storageAccountURI", 0},
		{"disabled diagnostics", d("diagnostics:\n  boot: {storageAccountType: Disabled}"), "", 0},
		{"disabled diagnostics with a URI", d("diagnostics:\n  boot:\n    storageAccountType: Disabled\n    userManaged: {storageAccountURI: 'https://example.blob.core.windows.net/'}"), p + "diagnostics.boot.userManaged.storageAccountURI", 0},
		{"user-managed diagnostics", d("diagnostics:\n  boot:\n    storageAccountType: UserManaged\n    userManaged: {storageAccountURI: 'https://example.blob.core.windows.net/'}"), "", 0},
		{"user-managed diagnostics without userManaged", d("diagnostics:\n  boot: {storageAccountType: UserManaged}"), p + "diagnostics.boot.userManaged", 0},
		{"user-managed diagnostics with an empty URI", d("diagnostics:\n  boot:\n    storageAccountType: UserManaged\n    userManaged: {storageAccountURI: ''}"), p + "diagnostics.boot.userManaged.storageAccountURI", 0},
		// system-assigned identity roles (the template's role name is
		// always rejected: each machine's is generated)
		{"valid role", d("identity: SystemAssigned\nsystemAssignedIdentityRole: {scope: fake-scope, definitionID: fake-definition-id}"), "", 0},
		{"role with the wrong identity type", d("identity: UserAssigned\nuserAssignedIdentities: [{providerID: /subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i}]\nsystemAssignedIdentityRole: {scope: fake-scope, definitionID: fake-definition-id}"), p + "systemAssignedIdentityRole", 0},
		{"role without scope", d("identity: SystemAssigned\nsystemAssignedIdentityRole: {definitionID: fake-definition-id}"), p + "systemAssignedIdentityRole.scope", 0},
		{"role without definition id", d("identity: SystemAssigned\nsystemAssignedIdentityRole: {scope: fake-scope}"), p + "systemAssignedIdentityRole.definitionID", 0},
		// user-assigned identities
		{"provider id without a slash", d("identity: UserAssigned\nuserAssignedIdentities:\n  - providerID: subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group/providers/Microsoft.Compute/virtualMachines/vm"), p + "userAssignedIdentities[0].providerID", 0},
		{"provider id not under subscriptions", d("identity: UserAssigned\nuserAssignedIdentities:\n  - providerID: azure:///prescriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group/providers/Microsoft.Compute/virtualMachines/vm"), p + "userAssignedIdentities[0].providerID", 0},
		{"provider id", d("identity: UserAssigned\nuserAssignedIdentities:\n  - providerID: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group/providers/Microsoft.Compute/virtualMachines/vm"), "", 0},
		{"identities without UserAssigned", d("userAssignedIdentities:\n  - providerID: /subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i"), p + "identity", 0},
		// network
		{"deprecated subnet name", d("subnetName: subnet1"), "", 0},
		{"interface with accelerated networking", d("networkInterfaces:\n  - {subnetName: subnet1, acceleratedNetworking: true, privateIPConfigs: 1}\n  - {subnetName: subnet2, acceleratedNetworking: true, privateIPConfigs: 30}"), "", 0},
		// confidential compute
		{"no confidential compute, host encryption", d("securityProfile: {encryptionAtHost: true}"), "", 0},
		{"VMGuestStateOnly without secure boot", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: VMGuestStateOnly}\nsecurityProfile:\n  securityType: ConfidentialVM\n  uefiSettings: {vTpmEnabled: true, secureBootEnabled: false}"), "", 0},
		{"VMGuestStateOnly with host encryption", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: VMGuestStateOnly}\nsecurityProfile:\n  encryptionAtHost: true\n  securityType: ConfidentialVM\n  uefiSettings: {vTpmEnabled: true}"), "", 0},
		{"DiskWithVMGuestState", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: DiskWithVMGuestState}\nsecurityProfile:\n  securityType: ConfidentialVM\n  uefiSettings: {vTpmEnabled: true, secureBootEnabled: true}"), "", 0},
		{"DiskWithVMGuestState with host encryption", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: DiskWithVMGuestState}\nsecurityProfile:\n  encryptionAtHost: true"), p + "securityProfile.encryptionAtHost", 0},
		{"DiskWithVMGuestState without vTPM", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: DiskWithVMGuestState}\nsecurityProfile:\n  securityType: ConfidentialVM\n  uefiSettings: {vTpmEnabled: false, secureBootEnabled: false}"), p + "securityProfile.uefiSettings.vTpmEnabled", 0},
		{"DiskWithVMGuestState without secure boot", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: DiskWithVMGuestState}\nsecurityProfile:\n  securityType: ConfidentialVM\n  uefiSettings: {vTpmEnabled: true, secureBootEnabled: false}"), p + "securityProfile.uefiSettings.secureBootEnabled", 0},
		{"DiskWithVMGuestState not ConfidentialVM", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: DiskWithVMGuestState}\nsecurityProfile:\n  uefiSettings: {vTpmEnabled: true, secureBootEnabled: true}"), p + "securityProfile.securityType", 0},
		{"VMGuestStateOnly not ConfidentialVM", m("osDisk:\n  osType: Linux\n  managedDisk:\n    storageAccountType: Premium_LRS\n    securityProfile: {securityEncryptionType: VMGuestStateOnly}\nsecurityProfile:\n  uefiSettings: {vTpmEnabled: true, secureBootEnabled: true}"), p + "securityProfile.securityType", 0},
		// capacity reservation groups (azuremachine_webhook_test.go)
		{"capacity reservation group", d("capacityReservationGroupID: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/capacityReservationGroups/crg"), "", 0},
		{"capacity reservation group not an ID", d("capacityReservationGroupID: crg"), p + "capacityReservationGroupID", 0},

		// the CRD: required fields and enums
		{"no vmSize", capzTemplateDoc(capzDisk + "\nsshPublicKey: ''\nidentity: None"), p + "vmSize", 0},
		{"no osDisk", capzTemplateDoc("vmSize: Standard_D2s_v3\nsshPublicKey: ''\nidentity: None"), p + "osDisk", 0},
		// A kustomize patch of a template leaves the rest out.
		{"patch of a template", capzTemplateDoc("vmSize: Standard_D8s_v3"), "", 0},
		{"identity enum", d("identity: Managed"), p + "identity", 0},
		{"spot eviction policy", d("spotVMOptions: {evictionPolicy: Stop}"), p + "spotVMOptions.evictionPolicy", 0},
		{"spot max price", d("spotVMOptions: {maxPrice: cheap}"), p + "spotVMOptions.maxPrice", 0},
		{"spot options", d("spotVMOptions: {evictionPolicy: Delete, maxPrice: '0.05'}"), "", 0},
		{"placement enum", m("osDisk:\n  osType: Linux\n  diffDiskSettings: {option: Local, placement: TempDisk}"), p + "osDisk.diffDiskSettings.placement", 0},

		// unknown values are left alone
		{"unknown vm size and ssh key", capzTemplateDoc("vmSize: ${AZURE_NODE_MACHINE_TYPE}\nsshPublicKey: ${AZURE_SSH_PUBLIC_KEY_B64:=\"\"}\n" + capzDisk), "", 0},
		{"unknown disk size", m("osDisk:\n  osType: Linux\n  diskSizeGB: ${DISK_SIZE}"), "", 0},
		{"unknown storage type", m("osDisk:\n  osType: Linux\n  managedDisk: {storageAccountType: '${STORAGE}'}"), "", 0},
		{"unknown identity", d("identity: ${IDENTITY}\nuserAssignedIdentities: []\nsystemAssignedIdentityRole: {scope: s}"), "", 0},
	})
}

// TestCAPZMachinePoolValidation is Cluster API Provider Azure v1.26.0's
// AzureMachinePool create-webhook table
// (internal/exp/webhooks/azuremachinepool_webhook_test.go) as manifests,
// after the defaulting webhook (an SSH key, a system-assigned identity's
// role name, scope and definition, osType Linux and cachingType None).
func TestCAPZMachinePoolValidation(t *testing.T) {
	const base = "vmSize: Standard_D2s_v3\nosDisk: {osType: Linux, cachingType: None}"
	a := func(spec, tmpl string) string {
		return capzPoolDoc("location: westeurope\n" + spec + "\ntemplate:\n" + indentLines(base+"\n"+tmpl, "  "))
	}
	key := testSSHKey()
	const p = "spec."
	valid := "identity: SystemAssigned\nsystemAssignedIdentityRole:\n  name: 30a757d8-fcf0-4c8b-acf0-9253a7e093ea\n  scope: scope\n  definitionID: definitionID\nstrategy:\n  type: RollingUpdate\n  rollingUpdate: {maxSurge: 0, maxUnavailable: 1}"
	runValidCases(t, []validCase{
		{"valid", a(valid, "image:\n  marketplace: {publisher: PUB1234, offer: OFFER1234, sku: SKU1234, version: 1.0.0}\nsshPublicKey: "+key+"\nterminateNotificationTimeout: 10"), "", 0},
		{"marketplace image full", a("", "image:\n  marketplace: {publisher: PUB1234, offer: OFFER1234, sku: SKU1234, version: 1.0.0}\nterminateNotificationTimeout: 10"), "", 0},
		{"marketplace image without publisher", a("", "image:\n  marketplace: {publisher: '', offer: OFFER1234, sku: SKU1234, version: 1.0.0}"), p + "template.image.marketplace.publisher", 0},
		{"shared gallery image full", a("", "image:\n  sharedGallery: {subscriptionID: SUB123, resourceGroup: RG123, name: NAME123, gallery: GALLERY1, version: 1.0.0}"), "", 0},
		{"shared gallery image without subscription", a("", "image:\n  sharedGallery: {subscriptionID: '', resourceGroup: RG123, name: NAME123, gallery: GALLERY1, version: 1.0.0}"), p + "template.image.sharedGallery.subscriptionID", 0},
		{"image by id", a("", "image: {id: ID123}"), "", 0},
		{"image by empty id", a("", "image: {id: ''}"), p + "template.image.id", 0},
		{"valid ssh key", a("", "sshPublicKey: "+key), "", 0},
		{"invalid ssh key", a("", "sshPublicKey: invalid ssh key"), p + "template.sshPublicKey", 0},
		{"terminate notification 35", a("", "terminateNotificationTimeout: 35"), p + "template.terminateNotificationTimeout", 0},
		{"terminate notification 4", a("", "terminateNotificationTimeout: 4"), p + "template.terminateNotificationTimeout", 0},
		{"system-assigned identity", a("identity: SystemAssigned\nsystemAssignedIdentityRole: {name: 30a757d8-fcf0-4c8b-acf0-9253a7e093ea, scope: scope, definitionID: definitionID}", ""), "", 0},
		{"system-assigned identity, role not a GUID", a("identity: SystemAssigned\nsystemAssignedIdentityRole: {name: not_a_uuid, scope: scope, definitionID: definitionID}", ""), p + "systemAssignedIdentityRole.name", 0},
		{"user-assigned identity", a("identity: UserAssigned\nuserAssignedIdentities:\n  - providerID: azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group/providers/Microsoft.Compute/virtualMachines/default-20202-control-plane-7w265\n  - providerID: azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group/providers/Microsoft.Compute/virtualMachines/default-20202-control-plane-a6b7d", ""), "", 0},
		{"user-assigned identity without identities", a("identity: UserAssigned\nuserAssignedIdentities: []", ""), p + "userAssignedIdentities", 0},
		{"managed diagnostics", a("", "diagnostics:\n  boot: {storageAccountType: Managed}"), "", 0},
		{"user-managed diagnostics", a("", "diagnostics:\n  boot:\n    storageAccountType: UserManaged\n    userManaged: {storageAccountURI: 'https://fakeurl'}"), "", 0},
		{"no diagnostics", a("", ""), "", 0},
		{"user-managed diagnostics without account", a("", "diagnostics:\n  boot: {storageAccountType: UserManaged}"), p + "template.diagnostics.boot.userManaged", 0},
		{"max surge and unavailable 0", a("strategy:\n  type: RollingUpdate\n  rollingUpdate: {maxSurge: 0, maxUnavailable: 0}", ""), p + "strategy.rollingUpdate.maxUnavailable", 0},
		{"max surge 0, unavailable 1", a("strategy:\n  type: RollingUpdate\n  rollingUpdate: {maxSurge: 0, maxUnavailable: 1}", ""), "", 0},
		// The CRD defaults maxUnavailable to 0.
		{"max surge 0, unavailable defaulted", a("strategy:\n  rollingUpdate: {maxSurge: 0}", ""), p + "strategy.rollingUpdate.maxUnavailable", 0},
		{"max surge 0%, unavailable 0", a("strategy:\n  rollingUpdate: {maxSurge: 0%, maxUnavailable: 0}", ""), "", 0},
		{"legacy subnet name", a("", "subnetName: testSubnet\nnetworkInterfaces: []"), "", 0},
		{"legacy subnet name and interfaces", a("", "subnetName: testSubnet\nnetworkInterfaces:\n  - subnetName: testSubnet"), p + "template.subnetName", 0},
		{"network interfaces", a("", "networkInterfaces:\n  - subnetName: testSubnet"), "", 0},
		// The Flexible orchestration mode's version check reads the
		// MachinePool; without one in reach it is not run.
		{"flexible orchestration", capzMachinePoolDoc("v1.26.0", a("orchestrationMode: Flexible", "")), "", 0},
		{"flexible orchestration on 1.25", capzMachinePoolDoc("v1.25.6", a("orchestrationMode: Flexible", "")), p + "orchestrationMode", 0},
		{"flexible orchestration without a version", capzMachinePoolDoc("", a("orchestrationMode: Flexible", "")), p + "orchestrationMode", 0},
		{"flexible orchestration, version unknown", capzMachinePoolDoc("${KUBERNETES_VERSION}", a("orchestrationMode: Flexible", "")), "", 0},
		{"flexible orchestration, no MachinePool", a("orchestrationMode: Flexible", ""), "", 0},
		{"uniform orchestration on 1.25", capzMachinePoolDoc("v1.25.6", a("orchestrationMode: Uniform", "")), "", 0},
		{"resource disk without option", a("", "osDisk:\n  diffDiskSettings: {placement: ResourceDisk}"), p + "template.osDisk.diffDiskSettings.option", 0},
		// Upstream rejects this one only for the osType and cachingType its
		// test leaves empty, which the defaulting webhook sets.
		{"resource disk placement", capzPoolDoc("location: westeurope\ntemplate:\n  vmSize: Standard_D2s_v3\n  osDisk:\n    diffDiskSettings: {option: Local, placement: ResourceDisk}"), "", 0},

		// more of the same webhook
		{"role with the wrong identity", a("systemAssignedIdentityRole: {scope: scope, definitionID: definitionID}", ""), p + "systemAssignedIdentityRole", 0},
		{"role name and role assignment name", a("identity: SystemAssigned\nroleAssignmentName: 30a757d8-fcf0-4c8b-acf0-9253a7e093ea\nsystemAssignedIdentityRole: {name: 30a757d8-fcf0-4c8b-acf0-9253a7e093eb}", ""), p + "systemAssignedIdentityRole.name", 0},
		{"legacy role assignment name not a GUID", a("identity: SystemAssigned\nroleAssignmentName: my-role", ""), p + "roleAssignmentName", 0},
		{"system-assigned identity defaults", a("identity: SystemAssigned", ""), "", 0},
		{"os disk size", a("", "osDisk: {osType: Linux, diskSizeGB: 4096}"), p + "template.osDisk.diskSizeGB", 0},
		// the CRD
		{"no location", capzPoolDoc("template:\n  vmSize: Standard_D2s_v3\n  osDisk: {osType: Linux}"), p + "location", 0},
		{"no vmSize", capzPoolDoc("location: westeurope\ntemplate:\n  osDisk: {osType: Linux}"), p + "template.vmSize", 0},
		// A kustomize patch of a pool leaves the rest out.
		{"patch of a pool", capzPoolDoc("template:\n  image:\n    computeGallery: {gallery: g, name: capi-ubun2-2404, version: latest}"), "", 0},
		{"patch of a pool's location", capzPoolDoc("location: westeurope"), "", 0},
		{"orchestration mode enum", a("orchestrationMode: Flex", ""), p + "orchestrationMode", 0},
		{"delete policy enum", a("strategy:\n  rollingUpdate: {deletePolicy: Latest}", ""), p + "strategy.rollingUpdate.deletePolicy", 0},
		{"spot eviction policy", a("", "spotVMOptions: {evictionPolicy: Stop}"), p + "template.spotVMOptions.evictionPolicy", 0},
		// unknown values
		{"unknown location and key", capzPoolDoc("location: ${AZURE_LOCATION}\ntemplate:\n  vmSize: ${AZURE_NODE_MACHINE_TYPE}\n  osDisk: {osType: Linux}\n  sshPublicKey: ${AZURE_SSH_PUBLIC_KEY_B64:=\"\"}"), "", 0},
		{"unknown timeout", a("", "terminateNotificationTimeout: ${TIMEOUT}"), "", 0},
		{"unknown surge", a("strategy:\n  rollingUpdate: {maxSurge: '${SURGE}', maxUnavailable: 0}", ""), "", 0},
	})
}

func mustB64Decode(t *testing.T, s string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// capzClassDoc is a ClusterClass with the patches given and one
// machineDeployments worker class on an AzureMachineTemplate whose OS
// disk is 4096 GB.
func capzClassDoc(patches string) string {
	return `apiVersion: cluster.x-k8s.io/v1beta1
kind: ClusterClass
metadata:
  name: cc
spec:
  variables:
    - name: diskSize
      schema:
        openAPIV3Schema: {type: integer, default: 128}
  patches:
` + indentLines(patches, "    ") + `  workers:
    machineDeployments:
      - class: md
        template:
          bootstrap:
            ref: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: w}
          infrastructure:
            ref: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: AzureMachineTemplate, name: w}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureMachineTemplate
metadata:
  name: w
spec:
  template:
    spec:
      vmSize: Standard_D2s_v3
      osDisk:
        osType: Linux
        diskSizeGB: 4096
`
}

// A ClusterClass's template is checked as its patches leave it; one a
// runtime extension patches is not checked.
func TestCAPZClassValidation(t *testing.T) {
	const p = "spec.template.spec."
	runValidCases(t, []validCase{
		{"class template", capzClassDoc("- name: none\n  definitions: []"), p + "osDisk.diskSizeGB", 0},
		{"class template patched from a variable", capzClassDoc(`- name: disk
  definitions:
    - selector:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureMachineTemplate
        matchResources:
          machineDeploymentClass: {names: [md]}
      jsonPatches:
        - op: replace
          path: /spec/template/spec/osDisk/diskSizeGB
          valueFrom: {variable: diskSize}`), "", 0},
		{"class template patched by an extension", capzClassDoc(`- name: ext
  external: {generateExtension: gen.example.com}`), "", 0},
	})
}

// capzMachinePoolDoc is the MachinePool of pool (a capzPoolDoc) at
// Kubernetes version (none when empty), followed by pool.
func capzMachinePoolDoc(version, pool string) string {
	ver := ""
	if version != "" {
		ver = "      version: " + version + "\n"
	}
	return `apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: mp-0
spec:
  clusterName: c
  replicas: 2
  template:
    spec:
      clusterName: c
` + ver + `      bootstrap:
        dataSecretName: ""
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureMachinePool
        name: mp-0
---
` + pool
}
