package arm

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

const (
	typeCluster = "microsoft.containerservice/managedclusters"
	typePool    = "microsoft.containerservice/managedclusters/agentpools"
)

// resource is one resource declaration found in the template.
type resource struct {
	node     *jsonpos.Node
	id       string // stable path: resources[3] or a symbolic name
	typ      string // full type, lower-case
	name     *pv    // evaluated name
	existing bool
	parent   *resource // enclosing resource for nested declarations
}

// extract walks the resources and builds clusters with their pools.
func (t *template) extract() []*nodepool.Cluster {
	var all []*resource
	t.walkResources(t.root.GetFold("resources"), "resources", nil, &all)

	var clusters []*nodepool.Cluster
	byRes := map[*resource]*nodepool.Cluster{}
	for _, r := range all {
		if r.typ != typeCluster {
			continue
		}
		c := t.cluster(r)
		byRes[r] = c
		clusters = append(clusters, c)
	}
	for _, r := range all {
		if r.typ != typePool {
			continue
		}
		c := t.parentCluster(r, byRes, &clusters)
		p := t.childPool(r)
		c.Pools = append(c.Pools, p)
	}
	var out []*nodepool.Cluster
	for _, c := range clusters {
		if c.Partial && len(c.Pools) == 0 {
			continue // an existing cluster referenced for something else
		}
		nodepool.ApplyDefaults(c)
		out = append(out, c)
	}
	return out
}

func (t *template) walkResources(n *jsonpos.Node, path string, parent *resource, out *[]*resource) {
	if n == nil {
		return
	}
	visit := func(rn *jsonpos.Node, id string) {
		if rn.Kind != jsonpos.Object {
			return
		}
		r := &resource{node: rn, id: id, parent: parent}
		if cond := rn.GetFold("condition"); cond != nil {
			if b, ok := t.evalNode(cond).(bool); ok && !b {
				return // condition false: the resource is not deployed
			}
		}
		typ, _ := t.evalNode(nodeOr(rn.GetFold("type"))).(string)
		typ = strings.ToLower(typ)
		if parent != nil && !strings.Contains(typ, "/") {
			typ = parent.typ + "/" + typ // nested child: type is relative
		}
		r.typ = typ
		r.name = t.resolve(rn.GetFold("name"))
		if ex, ok := t.evalNode(nodeOr(rn.GetFold("existing"))).(bool); ok {
			r.existing = ex
		}
		*out = append(*out, r)
		t.walkResources(rn.GetFold("resources"), id+".resources", r, out)
	}
	switch n.Kind {
	case jsonpos.Array:
		for i, rn := range n.Arr {
			visit(rn, fmt.Sprintf("%s[%d]", path, i))
		}
	case jsonpos.Object: // languageVersion 2.0: symbolic names
		for _, m := range n.Obj {
			visit(m.Value, m.Key)
		}
	}
}

func nodeOr(n *jsonpos.Node) *jsonpos.Node {
	if n == nil {
		return &jsonpos.Node{Kind: jsonpos.Null}
	}
	return n
}

func (t *template) cluster(r *resource) *nodepool.Cluster {
	c := &nodepool.Cluster{
		Provider: nodepool.Azure,
		Format:   "arm",
		ID:       r.id,
		Name:     strField(r.name),
		Pos:      t.pos(r.node),
		Partial:  r.existing,
	}
	if r.existing {
		return c
	}
	props := t.resolve(r.node.GetFold("properties"))
	c.KubernetesVersion = strField(props.get("kubernetesVersion"))
	np := props.get("networkProfile")
	c.LoadBalancerSKU = strField(np.get("loadBalancerSku"))
	c.NetworkPlugin = strField(np.get("networkPlugin"))
	c.NetworkPluginMode = strField(np.get("networkPluginMode"))

	profiles := props.get("agentPoolProfiles")
	switch {
	case profiles == nil:
	case profiles.unknown():
		c.PoolsUnknown = true
	case profiles.kind == jsonpos.Array:
		for i, pp := range profiles.arr {
			if pp.unknown() {
				c.PoolsUnknown = true
				continue
			}
			p := t.pool(pp, pp.get("name"), fmt.Sprintf("%s.agentPoolProfiles[%d]", r.id, i))
			p.Default = i == 0
			c.Pools = append(c.Pools, p)
		}
	}
	return c
}

// childPool builds a pool from a managedClusters/agentPools resource, whose
// name is "cluster/pool" at top level or "pool" when nested.
func (t *template) childPool(r *resource) *nodepool.Pool {
	name := r.name
	if name != nil && !name.unknown() {
		if s, ok := name.v.(string); ok {
			parts := strings.Split(s, "/")
			name = &pv{v: parts[len(parts)-1], kind: jsonpos.String, pos: name.pos, origin: name.origin, from: name.from}
		}
	}
	props := t.resolve(r.node.GetFold("properties"))
	if props == nil {
		props = &pv{kind: jsonpos.Object, pos: t.pos(r.node)}
	}
	p := t.pool(props, name, r.id)
	p.Pos = t.pos(r.node)
	return p
}

// parentCluster finds the cluster a child pool belongs to: the enclosing
// resource, or the cluster named by the first segment of "cluster/pool".
// When that name cannot be resolved and the template defines exactly one
// cluster, the pool belongs to it. Otherwise the pool's cluster is defined
// elsewhere and a partial cluster stands for it.
func (t *template) parentCluster(r *resource, byRes map[*resource]*nodepool.Cluster, clusters *[]*nodepool.Cluster) *nodepool.Cluster {
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
	c := &nodepool.Cluster{Provider: nodepool.Azure, Format: "arm", Partial: true, Pos: t.pos(r.node)}
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
		c.Name = nodepool.Unknown[string](t.pos(r.node))
	}
	*clusters = append(*clusters, c)
	return c
}

// pool reads an agent pool's properties (inline profile or child resource).
func (t *template) pool(props, name *pv, id string) *nodepool.Pool {
	p := &nodepool.Pool{
		ID:                  id,
		Name:                strField(name),
		Pos:                 props.pos,
		Mode:                strField(props.get("mode")),
		VMSize:              strField(props.get("vmSize")),
		OSType:              strField(props.get("osType")),
		OSSKU:               strField(props.get("osSKU")),
		Count:               intField(props.get("count")),
		MinCount:            intField(props.get("minCount")),
		MaxCount:            intField(props.get("maxCount")),
		AutoScaling:         boolField(props.get("enableAutoScaling")),
		Priority:            strField(props.get("scaleSetPriority")),
		EvictionPolicy:      strField(props.get("scaleSetEvictionPolicy")),
		SpotMaxPrice:        floatField(props.get("spotMaxPrice")),
		OSDiskType:          strField(props.get("osDiskType")),
		OSDiskSizeGB:        intField(props.get("osDiskSizeGB")),
		Labels:              labelsField(props.get("nodeLabels")),
		Taints:              taintsField(props.get("nodeTaints")),
		Zones:               stringsField(props.get("availabilityZones")),
		VnetSubnetID:        strField(props.get("vnetSubnetID")),
		PodSubnetID:         strField(props.get("podSubnetID")),
		MaxPods:             intField(props.get("maxPods")),
		OrchestratorVersion: strField(props.get("orchestratorVersion")),
		VMSetType:           strField(props.get("type")),
	}
	up := props.get("upgradeSettings")
	p.MaxSurge = scalarStringField(up.get("maxSurge"))
	p.MaxUnavailable = scalarStringField(up.get("maxUnavailable"))
	return p
}

// field starts a Field from a resolved value: unset for nil, unknown for an
// unknown value or one of the wrong type.
func field[T any](v *pv, conv func(any) (T, bool)) nodepool.Field[T] {
	if v == nil {
		return nodepool.Field[T]{}
	}
	f := nodepool.Field[T]{Set: true, Pos: v.pos, Origin: v.origin, From: v.from}
	if v.v == nil && v.kind == jsonpos.Null {
		f.Set = false // null means "not set" in ARM
		return f
	}
	if val, ok := conv(v.v); ok && !v.unknown() {
		f.Value, f.Known = val, true
	}
	return f
}

func strField(v *pv) nodepool.Field[string] {
	return field(v, func(x any) (string, bool) { s, ok := x.(string); return s, ok })
}

// scalarStringField accepts strings and integers (maxSurge "33%" or 5).
func scalarStringField(v *pv) nodepool.Field[string] {
	return field(v, func(x any) (string, bool) {
		switch x := x.(type) {
		case string:
			return x, true
		case int64:
			return strconv.FormatInt(x, 10), true
		}
		return "", false
	})
}

func intField(v *pv) nodepool.Field[int64] {
	return field(v, func(x any) (int64, bool) {
		switch x := x.(type) {
		case int64:
			return x, true
		case float64:
			if x == float64(int64(x)) {
				return int64(x), true
			}
		}
		return 0, false
	})
}

func floatField(v *pv) nodepool.Field[float64] {
	return field(v, func(x any) (float64, bool) {
		switch x := x.(type) {
		case int64:
			return float64(x), true
		case float64:
			return x, true
		}
		return 0, false
	})
}

func boolField(v *pv) nodepool.Field[bool] {
	return field(v, func(x any) (bool, bool) { b, ok := x.(bool); return b, ok })
}

func labelsField(v *pv) nodepool.Field[[]nodepool.Label] {
	f := field(v, func(any) ([]nodepool.Label, bool) { return nil, false })
	if v == nil || v.unknown() || v.kind != jsonpos.Object {
		return f
	}
	f.Known = true
	f.Value = []nodepool.Label{}
	for _, m := range v.obj {
		l := nodepool.Label{Key: m.key, Pos: m.pos}
		if s, ok := m.val.v.(string); ok && m.val.kind == jsonpos.String {
			l.Value, l.ValueKnown = s, true
		}
		f.Value = append(f.Value, l)
	}
	return f
}

func taintsField(v *pv) nodepool.Field[[]nodepool.Taint] {
	f := field(v, func(any) ([]nodepool.Taint, bool) { return nil, false })
	if v == nil || v.unknown() || v.kind != jsonpos.Array {
		return f
	}
	f.Known = true
	f.Value = []nodepool.Taint{}
	for _, e := range v.arr {
		s, ok := e.v.(string)
		if !ok || e.unknown() {
			f.Known = false
			continue
		}
		f.Value = append(f.Value, ParseTaint(s, e.pos))
	}
	return f
}

func stringsField(v *pv) nodepool.Field[[]string] {
	f := field(v, func(any) ([]string, bool) { return nil, false })
	if v == nil || v.unknown() || v.kind != jsonpos.Array {
		return f
	}
	f.Known = true
	f.Value = []string{}
	for _, e := range v.arr {
		switch x := e.v.(type) {
		case string:
			f.Value = append(f.Value, x)
		case int64:
			f.Value = append(f.Value, strconv.FormatInt(x, 10))
		default:
			f.Known = false
		}
	}
	return f
}

// ParseTaint splits the AKS string form key=value:Effect (or key:Effect).
func ParseTaint(s string, pos nodepool.Pos) nodepool.Taint {
	t := nodepool.Taint{Raw: s, Pos: pos}
	kv := s
	if i := strings.LastIndex(s, ":"); i >= 0 {
		kv, t.Effect = s[:i], s[i+1:]
	}
	if i := strings.Index(kv, "="); i >= 0 {
		t.Key, t.Value = kv[:i], kv[i+1:]
	} else {
		t.Key = kv
	}
	return t
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
