package armtemplate

import (
	"errors"
	"fmt"
	"github.com/poollint/poollint/parsers/internal/aks"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armexpr"
	"github.com/poollint/poollint/parsers/internal/conv"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

const (
	typeCluster    = "microsoft.containerservice/managedclusters"
	typePool       = "microsoft.containerservice/managedclusters/agentpools"
	typeDeployment = "microsoft.resources/deployments"
)

// resource is one resource declaration (one copy-loop instance of it).
type resource struct {
	node     *jsonpos.Node
	s        *scope // the scope its expressions evaluate in
	id       string // stable path: resources[3], a symbolic name, copy index
	typ      string // full type, lower-case
	name     *pv    // evaluated name
	existing bool
	parent   *resource // enclosing resource for nested declarations
	// unknownCopies marks a copy loop whose count cannot be resolved: the
	// instances are not known, not even how many; copiesWhy says why.
	unknownCopies bool
	copiesWhy     any
}

// extract walks the template and builds clusters with their pools.
func (s *scope) extract(root *jsonpos.Node) []*nodepool.Cluster {
	var all []*resource
	s.walkResources(root.GetFold("resources"), "resources", nil, &all)

	var clusters []*nodepool.Cluster
	byRes := map[*resource]*nodepool.Cluster{}
	for _, r := range all {
		if r.typ != typeCluster || r.unknownCopies {
			continue
		}
		c := r.s.cluster(r)
		byRes[r] = c
		clusters = append(clusters, c)
	}
	for _, r := range all {
		if r.typ != typePool {
			continue
		}
		c := parentCluster(r, byRes, &clusters)
		if r.unknownCopies {
			c.PoolsUnknownBecause(conv.Why(r.copiesWhy, ""))
			continue
		}
		c.Pools = append(c.Pools, r.s.childPool(r))
	}
	subnets := collectSubnets(all)
	var out []*nodepool.Cluster
	for _, c := range clusters {
		for _, p := range c.Pools {
			if key, ok := subnetKey(p.VnetSubnetID); ok {
				if prefix, ok := subnets[key]; ok {
					p.SubnetPrefix = prefix
				}
			}
		}
		if c.Partial && len(c.Pools) == 0 && !c.PoolsUnknown {
			continue // an existing cluster referenced for something else
		}
		out = append(out, c)
	}
	return out
}

// walkResources visits a resources array (classic) or object (languageVersion
// 2.0 symbolic names), expanding copy loops and descending into nested
// deployments.
func (s *scope) walkResources(n *jsonpos.Node, path string, parent *resource, out *[]*resource) {
	if n == nil {
		return
	}
	switch n.Kind {
	case jsonpos.Array:
		for i, rn := range n.Arr {
			s.visitResource(rn, fmt.Sprintf("%s[%d]", path, i), parent, out)
		}
	case jsonpos.Object:
		for _, m := range n.Obj {
			s.visitResource(m.Value, m.Key, parent, out)
		}
	}
}

func (s *scope) visitResource(rn *jsonpos.Node, id string, parent *resource, out *[]*resource) {
	if rn.Kind != jsonpos.Object {
		return
	}
	cp := rn.GetFold("copy")
	if cp == nil || cp.Kind != jsonpos.Object {
		s.visitInstance(rn, id, parent, out)
		return
	}
	loop, _ := s.evalNode(nodeOr(cp.GetFold("name"))).(string)
	n, why := s.copyCountWhy(cp)
	if why != nil {
		r := s.newResource(rn, id, parent)
		r.unknownCopies, r.copiesWhy = true, why
		*out = append(*out, r)
		return
	}
	for i := range n {
		s.withCopy(loop, i).visitInstance(rn, fmt.Sprintf("%s[%d]", id, i), parent, out)
	}
}

func (s *scope) newResource(rn *jsonpos.Node, id string, parent *resource) *resource {
	r := &resource{node: rn, s: s, id: id, parent: parent}
	typ, _ := s.evalNode(nodeOr(rn.GetFold("type"))).(string)
	typ = strings.ToLower(typ)
	if parent != nil && !strings.Contains(typ, "/") {
		typ = parent.typ + "/" + typ // nested child: type is relative
	}
	r.typ = typ
	r.name = s.resolve(rn.GetFold("name"))
	if ex, ok := s.evalNode(nodeOr(rn.GetFold("existing"))).(bool); ok {
		r.existing = ex
	}
	return r
}

func (s *scope) visitInstance(rn *jsonpos.Node, id string, parent *resource, out *[]*resource) {
	if cond := rn.GetFold("condition"); cond != nil {
		if b, ok := s.evalNode(cond).(bool); ok && !b {
			return // condition false: the resource is not deployed
		}
	}
	s.f.sh.budget.Charge(pvCost)
	r := s.newResource(rn, id, parent)
	*out = append(*out, r)
	if r.typ == typeDeployment {
		s.walkDeployment(r, out)
		return
	}
	s.walkResources(rn.GetFold("resources"), id+".resources", r, out)
}

// walkDeployment descends into a nested deployment: an inline template, or
// a linked template whose relative path exists on disk.
func (s *scope) walkDeployment(r *resource, out *[]*resource) {
	props := r.node.GetFold("properties")
	if props == nil {
		return
	}
	if s.depth+1 > maxNesting {
		s.f.diags = append(s.f.diags, parsers.Errorf(s.pos(r.node), "nested deployments deeper than %d levels are not read", maxNesting))
		return
	}
	tmpl, path := props.GetFold("template"), s.path
	if tmpl == nil {
		tmpl, path = s.linkedTemplate(props)
		if tmpl == nil {
			return
		}
	}
	inner := false
	if opts := props.GetFold("expressionEvaluationOptions"); opts != nil {
		if sc, ok := s.evalNode(nodeOr(opts.GetFold("scope"))).(string); ok {
			inner = strings.EqualFold(sc, "inner")
		}
	}
	if !inner && path == s.path {
		// Outer scope: the nested template's expressions see this scope.
		outer := *s
		outer.depth++
		s.deps[strings.ToLower(r.displayName())] = &deployment{s: &outer, tmpl: tmpl}
		outer.walkResources(tmpl.GetFold("resources"), r.id+".template.resources", nil, out)
		return
	}
	child := s.f.newScope(path, tmpl, s.depth+1)
	child.ev.Env = s.ev.Env
	if m, ok := tmpl.GetFold("metadata").GetFold(ModelMeta).Interface().(string); ok && m != "" && path == s.path {
		child.model = true // a registry module's model, written by poollint
	}
	s.passParameters(r, props.GetFold("parameters"), child)
	s.deps[strings.ToLower(r.displayName())] = &deployment{s: child, tmpl: tmpl}
	child.walkResources(tmpl.GetFold("resources"), r.id+".template.resources", nil, out)
}

// passParameters hands a deployment's parameter values to the scope of its
// template. A parameter is {"value": …}, a Key Vault {"reference": …}
// (unknown), or an expression that builds either (Bicep compiles a
// conditional module parameter to [if(c, createObject('value', a),
// createObject('value', b))]); the whole parameters object may be one
// expression too. What cannot be evaluated is unknown, never the inner
// template's default.
func (s *scope) passParameters(r *resource, ps *jsonpos.Node, child *scope) {
	if ps == nil {
		return
	}
	passedFrom := fmt.Sprintf("the value passed to deployment %s", r.displayName())
	if ps.Kind == jsonpos.String && armexpr.IsExpression(ps.Str) {
		allV := s.evalNode(ps)
		all, known := allV.(map[string]any)
		for _, p := range child.params {
			v := allV
			if known {
				var given bool
				if v, given = member(all, p.name); !given {
					continue // not passed: the default applies
				}
				v = valueOf(v)
			}
			p.passed, p.hasPassed = v, true
			p.passedOrigin, p.passedFrom = nodepool.OriginExpression, passedFrom
		}
		return
	}
	if ps.Kind != jsonpos.Object {
		return
	}
	for _, m := range ps.Obj {
		p := child.params[strings.ToLower(m.Key)]
		if p == nil {
			continue
		}
		p.hasPassed = true
		vn := m.Value.GetFold("value")
		switch {
		case vn != nil:
			p.passed = s.evalNode(vn)
			if child.model {
				p.passedPV = s.resolve(vn)
			}
			if vn.Kind == jsonpos.String && armexpr.IsExpression(vn.Str) {
				if e, err := armexpr.Parse(vn.Str); err == nil {
					p.passedOrigin, p.passedFrom = s.originOf(e)
				}
			} else {
				p.passedOrigin, p.passedFrom = nodepool.OriginExpression, passedFrom
			}
		case m.Value.Kind == jsonpos.String && armexpr.IsExpression(m.Value.Str),
			m.Value.Kind == jsonpos.Object && m.Value.GetFold("copy") != nil:
			// An expression building {"value": …}, or {"copy": [{"name":
			// "value", …}]} (a Bicep for-expression passed to a module).
			p.passed = valueOf(s.evalNode(m.Value))
			p.passedOrigin, p.passedFrom = nodepool.OriginExpression, passedFrom
			if child.model && m.Value.Kind == jsonpos.Object {
				p.passedPV = s.resolve(m.Value).get("value")
			}
		default:
			p.passed = conv.BecauseAt(s.pos(m.Value), "parameter "+p.name+" is passed a Key Vault reference")
		}
	}
}

// member is the member of an evaluated object named key, ignoring case.
func member(obj map[string]any, key string) (any, bool) {
	if v, ok := obj[key]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// valueOf is the value of an evaluated {"value": …} parameter object;
// unknown for anything else (a Key Vault reference).
func valueOf(v any) any {
	obj, ok := v.(map[string]any)
	if !ok {
		if armexpr.IsUnknown(v) {
			return v
		}
		return conv.Because("the parameter value is not an object with a value")
	}
	if inner, ok := member(obj, "value"); ok {
		return inner
	}
	return conv.Because("the parameter is passed a Key Vault reference")
}

// linkedTemplate reads a templateLink with a relative path, when the file
// exists beside this one, inside the scanned root. A file that cannot be
// read gets the same note whatever the reason (missing, unreadable, or
// leading out of the root, through ".." or a link): the note must not tell
// whether a file outside the root exists. At most maxLinked linked
// templates are read for one file.
func (s *scope) linkedTemplate(props *jsonpos.Node) (*jsonpos.Node, string) {
	link := props.GetFold("templateLink")
	if link == nil {
		return nil, ""
	}
	rel, _ := s.evalNode(nodeOr(link.GetFold("relativePath"))).(string)
	if rel == "" {
		s.note(link, fmt.Errorf("linked template by URI is not read; its pools are not seen"))
		return nil, ""
	}
	sh := s.f.sh
	if sh.linked >= maxLinked {
		if !sh.linkedCut {
			sh.linkedCut = true
			s.f.diags = append(s.f.diags, parsers.Errorf(s.pos(link),
				"more than %d linked templates for one file (a template that links itself?): %s and the rest are not read; their pools are not seen", maxLinked, rel))
		}
		return nil, ""
	}
	sh.linked++
	path := filepath.ToSlash(filepath.Join(filepath.Dir(s.path), filepath.FromSlash(rel)))
	root, seen := sh.linkedRoots[path]
	if !seen {
		root = s.readLinked(link, rel, path)
		sh.linkedRoots[path] = root
	}
	if root == nil {
		return nil, ""
	}
	s.f.related = append(s.f.related, path)
	return root, path
}

// readLinked reads and parses a linked template; nil when it cannot.
func (s *scope) readLinked(link *jsonpos.Node, rel, path string) *jsonpos.Node {
	data, err := ReadCompanion(s.f.opts, path)
	var tooLarge *tooLargeError
	switch {
	case errors.As(err, &tooLarge): // inside the root: nothing to hide
		s.f.diags = append(s.f.diags, parsers.Notef(s.pos(link), "linked template %s not read: %v; its pools are not seen", rel, err))
		return nil
	case err != nil:
		s.f.diags = append(s.f.diags, parsers.Notef(s.pos(link),
			"linked template %s not read: it is not a readable file inside the scanned root; its pools are not seen", rel))
		return nil
	}
	if !s.f.sh.budget.Charge(int64(len(data))) {
		s.limits(s.pos(link))
		return nil
	}
	root, err := jsonpos.Parse(data)
	if err != nil {
		s.f.diags = append(s.f.diags, SyntaxDiag(path, err))
		return nil
	}
	return root
}

func (r *resource) displayName() string {
	if r.name != nil {
		if s, ok := r.name.v.(string); ok {
			return s
		}
	}
	return r.id
}

func nodeOr(n *jsonpos.Node) *jsonpos.Node {
	if n == nil {
		return &jsonpos.Node{Kind: jsonpos.Null}
	}
	return n
}

func (s *scope) cluster(r *resource) *nodepool.Cluster {
	c := &nodepool.Cluster{
		Provider: nodepool.Azure,
		Format:   "arm",
		ID:       r.id,
		Name:     strField(r.name),
		Pos:      s.pos(r.node),
		Partial:  r.existing,
	}
	c.Suppressions = s.suppressions(r.node)
	if r.existing {
		return c
	}
	props := s.resolve(r.node.GetFold("properties"))
	c.KubernetesVersion = strField(props.get("kubernetesVersion"))
	np := props.get("networkProfile")
	c.LoadBalancerSKU = strField(np.get("loadBalancerSku"))
	c.NetworkPlugin = strField(np.get("networkPlugin"))
	c.NetworkPluginMode = strField(np.get("networkPluginMode"))

	profiles := props.get("agentPoolProfiles")
	switch {
	case profiles == nil:
	case profiles.unknown():
		c.PoolsUnknownBecause(conv.Why(profiles.v, ""))
	case profiles.kind == jsonpos.Array:
		for i, pp := range profiles.arr {
			if pp == nil || pp.unknown() || pp.kind != jsonpos.Object {
				why, at := "a pool profile is not an object", profiles.pos
				if pp.unknown() {
					why, at = conv.Why(pp.v, "")
				}
				c.PoolsUnknownBecause(why, at)
				continue
			}
			p := pool(pp, pp.get("name"), fmt.Sprintf("%s.agentPoolProfiles[%d]", r.id, i))
			p.Default = i == 0
			c.Pools = append(c.Pools, p)
		}
	}
	return c
}

// childPool builds a pool from a managedClusters/agentPools resource, whose
// name is "cluster/pool" at top level or "pool" when nested.
func (s *scope) childPool(r *resource) *nodepool.Pool {
	name := r.name
	if name != nil && name.unknown() {
		name = s.leafName(r.node.GetFold("name"), name)
	}
	if name != nil && !name.unknown() {
		if s, ok := name.v.(string); ok {
			parts := strings.Split(s, "/")
			name = &pv{v: parts[len(parts)-1], kind: jsonpos.String, pos: name.pos, origin: name.origin, from: name.from}
		}
	}
	props := s.resolve(r.node.GetFold("properties"))
	if props == nil {
		props = &pv{kind: jsonpos.Object, pos: s.pos(r.node)}
	}
	p := pool(props, name, r.id)
	p.Pos = s.pos(r.node)
	if s.model {
		if t := s.tracedNode(r.node.GetFold(ModelAt)); t != nil {
			p.Pos = t.pos
		}
	}
	p.Suppressions = s.suppressions(r.node)
	return p
}

// leafName reads the last segment of a child resource's name whose parent
// part is unknown: format('{0}/{1}', parent, pool) or concat(parent, '/',
// pool), the pool's part evaluated on its own. Otherwise it returns name.
func (s *scope) leafName(n *jsonpos.Node, name *pv) *pv {
	if n == nil || n.Kind != jsonpos.String {
		return name
	}
	e, err := s.parse(n)
	c, ok := e.(armexpr.Call)
	if err != nil || !ok || c.Ns != "" || len(c.Args) < 2 {
		return name
	}
	var leaf armexpr.Expr
	switch strings.ToLower(c.Name) {
	case "format":
		f, ok := litString(c.Args[0])
		slash := strings.LastIndex(f, "/")
		if !ok || slash < 0 {
			return name
		}
		// "…/{N}": the last segment is argument N alone.
		rest := f[slash+1:]
		if len(rest) < 3 || rest[0] != '{' || rest[len(rest)-1] != '}' {
			return name
		}
		i, err := strconv.Atoi(rest[1 : len(rest)-1])
		if err != nil || i < 0 || i+1 >= len(c.Args) {
			return name
		}
		leaf = c.Args[i+1]
	case "concat":
		if len(c.Args) < 3 {
			return name
		}
		if sep, ok := litString(c.Args[len(c.Args)-2]); !ok || sep != "/" {
			return name
		}
		leaf = c.Args[len(c.Args)-1]
	default:
		return name
	}
	v := s.ev.Eval(leaf)
	s.limits(name.pos)
	str, ok := v.(string)
	if !ok || str == "" || strings.Contains(str, "/") {
		return name
	}
	return &pv{v: str, kind: jsonpos.String, pos: name.pos, origin: nodepool.OriginExpression}
}

// litString is a string literal's text.
func litString(e armexpr.Expr) (string, bool) {
	lit, ok := e.(armexpr.Lit)
	if !ok {
		return "", false
	}
	str, ok := lit.V.(string)
	return str, ok
}

// suppressions reads a resource's "metadata": {"poollint:ignore": {"PL002":
// "reason"}}: ARM accepts a metadata property on any resource.
func (s *scope) suppressions(rn *jsonpos.Node) []nodepool.Suppression {
	ign := rn.GetFold("metadata").GetFold("poollint:ignore")
	if ign == nil || ign.Kind != jsonpos.Object {
		return nil
	}
	var out []nodepool.Suppression
	for _, m := range ign.Obj {
		reason, _ := m.Value.Interface().(string)
		out = append(out, nodepool.Suppression{Rule: m.Key, Reason: reason, Pos: nodepool.Pos{File: s.path, Line: m.KeyLine, Col: m.KeyCol}})
	}
	return out
}

// parentCluster finds the cluster a child pool belongs to: the enclosing
// resource, or the cluster named by the first segment of "cluster/pool".
// When that name cannot be resolved and the template defines exactly one
// cluster, the pool belongs to it. Otherwise the pool's cluster is defined
// elsewhere and a partial cluster stands for it.
func parentCluster(r *resource, byRes map[*resource]*nodepool.Cluster, clusters *[]*nodepool.Cluster) *nodepool.Cluster {
	if r.parent != nil {
		if c := byRes[r.parent]; c != nil {
			return c
		}
	}
	var parentName *string
	if r.name != nil && !r.name.unknown() {
		if s, ok := r.name.v.(string); ok {
			if i := strings.LastIndex(s, "/"); i >= 0 {
				first := s[:i]
				parentName = &first
			}
		}
	}
	if parentName != nil {
		for _, c := range *clusters {
			if c.Name.Known && strings.EqualFold(c.Name.Value, *parentName) {
				return c
			}
		}
	} else {
		var defined []*nodepool.Cluster
		for _, c := range *clusters {
			if !c.Partial {
				defined = append(defined, c)
			}
		}
		if len(defined) == 1 {
			return defined[0]
		}
	}
	// Not defined here: group the pools under a partial cluster.
	c := &nodepool.Cluster{Provider: nodepool.Azure, Format: "arm", Partial: true, Pos: r.s.pos(r.node)}
	if parentName != nil {
		c.ID = "cluster:" + *parentName
		c.Name = nodepool.Known(*parentName, r.name.pos, r.name.origin)
		for _, other := range *clusters {
			if other.ID == c.ID {
				return other
			}
		}
	} else {
		c.ID = "cluster-of:" + r.id
		c.Name = nodepool.UnknownBecause[string](r.s.pos(r.node), "the cluster is declared in another template")
	}
	*clusters = append(*clusters, c)
	return c
}

// pool reads an agent pool's properties (inline profile or child resource).
func pool(props, name *pv, id string) *nodepool.Pool {
	p := &nodepool.Pool{ID: id, Name: strField(name), Pos: props.pos}
	aks.Pool[*pv](armReader{}, props, p)
	p.Schema, p.Settings = nodepool.SchemaAKS, settings(props)
	return p
}

// value turns a resolved value into the form every parser's field
// conversion reads (package conv): unknown parts become conv.Unknown, and an
// object with a member name that could not be resolved is unknown as a whole
// but keeps the names it has, for labels.
func value(v *pv) *conv.Value {
	if v == nil {
		return nil
	}
	out := &conv.Value{V: plain(v), Pos: v.pos, Origin: v.origin, From: v.from}
	if v.kind == jsonpos.Object {
		out.KeyPos = map[string]nodepool.Pos{}
		for _, m := range v.obj {
			out.KeyPos[m.key] = m.pos
			out.Keys = append(out.Keys, m.key)
		}
	}
	return out
}

func plain(v *pv) any {
	switch {
	case v == nil:
		return nil
	case v.unknown():
		return v.v // with its reason
	case v.kind == jsonpos.Array:
		out := make([]any, len(v.arr))
		for i, e := range v.arr {
			out[i] = plain(e)
		}
		return out
	case v.kind == jsonpos.Object:
		out := make(map[string]any, len(v.obj))
		for _, m := range v.obj {
			out[m.key] = plain(m.val)
		}
		return out
	}
	return v.v
}

func strField(v *pv) nodepool.Field[string]       { return conv.Str(value(v)) }
func intField(v *pv) nodepool.Field[int64]        { return conv.Int(value(v)) }
func floatField(v *pv) nodepool.Field[float64]    { return conv.Float(value(v)) }
func boolField(v *pv) nodepool.Field[bool]        { return conv.Bool(value(v)) }
func stringsField(v *pv) nodepool.Field[[]string] { return conv.Strings(value(v)) }
func taintsField(v *pv) nodepool.Field[[]nodepool.Taint] {
	return conv.TaintStrings(value(v))
}

// labelsField reads nodeLabels; a member name that could not be resolved
// makes the list incomplete.
func labelsField(v *pv) nodepool.Field[[]nodepool.Label] {
	f := conv.Labels(value(v))
	if v != nil && v.partial {
		f.Known = false
	}
	return f
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

const (
	typeVNet   = "microsoft.network/virtualnetworks"
	typeSubnet = "microsoft.network/virtualnetworks/subnets"
)

// collectSubnets maps "vnet/subnet" (lower case) to the address prefix of
// subnets declared in the template: in a virtualNetworks resource's subnets
// list, or as virtualNetworks/subnets resources.
func collectSubnets(all []*resource) map[string]nodepool.Field[string] {
	out := map[string]nodepool.Field[string]{}
	for _, r := range all {
		name, ok := str(r.name)
		if !ok {
			continue
		}
		switch r.typ {
		case typeVNet:
			props := r.s.resolve(r.node.GetFold("properties"))
			list := props.get("subnets")
			if list == nil || list.kind != jsonpos.Array {
				continue
			}
			for _, sn := range list.arr {
				sname, ok := str(sn.get("name"))
				if !ok {
					continue
				}
				out[strings.ToLower(name+"/"+sname)] = strField(sn.get("properties").get("addressPrefix"))
			}
		case typeSubnet:
			props := r.s.resolve(r.node.GetFold("properties"))
			out[strings.ToLower(name)] = strField(props.get("addressPrefix"))
		}
	}
	return out
}

// subnetKey extracts "vnet/subnet" from a subnet resource ID.
func subnetKey(id nodepool.Field[string]) (string, bool) {
	if !id.Known {
		return "", false
	}
	parts := strings.Split(strings.ToLower(id.Value), "/")
	for i := 0; i+3 < len(parts); i++ {
		if parts[i] == "virtualnetworks" && parts[i+2] == "subnets" {
			return parts[i+1] + "/" + parts[i+3], true
		}
	}
	return "", false
}

// str returns a resolved value's string, if it is one.
func str(v *pv) (string, bool) {
	if v == nil {
		return "", false
	}
	s, ok := v.v.(string)
	return s, ok
}

// armReader reads evaluated ARM values for the AKS property table.
type armReader struct{}

func (armReader) Get(v *pv, key string) *pv                     { return v.get(key) }
func (armReader) Str(v *pv) nodepool.Field[string]              { return strField(v) }
func (armReader) Int(v *pv) nodepool.Field[int64]               { return intField(v) }
func (armReader) Float(v *pv) nodepool.Field[float64]           { return floatField(v) }
func (armReader) Bool(v *pv) nodepool.Field[bool]               { return boolField(v) }
func (armReader) Strings(v *pv) nodepool.Field[[]string]        { return stringsField(v) }
func (armReader) Labels(v *pv) nodepool.Field[[]nodepool.Label] { return labelsField(v) }
func (armReader) Taints(v *pv) nodepool.Field[[]nodepool.Taint] { return taintsField(v) }
