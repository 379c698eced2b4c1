package rules

import "github.com/poollint/poollint/nodepool"

// PL105 reports Cluster API Azure machine pools and machine templates its
// webhooks reject.
var PL105 = register(&Rule{
	ID:        "PL105",
	Name:      "capz-rejects",
	Summary:   "Cluster API Azure machine pool or template that CAPZ's webhooks, CRD or controller reject",
	Severity:  Error,
	Platforms: []string{"AKS", "Kubernetes"}, // self-managed (kubeadm) clusters on Azure VMs; AKS when grouped with a managed control plane
	Doc: `Cluster API Provider Azure validates AzureMachinePool (a VM scale set) and
AzureMachineTemplate (the machines of a MachineDeployment) objects in admission
webhooks, after its defaulting webhooks, and in its CRDs
(sigs.k8s.io/cluster-api-provider-azure v1.26.0: internal/exp/webhooks
azuremachinepool_webhook.go, internal/webhooks azuremachinetemplate_webhook.go,
azuremachine_validation.go and azureimage_validation.go; the defaults of
internal/api/v1beta1 azuremachine_default.go and internal/exp/api/v1beta1
azuremachinepool_default.go; the enums and required fields of api/v1beta1 and
exp/api/v1beta1). poollint runs the create checks offline, ported from that
source, with the webhooks' test tables as its own:

- both: vmSize and osDisk present; one image source (id, marketplace,
  sharedGallery or computeGallery) with its fields; a base64-encoded
  authorized_keys sshPublicKey (an empty one is generated); identity None,
  SystemAssigned or UserAssigned, userAssignedIdentities only and always with
  UserAssigned, as Azure resource IDs; boot diagnostics (a storageAccountURI
  with UserManaged only); networkInterfaces without the machine's subnetName,
  privateIPConfigs at least 1; an OS disk of 1–2048 GB with a cachingType of
  None, ReadOnly or ReadWrite, a managedDisk storageAccountType Azure knows
  (not UltraSSD_LRS), no diskEncryptionSet with an ephemeral disk,
  diffDiskSettings option Local; spotVMOptions evictionPolicy Delete or
  Deallocate;
- AzureMachinePool: location, terminateNotificationTimeout of 5–15 minutes,
  strategy maxSurge and maxUnavailable not both 0 (maxUnavailable defaults to
  0), deletePolicy and orchestrationMode from their enums, the Flexible
  orchestration mode only with a MachinePool on Kubernetes 1.26 or later, a
  system-assigned
  identity's role assignment name a GUID, systemAssignedIdentityRole only with
  SystemAssigned and not with roleAssignmentName;
- AzureMachineTemplate: no roleAssignmentName or systemAssignedIdentityRole.name
  (each machine's is generated), a system-assigned role's scope and
  definitionID, acceleratedNetworking not with networkInterfaces, data disks
  (4–32767 GB, unique nameSuffix and LUN 0–63, UltraSSD_LRS with cachingType
  None), confidential VM settings (ConfidentialVM, vTPM, secure boot and no
  host encryption with DiskWithVMGuestState), capacityReservationGroupID an
  Azure resource ID, no vmExtensions with disableExtensionOperations.

- AzureASOManagedMachinePool: its webhook checks only a feature gate, but
  CAPZ's controller (pkg/mutators/azureasomanagedmachinepool.go, v1.26.0)
  will not reconcile a ManagedClustersAgentPool whose orchestratorVersion or
  count differs from the referencing MachinePool's version or replicas (it
  sets them itself; a count is judged only without autoscaling), nor one
  with enableAutoScaling when the MachinePool's
  cluster.x-k8s.io/replicas-managed-by annotation names another autoscaler.

AzureManagedMachinePool (AKS) is PL204's. The update checks (immutable fields) need the
previous object and are not run. A value that cannot be resolved offline is not
checked.`,
	Fix: `Change the AzureMachinePool or AzureMachineTemplate field the message names to a
value CAPZ's webhook accepts: an image with one source and all its fields, an
sshPublicKey that is the base64 of an authorized_keys line (or none, to have one
generated), identity UserAssigned with its userAssignedIdentities, an OS disk of
at most 2048 GB with a known storageAccountType, maxUnavailable of 1 or more when
maxSurge is 0, no role assignment name in a template; leave orchestratorVersion
and count out of an AzureASOManagedMachinePool's ManagedClustersAgentPool (CAPZ
copies them from the MachinePool, and reports a conflict only in the pool's
conditions when it reconciles). kubectl apply --dry-run=server against a
management cluster with CAPZ installed shows the webhooks' errors.`,
	Links: []Link{linkCAPZMachinePools, linkCAPZOSDisk, linkCAPZDataDisks},
	Check: func(p *Pass) { reportRejections(p, nodepool.ValidatorCAPZ) },
})
