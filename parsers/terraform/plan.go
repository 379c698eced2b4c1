package terraform

import (
	"errors"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// planObject reads a resource's planned values (or a nested block's) from
// plan JSON. Planned values are known; what is only known after apply is
// absent from them and so unknown here.
type planObject struct {
	path string
	node *jsonpos.Node
	pos  nodepool.Pos
}

func (o *planObject) position() nodepool.Pos { return o.pos }

func (o *planObject) attr(name string) *value {
	n := o.node.Get(name)
	if n == nil || n.Kind == jsonpos.Null {
		return nil
	}
	out := &value{V: n.Interface(), Pos: nodepool.Pos{File: o.path, Line: n.Line, Col: n.Col}, Origin: nodepool.OriginLiteral}
	if n.Kind == jsonpos.Object {
		out.KeyPos = map[string]nodepool.Pos{}
		for _, m := range n.Obj {
			out.KeyPos[m.Key] = nodepool.Pos{File: o.path, Line: m.KeyLine, Col: m.KeyCol}
			out.Keys = append(out.Keys, m.Key)
		}
	}
	return out
}

func (o *planObject) blocks(name string) []object {
	n := o.node.Get(name)
	if n == nil || n.Kind != jsonpos.Array {
		return nil
	}
	var out []object
	for _, e := range n.Arr {
		if e.Kind == jsonpos.Object {
			out = append(out, &planObject{path: o.path, node: e, pos: nodepool.Pos{File: o.path, Line: e.Line, Col: e.Col}})
		}
	}
	return out
}

// parsePlan reads `terraform show -json` output.
func parsePlan(in *parsers.Input) parsers.Result {
	var res parsers.Result
	root, err := jsonpos.Parse(in.Data)
	if err != nil {
		var se *jsonpos.SyntaxError
		pos := nodepool.Pos{File: in.Path}
		if errors.As(err, &se) {
			pos.Line, pos.Col = se.Line, se.Col
		}
		res.Diags = append(res.Diags, parsers.Errorf(pos, "invalid plan JSON: %v", err))
		return res
	}
	pv := root.Get("planned_values").Get("root_module")
	if pv == nil {
		return res
	}
	b := &builder{opts: in.Options}
	refs := map[string]string{}
	collectPlanRefs(root.Get("configuration").Get("root_module"), "", refs)
	b.planModule(in.Path, pv, refs)
	res.Clusters = b.link()
	res.Diags = b.diags
	return res
}

// collectPlanRefs maps each configured pool resource (module path + type.name)
// to the cluster resource its configuration references.
func collectPlanRefs(mod *jsonpos.Node, prefix string, out map[string]string) {
	if mod == nil {
		return
	}
	if rs := mod.Get("resources"); rs != nil {
		for _, r := range rs.Arr {
			addr, _ := r.Get("address").Interface().(string)
			exprs := r.Get("expressions")
			var lists []*jsonpos.Node
			for _, attr := range []string{"kubernetes_cluster_id", "cluster_name", "parent_id"} {
				lists = append(lists, exprs.Get(attr).Get("references"))
			}
			if tags := exprs.Get("tag"); tags != nil { // an autoscaling group's cluster tag
				for _, tag := range tags.Arr {
					lists = append(lists, tag.Get("key").Get("references"))
				}
			}
			for _, refs := range lists {
				if refs == nil {
					continue
				}
				for _, ref := range refs.Arr {
					s, _ := ref.Interface().(string)
					for _, t := range []string{"azurerm_kubernetes_cluster.", "aws_eks_cluster.", "azapi_resource."} {
						if strings.HasPrefix(s, t) {
							parts := strings.SplitN(s, ".", 3)
							out[prefix+addr] = prefix + parts[0] + "." + parts[1]
						}
					}
				}
			}
		}
	}
	if calls := mod.Get("module_calls"); calls != nil {
		for _, m := range calls.Obj {
			collectPlanRefs(m.Value.Get("module"), prefix+"module."+m.Key+".", out)
		}
	}
}

// planModule maps a planned module's resources and recurses into children.
func (b *builder) planModule(path string, mod *jsonpos.Node, refs map[string]string) {
	if rs := mod.Get("resources"); rs != nil {
		for _, r := range rs.Arr {
			typ, _ := r.Get("type").Interface().(string)
			addr, _ := r.Get("address").Interface().(string)
			mode, _ := r.Get("mode").Interface().(string)
			values := r.Get("values")
			if mode != "managed" || values == nil {
				continue
			}
			obj := &planObject{path: path, node: values, pos: nodepool.Pos{File: path, Line: r.Line, Col: r.Col}}
			cfgAddr := stripIndexes(addr)
			switch typ {
			case "azurerm_kubernetes_cluster":
				c := &nodepool.Cluster{Provider: nodepool.Azure, Format: "terraform-plan", ID: addr, Pos: obj.pos,
					Name: conv.Str(obj.attr("name")), KubernetesVersion: conv.Str(obj.attr("kubernetes_version"))}
				for _, np := range obj.blocks("network_profile") {
					c.LoadBalancerSKU = conv.Str(np.attr("load_balancer_sku"))
					c.NetworkPlugin = conv.Str(np.attr("network_plugin"))
					c.NetworkPluginMode = conv.Str(np.attr("network_plugin_mode"))
				}
				for _, dp := range obj.blocks("default_node_pool") {
					c.Pools = append(c.Pools, aksPool(dp, addr+".default_node_pool", true))
				}
				b.clusters = append(b.clusters, &tfCluster{addr: addr, c: c})
			case "azurerm_kubernetes_cluster_node_pool":
				tp := &tfPool{p: aksPool(obj, addr, false), provider: nodepool.Azure, at: obj.pos, ref: refs[cfgAddr], refText: refs[cfgAddr]}
				if tp.ref == "" {
					// A known cluster ID names the cluster in its last segment.
					if id := conv.Str(obj.attr("kubernetes_cluster_id")); id.Known {
						tp.name = id
						tp.name.Value = id.Value[strings.LastIndex(id.Value, "/")+1:]
						tp.refText = id.Value
					}
				}
				b.pools = append(b.pools, tp)
			case "azapi_resource":
				b.planAzapi(path, addr, obj, refs[cfgAddr])
			case "aws_autoscaling_group":
				b.planASG(addr, obj, refs[cfgAddr])
			case "aws_eks_cluster":
				c := &nodepool.Cluster{Provider: nodepool.AWS, Format: "terraform-plan", ID: addr, Pos: obj.pos,
					Name: conv.Str(obj.attr("name")), KubernetesVersion: conv.Str(obj.attr("version"))}
				b.clusters = append(b.clusters, &tfCluster{addr: addr, c: c})
			case "aws_eks_node_group":
				tp := &tfPool{p: eksNodeGroup(obj, addr), provider: nodepool.AWS, at: obj.pos, ref: refs[cfgAddr], refText: refs[cfgAddr]}
				tp.name = conv.Str(obj.attr("cluster_name"))
				if tp.refText == "" && tp.name.Known {
					tp.refText = tp.name.Value
				}
				b.pools = append(b.pools, tp)
			}
		}
	}
	if cms := mod.Get("child_modules"); cms != nil {
		for _, cm := range cms.Arr {
			b.planModule(path, cm, refs)
		}
	}
}

// planNonZero is v, or nil when a plan holds 0 there: how the aws provider
// writes an unset integer of a nested block.
func planNonZero(v *value) *value {
	if v == nil {
		return nil
	}
	switch n := v.V.(type) {
	case int64:
		if n == 0 {
			return nil
		}
	case float64:
		if n == 0 {
			return nil
		}
	}
	return v
}
