package terraform

import (
	"fmt"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/aks"
	"github.com/poollint/poollint/parsers/internal/conv"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// Plan JSON of the resources azapi.go and asg.go read from configuration:
// an azapi_resource's planned body is an object (azapi 2) or a JSON string
// (azapi 1); an autoscaling group's tags are planned tag blocks. Planned
// values are known; what is known only after apply is absent.

// planNode is a value of a planned azapi body. fixed marks the content of
// a JSON string body: its values are positioned at the attribute.
type planNode struct {
	path  string
	n     *jsonpos.Node
	pos   nodepool.Pos
	fixed bool
}

func (p *planNode) at(n *jsonpos.Node) nodepool.Pos {
	if p.fixed {
		return p.pos
	}
	return nodepool.Pos{File: p.path, Line: n.Line, Col: n.Col}
}

func (p *planNode) get(key string) *planNode {
	if p == nil {
		return nil
	}
	m := p.n.MemberFold(key)
	if m == nil || m.Value == nil || m.Value.Kind == jsonpos.Null {
		return nil
	}
	return &planNode{path: p.path, n: m.Value, pos: p.at(m.Value), fixed: p.fixed}
}

func (p *planNode) elements() []*planNode {
	if p == nil || p.n.Kind != jsonpos.Array {
		return nil
	}
	out := make([]*planNode, 0, len(p.n.Arr))
	for _, e := range p.n.Arr {
		out = append(out, &planNode{path: p.path, n: e, pos: p.at(e), fixed: p.fixed})
	}
	return out
}

func (p *planNode) value() *conv.Value {
	if p == nil {
		return nil
	}
	out := &conv.Value{V: p.n.Interface(), Pos: p.pos, Origin: nodepool.OriginLiteral}
	if p.n.Kind == jsonpos.Object {
		out.KeyPos = map[string]nodepool.Pos{}
		for _, m := range p.n.Obj {
			at := p.pos
			if !p.fixed {
				at = nodepool.Pos{File: p.path, Line: m.KeyLine, Col: m.KeyCol}
			}
			out.KeyPos[m.Key] = at
			out.Keys = append(out.Keys, m.Key)
		}
	}
	return out
}

type planReader struct{}

func (planReader) Get(n *planNode, key string) *planNode               { return n.get(key) }
func (planReader) Str(n *planNode) nodepool.Field[string]              { return conv.Str(n.value()) }
func (planReader) Int(n *planNode) nodepool.Field[int64]               { return conv.Int(n.value()) }
func (planReader) Float(n *planNode) nodepool.Field[float64]           { return conv.Float(n.value()) }
func (planReader) Bool(n *planNode) nodepool.Field[bool]               { return conv.Bool(n.value()) }
func (planReader) Strings(n *planNode) nodepool.Field[[]string]        { return conv.Strings(n.value()) }
func (planReader) Labels(n *planNode) nodepool.Field[[]nodepool.Label] { return conv.Labels(n.value()) }
func (planReader) Taints(n *planNode) nodepool.Field[[]nodepool.Taint] {
	return conv.TaintStrings(n.value())
}

// planBody returns a planned azapi body; nil when absent, and a body that
// is a string but not JSON is nil too (nothing is known of it).
func planBody(path string, values *jsonpos.Node) (body *planNode, unknown bool) {
	n := values.Get("body")
	if n == nil || n.Kind == jsonpos.Null {
		return nil, false
	}
	pos := nodepool.Pos{File: path, Line: n.Line, Col: n.Col}
	if n.Kind == jsonpos.String {
		if depth, ok := jsonDepth(n.Str); !ok || depth > maxBodyJSONDepth {
			return nil, true
		}
		inner, err := jsonpos.Parse([]byte(n.Str))
		if err != nil {
			return nil, true
		}
		return &planNode{path: path, n: inner, pos: pos, fixed: true}, false
	}
	return &planNode{path: path, n: n, pos: pos}, false
}

// jsonDepth measures the nesting of a JSON text without parsing it.
func jsonDepth(s string) (int, bool) {
	depth, most, inString, escaped := 0, 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			most = max(most, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return most, depth == 0 && !inString
}

func planSettings(props *planNode) nodepool.Settings {
	sb := conv.NewSettings()
	addPlanSettings(sb, "", props, 0)
	return sb.S
}

func addPlanSettings(sb *conv.SettingsBuilder, path string, n *planNode, depth int) {
	if n == nil || depth > conv.MaxSettingsDepth || sb.Full() {
		return
	}
	if path != "" {
		sb.Add(path, n.value())
	}
	switch n.n.Kind {
	case jsonpos.Object:
		for _, m := range n.n.Obj {
			addPlanSettings(sb, conv.Join(path, strings.ToLower(m.Key)), n.get(m.Key), depth+1)
		}
	case jsonpos.Array:
		for i, e := range n.elements() {
			addPlanSettings(sb, conv.Join(path, i), e, depth+1)
		}
	}
}

// planAzapi reads a planned azapi_resource that is an AKS cluster or agent
// pool.
func (b *builder) planAzapi(path, addr string, obj *planObject, ref string) {
	typ := ""
	if t := conv.Str(obj.attr("type")); t.Known {
		typ = strings.ToLower(strings.TrimSpace(strings.SplitN(t.Value, "@", 2)[0]))
	}
	r := planReader{}
	switch typ {
	case azapiCluster:
		body, unknown := planBody(path, obj.node)
		props := body.get("properties")
		c := &nodepool.Cluster{Provider: nodepool.Azure, Format: "terraform-plan", ID: addr, Pos: obj.pos,
			Name: conv.Str(obj.attr("name")), KubernetesVersion: r.Str(props.get("kubernetesVersion")), PoolsUnknown: unknown}
		np := props.get("networkProfile")
		c.LoadBalancerSKU = r.Str(np.get("loadBalancerSku"))
		c.NetworkPlugin = r.Str(np.get("networkPlugin"))
		c.NetworkPluginMode = r.Str(np.get("networkPluginMode"))
		for i, pp := range props.get("agentPoolProfiles").elements() {
			p := &nodepool.Pool{ID: fmt.Sprintf("%s.body.properties.agentPoolProfiles[%d]", addr, i), Pos: pp.pos, Default: i == 0, Name: r.Str(pp.get("name"))}
			aks.Pool[*planNode](r, pp, p)
			p.Schema, p.Settings = nodepool.SchemaAKS, planSettings(pp)
			c.Pools = append(c.Pools, p)
		}
		b.clusters = append(b.clusters, &tfCluster{addr: addr, c: c})
	case azapiPool:
		body, unknown := planBody(path, obj.node)
		props := body.get("properties")
		if props == nil {
			props = &planNode{path: path, n: &jsonpos.Node{Kind: jsonpos.Object}, pos: obj.pos, fixed: true}
			if unknown {
				props.n = &jsonpos.Node{Kind: jsonpos.Null}
			}
		}
		p := &nodepool.Pool{ID: addr, Pos: obj.pos, Name: conv.Str(obj.attr("name"))}
		aks.Pool[*planNode](r, props, p)
		p.Schema, p.Settings = nodepool.SchemaAKS, planSettings(props)
		if unknown {
			markUnknown(p, obj.pos)
		}
		tp := &tfPool{p: p, provider: nodepool.Azure, at: obj.pos, ref: ref, refText: ref}
		if tp.ref == "" {
			tp.name = clusterNameOfID(conv.Str(obj.attr("parent_id")))
			tp.refText = tp.name.Value
		}
		b.pools = append(b.pools, tp)
	}
}

// markUnknown makes the table's fields of a pool whose body could not be
// read unknown rather than unset.
func markUnknown(p *nodepool.Pool, at nodepool.Pos) {
	const why = "the plan does not give the pool's body (known only after apply)"
	s := nodepool.UnknownBecause[string](at, why)
	i := nodepool.UnknownBecause[int64](at, why)
	p.Mode, p.VMSize, p.OSType, p.OSSKU, p.Priority, p.EvictionPolicy, p.OSDiskType = s, s, s, s, s, s, s
	p.VnetSubnetID, p.PodSubnetID, p.OrchestratorVersion, p.VMSetType, p.MaxSurge, p.MaxUnavailable = s, s, s, s, s, s
	p.Count, p.MinCount, p.MaxCount, p.OSDiskSizeGB, p.MaxPods = i, i, i, i, i
	p.AutoScaling = nodepool.UnknownBecause[bool](at, why)
	p.SpotMaxPrice = nodepool.UnknownBecause[float64](at, why)
	p.Labels = nodepool.UnknownBecause[[]nodepool.Label](at, why)
	p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](at, why)
	p.Zones = nodepool.UnknownBecause[[]string](at, why)
}

// planASG reads a planned aws_autoscaling_group tagged with its cluster.
func (b *builder) planASG(addr string, obj *planObject, ref string) {
	tp := &tfPool{provider: nodepool.AWS, at: obj.pos}
	linked, keyUnknown := false, false
	for _, t := range obj.blocks("tag") {
		key := conv.Str(t.attr("key"))
		if !key.Set {
			keyUnknown = true // known after apply: absent from planned values
		}
		if key.Known && strings.HasPrefix(key.Value, clusterTagPrefix) && ownedOrShared(conv.Str(t.attr("value"))) && !linked {
			tp.name = key
			tp.name.Value = strings.TrimPrefix(key.Value, clusterTagPrefix)
			tp.refText = tp.name.Value
			linked = tp.name.Value != ""
		}
	}
	if !linked && keyUnknown && ref != "" {
		// A tag key not known before apply that refers to a cluster
		// (kubernetes.io/cluster/${aws_eks_cluster.main.name}).
		tp.ref, tp.refText, linked = ref, ref, true
	}
	if !linked {
		return
	}
	p := &nodepool.Pool{ID: addr, Pos: obj.pos, Name: conv.Str(first(obj, "name", "name_prefix")),
		Count: conv.Int(obj.attr("desired_capacity")), MinCount: conv.Int(obj.attr("min_size")), MaxCount: conv.Int(obj.attr("max_size"))}
	types := nodepool.Field[[]string]{}
	for _, mip := range obj.blocks("mixed_instances_policy") {
		for _, lt := range mip.blocks("launch_template") {
			for _, o := range lt.blocks("override") {
				if it := conv.Str(o.attr("instance_type")); it.Known {
					types = nodepool.Field[[]string]{Value: append(types.Value, it.Value), Known: true, Set: true, Pos: lt.position(), Origin: nodepool.OriginLiteral}
				}
			}
		}
	}
	if !types.Set && (len(obj.blocks("launch_template")) > 0 || len(obj.blocks("mixed_instances_policy")) > 0 || obj.attr("launch_configuration") != nil) {
		// The template's instance type is another resource's: unknown here.
		types = nodepool.UnknownBecause[[]string](obj.pos, "the launch template is another resource, which the plan does not join to the group")
	}
	p.InstanceTypes = types
	const fromTemplate = "set by the launch template's user data, which the plan does not join to the group"
	p.Labels = nodepool.UnknownBecause[[]nodepool.Label](obj.pos, fromTemplate)
	p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](obj.pos, fromTemplate)
	p.Priority = nodepool.UnknownBecause[string](obj.pos, "set by the launch template or mixed instances policy, which the plan does not join to the group")
	tp.p = p
	b.pools = append(b.pools, tp)
}
