package terraform

import (
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Azure/avm-res-containerservice-managedcluster/azurerm 0.1 to 0.3 (the
// versions that declare azurerm_kubernetes_cluster): default_node_pool, an
// object spelled like the resource's block, and node_pools, a map of
// objects spelled like azurerm_kubernetes_cluster_node_pool.
func (r *regCall) avmModule() {
	addr := r.addr + "azurerm_kubernetes_cluster.this"
	c := r.aksCluster(addr, "var.name", "var.network_profile.load_balancer_sku", "var.network_profile.network_plugin", "var.network_profile.network_plugin_mode")
	var def *synth
	if d := r.vars("default_node_pool"); !d.isNull() {
		def = newSynth(d.pos)
		table := append([]input{}, aksNodePool...)
		table = append(table, input{attr: "type", from: []string{"type"}, def: "VirtualMachineScaleSets"},
			input{attr: "only_critical_addons_enabled", from: []string{"only_critical_addons_enabled"}})
		fill(def, table, sources{pool: d.path, vars: r.vars}, r.at, r.label)
	}
	r.aksPools(c, addr, def, "node_pools", aksNodePool, func(key string, _ arg) string {
		return "module.nodepools[" + quote(key) + "].azurerm_kubernetes_cluster_node_pool.this"
	})
}

// avmAgentPool maps an agent pool of the module's 0.4 and later (azapi,
// spelled like the ARM agent pool profile in snake case) to the azurerm
// spelling aksPool reads.
var avmAgentPool = []input{
	{attr: "name", from: []string{"name"}},
	{attr: "vm_size", from: []string{"vm_size"}},
	{attr: "node_count", from: []string{"count_of"}},
	{attr: "min_count", from: []string{"min_count"}},
	{attr: "max_count", from: []string{"max_count"}},
	{attr: "auto_scaling_enabled", from: []string{"enable_auto_scaling"}},
	{attr: "mode", from: []string{"mode"}},
	{attr: "os_type", from: []string{"os_type"}},
	{attr: "os_sku", from: []string{"os_sku"}},
	{attr: "zones", from: []string{"availability_zones"}},
	{attr: "node_labels", from: []string{"node_labels"}},
	{attr: "node_taints", from: []string{"node_taints"}},
	{attr: "max_pods", from: []string{"max_pods"}},
	{attr: "os_disk_size_gb", from: []string{"os_disk_size_gb"}},
	{attr: "os_disk_type", from: []string{"os_disk_type"}},
	{attr: "priority", from: []string{"scale_set_priority"}},
	{attr: "eviction_policy", from: []string{"scale_set_eviction_policy"}},
	{attr: "spot_max_price", from: []string{"spot_max_price"}},
	{attr: "orchestrator_version", from: []string{"orchestrator_version"}},
	{attr: "vnet_subnet_id", from: []string{"vnet_subnet_id"}},
	{attr: "pod_subnet_id", from: []string{"pod_subnet_id"}},
	{attr: "type", from: []string{"type"}},
	{attr: "upgrade_settings.max_surge", from: []string{"upgrade_settings.max_surge"}},
}

// avmAzapiModule reads Azure/avm-res-containerservice-managedcluster 0.4
// and later: default_agent_pool (default {}: a pool "systempool" of 3
// nodes) and agent_pools.
func (r *regCall) avmAzapiModule() {
	addr := r.addr + "azapi_resource.this"
	c := r.aksCluster(addr, "var.name", "var.network_profile.load_balancer_sku", "var.network_profile.network_plugin", "var.network_profile.network_plugin_mode")
	d := r.vars("default_agent_pool")
	at := r.at
	if !d.isNull() {
		at = d.pos
	}
	def := newSynth(at)
	table := append([]input{}, avmAgentPool...)
	table[0].def, table[2].def = "systempool", int64(3)
	if d.present && !d.known() {
		// The whole default pool is unknown: every argument is.
		for _, in := range table {
			def.attrs[in.attr] = &value{V: unknown, Pos: d.pos, Origin: nodepool.OriginExpression}
		}
	} else {
		fill(def, table, sources{pool: d.path, vars: r.vars}, r.at, r.label)
	}
	r.aksPools(c, addr, def, "agent_pools", avmAgentPool, func(key string, _ arg) string {
		return "module.agent_pools[" + quote(key) + "]"
	})
}

// cloudposse/eks-node-group/aws, majors 2 and 3: one aws_eks_node_group
// from the module's inputs (main.tf's local.ng).
var cloudposseNodeGroup = []input{
	{attr: "instance_types", from: []string{"var.instance_types"}, def: []any{"t3.medium"}},
	{attr: "scaling_config.desired_size", from: []string{"var.desired_size"}},
	{attr: "scaling_config.min_size", from: []string{"var.min_size"}},
	{attr: "scaling_config.max_size", from: []string{"var.max_size"}},
	{attr: "ami_type", from: []string{"var.ami_type"}, def: "AL2_x86_64"},
	{attr: "capacity_type", from: []string{"var.capacity_type"}},
	{attr: "labels", from: []string{"var.kubernetes_labels"}},
}

func (r *regCall) cloudposseNodeGroup() {
	if r.isFalse(r.vars("enabled")) {
		return
	}
	s := newSynth(r.at)
	fill(s, cloudposseNodeGroup, sources{vars: r.vars}, r.at, r.label)
	if v := r.vars("kubernetes_version"); !v.isNull() {
		if els := v.elements(); len(els) > 0 {
			s.attrs["version"] = els[0].value()
		} else if !v.known() {
			s.attrs["version"] = v.value()
		}
	}
	if uc := r.vars("update_config"); !uc.isNull() {
		if els := uc.elements(); len(els) > 0 {
			b := s.block("update_config")
			for _, name := range []string{"max_unavailable", "max_unavailable_percentage"} {
				if v := els[0].get(name); !v.isNull() {
					b.attrs[name] = v.value()
				}
			}
		}
	}
	r.taints(s, r.vars("kubernetes_taints"))
	p := eksNodeGroup(s, r.addr+"aws_eks_node_group.default[0]")
	p.Schema, p.Settings = "", nil // a synthesized resource: its raw arguments are the module's, not the schema's
	p.CallSites = r.callSites
	r.addEKSPool(p)
}

// cloudposse/eks-cluster/aws: the cluster only (its node groups come from
// eks-node-group); its name is made by the label module, unknown here.
func (r *regCall) cloudposseCluster() {
	if r.isFalse(r.vars("enabled")) {
		return
	}
	addr := r.addr + "aws_eks_cluster.default[0]"
	c := &nodepool.Cluster{Provider: nodepool.AWS, Format: "terraform", ID: addr, Pos: r.at, CallSites: r.callSites,
		Name: nodepool.UnknownBecause[string](r.at, "the module names it with its label module, not evaluated"), KubernetesVersion: conv.Str(r.valueOr(r.vars("kubernetes_version"), nil))}
	r.b.clusters = append(r.b.clusters, &tfCluster{addr: addr, c: c})
	r.b.registerModuleCluster(r.addr, addr)
}
