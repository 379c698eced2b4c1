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
	r.aksPools(c, addr, def, "node_pools", aksNodePool, "module.nodepools")
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
	p.CallSites = r.callSites
	tp := &tfPool{p: p, provider: nodepool.AWS, at: p.Pos, unknown: r.unknown}
	name := r.vars("cluster_name")
	tp.ref = r.b.resourceRef(r.caller, name.expr, r.prefix, r.refs, 0)
	tp.refText = r.text(name.expr)
	if tp.ref == "" {
		tp.name = conv.Str(r.valueOr(name, nil))
	}
	r.b.pools = append(r.b.pools, tp)
}

// cloudposse/eks-cluster/aws: the cluster only (its node groups come from
// eks-node-group); its name is made by the label module, unknown here.
func (r *regCall) cloudposseCluster() {
	if r.isFalse(r.vars("enabled")) {
		return
	}
	addr := r.addr + "aws_eks_cluster.default[0]"
	c := &nodepool.Cluster{Provider: nodepool.AWS, Format: "terraform", ID: addr, Pos: r.at, CallSites: r.callSites,
		Name: nodepool.Unknown[string](r.at), KubernetesVersion: conv.Str(r.valueOr(r.vars("kubernetes_version"), nil))}
	r.b.clusters = append(r.b.clusters, &tfCluster{addr: addr, c: c})
	r.b.registerModuleCluster(r.addr, addr)
}
