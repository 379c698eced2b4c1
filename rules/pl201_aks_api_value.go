package rules

import (
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// aksAPIVersion is the AKS REST API version the table follows; enums take
// in the values later versions (preview ones too) added, so a template
// pinned to a newer version is not refused for using them.
const aksAPIVersion = "2024-09-01"

// aksAPIRows are the agent pool properties of the AKS REST API
// (Microsoft.ContainerService/managedClusters agentPoolProfiles and
// agentPools, API 2024-09-01) with an enum, range or pattern. AKS compares
// enum values ignoring case.
var aksAPIRows = []fieldCheck{
	between("osDiskSizeGB", 0, 2048),
	between("count", 0, 1000),
	between("minCount", 0, 1000),
	between("maxCount", 0, 1000),
	oneOfFold("mode", "System", "User", "Gateway", "Machines", "ManagedSystem"),
	oneOfFold("osType", "Linux", "Windows"),
	oneOfFold("osSKU", "AzureLinux", "AzureLinux3", "CBLMariner", "Mariner", "Ubuntu", "Ubuntu2204", "Ubuntu2404", "Windows2019", "Windows2022", "Windows2025", "WindowsAnnual", "Flatcar", "AzureLinuxOSGuard"),
	oneOfFold("osDiskType", "Managed", "Ephemeral"),
	oneOfFold("scaleSetPriority", "Regular", "Spot"),
	oneOfFold("scaleDownMode", "Delete", "Deallocate"),
	oneOfFold("kubeletDiskType", "OS", "Temporary"),
	oneOfFold("workloadRuntime", "OCIContainer", "WasmWasi", "KataMshvVmIsolation", "KataVmIsolation", "KataCcIsolation"),
	oneOfFold("gpuInstanceProfile", "MIG1g", "MIG2g", "MIG3g", "MIG4g", "MIG7g"),
	oneOfFold("type", "VirtualMachineScaleSets", "AvailabilitySet", "VirtualMachines"),
	between("upgradeSettings.drainTimeoutInMinutes", 1, 1440),
	between("upgradeSettings.nodeSoakDurationInMinutes", 0, 30),
	oneOfFold("kubeletConfig.cpuManagerPolicy", "none", "static"),
	oneOfFold("kubeletConfig.topologyManagerPolicy", "none", "best-effort", "restricted", "single-numa-node"),
	atLeast("kubeletConfig.containerLogMaxFiles", 2),
	between("kubeletConfig.imageGcHighThreshold", 0, 100),
	between("kubeletConfig.imageGcLowThreshold", 0, 100),
	oneOfFold("linuxOSConfig.transparentHugePageEnabled", "always", "madvise", "never"),
	oneOfFold("linuxOSConfig.transparentHugePageDefrag", "always", "defer", "defer+madvise", "madvise", "never"),
}

// PL201 checks agent pool properties against the AKS REST API's table.
var PL201 = register(&Rule{
	ID:        "PL201",
	Name:      "aks-api-value-invalid",
	Summary:   "Agent pool property outside the AKS REST API's enum, range or pattern",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `Checks agent pool properties against the AKS REST API (Microsoft.ContainerService
managedClusters and agentPools, API version ` + aksAPIVersion + `, from the
ManagedClusters swagger in Azure/azure-rest-api-specs as generated in
Azure/bicep-types-az): the enums of mode, osType, osSKU, osDiskType,
scaleSetPriority, scaleDownMode, kubeletDiskType, workloadRuntime,
gpuInstanceProfile and type (compared ignoring case, with the values later
stable versions added), the ranges of osDiskSizeGB (0–2048), count, minCount
and maxCount (0–1000), upgradeSettings.drainTimeoutInMinutes (1–1440) and
nodeSoakDurationInMinutes (0–30), kubeletConfig (cpuManagerPolicy,
topologyManagerPolicy, containerLogMaxFiles ≥ 2, image GC thresholds 0–100)
and linuxOSConfig's transparent huge page settings, and the pool name
pattern, and availabilityZones only on VirtualMachineScaleSets pools. It
reads ARM templates, Bicep, Azure Service Operator agent pools
and Cluster API Azure's AzureASOManagedMachinePool, which all send these
properties as written. A value that cannot be resolved is not judged.
maxPods, maxSurge and the Spot settings have rules of their own (PL021,
PL009, PL018).`,
	Fix: `Set the property to a value of the AKS API's enum, range or pattern; the message
names the property and the allowed values. In ARM and Bicep the property sits in
properties of the managedClusters/agentPools resource or in an
agentPoolProfiles entry; ASO's ManagedClustersAgentPool and Cluster API Azure's
AzureASOManagedMachinePool take the same names in their spec. The ARM and Bicep
template reference lists the values of each API version.`,
	Links: []Link{linkAKSAgentPoolsAPI, linkARMAgentPools, linkCAPZASOManaged},
	Check: func(p *Pass) {
		checkTable(p, nodepool.SchemaAKS, "AKS API "+aksAPIVersion, aksAPIRows)
		c := p.Cluster
		for _, pool := range c.Pools {
			if pool.Schema != nodepool.SchemaAKS {
				continue
			}
			if t, ok := str(setting(pool, "type")); ok && strings.EqualFold(t, "AvailabilitySet") {
				if z := setting(pool, "availabilityZones"); knownPresent(z) {
					p.Report(at(z, pool), pool, "availabilityZones", "%s: availabilityZones can only be specified when type is VirtualMachineScaleSets (AKS API %s)", poolRef(c, pool), aksAPIVersion)
				}
			}
		}
	},
})
