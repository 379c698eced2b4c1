package armtemplate

import (
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// settings flattens an agent pool's properties into the AKS schema's
// settings, paths lower-cased (ARM property names ignore case).
func settings(props *pv) nodepool.Settings {
	b := conv.NewSettings()
	addSettings(b, "", props, 0)
	return b.S
}

func addSettings(b *conv.SettingsBuilder, path string, v *pv, depth int) {
	if v == nil || depth > conv.MaxSettingsDepth || b.Full() {
		return
	}
	if path != "" {
		val := value(v)
		if v.partial {
			val.V = conv.BecauseAt(v.pos, "a member name is unknown") // a member name is unknown: the object is not known whole
		}
		b.Add(path, val)
	}
	if v.unknown() {
		return
	}
	switch v.kind {
	case jsonpos.Object:
		for _, m := range v.obj {
			addSettings(b, conv.Join(path, strings.ToLower(m.key)), m.val, depth+1)
		}
	case jsonpos.Array:
		for i, e := range v.arr {
			addSettings(b, conv.Join(path, i), e, depth+1)
		}
	}
}
