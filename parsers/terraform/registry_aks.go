package terraform

import (
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Azure/aks/azurerm, majors 6 to 11, as its public source reads the
// caller's inputs (main.tf, extra_node_pool.tf): the default pool from the
// agents_* inputs and a few cluster-wide ones; node_pools, a map of
// objects spelled like azurerm_kubernetes_cluster_node_pool. Major 10
// replaced vnet_subnet_id with vnet_subnet.id, major 11
// enable_auto_scaling with auto_scaling_enabled.

func aksDefaultPool(major int) []input {
	subnet, pod, auto := "var.vnet_subnet_id", "var.pod_subnet_id", "var.enable_auto_scaling"
	if major >= 10 {
		subnet, pod = "var.vnet_subnet.id", "var.pod_subnet.id"
	}
	if major >= 11 {
		auto = "var.auto_scaling_enabled"
	}
	return []input{
		{attr: "name", from: []string{"var.agents_pool_name"}, def: "nodepool"},
		{attr: "vm_size", from: []string{"var.agents_size"}, def: "Standard_D2s_v3"},
		{attr: "auto_scaling_enabled", from: []string{auto}, def: false},
		{attr: "max_pods", from: []string{"var.agents_max_pods"}},
		{attr: "node_labels", from: []string{"var.agents_labels"}},
		{attr: "node_taints", from: []string{"var.agents_taints"}},
		{attr: "zones", from: []string{"var.agents_availability_zones"}},
		{attr: "type", from: []string{"var.agents_type"}, def: "VirtualMachineScaleSets"},
		{attr: "os_disk_size_gb", from: []string{"var.os_disk_size_gb"}, def: int64(50)},
		{attr: "os_disk_type", from: []string{"var.os_disk_type"}, def: "Managed"},
		{attr: "os_sku", from: []string{"var.os_sku"}},
		{attr: "only_critical_addons_enabled", from: []string{"var.only_critical_addons_enabled"}},
		{attr: "orchestrator_version", from: []string{"var.orchestrator_version"}},
		{attr: "vnet_subnet_id", from: []string{subnet}},
		{attr: "pod_subnet_id", from: []string{pod}},
		{attr: "upgrade_settings.max_surge", from: []string{"var.agents_pool_max_surge"}},
	}
}

// aksNodePool maps a node_pools entry spelled like the resource (both
// spellings of the renamed arguments).
var aksNodePool = []input{
	{attr: "name", from: []string{"name"}},
	{attr: "vm_size", from: []string{"vm_size"}},
	{attr: "node_count", from: []string{"node_count"}},
	{attr: "min_count", from: []string{"min_count"}},
	{attr: "max_count", from: []string{"max_count"}},
	{attr: "auto_scaling_enabled", from: []string{"auto_scaling_enabled", "enable_auto_scaling"}},
	{attr: "mode", from: []string{"mode"}},
	{attr: "os_type", from: []string{"os_type"}},
	{attr: "os_sku", from: []string{"os_sku"}},
	{attr: "zones", from: []string{"zones"}},
	{attr: "node_labels", from: []string{"node_labels"}},
	{attr: "node_taints", from: []string{"node_taints"}},
	{attr: "max_pods", from: []string{"max_pods"}},
	{attr: "os_disk_size_gb", from: []string{"os_disk_size_gb"}},
	{attr: "os_disk_type", from: []string{"os_disk_type"}},
	{attr: "priority", from: []string{"priority"}},
	{attr: "eviction_policy", from: []string{"eviction_policy"}},
	{attr: "spot_max_price", from: []string{"spot_max_price"}},
	{attr: "orchestrator_version", from: []string{"orchestrator_version"}},
	{attr: "vnet_subnet_id", from: []string{"vnet_subnet_id", "vnet_subnet.id"}},
	{attr: "pod_subnet_id", from: []string{"pod_subnet_id", "pod_subnet.id"}},
	{attr: "upgrade_settings.max_surge", from: []string{"upgrade_settings.max_surge"}},
}

// aksModule reads a call of Azure/aks/azurerm.
func (r *regCall) aksModule() {
	addr := r.addr + "azurerm_kubernetes_cluster.main"
	c := r.aksCluster(addr, "var.cluster_name", "var.load_balancer_sku", "var.network_plugin", "var.network_plugin_mode")
	if !c.Name.Set {
		// cluster_name, else "<prefix>-aks", else "aks".
		prefix := r.vars("prefix")
		switch v, ok := toGo(prefix.v).(string); {
		case prefix.isNull():
			c.Name = nodepool.Field[string]{Value: "aks", Known: true, Set: true, Pos: r.at, Origin: nodepool.OriginParamDflt, From: "var.cluster_name in " + r.label}
		case ok:
			name := strings.Trim(v+"-aks", "-")
			if name == "" {
				name = "aks"
			}
			c.Name = nodepool.Field[string]{Value: name, Known: true, Set: true, Pos: prefix.pos, Origin: nodepool.OriginExpression}
		default:
			c.Name = nodepool.Unknown[string](prefix.pos)
			c.Name.SetWhy(conv.Why(toGo(prefix.v), "a string"))
		}
	}
	src := sources{pool: func(string) arg { return arg{} }, vars: r.vars}
	s := newSynth(r.at)
	fill(s, aksDefaultPool(r.major), src, r.at, r.label)
	auto := conv.Bool(s.attr("auto_scaling_enabled"))
	switch {
	case auto.Known && auto.Value:
		fill(s, []input{{attr: "min_count", from: []string{"var.agents_min_count"}}, {attr: "max_count", from: []string{"var.agents_max_count"}}}, src, r.at, r.label)
	case auto.Known:
		fill(s, []input{{attr: "node_count", from: []string{"var.agents_count"}, def: int64(2)}}, src, r.at, r.label)
	}
	// The pool's address, as a plan names it: from 9.0 on, node_pools
	// entries create their pool before destroying the old one unless they
	// say otherwise (and Azure names it with a random suffix).
	resource := func(key string, g arg) string {
		if r.major < 9 {
			return "azurerm_kubernetes_cluster_node_pool.node_pool[" + quote(key) + "]"
		}
		if r.isFalse(g.get("create_before_destroy")) {
			return "azurerm_kubernetes_cluster_node_pool.node_pool_create_after_destroy[" + quote(key) + "]"
		}
		return "azurerm_kubernetes_cluster_node_pool.node_pool_create_before_destroy[" + quote(key) + "]"
	}
	r.aksPools(c, addr, s, "node_pools", aksNodePool, resource)
}

// aksCluster makes the cluster of an AKS module from the inputs named.
func (r *regCall) aksCluster(addr, name, lbSKU, plugin, pluginMode string) *nodepool.Cluster {
	src := sources{pool: func(string) arg { return arg{} }, vars: r.vars}
	s := newSynth(r.at)
	fill(s, []input{
		{attr: "name", from: []string{name}},
		{attr: "kubernetes_version", from: []string{"var.kubernetes_version"}},
		{attr: "load_balancer_sku", from: []string{lbSKU}},
		{attr: "network_plugin", from: []string{plugin}},
		{attr: "network_plugin_mode", from: []string{pluginMode}},
	}, src, r.at, r.label)
	c := &nodepool.Cluster{Provider: nodepool.Azure, Format: "terraform", ID: addr, Pos: r.at, CallSites: r.callSites,
		Name: conv.Str(s.attr("name")), KubernetesVersion: conv.Str(s.attr("kubernetes_version")),
		LoadBalancerSKU: conv.Str(s.attr("load_balancer_sku")), NetworkPlugin: conv.Str(s.attr("network_plugin")),
		NetworkPluginMode: conv.Str(s.attr("network_plugin_mode"))}
	r.b.clusters = append(r.b.clusters, &tfCluster{addr: addr, c: c})
	return c
}

// aksPools adds the default pool (nil for none) and the pools of a map
// input to an AKS cluster.
func (r *regCall) aksPools(c *nodepool.Cluster, addr string, def *synth, input string, table []input, resource func(key string, g arg) string) {
	c.PoolsUnknown = c.PoolsUnknown || r.unknown
	if def != nil {
		p := aksPool(def, addr+".default_node_pool", true)
		p.Schema, p.Settings = "", nil // a synthesized resource: its raw arguments are the module's, not the schema's
		p.CallSites = r.callSites
		c.Pools = append(c.Pools, p)
	}
	pools := r.vars(input)
	if !pools.isNull() && !pools.known() {
		c.PoolsUnknownBecause(conv.Why(toGo(pools.v), ""))
		return
	}
	for _, key := range r.bounded(pools, input) {
		g := pools.get(key)
		s := newSynth(pools.keyPos(key, r.at))
		fill(s, table, sources{pool: g.path, vars: r.vars}, r.at, r.label)
		if !g.known() {
			c.PoolsUnknownBecause(conv.Why(toGo(g.v), ""))
			continue
		}
		p := aksPool(s, r.addr+resource(key, g), false)
		p.Schema, p.Settings = "", nil // a synthesized resource: its raw arguments are the module's, not the schema's
		p.CallSites = r.callSites
		c.Pools = append(c.Pools, p)
	}
}
