package terraform

import (
	"sort"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// tfSchema lists the arguments and nested blocks of a resource (or block)
// whose settings ported checks read: Terraform bodies cannot be listed
// without their provider's schema, so the names are written here.
type tfSchema struct {
	attrs  []string
	blocks map[string]*tfSchema
	// repeated blocks get indexed paths (taint[0].key); the others, which
	// the provider allows once, take the first block's path (upgrade_settings.max_surge).
	repeated map[string]bool
}

var sysctlSchema = &tfSchema{attrs: []string{
	"fs_aio_max_nr", "fs_file_max", "fs_inotify_max_user_watches", "fs_nr_open", "kernel_threads_max",
	"net_core_netdev_max_backlog", "net_core_optmem_max", "net_core_rmem_default", "net_core_rmem_max",
	"net_core_somaxconn", "net_core_wmem_default", "net_core_wmem_max", "net_ipv4_ip_local_port_range_max",
	"net_ipv4_ip_local_port_range_min", "net_ipv4_neigh_default_gc_thresh1", "net_ipv4_neigh_default_gc_thresh2",
	"net_ipv4_neigh_default_gc_thresh3", "net_ipv4_tcp_fin_timeout", "net_ipv4_tcp_keepalive_intvl",
	"net_ipv4_tcp_keepalive_probes", "net_ipv4_tcp_keepalive_time", "net_ipv4_tcp_max_syn_backlog",
	"net_ipv4_tcp_max_tw_buckets", "net_ipv4_tcp_tw_reuse", "net_netfilter_nf_conntrack_buckets",
	"net_netfilter_nf_conntrack_max", "vm_max_map_count", "vm_swappiness", "vm_vfs_cache_pressure",
}}

// azurermPoolSchema is azurerm's node pool (v3 and v4 names): the
// azurerm_kubernetes_cluster_node_pool resource and the default_node_pool
// block share most of it.
var azurermPoolSchema = &tfSchema{
	attrs: []string{
		"name", "vm_size", "node_count", "min_count", "max_count", "max_pods", "mode", "type",
		"os_type", "os_sku", "os_disk_type", "os_disk_size_gb", "priority", "eviction_policy",
		"spot_max_price", "scale_down_mode", "kubelet_disk_type", "gpu_instance", "gpu_driver",
		"workload_runtime", "zones", "availability_zones", "vnet_subnet_id", "pod_subnet_id",
		"node_taints", "node_labels", "orchestrator_version", "temporary_name_for_rotation",
		"only_critical_addons_enabled", "fips_enabled", "ultra_ssd_enabled", "host_group_id",
		"node_public_ip_prefix_id", "proximity_placement_group_id", "snapshot_id",
		"capacity_reservation_group_id", "kubernetes_cluster_id",
		"auto_scaling_enabled", "enable_auto_scaling",
		"node_public_ip_enabled", "enable_node_public_ip",
		"host_encryption_enabled", "enable_host_encryption", "enable_fips",
	},
	blocks: map[string]*tfSchema{
		"upgrade_settings": {attrs: []string{"max_surge", "max_unavailable", "drain_timeout_in_minutes", "node_soak_duration_in_minutes", "undrainable_node_behavior"}},
		"linux_os_config": {
			attrs:  []string{"swap_file_size_mb", "transparent_huge_page_enabled", "transparent_huge_page_defrag", "transparent_huge_page"},
			blocks: map[string]*tfSchema{"sysctl_config": sysctlSchema},
		},
		"kubelet_config": {attrs: []string{
			"cpu_manager_policy", "topology_manager_policy", "image_gc_high_threshold", "image_gc_low_threshold",
			"container_log_max_line", "container_log_max_files", "container_log_max_size_mb", "pod_max_pid", "allowed_unsafe_sysctls",
			"cpu_cfs_quota_enabled", "cpu_cfs_quota_period",
		}},
		"windows_profile": {attrs: []string{"outbound_nat_enabled"}},
		"node_network_profile": {
			attrs:    []string{"node_public_ip_tags", "application_security_group_ids"},
			blocks:   map[string]*tfSchema{"allowed_host_ports": {attrs: []string{"port_start", "port_end", "protocol"}}},
			repeated: map[string]bool{"allowed_host_ports": true},
		},
	},
}

// awsNodeGroupSchema is the aws provider's aws_eks_node_group.
var awsNodeGroupSchema = &tfSchema{
	attrs: []string{
		"cluster_name", "node_group_name", "node_group_name_prefix", "node_role_arn", "subnet_ids",
		"ami_type", "capacity_type", "disk_size", "instance_types", "labels", "release_version",
		"version", "force_update_version",
	},
	blocks: map[string]*tfSchema{
		"scaling_config":     {attrs: []string{"desired_size", "min_size", "max_size"}},
		"update_config":      {attrs: []string{"max_unavailable", "max_unavailable_percentage"}},
		"launch_template":    {attrs: []string{"id", "name", "version"}},
		"remote_access":      {attrs: []string{"ec2_ssh_key", "source_security_group_ids"}},
		"taint":              {attrs: []string{"key", "value", "effect"}},
		"node_repair_config": {attrs: []string{"enabled"}},
	},
	repeated: map[string]bool{"taint": true},
}

// readSettings reads o's settings by schema s.
func readSettings(o object, s *tfSchema) nodepool.Settings {
	b := conv.NewSettings()
	addTFSettings(b, "", o, s, 0)
	return b.S
}

func addTFSettings(b *conv.SettingsBuilder, path string, o object, s *tfSchema, depth int) {
	if depth > conv.MaxSettingsDepth {
		return
	}
	for _, name := range s.attrs {
		b.Add(conv.Join(path, name), o.attr(name))
	}
	names := make([]string, 0, len(s.blocks))
	for name := range s.blocks {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		inner := s.blocks[name]
		for i, bl := range o.blocks(name) {
			p := conv.Join(path, name)
			if s.repeated[name] {
				p = conv.Join(p, i)
			} else if i > 0 {
				break
			}
			f := nodepool.Field[any]{Value: map[string]any{}, Known: true, Set: true, Pos: bl.position(), Origin: nodepool.OriginLiteral}
			if h, ok := bl.(*hclObject); ok && h.unknown {
				f = nodepool.Field[any]{Set: true, Pos: bl.position(), Origin: nodepool.OriginExpression}
			}
			if !b.Full() {
				b.S[p] = f
			}
			addTFSettings(b, p, bl, inner, depth+1)
		}
	}
}
