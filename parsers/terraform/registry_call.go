package terraform

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// regCall is one instance of a call of a well-known registry module.
type regCall struct {
	b         *builder
	caller    *module
	args      hcl.Attributes
	ctx       *hcl.EvalContext
	at        nodepool.Pos   // the module block
	prefix    string         // the caller's module path
	addr      string         // this instance's module path, ending in "."
	callSites []nodepool.Pos // the calls leading here, this one included
	refs      map[string]string
	major     int
	label     string // "terraform-aws-modules/eks/aws v20", for messages
	cache     map[string]arg
	unknown   bool   // the instance itself is unknown (count or for_each)
	name      string // the module block's name
	// absentUnknown: an input the call does not write may be set where
	// poollint does not look (a Terragrunt include): unknown, not the
	// module's default. Maps of pools stay absent.
	absentUnknown bool
}

// knownModule is a registry module poollint reads without its source:
// the version ranges it knows, each read the same way, by major.
type knownModule struct {
	addr, subdir string
	ranges       []versionRange
	read         func(r *regCall)
}

type versionRange struct{ lo, hi version }

// majors lists whole major versions.
func majors(ms ...int) []versionRange {
	var out []versionRange
	for _, m := range ms {
		out = append(out, versionRange{version{m}, version{m + 1}})
	}
	return out
}

var knownModules = []knownModule{
	{"terraform-aws-modules/eks/aws", "", majors(17, 18, 19, 20, 21), (*regCall).eksModule},
	{"terraform-aws-modules/eks/aws", "modules/eks-managed-node-group", majors(18, 19, 20, 21), func(r *regCall) { r.eksNodeGroupModule(false) }},
	{"terraform-aws-modules/eks/aws", "modules/self-managed-node-group", majors(18, 19, 20, 21), func(r *regCall) { r.eksNodeGroupModule(true) }},
	{"terraform-aws-modules/eks/aws", "modules/karpenter", nil, nil}, // IAM and queues for Karpenter: no pools
	{"terraform-aws-modules/eks/aws", "modules/fargate-profile", nil, nil},
	{"azure/aks/azurerm", "", majors(6, 7, 8, 9, 10, 11), (*regCall).aksModule},
	// 0.1 to 0.3 declare azurerm_kubernetes_cluster (0.4 and later azapi).
	{"azure/avm-res-containerservice-managedcluster/azurerm", "", []versionRange{{version{0, 1}, version{0, 4}}}, (*regCall).avmModule},
	// 0.4 and later: azapi, agent pools spelled like the ARM API.
	{"azure/avm-res-containerservice-managedcluster/azurerm", "", []versionRange{{version{0, 4}, version{1}}}, (*regCall).avmAzapiModule},
	{"cloudposse/eks-node-group/aws", "", majors(2, 3), (*regCall).cloudposseNodeGroup},
	{"cloudposse/eks-cluster/aws", "", majors(2, 3, 4), (*regCall).cloudposseCluster},
}

func (k *knownModule) rangesText() string {
	var parts []string
	for _, r := range k.ranges {
		if r.hi == (version{r.lo[0] + 1}) && r.lo[1] == 0 {
			parts = append(parts, fmt.Sprintf("%d.x", r.lo[0]))
		} else {
			parts = append(parts, fmt.Sprintf(">= %d.%d, < %d.%d", r.lo[0], r.lo[1], r.hi[0], r.hi[1]))
		}
	}
	return strings.Join(parts, ", ")
}

// registryCall reads a call of a well-known registry module. It reports
// false when the source is not one of them.
func (b *builder) registryCall(m *module, bl *block, inst instance, prefix string, callSites []nodepool.Pos, refs map[string]string) bool {
	addr, subdir, ok := registrySource(bl.source)
	if !ok {
		return false
	}
	var candidates []*knownModule
	for i := range knownModules {
		if knownModules[i].addr == addr && knownModules[i].subdir == subdir {
			candidates = append(candidates, &knownModules[i])
		}
	}
	if len(candidates) == 0 {
		return false
	}
	if candidates[0].read == nil {
		return true // declares no node pools
	}
	at := rangePos(bl.defRange)
	name := bl.source
	attrs, _ := bl.body.JustAttributes()
	constraint := ""
	if a := attrs["version"]; a != nil {
		if v := b.ev.static(a.Expr); v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			constraint = v.AsString()
		}
	}
	lo, hi, ok := constraintRange(constraint)
	major := -1
	var known *knownModule
	var ranges []string
	for _, k := range candidates {
		ranges = append(ranges, k.rangesText())
		for _, vr := range k.ranges {
			if ok && !lo.less(vr.lo) && !vr.hi.less(hi) {
				major, known = vr.lo[0], k
			}
		}
	}
	if known == nil {
		what := fmt.Sprintf("version constraint %q", constraint)
		if constraint == "" {
			what = "no version constraint"
		}
		b.diags = append(b.diags, parsers.Notef(at, "module %q: %s with %s: poollint knows %s only, and the module is not installed (.terraform/modules); %s",
			bl.name, name, what, strings.Join(ranges, ", "), b.unchecked(attrs, inst)).WithUnread(finding.UnreadModuleVersion))
		return true
	}
	r := &regCall{
		name: bl.name,
		b:    b, caller: m, args: attrs, ctx: inst.ctx, at: at, prefix: prefix,
		addr:      prefix + "module." + bl.name + inst.key + ".",
		callSites: append(append([]nodepool.Pos{}, callSites...), at),
		refs:      refs, major: major, label: fmt.Sprintf("%s v%d", name, major),
		cache: map[string]arg{}, unknown: inst.unknown, absentUnknown: b.absentUnknown,
	}
	known.read(r)
	return true
}

// vars returns a module input as the caller gives it, or a part of it
// ("workers_group_defaults.asg_min_size").
func (r *regCall) vars(path string) arg {
	name, rest, _ := strings.Cut(path, ".")
	a, ok := r.cache[name]
	if !ok {
		if at := r.args[name]; at != nil {
			a = arg{v: r.b.ev.eval(at.Expr, r.ctx), expr: at.Expr, pos: rangePos(unhooked(at.Expr).Range()), m: r.caller, present: true}
			a.origin, a.from = r.caller.originOf(unhooked(at.Expr))
		} else if r.absentUnknown && !isPoolMap(name) {
			a = arg{v: cty.DynamicVal, pos: r.at, origin: nodepool.OriginExpression, m: r.caller, present: true}
		}
		r.cache[name] = a
	}
	if rest == "" {
		return a
	}
	return a.path(rest)
}

// path follows a dotted path of attributes.
func (a arg) path(p string) arg {
	for _, part := range strings.Split(p, ".") {
		a = a.get(part)
	}
	return a
}

// known reports a present argument whose value is known (its parts may
// not be).
func (a arg) known() bool {
	v, _ := a.v.Unmark()
	return a.present && v.IsKnown()
}

// keyPos is where a key of a map argument is written, or def.
func (a arg) keyPos(key string, def nodepool.Pos) nodepool.Pos {
	if v := a.value(); v.KeyPos != nil {
		if p, ok := v.KeyPos[key]; ok {
			return p
		}
	}
	if item, ok := a.mergedItem(key); ok {
		return rangePos(unhooked(item.KeyExpr).Range())
	}
	if a.present && a.pos.IsValid() {
		return a.pos
	}
	return def
}

// isFalse reports an argument known to be false.
func (r *regCall) isFalse(a arg) bool {
	v, _ := a.v.Unmark()
	return a.present && v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool && v.False()
}

// valueOr converts an argument, or the default given.
func (r *regCall) valueOr(a arg, def any) *value {
	if !a.isNull() {
		return a.value()
	}
	if def == nil {
		return nil
	}
	return &value{V: def, Pos: r.at, Origin: nodepool.OriginParamDflt, From: "a default of " + r.label}
}

// unknownPools marks a cluster whose pools come from an unknown input.
func (r *regCall) unknownPools(addr string, c *nodepool.Cluster, input string) {
	c.PoolsUnknownBecause(conv.Why(toGo(r.vars(input).v), ""))
}

// mergeMaps merges two map arguments as merge() does, each key keeping
// where it is written.
func (r *regCall) mergeMaps(a, b arg) *value {
	if a.isNull() && b.isNull() {
		return nil
	}
	if a.isNull() {
		return b.value()
	}
	if b.isNull() {
		return a.value()
	}
	va, vb := a.value(), b.value()
	ma, oka := va.V.(map[string]any)
	mb, okb := vb.V.(map[string]any)
	if !oka || !okb {
		return &value{V: unknown, Pos: b.pos, Origin: nodepool.OriginExpression}
	}
	out := &value{V: map[string]any{}, Pos: b.pos, Origin: nodepool.OriginExpression, KeyPos: map[string]nodepool.Pos{}}
	for _, src := range []*value{va, vb} {
		m := ma
		if src == vb {
			m = mb
		}
		for k, v := range m {
			out.V.(map[string]any)[k] = v
			if p, ok := src.KeyPos[k]; ok {
				out.KeyPos[k] = p
			} else {
				out.KeyPos[k] = src.Pos
			}
		}
	}
	return out
}

func quote(key string) string { return strconv.Quote(key) }

// bounded returns the keys of a map input that stand for pools, within
// the limits of count and for_each: past maxInstances, or once the
// evaluation is stopped or the configuration's expansions spent, none
// (with an error), and the cluster's pools are unknown.
func (r *regCall) bounded(groups arg, input string) []string {
	keys := groups.keys()
	if len(keys) > maxInstances {
		r.b.diags = append(r.b.diags, parsers.Errorf(groups.pos, "module %q: %s has %d entries, above poollint's limit of %d; they are not checked", r.name, input, len(keys), maxInstances))
		return nil
	}
	if r.b.ev.stopped() {
		r.b.ev.report(r.at, r.b.ev.stop)
		return nil
	}
	if r.b.expansions += len(keys); r.b.expansions > maxExpansions {
		if !r.b.exhausted {
			r.b.exhausted = true
			r.b.diags = append(r.b.diags, parsers.Errorf(r.at, "the configuration expands to more than %d resource and module instances; the rest is not checked", maxExpansions))
		}
		return nil
	}
	return keys
}

// poolInputs are the inputs of the well-known modules that hold maps of
// node pools, counted in the note of a version poollint does not know.
// karpenter_resources_helm_config is aws-ia/eks-data-addons' (data-on-eks,
// ai-on-eks): one release of its karpenter-resources chart, a Karpenter
// NodePool and EC2NodeClass, per entry, when enable_karpenter_resources.
var poolInputs = []string{"eks_managed_node_groups", "self_managed_node_groups", "node_groups", "node_pools", "agent_pools", karpenterResources}

const karpenterResources = "karpenter_resources_helm_config"

// poolInput finds the input names of an unknown module that suggest it
// declares clusters, node pools or node groups.
var poolInput = regexp.MustCompile(`(?i)node_?groups?|node_?pools?|agent_?pools?|worker_?groups?|instance_types?|vm_size|node_count|(aks|eks|kubernetes)_clusters?|karpenter_resources`)

// hasPoolInputs reports whether a module call passes an input whose name,
// or the name of a key in an object it gives (two levels down, as in
// aztfmod's compute = { aks_clusters = … }), suggests node pools.
func hasPoolInputs(attrs hcl.Attributes) bool {
	for name, a := range attrs {
		if poolInput.MatchString(name) || poolKeys(a.Expr, 2) {
			return true
		}
	}
	return false
}

func poolKeys(e hcl.Expression, depth int) bool {
	o, ok := e.(*hclsyntax.ObjectConsExpr)
	if !ok || depth == 0 {
		return false
	}
	for _, it := range o.Items {
		if k := hcl.ExprAsKeyword(it.KeyExpr); k != "" && poolInput.MatchString(k) {
			return true
		}
		if poolKeys(it.ValueExpr, depth-1) {
			return true
		}
	}
	return false
}

// unchecked says how many node pools a call of a module version poollint
// does not know declares, when its maps of pools are known.
func (b *builder) unchecked(attrs hcl.Attributes, inst instance) string {
	n, known := 0, true
	for _, name := range poolInputs {
		a := attrs[name]
		if a == nil {
			continue
		}
		if name == karpenterResources && attrs["enable_karpenter_resources"] != nil {
			if on, _ := b.ev.eval(attrs["enable_karpenter_resources"].Expr, inst.ctx).Unmark(); on.IsKnown() && on.Type() == cty.Bool && (on.IsNull() || on.False()) {
				continue // the module's default (false), or turned off: no release
			}
		} else if name == karpenterResources {
			continue // enable_karpenter_resources defaults to false
		}
		v, _ := b.ev.eval(a.Expr, inst.ctx).Unmark()
		switch {
		case !v.IsKnown():
			known = false
		case !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()):
			n += v.LengthInt()
		}
	}
	switch {
	case !known:
		return "node pools declared in it are not checked"
	case n == 1:
		return "1 node pool declared in it (and any default pool) is not checked"
	case n > 0:
		return fmt.Sprintf("%d node pools declared in it (and any default pool) are not checked", n)
	}
	return "node pools declared in it are not checked"
}
