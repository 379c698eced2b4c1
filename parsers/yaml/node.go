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
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Limits on one file.
const (
	maxDepth = 256    // nesting of mappings and sequences
	maxNodes = 200000 // nodes visited, aliases expanded (alias bombs)
)

var errTooLarge = errors.New("too many nodes after expanding aliases (an alias bomb?)")

// node is a YAML value with its position, read as the document's consumer
// reads it (see consumer): aliases are resolved, merge keys applied and
// duplicate keys settled in go-yaml v2's order, and plain scalars resolve
// with YAML 1.1 rules (resolve11). A scalar with a CloudFormation tag (!Ref,
// !Sub, …) keeps it.
type node struct {
	kind  yamlv3.Kind // ScalarNode, SequenceNode or MappingNode
	tag   string
	value string // scalar text
	// plain is set on an untagged, unquoted scalar: its value depends on the
	// YAML version (yes, 0777, 1.20).
	plain bool
	// unknown is set when the consumer's value cannot be told: a duplicate
	// key CloudFormation handles in an undefined way, a mapping with a key
	// that is not a scalar.
	unknown bool
	// why says why an unknown node is unknown ("" for the generic reason).
	why     string
	items   []*node
	keys    []string // as the consumer reads them: an unquoted on is "true" to kubectl
	keyText []string // as written
	keyType []kind11 // go-yaml v2's type of each key: "1" and 1 are two keys to it
	keyPos  []nodepool.Pos
	vals    []*node
	pos     nodepool.Pos
	// name is the key the node is the value of, as written: for messages.
	name string
}

// consumer is the tool that decodes a document; it decides how scalars and
// repeated keys read and what a mismatch is reported as.
type consumer int

const (
	// kubectl stands for everything that applies Kubernetes manifests
	// (kubectl, Helm, Flux, Argo CD): sigs.k8s.io/yaml, which keeps the last
	// of repeated keys, then the API server's typed decoding.
	kubectl consumer = iota
	// eksctl decodes ClusterConfig with sigs.k8s.io/yaml.UnmarshalStrict
	// (a key set twice in a mapping, even through a merge key, is an error)
	// and then with the Kubernetes typed decoder.
	eksctl
	// cloudFormation reads YAML 1.1 without aliases or merge keys; repeated
	// keys are undefined behaviour.
	cloudFormation
)

func (c consumer) String() string {
	switch c {
	case eksctl:
		return "eksctl"
	case cloudFormation:
		return "CloudFormation"
	}
	return "kubectl"
}

// consumerOf tells a document's consumer from its top-level keys, as
// grouper.document dispatches it.
func consumerOf(doc *yamlv3.Node) consumer {
	if doc.Kind == yamlv3.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc.Kind != yamlv3.MappingNode {
		return kubectl
	}
	var apiVersion, kind string
	hasAPI, hasResources := false, false
	for i := 0; i+1 < len(doc.Content); i += 2 {
		switch doc.Content[i].Value {
		case "AWSTemplateFormatVersion":
			return cloudFormation
		case "Resources":
			hasResources = true
		case "apiVersion":
			hasAPI, apiVersion = true, doc.Content[i+1].Value
		case "kind":
			kind = doc.Content[i+1].Value
		}
	}
	switch {
	case hasResources && !hasAPI:
		return cloudFormation
	case strings.HasPrefix(apiVersion, "eksctl.io/") && kind == "ClusterConfig":
		return eksctl
	}
	return kubectl
}

type converter struct {
	path   string
	budget int
	cons   consumer
	diags  []parsers.Diagnostic
	seen   map[parsers.Diagnostic]bool // an anchor's problem is met once per alias
	// repeated are the repeated-key diagnostics of a CloudFormation
	// template, which cfnInScope narrows to the resources poollint reads.
	repeated map[parsers.Diagnostic]bool
}

func (c *converter) errorf(at nodepool.Pos, format string, args ...any) {
	d := parsers.Errorf(at, format, args...)
	if c.seen == nil {
		c.seen = map[parsers.Diagnostic]bool{}
	}
	if !c.seen[d] {
		c.seen[d] = true
		c.diags = append(c.diags, d)
	}
}

func (c *converter) pos(n *yamlv3.Node) nodepool.Pos {
	return nodepool.Pos{File: c.path, Line: n.Line, Col: n.Column}
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
		if c.cons == cloudFormation {
			c.errorf(c.pos(n), "CloudFormation does not support YAML aliases (*%s): write the value out", n.Value)
		}
		return c.convert(n.Alias, depth+1)
	}
	if n.Kind == yamlv3.DocumentNode {
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.convert(n.Content[0], depth)
	}
	out := &node{kind: n.Kind, tag: n.Tag, value: n.Value, pos: c.pos(n)}
	out.plain = plainScalar(n)
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
		return out, c.mapping(out, n, depth)
	}
	return out, nil
}

// entry is where a mapping key was set: for messages about repeated keys.
type entry struct {
	pos    nodepool.Pos
	merged bool // came in through a merge key
}

// mapping fills out with n's pairs in go-yaml v2's order: pairs apply in
// the order written, a merge key (<<) sets every key of the mappings it
// names (the first of a list winning), and a later setting replaces an
// earlier one. A key written twice is an error; kubectl keeps the last.
func (c *converter) mapping(out *node, n *yamlv3.Node, depth int) error {
	var index map[string]int // built once the mapping is large
	find := func(key string) (int, bool) {
		if index == nil {
			for i, k := range out.keys {
				if k == key {
					return i, true
				}
			}
			return 0, false
		}
		i, ok := index[key]
		return i, ok
	}
	var from []entry
	set := func(key, text string, at nodepool.Pos, typ kind11, v *node, merged bool, mergeAt nodepool.Pos) {
		i, seen := find(key)
		if !seen {
			if index == nil && len(out.keys) >= 16 {
				index = make(map[string]int, 2*len(out.keys))
				for j, k := range out.keys {
					index[k] = j
				}
			}
			if index != nil {
				index[key] = len(out.keys)
			}
			out.keys = append(out.keys, key)
			out.keyText = append(out.keyText, text)
			out.keyType = append(out.keyType, typ)
			out.keyPos = append(out.keyPos, at)
			out.vals = append(out.vals, v)
			from = append(from, entry{pos: at, merged: merged})
			return
		}
		prev := from[i]
		switch {
		case typ != out.keyType[i]:
			c.errorf(at, "keys %q (here) and %q (line %d, column %d) are one key, %q, once %s converts the document to JSON, and which value it keeps varies from run to run: write the key once", text, out.keyText[i], prev.pos.Line, prev.pos.Col, key, c.cons)
		case !merged && !prev.merged:
			c.duplicate(key, at, prev.pos)
		case c.cons == eksctl:
			c.errorf(mergeAt, "key %q is set twice in one mapping (at line %d and at line %d, one through a merge key): eksctl rejects a key set twice", key, prev.pos.Line, at.Line)
		}
		if (c.cons == cloudFormation && !merged && !prev.merged || typ != out.keyType[i]) && v.kind == yamlv3.ScalarNode {
			// CloudFormation leaves repeated keys undefined; two keys of
			// different types ("1" and 1) make one JSON key in an order
			// that varies from run to run. A scalar is then unknown; a
			// mapping or list is read from the last, so that what is in it
			// stays set (and an error says the value is in doubt).
			v = &node{kind: v.kind, tag: v.tag, value: v.value, pos: v.pos, name: v.name, unknown: true, why: "the key is set twice (line " + strconv.Itoa(prev.pos.Line) + ")"}
		}
		out.keyText[i], out.keyType[i], out.keyPos[i], out.vals[i] = text, typ, at, v
		from[i] = entry{pos: at, merged: merged}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, vn := n.Content[i], n.Content[i+1]
		v, err := c.convert(vn, depth+1)
		if err != nil {
			return err
		}
		at := c.pos(k)
		if k.Kind == yamlv3.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind != yamlv3.ScalarNode {
			out.unknown, out.why = true, "a key is not a scalar" // no consumer takes a mapping or a list as a key
			continue
		}
		v.name = k.Value
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style&(yamlv3.DoubleQuotedStyle|yamlv3.SingleQuotedStyle) == 0 && k.Tag != "!!str") {
			if c.cons == cloudFormation {
				c.errorf(at, "CloudFormation does not support YAML merge keys (<<): write the keys out")
			}
			srcs := []*node{v}
			if v.kind == yamlv3.SequenceNode {
				srcs = nil
				for j := len(v.items) - 1; j >= 0; j-- { // the first mapping of the list wins
					srcs = append(srcs, v.items[j])
				}
			}
			for _, src := range srcs {
				if src == nil || src.kind != yamlv3.MappingNode {
					c.errorf(at, "a merge key (<<) takes a mapping or a list of mappings: %s rejects anything else", c.cons)
					continue
				}
				for j, key := range src.keys {
					set(key, src.keyText[j], src.keyPos[j], src.keyType[j], src.vals[j], true, at)
				}
			}
			continue
		}
		key, typ := k.Value, kString
		if plainScalar(k) && c.cons != cloudFormation {
			r := resolve11(k.Value)
			jk, ok := r.jsonKey(k.Value)
			if !ok {
				c.errorf(at, "key %s is null to %s, which rejects a null key: quote it", k.Value, c.cons)
				out.unknown, out.why = true, "a key is null"
				continue
			}
			key, typ = jk, r.kind
		}
		set(key, k.Value, at, typ, v, false, at)
	}
	return nil
}

// duplicate reports a key written twice in one mapping.
func (c *converter) duplicate(key string, at, first nodepool.Pos) {
	switch c.cons {
	case cloudFormation:
		msg := fmt.Sprintf("duplicate key %q (first at line %d, column %d): CloudFormation's handling of a repeated key is undefined; remove one (poollint leaves a repeated value unknown, and reads a repeated mapping or list from the last)", key, first.Line, first.Col)
		c.errorf(at, "%s", msg)
		if c.repeated == nil {
			c.repeated = map[parsers.Diagnostic]bool{}
		}
		c.repeated[parsers.Errorf(at, "%s", msg)] = true
	case eksctl:
		c.errorf(at, "duplicate key %q (first at line %d, column %d): eksctl rejects the file (strict decoding); kubectl would keep this last value", key, first.Line, first.Col)
	default:
		c.errorf(at, "duplicate key %q (first at line %d, column %d): kubectl keeps this last value and strict decoders reject the document; remove one", key, first.Line, first.Col)
	}
}

func plainScalar(n *yamlv3.Node) bool {
	return n.Kind == yamlv3.ScalarNode && n.Style&(yamlv3.TaggedStyle|yamlv3.DoubleQuotedStyle|yamlv3.SingleQuotedStyle|yamlv3.LiteralStyle|yamlv3.FoldedStyle) == 0
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
	if n == nil || n.kind != yamlv3.ScalarNode || n.unknown || n.tag == "!!null" || isIntrinsicTag(n.tag) {
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
	switch {
	case n.unknown:
		if n.why == "" {
			return conv.Because("the value cannot be told")
		}
		return conv.Because(n.why)
	case isIntrinsicTag(n.tag):
		return conv.Because(n.tag + " is resolved by CloudFormation at deployment")
	case isLongIntrinsic(n):
		return conv.Because(n.keys[0] + " is resolved by CloudFormation at deployment")
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
// Flux and CI pipelines substitute before applying a manifest, and Go,
// Helm or Jinja template expressions ({{ .Values.x }}) in a template that
// happens to parse as YAML.
var placeholder = regexp.MustCompile(`\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*?\}\}`)

// hasPlaceholder reports whether s holds a placeholder (checking the cheap
// signs first).
func hasPlaceholder(s string) bool {
	return (strings.IndexByte(s, '$') >= 0 || strings.Contains(s, "{{")) && placeholder.MatchString(s)
}

// scalar is a scalar's value to the document's consumer: a plain scalar
// resolves with YAML 1.1 rules (yes is true, 0777 is 511); a quoted one is
// a string; an explicit tag (!!int "3") converts as go-yaml v2 converts it.
func scalar(n *node) any {
	if hasPlaceholder(n.value) {
		return placeholderWhy(n.value) // substituted at apply time
	}
	if n.plain {
		if r := resolve11(n.value); r.kind != kString {
			return value11(r)
		}
		return n.value
	}
	want := kString
	switch n.tag {
	case "!!null":
		return nil
	case "!!bool":
		want = kBool
	case "!!int":
		want = kInt
	case "!!float":
		want = kFloat
	default:
		return n.value
	}
	r := resolve11(n.value)
	if r.kind == want || (want == kFloat && r.kind == kInt) {
		return value11(r)
	}
	return conv.Because("the value does not read as " + n.tag) // the consumer cannot read it as the type the tag names
}

// maxPlaceholderText bounds the placeholder quoted in a reason.
const maxPlaceholderText = 64

// placeholderWhy is the unknown value of a scalar holding a placeholder:
// the first one names the reason.
func placeholderWhy(s string) any {
	p := placeholder.FindString(s)
	if len(p) > maxPlaceholderText {
		p = p[:maxPlaceholderText] + "…"
	}
	if strings.HasPrefix(p, "{{") {
		return conv.Because(p + " is rendered by a template engine before apply")
	}
	return conv.Because(p + " is substituted before apply")
}

// value11 is a resolved scalar as a conv value: bool, int64 (integral
// floats too: 3.0 is the JSON number 3), float64, string or nil. What
// the consumer cannot write as JSON (.inf, .nan) or as a 64-bit integer
// is unknown.
func value11(r scalar11) any {
	switch r.kind {
	case kNull:
		return nil
	case kBool:
		return r.b
	case kInt:
		if r.big {
			return conv.Because("the number does not fit in 64 bits")
		}
		return r.i
	case kFloat:
		if !r.finite() {
			return conv.Because("the number is not finite")
		}
		if r.f == math.Trunc(r.f) && math.Abs(r.f) < 1<<53 {
			return int64(r.f)
		}
		return r.f
	}
	return nil // kString: the caller keeps the text
}

// resolved is a plain scalar's YAML 1.1 reading, and false for any other
// node (quoted, tagged, placeholder, collection).
func (n *node) resolved() (scalar11, bool) {
	if n == nil || !n.plain || n.unknown || hasPlaceholder(n.value) {
		return scalar11{}, false
	}
	return resolve11(n.value), true
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
