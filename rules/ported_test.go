package rules

import (
	"fmt"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// unresolved marks a setting whose value could not be resolved.
type unresolvedT struct{}

var unresolved = unresolvedT{}

// withSettings gives a pool a schema and settings: every value known at
// line 5, except unresolved ones.
func withSettings(schema string, kv map[string]any) func(*nodepool.Pool) {
	return func(p *nodepool.Pool) {
		p.Schema, p.Settings = schema, nodepool.Settings{}
		for k, v := range kv {
			pos := nodepool.Pos{File: "m.json", Line: 5, Col: 1}
			if v == unresolved {
				p.Settings[k] = nodepool.Unknown[any](pos)
				continue
			}
			if i, ok := v.(int); ok {
				v = int64(i)
			}
			p.Settings[k] = nodepool.Known[any](v, pos, nodepool.OriginLiteral)
		}
	}
}

func aksSettings(kv map[string]any) *nodepool.Cluster {
	return azure(pool("p1", withSettings(nodepool.SchemaAKS, kv)))
}

func TestPL201AKSAPI(t *testing.T) {
	m := func(kv ...any) map[string]any {
		out := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	runCases(t, "PL201", []ruleCase{
		{"os disk too large", aksSettings(m("osdisksizegb", 4096)), "osDiskSizeGB 4096 is outside 0–2048", Error},
		{"os disk at the maximum", aksSettings(m("osdisksizegb", 2048)), "", 0},
		{"os disk 0 is the default", aksSettings(m("osdisksizegb", 0)), "", 0},
		{"count over 1000", aksSettings(m("count", 1001)), "count 1001 is outside 0–1000", 0},
		{"count 1000", aksSettings(m("count", 1000)), "", 0},
		{"max count negative", aksSettings(m("maxcount", -1)), "maxCount -1", 0},
		{"kubelet disk type", aksSettings(m("kubeletdisktype", "Disk")), `kubeletDiskType "Disk" is not one of OS, Temporary`, 0},
		{"kubelet disk type other case", aksSettings(m("kubeletdisktype", "temporary")), "", 0},
		{"kubelet disk type unknown", aksSettings(m("kubeletdisktype", unresolved)), "", 0},
		{"mode", aksSettings(m("mode", "Worker")), `mode "Worker"`, 0},
		{"os type", aksSettings(m("ostype", "Darwin")), `osType "Darwin"`, 0},
		{"os sku retired name", aksSettings(m("ossku", "Ubuntu1804")), `osSKU "Ubuntu1804"`, 0},
		{"os sku newer stable value", aksSettings(m("ossku", "AzureLinux3")), "", 0},
		{"os disk type", aksSettings(m("osdisktype", "Premium")), `osDiskType "Premium"`, 0},
		{"priority", aksSettings(m("scalesetpriority", "Low")), `scaleSetPriority "Low"`, 0},
		{"scale down mode", aksSettings(m("scaledownmode", "Stop")), `scaleDownMode "Stop"`, 0},
		{"workload runtime", aksSettings(m("workloadruntime", "Wasm")), `workloadRuntime "Wasm"`, 0},
		{"workload runtime kata", aksSettings(m("workloadruntime", "KataMshvVmIsolation")), "", 0},
		{"gpu profile", aksSettings(m("gpuinstanceprofile", "MIG5g")), `gpuInstanceProfile "MIG5g"`, 0},
		{"pool type", aksSettings(m("type", "VMSS")), `type "VMSS"`, 0},
		{"drain timeout", aksSettings(m("upgradesettings.draintimeoutinminutes", 0)), "drainTimeoutInMinutes 0 is outside 1–1440", 0},
		{"drain timeout ok", aksSettings(m("upgradesettings.draintimeoutinminutes", 1440)), "", 0},
		{"soak", aksSettings(m("upgradesettings.nodesoakdurationinminutes", 31)), "nodeSoakDurationInMinutes 31", 0},
		{"cpu manager", aksSettings(m("kubeletconfig.cpumanagerpolicy", "dynamic")), `cpuManagerPolicy "dynamic"`, 0},
		{"topology", aksSettings(m("kubeletconfig.topologymanagerpolicy", "best-effort")), "", 0},
		{"log files", aksSettings(m("kubeletconfig.containerlogmaxfiles", 1)), "containerLogMaxFiles 1 is below the minimum 2", 0},
		{"gc threshold", aksSettings(m("kubeletconfig.imagegchighthreshold", 101)), "imageGcHighThreshold 101", 0},
		{"thp", aksSettings(m("linuxosconfig.transparenthugepageenabled", "sometimes")), "transparentHugePageEnabled", 0},
		{"thp defrag", aksSettings(m("linuxosconfig.transparenthugepagedefrag", "defer+madvise")), "", 0},
		{"wrong type is not judged", aksSettings(m("osdisksizegb", "big")), "", 0},
		{"zones on an availability set", aksSettings(m("type", "AvailabilitySet", "availabilityzones", []any{"1"})), "availabilityZones can only be specified when type is VirtualMachineScaleSets", 0},
		{"zones on a scale set", aksSettings(m("type", "VirtualMachineScaleSets", "availabilityzones", []any{"1"})), "", 0},
		{"no zones on an availability set", aksSettings(m("type", "AvailabilitySet", "availabilityzones", []any{})), "", 0},
		{"zones unknown on an availability set", aksSettings(m("type", "AvailabilitySet", "availabilityzones", unresolved)), "", 0},
		{"other schema ignored", azure(pool("p1", withSettings(nodepool.SchemaCAPZ, m("osdisksizegb", 4096)))), "", 0},
	})
}

func azurermPool(def bool, kv map[string]any) *nodepool.Cluster {
	return azure(pool("p1", func(p *nodepool.Pool) {
		withSettings(nodepool.SchemaAzurerm, kv)(p)
		p.Default = def
	}))
}

type kv = map[string]any

func TestPL202Azurerm(t *testing.T) {
	subnet := "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks"
	runCases(t, "PL202", []ruleCase{
		// StringInSlice enums (case-sensitive)
		{"priority", azurermPool(false, kv{"priority": "spot"}), `priority "spot" is not one of the allowed values (spelled exactly); did you mean "Spot"?`, Error},
		{"priority unknown word", azurermPool(false, kv{"priority": "Low"}), `priority "Low" is not one of Regular, Spot`, 0},
		{"priority ok", azurermPool(false, kv{"priority": "Spot", "eviction_policy": "Delete"}), "", 0},
		{"mode", azurermPool(false, kv{"mode": "system"}), `mode "system"`, 0},
		{"os type", azurermPool(false, kv{"os_type": "linux"}), `os_type "linux"`, 0},
		{"os sku", azurermPool(false, kv{"os_sku": "Ubuntu2004"}), `os_sku "Ubuntu2004"`, 0},
		{"os sku v3 value", azurermPool(false, kv{"os_sku": "CBLMariner"}), "", 0},
		{"os disk type", azurermPool(false, kv{"os_disk_type": "ephemeral"}), `os_disk_type "ephemeral"`, 0},
		{"scale down mode", azurermPool(false, kv{"scale_down_mode": "Stop"}), `scale_down_mode "Stop"`, 0},
		{"kubelet disk type", azurermPool(false, kv{"kubelet_disk_type": "Disk"}), `kubelet_disk_type "Disk"`, 0},
		{"gpu instance", azurermPool(false, kv{"gpu_instance": "MIG5g"}), `gpu_instance "MIG5g"`, 0},
		{"workload runtime", azurermPool(false, kv{"workload_runtime": "Wasm"}), `workload_runtime "Wasm"`, 0},
		{"default pool type", azurermPool(true, kv{"type": "VirtualMachines"}), `type "VirtualMachines"`, 0},
		{"empty string from a plan", azurermPool(false, kv{"scale_down_mode": ""}), "", 0},
		{"enum unknown", azurermPool(false, kv{"os_sku": unresolved}), "", 0},
		// ranges
		{"node count", azurermPool(false, kv{"node_count": 1001}), "node_count 1001 is outside 0–1000", 0},
		{"os disk size", azurermPool(false, kv{"os_disk_size_gb": 0}), "os_disk_size_gb 0 is below the minimum 1", 0},
		{"soak", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "10%", "upgrade_settings.node_soak_duration_in_minutes": 45}), "node_soak_duration_in_minutes 45", 0},
		{"swappiness", azurermPool(false, kv{"linux_os_config": kv{}, "linux_os_config.sysctl_config.vm_swappiness": 101}), "vm_swappiness 101", 0},
		{"swappiness ok", azurermPool(false, kv{"linux_os_config": kv{}, "linux_os_config.sysctl_config.vm_swappiness": 100}), "", 0},
		{"port range min", azurermPool(false, kv{"linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_min": 80, "linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_max": 60999}), "net_ipv4_ip_local_port_range_min 80", 0},
		{"container log max line", azurermPool(false, kv{"kubelet_config.container_log_max_line": 1}), "container_log_max_line 1", 0},
		{"temporary name", azurermPool(true, kv{"temporary_name_for_rotation": "Temp-Pool"}), `temporary_name_for_rotation "Temp-Pool"`, 0},
		{"temporary name ok", azurermPool(true, kv{"temporary_name_for_rotation": "tmp1"}), "", 0},
		// subnet IDs
		{"subnet id", azurermPool(false, kv{"vnet_subnet_id": "aks-subnet"}), "vnet_subnet_id \"aks-subnet\" is not a subnet ID", 0},
		{"pod subnet id", azurermPool(false, kv{"pod_subnet_id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"}), "pod_subnet_id", 0},
		{"subnet id ok", azurermPool(false, kv{"vnet_subnet_id": subnet}), "", 0},
		// upgrade settings
		{"upgrade settings empty", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.drain_timeout_in_minutes": 30}), "must set max_surge or max_unavailable", 0},
		{"upgrade settings surge", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "33%"}), "", 0},
		{"upgrade settings spot", azurermPool(false, kv{"priority": "Spot", "upgrade_settings": kv{}}), "", 0},
		{"upgrade settings unknown surge", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": unresolved}), "", 0},
		// autoscaling
		{"bounds without autoscaling", azurermPool(false, kv{"min_count": 1}), "min_count must be null when auto_scaling_enabled is false or unset", 0},
		{"bounds with autoscaling false", azurermPool(true, kv{"enable_auto_scaling": false, "max_count": 3}), "max_count must be null", 0},
		{"zero bound is unset", azurermPool(false, kv{"min_count": 0}), "", 0},
		{"autoscaling missing max", azurermPool(false, kv{"auto_scaling_enabled": true, "min_count": 1}), "max_count is not set, so azurerm reads 0, below min_count 1", 0},
		{"autoscaling missing min on a node pool resource", azurermPool(false, kv{"auto_scaling_enabled": true, "max_count": 3}), "", 0},
		{"autoscaling missing min on the default pool", azurermPool(true, kv{"auto_scaling_enabled": true, "max_count": 3}), "min_count is not set; azurerm requires both min_count and max_count on the default node pool", 0},
		{"autoscaling missing max, min unknown", azurermPool(false, kv{"auto_scaling_enabled": true, "min_count": unresolved}), "", 0},
		{"autoscaling with bounds", azurermPool(false, kv{"auto_scaling_enabled": true, "min_count": 1, "max_count": 3}), "", 0},
		{"autoscaling unknown", azurermPool(false, kv{"auto_scaling_enabled": unresolved, "min_count": 1}), "", 0},
		{"autoscaling bound unknown", azurermPool(false, kv{"auto_scaling_enabled": true, "min_count": 1, "max_count": unresolved}), "", 0},
		// combinations
		{"linux os config on windows", azurermPool(false, kv{"os_type": "Windows", "linux_os_config": kv{}}), "linux_os_config can only be configured when os_type is Linux", 0},
		{"linux os config on linux", azurermPool(false, kv{"os_type": "Linux", "linux_os_config": kv{}}), "", 0},
		{"prefix without public ip", azurermPool(false, kv{"node_public_ip_prefix_id": "/x"}), "requires node_public_ip_enabled", 0},
		{"prefix with public ip", azurermPool(false, kv{"node_public_ip_prefix_id": "/x", "node_public_ip_enabled": true}), "", 0},
		{"default pool taints", azurermPool(true, kv{"node_taints": []any{"a=b:NoSchedule"}}), "node_taints on the default node pool", 0},
		{"zones on availability set", azurermPool(true, kv{"type": "AvailabilitySet", "zones": []any{"1", "2"}}), "zones can only be set when type is VirtualMachineScaleSets", 0},
		{"zones on scale set", azurermPool(true, kv{"type": "VirtualMachineScaleSets", "zones": []any{"1"}}), "", 0},
		{"default pool empty taints", azurermPool(true, kv{"node_taints": []any{}}), "", 0},
		{"user pool taints", azurermPool(false, kv{"node_taints": []any{"a=b:NoSchedule"}}), "", 0},
		// v4.81.0 rows and checks
		{"gpu driver", azurermPool(false, kv{"gpu_driver": "install"}), `gpu_driver "install"`, 0},
		{"gpu driver ok", azurermPool(false, kv{"gpu_driver": "None"}), "", 0},
		{"undrainable ignoring case", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "1", "upgrade_settings.undrainable_node_behavior": "cordon"}), "", 0},
		{"undrainable unknown word", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "1", "upgrade_settings.undrainable_node_behavior": "Evict"}), `undrainable_node_behavior "Evict"`, 0},
		{"container log max files", azurermPool(false, kv{"kubelet_config.container_log_max_files": 1}), "container_log_max_files 1", 0},
		{"transparent huge page", azurermPool(false, kv{"linux_os_config.transparent_huge_page": "Always"}), `transparent_huge_page "Always"`, 0},
		{"conntrack max", azurermPool(false, kv{"linux_os_config.sysctl_config.net_netfilter_nf_conntrack_max": 131071}), "net_netfilter_nf_conntrack_max 131071", 0},
		{"keepalive interval", azurermPool(false, kv{"linux_os_config.sysctl_config.net_ipv4_tcp_keepalive_intvl": 90}), "", 0},
		{"host port", azurermPool(false, kv{"node_network_profile.allowed_host_ports[1].port_end": 65536}), "node_network_profile.allowed_host_ports[1].port_end 65536", 0},
		{"host port protocol", azurermPool(false, kv{"node_network_profile.allowed_host_ports[0].protocol": "tcp"}), `protocol "tcp"`, 0},
		{"surge and unavailable", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "10%", "upgrade_settings.max_unavailable": "1"}), "takes max_surge or max_unavailable, not both", 0},
		{"surge unknown and unavailable", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": unresolved, "upgrade_settings.max_unavailable": "1"}), "takes max_surge or max_unavailable, not both", 0},
		{"surge and unavailable unknown", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "10%", "upgrade_settings.max_unavailable": unresolved}), "", 0},
		{"default pool upgrade settings without surge", azurermPool(true, kv{"upgrade_settings": kv{}, "upgrade_settings.drain_timeout_in_minutes": 30}), "default node pool's upgrade_settings requires max_surge", 0},
		{"default pool upgrade settings unknown surge", azurermPool(true, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": unresolved}), "", 0},
		{"default pool wasm", azurermPool(true, kv{"workload_runtime": "WasmWasi"}), `workload_runtime "WasmWasi" is not taken by the default node pool`, 0},
		{"user pool wasm", azurermPool(false, kv{"workload_runtime": "WasmWasi"}), "", 0},
		{"drain timeout over the AKS API's bound", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "1", "upgrade_settings.drain_timeout_in_minutes": 1441}), "(the AKS API, at terraform apply)", 0},
		{"drain timeout at the bound", azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "1", "upgrade_settings.drain_timeout_in_minutes": 1440}), "", 0},
		{"port range min alone", azurermPool(false, kv{"linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_min": 32768}), "must be set together", 0},
		{"port range max alone", azurermPool(false, kv{"linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_max": 60999}), "must be set together", 0},
		{"port range reversed", azurermPool(false, kv{"linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_min": 50000, "linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_max": 40000}), "50000 is above net_ipv4_ip_local_port_range_max 40000", 0},
		{"port range ok", azurermPool(false, kv{"linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_min": 32768, "linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_max": 60999}), "", 0},
		{"plan: unset sysctl and kubelet values written 0", planCluster(azurermPool(false, kv{"linux_os_config": kv{}, "linux_os_config.sysctl_config.fs_aio_max_nr": 0, "kubelet_config.container_log_max_files": 0, "gpu_driver": ""})), "", 0},
		{"plan: a value still judged", planCluster(azurermPool(false, kv{"linux_os_config.sysctl_config.vm_swappiness": 101})), "vm_swappiness 101", 0},
		{"plan: upgrade settings read back", planCluster(azurermPool(false, kv{"upgrade_settings": kv{}, "upgrade_settings.max_surge": "10%", "upgrade_settings.max_unavailable": "1"})), "", 0},
		{"plan: apply-time check still made", planCluster(azurermPool(false, kv{"min_count": 1})), "min_count must be null", 0},
		{"port range max unknown", azurermPool(false, kv{"linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_min": 32768, "linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_max": unresolved}), "", 0},
	})
}

func awsGroup(kv map[string]any) *nodepool.Cluster {
	base := map[string]any{"scaling_config": map[string]any{}, "scaling_config.desired_size": 1, "scaling_config.min_size": 1, "scaling_config.max_size": 3, "subnet_ids": []any{"subnet-1"}}
	for k, v := range kv {
		if v == nil {
			delete(base, k)
			continue
		}
		base[k] = v
	}
	return aws(pool("ng", withSettings(nodepool.SchemaAWSNodeGroup, base)))
}

// planCluster marks a cluster as read from a plan's JSON.
func planCluster(c *nodepool.Cluster) *nodepool.Cluster {
	c.Format = "terraform-plan"
	return c
}

// ltType gives the cluster's pool the instance type of its launch template.
func ltType(c *nodepool.Cluster, f nodepool.Field[string]) *nodepool.Cluster {
	c.Pools[0].LaunchTemplateInstanceType = f
	return c
}

func cfnGroup(kv map[string]any) *nodepool.Cluster {
	base := map[string]any{"ClusterName": "eks", "NodeRole": "arn:aws:iam::123456789012:role/node", "Subnets": []any{"subnet-1"}}
	for k, v := range kv {
		if v == nil {
			delete(base, k)
			continue
		}
		base[k] = v
	}
	return aws(pool("ng", withSettings(nodepool.SchemaCFNNodegroup, base)))
}

func TestPL203EKSNodeGroup(t *testing.T) {
	runCases(t, "PL203", []ruleCase{
		{"clean", awsGroup(nil), "", 0},
		{"ami type", awsGroup(kv{"ami_type": "AL2_X86_64"}), `ami_type "AL2_X86_64"`, Error},
		{"ami type ok", awsGroup(kv{"ami_type": "AL2023_ARM_64_STANDARD"}), "", 0},
		{"ami type unknown", awsGroup(kv{"ami_type": unresolved}), "", 0},
		{"capacity type", awsGroup(kv{"capacity_type": "spot"}), `capacity_type "spot"`, 0},
		{"taint effect spelled as Kubernetes", awsGroup(kv{"taint[0].effect": "NoSchedule"}), `taint[0].effect "NoSchedule" is not one of NO_SCHEDULE`, 0},
		{"taint effect ok", awsGroup(kv{"taint[0].effect": "NO_SCHEDULE", "taint[1].effect": "PREFER_NO_SCHEDULE"}), "", 0},
		{"taint key long", awsGroup(kv{"taint[0].key": "example.com/" + string(make([]byte, 0)) + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}), "taint[0].key", 0},
		{"missing scaling config", awsGroup(kv{"scaling_config": nil}), "requires a scaling_config block", 0},
		{"missing subnets", awsGroup(kv{"subnet_ids": nil}), "requires subnet_ids", 0},
		{"scaling config without max", awsGroup(kv{"scaling_config.max_size": nil}), "scaling_config requires max_size", 0},
		{"scaling config max unknown", awsGroup(kv{"scaling_config.max_size": unresolved}), "", 0},
		{"51 taints", awsGroup(func() kv {
			m := kv{}
			for i := range 51 {
				m[fmt.Sprintf("taint[%d]", i)] = kv{}
			}
			return m
		}()), "has 51 taint blocks", 0},
		{"empty subnets", awsGroup(kv{"subnet_ids": []any{}}), "subnet_ids has 0 entries", 0},
		{"unknown subnets", awsGroup(kv{"subnet_ids": unresolved}), "", 0},
		{"update config empty", awsGroup(kv{"update_config": kv{}}), "update_config needs max_unavailable or max_unavailable_percentage", 0},
		{"update config ok", awsGroup(kv{"update_config": kv{}, "update_config.max_unavailable": 2}), "", 0},
		{"max unavailable over 100", awsGroup(kv{"update_config": kv{}, "update_config.max_unavailable": 101}), "max_unavailable 101 is above the maximum 100", 0},
		{"name prefix long", awsGroup(kv{"node_group_name_prefix": "a-very-long-node-group-name-prefix-0123"}), "node_group_name_prefix", 0},
		{"name prefix and name", awsGroup(kv{"node_group_name_prefix": "ng-", "node_group_name": "ng"}), "conflicts with node_group_name", 0},
		{"launch template both", awsGroup(kv{"launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.name": "lt-nodes", "launch_template.version": "1"}), "takes id or name, not both", 0},
		{"launch template neither", awsGroup(kv{"launch_template": kv{}, "launch_template.version": "1"}), "needs id or name", 0},
		{"launch template no version", awsGroup(kv{"launch_template": kv{}, "launch_template.id": "lt-1"}), "requires version", 0},
		{"launch template ok", awsGroup(kv{"launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": "$Latest"}), "", 0},
		{"disk size with launch template", awsGroup(kv{"disk_size": 50, "launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": "1"}), "disk size together with a launch template", 0},
		{"disk size without launch template", awsGroup(kv{"disk_size": 50}), "", 0},
		{"remote access with launch template", awsGroup(kv{"remote_access": kv{}, "launch_template": kv{}, "launch_template.name": "lt-nodes", "launch_template.version": "1"}), "remote access settings together with a launch template", 0},
		{"instance types here and in the launch template", ltType(awsGroup(kv{"instance_types": []any{"m6i.large"}, "launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": "1"}), known("m5.large", 1)), "refuses instance types on a node group whose launch template sets one (m5.large)", Error},
		{"instance types in the launch template only", ltType(awsGroup(kv{"launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": "1"}), known("m5.large", 1)), "", 0},
		{"instance types here only", ltType(awsGroup(kv{"instance_types": []any{"m6i.large"}, "launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": "1"}), nodepool.Field[string]{}), "", 0},
		{"launch template's instance type unknown", ltType(awsGroup(kv{"instance_types": []any{"m6i.large"}, "launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": "1"}), nodepool.UnknownBecause[string](nodepool.Pos{}, "not read")), "", 0},
		{"instance types unknown", ltType(awsGroup(kv{"instance_types": unresolved, "launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": "1"}), known("m5.large", 1)), "", 0},
		{"cfn instance types here and in the launch template", ltType(cfnGroup(kv{"InstanceTypes": []any{"m6i.large"}, "LaunchTemplate": kv{}, "LaunchTemplate.Id": "lt-1"}), known("m5.large", 1)), "refuses instance types on a node group whose launch template sets one", 0},
		// terraform show -json: planned values carry state and zero values
		{"plan: id and name from state", planCluster(awsGroup(kv{"launch_template": kv{}, "launch_template.id": "lt-0a1b", "launch_template.name": "nodes", "launch_template.version": "1"})), "", 0},
		{"plan: generated name and its prefix", planCluster(awsGroup(kv{"node_group_name": "terraform-20261203", "node_group_name_prefix": "terraform-"})), "", 0},
		{"plan: unset max_unavailable written 0", planCluster(awsGroup(kv{"update_config": kv{}, "update_config.max_unavailable": 0, "update_config.max_unavailable_percentage": 40})), "", 0},
		{"plan: a value still judged", planCluster(awsGroup(kv{"capacity_type": "spot"})), `capacity_type "spot"`, 0},
		// CloudFormation
		{"cfn ami", cfnGroup(kv{"AmiType": "AL2_X86_64"}), `AmiType "AL2_X86_64"`, 0},
		{"cfn effect", cfnGroup(kv{"Taints[0].Effect": "NoExecute"}), `Taints[0].Effect "NoExecute"`, 0},
		{"cfn effect ok", cfnGroup(kv{"Taints[0].Effect": "NO_EXECUTE"}), "", 0},
		{"cfn update config", cfnGroup(kv{"UpdateConfig": kv{}}), "UpdateConfig needs MaxUnavailable", 0},
		{"cfn disk with launch template", cfnGroup(kv{"DiskSize": 20, "LaunchTemplate": kv{}, "LaunchTemplate.Id": "lt-1"}), "disk size together with a launch template", 0},
		{"cfn disk unknown", cfnGroup(kv{"DiskSize": unresolved, "LaunchTemplate": kv{}, "LaunchTemplate.Id": "lt-1"}), "", 0},
		{"launch template version empty", awsGroup(kv{"launch_template": kv{}, "launch_template.id": "lt-1", "launch_template.version": ""}), `launch_template.version "" must have 1 to 255 characters`, 0},
		{"launch template id", awsGroup(kv{"launch_template": kv{}, "launch_template.id": "LT-1", "launch_template.version": "1"}), `launch_template.id "LT-1" must be a launch template ID`, 0},
		{"launch template id unknown", awsGroup(kv{"launch_template": kv{}, "launch_template.id": unresolved, "launch_template.version": "1"}), "", 0},
		{"launch template name", awsGroup(kv{"launch_template": kv{}, "launch_template.name": "my nodes", "launch_template.version": "1"}), `launch_template.name "my nodes" must have 3 to 125`, 0},
		{"launch template name ok", awsGroup(kv{"launch_template": kv{}, "launch_template.name": "nodes(v1)/a_b-c.d", "launch_template.version": "1"}), "", 0},
		{"cluster name", awsGroup(kv{"cluster_name": "-prod"}), `cluster_name "-prod" is not an EKS cluster name`, 0},
		{"cluster name ok", awsGroup(kv{"cluster_name": "my-valid-eks-cluster_1_dev"}), "", 0},
		{"cluster name of one character", awsGroup(kv{"cluster_name": "p"}), "", 0},
		{"cluster name unknown", awsGroup(kv{"cluster_name": unresolved}), "", 0},
		{"node role empty", awsGroup(kv{"node_role_arn": ""}), "node_role_arn \"\" must not be empty", 0},
		{"cfn required", cfnGroup(kv{"NodeRole": nil}), "AWS::EKS::Nodegroup requires NodeRole", 0},
		{"cfn required unknown", cfnGroup(kv{"Subnets": unresolved}), "", 0},
		{"cfn properties unread", aws(pool("ng", withSettings(nodepool.SchemaCFNNodegroup, kv{}))), "", 0},
		{"cfn remote access without key", cfnGroup(kv{"RemoteAccess": kv{}, "RemoteAccess.SourceSecurityGroups": []any{"sg-1"}}), "RemoteAccess requires Ec2SshKey", 0},
		{"cfn remote access", cfnGroup(kv{"RemoteAccess": kv{}, "RemoteAccess.Ec2SshKey": "nodes"}), "", 0},
		{"cfn launch template neither", cfnGroup(kv{"LaunchTemplate": kv{}, "LaunchTemplate.Version": "1"}), "LaunchTemplate needs Id or Name", 0},
		{"cfn launch template both", cfnGroup(kv{"LaunchTemplate": kv{}, "LaunchTemplate.Id": "lt-1", "LaunchTemplate.Name": "n"}), "takes Id or Name, not both", 0},
	})
}

func capzPool(kv map[string]any, labels ...string) *nodepool.Cluster {
	return azure(pool("p1", func(p *nodepool.Pool) {
		withSettings(nodepool.SchemaCAPZ, kv)(p)
		if len(labels) > 0 {
			p.Labels = known([]nodepool.Label{}, 6)
			for _, k := range labels {
				p.Labels.Value = append(p.Labels.Value, nodepool.Label{Key: k, Value: "x", ValueKnown: true, Pos: nodepool.Pos{File: "m.json", Line: 6, Col: 1}})
			}
		}
	}))
}

// TestPL204CAPZ ports the cases of CAPZ's azuremanagedmachinepool_webhook_test.go.
func TestPL204CAPZ(t *testing.T) {
	prefix := "/subscriptions/12345678-1234-1234-1234-123456789012/resourceGroups/rg/providers/Microsoft.Network/publicIPPrefixes/pip"
	runCases(t, "PL204", []ruleCase{
		{"label bare prefix", capzPool(nil, "kubernetes.azure.com"), `"kubernetes.azure.com" must not start with kubernetes.azure.com`, 0},
		{"label prefix-like", capzPool(nil, "kubernetes.azure.comfoo"), "must not start with", 0},
		{"label slash is PL002's", capzPool(nil, "kubernetes.azure.com/mode"), "", 0},
		{"label ok", capzPool(nil, "team"), "", 0},
		{"prefix malformed", capzPool(kv{"nodePublicIPPrefixID": "not-an-id", "enableNodePublicIP": true}), "is not a public IP prefix resource ID", 0},
		{"prefix without public ip", capzPool(kv{"nodePublicIPPrefixID": prefix}), "enableNodePublicIP must be true", 0},
		{"prefix with public ip false", capzPool(kv{"nodePublicIPPrefixID": prefix, "enableNodePublicIP": false}), "enableNodePublicIP must be true", 0},
		{"prefix with public ip", capzPool(kv{"nodePublicIPPrefixID": prefix, "enableNodePublicIP": true}), "", 0},
		{"prefix with public ip unknown", capzPool(kv{"nodePublicIPPrefixID": prefix, "enableNodePublicIP": unresolved}), "", 0},
		{"cfs quota period", capzPool(kv{"kubeletConfig.cpuCfsQuotaPeriod": "100"}), "cpuCfsQuotaPeriod", 0},
		{"cfs quota period ok", capzPool(kv{"kubeletConfig.cpuCfsQuotaPeriod": "100ms"}), "", 0},
		{"gc low above high", capzPool(kv{"kubeletConfig.imageGcHighThreshold": 50, "kubeletConfig.imageGcLowThreshold": 60}), "imageGcLowThreshold 60 is above imageGcHighThreshold 50", 0},
		{"gc ok", capzPool(kv{"kubeletConfig.imageGcHighThreshold": 60, "kubeletConfig.imageGcLowThreshold": 60}), "", 0},
		{"unsafe sysctl", capzPool(kv{"kubeletConfig.allowedUnsafeSysctls[0]": "net.*", "kubeletConfig.allowedUnsafeSysctls[1]": "kernel.msg*", "kubeletConfig.allowedUnsafeSysctls[2]": "fs.file-max"}), `"fs.file-max" is not an allowed unsafe sysctl`, 0},
		{"unsafe sysctl ok", capzPool(kv{"kubeletConfig.allowedUnsafeSysctls[0]": "kernel.sem"}), "", 0},
		{"swap without failSwapOn", capzPool(kv{"linuxOSConfig.swapFileSizeMB": 1500}), "needs kubeletConfig.failSwapOn: false", 0},
		{"swap with failSwapOn true", capzPool(kv{"linuxOSConfig.swapFileSizeMB": 1500, "kubeletConfig.failSwapOn": true}), "needs kubeletConfig.failSwapOn: false", 0},
		{"swap with failSwapOn false", capzPool(kv{"linuxOSConfig.swapFileSizeMB": 1500, "kubeletConfig.failSwapOn": false}), "", 0},
		{"swap with failSwapOn unknown", capzPool(kv{"linuxOSConfig.swapFileSizeMB": 1500, "kubeletConfig.failSwapOn": unresolved}), "", 0},
		{"port range format", capzPool(kv{"linuxOSConfig.sysctls.netIpv4IPLocalPortRange": "1024-65000"}), `must be "<first> <last>"`, 0},
		{"port range first", capzPool(kv{"linuxOSConfig.sysctls.netIpv4IPLocalPortRange": "80 65000"}), "first port 80 outside 1024–60999", 0},
		{"port range last", capzPool(kv{"linuxOSConfig.sysctls.netIpv4IPLocalPortRange": "1024 65535"}), "last port 65535 outside 32768–65000", 0},
		{"port range order", capzPool(kv{"linuxOSConfig.sysctls.netIpv4IPLocalPortRange": "60000 40000"}), "first port above its last", 0},
		{"port range ok", capzPool(kv{"linuxOSConfig.sysctls.netIpv4IPLocalPortRange": "32768 65000"}), "", 0},
		{"subnet name", capzPool(kv{"subnetName": "-subnet"}), `subnetName "-subnet" is not a subnet name`, 0},
		{"subnet name ending with underscore", capzPool(kv{"subnetName": "subnet_"}), "is not a subnet name", 0},
		{"subnet name ending with dot", capzPool(kv{"subnetName": "subnet."}), "is not a subnet name", 0},
		{"subnet name unknown", capzPool(kv{"subnetName": unresolved}), "", 0},
		{"os disk type", capzPool(kv{"osDiskType": "Premium"}), `osDiskType "Premium"`, 0},
	})
}

// TestPL018AzurermError: azurerm refuses Spot settings on a Regular pool,
// so there the warning is an error (issue 15).
func TestPL018AzurermError(t *testing.T) {
	regular := func(schema string) *nodepool.Cluster {
		return azure(pool("a", func(p *nodepool.Pool) {
			p.Priority = known("Regular", 3)
			p.SpotMaxPrice = known(0.5, 4)
			p.Schema = schema
		}))
	}
	runCases(t, "PL018", []ruleCase{
		{"azurerm regular with price", regular(nodepool.SchemaAzurerm), "which azurerm refuses", Error},
		{"arm regular with price", regular(nodepool.SchemaAKS), "which only Spot pools use", Warning},
		{"azurerm spot with price", azure(pool("a", func(p *nodepool.Pool) {
			p.Priority = known("Spot", 3)
			p.SpotMaxPrice = known(0.5, 4)
			p.Schema = nodepool.SchemaAzurerm
		})), "", 0},
	})
}

// TestPL029Families: eksctl's AMI families name no architecture (issue 15:
// g5g with AmazonLinux2 or Windows passed).
func TestPL029Families(t *testing.T) {
	group := func(family string, types ...string) *nodepool.Cluster {
		return aws(pool("g", func(p *nodepool.Pool) {
			p.OSSKU = known(family, 3)
			p.InstanceTypes = known(types, 4)
		}))
	}
	runCases(t, "PL029", []ruleCase{
		{"g5g on AmazonLinux2", group("AmazonLinux2", "g5g.xlarge"), "Arm64 GPU instance type g5g.xlarge", Error},
		{"g5g on AmazonLinux2023", group("AmazonLinux2023", "g5g.xlarge"), "", 0},
		{"m7g on AmazonLinux2", group("AmazonLinux2", "m7g.large"), "", 0},
		{"windows on graviton", group("WindowsServer2022CoreContainer", "m6g.large"), "Windows nodes run on x86_64 only", 0},
		{"windows on x86", group("WindowsServer2022CoreContainer", "m6i.large"), "", 0},
		{"windows ami type on graviton", group("WINDOWS_CORE_2022_x86_64", "c7g.large"), "another CPU architecture", 0},
		{"bottlerocket family", group("Bottlerocket", "g5g.xlarge"), "", 0},
	})
}

// TestPL026Kubenet: the kubenet 400-node limit (issue 15).
func TestPL026Kubenet(t *testing.T) {
	cluster := func(plugin nodepool.Field[string], max int64) *nodepool.Cluster {
		c := azure(pool("a", func(p *nodepool.Pool) { p.MaxCount = known(max, 3) }), pool("b", func(p *nodepool.Pool) { p.Count = known(int64(100), 4) }))
		c.NetworkPlugin = plugin
		return c
	}
	runCases(t, "PL026", []ruleCase{
		{"kubenet over 400", cluster(known("kubenet", 1), 301), "kubenet supports at most 400 nodes", Error},
		{"kubenet at 400", cluster(known("kubenet", 1), 300), "", 0},
		{"azure cni over 400", cluster(known("azure", 1), 301), "", 0},
		{"plugin unknown", cluster(unknownField[string](1), 301), "", 0},
	})
}
