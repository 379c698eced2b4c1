package scan

import (
	"fmt"
	"strings"
	"testing"
)

// The Terraform providers' own validation of node pools, as cases scanned
// the way a user writes them. Each block names the upstream file and the
// version its rows come from.

// azCluster is an azurerm_kubernetes_cluster whose default_node_pool has
// body (indented by the caller's text as written).
func azCluster(defaultPool string) string {
	return `resource "azurerm_resource_group" "rg" {
  name     = "rg-aks"
  location = "westeurope"
}

resource "azurerm_kubernetes_cluster" "main" {
  name                = "aks-main"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  dns_prefix          = "aksmain"
  kubernetes_version  = "1.31"

  default_node_pool {
` + tfIndent(defaultPool, "    ") + `  }

  identity {
    type = "SystemAssigned"
  }
}
`
}

const azDefaultBody = `name       = "system"
vm_size    = "Standard_D4s_v5"
node_count = 3
`

// azPool is the cluster above with a plain default pool and an
// azurerm_kubernetes_cluster_node_pool "user" whose arguments are body.
func azPool(body string) string { return azPoolOn(azDefaultBody, body) }

// azPoolOn is azPool with the default pool's body given.
func azPoolOn(defaultPool, body string) string {
	return azCluster(defaultPool) + `
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
` + tfIndent(body, "  ") + `}
`
}

// tfIndent prefixes every non-empty line of s with by.
func tfIndent(s, by string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if line != "" {
			b.WriteString(by)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// azPoolWith is a user pool "user" of a common size plus extra.
func azPoolWith(extra string) string {
	return azPool(`name       = "user"
vm_size    = "Standard_D8s_v5"
node_count = 2
` + extra)
}

func azSysctl(lines string) string {
	return azPoolWith("linux_os_config {\n  sysctl_config {\n" + tfIndent(lines, "    ") + "  }\n}\n")
}

func TestAzurermValidatorCases(t *testing.T) {
	tf := func(s string) map[string]string { return oneFile("main.tf", s) }
	var tb caseTable
	add := tb.add

	// internal/services/containers/validate/kubernetes_test.go,
	// TestKubernetesAgentPoolName, v4.81.0 (KubernetesAgentPoolName, the
	// validator of name and temporary_name_for_rotation).
	tb.src = "validate/kubernetes_test.go"
	for _, row := range []struct {
		name  string
		valid bool
	}{
		{"", false}, {"ABC123", false}, {"abc123", true}, {"123abc", false}, {"hi", true},
		{"hello", true}, {"hello-world", false}, {"helloworld123", false}, {"hello_world", false},
		{"Hello-World", false}, {"20202020", false}, {"h20202020", true}, {"ABC123!@£", false},
	} {
		add("pool name "+fmt.Sprintf("%q", row.name), !row.valid, tf(azPool(fmt.Sprintf("name       = %q\nvm_size    = \"Standard_D8s_v5\"\nnode_count = 2\n", row.name))))
		add("default pool name "+fmt.Sprintf("%q", row.name), !row.valid, tf(azCluster(fmt.Sprintf("name       = %q\nvm_size    = \"Standard_D4s_v5\"\nnode_count = 3\n", row.name))))
	}
	add("temporary_name_for_rotation valid", false, tf(azCluster(azDefaultBody+"temporary_name_for_rotation = \"systemtmp\"\n")))
	add("temporary_name_for_rotation too long", true, tf(azCluster(azDefaultBody+"temporary_name_for_rotation = \"systemrotation\"\n")))
	add("temporary_name_for_rotation upper case", true, tf(azPoolWith("temporary_name_for_rotation = \"UserTmp\"\n")))

	// internal/services/containers/kubernetes_cluster_node_pool_resource.go,
	// resourceKubernetesClusterNodePoolSchema, v4.81.0: StringInSlice
	// (case-sensitive) and IntBetween/IntAtLeast rows.
	tb.src = "kubernetes_cluster_node_pool_resource.go"
	enumRows := []struct {
		arg, good, bad string
	}{
		{"priority", `"Regular"`, `"spot"`},
		{"mode", `"System"`, `"system"`},
		{"os_type", `"Windows"`, `"linux"`},
		{"os_sku", `"AzureLinux"`, `"ubuntu"`},
		{"os_sku", `"Ubuntu2204"`, `"Ubuntu2004"`},
		{"os_disk_type", `"Ephemeral"`, `"ephemeral"`},
		{"scale_down_mode", `"Deallocate"`, `"delete"`},
		{"kubelet_disk_type", `"Temporary"`, `"os"`},
		{"gpu_instance", `"MIG2g"`, `"MIG8g"`},
		{"gpu_driver", `"None"`, `"install"`},
		{"workload_runtime", `"OCIContainer"`, `"ociContainer"`},
	}
	for _, r := range enumRows {
		extra := func(v string) string {
			s := r.arg + " = " + v + "\n"
			switch {
			case r.arg == "os_type" && v == `"Windows"`:
				s = "os_type = \"Windows\"\nos_sku  = \"Windows2022\"\n"
			}
			return s
		}
		good := azPoolWith(extra(r.good))
		if r.arg == "os_disk_type" {
			// a size whose cache holds the 128 GB OS disk (PL008)
			good = azPool("name            = \"user\"\nvm_size         = \"Standard_D8ds_v5\"\nnode_count      = 2\nos_disk_size_gb = 128\nos_disk_type    = \"Ephemeral\"\n")
		}
		add(r.arg+" = "+r.good, false, tf(good))
		add(r.arg+" = "+r.bad, true, tf(azPoolWith(extra(r.bad))))
	}
	add("eviction_policy Deallocate on Spot", false, tf(azPoolWith("priority        = \"Spot\"\neviction_policy = \"Deallocate\"\nspot_max_price  = -1\nnode_labels = {\n  \"kubernetes.azure.com/scalesetpriority\" = \"spot\"\n}\nnode_taints = [\"kubernetes.azure.com/scalesetpriority=spot:NoSchedule\"]\n")))
	add("eviction_policy delete (case)", true, tf(azPoolWith("priority        = \"Spot\"\neviction_policy = \"delete\"\nnode_taints = [\"kubernetes.azure.com/scalesetpriority=spot:NoSchedule\"]\n")))
	add("node_count 1000", false, tf(azPool("name       = \"user\"\nvm_size    = \"Standard_D8s_v5\"\nnode_count = 1000\n")))
	add("node_count 1001", true, tf(azPool("name       = \"user\"\nvm_size    = \"Standard_D8s_v5\"\nnode_count = 1001\n")))
	add("node_count 0 on a node pool resource", false, tf(azPool("name       = \"user\"\nvm_size    = \"Standard_D8s_v5\"\nnode_count = 0\n")))
	add("max_count 1001", true, tf(azPoolWith("auto_scaling_enabled = true\nmin_count            = 1\nmax_count            = 1001\n")))
	add("os_disk_size_gb 0", true, tf(azPoolWith("os_disk_size_gb = 0\n")))
	add("os_disk_size_gb 128", false, tf(azPoolWith("os_disk_size_gb = 128\n")))

	// Create (resourceKubernetesClusterNodePoolCreate), v4.81.0: the
	// autoscaler arguments, linux_os_config, RequiredWith, subnet IDs.
	tb.src = "kubernetes_cluster_node_pool_resource.go (Create)"
	add("autoscaling with both bounds", false, tf(azPool("name                 = \"user\"\nvm_size              = \"Standard_D8s_v5\"\nauto_scaling_enabled = true\nmin_count            = 1\nmax_count            = 5\n")))
	add("autoscaling without max_count", true, tf(azPool("name                 = \"user\"\nvm_size              = \"Standard_D8s_v5\"\nauto_scaling_enabled = true\nmin_count            = 1\n")))
	// Create reads a missing min_count as 0 (d.Get): accepted on a node pool
	// resource; ExpandDefaultNodePool refuses it on the default pool.
	add("autoscaling without min_count", false, tf(azPool("name                 = \"user\"\nvm_size              = \"Standard_D8s_v5\"\nauto_scaling_enabled = true\nmax_count            = 5\n")))
	add("default pool autoscaling without min_count", true, tf(azCluster("name                 = \"system\"\nvm_size              = \"Standard_D4s_v5\"\nauto_scaling_enabled = true\nmax_count            = 5\n")))
	add("default pool autoscaling without max_count", true, tf(azCluster("name                 = \"system\"\nvm_size              = \"Standard_D4s_v5\"\nauto_scaling_enabled = true\nmin_count            = 1\n")))
	add("min_count above max_count", true, tf(azPool("name                 = \"user\"\nvm_size              = \"Standard_D8s_v5\"\nauto_scaling_enabled = true\nmin_count            = 6\nmax_count            = 5\n")))
	add("min/max without autoscaling", true, tf(azPoolWith("min_count = 1\nmax_count = 5\n")))
	add("min/max with enable_auto_scaling = false (v3)", true, tf(azPoolWith("enable_auto_scaling = false\nmin_count           = 1\nmax_count           = 5\n")))
	add("linux_os_config on Windows", true, tf(azPoolWith("os_type = \"Windows\"\nlinux_os_config {\n  swap_file_size_mb = 1024\n}\n")))
	add("node_public_ip_prefix_id without node_public_ip_enabled", true, tf(azPoolWith("node_public_ip_prefix_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.Network/publicIPPrefixes/nodes\"\n")))
	add("node_public_ip_prefix_id with node_public_ip_enabled", false, tf(azPoolWith("node_public_ip_enabled   = true\nnode_public_ip_prefix_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.Network/publicIPPrefixes/nodes\"\n")))
	add("vnet_subnet_id a subnet ID", false, tf(azPoolOn(azDefaultBody+"vnet_subnet_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/system\"\n", "name       = \"user\"\nvm_size    = \"Standard_D8s_v5\"\nnode_count = 2\n"+"vnet_subnet_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes\"\n")))
	add("vnet_subnet_id a VNet ID", true, tf(azPoolOn(azDefaultBody+"vnet_subnet_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/system\"\n", "name       = \"user\"\nvm_size    = \"Standard_D8s_v5\"\nnode_count = 2\n"+"vnet_subnet_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet\"\n")))
	add("pod_subnet_id a name", true, tf(azPoolWith("pod_subnet_id = \"pods\"\n")))
	add("eviction_policy on a Regular pool", true, tf(azPoolWith("eviction_policy = \"Delete\"\n")))
	add("spot_max_price on a Regular pool", true, tf(azPoolWith("spot_max_price = 0.5\n")))

	// kubernetes_cluster_node_pool_resource_test.go, v4.81.0: the
	// CustomizeDiff on upgrade_settings and Spot (ExpectError cases and the
	// accepted spotWithOtherUpgradeSettings).
	tb.src = "kubernetes_cluster_node_pool_resource_test.go"
	spot := "name            = \"internal\"\nvm_size         = \"Standard_DS2_v2\"\nnode_count      = 1\npriority        = \"Spot\"\neviction_policy = \"Delete\"\nspot_max_price  = 0.5\n"
	spotTail := "node_labels = {\n  \"kubernetes.azure.com/scalesetpriority\" = \"spot\"\n}\nnode_taints = [\n  \"kubernetes.azure.com/scalesetpriority=spot:NoSchedule\"\n]\n"
	add("spotConfig", false, tf(azPool(spot+spotTail)))
	add("spotWithMaxSurgeConfig", true, tf(azPool(spot+"upgrade_settings {\n  max_surge = \"10%\"\n}\n"+spotTail)))
	add("spotWithMaxUnavailableConfig", true, tf(azPool(spot+"upgrade_settings {\n  max_unavailable = \"1\"\n}\n"+spotTail)))
	add("upgradeSettingsWithoutMaxSurgeOrMaxUnavailableConfig", true, tf(azPool("name       = \"internal\"\nvm_size    = \"Standard_DS2_v2\"\nnode_count = 1\nupgrade_settings {\n  drain_timeout_in_minutes = 15\n}\n")))
	add("spotWithOtherUpgradeSettingsConfig", false, tf(azPool(spot+"upgrade_settings {\n  drain_timeout_in_minutes      = 15\n  node_soak_duration_in_minutes = 5\n  undrainable_node_behavior     = \"Schedule\"\n}\n"+spotTail)))
	add("upgradeSettingsMaxSurge 10%", false, tf(azPoolWith("upgrade_settings {\n  max_surge = \"10%\"\n}\n")))

	// hashicorp/go-azure-helpers v0.81.1 (vendored by v4.81.0),
	// resourcemanager/commonids/subnet_test.go, TestParseSubnetID: the
	// parser of ValidateSubnetID, vnet_subnet_id's and pod_subnet_id's
	// validator (v3.0.0 took any resource ID: azure.ValidateResourceID).
	tb.src = "commonids/subnet_test.go"
	const sub = "/subscriptions/12345678-1234-9876-4563-123456789012"
	const rg = sub + "/resourceGroups/example-resource-group"
	const vnet = rg + "/providers/Microsoft.Network/virtualNetworks/virtualNetworksValue"
	withSubnet := func(id string) map[string]string {
		return tf(azPoolOn(azDefaultBody+"vnet_subnet_id = \""+vnet+"/subnets/system\"\n", fmt.Sprintf("name           = \"user\"\nvm_size        = \"Standard_D8s_v5\"\nnode_count     = 2\nvnet_subnet_id = %q\n", id)))
	}
	for _, id := range []string{"/subscriptions", sub, sub + "/resourceGroups", rg, rg + "/providers", rg + "/providers/Microsoft.Network", rg + "/providers/Microsoft.Network/virtualNetworks", vnet, vnet + "/subnets/subnetValue/extra"} {
		add("vnet_subnet_id "+strings.TrimPrefix(id, rg), true, withSubnet(id))
	}
	add("vnet_subnet_id empty", true, withSubnet(""), "a plan writes \"\" for an unset ID, which is not told apart from a written \"\"")
	add("vnet_subnet_id valid", false, withSubnet(vnet+"/subnets/subnetValue"))
	add("vnet_subnet_id in mixed case", true, withSubnet("/sUbScRiPtIoNs/12345678-1234-9876-4563-123456789012/rEsOuRcEgRoUpS/eXaMpLe-rEsOuRcE-GrOuP/pRoViDeRs/mIcRoSoFt.nEtWoRk/vIrTuAlNeTwOrKs/vIrTuAlNeTwOrkSvAlUe/sUbNeTs/SuBnEtVaLuE"), "ParseSubnetID compares segment names exactly, azurerm v3.0.0's azure.ValidateResourceID did not: the verdict depends on the release")

	// The configurations kubernetes_cluster_node_pool_resource_test.go
	// applies without an error, v4.81.0 (its "internal" pool of the
	// templateConfig cluster).
	tb.src = "kubernetes_cluster_node_pool_resource_test.go"
	internal := func(args string) string {
		return azPool("name    = \"internal\"\n" + args + "upgrade_settings {\n  max_surge = \"10%\"\n}\n")
	}
	add("autoScaleConfig", false, tf(internal("vm_size              = \"Standard_DS2_v2\"\nauto_scaling_enabled = true\nmin_count            = 1\nmax_count            = 3\n")))
	add("kubeletAndLinuxOSConfig", false, tf(internal(`vm_size    = "Standard_DS2_v2"
node_count = 1
kubelet_config {
  cpu_manager_policy        = "static"
  cpu_cfs_quota_enabled     = true
  cpu_cfs_quota_period      = "10ms"
  image_gc_high_threshold   = 90
  image_gc_low_threshold    = 70
  topology_manager_policy   = "best-effort"
  allowed_unsafe_sysctls    = ["kernel.msg*", "net.core.somaxconn"]
  container_log_max_size_mb = 100
  container_log_max_files   = 100000
  pod_max_pid               = 12345
}
linux_os_config {
  transparent_huge_page        = "always"
  transparent_huge_page_defrag = "always"
  swap_file_size_mb            = 300
  sysctl_config {
    fs_aio_max_nr                      = 65536
    fs_file_max                        = 100000
    fs_inotify_max_user_watches        = 1000000
    fs_nr_open                         = 1048576
    kernel_threads_max                 = 200000
    net_core_netdev_max_backlog        = 1800
    net_core_optmem_max                = 30000
    net_core_rmem_max                  = 300000
    net_core_rmem_default              = 300000
    net_core_somaxconn                 = 5000
    net_core_wmem_default              = 300000
    net_core_wmem_max                  = 300000
    net_ipv4_ip_local_port_range_min   = 32768
    net_ipv4_ip_local_port_range_max   = 60000
    net_ipv4_neigh_default_gc_thresh1  = 128
    net_ipv4_neigh_default_gc_thresh2  = 512
    net_ipv4_neigh_default_gc_thresh3  = 1024
    net_ipv4_tcp_fin_timeout           = 60
    net_ipv4_tcp_keepalive_probes      = 9
    net_ipv4_tcp_keepalive_time        = 6000
    net_ipv4_tcp_max_syn_backlog       = 2048
    net_ipv4_tcp_max_tw_buckets        = 100000
    net_ipv4_tcp_tw_reuse              = true
    net_ipv4_tcp_keepalive_intvl       = 70
    net_netfilter_nf_conntrack_buckets = 65536
    net_netfilter_nf_conntrack_max     = 200000
    vm_max_map_count                   = 65536
    vm_swappiness                      = 45
    vm_vfs_cache_pressure              = 80
  }
}
`)))
	add("availabilityZonesConfig", false, tf(internal("vm_size    = \"Standard_DS2_v2\"\nnode_count = 1\nzones      = [\"1\"]\n")))
	add("manualScaleConfig", false, tf(internal("vm_size    = \"Standard_DS2_v2\"\nnode_count = 1\ntags = {\n  environment = \"Staging\"\n}\n")))
	add("modeSystemConfig", false, tf(internal("vm_size    = \"Standard_DS2_v2\"\nnode_count = 1\nmode       = \"System\"\n")))
	add("nodeLabelsConfig", false, tf(internal("vm_size    = \"Standard_DS2_v2\"\nnode_count = 1\nnode_labels = {\n  \"key\" = \"value\"\n}\n")))
	add("nodeTaintsConfig", false, tf(internal("vm_size    = \"Standard_DS2_v2\"\nnode_count = 1\nnode_taints = [\n  \"key=value:NoSchedule\",\n]\n")))
	add("nodePublicIPConfig", false, tf(internal("vm_size                  = \"Standard_DS2_v2\"\nnode_count               = 1\nnode_public_ip_enabled   = true\nnode_public_ip_prefix_id = azurerm_public_ip_prefix.test.id\n")))
	add("osDiskSizeGBConfig", false, tf(internal("vm_size         = \"Standard_DS2_v2\"\nnode_count      = 1\nos_disk_size_gb = 100\n")))
	add("osDiskTypeConfig", false, tf(internal("vm_size         = \"Standard_DS3_v2\"\nnode_count      = 1\nos_disk_size_gb = 100\nos_disk_type    = \"Ephemeral\"\n")))
	for _, c := range []struct {
		surge             string
		drain, soak       int
		undrainable, what string
	}{{"10%", 10, 5, "Cordon", "surge"}, {"33%", 15, 8, "Schedule", "surge"}, {"25%", 10, 5, "", "unavailable"}, {"50%", 15, 8, "", "unavailable"}} {
		body := fmt.Sprintf("  max_%s = %q\n  drain_timeout_in_minutes      = %d\n  node_soak_duration_in_minutes = %d\n", c.what, c.surge, c.drain, c.soak)
		if c.undrainable != "" {
			body += fmt.Sprintf("  undrainable_node_behavior     = %q\n", c.undrainable)
		}
		add(fmt.Sprintf("completeUpgradeSettingsWithMax_%s %s", c.what, c.surge), false, tf(azPool("name       = \"internal\"\nvm_size    = \"Standard_DS2_v2\"\nnode_count = 3\nupgrade_settings {\n"+body+"}\n")))
	}
	add("windows2022Config", false, tf(azPool("name       = \"windoz\"\nvm_size    = \"Standard_DS2_v2\"\nnode_count = 1\nos_type    = \"Windows\"\nos_sku     = \"Windows2022\"\ntags = {\n  Os = \"Windows\"\n}\nupgrade_settings {\n  max_surge = \"10%\"\n}\n")))
	add("zeroSizeConfig", false, tf(internal("vm_size              = \"Standard_DS2_v2\"\nauto_scaling_enabled = true\nmin_count            = 0\nmax_count            = 3\nnode_count           = 0\n")))
	add("maxSizeConfig", false, tf(internal("vm_size              = \"Standard_DS2_v2\"\nauto_scaling_enabled = true\nmin_count            = 1\nmax_count            = 250\nnode_count           = 1\n")))
	add("hostEncryption", false, tf(internal("vm_size                 = \"Standard_DS2_v2\"\nhost_encryption_enabled = true\nnode_count              = 1\n")))
	add("ultraSSD", false, tf(internal("vm_size                     = \"Standard_D2s_v3\"\ntemporary_name_for_rotation = \"temporal\"\nultra_ssd_enabled           = true\nzones                       = [\"1\", \"2\", \"3\"]\n")))
	for _, sku := range []string{"Ubuntu", "Ubuntu2204", "AzureLinux", "AzureLinux3"} {
		add("osSku "+sku, false, tf(internal("vm_size = \"Standard_D2s_v3\"\nos_sku  = \""+sku+"\"\n")))
	}
	for _, mode := range []string{"Delete", "Deallocate"} {
		add("scaleDownMode "+mode, false, tf(internal("vm_size         = \"Standard_D2s_v3\"\nscale_down_mode = \""+mode+"\"\n")))
	}
	add("workloadRuntime OCIContainer", false, tf(internal("vm_size          = \"Standard_D2s_v3\"\nworkload_runtime = \"OCIContainer\"\n")))
	add("gpuInstance", false, tf(internal("vm_size      = \"Standard_NC24ads_A100_v4\"\ngpu_instance = \"MIG1g\"\ngpu_driver   = \"Install\"\n")))
	add("windowsProfileOutboundNatEnabled", false, tf(azPool("name    = \"user\"\nvm_size = \"Standard_D2s_v3\"\nos_type = \"Windows\"\nos_sku  = \"Windows2022\"\nwindows_profile {\n  outbound_nat_enabled = true\n}\nupgrade_settings {\n  max_surge = \"10%\"\n}\n")))
	add("networkProfileComplete", false, tf(internal(`vm_size                = "Standard_D2s_v3"
node_public_ip_enabled = true
node_network_profile {
  allowed_host_ports {
    port_start = 8001
    port_end   = 8002
    protocol   = "UDP"
  }
  application_security_group_ids = [azurerm_application_security_group.test.id]
  node_public_ip_tags = {
    RoutingPreference = "Internet"
  }
}
`)))

	// upgradeSettingsSchemaNodePoolResource, v4.81.0.
	tb.src = "kubernetes_cluster_node_pool_resource.go"
	add("max_surge and max_unavailable both (ConflictsWith)", true, tf(azPoolWith("upgrade_settings {\n  max_surge       = \"10%\"\n  max_unavailable = \"1\"\n}\n")))
	add("max_surge and max_unavailable both 0 (ExactlyOneOf in v4.53.0–v4.64.0)", true, tf(azPoolWith("upgrade_settings {\n  max_surge       = \"0\"\n  max_unavailable = \"0\"\n}\n")))
	add("max_unavailable alone", false, tf(azPoolWith("upgrade_settings {\n  max_unavailable = \"1\"\n}\n")))
	add("drain_timeout_in_minutes -1", true, tf(azPoolWith("upgrade_settings {\n  max_surge                = \"10%\"\n  drain_timeout_in_minutes = -1\n}\n")))
	add("node_soak_duration_in_minutes 31", true, tf(azPoolWith("upgrade_settings {\n  max_surge                     = \"10%\"\n  node_soak_duration_in_minutes = 31\n}\n")))
	add("undrainable_node_behavior cordon (ignoring case)", false, tf(azPoolWith("upgrade_settings {\n  max_surge                 = \"10%\"\n  undrainable_node_behavior = \"cordon\"\n}\n")))
	add("undrainable_node_behavior Evict", true, tf(azPoolWith("upgrade_settings {\n  max_surge                 = \"10%\"\n  undrainable_node_behavior = \"Evict\"\n}\n")))

	// kubernetes_nodepool.go, schemaNodePoolKubeletConfig,
	// schemaNodePoolLinuxOSConfig and schemaNodePoolSysctlConfig, v4.81.0.
	tb.src = "kubernetes_nodepool.go"
	kubelet := func(s string) string { return azPoolWith("kubelet_config {\n" + tfIndent(s, "  ") + "}\n") }
	add("kubelet_config complete", false, tf(kubelet("cpu_manager_policy      = \"static\"\ntopology_manager_policy = \"best-effort\"\nimage_gc_high_threshold = 90\nimage_gc_low_threshold  = 70\ncontainer_log_max_files = 5\npod_max_pid             = 4096\n")))
	add("cpu_manager_policy Static", true, tf(kubelet("cpu_manager_policy = \"Static\"\n")))
	add("topology_manager_policy best_effort", true, tf(kubelet("topology_manager_policy = \"best_effort\"\n")))
	add("image_gc_high_threshold 101", true, tf(kubelet("image_gc_high_threshold = 101\n")))
	add("image_gc_low_threshold -1", true, tf(kubelet("image_gc_low_threshold = -1\n")))
	add("container_log_max_line 1 (v3 name)", true, tf(kubelet("container_log_max_line = 1\n")))
	add("container_log_max_files 1", true, tf(kubelet("container_log_max_files = 1\n")))
	linux := func(s string) string { return azPoolWith("linux_os_config {\n" + tfIndent(s, "  ") + "}\n") }
	add("transparent_huge_page madvise", false, tf(linux("transparent_huge_page        = \"madvise\"\ntransparent_huge_page_defrag = \"defer+madvise\"\n")))
	add("transparent_huge_page Always", true, tf(linux("transparent_huge_page = \"Always\"\n")))
	add("transparent_huge_page_enabled sometimes", true, tf(linux("transparent_huge_page_enabled = \"sometimes\"\n")))
	add("transparent_huge_page_defrag defer-madvise", true, tf(linux("transparent_huge_page_defrag = \"defer-madvise\"\n")))
	add("sysctl_config complete", false, tf(azSysctl(`fs_aio_max_nr                      = 65536
fs_file_max                        = 100000
fs_inotify_max_user_watches        = 1000000
fs_nr_open                         = 8192
kernel_threads_max                 = 100000
net_core_netdev_max_backlog        = 1000
net_core_optmem_max                = 20480
net_core_rmem_default              = 212992
net_core_rmem_max                  = 212992
net_core_somaxconn                 = 4096
net_core_wmem_default              = 212992
net_core_wmem_max                  = 212992
net_ipv4_ip_local_port_range_min   = 32768
net_ipv4_ip_local_port_range_max   = 60999
net_ipv4_neigh_default_gc_thresh1  = 128
net_ipv4_neigh_default_gc_thresh2  = 512
net_ipv4_neigh_default_gc_thresh3  = 1024
net_ipv4_tcp_fin_timeout           = 5
net_ipv4_tcp_keepalive_intvl       = 10
net_ipv4_tcp_keepalive_probes      = 1
net_ipv4_tcp_keepalive_time        = 30
net_ipv4_tcp_max_syn_backlog       = 128
net_ipv4_tcp_max_tw_buckets        = 8000
net_ipv4_tcp_tw_reuse              = true
net_netfilter_nf_conntrack_buckets = 65536
net_netfilter_nf_conntrack_max     = 131072
vm_max_map_count                   = 65530
vm_swappiness                      = 10
vm_vfs_cache_pressure              = 100
`)))
	for _, r := range []struct {
		arg   string
		value int
	}{
		{"fs_aio_max_nr", 65535}, {"fs_file_max", 8191}, {"fs_inotify_max_user_watches", 781249},
		{"fs_nr_open", 20000501}, {"kernel_threads_max", 19}, {"net_core_netdev_max_backlog", 999},
		{"net_core_optmem_max", 4194305}, {"net_core_rmem_default", 212991}, {"net_core_rmem_max", 134217729},
		{"net_core_somaxconn", 4095}, {"net_core_wmem_default", 212991}, {"net_core_wmem_max", 134217729},
		{"net_ipv4_neigh_default_gc_thresh1", 127}, {"net_ipv4_neigh_default_gc_thresh2", 90001},
		{"net_ipv4_neigh_default_gc_thresh3", 1023}, {"net_ipv4_tcp_fin_timeout", 121},
		{"net_ipv4_tcp_keepalive_intvl", 9}, {"net_ipv4_tcp_keepalive_probes", 16},
		{"net_ipv4_tcp_keepalive_time", 29}, {"net_ipv4_tcp_max_syn_backlog", 127},
		{"net_ipv4_tcp_max_tw_buckets", 7999}, {"net_netfilter_nf_conntrack_buckets", 524289},
		{"net_netfilter_nf_conntrack_max", 131071}, {"vm_max_map_count", 262145},
		{"vm_swappiness", 101}, {"vm_vfs_cache_pressure", -1},
	} {
		add(fmt.Sprintf("sysctl %s = %d", r.arg, r.value), true, tf(azSysctl(fmt.Sprintf("%s = %d\n", r.arg, r.value))))
	}
	add("sysctl port range min below 1024", true, tf(azSysctl("net_ipv4_ip_local_port_range_min = 1023\nnet_ipv4_ip_local_port_range_max = 60999\n")))
	// expandAgentPoolSysctlConfig, v4.81.0.
	tb.src = "kubernetes_cluster_node_pool_resource.go (expand)"
	add("sysctl port range min without max", true, tf(azSysctl("net_ipv4_ip_local_port_range_min = 32768\n")))
	add("sysctl port range min above max", true, tf(azSysctl("net_ipv4_ip_local_port_range_min = 50000\nnet_ipv4_ip_local_port_range_max = 40000\n")))
	// schemaNodePoolNetworkProfile, v4.81.0.
	tb.src = "kubernetes_nodepool.go"
	netProfile := func(s string) string {
		return azPoolWith("node_network_profile {\n  allowed_host_ports {\n" + tfIndent(s, "    ") + "  }\n}\n")
	}
	add("allowed_host_ports TCP 8000-8080", false, tf(netProfile("port_start = 8000\nport_end   = 8080\nprotocol   = \"TCP\"\n")))
	add("allowed_host_ports port 0", true, tf(netProfile("port_start = 0\nport_end   = 8080\nprotocol   = \"TCP\"\n")))
	add("allowed_host_ports protocol tcp", true, tf(netProfile("port_start = 8000\nport_end   = 8080\nprotocol   = \"tcp\"\n")))

	// kubernetes_nodepool.go, SchemaDefaultNodePool and
	// upgradeSettingsSchemaClusterDefaultNodePool, v4.81.0 (the same ranges
	// in v3.117.1): the default pool's counts are IntBetween(1, 1000), its
	// upgrade_settings require max_surge, its type takes only
	// VirtualMachineScaleSets.
	tb.src = "kubernetes_nodepool.go (default_node_pool)"
	add("default pool node_count 0", true, tf(azCluster("name       = \"system\"\nvm_size    = \"Standard_D4s_v5\"\nnode_count = 0\n")))
	add("default pool node_count 1", false, tf(azCluster("name       = \"system\"\nvm_size    = \"Standard_D4s_v5\"\nnode_count = 1\n")))
	add("default pool min_count 0 with autoscaling", true, tf(azCluster("name                 = \"system\"\nvm_size              = \"Standard_D4s_v5\"\nauto_scaling_enabled = true\nmin_count            = 0\nmax_count            = 3\n")))
	add("default pool max_count 1001", true, tf(azCluster("name                 = \"system\"\nvm_size              = \"Standard_D4s_v5\"\nauto_scaling_enabled = true\nmin_count            = 1\nmax_count            = 1001\n")))
	add("default pool upgrade_settings without max_surge", true, tf(azCluster(azDefaultBody+"upgrade_settings {\n  drain_timeout_in_minutes = 30\n}\n")))
	add("default pool upgrade_settings max_surge 33%", false, tf(azCluster(azDefaultBody+"upgrade_settings {\n  max_surge                     = \"33%\"\n  drain_timeout_in_minutes      = 30\n  node_soak_duration_in_minutes = 0\n}\n")))
	add("default pool workload_runtime WasmWasi", true, tf(azCluster(azDefaultBody+"workload_runtime = \"WasmWasi\"\n")))
	add("default pool type AvailabilitySet", true, tf(azCluster(azDefaultBody+"type = \"AvailabilitySet\"\n")), "accepted by azurerm v3.0–v3.9x (refused from v4.0 and in late v3): the provider version is not known offline")
	add("default pool node_taints (v3)", true, tf(azCluster(azDefaultBody+"node_taints = [\"CriticalAddonsOnly=true:NoSchedule\"]\n")))
	add("default pool only_critical_addons_enabled", false, tf(azCluster(azDefaultBody+"only_critical_addons_enabled = true\n")))

	// Default pools kubernetes_cluster_scaling_resource_test.go applies
	// without an error, v4.81.0.
	tb.src = "kubernetes_cluster_scaling_resource_test.go"
	surge := "upgrade_settings {\n  max_surge = \"10%\"\n}\n"
	add("scaling: basic default pool", false, tf(azCluster("name       = \"default\"\nnode_count = 1\nvm_size    = \"Standard_DS2_v2\"\n"+surge)))
	add("scaling: host encryption", false, tf(azCluster("name                    = \"default\"\nnode_count              = 1\nvm_size                 = \"Standard_DS2_v2\"\nhost_encryption_enabled = true\n"+surge)))
	add("scaling: temporary name for rotation", false, tf(azCluster("name                        = \"default\"\ntemporary_name_for_rotation = \"temp\"\nnode_count                  = 1\nvm_size                     = \"Standard_DS2_v2\"\n"+surge)))
	add("scaling: critical addons, public IPs, kubelet_config", false, tf(azCluster("name                         = \"default\"\ntemporary_name_for_rotation  = \"temp\"\nnode_count                   = 1\nvm_size                      = \"Standard_D2ads_v5\"\nzones                        = [\"1\", \"2\"]\nnode_public_ip_enabled       = true\nmax_pods                     = 60\nonly_critical_addons_enabled = true\nkubelet_config {\n  pod_max_pid = 12346\n}\n"+surge)))
	add("scaling: fips", false, tf(azCluster("fips_enabled                = true\nname                        = \"default\"\nnode_count                  = 1\ntemporary_name_for_rotation = \"temp\"\nvm_size                     = \"Standard_DS2_v2\"\n"+surge)))
	add("scaling: ephemeral OS disk", false, tf(azCluster("name                        = \"default\"\ntemporary_name_for_rotation = \"temp\"\nnode_count                  = 1\nos_disk_type                = \"Ephemeral\"\nos_disk_size_gb             = 30\nvm_size                     = \"Standard_D2ads_v5\"\n"+surge)))
	// v3 argument names (v3.117.1), accepted.
	tb.src = "kubernetes_nodepool.go v3.117.1"
	add("v3 default pool enable_auto_scaling", false, tf(azCluster("name                = \"default\"\nvm_size             = \"Standard_DS2_v2\"\nenable_auto_scaling = true\nmin_count           = 1\nmax_count           = 3\nnode_count          = 1\n")))
	add("v3 node pool enable_node_public_ip with a prefix", false, tf(azPoolWith("enable_node_public_ip    = true\nnode_public_ip_prefix_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.Network/publicIPPrefixes/nodes\"\n")))
	add("v3 node pool enable_host_encryption", false, tf(azPoolWith("enable_host_encryption = true\n")))

	// ExpandDefaultNodePool, v4.81.0, and kubernetes_cluster_scaling_resource_test.go
	// (ExpectError cases), v4.81.0.
	tb.src = "kubernetes_cluster_scaling_resource_test.go"
	add("default pool node_count above max_count", true, tf(azCluster("name                 = \"default\"\nvm_size              = \"Standard_DS2_v2\"\nauto_scaling_enabled = true\nnode_count           = 11\nmin_count            = 1\nmax_count            = 10\n")))
	add("default pool node_count below min_count", true, tf(azCluster("name                 = \"default\"\nvm_size              = \"Standard_DS2_v2\"\nauto_scaling_enabled = true\nnode_count           = 1\nmin_count            = 2\nmax_count            = 10\n")))
	add("default pool autoscaled with node_count between bounds", false, tf(azCluster("name                 = \"default\"\nvm_size              = \"Standard_DS2_v2\"\nauto_scaling_enabled = true\nnode_count           = 2\nmin_count            = 1\nmax_count            = 10\n")))
	add("default pool node_count changed while autoscaled", true, tf(azCluster("name                 = \"default\"\nvm_size              = \"Standard_DS2_v2\"\nauto_scaling_enabled = true\nnode_count           = 3\nmin_count            = 1\nmax_count            = 10\n")), "update-only check: needs the previous node_count")
	add("min/max without autoscaling on the default pool", true, tf(azCluster("name      = \"system\"\nvm_size   = \"Standard_D4s_v5\"\nmin_count = 1\nmax_count = 3\n")))

	// kubernetes_cluster_resource_upgrade_test.go (ExpectError cases), v4.81.0.
	tb.src = "kubernetes_cluster_resource_upgrade_test.go"
	add("node pool version newer than the control plane", true, tf(azPoolWith("orchestrator_version = \"1.32\"\n")))
	add("node pool version incompatible with the control plane", true, tf(azPoolWith("orchestrator_version = \"1.27\"\n")))

	// Create, v4.81.0: more pools need a VMSS default pool (v3 only: v4 has
	// no AvailabilitySet default pool).
	tb.src = "kubernetes_cluster_node_pool_resource.go"
	add("node pool beside an AvailabilitySet default pool", true, tf(azPoolOn(azDefaultBody+"type       = \"AvailabilitySet\"\n", "name       = \"user\"\nvm_size    = \"Standard_D8s_v5\"\nnode_count = 2\n")))

	runValidatorCases(t, "azurerm", tb.cases)
}

// eksCluster is the aws_eks_cluster node groups join.
const eksCluster = `resource "aws_eks_cluster" "main" {
  name     = "eks-prod"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.31"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }
}
`

// eksGroupArgs are the arguments every aws_eks_node_group below starts from.
const eksGroupArgs = `cluster_name    = aws_eks_cluster.main.name
node_group_name = "workers"
node_role_arn   = aws_iam_role.node.arn
subnet_ids      = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
`

const eksScaling = `scaling_config {
  desired_size = 2
  min_size     = 1
  max_size     = 4
}
`

// eksGroup is the cluster and an aws_eks_node_group "workers" with body.
func eksGroup(body string) string {
	return eksCluster + `
resource "aws_eks_node_group" "workers" {
` + tfIndent(body, "  ") + `}
`
}

// eksGroupWith is a complete node group plus extra.
func eksGroupWith(extra string) string { return eksGroup(eksGroupArgs + eksScaling + extra) }

func eksLaunchTemplate(block string) string {
	return `resource "aws_launch_template" "workers" {
  name          = "workers"
  instance_type = "m6i.large"
}

` + eksGroupWith(block)
}

func TestAWSProviderValidatorCases(t *testing.T) {
	tf := func(s string) map[string]string { return oneFile("main.tf", s) }
	var tb caseTable
	add := tb.add

	// internal/service/eks/node_group_test.go, hashicorp/terraform-provider-aws
	// at 012e0a32 (v5.x, aws-sdk-go-v2): the configurations the acceptance
	// tests apply (none of its steps expects an error).
	tb.src = "node_group_test.go"
	add("basic", false, tf(eksGroupWith("")))
	add("name generated (no node_group_name)", false, tf(eksGroup(strings.Replace(eksGroupArgs, "node_group_name = \"workers\"\n", "", 1)+eksScaling)))
	add("namePrefix tf-acc-test-prefix-", false, tf(eksGroup(strings.Replace(eksGroupArgs, "node_group_name = \"workers\"", "node_group_name_prefix = \"tf-acc-test-prefix-\"", 1)+eksScaling)))
	add("amiType AL2_x86_64_GPU", false, tf(eksGroupWith("ami_type       = \"AL2_x86_64_GPU\"\ninstance_types = [\"g4dn.xlarge\"]\n")))
	add("amiType AL2_ARM_64", false, tf(eksGroupWith("ami_type       = \"AL2_ARM_64\"\ninstance_types = [\"m6g.large\"]\n")))
	add("CapacityType SPOT", false, tf(eksGroupWith("capacity_type  = \"SPOT\"\ninstance_types = [\"m5.large\", \"m5a.large\"]\n")))
	add("diskSize 21", false, tf(eksGroupWith("disk_size = 21\n")))
	add("InstanceTypes multiple", false, tf(eksGroupWith("instance_types = [\"t2.medium\", \"t3.medium\", \"t2.large\", \"t3.large\"]\n")))
	add("labels", false, tf(eksGroupWith("labels = {\n  key1 = \"value1\"\n  key2 = \"value2\"\n}\n")))
	add("LaunchTemplate id", false, tf(eksLaunchTemplate("launch_template {\n  id      = aws_launch_template.workers.id\n  version = aws_launch_template.workers.default_version\n}\n")))
	add("LaunchTemplate name", false, tf(eksLaunchTemplate("launch_template {\n  name    = aws_launch_template.workers.name\n  version = \"1\"\n}\n")))
	add("RepairConfig", false, tf(eksGroupWith("node_repair_config {\n  enabled = true\n}\n")))
	add("RemoteAccess ec2SSHKey", false, tf(eksGroupWith("remote_access {\n  ec2_ssh_key               = \"workers\"\n  source_security_group_ids = [\"sg-0a1b2c3d4e5f60001\"]\n}\n")))
	add("Scaling 2/2/1", false, tf(eksGroup(eksGroupArgs+"scaling_config {\n  desired_size = 2\n  max_size     = 2\n  min_size     = 1\n}\n")))
	add("ScalingZeroDesiredSize 0/1/0", false, tf(eksGroup(eksGroupArgs+"scaling_config {\n  desired_size = 0\n  max_size     = 1\n  min_size     = 0\n}\n")))
	add("taints NO_EXECUTE and NO_SCHEDULE", false, tf(eksGroupWith("taint {\n  key    = \"key1\"\n  value  = \"value1updated\"\n  effect = \"NO_EXECUTE\"\n}\ntaint {\n  key    = \"key2\"\n  value  = \"value2\"\n  effect = \"NO_SCHEDULE\"\n}\n")))
	add("update max_unavailable 1", false, tf(eksGroupWith("update_config {\n  max_unavailable = 1\n}\n")))
	add("update max_unavailable_percentage 40", false, tf(eksGroupWith("update_config {\n  max_unavailable_percentage = 40\n}\n")))

	// internal/service/eks/node_group.go, resourceNodeGroup, at 012e0a32
	// (v5.x; unchanged in v6.x): enums, lengths, bounds, ConflictsWith,
	// ExactlyOneOf, Required and MinItems/MaxItems.
	tb.src = "node_group.go"
	add("ami_type AL2_X86_64 (case)", true, tf(eksGroupWith("ami_type = \"AL2_X86_64\"\n")))
	add("ami_type AL2023_x86_64_STANDARD", false, tf(eksGroupWith("ami_type = \"AL2023_x86_64_STANDARD\"\n")))
	add("ami_type BOTTLEROCKET_x86_64", false, tf(eksGroupWith("ami_type = \"BOTTLEROCKET_x86_64\"\n")))
	add("ami_type UBUNTU", true, tf(eksGroupWith("ami_type = \"UBUNTU\"\n")))
	add("capacity_type spot (case)", true, tf(eksGroupWith("capacity_type = \"spot\"\n")))
	add("capacity_type CAPACITY_BLOCK", false, tf(eksGroupWith("capacity_type  = \"CAPACITY_BLOCK\"\ninstance_types = [\"p5.48xlarge\"]\n")))
	add("taint effect NoSchedule", true, tf(eksGroupWith("taint {\n  key    = \"dedicated\"\n  value  = \"gpu\"\n  effect = \"NoSchedule\"\n}\n")))
	add("taint effect PREFER_NO_SCHEDULE", false, tf(eksGroupWith("taint {\n  key    = \"dedicated\"\n  effect = \"PREFER_NO_SCHEDULE\"\n}\n")))
	add("taint key empty", true, tf(eksGroupWith("taint {\n  key    = \"\"\n  value  = \"gpu\"\n  effect = \"NO_SCHEDULE\"\n}\n")))
	add("taint key 64 characters", true, tf(eksGroupWith("taint {\n  key    = \""+strings.Repeat("k", 64)+"\"\n  effect = \"NO_SCHEDULE\"\n}\n")))
	add("taint key 63 characters", false, tf(eksGroupWith("taint {\n  key    = \""+strings.Repeat("k", 63)+"\"\n  effect = \"NO_SCHEDULE\"\n}\n")))
	add("taint value 64 characters", true, tf(eksGroupWith("taint {\n  key    = \"dedicated\"\n  value  = \""+strings.Repeat("v", 64)+"\"\n  effect = \"NO_SCHEDULE\"\n}\n")))
	var taints strings.Builder
	for i := range 51 {
		fmt.Fprintf(&taints, "taint {\n  key    = \"dedicated-%d\"\n  effect = \"NO_SCHEDULE\"\n}\n", i)
	}
	add("51 taints (MaxItems 50)", true, tf(eksGroupWith(taints.String())))
	add("update_config max_unavailable 0", true, tf(eksGroupWith("update_config {\n  max_unavailable = 0\n}\n")))
	add("update_config max_unavailable 101", true, tf(eksGroupWith("update_config {\n  max_unavailable = 101\n}\n")))
	add("update_config max_unavailable_percentage 0", true, tf(eksGroupWith("update_config {\n  max_unavailable_percentage = 0\n}\n")))
	add("update_config max_unavailable_percentage 101", true, tf(eksGroupWith("update_config {\n  max_unavailable_percentage = 101\n}\n")))
	add("update_config both (ExactlyOneOf)", true, tf(eksGroupWith("update_config {\n  max_unavailable            = 1\n  max_unavailable_percentage = 25\n}\n")))
	add("update_config empty (ExactlyOneOf)", true, tf(eksGroupWith("update_config {\n}\n")))
	add("scaling_config missing", true, tf(eksGroup(eksGroupArgs)))
	add("scaling_config without desired_size", true, tf(eksGroup(eksGroupArgs+"scaling_config {\n  min_size = 1\n  max_size = 4\n}\n")))
	add("scaling_config min_size -1", true, tf(eksGroup(eksGroupArgs+"scaling_config {\n  desired_size = 1\n  min_size     = -1\n  max_size     = 4\n}\n")))
	add("scaling_config max_size 0", true, tf(eksGroup(eksGroupArgs+"scaling_config {\n  desired_size = 0\n  min_size     = 0\n  max_size     = 0\n}\n")))
	add("scaling_config desired_size -1", true, tf(eksGroup(eksGroupArgs+"scaling_config {\n  desired_size = -1\n  min_size     = 0\n  max_size     = 4\n}\n")))
	add("subnet_ids empty", true, tf(eksGroup(strings.Replace(eksGroupArgs, `["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]`, "[]", 1)+eksScaling)))
	add("subnet_ids missing", true, tf(eksGroup(strings.Replace(eksGroupArgs, "subnet_ids      = [\"subnet-0a1b2c3d4e5f60001\", \"subnet-0a1b2c3d4e5f60002\"]\n", "", 1)+eksScaling)))
	add("node_role_arn empty (NoZeroValues)", true, tf(eksGroup(strings.Replace(eksGroupArgs, "aws_iam_role.node.arn", `""`, 1)+eksScaling)))
	add("node_group_name 63 characters", false, tf(eksGroup(strings.Replace(eksGroupArgs, `"workers"`, `"`+strings.Repeat("w", 63)+`"`, 1)+eksScaling)))
	add("node_group_name 64 characters", true, tf(eksGroup(strings.Replace(eksGroupArgs, `"workers"`, `"`+strings.Repeat("w", 64)+`"`, 1)+eksScaling)))
	add("node_group_name_prefix 38 characters", true, tf(eksGroup(strings.Replace(eksGroupArgs, `node_group_name = "workers"`, `node_group_name_prefix = "`+strings.Repeat("p", 38)+`"`, 1)+eksScaling)))
	add("node_group_name and node_group_name_prefix", true, tf(eksGroupWith("node_group_name_prefix = \"workers-\"\n")))
	add("launch_template id and name", true, tf(eksLaunchTemplate("launch_template {\n  id      = \"lt-0a1b2c3d4e5f60001\"\n  name    = \"workers\"\n  version = \"1\"\n}\n")))
	add("launch_template without id or name", true, tf(eksLaunchTemplate("launch_template {\n  version = \"1\"\n}\n")))
	add("launch_template without version", true, tf(eksLaunchTemplate("launch_template {\n  id = \"lt-0a1b2c3d4e5f60001\"\n}\n")))
	add("launch_template version empty", true, tf(eksLaunchTemplate("launch_template {\n  id      = \"lt-0a1b2c3d4e5f60001\"\n  version = \"\"\n}\n")))
	add("launch_template version $Latest", false, tf(eksLaunchTemplate("launch_template {\n  id      = \"lt-0a1b2c3d4e5f60001\"\n  version = \"$Latest\"\n}\n")))
	// internal/verify/validate.go (ValidLaunchTemplateID, ValidLaunchTemplateName).
	tb.src = "verify/validate.go"
	add("launch_template id without lt-", true, tf(eksLaunchTemplate("launch_template {\n  id      = \"0a1b2c3d4e5f60001\"\n  version = \"1\"\n}\n")))
	add("launch_template id upper case", true, tf(eksLaunchTemplate("launch_template {\n  id      = \"lt-0A1B2C3D\"\n  version = \"1\"\n}\n")))
	add("launch_template name 2 characters", true, tf(eksLaunchTemplate("launch_template {\n  name    = \"lt\"\n  version = \"1\"\n}\n")))
	add("launch_template name with a space", true, tf(eksLaunchTemplate("launch_template {\n  name    = \"my workers\"\n  version = \"1\"\n}\n")))
	add("launch_template name (v1)/x_y-z.", false, tf(eksLaunchTemplate("launch_template {\n  name    = \"workers(v1)/x_y-z.\"\n  version = \"1\"\n}\n")))
	// The EKS CreateNodegroup API (InvalidParameterException at apply).
	tb.src = "EKS CreateNodegroup API"
	add("disk_size with a launch template", true, tf(eksLaunchTemplate("disk_size = 50\nlaunch_template {\n  id      = aws_launch_template.workers.id\n  version = \"1\"\n}\n")))
	// The EKS API reference, CreateNodegroup and UpdateLabelsPayload:
	// label keys and values of 1 to 63 characters (the whole key, prefix
	// included, unlike Kubernetes).
	add("label key with a prefix, 63 characters", false, tf(eksGroupWith("labels = {\n  \"example.com/"+strings.Repeat("t", 51)+"\" = \"data\"\n}\n")))
	add("label key with a prefix, 64 characters", true, tf(eksGroupWith("labels = {\n  \"example.com/"+strings.Repeat("t", 52)+"\" = \"data\"\n}\n")))
	add("label value empty", true, tf(eksGroupWith("labels = {\n  \"example.com/team\" = \"\"\n}\n")))
	add("label value 64 characters", true, tf(eksGroupWith("labels = {\n  team = \""+strings.Repeat("v", 64)+"\"\n}\n")))
	add("remote_access with a launch template", true, tf(eksLaunchTemplate("remote_access {\n  ec2_ssh_key = \"workers\"\n}\nlaunch_template {\n  id      = aws_launch_template.workers.id\n  version = \"1\"\n}\n")))
	// CreateNodegroup, instanceTypes: an instance type in the launch
	// template or instance types in the node group, never both.
	add("instance_types with a launch template that sets instance_type", true, tf(eksLaunchTemplate("instance_types = [\"m6i.xlarge\"]\nlaunch_template {\n  id      = aws_launch_template.workers.id\n  version = \"1\"\n}\n")))
	add("instance type in the launch template only", false, tf(eksLaunchTemplate("launch_template {\n  id      = aws_launch_template.workers.id\n  version = \"1\"\n}\n")))
	add("instance_types with a launch template that sets none", false, tf(`resource "aws_launch_template" "workers" {
  name = "workers"
}

`+eksGroupWith("instance_types = [\"m6i.xlarge\"]\nlaunch_template {\n  name    = aws_launch_template.workers.name\n  version = \"1\"\n}\n")))

	// internal/service/eks/validate_test.go, TestValidClusterName (the
	// validator of cluster_name), at 259c7dae.
	tb.src = "eks/validate_test.go"
	for _, row := range []struct {
		name  string
		valid bool
	}{
		{"my-valid-eks-cluster_1_dev", true}, {"_invalid", false}, {"-invalid", false}, {"invalid@", false},
		{"invalid*", false}, {"invalid:", false}, {"invalid$", false}, {"", false}, {strings.Repeat("a", 101), false},
	} {
		add(fmt.Sprintf("cluster_name %q", row.name), !row.valid, tf(eksGroup(strings.Replace(eksGroupArgs, "aws_eks_cluster.main.name", fmt.Sprintf("%q", row.name), 1)+eksScaling)))
	}
	// validate.go at 18fc80b6 (v6.x): the pattern takes one character.
	add(`cluster_name "p"`, false, tf(eksGroup(strings.Replace(eksGroupArgs, "aws_eks_cluster.main.name", `"p"`, 1)+eksScaling)))

	runValidatorCases(t, "aws provider", tb.cases)
}

// cfnNodegroup is a CloudFormation template with an AWS::EKS::Nodegroup
// whose properties are props (indented by six).
func cfnNodegroup(props string) map[string]string {
	return oneFile("template.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Description: EKS managed node group
Resources:
  Workers:
    Type: AWS::EKS::Nodegroup
    Properties:
`+tfIndent(props, "      "))
}

const cfnBase = `ClusterName: eks-prod
NodeRole: arn:aws:iam::123456789012:role/eks-node
Subnets:
  - subnet-0a1b2c3d4e5f60001
  - subnet-0a1b2c3d4e5f60002
`

const cfnScaling = `ScalingConfig:
  DesiredSize: 2
  MinSize: 1
  MaxSize: 4
`

func TestCFNNodegroupValidatorCases(t *testing.T) {
	var tb caseTable
	add := tb.add
	with := func(extra string) map[string]string { return cfnNodegroup(cfnBase + cfnScaling + extra) }

	// The AWS::EKS::Nodegroup resource schema (CloudFormation registry,
	// aws-eks-nodegroup.json as published in 2025: required ClusterName,
	// NodeRole and Subnets; minimum/maxLength bounds) and the EKS
	// CreateNodegroup API's enums, which CloudFormation passes through.
	tb.src = "aws-eks-nodegroup.json"
	add("complete", false, with("NodegroupName: workers\nAmiType: AL2023_x86_64_STANDARD\nCapacityType: ON_DEMAND\nInstanceTypes: [m6i.large]\nDiskSize: 50\nLabels:\n  team: data\nTaints:\n  - Key: dedicated\n    Value: batch\n    Effect: NO_SCHEDULE\nUpdateConfig:\n  MaxUnavailablePercentage: 33\n"))
	add("AmiType al2023_x86_64_standard", true, with("AmiType: al2023_x86_64_standard\n"))
	add("CapacityType Spot", true, with("CapacityType: Spot\n"))
	add("CapacityType SPOT", false, with("CapacityType: SPOT\nInstanceTypes: [m5.large, m5a.large]\n"))
	add("Taint Effect NoExecute", true, with("Taints:\n  - Key: dedicated\n    Effect: NoExecute\n"))
	add("Taint Key 64 characters", true, with("Taints:\n  - Key: "+strings.Repeat("k", 64)+"\n    Effect: NO_SCHEDULE\n"))
	add("Taint Value 64 characters", true, with("Taints:\n  - Key: dedicated\n    Value: "+strings.Repeat("v", 64)+"\n    Effect: NO_SCHEDULE\n"))
	add("UpdateConfig MaxUnavailable 0", true, with("UpdateConfig:\n  MaxUnavailable: 0\n"))
	add("UpdateConfig MaxUnavailablePercentage 101", true, with("UpdateConfig:\n  MaxUnavailablePercentage: 101\n"))
	add("UpdateConfig MaxUnavailable 2", false, with("UpdateConfig:\n  MaxUnavailable: 2\n"))
	add("UpdateConfig both", true, with("UpdateConfig:\n  MaxUnavailable: 1\n  MaxUnavailablePercentage: 25\n"))
	add("ScalingConfig MaxSize 0", true, cfnNodegroup(cfnBase+"ScalingConfig:\n  DesiredSize: 0\n  MinSize: 0\n  MaxSize: 0\n"))
	add("ScalingConfig MinSize -1", true, cfnNodegroup(cfnBase+"ScalingConfig:\n  DesiredSize: 1\n  MinSize: -1\n  MaxSize: 3\n"))
	add("ScalingConfig DesiredSize -1", true, cfnNodegroup(cfnBase+"ScalingConfig:\n  DesiredSize: -1\n  MinSize: 0\n  MaxSize: 3\n"))
	add("ScalingConfig absent (EKS defaults 2/1/2)", false, cfnNodegroup(cfnBase))
	add("Subnets empty", true, cfnNodegroup("ClusterName: eks-prod\nNodeRole: arn:aws:iam::123456789012:role/eks-node\nSubnets: []\n"+cfnScaling))
	add("Subnets missing (required)", true, cfnNodegroup("ClusterName: eks-prod\nNodeRole: arn:aws:iam::123456789012:role/eks-node\n"+cfnScaling))
	add("NodeRole missing (required)", true, cfnNodegroup("ClusterName: eks-prod\nSubnets: [subnet-0a1b2c3d4e5f60001]\n"+cfnScaling))
	add("ClusterName missing (required)", true, cfnNodegroup("NodeRole: arn:aws:iam::123456789012:role/eks-node\nSubnets: [subnet-0a1b2c3d4e5f60001]\n"+cfnScaling))
	add("LaunchTemplate Id and Name", true, with("LaunchTemplate:\n  Id: lt-0a1b2c3d4e5f60001\n  Name: workers\n  Version: \"1\"\n"))
	add("LaunchTemplate Name", false, with("LaunchTemplate:\n  Name: workers\n  Version: \"1\"\n"))
	add("LaunchTemplate without Id or Name", true, with("LaunchTemplate:\n  Version: \"1\"\n"))
	add("DiskSize with a LaunchTemplate", true, with("DiskSize: 50\nLaunchTemplate:\n  Id: lt-0a1b2c3d4e5f60001\n"))
	add("RemoteAccess with a LaunchTemplate", true, with("RemoteAccess:\n  Ec2SshKey: workers\nLaunchTemplate:\n  Id: lt-0a1b2c3d4e5f60001\n"))
	add("RemoteAccess without Ec2SshKey (required)", true, with("RemoteAccess:\n  SourceSecurityGroups: [sg-0a1b2c3d4e5f60001]\n"))
	// CreateNodegroup, instanceTypes: an instance type in the launch
	// template or instance types in the node group, never both.
	template := func(props, data string) map[string]string {
		f := cfnNodegroup(props)
		for name, text := range f {
			f[name] = text + "  Template:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n" + tfIndent(data, "        ")
		}
		return f
	}
	ltRef := "LaunchTemplate:\n  Id: !Ref Template\n  Version: \"1\"\n"
	add("InstanceTypes with a LaunchTemplate that sets InstanceType", true, template(cfnBase+cfnScaling+"InstanceTypes: [m6i.xlarge]\n"+ltRef, "InstanceType: m6i.large\n"))
	add("InstanceType in the LaunchTemplate only", false, template(cfnBase+cfnScaling+ltRef, "InstanceType: m6i.large\n"))
	add("InstanceTypes with a LaunchTemplate that sets none", false, template(cfnBase+cfnScaling+"InstanceTypes: [m6i.xlarge]\n"+ltRef, "ImageId: ami-0a1b2c3d4e5f60001\n"))

	runValidatorCases(t, "AWS::EKS::Nodegroup", tb.cases)
}
