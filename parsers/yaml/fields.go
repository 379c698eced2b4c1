package yaml

import (
	"cmp"
	"fmt"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Typed field readers. Each reads a field as the document's consumer
// decodes it (see consumer) and reports, at the value, what the consumer
// rejects or reads differently from how it looks:
//
//   - kubectl and eksctl decode a manifest through sigs.k8s.io/yaml to JSON
//     and then into typed fields or a CRD schema, which take no number or
//     boolean where a string belongs (labels, taints, names…), no string
//     where a number or a boolean belongs. Such a value is an error and is
//     unknown in the model.
//   - CloudFormation reads YAML 1.1 too, but converts a scalar to the
//     property's type: 2 is the string "2". Only a plain scalar whose YAML
//     1.1 value reads differently from its text (yes is true, 0777 is 511,
//     1.20 is 1.2) is an error there, and unknown.

// mismatch reports a plain scalar that the consumer reads as a boolean or
// a number where a string belongs, and says whether it did.
func (g *grouper) mismatch(n *node, what string) bool {
	r, ok := n.resolved()
	if !ok || r.kind == kString || r.kind == kNull {
		return false
	}
	if g.cons == cloudFormation {
		if r.text() == n.value {
			return false // CloudFormation converts 2 to "2"
		}
		g.errorf(n.pos, "%s: CloudFormation reads YAML 1.1, where %s is %s, not the string %q; quote it", what, n.value, r.describe(), n.value)
		return true
	}
	rejects := "the API server rejects it"
	if g.cons == eksctl {
		rejects = "eksctl rejects it"
	}
	g.errorf(n.pos, "%s: %s is %s to %s (YAML 1.1), not a string, and %s; quote it: %q", what, n.value, r.describe(), g.cons, rejects, n.value)
	return true
}

func (g *grouper) errorf(at nodepool.Pos, format string, args ...any) {
	g.diags = append(g.diags, parsers.Errorf(at, format, args...))
}

// str reads a string field.
func (g *grouper) str(n *node) nodepool.Field[string] { return g.strWith(n, nil) }

// strWith reads a string field whose intrinsic functions r resolves.
func (g *grouper) strWith(n *node, r resolver) nodepool.Field[string] {
	f := conv.Str(val(n, r))
	if g.mismatch(n, n.fieldName()) {
		f.Known, f.Value = false, ""
		f.SetWhy("the value is not a string to "+g.cons.String(), nodepool.Pos{})
	}
	return f
}

// integer reads an integer field. kubectl and eksctl take no string there
// ("3"), CloudFormation converts one.
func (g *grouper) integer(n *node) nodepool.Field[int64] {
	v := literal(n)
	f := conv.Int(v)
	if v == nil || g.cons == cloudFormation {
		return f
	}
	switch x := v.V.(type) {
	case string:
		if f.Known { // "3"
			g.errorf(n.pos, "%s: %q is a string, and %s takes only a number here: write it unquoted", n.fieldName(), x, g.cons)
		} else {
			g.errorf(n.pos, "%s: %q is not a number, and %s takes only a number here", n.fieldName(), x, g.cons)
		}
		f.Known, f.Value = false, 0
		f.SetWhy("a string where "+g.cons.String()+" takes a number", nodepool.Pos{})
	case float64:
		g.errorf(n.pos, "%s: %s is not a whole number, and %s takes only an integer here", n.fieldName(), n.value, g.cons)
	case bool:
		g.errorf(n.pos, "%s: %s is the boolean %t to %s (YAML 1.1), and %s takes only a number here", n.fieldName(), n.value, x, g.cons, g.cons)
	}
	return f
}

// intValue is an integer setting as a conv value for conv.MaxUnavailable:
// a string kubectl or eksctl would reject is reported and unknown.
func (g *grouper) intValue(n *node) *conv.Value {
	v := literal(n)
	if v == nil {
		return nil
	}
	if _, isString := v.V.(string); isString && g.cons != cloudFormation {
		g.integer(n) // reports it
		v.V = conv.Because("a string where a number is expected")
	}
	return v
}

// boolean reads a boolean field: yes and on are true to every consumer;
// kubectl and eksctl take no string ("true") there.
func (g *grouper) boolean(n *node) nodepool.Field[bool] {
	v := literal(n)
	f := conv.Bool(v)
	if v == nil || g.cons == cloudFormation {
		return f
	}
	if x, ok := v.V.(string); ok {
		g.errorf(n.pos, "%s: %q is a string, and %s takes only true or false here: write it unquoted", n.fieldName(), x, g.cons)
		f.Known, f.Value = false, false
		f.SetWhy("a string where "+g.cons.String()+" takes true or false", nodepool.Pos{})
	}
	return f
}

// strs reads a list of strings; an item the consumer reads as another type
// makes the list incomplete.
func (g *grouper) strs(n *node) nodepool.Field[[]string] { return g.strsWith(n, nil) }

// strsWith reads a list of strings whose intrinsic functions r resolves.
func (g *grouper) strsWith(n *node, r resolver) nodepool.Field[[]string] {
	f := conv.Strings(val(n, r))
	if n == nil || n.kind != yamlv3.SequenceNode {
		return f
	}
	var kept []string
	for i, item := range n.items {
		if g.mismatch(item, fmt.Sprintf("%s[%d]", n.fieldName(), i)) {
			if f.Known {
				f.SetWhy("an element is not a string to "+g.cons.String(), nodepool.Pos{})
			}
			f.Known = false
			continue
		}
		if s := conv.Str(val(item, r)); s.Known {
			kept = append(kept, s.Value)
		}
	}
	if f.Value != nil {
		f.Value = kept
		if kept == nil {
			f.Value = []string{}
		}
	}
	return f
}

// one reads a single string as a one-item list (instanceType beside
// instanceTypes).
func (g *grouper) one(n *node) nodepool.Field[[]string] {
	return nodepool.OneOf(g.str(n))
}

// labels reads a map of strings (labels, node labels): a key the consumer
// reads as another key (on is "true") or a value that is not a string is
// an error; the value is then unknown.
func (g *grouper) labels(n *node, r resolver) nodepool.Field[[]nodepool.Label] {
	v := val(n, r)
	if n != nil && n.kind == yamlv3.MappingNode && !isLongIntrinsic(n) {
		for i, key := range n.keys {
			if text := n.keyText[i]; text != key {
				g.errorf(n.keyPos[i], "label key %s is %q to %s (YAML 1.1): the label is %s; quote it if you mean %q", text, key, g.cons, key, text)
			}
			g.mismatch(n.vals[i], fmt.Sprintf("label %q", key)) // not a string: conv.Labels leaves it unknown
		}
	}
	return conv.Labels(v)
}

// taints reads a list of {key, value, effect} taints with the given key
// spellings. A taint whose key or effect is missing is kept with that part
// empty, so the taint rules can report it; a part that cannot be resolved
// makes the list incomplete.
func (g *grouper) taints(n *node, r resolver, key, value, effect string) nodepool.Field[[]nodepool.Taint] {
	if n == nil {
		return nodepool.Field[[]nodepool.Taint]{}
	}
	f := nodepool.Field[[]nodepool.Taint]{Set: true, Pos: n.pos, Origin: nodepool.OriginLiteral}
	if n.kind != yamlv3.SequenceNode {
		if n.tag == "!!null" {
			return nodepool.Field[[]nodepool.Taint]{}
		}
		why, at := conv.Why(plain(n, r), "")
		f.SetWhy(cmp.Or(why, "the taints are not a list"), at)
		return f
	}
	f.Known, f.Value = true, []nodepool.Taint{}
	for _, t := range n.items {
		if t.kind != yamlv3.MappingNode || isLongIntrinsic(t) {
			if f.Known {
				why, at := conv.Why(plain(t, r), "")
				f.SetWhy(cmp.Or(why, "a taint is not a mapping"), at)
			}
			f.Known = false
			continue
		}
		var parts [3]string
		complete, why, whyAt := true, "", nodepool.Pos{}
		for i, name := range []string{key, value, effect} {
			p := t.get(name)
			s := conv.Str(val(p, r))
			switch {
			case g.mismatch(p, "taint "+name):
				if why == "" {
					why = "taint " + name + " is not a string to " + g.cons.String()
				}
				complete = false
			case !s.Set: // missing or null: empty, as the API reads it
			case !s.Known:
				if why == "" {
					why, whyAt = s.Why, s.WhyPos
				}
				complete = false
			default:
				parts[i] = s.Value
			}
		}
		if !complete {
			if f.Known {
				f.SetWhy(why, whyAt)
			}
			f.Known = false
			continue
		}
		f.Value = append(f.Value, nodepool.Taint{Key: parts[0], Value: parts[1], Effect: parts[2], Pos: t.pos})
	}
	return f
}

// fieldName names a node in a message: the key it is the value of.
func (n *node) fieldName() string {
	if n == nil || n.name == "" {
		return "value"
	}
	return n.name
}
