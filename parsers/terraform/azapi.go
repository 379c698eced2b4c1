package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/aks"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// azapi_resource declares any Azure resource by its ARM type and API
// version ("Microsoft.ContainerService/managedClusters@2025-05-01"), its
// settings in body: an HCL object spelled like the ARM resource (azapi 2),
// or a JSON string, usually jsonencode({...}) (azapi 1). AKS clusters and
// their agentPools children are read from body with the property table the
// ARM parser uses (parsers/internal/aks), each value positioned at the HCL
// expression that writes it, or at the nearest one that does when the
// structure is computed (a local, a merge()).

const (
	azapiCluster = "microsoft.containerservice/managedclusters"
	azapiPool    = "microsoft.containerservice/managedclusters/agentpools"
	// maxBodyJSONDepth bounds the nesting of a JSON string body decoded
	// here (the file's own nesting is checked before parsing, a string's
	// content is not).
	maxBodyJSONDepth = 64
	// maxTypeBranches bounds the conditionals followed to find a type.
	maxTypeBranches = 8
)

// azapiKind returns the lower-cased ARM type of an azapi_resource, without
// its API version: from its value, or, when that is unknown, from the
// branches of a conditional that all name the same type (the AVM module
// picks the API version by a variable).
func (b *builder) azapiKind(obj *hclObject) string {
	expr := obj.rawAttr("type")
	if expr == nil {
		return ""
	}
	if s, ok := armType(b.ev.eval(expr, obj.ctx)); ok {
		return s
	}
	budget := maxTypeBranches
	return b.branchType(unhooked(expr), obj.ctx, &budget)
}

func (b *builder) branchType(expr hcl.Expression, ctx *hcl.EvalContext, budget *int) string {
	if *budget--; *budget < 0 {
		return ""
	}
	c, ok := unhooked(expr).(*hclsyntax.ConditionalExpr)
	if !ok {
		s, _ := armType(b.ev.eval(expr, ctx))
		return s
	}
	t, f := b.branchType(c.TrueResult, ctx, budget), b.branchType(c.FalseResult, ctx, budget)
	if t != f {
		return ""
	}
	return t
}

func armType(v cty.Value) (string, bool) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	s := v.AsString()
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimSpace(s)), true
}

// azapiResource reads an azapi_resource that declares an AKS cluster or
// agent pool; other types are not node pools.
func (b *builder) azapiResource(obj *hclObject, addr string, inst instance, callSites []nodepool.Pos, prefix string, refs map[string]string) {
	switch b.azapiKind(obj) {
	case azapiCluster:
		b.azapiManagedCluster(obj, addr, callSites)
	case azapiPool:
		props := b.azapiBody(obj).get("properties")
		if props == nil {
			// No properties: the pool takes the API's defaults, which
			// the table reads as unset, as ARM does.
			props = &azNode{v: cty.EmptyObjectVal, pos: obj.pos, origin: nodepool.OriginLiteral, b: b, m: obj.m, ctx: obj.ctx}
		}
		p := &nodepool.Pool{ID: addr, Pos: obj.pos, Name: conv.Str(obj.attr("name")), CallSites: callSites}
		aks.Pool[*azNode](azReader{}, props, p)
		p.Schema, p.Settings = nodepool.SchemaAKS, azSettings(props)
		tp := &tfPool{p: p, provider: nodepool.Azure, unknown: inst.unknown, at: obj.pos}
		// Any resource reference, kept when it may name a cluster.
		tp.ref, tp.refText = b.clusterRef(obj, "parent_id", "", prefix, refs)
		if tp.ref != "" && !strings.HasPrefix(tp.ref, moduleRef) && !isClusterAddr(tp.ref) {
			tp.ref = ""
		}
		if tp.ref == "" {
			tp.name = clusterNameOfID(conv.Str(obj.attr("parent_id")))
		}
		b.pools = append(b.pools, tp)
	}
}

// isClusterAddr reports whether a resource address names a resource that
// may be a cluster: an azapi_resource (its type is checked when linking) or
// an azurerm_kubernetes_cluster.
func isClusterAddr(addr string) bool {
	return strings.Contains(addr, "azapi_resource.") || strings.Contains(addr, "azurerm_kubernetes_cluster.")
}

// clusterNameOfID reads the cluster's name from a known ARM ID
// (…/providers/Microsoft.ContainerService/managedClusters/<name>).
func clusterNameOfID(id nodepool.Field[string]) nodepool.Field[string] {
	if !id.Known {
		return nodepool.Field[string]{}
	}
	parts := strings.Split(id.Value, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], "managedClusters") && parts[i+1] != "" {
			f := id
			f.Value = parts[i+1]
			return f
		}
	}
	return nodepool.Field[string]{}
}

// azapiManagedCluster reads a managedClusters body as the ARM parser reads
// the resource's properties.
func (b *builder) azapiManagedCluster(obj *hclObject, addr string, callSites []nodepool.Pos) {
	c := &nodepool.Cluster{Provider: nodepool.Azure, Format: "terraform", ID: addr, Pos: obj.pos, CallSites: callSites,
		Name: conv.Str(obj.attr("name"))}
	body := b.azapiBody(obj)
	props := body.get("properties")
	r := azReader{}
	c.KubernetesVersion = r.Str(props.get("kubernetesVersion"))
	np := props.get("networkProfile")
	c.LoadBalancerSKU = r.Str(np.get("loadBalancerSku"))
	c.NetworkPlugin = r.Str(np.get("networkPlugin"))
	c.NetworkPluginMode = r.Str(np.get("networkPluginMode"))
	list := props.get("agentPoolProfiles")
	profiles, known := list.elements()
	if !known {
		c.PoolsUnknown = true
		if r := whyOf(list.v); r != nil {
			c.PoolsUnknownBecause(r.Text, r.Pos)
		}
	}
	for i, pp := range profiles {
		if !pp.v.IsKnown() {
			// An entry whose content is unknown is a pool nonetheless:
			// every setting of it is unknown.
			c.PoolsUnknown = true
			if r := whyOf(pp.v); r != nil {
				c.PoolsUnknownBecause(r.Text, r.Pos)
			}
		}
		p := &nodepool.Pool{ID: fmt.Sprintf("%s.body.properties.agentPoolProfiles[%d]", addr, i), Pos: pp.pos, Default: i == 0, CallSites: callSites,
			Name: r.Str(pp.get("name"))}
		aks.Pool[*azNode](r, pp, p)
		p.Schema, p.Settings = nodepool.SchemaAKS, azSettings(pp)
		c.Pools = append(c.Pools, p)
	}
	b.clusters = append(b.clusters, &tfCluster{addr: addr, c: c})
}

// azapiBody returns the body of an azapi_resource as a node: an HCL object
// (azapi 2), jsonencode(...) of one, or a JSON string (azapi 1). nil when
// there is no body; unknown when it cannot be read offline.
func (b *builder) azapiBody(obj *hclObject) *azNode {
	expr := obj.rawAttr("body")
	if expr == nil {
		return nil
	}
	origin, from := obj.m.originOf(unhooked(expr))
	n := &azNode{pos: rangePos(expr.Range()), origin: origin, from: from, b: b, m: obj.m, ctx: obj.ctx}
	if call, ok := unhooked(expr).(*hclsyntax.FunctionCallExpr); ok && call.Name == "jsonencode" && len(call.Args) == 1 && !call.ExpandFinal {
		expr = call.Args[0]
	}
	n.v, n.expr = b.ev.eval(expr, obj.ctx), expr
	if v, _ := n.v.Unmark(); v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		// A JSON string: its values are positioned at the attribute.
		n.v, n.expr = decodeBody(v.AsString()), nil
		if !n.v.IsKnown() {
			n.v = because(n.pos, "the body is a string poollint cannot read as JSON")
		}
	}
	return n
}

// decodeBody decodes a JSON body; what is not JSON, or nests too deep, is
// unknown.
func decodeBody(s string) cty.Value {
	if depth, ok := jsonDepth(s); !ok || depth > maxBodyJSONDepth {
		return cty.DynamicVal
	}
	t, err := ctyjson.ImpliedType([]byte(s))
	if err != nil {
		return cty.DynamicVal
	}
	v, err := ctyjson.Unmarshal([]byte(s), t)
	if err != nil {
		return cty.DynamicVal
	}
	return v
}

// azNode is one value of an azapi body: what it evaluates to, and the
// expression that writes it when the body spells it out.
type azNode struct {
	v      cty.Value
	expr   hcl.Expression // nil when computed (positions are the nearest written one's)
	pos    nodepool.Pos
	origin nodepool.Origin
	from   string
	b      *builder
	m      *module
	ctx    *hcl.EvalContext
	// items are the keys written in expr when it is an object
	// constructor, in source order, read once.
	items    []azItem
	itemsSet bool
}

type azItem struct {
	key   string
	value hcl.Expression
	at    nodepool.Pos
}

// written returns the object items expr writes.
func (n *azNode) written() []azItem {
	if n.itemsSet {
		return n.items
	}
	n.itemsSet = true
	if n.expr == nil {
		return nil
	}
	var pairs []hcl.KeyValuePair
	switch e := n.m.written(n.expr).(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			pairs = append(pairs, hcl.KeyValuePair{Key: it.KeyExpr, Value: it.ValueExpr})
		}
	case exprMapper:
		pairs = e.ExprMap()
	}
	for _, kv := range pairs {
		k := n.b.ev.eval(kv.Key, n.ctx)
		if k, _ = k.Unmark(); !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
			continue
		}
		n.items = append(n.items, azItem{key: k.AsString(), value: kv.Value, at: rangePos(kv.Key.Range())})
	}
	return n.items
}

// written returns the expression that spells out expr's value: expr, or
// the expression of the local it names (body = local.resource_body), so
// that positions are those of the lines that write each value (as
// arg.syntax does for registry module arguments).
func (m *module) written(expr hcl.Expression) hcl.Expression {
	expr = unhooked(expr)
	for range maxLocalHops {
		st, ok := expr.(*hclsyntax.ScopeTraversalExpr)
		if !ok || len(st.Traversal) != 2 || st.Traversal.RootName() != "local" {
			return expr
		}
		attr, ok := st.Traversal[1].(hcl.TraverseAttr)
		if !ok || m.locals[attr.Name] == nil {
			return expr
		}
		expr = unhooked(m.locals[attr.Name].Expr)
	}
	return expr
}

// child is the node of a member or element value v, written by expr when
// that is known.
func (n *azNode) child(v cty.Value, expr hcl.Expression) *azNode {
	c := &azNode{v: v, pos: n.pos, origin: n.origin, from: n.from, b: n.b, m: n.m, ctx: n.ctx}
	if expr != nil {
		c.expr, c.pos = expr, rangePos(expr.Range())
		c.origin, c.from = n.m.originOf(unhooked(expr))
	}
	return c
}

// get returns a member, matched as ARM matches property names (case
// ignored); nil when it is absent or null. A member of an unknown value is
// unknown.
func (n *azNode) get(key string) *azNode {
	if n == nil {
		return nil
	}
	v, marks := n.v.Unmark()
	if !v.IsKnown() {
		// A member of an unknown value is unknown for the same reason.
		return n.child(cty.DynamicVal.WithMarks(onlyWhy(marks)), nil)
	}
	if v.IsNull() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
		return nil
	}
	var found cty.Value
	name, ok := "", false
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if ks := k.AsString(); ks == key || (!ok && strings.EqualFold(ks, key)) {
			found, name, ok = e, ks, true
			if ks == key {
				break
			}
		}
	}
	if !ok {
		return nil
	}
	if f, _ := found.Unmark(); f.IsKnown() && f.IsNull() {
		return nil
	}
	var expr hcl.Expression
	for _, it := range n.written() {
		if it.key == name {
			expr = it.value
		}
	}
	return n.child(found, expr)
}

// elements returns a list's elements; known is false when the list is
// unknown.
func (n *azNode) elements() (out []*azNode, known bool) {
	if n == nil {
		return nil, true
	}
	v, _ := n.v.Unmark()
	if !v.IsKnown() {
		return nil, false
	}
	if v.IsNull() || !(v.Type().IsListType() || v.Type().IsTupleType() || v.Type().IsSetType()) {
		return nil, true
	}
	var written []hcl.Expression
	if n.expr != nil {
		switch e := n.m.written(n.expr).(type) {
		case *hclsyntax.TupleConsExpr:
			for _, x := range e.Exprs {
				written = append(written, x)
			}
		case exprLister:
			written = e.ExprList()
		}
	}
	if len(written) != v.LengthInt() {
		written = nil // computed (a for expression, concat()): no element is written
	}
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		var expr hcl.Expression
		if written != nil {
			expr = written[i]
		}
		out = append(out, n.child(e, expr))
	}
	return out, true
}

// value is the node as the field conversions read it.
func (n *azNode) value() *conv.Value {
	if n == nil {
		return nil
	}
	out := &conv.Value{V: toGo(n.v), Pos: n.pos, Origin: n.origin, From: n.from}
	if items := n.written(); len(items) > 0 {
		out.KeyPos = map[string]nodepool.Pos{}
		for _, it := range items {
			out.KeyPos[it.key] = it.at
			out.Keys = append(out.Keys, it.key)
		}
	}
	return out
}

// azReader reads azapi bodies for the AKS property table.
type azReader struct{}

func (azReader) Get(n *azNode, key string) *azNode                 { return n.get(key) }
func (azReader) Str(n *azNode) nodepool.Field[string]              { return conv.Str(n.value()) }
func (azReader) Int(n *azNode) nodepool.Field[int64]               { return conv.Int(n.value()) }
func (azReader) Float(n *azNode) nodepool.Field[float64]           { return conv.Float(n.value()) }
func (azReader) Bool(n *azNode) nodepool.Field[bool]               { return conv.Bool(n.value()) }
func (azReader) Strings(n *azNode) nodepool.Field[[]string]        { return conv.Strings(n.value()) }
func (azReader) Labels(n *azNode) nodepool.Field[[]nodepool.Label] { return conv.Labels(n.value()) }
func (azReader) Taints(n *azNode) nodepool.Field[[]nodepool.Taint] {
	return conv.TaintStrings(n.value())
}

// azSettings flattens agent pool properties into the AKS schema's
// settings, paths lower-cased, as the ARM parser does.
func azSettings(props *azNode) nodepool.Settings {
	sb := conv.NewSettings()
	addAzSettings(sb, "", props, 0)
	return sb.S
}

func addAzSettings(sb *conv.SettingsBuilder, path string, n *azNode, depth int) {
	if n == nil || depth > conv.MaxSettingsDepth || sb.Full() {
		return
	}
	if path != "" {
		sb.Add(path, n.value())
	}
	v, _ := n.v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return
	}
	switch t := v.Type(); {
	case t.IsObjectType() || t.IsMapType():
		for it := v.ElementIterator(); it.Next(); {
			k, _ := it.Element()
			addAzSettings(sb, conv.Join(path, strings.ToLower(k.AsString())), n.get(k.AsString()), depth+1)
		}
	case t.IsListType() || t.IsTupleType():
		els, _ := n.elements()
		for i, e := range els {
			addAzSettings(sb, conv.Join(path, i), e, depth+1)
		}
	}
}
