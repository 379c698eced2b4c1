package yaml

import (
	"path"
	"path/filepath"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// workerClass is one worker class of a ClusterClass.
type workerClass struct {
	list  string // machineDeployments or machinePools
	class string
	n     *node
	// infraRef and bootstrapRef name the templates (v1beta1
	// template.{infrastructure,bootstrap}.ref, v1beta2
	// {infrastructure,bootstrap}.templateRef).
	infraRef, bootstrapRef *node
	metadata               *node
}

func workerClasses(cc *capiDoc) []workerClass {
	var out []workerClass
	for _, list := range []string{"machineDeployments", "machinePools"} {
		for _, w := range itemsOf(cc.spec.path("workers", list)) {
			out = append(out, workerClass{
				list: list, class: w.get("class").str(), n: w,
				infraRef:     firstNode(w.path("template", "infrastructure", "ref"), w.path("infrastructure", "templateRef")),
				bootstrapRef: firstNode(w.path("template", "bootstrap", "ref"), w.path("bootstrap", "templateRef")),
				metadata:     firstNode(w.path("template", "metadata"), w.get("metadata")),
			})
		}
	}
	return out
}

// topologyClass is the ClusterClass a Cluster's topology names
// (v1beta1 class and classNamespace, v1beta2 classRef).
func topologyClass(d *capiDoc) (name, ns string, at *node) {
	t := d.spec.get("topology")
	if t == nil {
		return "", "", nil
	}
	at = t.get("class")
	name, ns = at.str(), t.get("classNamespace").str()
	if cr := t.get("classRef"); cr != nil {
		at, name, ns = cr, cr.get("name").str(), cr.get("namespace").str()
	}
	if ns == "" {
		ns = d.ns
	}
	return name, ns, at
}

// classPlatform is the managed platform of a ClusterClass: its control
// plane template's (AzureManagedControlPlaneTemplate is AKS).
func classPlatform(cc *capiDoc) nodepool.Provider {
	cp := firstNode(cc.spec.path("controlPlane", "ref"), cc.spec.path("controlPlane", "templateRef"))
	if info, ok := kindInfo(strings.TrimSuffix(cp.get("kind").str(), "Template")); ok {
		return info.platform
	}
	return ""
}

// clusterClass reads the worker classes of a ClusterClass no Cluster in
// reach uses, as pools of the class: each class whose infrastructure
// template is in reach, with the class variables' defaults.
func (r *capiResolver) clusterClass(d *capiDoc) {
	if len(r.referrers(d, roleCluster)) > 0 {
		return // its Clusters' topologies declare the pools
	}
	var c *nodepool.Cluster
	for _, wc := range workerClasses(d) {
		ref, ok := refAt(wc.infraRef, d.ns, d)
		if !ok {
			continue
		}
		t := r.find(ref)
		if t == nil {
			continue // the template, wherever it is, declares the pool
		}
		p := &nodepool.Pool{ID: "ClusterClass/" + d.name + "/" + wc.list + "/" + wc.class, Pos: wc.n.pos}
		platform := r.classPool(p, d, wc, t, nil)
		r.classChecks(p, d, wc)
		if c == nil {
			key := "clusterclass:" + d.ns + "/" + d.name
			if hasPlaceholder(d.name) || d.name == "" {
				key += "@" + filepath.Base(r.g.path)
			}
			c = r.g.cluster(key, platform, "cluster-api", d.n.pos)
		}
		if c.Provider == "" {
			c.Provider = platform
		}
		c.Pools = append(c.Pools, p)
	}
}

// classChecks runs the ClusterClass webhook's checks of a worker class
// on the first pool of the file that the class describes.
func (r *capiResolver) classChecks(p *nodepool.Pool, cc *capiDoc, wc workerClass) {
	key := cc.key() + "/" + wc.list + "/" + wc.class
	if r.classChecked[key] {
		return
	}
	if r.classChecked == nil {
		r.classChecked = map[string]bool{}
	}
	r.classChecked[key] = true
	list := cc.spec.path("workers", wc.list)
	if r.classLists == nil {
		r.classLists = map[*node]*capiListIndex{}
	}
	if r.classLists[list] == nil {
		r.classLists[list] = newCapiListIndex(list, "class")
	}
	capiClassChecks(p, cc, wc, r.classLists[list])
}

// topology reads the worker pools of a Cluster with a managed topology:
// each entry of spec.topology.workers, with its class of the ClusterClass
// (when in reach) and the variables the class patches into its
// templates.
func (r *capiResolver) topology(d *capiDoc) {
	g := r.g
	t := d.spec.get("topology")
	className, classNS, at := topologyClass(d)
	var cc *capiDoc
	if className != "" {
		cc = r.find(capiRef{kind: "ClusterClass", ns: classNS, name: className, at: at, from: d})
	}
	var platform nodepool.Provider
	if cc != nil {
		platform = classPlatform(cc)
	}
	key := g.groupKey(d.ns, d.name)
	c := g.cluster(key, platform, "cluster-api", d.n.pos)
	if cc != nil {
		c = g.define(key, platform, "cluster-api", d.n.pos) // the class gives the control plane
	}
	r.setLink(c, d.ns, d.name)
	c.Name = g.str(d.meta.get("name"))
	if v := t.get("version"); v != nil {
		c.KubernetesVersion = g.str(v)
	}
	vars := map[string]*node{}
	for _, v := range itemsOf(t.get("variables")) {
		if name := v.get("name").str(); name != "" {
			vars[name] = v.get("value")
		}
	}
	classes := map[string]workerClass{}
	if cc != nil {
		for _, wc := range workerClasses(cc) {
			classes[wc.list+"/"+wc.class] = wc
		}
	}
	classesKnown := cc != nil && known(cc.spec.get("workers"))
	poolsBefore := len(c.Pools)
	for _, list := range []string{"machineDeployments", "machinePools"} {
		names := newCapiListIndex(t.path("workers", list), "name")
		for i, e := range itemsOf(t.path("workers", list)) {
			name := e.get("name").str()
			p := &nodepool.Pool{ID: idFor("Cluster/"+d.name+"/"+list, name, i), Pos: e.pos}
			scope := vars
			if ov := itemsOf(e.path("variables", "overrides")); len(ov) > 0 {
				scope = make(map[string]*node, len(vars)+len(ov))
				for k, v := range vars {
					scope[k] = v
				}
				for _, v := range ov {
					if vn := v.get("name").str(); vn != "" {
						scope[vn] = v.get("value")
					}
				}
			}
			poolPlatform := nodepool.Provider("")
			wc, found := classes[list+"/"+e.get("class").str()]
			var tmpl *capiDoc
			if found {
				if ref, ok := refAt(wc.infraRef, cc.ns, cc); ok {
					tmpl = r.find(ref)
				}
			}
			if tmpl != nil {
				poolPlatform = r.classPool(p, cc, wc, tmpl, scope)
			} else {
				unknownInfra(p, e.pos, "the machine template of worker class "+e.get("class").str()+" is not in the scanned files")
			}
			selfManaged := tmpl == nil || tmpl.info.platform == ""
			if selfManaged { // the entry names the machines; a managed pool's name is its template's
				p.Name = g.str(e.get("name"))
			}
			r.entryOverlay(p, e, list, selfManaged)
			capiTopologyChecks(p, d, list, i, names, cc, classesKnown, wc, found)
			if len(c.Pools) == poolsBefore {
				capiTopologyVersion(p, d, cc)
			}
			if found {
				r.classChecks(p, cc, wc)
			}
			if c.Provider == "" {
				c.Provider = poolPlatform
			}
			c.Pools = append(c.Pools, p)
		}
	}
}

// entryOverlay applies a topology entry's own settings: replicas, and for
// self-managed machines the failure domains, the autoscaler annotations
// and the machine taints.
func (r *capiResolver) entryOverlay(p *nodepool.Pool, e *node, list string, selfManaged bool) {
	g := r.g
	if rep := e.get("replicas"); rep != nil {
		p.Count = g.integer(rep)
	}
	if !selfManaged {
		return
	}
	if fd := e.get("failureDomain"); list == "machineDeployments" && present(fd) {
		p.Zones = g.one(fd)
	}
	if fd := e.get("failureDomains"); list == "machinePools" && present(fd) {
		p.Zones = g.strs(fd)
	}
	if ann := e.path("metadata", "annotations"); ann.get(annotationMinSize) != nil || ann.get(annotationMaxSize) != nil {
		p.MinCount, p.MaxCount = nodepool.Field[int64]{}, nodepool.Field[int64]{} // the entry's bounds replace the class's
		r.autoscalerBounds(p, ann)
	}
	p.Taints = mergeTaints(p.Taints, g.taints(e.get("taints"), nil, "key", "value", "effect"))
}

// classPool reads a worker class into a pool: its infrastructure template
// t and bootstrap template as the class patches them with the variables
// in scope (nil: the class's defaults), the class's autoscaler
// annotations, failure domains and taints. It returns the pool's
// platform.
func (r *capiResolver) classPool(p *nodepool.Pool, cc *capiDoc, wc workerClass, t *capiDoc, scope map[string]*node) nodepool.Provider {
	g := r.g
	patch := func(d *capiDoc) *node { return r.patched(cc, wc, d, scope) }
	r.readPool(p, t.kind, specOf(t.kind, patch(t)), templateMeta(t))
	platform := t.info.platform
	if platform != "" {
		return platform // a managed pool takes no bootstrap, annotations or machine taints
	}
	if bp := r.bootstrap(p, wc.bootstrapRef, cc, patch); bp != "" {
		platform = bp
	}
	if fd := wc.n.get("failureDomain"); present(fd) {
		p.Zones = g.one(fd)
	}
	if fd := wc.n.get("failureDomains"); present(fd) {
		p.Zones = g.strs(fd)
	}
	r.autoscalerBounds(p, wc.metadata.get("annotations"))
	p.Taints = mergeTaints(p.Taints, g.taints(wc.n.get("taints"), nil, "key", "value", "effect"))
	return platform
}

// patched returns a template as the ClusterClass's patches leave it for a
// worker class: JSON patches with literal values apply as written, values
// from variables take the variable's value in scope (or its default), and
// what poollint cannot evaluate (a Go template, a builtin variable, a
// patch with enabledIf, an external patch) leaves its target unknown.
func (r *capiResolver) patched(cc *capiDoc, wc workerClass, t *capiDoc, scope map[string]*node) *node {
	root := t.n
	for _, patch := range itemsOf(cc.spec.get("patches")) {
		if present(patch.get("external")) {
			// A runtime extension may change anything.
			return unknownTree(root, "an external patch of the ClusterClass may change it")
		}
		conditional := present(patch.get("enabledIf"))
		for _, def := range itemsOf(patch.get("definitions")) {
			if !selects(def.get("selector"), t, wc) {
				continue
			}
			for _, jp := range itemsOf(def.get("jsonPatches")) {
				root = r.applyPatch(root, jp, cc, scope, conditional)
			}
		}
	}
	return root
}

// selects reports whether a patch selector picks template t of worker
// class wc.
func selects(sel *node, t *capiDoc, wc workerClass) bool {
	if sel.get("kind").str() != t.kind {
		return false
	}
	selGroup, _, _ := strings.Cut(sel.get("apiVersion").str(), "/")
	tGroup, _, _ := strings.Cut(t.apiVersion, "/")
	if selGroup != tGroup {
		return false
	}
	match := "machineDeploymentClass"
	if wc.list == "machinePools" {
		match = "machinePoolClass"
	}
	for _, n := range itemsOf(sel.path("matchResources", match, "names")) {
		if ok, _ := path.Match(n.str(), wc.class); ok || n.str() == wc.class {
			return true
		}
	}
	return false
}

// applyPatch applies one JSON patch operation to a copy of root.
func (r *capiResolver) applyPatch(root *node, jp *node, cc *capiDoc, scope map[string]*node, conditional bool) *node {
	op, ptr := jp.get("op").str(), jp.get("path").str()
	tokens, ok := pointerTokens(ptr)
	if !ok {
		return root
	}
	var val *node
	switch vf := jp.get("valueFrom"); {
	case conditional:
		val = unknownAt(jp.pos, "a ClusterClass patch with enabledIf may set it")
	case present(vf):
		val = unknownAt(vf.pos, "a ClusterClass patch sets it from a template")
		if name := vf.get("variable").str(); name != "" {
			val = unknownAt(vf.pos, "ClusterClass variable "+name+" has no value or default")
			if v := r.variable(cc, scope, name); v != nil {
				val = v
			}
		}
	default:
		val = jp.get("value")
		if val == nil {
			val = unknownAt(jp.pos, "a ClusterClass patch has no value")
		}
	}
	switch op {
	case "add", "replace":
		return setAt(root, tokens, val, op == "add")
	case "remove":
		if conditional {
			return setAt(root, tokens, unknownAt(jp.pos, "a ClusterClass patch with enabledIf may remove it"), true)
		}
		return removeAt(root, tokens)
	}
	return root
}

// variable is a ClusterClass variable's value: from scope (the Cluster's
// topology, its entry's overrides), else the class's default. A dotted
// name (var.field) reads into an object value; a builtin variable is
// unknown (nil).
func (r *capiResolver) variable(cc *capiDoc, scope map[string]*node, name string) *node {
	if strings.HasPrefix(name, "builtin.") {
		return nil
	}
	base, rest, _ := strings.Cut(name, ".")
	v := scope[base]
	if v == nil {
		for _, cv := range itemsOf(cc.spec.get("variables")) {
			if cv.get("name").str() == base {
				v = cv.path("schema", "openAPIV3Schema", "default")
			}
		}
	}
	if v == nil || v.unknown {
		return nil
	}
	if rest != "" {
		for _, part := range strings.Split(rest, ".") {
			if v = v.get(part); v == nil {
				return nil
			}
		}
	}
	return v
}

// pointerTokens splits a JSON pointer (RFC 6901).
func pointerTokens(ptr string) ([]string, bool) {
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts, true
}

func unknownAt(at nodepool.Pos, why string) *node {
	return &node{kind: yamlv3.ScalarNode, unknown: true, pos: at, why: why}
}

// named is a copy of v that is the value of key (for messages).
func named(v *node, key string) *node {
	c := *v
	c.name = key
	return &c
}

// setAt returns a copy of n with the value at tokens set to val (JSON
// patch add or replace; add creates missing objects on the way, as
// Cluster API applies patches). What cannot be set (an index past a
// list's end) leaves the list unknown.
func setAt(n *node, tokens []string, val *node, add bool) *node {
	if len(tokens) == 0 {
		return val
	}
	tok := tokens[0]
	if n == nil || n.tag == "!!null" || n.kind == yamlv3.ScalarNode && !n.unknown {
		if !add {
			return n
		}
		if _, err := strconv.Atoi(tok); err == nil || tok == "-" {
			return unknownAt(val.pos, "a ClusterClass patch sets a list element that is not there")
		}
		n = &node{kind: yamlv3.MappingNode, pos: val.pos}
	}
	if n.unknown {
		return n // already unknown as a whole
	}
	c := *n
	switch n.kind {
	case yamlv3.MappingNode:
		c.keys, c.keyText, c.keyType, c.keyPos, c.vals = clone(n.keys), clone(n.keyText), clone(n.keyType), clone(n.keyPos), clone(n.vals)
		for i, k := range c.keys {
			if k == tok {
				c.vals[i] = named(setAt(c.vals[i], tokens[1:], val, add), tok)
				return &c
			}
		}
		if !add && len(tokens) == 1 {
			return n // replace of a missing member fails
		}
		c.keys, c.keyText, c.keyType = append(c.keys, tok), append(c.keyText, tok), append(c.keyType, kString)
		c.keyPos, c.vals = append(c.keyPos, val.pos), append(c.vals, named(setAt(nil, tokens[1:], val, add), tok))
		return &c
	case yamlv3.SequenceNode:
		c.items = clone(n.items)
		i, err := strconv.Atoi(tok)
		switch {
		case tok == "-" && add && len(tokens) == 1:
			c.items = append(c.items, val)
		case err != nil || i < 0 || i > len(c.items) || i == len(c.items) && !(add && len(tokens) == 1):
			return unknownAt(val.pos, "a ClusterClass patch sets a list element that is not there")
		case add && len(tokens) == 1:
			c.items = append(c.items[:i], append([]*node{val}, c.items[i:]...)...)
		default:
			c.items[i] = setAt(c.items[i], tokens[1:], val, add)
		}
		return &c
	}
	return n
}

// removeAt returns a copy of n without the value at tokens.
func removeAt(n *node, tokens []string) *node {
	if n == nil || len(tokens) == 0 || n.unknown {
		return n
	}
	tok := tokens[0]
	c := *n
	switch n.kind {
	case yamlv3.MappingNode:
		for i, k := range n.keys {
			if k != tok {
				continue
			}
			if len(tokens) > 1 {
				c.vals = clone(n.vals)
				c.vals[i] = removeAt(n.vals[i], tokens[1:])
				return &c
			}
			c.keys = append(clone(n.keys[:i]), n.keys[i+1:]...)
			c.keyText = append(clone(n.keyText[:i]), n.keyText[i+1:]...)
			c.keyType = append(clone(n.keyType[:i]), n.keyType[i+1:]...)
			c.keyPos = append(clone(n.keyPos[:i]), n.keyPos[i+1:]...)
			c.vals = append(clone(n.vals[:i]), n.vals[i+1:]...)
			return &c
		}
	case yamlv3.SequenceNode:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(n.items) {
			return n
		}
		if len(tokens) > 1 {
			c.items = clone(n.items)
			c.items[i] = removeAt(n.items[i], tokens[1:])
			return &c
		}
		c.items = append(clone(n.items[:i]), n.items[i+1:]...)
		return &c
	}
	return n
}

// unknownTree is a copy of n whose every scalar is unknown: its shape is
// kept (what is set stays set), its values are not.
func unknownTree(n *node, why string) *node {
	if n == nil {
		return nil
	}
	c := *n
	switch n.kind {
	case yamlv3.MappingNode:
		c.vals = make([]*node, len(n.vals))
		for i, v := range n.vals {
			c.vals[i] = unknownTree(v, why)
		}
	case yamlv3.SequenceNode:
		c.items = make([]*node, len(n.items))
		for i, v := range n.items {
			c.items[i] = unknownTree(v, why)
		}
	default:
		c.unknown, c.why = true, why
	}
	return &c
}

func clone[T any](s []T) []T { return append([]T(nil), s...) }
