package terraform

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Self-managed EKS node groups: an aws_autoscaling_group whose instances
// join a cluster. It is a node pool only when it says which cluster: a tag
// kubernetes.io/cluster/<name> (owned or shared), the tag the cluster
// autoscaler and the cloud provider go by, read from its value or, when
// the name is not known offline, from the expression that builds the key
// (terraform-aws-modules' self-managed-node-group writes
// "kubernetes.io/cluster/${var.cluster_name}"). An autoscaling group
// without one is not a node pool. Sizes come from min_size, max_size and
// desired_capacity; instance types from mixed_instances_policy overrides,
// else the launch template (or launch configuration) it names; labels and
// taints from the bootstrap arguments of the template's user data, when it
// is known.

const clusterTagPrefix = "kubernetes.io/cluster/"

// maxTemplateHops bounds the conditionals followed to find which launch
// template an autoscaling group names.
const maxTemplateHops = 8

// asgPool is a self-managed node group waiting for its launch template.
type asgPool struct {
	p *nodepool.Pool
	// template is the address of the aws_launch_template (or
	// aws_launch_configuration) named, "" when none is, or when the one
	// named is not declared here (then at is where it is named).
	template    string
	named       bool
	at          nodepool.Pos
	typesFromMI bool // instance types given by mixed_instances_policy overrides
}

// launchTemplate records an aws_launch_template or aws_launch_configuration
// instance for the autoscaling groups that name it.
func (b *builder) launchTemplate(addr string, obj *hclObject) {
	if b.templates == nil {
		b.templates = map[string]*hclObject{}
	}
	b.templates[addr] = obj
}

// autoscalingGroup reads an aws_autoscaling_group linked to an EKS cluster.
func (b *builder) autoscalingGroup(obj *hclObject, addr string, inst instance, callSites []nodepool.Pos, prefix string, refs map[string]string) {
	tp, ok := b.asgCluster(obj, prefix, refs)
	if !ok {
		return
	}
	p := &nodepool.Pool{ID: addr, Pos: obj.pos, CallSites: callSites,
		Name:     conv.Str(obj.attr("name")),
		Count:    conv.Int(obj.attr("desired_capacity")),
		MinCount: conv.Int(obj.attr("min_size")),
		MaxCount: conv.Int(obj.attr("max_size")),
	}
	if !p.Name.Set {
		p.Name = conv.Str(obj.attr("name_prefix")) // null name: the group is named by its prefix
	}
	tp.p, tp.provider, tp.unknown, tp.at = p, nodepool.AWS, inst.unknown, obj.pos
	b.pools = append(b.pools, tp)
	a := &asgPool{p: p, at: obj.pos}
	for _, mip := range obj.blocks("mixed_instances_policy") {
		for _, lt := range mip.blocks("launch_template") {
			for _, spec := range lt.blocks("launch_template_specification") {
				a.name(b, spec, prefix, "launch_template_id", "launch_template_name")
			}
			var types []string
			f := nodepool.Field[[]string]{Known: true, Set: true, Pos: lt.position(), Origin: nodepool.OriginLiteral}
			for _, o := range lt.blocks("override") {
				it := conv.Str(o.attr("instance_type"))
				switch {
				case it.Known:
					types = append(types, it.Value)
				case it.Set, len(o.blocks("instance_requirements")) > 0:
					// An unknown type, an override block of unknown values,
					// or types chosen by attributes.
					f.Known = false
					switch {
					case f.Why != "":
					case it.Set:
						f.SetWhy(it.Why, it.WhyPos)
					default:
						f.Why = "an override chooses instance types by attributes (instance_requirements) when instances launch"
					}
				}
			}
			if len(types) > 0 || !f.Known {
				f.Value = types
				p.InstanceTypes, a.typesFromMI = f, true
			}
		}
		for _, d := range mip.blocks("instances_distribution") {
			base, pct := conv.Int(d.attr("on_demand_base_capacity")), conv.Int(d.attr("on_demand_percentage_above_base_capacity"))
			switch {
			case (base.Set && !base.Known) || (pct.Set && !pct.Known):
				p.Priority = nodepool.UnknownBecause[string](d.position(), "")
				if base.Set && !base.Known {
					p.Priority.SetWhy(base.Why, base.WhyPos)
				} else {
					p.Priority.SetWhy(pct.Why, pct.WhyPos)
				}
				if p.Priority.Why == "" {
					p.Priority.Why = "the On-Demand share cannot be resolved offline"
				}
			case pct.Set && pct.Value == 0 && base.Value == 0:
				// Every instance is Spot (the base defaults to 0).
				p.Priority = nodepool.Field[string]{Value: nodepool.PrioritySpot, Known: true, Set: true, Pos: pct.Pos, Origin: pct.Origin, From: pct.From}
			case pct.Set && pct.Value == 100:
				p.Priority = nodepool.Field[string]{Value: nodepool.PriorityRegular, Known: true, Set: true, Pos: pct.Pos, Origin: pct.Origin, From: pct.From}
			default:
				// Part On-Demand, part Spot: the model has no value for a
				// mix. (Without a percentage, 100: all On-Demand.)
				if pct.Set {
					p.Priority = nodepool.UnknownBecause[string](d.position(), "part On-Demand, part Spot: one priority cannot describe the mix")
				}
			}
		}
	}
	for _, lt := range obj.blocks("launch_template") {
		a.name(b, lt, prefix, "id", "name")
	}
	if lc := obj.rawAttr("launch_configuration"); lc != nil && !a.named {
		a.named, a.at = true, rangePos(lc.Range())
		a.template = b.templateRef(obj.m, lc, obj.ctx, prefix, "aws_launch_configuration")
	}
	b.asgs = append(b.asgs, a)
}

// nodeGroupTemplate is an EKS managed node group and the launch template
// it names (the address of an aws_launch_template, "" when the name or ID
// does not refer to one declared in the configuration).
type nodeGroupTemplate struct {
	p        *nodepool.Pool
	template string
	written  string // the ID or name written instead, when known
	at       nodepool.Pos
}

// nodeGroupTemplate records the launch template an aws_eks_node_group
// names, for resolveTemplates.
func (b *builder) nodeGroupTemplate(p *nodepool.Pool, obj *hclObject, prefix string) {
	blocks := obj.blocks("launch_template")
	if len(blocks) == 0 {
		return
	}
	h, ok := blocks[0].(*hclObject) // the provider takes one
	if !ok {
		return
	}
	ng := nodeGroupTemplate{p: p, at: h.position()}
	for _, attr := range []string{"id", "name"} {
		if expr := h.rawAttr(attr); expr != nil && !h.unknown {
			ng.template = b.templateRef(h.m, expr, h.ctx, prefix, "aws_launch_template")
			if v := h.attr(attr); v != nil && ng.template == "" {
				ng.written, _ = v.V.(string)
			}
			break
		}
	}
	b.nodeGroupTemplates = append(b.nodeGroupTemplates, ng)
}

// name records the launch template a block names by id or name.
func (a *asgPool) name(b *builder, o object, prefix string, attrs ...string) {
	h, ok := o.(*hclObject)
	if !ok || a.named {
		return
	}
	a.named, a.at = true, o.position()
	if h.unknown {
		return
	}
	for _, attr := range attrs {
		if expr := h.rawAttr(attr); expr != nil {
			a.template = b.templateRef(h.m, expr, h.ctx, prefix, "aws_launch_template")
			return
		}
	}
}

// templateRef returns the address of the resource of type typ an
// expression names (aws_launch_template.this[0].id), through locals,
// conditionals whose condition is known and try()'s first argument.
func (b *builder) templateRef(m *module, expr hcl.Expression, ctx *hcl.EvalContext, prefix, typ string) string {
	for range maxTemplateHops {
		expr = m.written(expr)
		if call, ok := expr.(*hclsyntax.FunctionCallExpr); ok && call.Name == "try" && len(call.Args) > 0 && !call.ExpandFinal {
			// try(aws_launch_template.this[0].id, null): the template,
			// when there is one.
			expr = unhooked(call.Args[0])
			continue
		}
		c, ok := expr.(*hclsyntax.ConditionalExpr)
		if !ok {
			break
		}
		cond, _ := b.ev.eval(c.Condition, ctx).Unmark()
		if !cond.IsKnown() || cond.IsNull() || cond.Type() != cty.Bool {
			return ""
		}
		expr = c.FalseResult
		if cond.True() {
			expr = c.TrueResult
		}
	}
	st, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) < 2 || st.Traversal.RootName() != typ {
		return ""
	}
	attr, ok := st.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return ""
	}
	addr := prefix + typ + "." + attr.Name
	if len(st.Traversal) >= 3 {
		if idx, ok := st.Traversal[2].(hcl.TraverseIndex); ok {
			addr += "[" + keyString(idx.Key) + "]"
		}
	}
	return addr
}

// asgCluster finds the cluster an autoscaling group's tags name; ok is
// false when none does.
func (b *builder) asgCluster(obj *hclObject, prefix string, refs map[string]string) (tp *tfPool, ok bool) {
	tp = &tfPool{}
	// Tags as evaluated: tag blocks (written or dynamic), and the list of
	// maps older providers took as tags.
	var tags []struct{ key, value *value }
	for _, t := range obj.blocks("tag") {
		tags = append(tags, struct{ key, value *value }{t.attr("key"), t.attr("value")})
	}
	if v := obj.attr("tags"); v != nil {
		if list, isList := v.V.([]any); isList {
			for _, e := range list {
				if m, isMap := e.(map[string]any); isMap {
					tags = append(tags, struct{ key, value *value }{
						&value{V: m["key"], Pos: v.Pos, Origin: v.Origin, From: v.From},
						&value{V: m["value"], Pos: v.Pos, Origin: v.Origin, From: v.From}})
				}
			}
		}
	}
	for _, t := range tags {
		key := conv.Str(t.key)
		if !key.Known || !strings.HasPrefix(key.Value, clusterTagPrefix) || !ownedOrShared(conv.Str(t.value)) {
			continue
		}
		name := key
		name.Value = strings.TrimPrefix(key.Value, clusterTagPrefix)
		if name.Value != "" {
			tp.name = name
			return tp, true
		}
	}
	// The key as written: "kubernetes.io/cluster/${…}" in a tag block's
	// key, a dynamic tag block's for_each or the tags list.
	// values are the tag blocks' value expressions, by key expression.
	var exprs []hcl.Expression
	values := map[hcl.Expression]hcl.Expression{}
	for _, bl := range b.ev.blocksOf(obj.body, "tag") {
		switch {
		case bl.Type == "tag":
			if a := b.ev.attribute(bl.Body, "key"); a != nil {
				exprs = append(exprs, a.Expr)
				if v := b.ev.attribute(bl.Body, "value"); v != nil {
					values[a.Expr] = v.Expr
				}
			}
		case len(bl.Labels) == 1 && bl.Labels[0] == "tag":
			if spec, diags := bl.Body.Content(dynamicSchema); !diags.HasErrors() {
				exprs = append(exprs, spec.Attributes["for_each"].Expr)
			}
		}
	}
	if e := obj.rawAttr("tags"); e != nil {
		exprs = append(exprs, e)
	}
	for _, e := range exprs {
		x, val := clusterTagName(obj.m.written(e))
		if val == nil {
			val = values[e]
		}
		if val != nil && !ownedOrShared(conv.Str(&value{V: toGo(b.ev.eval(val, obj.ctx))})) {
			continue
		}
		if x != nil {
			tp.refText = strings.TrimSpace(string(x.Range().SliceBytes(b.source(x.Range().Filename))))
			tp.ref = b.resourceRef(obj.m, x, prefix, refs, 0)
			if tp.ref != "" && !strings.Contains(tp.ref, "aws_eks_cluster.") && !strings.HasPrefix(tp.ref, moduleRef) {
				tp.ref = ""
			}
			if tp.ref == "" {
				v := &value{V: toGo(b.ev.eval(x, obj.ctx)), Pos: rangePos(x.Range())}
				v.Origin, v.From = obj.m.originOf(unhooked(x))
				if _, whole := x.(*hclsyntax.TemplateExpr); whole {
					if s, ok := v.V.(string); ok {
						v.V = strings.TrimPrefix(s, clusterTagPrefix)
					}
				}
				tp.name = conv.Str(v)
			}
			return tp, true
		}
	}
	return nil, false
}

func ownedOrShared(v nodepool.Field[string]) bool {
	return !v.Known || v.Value == "owned" || v.Value == "shared"
}

// clusterTagName finds "kubernetes.io/cluster/${name}" in an expression and
// returns the name's expression, and the tag's value's when the key is one
// of an object written in place (nil otherwise).
func clusterTagName(expr hcl.Expression) (name, value hcl.Expression) {
	e, ok := expr.(hclsyntax.Expression)
	if !ok {
		return nil, nil
	}
	_ = hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if name != nil {
			return nil
		}
		switch n := n.(type) {
		case *hclsyntax.ObjectConsExpr:
			for _, it := range n.Items {
				if x := tagTemplate(unhooked(it.KeyExpr)); x != nil {
					name, value = x, it.ValueExpr
					return nil
				}
			}
		case *hclsyntax.TemplateExpr:
			name = tagTemplate(n)
		}
		return nil
	})
	return name, value
}

// tagTemplate returns X of the template "kubernetes.io/cluster/${X}"; of
// a template that starts with the prefix and goes on otherwise
// ("kubernetes.io/cluster/${var.env}-eks"), the template itself.
func tagTemplate(e hcl.Expression) hcl.Expression {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok || len(t.Parts) < 2 {
		return nil
	}
	lit, ok := unhooked(t.Parts[0]).(*hclsyntax.LiteralValueExpr)
	if !ok || lit.Val.Type() != cty.String || !lit.Val.IsKnown() || lit.Val.IsNull() || !strings.HasPrefix(lit.Val.AsString(), clusterTagPrefix) {
		return nil
	}
	if len(t.Parts) == 2 && lit.Val.AsString() == clusterTagPrefix {
		return unhooked(t.Parts[1])
	}
	return t
}

// resolveTemplates gives each self-managed node group what its launch
// template says: instance type, Spot, and the labels and taints of its
// bootstrap arguments. A template named but not declared here leaves them
// unknown.
func (b *builder) resolveTemplates() {
	if len(b.asgs) == 0 && len(b.nodeGroupTemplates) == 0 {
		return
	}
	// Instances by the address without their index, for references
	// without one to a resource with one instance.
	instances := map[string][]*hclObject{}
	for addr, o := range b.templates {
		if i := strings.LastIndexByte(addr, '['); i > 0 && strings.HasSuffix(addr, "]") {
			instances[addr[:i]] = append(instances[addr[:i]], o)
		}
	}
	find := func(addr string) *hclObject {
		lt := b.templates[addr]
		if lt == nil && addr != "" && len(instances[addr]) == 1 {
			lt = instances[addr][0]
		}
		return lt
	}
	for _, ng := range b.nodeGroupTemplates {
		p, lt := ng.p, find(ng.template)
		switch {
		case lt == nil && ng.written != "":
			p.LaunchTemplateInstanceType = nodepool.UnknownBecause[string](ng.at, fmt.Sprintf("launch template %q is not declared in the configuration read", ng.written))
			continue
		case lt == nil && ng.template == "":
			p.LaunchTemplateInstanceType = nodepool.UnknownBecause[string](ng.at, "the launch template's id or name does not refer to an aws_launch_template poollint can follow")
			continue
		case lt == nil:
			p.LaunchTemplateInstanceType = nodepool.UnknownBecause[string](ng.at, ng.template+" is not declared in the files read")
			continue
		}
		it := conv.Str(lt.attr("instance_type"))
		p.LaunchTemplateInstanceType = it
		if it.Set && !p.InstanceTypes.Set {
			// The node group's instance type is the template's.
			p.InstanceTypes = nodepool.OneOf(it)
		}
	}
	for _, a := range b.asgs {
		if !a.named {
			continue
		}
		lt := find(a.template)
		p := a.p
		if lt == nil {
			why := "the launch template the group names is not declared in the files read"
			if !a.typesFromMI {
				p.InstanceTypes = nodepool.UnknownBecause[[]string](a.at, why)
			}
			p.Labels = nodepool.UnknownBecause[[]nodepool.Label](a.at, why)
			p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](a.at, why)
			continue
		}
		if !a.typesFromMI {
			if it := conv.Str(lt.attr("instance_type")); it.Set {
				p.InstanceTypes = nodepool.OneOf(it)
			} else if reqs := lt.blocks("instance_requirements"); len(reqs) > 0 {
				// Types chosen by attributes when instances launch.
				p.InstanceTypes = nodepool.UnknownBecause[[]string](reqs[0].position(), "instance types are chosen by attributes (instance_requirements) when instances launch")
			}
		}
		if !p.Priority.Set {
			for _, mo := range lt.blocks("instance_market_options") {
				if mt := conv.Str(mo.attr("market_type")); mt.Set {
					p.Priority = mt
					if mt.Known && strings.EqualFold(mt.Value, "spot") {
						p.Priority.Value = nodepool.PrioritySpot
					}
				}
			}
			if sp := conv.Str(lt.attr("spot_price")); sp.Set && !p.Priority.Set { // launch configurations
				p.Priority = nodepool.Field[string]{Value: nodepool.PrioritySpot, Known: sp.Known, Set: true, Pos: sp.Pos, Origin: sp.Origin, From: sp.From}
			}
		}
		ud, heredoc := b.userData(lt)
		b.bootstrapArgs(p, ud, heredoc)
	}
}

// userData is a launch template's user data, seen through base64encode(…)
// (a function poollint does not evaluate: its argument is the script);
// heredoc reports whether the script is a heredoc written in place, whose
// lines are the file's.
func (b *builder) userData(lt *hclObject) (v *value, heredoc bool) {
	v = lt.attr("user_data")
	expr := lt.rawAttr("user_data")
	if v == nil || expr == nil || lt.unknown {
		return v, false
	}
	script := lt.m.written(expr)
	if call, ok := script.(*hclsyntax.FunctionCallExpr); ok && call.Name == "base64encode" && len(call.Args) == 1 && !call.ExpandFinal {
		script = unhooked(call.Args[0])
		v.V = toGo(b.ev.eval(call.Args[0], lt.ctx))
	}
	if _, ok := script.(*hclsyntax.TemplateExpr); ok {
		r := script.Range()
		src := b.source(r.Filename)
		if r.Start.Byte < len(src) && strings.HasPrefix(string(src[r.Start.Byte:min(len(src), r.Start.Byte+2)]), "<<") {
			v.Pos = rangePos(r)
			return v, true
		}
	}
	return v, false
}

// bootstrapArgs reads --node-labels and --register-with-taints from a
// launch template's user data (as written, or base64-encoded). Unknown
// user data leaves labels and taints unknown.
func (b *builder) bootstrapArgs(p *nodepool.Pool, ud *value, heredoc bool) {
	if ud == nil || ud.V == nil {
		return
	}
	s, ok := ud.V.(string)
	if !ok {
		why, at := "the user data cannot be resolved offline", ud.Pos
		if r := conv.ReasonOf(ud.V); r != nil {
			why = r.Text
			if r.Pos.IsValid() {
				at = r.Pos
			}
		}
		p.Labels = nodepool.UnknownBecause[[]nodepool.Label](ud.Pos, "")
		p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](ud.Pos, "")
		p.Labels.SetWhy(why, at)
		p.Taints.SetWhy(why, at)
		return
	}
	if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s)); err == nil {
		s, heredoc = string(dec), false
	}
	// at is the line of the flag: in a heredoc, the script's lines follow
	// the opening one.
	at := func(i int) nodepool.Pos {
		pos := ud.Pos
		if heredoc {
			pos.Line += 1 + strings.Count(s[:i], "\n")
			pos.Col = 1
		}
		return pos
	}
	if labels, i, ok := flagValue(s, "--node-labels="); ok {
		pos := at(i)
		p.Labels = nodepool.Field[[]nodepool.Label]{Value: []nodepool.Label{}, Known: true, Set: true, Pos: pos, Origin: ud.Origin, From: ud.From}
		for _, kv := range strings.Split(labels, ",") {
			if k, v, found := strings.Cut(kv, "="); found && k != "" {
				p.Labels.Value = append(p.Labels.Value, nodepool.Label{Key: k, Value: v, ValueKnown: true, Pos: pos})
			}
		}
	}
	if !p.Labels.Set && strings.Contains(s, "node-labels") {
		// Labels in another form (Bottlerocket's settings.kubernetes.node-labels,
		// a flag spelled otherwise): there, but not read.
		p.Labels = nodepool.UnknownBecause[[]nodepool.Label](ud.Pos, "the user data sets node labels in a form poollint does not read (only --node-labels=)")
	}
	if taints, i, ok := flagValue(s, "--register-with-taints="); ok {
		pos := at(i)
		p.Taints = nodepool.Field[[]nodepool.Taint]{Value: []nodepool.Taint{}, Known: true, Set: true, Pos: pos, Origin: ud.Origin, From: ud.From}
		for _, t := range strings.Split(taints, ",") {
			if t != "" {
				p.Taints.Value = append(p.Taints.Value, nodepool.ParseTaint(t, pos))
			}
		}
	}
	if !p.Taints.Set && (strings.Contains(s, "node-taints") || strings.Contains(s, "register-with-taints") || strings.Contains(s, "registerWithTaints")) {
		// Taints in another form (Bottlerocket's node-taints, nodeadm's
		// kubelet config registerWithTaints): there, but not read.
		p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](ud.Pos, "the user data sets node taints in a form poollint does not read (only --register-with-taints=)")
	}
}

// flagValue returns the value of the first flag of that name in a
// bootstrap script (up to a space, a quote or the end of the line) and
// where the flag is.
func flagValue(s, flag string) (string, int, bool) {
	i := strings.Index(s, flag)
	if i < 0 {
		return "", 0, false
	}
	rest := s[i+len(flag):]
	if end := strings.IndexAny(rest, " \t\r\n'\"`]"); end >= 0 {
		rest = rest[:end]
	}
	return rest, i, true
}
