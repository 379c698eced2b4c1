package yaml

import (
	"sort"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
)

// The fields of a karpenter.sh/v1 NodePool's spec, from the
// karpenter.sh_nodepools CRD's schema (sigs.k8s.io/karpenter v1.14.1). An
// unknown field is refused by kubectl apply, whose default is strict
// field validation ("strict decoding error: unknown field"), and dropped
// silently by a client that does not ask for it: most often a
// karpenter.sh/v1beta1 field left in a v1 NodePool.
var karpenterFields = map[string][]string{
	"spec":                               {"disruption", "limits", "replicas", "template", "weight"},
	"spec.disruption":                    {"budgets", "consolidateAfter", "consolidationPolicy"},
	"spec.disruption.budgets[]":          {"duration", "nodes", "reasons", "schedule"},
	"spec.template":                      {"metadata", "spec"},
	"spec.template.metadata":             {"annotations", "labels"},
	"spec.template.spec":                 {"expireAfter", "nodeClassRef", "requirements", "startupTaints", "taints", "terminationGracePeriod"},
	"spec.template.spec.nodeClassRef":    {"group", "kind", "name"},
	"spec.template.spec.requirements[]":  {"key", "minValues", "operator", "values"},
	"spec.template.spec.startupTaints[]": {"effect", "key", "timeAdded", "value"},
	"spec.template.spec.taints[]":        {"effect", "key", "timeAdded", "value"},
}

// karpenterMoved says where a karpenter.sh/v1beta1 field went in v1.
var karpenterMoved = map[string]string{
	"spec.disruption.expireAfter": "karpenter.sh/v1 moved it to spec.template.spec.expireAfter",
	"spec.template.spec.kubelet":  "karpenter.sh/v1 moved it to the EC2NodeClass's spec.kubelet",
}

// karpenterUnknownFields reports the fields of a NodePool's spec its CRD
// does not have.
func karpenterUnknownFields(v *vcheck, spec *node) {
	crdUnknownFields(v, spec, "NodePool", karpenterFields, karpenterMoved)
}

// crdUnknownFields reports the fields of spec, a kind's spec, that its
// CRD's schema (fields: the properties of each object, by path, lists
// ending in []) does not have; moved says where a field of an earlier
// version went.
func crdUnknownFields(v *vcheck, spec *node, kind string, fields map[string][]string, moved map[string]string) {
	var walk func(n *node, path, field string)
	walk = func(n *node, path, field string) {
		if !present(n) || n.unknown {
			return
		}
		if n.kind == yamlv3.SequenceNode {
			if _, ok := fields[path+"[]"]; ok {
				for j, it := range n.items {
					walk(it, path+"[]", field+"["+strconv.Itoa(j)+"]")
				}
			}
			return
		}
		allowed, ok := fields[path]
		if !ok || n.kind != yamlv3.MappingNode {
			return
		}
		for i, k := range n.keys {
			if hasPlaceholder(k) {
				continue
			}
			if !oneOf(k, allowed) {
				sorted := append([]string(nil), allowed...)
				sort.Strings(sorted)
				why := moved[path+"."+k]
				if why == "" {
					why = "the " + kind + " CRD's " + path + " has " + strings.Join(sorted, ", ")
				}
				v.reject(&node{pos: n.keyPos[i]}, strings.TrimPrefix(field+"."+k, "."), "unknown field %q (%s): kubectl apply refuses it (strict field validation, its default) and other clients drop it", k, why)
				continue
			}
			walk(n.vals[i], path+"."+k, field+"."+k)
		}
	}
	walk(spec, "spec", "")
}
