package yaml

import (
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// settings flattens a pool's spec (or CloudFormation Properties) into its
// schema's settings; lower makes the paths lower-case (the AKS schema,
// whose names ARM reads ignoring case). Intrinsic functions resolve
// through r or stay unknown.
func settings(n *node, r resolver, lower bool) nodepool.Settings {
	b := conv.NewSettings()
	addSettings(b, "", n, r, lower, 0)
	return b.S
}

func addSettings(b *conv.SettingsBuilder, path string, n *node, r resolver, lower bool, depth int) {
	if n == nil || depth > conv.MaxSettingsDepth || b.Full() {
		return
	}
	if path != "" {
		b.Add(path, val(n, r))
	}
	if n.unknown || isIntrinsicTag(n.tag) || isLongIntrinsic(n) {
		return
	}
	switch n.kind {
	case yamlv3.MappingNode:
		for i, k := range n.keys {
			if lower {
				k = strings.ToLower(k)
			}
			addSettings(b, conv.Join(path, k), n.vals[i], r, lower, depth+1)
		}
	case yamlv3.SequenceNode:
		for i, e := range n.items {
			addSettings(b, conv.Join(path, i), e, r, lower, depth+1)
		}
	}
}
