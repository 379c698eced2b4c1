package conv

import (
	"fmt"

	"github.com/poollint/poollint/nodepool"
)

// Bounds on the settings kept for one pool: deeper or further entries are
// left out (never judged), so a pathological template cannot grow them.
const (
	MaxSettingsDepth   = 16
	MaxSettingsEntries = 2048
)

// SettingsBuilder collects a pool's flattened settings (nodepool.Settings).
type SettingsBuilder struct {
	S nodepool.Settings
}

// NewSettings starts an empty set.
func NewSettings() *SettingsBuilder { return &SettingsBuilder{S: nodepool.Settings{}} }

// Full reports whether no more entries are taken.
func (b *SettingsBuilder) Full() bool { return len(b.S) >= MaxSettingsEntries }

// Add records one setting from a resolved value; a nil value is skipped
// (null is unset).
func (b *SettingsBuilder) Add(path string, v *Value) {
	if v == nil || b.Full() || (v.V == nil && !IsUnknown(v.V)) {
		return
	}
	f := nodepool.Field[any]{Set: true, Pos: v.Pos, Origin: v.Origin, From: v.From}
	if !IsUnknown(v.V) {
		f.Value, f.Known = v.V, true
	} else {
		f.SetWhy(Why(v.V, ""))
	}
	b.S[path] = f
}

// Join builds a child path: "a.b", or "a[2]" for an index.
func Join(parent string, key any) string {
	switch k := key.(type) {
	case int:
		return fmt.Sprintf("%s[%d]", parent, k)
	case string:
		if parent == "" {
			return k
		}
		return parent + "." + k
	}
	return parent
}
