package scan

import (
	"strings"
	"testing"
)

// The Cluster API providers' node pool webhooks, measured on their own test
// tables: every create-time case (and every update case whose new object a
// create would refuse too) written as the manifests a user applies, with the
// Cluster, control plane and MachinePool or MachineDeployment that make the
// pool readable. Update-only cases (an immutable field changed) are listed
// as missed: they need the previous object.

const updateOnly = "update-only: needs the previous object"

// indent prefixes every non-empty line of s with n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// capzManaged is an AKS cluster managed by Cluster API Azure with a System
// pool, and one more AzureManagedMachinePool named name with spec (YAML,
// not indented) that a MachinePool of the cluster references.
func capzManaged(name, spec string) map[string]string {
	return oneFile("cluster.yaml", `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: aks-prod
  namespace: default
spec:
  controlPlaneRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
    kind: AzureManagedControlPlane
    name: aks-prod
  infrastructureRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
    kind: AzureManagedCluster
    name: aks-prod
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedCluster
metadata:
  name: aks-prod
  namespace: default
spec: {}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedControlPlane
metadata:
  name: aks-prod
  namespace: default
spec:
  location: westeurope
  resourceGroupName: rg-aks-prod
  subscriptionID: 00000000-0000-0000-0000-000000000000
  version: v1.31.2
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: aks-prod-system
  namespace: default
spec:
  clusterName: aks-prod
  replicas: 3
  template:
    spec:
      clusterName: aks-prod
      version: v1.31.2
      bootstrap:
        dataSecretName: ""
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureManagedMachinePool
        name: aks-prod-system
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: aks-prod-system
  namespace: default
spec:
  name: system
  mode: System
  sku: Standard_D4s_v5
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: `+name+`
  namespace: default
spec:
  clusterName: aks-prod
  replicas: 2
  template:
    spec:
      clusterName: aks-prod
      version: v1.31.2
      bootstrap:
        dataSecretName: ""
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureManagedMachinePool
        name: `+name+`
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: `+name+`
  namespace: default
spec:
`+indent(spec, 2))
}

// capzUser is capzManaged with a User pool "pool1" of spec plus mode and sku.
func capzUser(spec string) map[string]string {
	return capzManaged("pool1", "mode: User\nsku: Standard_D4s_v5\n"+spec)
}

// capzTemplate is an AzureManagedMachinePoolTemplate named name, as a
// ClusterClass's templates file holds it, with spec.template.spec spec.
func capzTemplate(name, spec string) map[string]string {
	return oneFile("templates.yaml", `apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePoolTemplate
metadata:
  name: `+name+`
  namespace: default
spec:
  template:
    spec:
`+indent(spec, 6))
}

func TestCAPZManagedPoolValidatorCases(t *testing.T) {
	long81 := "3DgIb8EZMkLs0KlyPaTcNxoJU9ufmW6jvXrweqz1hVp5nS4RtH2QY7AFOiC5nS4RtH2QY7AFOiC3DgIb8"
	prefix := "subscriptions/11111111-2222-aaaa-bbbb-cccccccccccc/resourceGroups/public-ip-test/providers/Microsoft.Network/publicipprefixes/public-ip-prefix"
	cases := []validatorCase{
		// kubernetes-sigs/cluster-api-provider-azure v1.26.0,
		// internal/webhooks/azuremanagedmachinepool_webhook_test.go,
		// TestAzureManagedMachinePool_ValidateCreate (the objects there
		// omit mode and sku, which the CRD requires: written here as User
		// pools of Standard_D4s_v5, or Standard_D8ds_v5 for an ephemeral OS
		// disk, which AKS puts on a VM's cache or temporary disk).
		{name: "valid", files: capzManaged("pool1", "mode: User\nsku: Standard_D8ds_v5\nmaxPods: 30\nosDiskType: Ephemeral\n")},
		{name: "another valid permutation", files: capzUser("maxPods: 249\nosDiskType: Managed\n")},
		{name: "valid - optional configuration not present", files: capzUser("")},
		{name: "too many MaxPods", files: capzUser("maxPods: 251\n"), reject: true},
		{name: "invalid subnetname 1+subnet", files: capzUser("subnetName: 1+subnet\n"), reject: true},
		{name: "invalid subnetname 1", files: capzUser("subnetName: \"1\"\n"), reject: true},
		{name: "invalid subnetname -a_b-c", files: capzUser("subnetName: -a_b-c\n"), reject: true},
		{name: "invalid subnetname with versioning", files: capzUser("subnetName: workload-ampt-v0.1.0.\n"), reject: true},
		{name: "invalid subnetname -_-_", files: capzUser("subnetName: -_-_\n"), reject: true},
		{name: "invalid subnetname abc@#$", files: capzUser("subnetName: \"abc@#$\"\n"), reject: true},
		{name: "invalid subnetname with character length 81", files: capzUser("subnetName: " + long81 + "\n"), reject: true},
		{name: "valid subnetname with character length 80", files: capzUser("subnetName: " + long81[:80] + "\n")},
		{name: "valid subnetname with versioning", files: capzUser("subnetName: workload-ampt-v0.1.0\n")},
		{name: "valid subnetname 1abc", files: capzUser("subnetName: 1abc\n")},
		{name: "valid subnetname 1-a-b-c", files: capzUser("subnetName: 1-a-b-c\n")},
		{name: "valid subnetname my-subnet", files: capzUser("subnetName: my-subnet\n")},
		{name: "too few MaxPods", files: capzUser("maxPods: 9\n"), reject: true},
		{name: "ostype Windows with System mode not allowed", files: capzManaged("npwin", "mode: System\nsku: Standard_D4s_v5\nosType: Windows\n"), reject: true},
		{name: "ostype windows with User mode", files: capzManaged("npwin", "mode: User\nsku: Standard_D4s_v5\nosType: Windows\n")},
		{name: "Windows clusters with 6char or less name", files: capzManaged("pool0", "mode: User\nsku: Standard_D4s_v5\nosType: Windows\n")},
		{name: "Windows clusters with more than 6char names are not allowed", files: capzManaged("pool1", "name: pool0-name-too-long\nmode: User\nsku: Standard_D4s_v5\nosType: Windows\n"), reject: true},
		{name: "valid label", files: capzUser("osType: Linux\nnodeLabels:\n  foo: bar\n")},
		{name: "kubernetes.azure.com label", files: capzUser("osType: Linux\nnodeLabels:\n  kubernetes.azure.com/scalesetpriority: spot\n"), reject: true},
		{name: "pool with invalid public ip prefix", files: capzUser("enableNodePublicIP: true\nnodePublicIPPrefixID: not a valid resource ID\n"), reject: true},
		{name: "pool with public ip prefix cannot omit node public IP", files: capzUser("nodePublicIPPrefixID: " + prefix + "\n"), reject: true},
		{name: "pool with public ip prefix cannot disable node public IP", files: capzUser("enableNodePublicIP: false\nnodePublicIPPrefixID: " + prefix + "\n"), reject: true},
		{name: "pool with public ip prefix with node public IP enabled ok", files: capzUser("enableNodePublicIP: true\nnodePublicIPPrefixID: " + prefix + "\n")},
		{name: "pool with public ip prefix with leading slash with node public IP enabled ok", files: capzUser("enableNodePublicIP: true\nnodePublicIPPrefixID: /" + prefix + "\n")},
		{name: "pool without public ip prefix with node public IP unset ok", files: capzUser("")},
		{name: "pool without public ip prefix with node public IP enabled ok", files: capzUser("enableNodePublicIP: true\n")},
		{name: "pool without public ip prefix with node public IP disabled ok", files: capzUser("enableNodePublicIP: false\n")},
		{name: "KubeletConfig CPUCfsQuotaPeriod needs 'ms' suffix", files: capzUser("kubeletConfig:\n  cpuCfsQuotaPeriod: \"100\"\n"), reject: true},
		{name: "KubeletConfig CPUCfsQuotaPeriod has valid 'ms' suffix", files: capzUser("kubeletConfig:\n  cpuCfsQuotaPeriod: 100ms\n")},
		{name: "KubeletConfig ImageGcLowThreshold can't be more than ImageGcHighThreshold", files: capzUser("kubeletConfig:\n  imageGcLowThreshold: 100\n  imageGcHighThreshold: 99\n"), reject: true},
		{name: "KubeletConfig ImageGcLowThreshold is lower than ImageGcHighThreshold", files: capzUser("kubeletConfig:\n  imageGcLowThreshold: 99\n  imageGcHighThreshold: 100\n")},
		{name: "valid KubeletConfig AllowedUnsafeSysctls values", files: capzUser("kubeletConfig:\n  allowedUnsafeSysctls:\n    - kernel.shm*\n    - kernel.msg*\n    - kernel.sem\n    - fs.mqueue.*\n    - net.*\n")},
		{name: "more valid KubeletConfig AllowedUnsafeSysctls values", files: capzUser("kubeletConfig:\n  allowedUnsafeSysctls:\n    - kernel.shm.something\n    - kernel.msg.foo.bar\n    - kernel.sem\n    - fs.mqueue.baz\n    - net.my.configuration.path\n")},
		{name: "an invalid KubeletConfig AllowedUnsafeSysctls value in a set", files: capzUser("kubeletConfig:\n  allowedUnsafeSysctls:\n    - kernel.shm.something\n    - kernel.msg.foo.bar\n    - kernel.sem\n    - fs.mqueue.baz\n    - net.my.configuration.path\n    - kernel.not.allowed\n"), reject: true},
		{name: "valid LinuxOSConfig Sysctls NetIpv4IpLocalPortRange", files: capzUser("linuxOSConfig:\n  sysctls:\n    netIpv4IPLocalPortRange: 2000 33000\n")},
		{name: "NetIpv4IpLocalPortRange first ill-formed", files: capzUser("linuxOSConfig:\n  sysctls:\n    netIpv4IPLocalPortRange: wrong 33000\n"), reject: true},
		{name: "NetIpv4IpLocalPortRange last ill-formed", files: capzUser("linuxOSConfig:\n  sysctls:\n    netIpv4IPLocalPortRange: 2000 wrong\n"), reject: true},
		{name: "NetIpv4IpLocalPortRange first below 1024", files: capzUser("linuxOSConfig:\n  sysctls:\n    netIpv4IPLocalPortRange: 1020 32999\n"), reject: true},
		{name: "NetIpv4IpLocalPortRange last below 32768", files: capzUser("linuxOSConfig:\n  sysctls:\n    netIpv4IPLocalPortRange: 1024 32000\n"), reject: true},
		{name: "NetIpv4IpLocalPortRange first above last", files: capzUser("linuxOSConfig:\n  sysctls:\n    netIpv4IPLocalPortRange: 33000 32999\n"), reject: true},
		{name: "swapFileSizeMB with failSwapOn false", files: capzUser("kubeletConfig:\n  failSwapOn: false\nlinuxOSConfig:\n  swapFileSizeMB: 1500\n")},
		{name: "swapFileSizeMB with failSwapOn true", files: capzUser("kubeletConfig:\n  failSwapOn: true\nlinuxOSConfig:\n  swapFileSizeMB: 1500\n"), reject: true},
		{name: "swapFileSizeMB without failSwapOn", files: capzUser("linuxOSConfig:\n  swapFileSizeMB: 1500\n"), reject: true},
		// TestAzureManagedMachinePool_ValidateCreateFailure.
		{name: "feature gate implicitly enabled", files: capzManaged("pool1", "mode: User\nsku: Standard_D8ds_v5\nmaxPods: 30\nosDiskType: Ephemeral\n")},
		// TestAzureManagedMachinePoolDefaultingWebhook: spec.name defaults
		// to metadata.name, which the create check then reads. The test's
		// StandardD2S_V3 is written as Standard_D2s_v3, and as
		// Standard_E64ds_v5 with an ephemeral OS disk of 512 GB, which
		// the D2s_v3's 50 GiB cache could not hold (AKS refuses that).
		{name: "defaulting: spec.name from metadata.name", files: capzManaged("fooname", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\n")},
		{name: "defaulting: empty spec.name", files: capzManaged("fooname", "name: \"\"\nmode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\n")},
		{name: "defaulting: spec.name kept", files: capzManaged("fooname", "name: barname\nmode: System\nsku: Standard_E64ds_v5\nosDiskSizeGB: 512\nosDiskType: Ephemeral\n")},
		{name: "defaulting: metadata.name with '-' becomes the pool name", files: capzManaged("aks-pool-1", "mode: User\nsku: Standard_D4s_v5\n"), reject: true},

		// TestAzureManagedMachinePoolUpdatingWebhook: the new object (with
		// the sizes chosen as above).
		{name: "update: Cannot change Name of the agentpool", files: capzUser("name: poolnew\n"), reject: true, miss: updateOnly},
		{name: "update: Cannot change SKU of the agentpool", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\n"), reject: true, miss: updateOnly},
		{name: "update: Cannot change OSType of the agentpool", files: capzManaged("pool1", "osType: Linux\nmode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\n"), reject: true, miss: updateOnly},
		{name: "update: Cannot change OSDiskSizeGB of the agentpool", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\n"), reject: true, miss: updateOnly},
		{name: "update: Cannot add AvailabilityZones", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\navailabilityZones: [\"1\", \"2\", \"3\"]\n"), reject: true, miss: updateOnly},
		{name: "update: Cannot remove AvailabilityZones", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\n"), reject: true, miss: updateOnly},
		{name: "update: Cannot change AvailabilityZones", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\navailabilityZones: [\"1\", \"2\"]\n"), reject: true, miss: updateOnly},
		{name: "update: AvailabilityZones order can be different", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\navailabilityZones: [\"1\", \"3\", \"2\"]\n")},
		{name: "update: Cannot change MaxPods", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\nmaxPods: 24\n"), reject: true, miss: updateOnly},
		{name: "update: Unchanged MaxPods", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\nmaxPods: 30\n")},
		{name: "update: Cannot change OSDiskType", files: capzManaged("pool1", "mode: System\nsku: Standard_E64ds_v5\nosDiskSizeGB: 512\nmaxPods: 24\nosDiskType: Ephemeral\n"), reject: true, miss: updateOnly},
		{name: "update: Unchanged OSDiskType", files: capzManaged("pool1", "mode: System\nsku: Standard_D2s_v3\nosDiskSizeGB: 512\nmaxPods: 30\nosDiskType: Managed\n")},
		{name: "update: EnableUltraSSD unchanged", files: capzUser("enableUltraSSD: true\n")},
		{name: "update: EnableUltraSSD is immutable", files: capzUser("enableUltraSSD: false\n"), reject: true, miss: updateOnly},
		{name: "update: EnableNodePublicIP unchanged", files: capzUser("enableNodePublicIP: true\n")},
		{name: "update: EnableNodePublicIP is immutable", files: capzUser("enableNodePublicIP: false\n"), reject: true, miss: updateOnly},
		{name: "update: NodeTaints are mutable", files: capzUser("taints:\n  - effect: NoSchedule\n    key: foo\n    value: baz\n")},
		{name: "update: Can't add a node label that begins with kubernetes.azure.com", files: capzUser("nodeLabels:\n  foo: bar\n  kubernetes.azure.com/scalesetpriority: spot\n"), reject: true},
		{name: "update: Can't update kubeletconfig", files: capzUser("kubeletConfig:\n  cpuCfsQuota: true\n"), reject: true, miss: updateOnly},
		// The new object's swap file without failSwapOn: false is a create failure too.
		{name: "update: Can't update LinuxOSConfig", files: capzUser("linuxOSConfig:\n  swapFileSizeMB: 10\n"), reject: true},
		{name: "update: Can't update SubnetName", files: capzUser("subnetName: my-subnet\n"), reject: true, miss: updateOnly},
		{name: "update: Can update SubnetName if subnetName is empty", files: capzUser("subnetName: my-subnet\n")},
		{name: "update: SubnetName unchanged", files: capzUser("subnetName: my-subnet\n")},
		{name: "update: Cannot update enableFIPS", files: capzUser("enableFIPS: true\n"), reject: true, miss: updateOnly},
		{name: "update: Cannot update enableEncryptionAtHost", files: capzUser("enableEncryptionAtHost: true\n"), reject: true, miss: updateOnly},

		// internal/webhooks/azuremanagedmachinepooltemplate_webhook_test.go
		// (v1.26.0). Its template is named fooName, which no Kubernetes
		// object can be (names are lower-case): written as fooname.
		// TestManagedMachinePoolTemplateDefaultingWebhook: the defaulted
		// template, as the create check reads it.
		{name: "template defaulting: no baseline", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\n")},
		{name: "template defaulting: Windows name of 7 characters", files: capzTemplate("fooname", "mode: User\nname: barname\nosType: Windows\nsku: Standard_D4s_v5\n"), reject: true},
		// The template defaulting webhook names the pools after the
		// template, and its create check reads that name.
		{name: "template defaulting: template name with '-' becomes the pool name", files: capzTemplate("aks-workers", "mode: User\nsku: Standard_D4s_v5\n"), reject: true},
		{name: "template defaulting: template name from a placeholder", files: capzTemplate("${CLUSTER_NAME}-pool1", "mode: User\nsku: Standard_D4s_v5\n")},
		// TestManagedMachinePoolTemplateUpdateWebhook: the new template.
		{name: "template update: no changes", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\n")},
		{name: "template update: name is immutable", files: capzTemplate("fooname", "mode: System\nname: barname\nsku: Standard_D4s_v5\n"), reject: true, miss: updateOnly},
		{name: "template update: invalid nodeLabel", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nnodeLabels:\n  kubernetes.azure.com: foo\n"), reject: true},
		{name: "template update: osType is immutable", files: capzTemplate("fooname", "mode: System\nosType: Linux\nsku: Standard_D4s_v5\n"), reject: true, miss: updateOnly},
		{name: "template update: SKU is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v3\n"), reject: true, miss: updateOnly},
		{name: "template update: OSDiskSizeGB is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nosDiskSizeGB: 256\n"), reject: true, miss: updateOnly},
		{name: "template update: SubnetName is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nsubnetName: barSubnet\n"), reject: true, miss: updateOnly},
		{name: "template update: enableFIPS is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nenableFIPS: false\n"), reject: true, miss: updateOnly},
		// maxPods 256 is above the create check's 250.
		{name: "template update: MaxPods is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nmaxPods: 256\n"), reject: true},
		// Premium_LRS is not in the CRD's enum (Ephemeral, Managed).
		{name: "template update: OSDiskType is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nosDiskType: Premium_LRS\n"), reject: true},
		// A User pool: a System one could not be Spot on AKS at all.
		{name: "template update: scaleSetPriority is immutable", files: capzTemplate("fooname", "mode: User\nsku: Standard_D4s_v5\nscaleSetPriority: Spot\n"), reject: true, miss: updateOnly},
		{name: "template update: enableUltraSSD is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nenableUltraSSD: false\n"), reject: true, miss: updateOnly},
		{name: "template update: enableNodePublicIP is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nenableNodePublicIP: false\n"), reject: true, miss: updateOnly},
		// Not a resource ID, and without enableNodePublicIP: true.
		{name: "template update: nodePublicIPPrefixID is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nnodePublicIPPrefixID: barPublicIPPrefixID\n"), reject: true},
		{name: "template update: kubeletConfig is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nkubeletConfig:\n  failSwapOn: true\n"), reject: true, miss: updateOnly},
		{name: "template update: kubeletDiskType is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nkubeletDiskType: Temporary\n"), reject: true, miss: updateOnly},
		// A swap file without failSwapOn: false.
		{name: "template update: linuxOSConfig is immutable", files: capzTemplate("fooname", "mode: System\nsku: Standard_D4s_v5\nlinuxOSConfig:\n  swapFileSizeMB: 128\n"), reject: true},

		// Not from the test tables: the CRD's bounds
		// (api/v1beta1/azuremanagedmachinepool_types.go, v1.26.0), and
		// values only known at apply time, which are not judged.
		{name: "CRD: sysctl netCoreSomaxconn below 4096", files: capzUser("linuxOSConfig:\n  sysctls:\n    netCoreSomaxconn: 1024\n"), reject: true},
		{name: "CRD: sysctl vmMaxMapCount within bounds", files: capzUser("linuxOSConfig:\n  sysctls:\n    vmMaxMapCount: 262144\n")},
		{name: "CRD: swapFileSizeMB 0", files: capzUser("kubeletConfig:\n  failSwapOn: false\nlinuxOSConfig:\n  swapFileSizeMB: 0\n"), reject: true},
		{name: "CRD: containerLogMaxFiles 1", files: capzUser("kubeletConfig:\n  containerLogMaxFiles: 1\n"), reject: true},
		{name: "CRD: spotMaxPrice not a quantity", files: capzUser("scaleSetPriority: Spot\nspotMaxPrice: 0.5USD\n"), reject: true},
		{name: "CRD: spotMaxPrice -1", files: capzUser("scaleSetPriority: Spot\nspotMaxPrice: \"-1\"\n")},
		{name: "unknown: subnetName from clusterctl", files: capzUser("subnetName: ${AZURE_NODE_SUBNET_NAME}\n")},
		{name: "unknown: port range from clusterctl", files: capzUser("linuxOSConfig:\n  sysctls:\n    netIpv4IPLocalPortRange: ${PORT_RANGE}\n")},
	}
	runValidatorCases(t, "CAPZ AzureManagedMachinePool", cases)
}

// capaCluster is an EKS cluster managed by Cluster API AWS.
const capaCluster = `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: shop
  namespace: default
spec:
  controlPlaneRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta2
    kind: AWSManagedControlPlane
    name: shop-control-plane
  infrastructureRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta2
    kind: AWSManagedControlPlane
    name: shop-control-plane
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: AWSManagedControlPlane
metadata:
  name: shop-control-plane
  namespace: default
spec:
  eksClusterName: shop
  region: eu-west-1
  version: v1.31
`

// capaMachinePoolOf is capaCluster with a MachinePool whose infrastructure
// is an object of kind named workers with spec (YAML, not indented), and
// bootstrap, a bootstrap reference or dataSecretName.
func capaMachinePoolOf(kind, spec, bootstrap string) map[string]string {
	return oneFile("cluster.yaml", capaCluster+`---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata:
  name: workers
  namespace: default
spec:
  clusterName: shop
  replicas: 2
  template:
    spec:
      clusterName: shop
      version: v1.31.0
      bootstrap:
`+indent(bootstrap, 8)+`      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
        kind: `+kind+`
        name: workers
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: `+kind+`
metadata:
  name: workers
  namespace: default
spec:
`+indent(spec, 2))
}

// capaManaged is an EKS managed node group: an AWSManagedMachinePool of
// spec (an instance type and scaling added).
func capaManaged(spec string) map[string]string {
	return capaMachinePoolOf("AWSManagedMachinePool", "instanceType: m6i.large\nscaling:\n  minSize: 1\n  maxSize: 3\n"+spec, `dataSecretName: ""`)
}

// capaASG is a self-managed Auto Scaling group: an AWSMachinePool with the
// spec fields top and the launch template fields lt, bootstrapped by an
// EKSConfig.
func capaASG(top, lt string) map[string]string {
	spec := "minSize: 1\nmaxSize: 3\n" + top + "awsLaunchTemplate:\n" + indent("name: workers\ninstanceType: m6i.large\n"+lt, 2)
	f := capaMachinePoolOf("AWSMachinePool", spec, "configRef:\n  apiVersion: bootstrap.cluster.x-k8s.io/v1beta2\n  kind: EKSConfig\n  name: workers\n")
	f["cluster.yaml"] += `---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
kind: EKSConfig
metadata:
  name: workers
  namespace: default
spec: {}
`
	return f
}

// capaMD is a MachineDeployment of capaCluster whose machines are an
// AWSMachineTemplate's with spec.template.spec tmpl.
func capaMD(tmpl string) map[string]string {
	return oneFile("cluster.yaml", capaCluster+`---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineDeployment
metadata:
  name: workers
  namespace: default
spec:
  clusterName: shop
  replicas: 2
  template:
    spec:
      clusterName: shop
      version: v1.31.0
      bootstrap:
        configRef:
          apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
          kind: EKSConfigTemplate
          name: workers
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
        kind: AWSMachineTemplate
        name: workers
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
kind: EKSConfigTemplate
metadata:
  name: workers
  namespace: default
spec:
  template:
    spec: {}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSMachineTemplate
metadata:
  name: workers
  namespace: default
spec:
  template:
    spec:
`+indent(tmpl, 6))
}

func TestCAPAValidatorCases(t *testing.T) {
	badTags := "additionalTags:\n  key-1: value-1\n  \"\": value-2\n  " + strings.Repeat("CAPI", 33) + ": value-3\n  key-4: " + strings.Repeat("CAPI", 65) + "\n"
	goodTags := "additionalTags:\n  key-1: value-1\n  key-2: value-2\n"
	hook := func(extra string) string {
		return "lifecycleHooks:\n  - name: the-hook\n    lifecycleTransition: autoscaling:EC2_INSTANCE_TERMINATING\n" + indent(extra, 4)
	}
	cases := []validatorCase{
		// kubernetes-sigs/cluster-api-provider-aws main at 2cf09d785 (the
		// same files as v2.11.1), exp/webhooks/awsmanagedmachinepool_webhook_test.go.
		// TestAWSManagedMachinePoolValidateCreate calls ValidateCreate
		// alone; through the API server the defaulting webhook runs first
		// and names an unnamed node group, so the first case is accepted.
		{name: "managed: pool requires a EKS Node group name (defaulted)", files: capaManaged("eksNodegroupName: \"\"\n")},
		{name: "managed: pool with valid EKS Node group name", files: capaManaged("eksNodegroupName: eks-node-group-1\n")},
		{name: "managed: pool with valid tags is accepted", files: capaManaged("eksNodegroupName: eks-node-group-2\n" + goodTags)},
		{name: "managed: invalid tags are rejected", files: capaManaged("eksNodegroupName: eks-node-group-3\n" + badTags), reject: true},
		{name: "managed: valid update config", files: capaManaged("eksNodegroupName: eks-node-group-3\nupdateConfig:\n  maxUnavailable: 1\n")},
		{name: "managed: update config with no values", files: capaManaged("eksNodegroupName: eks-node-group-3\nupdateConfig: {}\n"), reject: true},
		{name: "managed: update config with both values", files: capaManaged("eksNodegroupName: eks-node-group-3\nupdateConfig:\n  maxUnavailable: 1\n  maxUnavailablePercentage: 10\n"), reject: true},
		{name: "managed: minSize 0 is accepted", files: capaMachinePoolOf("AWSManagedMachinePool", "eksNodegroupName: eks-node-group-3\ninstanceType: m6i.large\nscaling:\n  minSize: 0\n", `dataSecretName: ""`)},
		// TestAWSManagedMachinePoolDefault.
		{name: "managed: defaulting", files: capaManaged("")},
		// TestAWSManagedMachinePoolValidateUpdate: the new object.
		{name: "managed update: EKS node group name is immutable", files: capaManaged("eksNodegroupName: eks-node-group-2\n"), reject: true, miss: updateOnly},
		{name: "managed update: adding tags is accepted", files: capaManaged("eksNodegroupName: eks-node-group-1\n" + goodTags)},
		{name: "managed update: adding invalid tags is rejected", files: capaManaged("eksNodegroupName: eks-node-group-3\n" + badTags), reject: true},
		{name: "managed update: adding update config is accepted", files: capaManaged("eksNodegroupName: eks-node-group-1\nupdateConfig:\n  maxUnavailablePercentage: 10\n")},
		{name: "managed update: removing update config is accepted", files: capaManaged("eksNodegroupName: eks-node-group-1\n")},
		{name: "managed update: adding subnet id is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\nsubnetIDs: [subnet-1]\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing subnet id is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing subnet id is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\nsubnetIDs: [subnet-2]\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing role name is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing role name is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\nroleName: role-2\n"), reject: true, miss: updateOnly},
		{name: "managed update: adding disk size is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\ndiskSize: 100\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing disk size is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing disk size is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\ndiskSize: 100\n"), reject: true, miss: updateOnly},
		{name: "managed update: adding ami type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\namiType: AL2_x86_64_GPU\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing ami type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing ami type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\namiType: AL2_x86_64_GPU\n"), reject: true, miss: updateOnly},
		{name: "managed update: adding remote access is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\nremoteAccess:\n  public: false\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing remote access is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing remote access is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\nremoteAccess:\n  public: true\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing capacity type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing capacity type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\ncapacityType: spot\n"), reject: true, miss: updateOnly},
		{name: "managed update: adding availability zones is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\navailabilityZones: [us-east-1a]\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing availability zones is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing availability zones is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\navailabilityZones: [us-east-1a, us-east-1b]\n"), reject: true, miss: updateOnly},
		{name: "managed update: adding availability zone subnet type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\navailabilityZoneSubnetType: private\n"), reject: true, miss: updateOnly},
		{name: "managed update: removing availability zone subnet type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing availability zone subnet type is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\navailabilityZoneSubnetType: private\n"), reject: true, miss: updateOnly},
		// With a launch template the node group takes no instanceType.
		{name: "managed update: adding launch template is rejected", files: capaMachinePoolOf("AWSManagedMachinePool", "eksNodegroupName: eks-node-group-1\nawsLaunchTemplate:\n  name: test\n  instanceType: m6i.large\n", `dataSecretName: ""`), reject: true, miss: updateOnly},
		{name: "managed update: removing launch template is rejected", files: capaManaged("eksNodegroupName: eks-node-group-1\n"), reject: true, miss: updateOnly},
		{name: "managed update: changing launch template name is rejected", files: capaMachinePoolOf("AWSManagedMachinePool", "eksNodegroupName: eks-node-group-1\nawsLaunchTemplate:\n  name: test2\n  instanceType: m6i.large\n", `dataSecretName: ""`), reject: true, miss: updateOnly},
		{name: "managed update: changing launch template fields other than name is accepted", files: capaMachinePoolOf("AWSManagedMachinePool", "eksNodegroupName: eks-node-group-1\nawsLaunchTemplate:\n  name: test\n  instanceType: m6i.large\n  imageLookupFormat: test2\n", `dataSecretName: ""`)},

		// exp/webhooks/awsmachinepool_webhook_test.go,
		// TestAWSMachinePoolValidateCreate (minSize, maxSize and the launch
		// template's instance type added: the CRD requires them).
		{name: "asg: pool with valid tags is accepted", files: capaASG(goodTags, "")},
		{name: "asg: invalid tags are rejected", files: capaASG(badTags, ""), reject: true},
		{name: "asg: additional security groups with both ID and Filters", files: capaASG("", "additionalSecurityGroups:\n  - id: sg-1\n    filters:\n      - name: sg-1\n        values: [test]\n"), reject: true},
		{name: "asg: both subnet ID and filters", files: capaASG(goodTags+"subnets:\n  - id: subnet-id\n    filters:\n      - name: filter_name\n        values: [filter_value]\n", ""), reject: true},
		{name: "asg: either subnet ID or filters", files: capaASG(goodTags+"subnets:\n  - id: subnet-id\n", "")},
		{name: "asg: root volume with device name (clusterctl move)", files: capaASG("", "rootVolume:\n  deviceName: name\n  type: gp2\n  size: 8\n")},
		{name: "asg: both spot market options and mixed instances policy", files: capaASG("mixedInstancesPolicy:\n  overrides:\n    - instanceType: t3.medium\n", "spotMarketOptions:\n  maxPrice: \"0.1\"\n"), reject: true},
		{name: "asg: MaxHealthyPercentage without MinHealthyPercentage", files: capaASG("refreshPreferences:\n  maxHealthyPercentage: 100\n", ""), reject: true},
		{name: "asg: MaxHealthyPercentage - MinHealthyPercentage above 100", files: capaASG("refreshPreferences:\n  maxHealthyPercentage: 150\n  minHealthyPercentage: 25\n", ""), reject: true},
		{name: "asg: lifecycle hook with roleARN only", files: capaASG(hook("roleARN: role-arn\n"), ""), reject: true},
		{name: "asg: lifecycle hook with notificationTargetARN only", files: capaASG(hook("notificationTargetARN: notification-target-arn\n"), ""), reject: true},
		{name: "asg: lifecycle hook heartbeat timeout below 30s", files: capaASG(hook("notificationTargetARN: notification-target-arn\nroleARN: role-arn\nheartbeatTimeout: 29s\n"), ""), reject: true},
		{name: "asg: lifecycle hook heartbeat timeout above 172800s", files: capaASG(hook("notificationTargetARN: notification-target-arn\nroleARN: role-arn\nheartbeatTimeout: 172801s\n"), ""), reject: true},
		{name: "asg: correct lifecycle hook", files: capaASG(hook("notificationTargetARN: notification-target-arn\nroleARN: role-arn\nheartbeatTimeout: 180s\n"), "")},
		{name: "asg: invalid MarketType", files: capaASG("", "marketType: invalid\n"), reject: true},
		{name: "asg: MarketType empty", files: capaASG("", "marketType: \"\"\n")},
		{name: "asg: MarketType Spot and CapacityReservationID", files: capaASG("", "marketType: Spot\ncapacityReservationId: cr-123\n"), reject: true},
		{name: "asg: CapacityReservationID and SpotMarketOptions", files: capaASG("", "spotMarketOptions: {}\ncapacityReservationId: cr-123\n"), reject: true},
		{name: "asg: CapacityReservationPreference None with CapacityReservationID", files: capaASG("", "capacityReservationId: cr-123\ncapacityReservationPreference: None\n"), reject: true},
		{name: "asg: MarketType CapacityBlock and spotMarketOptions", files: capaASG("", "marketType: CapacityBlock\nspotMarketOptions: {}\n"), reject: true},
		{name: "asg: MarketType OnDemand and spotMarketOptions", files: capaASG("", "marketType: OnDemand\nspotMarketOptions: {}\n"), reject: true},
		{name: "asg: MarketType CapacityBlock without CapacityReservationId", files: capaASG("", "marketType: CapacityBlock\n"), reject: true},
		{name: "asg: MarketType CapacityBlock with CapacityReservationId", files: capaASG("", "marketType: CapacityBlock\ncapacityReservationId: cr-12345678901234567\n")},
		// TestAWSMachinePoolValidateUpdate: the new object (every
		// rejection there is a create check too).
		{name: "asg update: adding tags is accepted", files: capaASG(goodTags, "")},
		{name: "asg update: adding invalid tags is rejected", files: capaASG(badTags, ""), reject: true},
		{name: "asg update: both subnet ID and filters", files: capaASG(goodTags+"subnets:\n  - id: subnet-id\n    filters:\n      - name: filter_name\n        values: [filter_value]\n", ""), reject: true},
		{name: "asg update: either subnet ID or filters", files: capaASG(goodTags+"subnets:\n  - id: subnet-id\n", "")},
		{name: "asg update: both spot market options and mixed instances policy", files: capaASG("mixedInstancesPolicy:\n  overrides:\n    - instanceType: t3.medium\n", "spotMarketOptions:\n  maxPrice: \"0.1\"\n"), reject: true},
		{name: "asg update: MaxHealthyPercentage without MinHealthyPercentage", files: capaASG("refreshPreferences:\n  maxHealthyPercentage: 100\n", ""), reject: true},
		{name: "asg update: MaxHealthyPercentage - MinHealthyPercentage above 100", files: capaASG("refreshPreferences:\n  maxHealthyPercentage: 150\n  minHealthyPercentage: 25\n", ""), reject: true},

		// webhooks/awsmachinetemplate_webhook_test.go: created through an
		// API server with the CRDs (envtest), so the CRD's checks apply
		// too. Its instance type "test" is written as a real one.
		{name: "template: don't allow providerID", files: capaMD("instanceType: m6i.large\nproviderID: something\n"), reject: true},
		{name: "template: don't allow secretPrefix", files: capaMD("instanceType: m6i.large\ncloudInit:\n  secretPrefix: something\n"), reject: true},
		{name: "template: RootVolume DeviceName for clusterctl move", files: capaMD("instanceType: m6i.large\nrootVolume:\n  deviceName: name\n  type: gp2\n  size: 8\n")},
		{name: "template: hostID and dynamicHostAllocation are mutually exclusive", files: capaMD("instanceType: m6i.large\ntenancy: host\nhostID: h-1234567890abcdef0\ndynamicHostAllocation:\n  tags:\n    Environment: test\n"), reject: true},
		{name: "template: hostAffinity=host requires hostID or dynamicHostAllocation", files: capaMD("instanceType: m6i.large\ntenancy: host\nhostAffinity: host\n"), reject: true},
		{name: "template: hostAffinity=host with hostID is valid", files: capaMD("instanceType: m6i.large\ntenancy: host\nhostAffinity: host\nhostID: h-09dcf61cb388b0149\n")},
		{name: "template: hostAffinity=host with dynamicHostAllocation is valid", files: capaMD("instanceType: m6i.large\ntenancy: host\nhostAffinity: host\ndynamicHostAllocation:\n  tags:\n    env: test\n")},
		{name: "template: hostAffinity=default without hostID is valid", files: capaMD("instanceType: m6i.large\nhostAffinity: default\n")},
		{name: "template: hostID without tenancy=host is invalid", files: capaMD("instanceType: m6i.large\ntenancy: default\nhostID: h-09dcf61cb388b0149\n"), reject: true},
		{name: "template: hostAffinity=host without tenancy=host is invalid", files: capaMD("instanceType: m6i.large\ntenancy: default\nhostAffinity: host\nhostID: h-09dcf61cb388b0149\n"), reject: true},
		{name: "template: dynamicHostAllocation without tenancy=host is invalid", files: capaMD("instanceType: m6i.large\ntenancy: dedicated\ndynamicHostAllocation:\n  tags:\n    env: test\n"), reject: true},
		// TestAWSMachineTemplateValidateUpdate: the new template.
		{name: "template update: don't allow updates", files: capaMD("instanceType: m6i.xlarge\n"), reject: true, miss: updateOnly},
		{name: "template update: allow defaulted values to update", files: capaMD("cloudInit: {}\ninstanceType: m6i.large\ninstanceMetadataOptions:\n  httpEndpoint: enabled\n  httpProtocolIPv6: disabled\n  httpPutResponseHopLimit: 1\n  httpTokens: optional\n  instanceMetadataTags: disabled\n")},

		// Not from the test tables: the webhooks' checks without a test
		// case (exp/webhooks/awsmanagedmachinepool_webhook.go
		// validateScaling) and the CRDs' bounds and enums
		// (exp/api/v1beta2/awsmachinepool_types.go, types.go).
		{name: "managed webhook: scaling minSize below 0", files: capaMachinePoolOf("AWSManagedMachinePool", "instanceType: m6i.large\nscaling:\n  minSize: -1\n  maxSize: 3\n", `dataSecretName: ""`), reject: true},
		{name: "managed webhook: scaling maxSize below minSize", files: capaMachinePoolOf("AWSManagedMachinePool", "instanceType: m6i.large\nscaling:\n  minSize: 4\n  maxSize: 3\n", `dataSecretName: ""`), reject: true},
		{name: "managed CRD: updateConfig maxUnavailable 0", files: capaManaged("updateConfig:\n  maxUnavailable: 0\n"), reject: true},
		{name: "managed CRD: updateConfig maxUnavailablePercentage 101", files: capaManaged("updateConfig:\n  maxUnavailablePercentage: 101\n"), reject: true},
		{name: "managed CRD: taint effect NoSchedule", files: capaManaged("taints:\n  - key: dedicated\n    value: gpu\n    effect: NoSchedule\n"), reject: true},
		{name: "managed CRD: taint effect no-schedule", files: capaManaged("taints:\n  - key: dedicated\n    value: gpu\n    effect: no-schedule\n")},
		{name: "asg CRD: maxSize 0", files: capaMachinePoolOf("AWSMachinePool", "minSize: 0\nmaxSize: 0\nawsLaunchTemplate:\n  name: workers\n  instanceType: m6i.large\n", `dataSecretName: ""`), reject: true},
		{name: "asg CRD: minSize below 0", files: capaMachinePoolOf("AWSMachinePool", "minSize: -1\nmaxSize: 3\nawsLaunchTemplate:\n  name: workers\n  instanceType: m6i.large\n", `dataSecretName: ""`), reject: true},
		{name: "asg CRD: maxHealthyPercentage below 100", files: capaASG("refreshPreferences:\n  minHealthyPercentage: 50\n  maxHealthyPercentage: 90\n", ""), reject: true},
		{name: "asg CRD: maxHealthyPercentage above 200", files: capaASG("refreshPreferences:\n  minHealthyPercentage: 150\n  maxHealthyPercentage: 210\n", ""), reject: true},
		{name: "asg CRD: refresh preferences in bounds", files: capaASG("refreshPreferences:\n  minHealthyPercentage: 90\n  maxHealthyPercentage: 120\n", "")},
		{name: "asg CRD: availabilityZoneSubnetType", files: capaASG("availabilityZoneSubnetType: internal\n", ""), reject: true},
		{name: "asg CRD: spotAllocationStrategy", files: capaASG("mixedInstancesPolicy:\n  instancesDistribution:\n    spotAllocationStrategy: lowest-cost\n  overrides:\n    - instanceType: m6i.large\n", ""), reject: true},
		{name: "asg CRD: onDemandAllocationStrategy", files: capaASG("mixedInstancesPolicy:\n  instancesDistribution:\n    onDemandAllocationStrategy: cheapest\n  overrides:\n    - instanceType: m6i.large\n", ""), reject: true},
		{name: "asg CRD: allocation strategies", files: capaASG("mixedInstancesPolicy:\n  instancesDistribution:\n    onDemandAllocationStrategy: prioritized\n    spotAllocationStrategy: price-capacity-optimized\n  overrides:\n    - instanceType: m6i.large\n", "")},
		{name: "asg CRD: root volume below 8 GiB", files: capaASG("", "rootVolume:\n  size: 4\n  type: gp3\n"), reject: true},
		{name: "managed CRD: launch template root volume below 8 GiB", files: capaMachinePoolOf("AWSManagedMachinePool", "awsLaunchTemplate:\n  name: workers\n  instanceType: m6i.large\n  rootVolume:\n    size: 4\n", `dataSecretName: ""`), reject: true},
		{name: "template CRD: capacityReservationId with marketType Spot", files: capaMD("instanceType: m6i.large\nmarketType: Spot\ncapacityReservationId: cr-123\n"), reject: true},
		{name: "template CRD: capacityReservationId with spotMarketOptions", files: capaMD("instanceType: m6i.large\nspotMarketOptions: {}\ncapacityReservationId: cr-123\n"), reject: true},
		{name: "template CRD: capacityReservationId on demand", files: capaMD("instanceType: m6i.large\nmarketType: OnDemand\ncapacityReservationId: cr-123\n")},
		{name: "template CRD: publicIpv4PoolFallbackOrder", files: capaMD("instanceType: m6i.large\npublicIP: true\nelasticIpPool:\n  publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0\n  publicIpv4PoolFallbackOrder: any\n"), reject: true},
		{name: "template CRD: publicIpv4PoolFallbackOrder amazon-pool", files: capaMD("instanceType: m6i.large\npublicIP: true\nelasticIpPool:\n  publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0\n  publicIpv4PoolFallbackOrder: amazon-pool\n")},
		{name: "template CRD: instanceMetadataOptions.httpTokens", files: capaMD("instanceType: m6i.large\ninstanceMetadataOptions:\n  httpTokens: require\n"), reject: true},
		{name: "template CRD: instanceMetadataOptions in bounds", files: capaMD("instanceType: m6i.large\ninstanceMetadataOptions:\n  httpTokens: required\n  httpPutResponseHopLimit: 2\n")},
		{name: "managed CRD: launch template marketType", files: capaMachinePoolOf("AWSManagedMachinePool", "awsLaunchTemplate:\n  name: workers\n  instanceType: m6i.large\n  marketType: Reserved\n", `dataSecretName: ""`), reject: true},
		{name: "asg CRD: launch template hop limit", files: capaASG("", "instanceMetadataOptions:\n  httpPutResponseHopLimit: 0\n"), reject: true},
		{name: "unknown: capacity reservation from clusterctl", files: capaASG("", "marketType: ${MARKET_TYPE}\ncapacityReservationId: cr-123\n")},
	}
	runValidatorCases(t, "CAPA", cases)
}

// capzASO is a MachinePool of an AKS cluster with the annotation lines ann,
// the spec lines top and the version ver ("" for none), and the
// AzureASOManagedMachinePool it references, whose ManagedClustersAgentPool
// has the spec lines ap.
func capzASO(ann, top, ver, ap string) map[string]string {
	var b strings.Builder
	b.WriteString("apiVersion: cluster.x-k8s.io/v1beta1\nkind: MachinePool\nmetadata:\n  name: aks-pool0\n  namespace: default\n")
	if ann != "" {
		b.WriteString("  annotations:\n    " + ann + "\n")
	}
	b.WriteString("spec:\n  clusterName: aks-prod\n")
	if top != "" {
		b.WriteString(indent(top, 2))
	}
	b.WriteString("  template:\n    spec:\n      clusterName: aks-prod\n")
	if ver != "" {
		b.WriteString("      version: " + ver + "\n")
	}
	b.WriteString(`      bootstrap:
        dataSecretName: ""
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureASOManagedMachinePool
        name: aks-pool0
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureASOManagedMachinePool
metadata:
  name: aks-pool0
  namespace: default
spec:
  resources:
    - apiVersion: containerservice.azure.com/v1api20240901
      kind: ManagedClustersAgentPool
      metadata:
        name: aks-pool0
      spec:
        azureName: pool0
        owner:
          name: aks-prod
        mode: System
        type: VirtualMachineScaleSets
        vmSize: Standard_D4s_v5
`)
	if ap != "" {
		b.WriteString(indent(ap, 8))
	}
	return oneFile("pools.yaml", b.String())
}

// TestCAPZASOPoolCases measures AzureASOManagedMachinePool: its webhook
// checks only a feature gate (internal/webhooks/azureasomanagedmachinepool_webhook.go,
// CAPZ v1.26.0, no test table), so the table is the controller's
// (pkg/mutators/azureasomanagedmachinepool_test.go), which refuses to
// reconcile what it would have to overwrite.
func TestCAPZASOPoolCases(t *testing.T) {
	other := "cluster.x-k8s.io/replicas-managed-by: not-aks"
	aks := "cluster.x-k8s.io/replicas-managed-by: aks"
	noAgentPool := capzASO("", "replicas: 1\n", "v1.31.2", "")["pools.yaml"]
	noAgentPool = noAgentPool[:strings.Index(noAgentPool, "  resources:")]
	cases := []validatorCase{
		// TestSetAgentPoolDefaults.
		{name: "no ManagedClustersAgentPool", files: oneFile("pools.yaml", noAgentPool+"  resources: []\n"), reject: true,
			miss: "reported as a note: a kustomize overlay may add the resources"},
		{name: "success", files: capzASO("", "replicas: 1\n", "v1.31.2", "")},
		// TestSetAgentPoolOrchestratorVersion.
		{name: "version: no CAPI opinion", files: capzASO("", "", "", "orchestratorVersion: 1.30.0\n")},
		{name: "version: set from CAPI opinion", files: capzASO("", "", "v1.31.2", "")},
		{name: "version: user value matching CAPI ok", files: capzASO("", "", "v1.31.2", "orchestratorVersion: 1.31.2\n")},
		{name: "version: incompatible", files: capzASO("", "", "v1.31.2", "orchestratorVersion: 1.30.0\n"), reject: true},
		// TestReconcileAutoscaling.
		{name: "autoscaling disabled removes aks annotation", files: capzASO(aks, "", "", "enableAutoScaling: false\n")},
		{name: "autoscaling disabled leaves other annotation", files: capzASO(other, "", "", "enableAutoScaling: false\n")},
		{name: "autoscaling enabled, manager undefined adds annotation", files: capzASO("", "", "", "enableAutoScaling: true\nminCount: 1\nmaxCount: 3\n")},
		{name: "autoscaling enabled, manager already set", files: capzASO(aks, "", "", "enableAutoScaling: true\nminCount: 1\nmaxCount: 3\n")},
		{name: "autoscaling enabled, manager set to something else", files: capzASO(other, "", "", "enableAutoScaling: true\nminCount: 1\nmaxCount: 3\n"), reject: true},
		// TestSetAgentPoolCount.
		{name: "count: no CAPI opinion", files: capzASO("", "", "", "count: 2\n")},
		{name: "count: autoscaling enabled", files: capzASO(aks, "replicas: 3\n", "", "enableAutoScaling: true\nminCount: 1\nmaxCount: 3\ncount: 2\n")},
		{name: "count: set from CAPI opinion", files: capzASO("", "replicas: 1\n", "", "")},
		{name: "count: user value matching CAPI ok", files: capzASO("", "replicas: 1\n", "", "count: 1\n")},
		{name: "count: incompatible", files: capzASO("", "replicas: 1\n", "", "count: 2\n"), reject: true},
	}
	runValidatorCases(t, "CAPZ AzureASOManagedMachinePool", cases)
}
