package yaml

import (
	"fmt"
	"regexp"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// vcheck records the checks of one platform validator that a pool fails
// (nodepool.Rejection). The checks are ours, written from the validator's
// source; each reads only values it can tell offline: a field that is
// unknown (a placeholder, a value of the wrong type, which the field
// readers report) makes the checks that depend on it stay silent.
type vcheck struct {
	p         *nodepool.Pool
	validator string
	// base is the field path of the checked object as the validator
	// names it ("nodeGroups[0]", "spec").
	base string
	// limit bounds the rejections kept for one pool.
	limit int
}

const maxRejections = 64

func newVcheck(p *nodepool.Pool, validator, base string) *vcheck {
	return &vcheck{p: p, validator: validator, base: base, limit: maxRejections}
}

// reject records a failed check at the node it is about (the pool when
// at is nil); field is the path below base.
func (v *vcheck) reject(at *node, field, format string, args ...any) {
	if v.limit <= 0 {
		return
	}
	v.limit--
	pos := v.p.Pos
	if at != nil && at.pos.IsValid() {
		pos = at.pos
	}
	path := v.base
	if field != "" {
		if path != "" && !strings.HasPrefix(field, "[") {
			path += "."
		}
		path += field
	}
	v.p.Rejections = append(v.p.Rejections, nodepool.Rejection{
		Validator: v.validator, Field: path, Message: fmt.Sprintf(format, args...), Pos: pos,
	})
}

// drop records what the validator lets through but the tool ignores
// (nodepool.Rejection.Dropped), at the node it is about.
func (v *vcheck) drop(at *node, field, format string, args ...any) {
	n := len(v.p.Rejections)
	v.reject(at, field, format, args...)
	if len(v.p.Rejections) > n {
		v.p.Rejections[n].Dropped = true
	}
}

// anglePlaceholder matches the placeholders examples and test data ask
// to fill in before use (<<AZ>>, <generated-ami>): the validators' checks
// read such a value as unknown.
var anglePlaceholder = regexp.MustCompile(`<<?[A-Za-z0-9_.:-]+>>?`)

// vstr is a known string value; false when absent, null, unknown, a
// placeholder or not a string.
func vstr(n *node) (string, bool) {
	if !present(n) || n.kind != yamlv3.ScalarNode {
		return "", false
	}
	s, ok := plain(n, nil).(string)
	if ok && strings.IndexByte(s, '<') >= 0 && anglePlaceholder.MatchString(s) {
		return "", false
	}
	return s, ok
}

// vint is a known integer value.
func vint(n *node) (int64, bool) {
	if !present(n) || n.kind != yamlv3.ScalarNode {
		return 0, false
	}
	i, ok := plain(n, nil).(int64)
	return i, ok
}

// vbool is a known boolean value.
func vbool(n *node) (bool, bool) {
	if !present(n) || n.kind != yamlv3.ScalarNode {
		return false, false
	}
	b, ok := plain(n, nil).(bool)
	return b, ok
}

// isTrue reports a known true; isFalse a known false.
func isTrue(n *node) bool  { b, ok := vbool(n); return ok && b }
func isFalse(n *node) bool { b, ok := vbool(n); return ok && !b }

// nonEmptyStr reports a known non-empty string.
func nonEmptyStr(n *node) bool { s, ok := vstr(n); return ok && s != "" }

// known reports a present value with nothing unknown in it.
func known(n *node) bool { return present(n) && fullyKnown(plain(n, nil), 0) }

func fullyKnown(v any, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if !fullyKnown(e, depth+1) {
				return false
			}
		}
	case map[string]any:
		for _, e := range x {
			if !fullyKnown(e, depth+1) {
				return false
			}
		}
	default:
		return !conv.IsUnknown(v)
	}
	return true
}

// listLen is the length of a known list: false when the node is not a
// list whose items are all there.
func listLen(n *node) (int, bool) {
	if !present(n) {
		return 0, true
	}
	if n.kind != yamlv3.SequenceNode || n.unknown {
		return 0, false
	}
	return len(n.items), true
}

// nonEmptyList reports a list with at least one item (known or not).
func nonEmptyList(n *node) bool {
	return present(n) && n.kind == yamlv3.SequenceNode && len(n.items) > 0
}

// strItems are the known strings of a list, and whether all are.
func strItems(n *node) ([]string, bool) {
	if !present(n) {
		return nil, true
	}
	if n.kind != yamlv3.SequenceNode {
		return nil, false
	}
	out, all := make([]string, 0, len(n.items)), true
	for _, it := range n.items {
		s, ok := vstr(it)
		if !ok {
			all = false
			continue
		}
		out = append(out, s)
	}
	return out, all
}

// keyAt is a node standing for where key is written in the mapping
// parent (for a check about a field that is missing inside it), or the
// value itself when the key cannot be found.
func keyAt(parent *node, key string) *node {
	if parent != nil && parent.kind == yamlv3.MappingNode {
		for i, k := range parent.keys {
			if k == key {
				return &node{pos: parent.keyPos[i]}
			}
		}
	}
	return parent.get(key)
}
