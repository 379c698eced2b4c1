package rules

import (
	"regexp"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// azurermRows are the validations of azurerm's node pool schema
// (internal/services/containers: kubernetes_cluster_node_pool_resource.go,
// kubernetes_nodepool.go and the default_node_pool block, read at v3.0.0,
// v3.117.1, v4.0.0 and v4.81.0), v3 and v4 names. StringInSlice compares
// case-sensitively unless noted; enums and ranges are the union over v3.x
// and v4.x so that no release is refused a value it takes (the sysctl
// bounds widened in v3.9x: net_ipv4_tcp_keepalive_intvl 10–75 → 10–90,
// net_netfilter_nf_conntrack_buckets and _max).
var azurermRows = []fieldCheck{
	oneOf("priority", "Regular", "Spot"),
	oneOf("eviction_policy", "Delete", "Deallocate"),
	oneOf("mode", "System", "User"),
	oneOf("os_type", "Linux", "Windows"),
	oneOf("os_sku", "AzureLinux", "AzureLinux3", "CBLMariner", "Mariner", "Ubuntu", "Ubuntu2204", "Ubuntu2404", "Windows2019", "Windows2022", "Windows2025", "WindowsAnnual"),
	oneOf("os_disk_type", "Ephemeral", "Managed"),
	oneOf("scale_down_mode", "Deallocate", "Delete"),
	oneOf("kubelet_disk_type", "OS", "Temporary"),
	oneOf("gpu_instance", "MIG1g", "MIG2g", "MIG3g", "MIG4g", "MIG7g"),
	oneOf("gpu_driver", "Install", "None"),
	oneOf("workload_runtime", "KataMshvVmIsolation", "KataVmIsolation", "OCIContainer", "WasmWasi"),
	oneOf("type", "AvailabilitySet", "VirtualMachineScaleSets"),
	between("node_count", 0, 1000),
	between("min_count", 0, 1000),
	between("max_count", 0, 1000),
	atLeast("os_disk_size_gb", 1),
	between("upgrade_settings.node_soak_duration_in_minutes", 0, 30),
	oneOfFold("upgrade_settings.undrainable_node_behavior", "Cordon", "Schedule"), // StringInSlice ignoring case
	oneOf("kubelet_config.cpu_manager_policy", "none", "static"),
	oneOf("kubelet_config.topology_manager_policy", "none", "best-effort", "restricted", "single-numa-node"),
	between("kubelet_config.image_gc_high_threshold", 0, 100),
	between("kubelet_config.image_gc_low_threshold", 0, 100),
	atLeast("kubelet_config.container_log_max_line", 2),
	atLeast("kubelet_config.container_log_max_files", 2),
	oneOf("linux_os_config.transparent_huge_page_enabled", "always", "madvise", "never"),
	oneOf("linux_os_config.transparent_huge_page", "always", "madvise", "never"),
	oneOf("linux_os_config.transparent_huge_page_defrag", "always", "defer", "defer+madvise", "madvise", "never"),
	between("linux_os_config.sysctl_config.fs_aio_max_nr", 65536, 6553500),
	between("linux_os_config.sysctl_config.fs_file_max", 8192, 12000500),
	between("linux_os_config.sysctl_config.fs_inotify_max_user_watches", 781250, 2097152),
	between("linux_os_config.sysctl_config.fs_nr_open", 8192, 20000500),
	between("linux_os_config.sysctl_config.kernel_threads_max", 20, 513785),
	between("linux_os_config.sysctl_config.net_core_somaxconn", 4096, 3240000),
	between("linux_os_config.sysctl_config.net_core_netdev_max_backlog", 1000, 3240000),
	between("linux_os_config.sysctl_config.net_core_optmem_max", 20480, 4194304),
	between("linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_min", 1024, 60999),
	between("linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_max", 1024, 65535), // 32768–65000 in some v3/v4 releases, 1024–60999 in others: the union
	between("linux_os_config.sysctl_config.net_ipv4_neigh_default_gc_thresh1", 128, 80000),
	between("linux_os_config.sysctl_config.net_ipv4_neigh_default_gc_thresh2", 512, 90000),
	between("linux_os_config.sysctl_config.net_ipv4_neigh_default_gc_thresh3", 1024, 100000),
	between("linux_os_config.sysctl_config.net_core_rmem_default", 212992, 134217728),
	between("linux_os_config.sysctl_config.net_core_rmem_max", 212992, 134217728),
	between("linux_os_config.sysctl_config.net_core_wmem_default", 212992, 134217728),
	between("linux_os_config.sysctl_config.net_core_wmem_max", 212992, 134217728),
	between("linux_os_config.sysctl_config.net_ipv4_tcp_fin_timeout", 5, 120),
	between("linux_os_config.sysctl_config.net_ipv4_tcp_keepalive_probes", 1, 15),
	between("linux_os_config.sysctl_config.net_ipv4_tcp_keepalive_time", 30, 432000),
	between("linux_os_config.sysctl_config.net_ipv4_tcp_keepalive_intvl", 10, 90),
	between("linux_os_config.sysctl_config.net_ipv4_tcp_max_syn_backlog", 128, 3240000),
	between("linux_os_config.sysctl_config.net_ipv4_tcp_max_tw_buckets", 8000, 1440000),
	between("linux_os_config.sysctl_config.net_netfilter_nf_conntrack_buckets", 65536, 524288),
	between("linux_os_config.sysctl_config.net_netfilter_nf_conntrack_max", 131072, 2097152),
	between("linux_os_config.sysctl_config.vm_max_map_count", 65530, 262144),
	between("linux_os_config.sysctl_config.vm_swappiness", 0, 100),
	between("linux_os_config.sysctl_config.vm_vfs_cache_pressure", 0, 100),
	between("node_network_profile.allowed_host_ports[].port_start", 1, 65535),
	between("node_network_profile.allowed_host_ports[].port_end", 1, 65535),
	oneOf("node_network_profile.allowed_host_ports[].protocol", "TCP", "UDP"),
	matching("temporary_name_for_rotation", `^[a-z][a-z0-9]{0,11}$`, "must start with a lowercase letter and have at most 12 lowercase letters and digits"),
}

// subnetIDRE is the syntax of commonids.ValidateSubnetID (the static
// segments compared ignoring case here, so only a malformed ID fires).
// aksAtApplyRows are azurerm arguments the provider passes on unchecked
// and the AKS API refuses when terraform apply sends them.
var aksAtApplyRows = []fieldCheck{
	between("upgrade_settings.drain_timeout_in_minutes", 0, 1440),
}

var subnetIDRE = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`)

// PL202 checks azurerm node pools against the provider's schema.
var PL202 = register(&Rule{
	ID:        "PL202",
	Name:      "azurerm-node-pool-invalid",
	Summary:   "azurerm node pool argument or combination the provider refuses",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `Checks azurerm_kubernetes_cluster_node_pool and default_node_pool blocks against
the azurerm provider's own validation (hashicorp/terraform-provider-azurerm,
internal/services/containers/kubernetes_cluster_node_pool_resource.go and
kubernetes_nodepool.go, v3.0.0 to v4.81.0), which refuses them at terraform
plan or apply; where releases differ, only what every release refuses is
reported:

- StringInSlice enums (case-sensitive): priority, eviction_policy, mode,
  os_type, os_sku, os_disk_type, scale_down_mode, kubelet_disk_type,
  gpu_instance, gpu_driver, workload_runtime, the default pool's type,
  kubelet_config policies, linux_os_config transparent_huge_page (and its
  v3 name transparent_huge_page_enabled) and _defrag, and
  node_network_profile allowed_host_ports protocol; undrainable_node_behavior
  ignoring case;
- IntBetween ranges: node_count, min_count, max_count (0–1000),
  os_disk_size_gb (≥ 1), upgrade_settings' node soak duration, kubelet_config
  (container_log_max_line / container_log_max_files ≥ 2), every
  sysctl_config value, allowed_host_ports ports (1–65535);
- upgrade_settings drain_timeout_in_minutes, which azurerm passes on
  unchecked, above the AKS API's 1440 (refused at terraform apply);
- sysctl net_ipv4_ip_local_port_range_min and _max set together, the
  minimum not above the maximum;
- temporary_name_for_rotation follows the pool name syntax;
- vnet_subnet_id and pod_subnet_id must be subnet resource IDs;
- upgrade_settings on a node pool resource that is not Spot with neither
  max_surge nor max_unavailable (surge settings on Spot pools are PL009's),
  or with both (max_unavailable came in v4.53.0 with ExactlyOneOf,
  ConflictsWith from v4.65.0),
  and on the default pool without max_surge (Required in every release);
- workload_runtime WasmWasi on the default pool (node pool resources only);
- min_count or max_count above 0 while auto_scaling_enabled (enable_auto_scaling in
  v3) is false or unset — unset is false — and, while it is true, a missing
  bound on the default pool or a missing max_count beside a min_count above 0
  on a node pool resource (which reads the missing bound as 0);
- linux_os_config on a Windows pool; zones on an AvailabilitySet default
  pool (refused by the AKS API at apply);
- node_public_ip_prefix_id without node_public_ip_enabled (RequiredWith);
- node_taints on the default pool (v3 refuses them when expanding the
  block, v4 has no such argument).

Spot settings on a Regular pool are PL018's (an error for azurerm). A value
that cannot be resolved is not judged. In a plan (terraform show -json),
which azurerm's schema validation has passed already and whose planned values
hold state read back from Azure, 0 and "" read as unset and only what azurerm
checks at apply and the AKS API refuse are reported.`,
	Fix: `Change the argument the message names to what the azurerm provider accepts:
enum values spelled exactly (case-sensitive), numbers within range, subnet
resource IDs for vnet_subnet_id and pod_subnet_id, min_count and max_count only
with auto_scaling_enabled = true (enable_auto_scaling in v3), linux_os_config
only on Linux pools, node_public_ip_prefix_id only with node_public_ip_enabled,
and on the default pool only_critical_addons_enabled (or a separate, tainted
pool) instead of node_taints.
terraform validate and terraform plan report the same errors.`,
	Links: []Link{linkAzurermNodePool, linkAzurermCluster},
	Check: func(p *Pass) {
		checkTable(p, nodepool.SchemaAzurerm, "azurerm", azurermRows)
		checkTable(p, nodepool.SchemaAzurerm, "the AKS API, at terraform apply", aksAtApplyRows)
		c := p.Cluster
		for _, pool := range c.Pools {
			if pool.Schema != nodepool.SchemaAzurerm {
				continue
			}
			azurermCombinations(p, c, pool)
		}
	},
})

// positive reports a known integer above zero (Terraform reads 0 as unset).
func positive(f nodepool.Field[any]) bool {
	n, ok := integer(f)
	return ok && n > 0
}

func knownPresent(f nodepool.Field[any]) bool { return f.Known && present(f) }

func azurermCombinations(p *Pass, c *nodepool.Cluster, pool *nodepool.Pool) {
	ref := poolRef(c, pool)
	get := func(names ...string) nodepool.Field[any] {
		for _, n := range names {
			if f := setting(pool, n); f.Set {
				return f
			}
		}
		return nodepool.Field[any]{}
	}
	// A plan exists only once the schema's validation and CustomizeDiff
	// passed, and its planned values hold state the API returned: only the
	// checks azurerm makes at apply (Create, expand) and the API's are made.
	plan := fromPlan(c)
	for _, name := range []string{"vnet_subnet_id", "pod_subnet_id"} {
		if s, ok := str(get(name)); ok && !plan && s != "" && !subnetIDRE.MatchString(s) {
			f := get(name)
			p.Report(at(f, pool), pool, name, "%s: %s %q is not a subnet ID (/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/virtualNetworks/…/subnets/…) (azurerm)", ref, name, s)
		}
	}
	prio := get("priority")
	prioStr, prioKnown := str(prio)
	if !prio.Set {
		prioStr, prioKnown = "Regular", true // the schema's default
	}
	spot := prioKnown && prioStr == "Spot"
	if us := get("upgrade_settings"); us.Known && prioKnown && !pool.Default && !plan {
		surge, unavail := get("upgrade_settings.max_surge"), get("upgrade_settings.max_unavailable")
		switch {
		case spot && knownPresent(surge):
			// PL009 reports surge settings on Spot pools.
		case !spot && !surge.Set && !unavail.Set:
			p.Report(at(us, pool), pool, "upgrade_settings", "%s: upgrade_settings must set max_surge or max_unavailable when priority is not Spot (azurerm)", ref)
		}
	}
	if surge, unavail := get("upgrade_settings.max_surge"), get("upgrade_settings.max_unavailable"); !plan && surge.Set && knownPresent(unavail) {
		// max_unavailable came in v4.53.0 with ExactlyOneOf, ConflictsWith
		// from v4.65.0; the default pool has no such argument
		p.Report(at(unavail, pool), pool, "upgrade_settings.max_unavailable", "%s: upgrade_settings takes max_surge or max_unavailable, not both (azurerm: ExactlyOneOf, ConflictsWith from v4.65.0; the default pool has no max_unavailable)", ref)
	}
	if us := get("upgrade_settings"); pool.Default && !plan && us.Known && !get("upgrade_settings.max_surge").Set {
		p.Report(at(us, pool), pool, "upgrade_settings.max_surge", "%s: the default node pool's upgrade_settings requires max_surge (azurerm)", ref)
	}
	if wr, ok := str(get("workload_runtime")); ok && pool.Default && !plan && wr == "WasmWasi" {
		f := get("workload_runtime")
		p.Report(at(f, pool), pool, "workload_runtime", "%s: workload_runtime %q is not taken by the default node pool (azurerm: OCIContainer or KataVmIsolation); use a separate node pool", ref, wr)
	}
	portRange(p, pool, ref, get)
	auto := get("auto_scaling_enabled", "enable_auto_scaling")
	autoOn, autoKnown := boolean(auto)
	if !auto.Set {
		autoOn, autoKnown = false, true // unset is false
	}
	if autoKnown {
		for _, name := range []string{"min_count", "max_count"} {
			f := get(name)
			switch {
			case !autoOn && positive(f):
				p.Report(at(f, pool), pool, name, "%s: %s must be null when auto_scaling_enabled is false or unset (azurerm); enable autoscaling or remove it", ref, name)
			case autoOn && !f.Set && pool.Default:
				// ExpandDefaultNodePool: both bounds must be above 0
				p.Report(at(auto, pool), pool, name, "%s: auto_scaling_enabled is true but %s is not set; azurerm requires both min_count and max_count on the default node pool", ref, name)
			case autoOn && !f.Set && name == "max_count":
				// a node pool resource reads a missing bound as 0: no
				// min_count is a minimum of 0, which azurerm takes, but
				// max_count 0 is below any min_count above 0
				if lo, ok := integer(get("min_count")); ok && lo > 0 {
					p.Report(at(auto, pool), pool, name, "%s: auto_scaling_enabled is true but max_count is not set, so azurerm reads 0, below min_count %d (\"max_count must be >= min_count\")", ref, lo)
				}
			}
		}
	}
	if lc := get("linux_os_config"); lc.Known {
		if os, ok := str(get("os_type")); ok && strings.EqualFold(os, "Windows") {
			p.Report(at(lc, pool), pool, "linux_os_config", "%s: linux_os_config can only be configured when os_type is Linux (azurerm)", ref)
		}
	}
	if prefix := get("node_public_ip_prefix_id"); !plan && knownPresent(prefix) && !get("node_public_ip_enabled", "enable_node_public_ip").Set {
		p.Report(at(prefix, pool), pool, "node_public_ip_prefix_id", "%s: node_public_ip_prefix_id requires node_public_ip_enabled (azurerm RequiredWith)", ref)
	}
	if t, ok := str(get("type")); ok && t == "AvailabilitySet" {
		if z := get("zones", "availability_zones"); knownPresent(z) {
			p.Report(at(z, pool), pool, "zones", "%s: zones can only be set when type is VirtualMachineScaleSets (the AKS API refuses them on an availability set at apply)", ref)
		}
	}
	if pool.Default {
		if t := get("node_taints"); knownPresent(t) {
			p.Report(at(t, pool), pool, "node_taints", "%s: node_taints on the default node pool are refused by azurerm (the AKS API no longer taints every node of the default pool); use only_critical_addons_enabled or a separate pool", ref)
		}
	}
}

// portRange holds the sysctl port range to azurerm's expand check: both
// bounds or neither (0 reads as unset), and the minimum not above the
// maximum. An unresolved bound is not judged.
func portRange(p *Pass, pool *nodepool.Pool, ref string, get func(...string) nodepool.Field[any]) {
	const prefix = "linux_os_config.sysctl_config.net_ipv4_ip_local_port_range_"
	lo, hi := get(prefix+"min"), get(prefix+"max")
	value := func(f nodepool.Field[any]) (int64, bool) {
		if !f.Set {
			return 0, true
		}
		return integer(f)
	}
	low, lowOK := value(lo)
	high, highOK := value(hi)
	if !lowOK || !highOK {
		return
	}
	switch {
	case (low == 0) != (high == 0):
		f, name := lo, "min"
		if high != 0 {
			f, name = hi, "max"
		}
		p.Report(at(f, pool), pool, prefix+name, "%s: net_ipv4_ip_local_port_range_min and net_ipv4_ip_local_port_range_max must be set together (azurerm)", ref)
	case low > high:
		p.Report(at(lo, pool), pool, prefix+"min", "%s: net_ipv4_ip_local_port_range_min %d is above net_ipv4_ip_local_port_range_max %d (azurerm)", ref, low, high)
	}
}
