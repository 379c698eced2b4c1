package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// terraform-aws-modules/eks/aws, majors 17 to 21, as its public source
// reads the caller's inputs:
//   - v17: node_groups merged over node_groups_defaults over the module's
//     worker defaults (modules/node_groups/locals.tf); k8s_labels merged;
//     cluster_name, cluster_version.
//   - v18 to v20: eks_managed_node_groups and self_managed_node_groups,
//     each argument try(group.x, *_node_group_defaults.x, default)
//     (node_groups.tf); cluster_name, cluster_version.
//   - v21: the same maps as typed objects without *_defaults; a null
//     argument takes the submodule's default (nullable = false); name,
//     kubernetes_version.
// fargate_profiles declare no node pools.

// eksManaged is the aws_eks_node_group an EKS managed node group becomes.
func eksManaged(major int) []input {
	t := []input{
		{attr: "scaling_config.min_size", from: []string{"min_size", "defaults.min_size"}, def: int64(1)},
		{attr: "scaling_config.max_size", from: []string{"max_size", "defaults.max_size"}, def: int64(3)},
		{attr: "scaling_config.desired_size", from: []string{"desired_size", "defaults.desired_size"}, def: int64(1)},
		{attr: "instance_types", from: []string{"instance_types", "defaults.instance_types"}},
		{attr: "capacity_type", from: []string{"capacity_type", "defaults.capacity_type"}},
		{attr: "ami_type", from: []string{"ami_type", "defaults.ami_type"}},
		{attr: "disk_size", from: []string{"disk_size", "defaults.disk_size"}},
		{attr: "labels", from: []string{"labels", "defaults.labels"}},
		{attr: "update_config.max_unavailable", from: []string{"update_config.max_unavailable", "defaults.update_config.max_unavailable"}},
		{attr: "update_config.max_unavailable_percentage", from: []string{"update_config.max_unavailable_percentage", "defaults.update_config.max_unavailable_percentage"}},
	}
	switch major {
	case 21:
		t = append(t, input{attr: "version", from: []string{"kubernetes_version"}})
		t[4].def, t[5].def = "ON_DEMAND", "AL2023_x86_64_STANDARD"
	default:
		t = append(t, input{attr: "version", from: []string{"cluster_version", "defaults.cluster_version"}})
	}
	return t
}

// eksSelfManaged is the autoscaling group a self-managed node group
// becomes, read as a node group.
func eksSelfManaged(major int) []input {
	min := int64(0)
	if major == 21 {
		min = 1
	}
	return []input{
		{attr: "scaling_config.min_size", from: []string{"min_size", "defaults.min_size"}, def: min},
		{attr: "scaling_config.max_size", from: []string{"max_size", "defaults.max_size"}, def: int64(3)},
		{attr: "scaling_config.desired_size", from: []string{"desired_size", "defaults.desired_size"}, def: int64(1)},
		{attr: "instance_type", from: []string{"instance_type", "defaults.instance_type"}, def: "m6i.large"},
	}
}

// eksV17 is a v17 node group: the module's worker defaults under
// node_groups_defaults under the group.
var eksV17 = []input{
	{attr: "scaling_config.min_size", from: []string{"min_capacity", "defaults.min_capacity", "var.workers_group_defaults.asg_min_size"}, def: int64(1)},
	{attr: "scaling_config.max_size", from: []string{"max_capacity", "defaults.max_capacity", "var.workers_group_defaults.asg_max_size"}, def: int64(3)},
	{attr: "scaling_config.desired_size", from: []string{"desired_capacity", "defaults.desired_capacity", "var.workers_group_defaults.asg_desired_capacity"}, def: int64(1)},
	{attr: "instance_types", from: []string{"instance_types", "defaults.instance_types"}},
	{attr: "capacity_type", from: []string{"capacity_type", "defaults.capacity_type"}},
	{attr: "ami_type", from: []string{"ami_type", "defaults.ami_type"}},
	{attr: "version", from: []string{"version", "defaults.version"}},
}

// eksModule reads a call of terraform-aws-modules/eks/aws.
func (r *regCall) eksModule() {
	major := r.major
	nameVar, versionVar, create := "cluster_name", "cluster_version", "create"
	switch major {
	case 17:
		create = "create_eks"
	case 21:
		nameVar, versionVar = "name", "kubernetes_version"
	}
	if r.isFalse(r.vars(create)) {
		return
	}
	cluster := newSynth(r.at)
	cluster.attrs["name"] = r.valueOr(r.vars(nameVar), nil)
	if v := r.vars(versionVar); !v.isNull() {
		cluster.attrs["version"] = v.value()
	}
	addr := r.addr + "aws_eks_cluster.this[0]"
	c := &nodepool.Cluster{Provider: nodepool.AWS, Format: "terraform", ID: addr, Pos: r.at, CallSites: r.callSites,
		Name: conv.Str(cluster.attr("name")), KubernetesVersion: conv.Str(cluster.attr("version"))}
	r.b.clusters = append(r.b.clusters, &tfCluster{addr: addr, c: c})
	r.b.registerModuleCluster(r.addr, addr)

	type family struct {
		groups, defaults, submodule string
		table                       []input
		selfManaged                 bool
	}
	var families []family
	switch major {
	case 17:
		families = []family{{groups: "node_groups", defaults: "node_groups_defaults", submodule: "node_groups", table: eksV17}}
	case 21:
		families = []family{
			{groups: "eks_managed_node_groups", submodule: "eks_managed_node_group", table: eksManaged(major)},
			{groups: "self_managed_node_groups", submodule: "self_managed_node_group", table: eksSelfManaged(major), selfManaged: true},
		}
	default:
		families = []family{
			{groups: "eks_managed_node_groups", defaults: "eks_managed_node_group_defaults", submodule: "eks_managed_node_group", table: eksManaged(major)},
			{groups: "self_managed_node_groups", defaults: "self_managed_node_group_defaults", submodule: "self_managed_node_group", table: eksSelfManaged(major), selfManaged: true},
		}
	}
	if major == 17 {
		for _, input := range []string{"worker_groups", "worker_groups_launch_template"} {
			if w := r.vars(input); !w.isNull() && (!w.known() || len(w.elements()) > 0) {
				r.b.diags = append(r.b.diags, parsers.Notef(w.pos, "module %q: %s (self-managed workers of %s) are not read; their nodes are not checked", r.name, input, r.label))
			}
		}
	}
	for _, f := range families {
		groups := r.vars(f.groups)
		var defaults arg
		if f.defaults != "" {
			defaults = r.vars(f.defaults)
		}
		if !groups.isNull() && !groups.known() {
			r.unknownPools(addr, c, f.groups)
			continue
		}
		for _, key := range r.bounded(groups, f.groups) {
			g := groups.get(key)
			if r.isFalse(g.get("create")) {
				continue
			}
			src := sources{pool: g.path, defaults: defaults.path, vars: r.vars}
			// The node group's address, as a plan names it.
			id := r.addr + "module." + f.submodule + "[" + quote(key) + "].aws_eks_node_group.this[0]"
			if f.selfManaged {
				id = r.addr + "module." + f.submodule + "[" + quote(key) + "].aws_autoscaling_group.this[0]"
			}
			if major == 17 {
				id = r.addr + "module.node_groups.aws_eks_node_group.workers[" + quote(key) + "]"
			}
			p := r.nodeGroup(g, key, groups, src, f.table, id, major)
			tp := &tfPool{p: p, provider: nodepool.AWS, ref: addr, at: p.Pos, unknown: r.unknown}
			r.b.pools = append(r.b.pools, tp)
		}
	}
}

// eksNodeGroupModule reads a direct call of the eks-managed-node-group or
// self-managed-node-group submodule: the caller's inputs are the pool's.
func (r *regCall) eksNodeGroupModule(selfManaged bool) {
	if r.isFalse(r.vars("create")) {
		return
	}
	all := arg{present: true}
	src := sources{pool: func(name string) arg { return r.vars(name) }, vars: r.vars}
	table := eksManaged(r.major)
	if r.major < 21 {
		table[0].def = int64(0) // the submodule's own min_size
		table[4].def = "ON_DEMAND"
	}
	if selfManaged {
		table = eksSelfManaged(r.major)
	}
	versionVar := "cluster_version"
	if r.major == 21 {
		versionVar = "kubernetes_version"
	}
	table = append(table[:len(table):len(table)], input{attr: "version", from: []string{versionVar}})
	id := r.addr + "aws_eks_node_group.this[0]"
	if selfManaged {
		id = r.addr + "aws_autoscaling_group.this[0]"
	}
	p := r.nodeGroup(all, "", arg{}, src, table, id, r.major)
	r.addEKSPool(p)
}

// addEKSPool adds a node group the module call declares, linked to the
// cluster its cluster_name input names.
func (r *regCall) addEKSPool(p *nodepool.Pool) {
	tp := &tfPool{p: p, provider: nodepool.AWS, at: p.Pos, unknown: r.unknown}
	name := r.vars("cluster_name")
	tp.ref = r.b.resourceRef(r.caller, name.expr, r.prefix, r.refs, 0)
	tp.refText = r.text(name.expr)
	if tp.ref == "" {
		tp.name = conv.Str(r.valueOr(name, nil))
	}
	r.b.pools = append(r.b.pools, tp)
}

// nodeGroup builds one node group of the table; key is its key in the
// caller's map ("" for a submodule call), groups the map.
func (r *regCall) nodeGroup(g arg, key string, groups arg, src sources, table []input, id string, major int) *nodepool.Pool {
	at := r.at
	if key != "" {
		at = groups.keyPos(key, r.at)
	}
	s := newSynth(at)
	fill(s, table, src, r.at, r.label)
	if major >= 19 && !selfManaged(table) && src.lookup("update_config").isNull() && src.lookup("defaults.update_config").isNull() {
		// local.default_update_config (v19, v20) and the submodule's
		// default (v21), when neither the group nor the defaults set one.
		s.block("update_config").attrs["max_unavailable_percentage"] = &value{V: int64(33), Pos: r.at, Origin: nodepool.OriginParamDflt, From: "var.update_config in " + r.label}
	}
	if it := s.attrs["instance_type"]; it != nil {
		s.attrs["instance_types"] = &value{V: []any{it.V}, Pos: it.Pos, Origin: it.Origin, From: it.From}
	}
	switch name := src.lookup("name"); {
	case !name.isNull():
		s.attrs["node_group_name"] = name.value()
	case key != "":
		s.attrs["node_group_name"] = &value{V: key, Pos: at, Origin: nodepool.OriginLiteral}
	}
	if major == 17 {
		labels := r.mergeMaps(src.lookup("defaults.k8s_labels"), src.lookup("k8s_labels"))
		if labels != nil {
			s.attrs["labels"] = labels
		}
	}
	taints := src.lookup("taints")
	if taints.isNull() {
		taints = src.lookup("defaults.taints")
	}
	r.taints(s, taints)
	p := eksNodeGroup(s, id)
	p.Schema, p.Settings = "", nil // a synthesized resource: its raw arguments are the module's, not the schema's
	p.CallSites = r.callSites
	return p
}

// taints adds a taint block for each element of a map (v18 and later) or
// list (v17) of {key, value, effect}.
func (r *regCall) taints(s *synth, taints arg) {
	if taints.isNull() {
		return
	}
	var items []arg
	if ks := taints.keys(); ks != nil {
		for _, k := range ks {
			items = append(items, taints.get(k))
		}
	} else {
		items = taints.elements()
	}
	if !taints.known() {
		// Unknown taints: one block of unknown values.
		items = []arg{taints}
	}
	for _, t := range items {
		b := newSynth(t.pos)
		for _, name := range []string{"key", "value", "effect"} {
			if v := t.get(name); !v.isNull() {
				b.attrs[name] = v.value()
			} else if !t.known() {
				b.attrs[name] = &value{V: unknown, Pos: t.pos, Origin: nodepool.OriginExpression}
			}
		}
		s.nested["taint"] = append(s.nested["taint"], b)
	}
}

// text is an expression as the caller writes it.
func (r *regCall) text(expr hcl.Expression) string {
	if expr == nil {
		return ""
	}
	return string(expr.Range().SliceBytes(r.b.source(expr.Range().Filename)))
}

// selfManaged reports the table of a self-managed node group.
func selfManaged(table []input) bool {
	for _, in := range table {
		if in.attr == "instance_type" {
			return true
		}
	}
	return false
}
