package terraform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Limits on expansion.
const (
	maxInstances   = 1000  // count or for_each of one block
	maxModuleDepth = 10    // nested module calls
	maxExpansions  = 20000 // block instances in one root module and its callees
)

// builder collects clusters and pools across a root module and its callees.
type builder struct {
	opts      *parsers.Options
	root      string
	diags     []parsers.Diagnostic
	clusters  []*tfCluster
	pools     []*tfPool
	installed map[string]string // module key -> directory, from modules.json
	// expansions counts block instances; past maxExpansions the rest of the
	// configuration is not evaluated (a module calling itself with count).
	expansions int
	exhausted  bool
	modules    map[string]*module // parsed module directories
	// subnets are azurerm_subnet prefixes by address; subnetRefs the
	// subnet each pool's vnet_subnet_id refers to.
	subnets    map[string]nodepool.Field[string]
	subnetRefs map[*nodepool.Pool]string
	calls      int               // module instances evaluated
	sources    map[string][]byte // file contents, for references as written
	ev         *evaluator
	// refusedInstalled are modules.json entries whose directory leaves
	// the scan roots.
	refusedInstalled map[string]bool
	// moduleClusters maps a registry module instance read without its
	// source ("module.eks_cluster.") to the cluster it declares, so that
	// module.eks_cluster.<output> names that cluster.
	moduleClusters map[string]string
	// moduleOutputs maps a local module instance's output (instance prefix,
	// outputSep, name) to the cluster reference its value names.
	moduleOutputs map[string]string
	// cache is the resolved module cache (--download-modules), cacheOpts
	// the options its modules are read with.
	cache     string
	cacheOpts *parsers.Options
	// templates are the launch templates and configurations by address,
	// asgs the self-managed node groups that may name one (asg.go).
	templates map[string]*hclObject
	asgs      []*asgPool
	// nodeGroupTemplates are the EKS managed node groups that name a
	// launch template (asg.go).
	nodeGroupTemplates []nodeGroupTemplate
	// absentUnknown is set for a Terragrunt call with includes
	// (terragrunt.go): see regCall.absentUnknown.
	absentUnknown bool
}

// maxModuleCalls bounds module instances in one root module's tree.
const maxModuleCalls = 200

// load parses a module directory once per build and returns a copy whose
// variables the caller may set.
func (b *builder) load(dir string) *module {
	if b.modules == nil {
		b.modules = map[string]*module{}
	}
	m := b.modules[dir]
	if m == nil {
		m = loadModule(dir, b.optsFor(dir), b.ev)
		b.modules[dir] = m
		b.diags = append(b.diags, m.diags...)
	}
	c := *m
	c.diags = nil
	c.vars = make(map[string]*variable, len(m.vars))
	for k, v := range m.vars {
		vv := *v
		c.vars[k] = &vv
	}
	return &c
}

type tfCluster struct {
	addr string // full address, module path included
	c    *nodepool.Cluster
}

// tfPool is a pool waiting to be tied to its cluster.
type tfPool struct {
	p        *nodepool.Pool
	provider nodepool.Provider
	ref      string                 // address of the cluster resource referenced
	name     nodepool.Field[string] // cluster name given instead (EKS cluster_name)
	refText  string                 // the reference as written, for grouping unknown clusters
	unknown  bool                   // from an instance whose count/for_each is unknown
	why      any                    // why that is unknown
	at       nodepool.Pos
}

func buildRoot(ctx context.Context, dir string, opts *parsers.Options) parsers.Result {
	b := &builder{opts: opts, root: dir, ev: newEvaluator(ctx)}
	b.ev.root = dir
	b.readInstalledModules()
	m := b.load(dir)
	m.applyVarFiles(opts)
	b.module(m, "", nil, nil, 0)
	b.diags = append(b.diags, m.diags...)
	b.diags = append(b.diags, b.ev.diags...)
	b.resolveTemplates()
	return parsers.Result{Clusters: b.link(), Diags: b.diags}
}

// instance is one expansion of a block by count or for_each.
type instance struct {
	key     string // "", "[0]" or `["a"]`
	ctx     *hcl.EvalContext
	unknown bool // the expansion itself is unknown
	why     any  // and why (a conv unknown value)
}

func (b *builder) instances(bl *block, ctx *hcl.EvalContext) []instance {
	switch {
	case bl.count != nil:
		v := b.ev.eval(bl.count, ctx)
		n, ok := toGo(v).(int64)
		if !ok {
			index := unknownBecause(cty.Number, v, rangePos(bl.count.Range()), "count is not a whole number")
			return []instance{{key: "[*]", ctx: with(ctx, "count", cty.ObjectVal(map[string]cty.Value{"index": index})), unknown: true, why: toGo(index)}}
		}
		if n > maxInstances {
			b.diags = append(b.diags, parsers.Errorf(rangePos(bl.count.Range()), "count %d is above poollint's limit of %d; the instances are not checked", n, maxInstances))
			return nil
		}
		out := make([]instance, 0, n)
		for i := range n {
			out = append(out, instance{key: fmt.Sprintf("[%d]", i), ctx: with(ctx, "count", cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(i)}))})
		}
		return out
	case bl.forEach != nil:
		v := b.ev.eval(bl.forEach, ctx)
		// Only the keys must be known: a map whose values are partly unknown
		// (a subnet ID, say) still expands. A set's elements are its keys.
		keysKnown := v.IsKnown() && !v.IsNull() && v.CanIterateElements() &&
			(!v.Type().IsSetType() || v.IsWhollyKnown())
		if !keysKnown {
			why := unknownBecause(cty.DynamicPseudoType, v, rangePos(bl.forEach.Range()), "the keys of for_each are unknown")
			each := cty.ObjectVal(map[string]cty.Value{"key": why, "value": why})
			return []instance{{key: "[*]", ctx: with(ctx, "each", each), unknown: true, why: toGo(why)}}
		}
		v, _ = v.Unmark()
		if v.LengthInt() > maxInstances {
			b.diags = append(b.diags, parsers.Errorf(rangePos(bl.forEach.Range()), "for_each over %d items is above poollint's limit of %d; the instances are not checked", v.LengthInt(), maxInstances))
			return nil
		}
		var out []instance
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if v.Type().IsSetType() || v.Type().IsListType() || v.Type().IsTupleType() {
				k = e // a set's key is its value
			}
			key := keyString(k)
			each := cty.ObjectVal(map[string]cty.Value{"key": k, "value": e})
			out = append(out, instance{key: "[" + key + "]", ctx: with(ctx, "each", each)})
		}
		return out
	}
	return []instance{{ctx: ctx}}
}

func keyString(k cty.Value) string {
	k, _ = k.Unmark()
	if k.IsKnown() && !k.IsNull() && k.Type() == cty.String {
		return fmt.Sprintf("%q", k.AsString())
	}
	if k.IsKnown() && !k.IsNull() && k.Type() == cty.Number {
		return k.AsBigFloat().String()
	}
	return "*"
}

func with(ctx *hcl.EvalContext, name string, v cty.Value) *hcl.EvalContext {
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{name: v}
	return child
}

// module evaluates one module instance: its resources and its module calls.
// module evaluates one module instance: its resources and its module
// calls (each called once, in block order or earlier when an expression
// reads its outputs: modcalls.go). It returns the instance's evaluation
// context, in which its outputs are evaluated.
func (b *builder) module(m *module, prefix string, callSites []nodepool.Pos, refs map[string]string, depth int) *hcl.EvalContext {
	ctx := m.evalContext()
	calls := b.newModuleCalls(m, ctx, prefix, callSites, refs, depth)
	for _, bl := range m.blocks {
		build := resourceBuilders[bl.typ]
		if bl.kind == "resource" && build == nil {
			continue // a pass-through resource, read where it is referenced
		}
		if b.ev.stopped() {
			b.ev.report(rangePos(bl.defRange), b.ev.stop)
			return ctx
		}
		if bl.kind == "module" {
			calls.call(bl.name)
			if b.ev.stopped() || b.exhausted {
				return ctx
			}
			continue
		}
		for _, inst := range b.instances(bl, ctx) {
			if !b.expand(bl) {
				return ctx
			}
			obj := &hclObject{body: bl.body, ctx: inst.ctx, m: m, pos: rangePos(bl.defRange), refs: refs}
			build(b, resourceInstance{obj: obj, addr: prefix + bl.typ + "." + bl.name + inst.key, inst: inst, callSites: callSites, prefix: prefix, refs: refs})
		}
	}
	return ctx
}

// expand counts one more instance of bl; false once evaluation stopped or
// the configuration expands to more than maxExpansions instances.
func (b *builder) expand(bl *block) bool {
	if b.ev.stopped() {
		b.ev.report(rangePos(bl.defRange), b.ev.stop)
		return false
	}
	if b.expansions++; b.expansions > maxExpansions {
		if !b.exhausted {
			b.exhausted = true
			b.diags = append(b.diags, parsers.Errorf(rangePos(bl.defRange),
				"the configuration expands to more than %d resource and module instances; the rest is not checked", maxExpansions))
		}
		return false
	}
	return true
}

// resourceInstance is one instance of a resource block being built.
type resourceInstance struct {
	obj       *hclObject
	addr      string
	inst      instance
	callSites []nodepool.Pos
	prefix    string
	refs      map[string]string
}

// resourceBuilders are the resource types the model is built from. Other
// resources are not loaded (module.load), except the pass-through ones
// (passThroughAttrs), which are read where they are referenced, never
// expanded.
var resourceBuilders = map[string]func(*builder, resourceInstance){
	"azurerm_subnet": func(b *builder, r resourceInstance) {
		prefixes := conv.Strings(r.obj.attr("address_prefixes"))
		f := conv.Str(r.obj.attr("address_prefix")) // azurerm < 3
		if prefixes.Known && len(prefixes.Value) > 0 {
			f = nodepool.Field[string]{Value: prefixes.Value[0], Known: true, Set: true, Pos: prefixes.Pos, Origin: prefixes.Origin, From: prefixes.From}
		}
		if b.subnets == nil {
			b.subnets = map[string]nodepool.Field[string]{}
		}
		b.subnets[r.addr] = f
	},
	"azurerm_kubernetes_cluster": func(b *builder, r resourceInstance) {
		b.aksCluster(r.obj, r.addr, r.callSites, r.prefix)
	},
	"azapi_resource": func(b *builder, r resourceInstance) {
		b.azapiResource(r.obj, r.addr, r.inst, r.callSites, r.prefix, r.refs)
	},
	"aws_autoscaling_group": func(b *builder, r resourceInstance) {
		b.autoscalingGroup(r.obj, r.addr, r.inst, r.callSites, r.prefix, r.refs)
	},
	"aws_launch_template":      func(b *builder, r resourceInstance) { b.launchTemplate(r.addr, r.obj) },
	"aws_launch_configuration": func(b *builder, r resourceInstance) { b.launchTemplate(r.addr, r.obj) },
	"azurerm_kubernetes_cluster_node_pool": func(b *builder, r resourceInstance) {
		obj := r.obj
		tp := &tfPool{p: aksPool(obj, r.addr, false), provider: nodepool.Azure, unknown: r.inst.unknown, why: r.inst.why, at: obj.pos}
		azurermDefaults(tp.p)
		tp.ref, tp.refText = b.clusterRef(obj, "kubernetes_cluster_id", "azurerm_kubernetes_cluster", r.prefix, r.refs)
		if tp.ref == "" {
			// A cluster ID written out (as aztfexport writes it)
			// names the cluster in its last segment.
			tp.name = clusterNameOfID(conv.Str(obj.attr("kubernetes_cluster_id")))
		}
		b.noteSubnet(tp.p, obj, r.prefix)
		tp.p.CallSites = r.callSites
		b.pools = append(b.pools, tp)
	},
	"aws_eks_cluster": func(b *builder, r resourceInstance) {
		obj := r.obj
		c := &nodepool.Cluster{Provider: nodepool.AWS, Format: "terraform", ID: r.addr, Pos: obj.pos, CallSites: r.callSites,
			Name: conv.Str(obj.attr("name")), KubernetesVersion: conv.Str(obj.attr("version"))}
		b.clusters = append(b.clusters, &tfCluster{addr: r.addr, c: c})
	},
	"aws_eks_node_group": func(b *builder, r resourceInstance) {
		obj := r.obj
		tp := &tfPool{p: eksNodeGroup(obj, r.addr), provider: nodepool.AWS, unknown: r.inst.unknown, why: r.inst.why, at: obj.pos}
		tp.ref, tp.refText = b.clusterRef(obj, "cluster_name", "aws_eks_cluster", r.prefix, r.refs)
		if tp.ref == "" {
			tp.name = conv.Str(obj.attr("cluster_name"))
		}
		tp.p.CallSites = r.callSites
		b.nodeGroupTemplate(tp.p, obj, r.prefix)
		b.pools = append(b.pools, tp)
	},
}

// call instantiates a module call: local sources, and installed ones.
func (b *builder) call(m *module, bl *block, inst instance, prefix string, callSites []nodepool.Pos, refs map[string]string, depth int) (child *module, childCtx *hcl.EvalContext) {
	at := rangePos(bl.defRange)
	if depth+1 > maxModuleDepth {
		b.diags = append(b.diags, parsers.Errorf(at, "modules nested deeper than %d levels are not read", maxModuleDepth))
		return nil, nil
	}
	dir := ""
	switch {
	case strings.HasPrefix(bl.source, "./") || strings.HasPrefix(bl.source, "../"):
		dir = filepath.ToSlash(filepath.Join(m.dir, bl.source))
		if _, err := b.optsFor(m.dir).Confine(dir); errors.Is(err, parsers.ErrOutsideRoot) {
			b.diags = append(b.diags, parsers.Notef(at, "skipped module %q: source %q leaves the scanned root; pools declared in it are not checked", bl.name, bl.source))
			return nil, nil
		}
	default:
		key := strings.TrimSuffix(strings.ReplaceAll(strings.TrimPrefix(prefix, "module."), ".module.", "."), ".")
		if key != "" {
			key += "."
		}
		key += bl.name
		if b.refusedInstalled[stripIndexes(key)] {
			b.diags = append(b.diags, parsers.Notef(at, "skipped module %q: its directory in .terraform/modules/modules.json leaves the scanned root; pools declared in it are not checked", bl.name))
			return nil, nil
		}
		dir = b.installed[stripIndexes(key)]
		if dir == "" && b.opts != nil && b.opts.ModuleCache != "" {
			dir = b.downloaded(bl, b.versionOf(bl))
		}
		if dir == "" && b.registryCall(m, bl, inst, prefix, callSites, refs) {
			return nil, nil
		}
		if dir == "" {
			d := parsers.Notef(at, "skipped module %q: source %q is not local and `terraform init` has not installed it (.terraform/modules/modules.json)", bl.name, bl.source)
			if attrs, _ := bl.body.JustAttributes(); hasPoolInputs(attrs) {
				d = d.WithUnread(finding.UnreadModule)
				d.Message += "; " + b.unchecked(attrs, inst)
			}
			b.diags = append(b.diags, d)
			return nil, nil
		}
	}
	if b.calls++; b.calls > maxModuleCalls {
		if b.calls == maxModuleCalls+1 {
			b.diags = append(b.diags, parsers.Errorf(at, "more than %d module instances; the rest are not checked", maxModuleCalls))
		}
		return nil, nil
	}
	child = b.load(dir)
	attrs, _ := bl.body.JustAttributes()
	childRefs := map[string]string{}
	for name, a := range attrs {
		v := child.vars[name]
		if v == nil {
			continue
		}
		v.value, v.hasValue = b.ev.eval(a.Expr, inst.ctx), true
		v.origin, v.from = m.originOf(a.Expr)
		if ref := b.resourceRef(m, b.staticRef(a.Expr, inst.ctx), prefix, refs, 0); ref != "" {
			childRefs[name] = ref
		}
	}
	sites := append(append([]nodepool.Pos{}, callSites...), at)
	childPrefix := prefix + "module." + bl.name + inst.key + "."
	childCtx = b.module(child, childPrefix, sites, childRefs, depth+1)
	// Outputs naming a cluster (output "id" { value =
	// azurerm_kubernetes_cluster.this.id }), for pools given module.x.id.
	for name, expr := range child.outputs {
		if ref := b.resourceRef(child, expr, childPrefix, childRefs, 0); ref != "" {
			if b.moduleOutputs == nil {
				b.moduleOutputs = map[string]string{}
			}
			b.moduleOutputs[childPrefix+outputSep+name] = ref
		}
	}
	return child, childCtx
}

func stripIndexes(key string) string {
	var out strings.Builder
	depth := 0
	for _, r := range key {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			out.WriteRune(r)
		}
	}
	return out.String()
}

// readInstalledModules reads .terraform/modules/modules.json of the root,
// through opts: a committed file is the repository's, and an entry whose
// directory leaves the scan roots (absolute, or through "..") is refused.
func (b *builder) readInstalledModules() {
	data, err := b.opts.Read(filepath.Join(b.root, ".terraform", "modules", "modules.json"))
	if err != nil {
		return
	}
	var doc struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(data, &doc) != nil {
		return
	}
	b.installed = map[string]string{}
	b.refusedInstalled = map[string]bool{}
	for _, mod := range doc.Modules {
		if mod.Key == "" {
			continue
		}
		dir := filepath.ToSlash(filepath.Join(b.root, mod.Dir))
		confined := b.opts != nil && len(b.opts.Roots) > 0
		if _, err := b.opts.Confine(dir); (confined && filepath.IsAbs(mod.Dir)) || errors.Is(err, parsers.ErrOutsideRoot) {
			b.refusedInstalled[mod.Key] = true
			continue
		}
		b.installed[mod.Key] = dir
	}
}

// resourceRef returns the address of the cluster resource an expression
// refers to (azurerm_kubernetes_cluster.main.id -> azurerm_kubernetes_cluster.main),
// following variables the caller bound to one.
func (b *builder) resourceRef(m *module, expr hcl.Expression, prefix string, refs map[string]string, depth int) string {
	st, ok := unhooked(expr).(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) < 2 {
		return ""
	}
	attr, ok := st.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return ""
	}
	switch root := st.Traversal.RootName(); root {
	case "var":
		return refs[attr.Name]
	case "module":
		key := prefix + "module." + attr.Name
		if len(st.Traversal) >= 3 {
			if idx, ok := st.Traversal[2].(hcl.TraverseIndex); ok {
				key += "[" + keyString(idx.Key) + "]"
			}
		}
		// Resolved when linking: the module may be called further on. The
		// output's name follows, for a local module's output naming a
		// cluster.
		out := 2
		if len(st.Traversal) >= 3 {
			if _, ok := st.Traversal[2].(hcl.TraverseIndex); ok {
				out = 3
			}
		}
		if len(st.Traversal) > out {
			if a, ok := st.Traversal[out].(hcl.TraverseAttr); ok {
				return moduleRef + key + "." + outputSep + a.Name
			}
		}
		return moduleRef + key + "."
	case "time_sleep", "terraform_data", "null_resource":
		if inner := passThrough(m, st.Traversal, depth); inner != nil {
			return b.resourceRef(m, inner, prefix, refs, depth+1)
		}
	case "azurerm_kubernetes_cluster", "aws_eks_cluster", "azapi_resource":
		addr := prefix + root + "." + attr.Name
		if len(st.Traversal) >= 3 {
			if idx, ok := st.Traversal[2].(hcl.TraverseIndex); ok {
				addr += "[" + keyString(idx.Key) + "]"
			}
		}
		return addr
	}
	return ""
}

// staticRef turns a reference indexed by an expression
// (azurerm_kubernetes_cluster.aks[each.key].id, module.aks[each.key].id)
// into the reference it is in this instance, when the key is known; any
// other expression is returned as it is.
func (b *builder) staticRef(expr hcl.Expression, ctx *hcl.EvalContext) hcl.Expression {
	inner := unhooked(expr)
	var rest hcl.Traversal
	if rt, ok := inner.(*hclsyntax.RelativeTraversalExpr); ok {
		inner, rest = unhooked(rt.Source), rt.Traversal
	}
	ix, ok := inner.(*hclsyntax.IndexExpr)
	if !ok || ctx == nil {
		return expr
	}
	st, ok := unhooked(ix.Collection).(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) != 2 {
		return expr
	}
	key := b.ev.eval(ix.Key, ctx)
	if !key.IsKnown() || key.IsNull() || (key.Type() != cty.String && key.Type() != cty.Number) {
		return expr
	}
	tr := make(hcl.Traversal, 0, len(st.Traversal)+1+len(rest))
	tr = append(append(append(tr, st.Traversal...), hcl.TraverseIndex{Key: key, SrcRange: ix.Key.Range()}), rest...)
	return &hclsyntax.ScopeTraversalExpr{Traversal: tr, SrcRange: expr.Range()}
}

// clusterRef reads the attribute that ties a pool to its cluster.
func (b *builder) clusterRef(obj *hclObject, attr, clusterType, prefix string, refs map[string]string) (string, string) {
	expr := obj.rawAttr(attr)
	if expr == nil {
		return "", ""
	}
	text := strings.TrimSpace(string(expr.Range().SliceBytes(b.source(expr.Range().Filename))))
	ref := b.resourceRef(obj.m, b.staticRef(expr, obj.ctx), prefix, refs, 0)
	// An azurerm pool may name a cluster declared with azapi.
	azapiAKS := clusterType == "azurerm_kubernetes_cluster" && strings.Contains(ref, "azapi_resource.")
	if ref != "" && !strings.Contains(ref, clusterType+".") && !strings.HasPrefix(ref, moduleRef) && !azapiAKS {
		ref = ""
	}
	return ref, text
}

// source returns a file's contents, read once per build.
func (b *builder) source(path string) []byte {
	if b.sources == nil {
		b.sources = map[string][]byte{}
	}
	data, ok := b.sources[path]
	if !ok {
		data, _ = b.optsFor(filepath.Dir(path)).Read(path)
		b.sources[path] = data
	}
	return data
}

// noteSubnet records which azurerm_subnet a pool's vnet_subnet_id names.
func (b *builder) noteSubnet(p *nodepool.Pool, obj *hclObject, prefix string) {
	st, ok := obj.rawAttr("vnet_subnet_id").(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) < 2 || st.Traversal.RootName() != "azurerm_subnet" {
		return
	}
	attr, ok := st.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return
	}
	ref := prefix + "azurerm_subnet." + attr.Name
	if len(st.Traversal) >= 3 {
		if idx, ok := st.Traversal[2].(hcl.TraverseIndex); ok {
			ref += "[" + keyString(idx.Key) + "]"
		}
	}
	if b.subnetRefs == nil {
		b.subnetRefs = map[*nodepool.Pool]string{}
	}
	b.subnetRefs[p] = ref
}

func (b *builder) aksCluster(obj *hclObject, addr string, callSites []nodepool.Pos, prefix string) {
	c := &nodepool.Cluster{
		Provider:          nodepool.Azure,
		Format:            "terraform",
		ID:                addr,
		Pos:               obj.pos,
		CallSites:         callSites,
		Name:              conv.Str(obj.attr("name")),
		KubernetesVersion: conv.Str(obj.attr("kubernetes_version")),
	}
	for _, np := range obj.blocks("network_profile") {
		c.LoadBalancerSKU = conv.Str(np.attr("load_balancer_sku"))
		c.NetworkPlugin = conv.Str(np.attr("network_plugin"))
		c.NetworkPluginMode = conv.Str(np.attr("network_plugin_mode"))
	}
	for _, dp := range obj.blocks("default_node_pool") {
		p := aksPool(dp, addr+".default_node_pool", true)
		azurermDefaults(p)
		p.CallSites = callSites
		if h, ok := dp.(*hclObject); ok {
			b.noteSubnet(p, h, prefix)
		}
		c.Pools = append(c.Pools, p)
	}
	// azurerm before 2.0: agent_pool_profile blocks, the first one default.
	for i, ap := range obj.blocks("agent_pool_profile") {
		p := aksPool(ap, fmt.Sprintf("%s.agent_pool_profile[%d]", addr, i), i == 0 && len(c.Pools) == 0)
		p.CallSites = callSites
		c.Pools = append(c.Pools, p)
	}
	b.clusters = append(b.clusters, &tfCluster{addr: addr, c: c})
}

// first returns the first attribute present among names (v4 and v3
// spellings of one setting).
func first(o object, names ...string) *value {
	for _, n := range names {
		if v := o.attr(n); v != nil {
			return v
		}
	}
	return nil
}

// aksPool maps default_node_pool and azurerm_kubernetes_cluster_node_pool.
func aksPool(o object, id string, isDefault bool) *nodepool.Pool {
	p := &nodepool.Pool{
		ID:                  id,
		Pos:                 o.position(),
		Default:             isDefault,
		Name:                conv.Str(o.attr("name")),
		Mode:                conv.Str(o.attr("mode")),
		VMSize:              conv.Str(o.attr("vm_size")),
		OSType:              conv.Str(o.attr("os_type")),
		OSSKU:               conv.Str(o.attr("os_sku")),
		Count:               conv.Int(first(o, "node_count", "count")),
		MinCount:            conv.Int(o.attr("min_count")),
		MaxCount:            conv.Int(o.attr("max_count")),
		AutoScaling:         conv.Bool(first(o, "auto_scaling_enabled", "enable_auto_scaling")),
		Priority:            conv.Str(o.attr("priority")),
		EvictionPolicy:      conv.Str(o.attr("eviction_policy")),
		SpotMaxPrice:        conv.Float(o.attr("spot_max_price")),
		OSDiskType:          conv.Str(o.attr("os_disk_type")),
		OSDiskSizeGB:        conv.Int(o.attr("os_disk_size_gb")),
		Labels:              conv.Labels(o.attr("node_labels")),
		Taints:              conv.TaintStrings(o.attr("node_taints")),
		Zones:               conv.Strings(first(o, "zones", "availability_zones")),
		VnetSubnetID:        conv.Str(o.attr("vnet_subnet_id")),
		PodSubnetID:         conv.Str(o.attr("pod_subnet_id")),
		MaxPods:             conv.Int(o.attr("max_pods")),
		OrchestratorVersion: conv.Str(o.attr("orchestrator_version")),
		VMSetType:           conv.Str(o.attr("type")),
		RotationName:        conv.Str(o.attr("temporary_name_for_rotation")),
	}
	for _, us := range o.blocks("upgrade_settings") {
		p.MaxSurge = conv.Str(us.attr("max_surge"))
		p.MaxUnavailable = conv.Str(us.attr("max_unavailable"))
	}
	if isDefault {
		// default_node_pool is always a System pool; there is no mode argument.
		p.Mode = nodepool.Field[string]{Value: nodepool.ModeSystem, Known: true, Pos: p.Pos, Origin: nodepool.OriginDefault}
		if v := o.attr("only_critical_addons_enabled"); v != nil && v.V == true {
			t := nodepool.ParseTaint("CriticalAddonsOnly=true:NoSchedule", v.Pos)
			if !p.Taints.Set {
				p.Taints = nodepool.Field[[]nodepool.Taint]{Known: true, Set: true, Pos: v.Pos, Origin: v.Origin}
			}
			p.Taints.Value = append(p.Taints.Value, t)
		}
	} else if !p.Mode.Set {
		p.Mode = nodepool.Field[string]{Value: nodepool.ModeUser, Known: true, Pos: p.Pos, Origin: nodepool.OriginDefault}
	}
	p.Schema, p.Settings = nodepool.SchemaAzurerm, readSettings(o, azurermPoolSchema)
	return p
}

// eksNodeGroup maps aws_eks_node_group.
func eksNodeGroup(o object, id string) *nodepool.Pool {
	p := &nodepool.Pool{
		ID:                  id,
		Pos:                 o.position(),
		Name:                conv.Str(first(o, "node_group_name")),
		Labels:              conv.Labels(o.attr("labels")),
		InstanceTypes:       conv.Strings(o.attr("instance_types")),
		OSSKU:               conv.Str(o.attr("ami_type")),
		OSDiskSizeGB:        conv.Int(o.attr("disk_size")),
		OrchestratorVersion: conv.Str(o.attr("version")),
		VnetSubnetID:        nodepool.Field[string]{},
	}
	ct := conv.Str(o.attr("capacity_type"))
	p.Priority = ct
	if ct.Known {
		switch strings.ToUpper(ct.Value) {
		case "SPOT":
			p.Priority.Value = nodepool.PrioritySpot
		case "ON_DEMAND":
			p.Priority.Value = nodepool.PriorityRegular
		}
	}
	for _, sc := range o.blocks("scaling_config") {
		p.Count = conv.Int(sc.attr("desired_size"))
		p.MinCount = conv.Int(sc.attr("min_size"))
		p.MaxCount = conv.Int(sc.attr("max_size"))
	}
	for _, uc := range o.blocks("update_config") {
		count, percent := uc.attr("max_unavailable"), uc.attr("max_unavailable_percentage")
		if _, plan := uc.(*planObject); plan {
			// A plan writes the unset one of the two as 0 (the provider
			// keeps nested integers without null), a value neither
			// argument accepts: 0 there is not written.
			count, percent = planNonZero(count), planNonZero(percent)
		}
		p.MaxUnavailable, p.UnavailableBoth = conv.MaxUnavailable(count, percent)
	}
	taints := o.blocks("taint")
	if len(taints) > 0 {
		p.Taints = nodepool.Field[[]nodepool.Taint]{Known: true, Set: true, Pos: taints[0].position(), Origin: nodepool.OriginLiteral, Value: []nodepool.Taint{}}
		for _, t := range taints {
			key, value, effect := conv.Str(t.attr("key")), conv.Str(t.attr("value")), conv.Str(t.attr("effect"))
			if !key.Known || !effect.Known || (value.Set && !value.Known) {
				p.Taints.Known = false
				continue
			}
			p.Taints.Value = append(p.Taints.Value, nodepool.Taint{Key: key.Value, Value: value.Value, Effect: effect.Value, Pos: t.position()})
		}
	}
	p.Schema, p.Settings = nodepool.SchemaAWSNodeGroup, readSettings(o, awsNodeGroupSchema)
	return p
}

// link ties pools to clusters: by resource reference, then by cluster name;
// pools whose cluster is defined elsewhere are grouped under partial
// clusters named by the reference as written.
func (b *builder) link() []*nodepool.Cluster {
	byAddr := map[string]*nodepool.Cluster{}
	var out []*nodepool.Cluster
	for _, tc := range b.clusters {
		byAddr[tc.addr] = tc.c
		out = append(out, tc.c)
	}
	partial := map[string]*nodepool.Cluster{}
	for _, tp := range b.pools {
		tp.ref = b.resolveModuleRef(tp.ref)
		c := byAddr[tp.ref]
		if c == nil && tp.ref != "" {
			// A reference without an index to a resource with one instance.
			var matches []*nodepool.Cluster
			for _, tc := range b.clusters {
				if strings.HasPrefix(tc.addr, tp.ref+"[") {
					matches = append(matches, tc.c)
				}
			}
			if len(matches) == 1 {
				c = matches[0]
			}
		}
		if c == nil && tp.name.Known {
			for _, tc := range b.clusters {
				if tc.c.Provider == tp.provider && tc.c.Name.Known && tc.c.Name.Value == tp.name.Value {
					c = tc.c
				}
			}
		}
		if c == nil {
			// Grouped by the reference as written, the name when known, and
			// the module instance: two instances of a module make two
			// clusters. The cluster carries its pools' call sites, so that
			// the scan does not take it for the module's standalone reading.
			key := string(tp.provider) + "\x00" + tp.refText + "\x00" + callKey(tp.p.CallSites)
			if tp.name.Known {
				key += "\x00" + tp.name.Value
			}
			c = partial[key]
			if c == nil {
				c = &nodepool.Cluster{Provider: tp.provider, Format: "terraform", Partial: true, Pos: tp.at, ID: "cluster-of:" + tp.p.ID, CallSites: tp.p.CallSites}
				c.Name = nodepool.UnknownBecause[string](tp.at, "the cluster is not declared in this configuration")
				if tp.name.Known {
					c.Name = tp.name
				}
				partial[key] = c
				out = append(out, c)
			}
		}
		c.Pools = append(c.Pools, tp.p)
		if tp.unknown {
			c.PoolsUnknownBecause(conv.Why(tp.why, ""))
		}
	}
	for p, ref := range b.subnetRefs {
		if f, ok := b.subnets[ref]; ok {
			p.SubnetPrefix = f
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// callKey names a chain of module calls.
func callKey(sites []nodepool.Pos) string {
	var b strings.Builder
	for _, p := range sites {
		b.WriteString(p.String())
		b.WriteByte('>')
	}
	return b.String()
}

// moduleRef marks a reference to a module's output (module.eks.cluster_name).
const moduleRef = "module-ref:"

// outputSep separates a module instance from the name of its output in a
// moduleRef.
const outputSep = "\x00output:"

// resolveModuleRef turns a reference to a module's output into the cluster
// it names: a registry module's cluster, or what a local module's output
// names (itself maybe another module's output, followed a bounded number of
// times). Anything else is "".
func (b *builder) resolveModuleRef(ref string) string {
	for range maxModuleDepth + 1 {
		rest, ok := strings.CutPrefix(ref, moduleRef)
		if !ok {
			return ref
		}
		inst, _, _ := strings.Cut(rest, outputSep)
		if c := b.moduleClusters[inst]; c != "" {
			return c
		}
		ref = b.moduleOutputs[rest]
	}
	return ""
}

func (b *builder) registerModuleCluster(module, addr string) {
	if b.moduleClusters == nil {
		b.moduleClusters = map[string]string{}
	}
	b.moduleClusters[module] = addr
}

// versionOf is a module call's version constraint, "" when none.
func (b *builder) versionOf(bl *block) string {
	attrs, _ := bl.body.JustAttributes()
	if a := attrs["version"]; a != nil {
		if v := b.ev.static(a.Expr); v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			return v.AsString()
		}
	}
	return ""
}
