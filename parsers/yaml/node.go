package yaml

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Limits on one file.
const (
	maxDepth = 256    // nesting of mappings and sequences
	maxNodes = 200000 // nodes visited, aliases expanded (alias bombs)
)

var errTooLarge = errors.New("too many nodes after expanding aliases (an alias bomb?)")

// node is a YAML value with its position; aliases are resolved and merge
// keys applied. A scalar with a CloudFormation tag (!Ref, !Sub, …) keeps it.
type node struct {
	kind   yamlv3.Kind // ScalarNode, SequenceNode or MappingNode
	tag    string
	value  string // scalar text
	items  []*node
	keys   []string
	keyPos []nodepool.Pos
	vals   []*node
	pos    nodepool.Pos
}

type converter struct {
	path   string
	budget int
}

func (c *converter) convert(n *yamlv3.Node, depth int) (*node, error) {
	if c.budget--; c.budget < 0 {
		return nil, errTooLarge
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("line %d: nesting deeper than %d levels", n.Line, maxDepth)
	}
	if n.Kind == yamlv3.AliasNode {
		if n.Alias == nil {
			return nil, fmt.Errorf("line %d: unresolved alias", n.Line)
		}
		return c.convert(n.Alias, depth+1)
	}
	if n.Kind == yamlv3.DocumentNode {
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.convert(n.Content[0], depth)
	}
	out := &node{kind: n.Kind, tag: n.Tag, value: n.Value, pos: nodepool.Pos{File: c.path, Line: n.Line, Col: n.Column}}
	switch n.Kind {
	case yamlv3.SequenceNode:
		for _, e := range n.Content {
			v, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, v)
		}
	case yamlv3.MappingNode:
		var merges []*node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			v, err := c.convert(vn, depth+1)
			if err != nil {
				return nil, err
			}
			if k.Tag == "!!merge" || (k.Value == "<<" && k.Tag != "!!str") {
				merges = append(merges, v)
				continue
			}
			out.keys = append(out.keys, k.Value)
			out.keyPos = append(out.keyPos, nodepool.Pos{File: c.path, Line: k.Line, Col: k.Column})
			out.vals = append(out.vals, v)
		}
		for _, m := range merges { // explicit keys win over merged ones
			for _, src := range append([]*node{m}, m.items...) {
				if src == nil || src.kind != yamlv3.MappingNode {
					continue
				}
				for i, k := range src.keys {
					if out.get(k) == nil {
						out.keys = append(out.keys, k)
						out.keyPos = append(out.keyPos, src.keyPos[i])
						out.vals = append(out.vals, src.vals[i])
					}
				}
			}
		}
	}
	return out, nil
}

// get returns a mapping's value for key, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != yamlv3.MappingNode {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// path follows keys.
func (n *node) path(keys ...string) *node {
	for _, k := range keys {
		n = n.get(k)
	}
	return n
}

// str returns a plain scalar's text.
func (n *node) str() string {
	if n == nil || n.kind != yamlv3.ScalarNode || n.tag == "!!null" || isIntrinsicTag(n.tag) {
		return ""
	}
	return n.value
}

func isIntrinsicTag(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!")
}

// resolver gives the value of a CloudFormation intrinsic function node, or
// false to leave it unknown.
type resolver func(n *node) (v any, origin nodepool.Origin, from string, ok bool)

// plain converts a node to a Go value; intrinsics are resolved by r or are
// unknown.
func plain(n *node, r resolver) any {
	if n == nil {
		return nil
	}
	if r != nil {
		if v, _, _, ok := r(n); ok {
			return v
		}
	}
	if isIntrinsicTag(n.tag) || isLongIntrinsic(n) {
		return conv.Unknown
	}
	switch n.kind {
	case yamlv3.ScalarNode:
		return scalar(n)
	case yamlv3.SequenceNode:
		out := make([]any, len(n.items))
		for i, e := range n.items {
			out[i] = plain(e, r)
		}
		return out
	case yamlv3.MappingNode:
		out := make(map[string]any, len(n.keys))
		for i, k := range n.keys {
			out[k] = plain(n.vals[i], r)
		}
		return out
	}
	return nil
}

// isLongIntrinsic recognises {"Ref": …} and {"Fn::…": …} mappings.
func isLongIntrinsic(n *node) bool {
	return n.kind == yamlv3.MappingNode && len(n.keys) == 1 && (n.keys[0] == "Ref" || strings.HasPrefix(n.keys[0], "Fn::"))
}

// placeholder matches envsubst variables (${VAR}, $VAR) that clusterctl,
// Flux and CI pipelines substitute before applying a manifest.
var placeholder = regexp.MustCompile(`\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*`)

func scalar(n *node) any {
	if placeholder.MatchString(n.value) {
		return conv.Unknown // substituted at apply time
	}
	switch n.tag {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.value))
		if err != nil {
			return n.value
		}
		return b
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.value, "_", ""), 0, 64); err == nil {
			return i
		}
		return n.value
	case "!!float":
		if f, err := strconv.ParseFloat(n.value, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return int64(f)
			}
			return f
		}
		return n.value
	}
	return n.value
}

// val reads a node as a conv.Value at its position.
func val(n *node, r resolver) *conv.Value {
	if n == nil {
		return nil
	}
	origin, from := nodepool.OriginLiteral, ""
	if r != nil {
		if _, o, f, ok := r(n); ok {
			origin, from = o, f
		}
	}
	if (isIntrinsicTag(n.tag) || isLongIntrinsic(n)) && origin == nodepool.OriginLiteral {
		origin = nodepool.OriginExpression
	}
	v := &conv.Value{V: plain(n, r), Pos: n.pos, Origin: origin, From: from}
	if n.kind == yamlv3.MappingNode && !isLongIntrinsic(n) {
		v.KeyPos = map[string]nodepool.Pos{}
		for i, k := range n.keys {
			v.KeyPos[k] = n.keyPos[i]
		}
		v.Keys = n.keys
	}
	return v
}
