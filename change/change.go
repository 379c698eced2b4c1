// Package change compares two readings of the same configuration (a pull
// request's base and its head) and says what happened to each cluster and
// node pool: added, removed, or changed, field by field. Clusters and pools
// are matched by their stable identity — a Terraform resource address, or
// the name the platform knows them by — never by file or position, so moving
// a file or reordering pools is not a change.
//
// A field whose value is unknown on either side yields a change marked
// unknown: rules that judge changes must leave it alone.
package change

import (
	"fmt"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// Kind is what happened to a cluster or pool.
type Kind string

const (
	Added     Kind = "added"
	Removed   Kind = "removed"
	Changed   Kind = "changed"
	Unchanged Kind = "unchanged"
)

// Field is one setting whose value differs between base and head.
type Field struct {
	// Name is the model's name of the setting (vmSize, zones, ...).
	Name string
	// Before and After are the values as text; "" for a setting the source
	// does not write.
	Before, After string
	// WasSet and IsSet say whether each side writes the setting (or the
	// platform default fills it).
	WasSet, IsSet bool
	// Known is false when either side's value could not be resolved: the
	// field may or may not have changed.
	Known bool
	// Pos is where head writes the setting (the pool's position when head
	// does not); OldPos where base wrote it.
	Pos, OldPos nodepool.Pos
	// Setting is true for a setting of the pool's schema that the common
	// model does not hold (Pool.Settings: kubelet_config.x, enableFIPS):
	// Name is then its path as the schema spells it.
	Setting bool
}

func (f Field) String() string {
	show := func(v string, set bool) string {
		switch {
		case !set:
			return "(unset)"
		case v == "":
			return `""`
		}
		return v
	}
	if !f.Known {
		return f.Name + ": unknown"
	}
	return fmt.Sprintf("%s %s → %s", f.Name, show(f.Before, f.WasSet), show(f.After, f.IsSet))
}

// Pool is what happened to one pool.
type Pool struct {
	Kind Kind
	// Before is nil for an added pool, After for a removed one.
	Before, After *nodepool.Pool
	Fields        []Field
}

// Field returns the change of the named setting, if it changed.
func (p *Pool) Field(name string) (Field, bool) {
	for _, f := range p.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Current is the pool as head has it, or as base had it when it was removed.
func (p *Pool) Current() *nodepool.Pool {
	if p.After != nil {
		return p.After
	}
	return p.Before
}

// Cluster is what happened to one cluster and its pools.
type Cluster struct {
	Kind Kind
	// Before is nil for an added cluster, After for a removed one.
	Before, After *nodepool.Cluster
	// Fields are the cluster-level settings that changed.
	Fields []Field
	Pools  []Pool
}

// Current is the cluster as head has it, or as base had it when it was
// removed.
func (c *Cluster) Current() *nodepool.Cluster {
	if c.After != nil {
		return c.After
	}
	return c.Before
}

// Field returns the change of the named cluster setting, if it changed.
func (c *Cluster) Field(name string) (Field, bool) {
	for _, f := range c.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Compare matches the clusters of base and head and says what changed. The
// result is in head's order, removed clusters last.
func Compare(base, head []*nodepool.Cluster) []Cluster {
	var out []Cluster
	for _, m := range match(base, head, clusterKeys) {
		b, h := m[0], m[1]
		switch {
		case b == nil:
			c := Cluster{Kind: Added, After: h}
			for _, p := range h.Pools {
				c.Pools = append(c.Pools, Pool{Kind: Added, After: p})
			}
			out = append(out, c)
		case h == nil:
			c := Cluster{Kind: Removed, Before: b}
			for _, p := range b.Pools {
				c.Pools = append(c.Pools, Pool{Kind: Removed, Before: p})
			}
			out = append(out, c)
		default:
			out = append(out, compareCluster(b, h))
		}
	}
	return out
}

func compareCluster(b, h *nodepool.Cluster) Cluster {
	c := Cluster{Kind: Unchanged, Before: b, After: h}
	c.Fields = diffFields(reflect.ValueOf(b).Elem(), reflect.ValueOf(h).Elem(), b.Pos, h.Pos)
	if len(c.Fields) > 0 {
		c.Kind = Changed
	}
	keys := func(p *nodepool.Pool) []string { return poolKeys(h, p) }
	for _, m := range match(b.Pools, h.Pools, keys) {
		bp, hp := m[0], m[1]
		var p Pool
		switch {
		case bp == nil:
			p = Pool{Kind: Added, After: hp}
		case hp == nil:
			p = Pool{Kind: Removed, Before: bp}
		default:
			p = Pool{Kind: Unchanged, Before: bp, After: hp}
			p.Fields = diffFields(reflect.ValueOf(bp).Elem(), reflect.ValueOf(hp).Elem(), bp.Pos, hp.Pos)
			if bp.Schema != "" && bp.Schema == hp.Schema {
				p.Fields = append(p.Fields, diffSettings(bp, hp)...)
			}
			if bp.Karpenter != nil && hp.Karpenter != nil {
				kf := diffFields(reflect.ValueOf(bp.Karpenter).Elem(), reflect.ValueOf(hp.Karpenter).Elem(), bp.Pos, hp.Pos)
				for i := range kf {
					// replicas written on one side only is a static NodePool
					// made dynamic or the reverse: known when the written
					// side is.
					if f := &kf[i]; f.Name == "replicas" && f.WasSet != f.IsSet {
						r := bp.Karpenter.Replicas
						if f.IsSet {
							r = hp.Karpenter.Replicas
						}
						f.Known = r.Known
					}
				}
				p.Fields = append(p.Fields, kf...)
				if f, ok := diffRequirements(bp, hp); ok {
					p.Fields = append(p.Fields, f)
				}
			}
			if len(p.Fields) > 0 {
				p.Kind = Changed
			}
		}
		if p.Kind != Unchanged {
			c.Kind = Changed
		}
		c.Pools = append(c.Pools, p)
	}
	return c
}

// family groups formats that describe the same resources, so a template
// compiled from Bicep, or a plan of a configuration, matches its source.
func family(format string) string {
	switch format {
	case "bicep":
		return "arm"
	case "terraform-plan":
		return "terraform"
	}
	return format
}

// clusterKeys are a cluster's identities, from the loosest to the most
// precise: the first one unique on both sides is used.
func clusterKeys(c *nodepool.Cluster) []string {
	id := c.ID
	if c.Name.Known && family(c.Format) != "terraform" {
		// The platform knows a cluster by its name; Terraform by address.
		id = "name:" + c.Name.Value
	}
	k := string(c.Provider) + "|" + family(c.Format) + "|" + id
	dir := path.Dir(c.Pos.File)
	return []string{k, k + "|" + dir, k + "|" + c.Pos.File + "|" + c.ID}
}

func poolKeys(c *nodepool.Cluster, p *nodepool.Pool) []string {
	id := p.ID
	if p.Name.Known && family(c.Format) != "terraform" {
		id = "name:" + p.Name.Value
	}
	return []string{id, id + "|" + p.ID}
}

// match pairs the items of base and head with equal keys, using for each
// item the first of its keys that is unique on both sides. Unmatched items
// come back paired with nil.
func match[T any](base, head []T, keys func(T) []string) [][2]T {
	var zero T
	out := make([][2]T, 0, len(head))
	usedB := make([]bool, len(base))
	usedH := make([]bool, len(head))
	bk := make([][]string, len(base))
	hk := make([][]string, len(head))
	for i, b := range base {
		bk[i] = keys(b)
	}
	for i, h := range head {
		hk[i] = keys(h)
	}
	pairs := map[int]int{} // head index → base index
	levels := 0
	for _, k := range append(bk, hk...) {
		levels = max(levels, len(k))
	}
	for lvl := range levels {
		count := func(ks [][]string, used []bool) map[string]int {
			n := map[string]int{}
			for i, k := range ks {
				if !used[i] && lvl < len(k) {
					n[k[lvl]]++
				}
			}
			return n
		}
		nb, nh := count(bk, usedB), count(hk, usedH)
		where := map[string]int{}
		for i, k := range bk {
			if !usedB[i] && lvl < len(k) && nb[k[lvl]] == 1 {
				where[k[lvl]] = i
			}
		}
		for i, k := range hk {
			if usedH[i] || lvl >= len(k) || nh[k[lvl]] != 1 {
				continue
			}
			if j, ok := where[k[lvl]]; ok {
				pairs[i] = j
				usedH[i], usedB[j] = true, true
			}
		}
	}
	for i, h := range head {
		if j, ok := pairs[i]; ok {
			out = append(out, [2]T{base[j], h})
		} else {
			out = append(out, [2]T{zero, h})
		}
	}
	for j, b := range base {
		if !usedB[j] {
			out = append(out, [2]T{b, zero})
		}
	}
	return out
}

var posType = reflect.TypeOf(nodepool.Pos{})

// diffFields compares every nodepool.Field of two structs of one type.
func diffFields(b, h reflect.Value, bPos, hPos nodepool.Pos) []Field {
	var out []Field
	t := b.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		fb, fh := b.Field(i), h.Field(i)
		if !sf.IsExported() || fb.Kind() != reflect.Struct || fb.Type() == posType {
			continue
		}
		known := fb.FieldByName("Known")
		if !known.IsValid() || fb.FieldByName("Value") == (reflect.Value{}) || fb.FieldByName("Set") == (reflect.Value{}) {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			name = sf.Name
		}
		if f, ok := diffField(name, fb, fh, bPos, hPos); ok {
			out = append(out, f)
		}
	}
	return out
}

// state reads one side of a field: its text, whether the source writes it
// (or a default fills it), whether its value is known.
func state(v reflect.Value) (text string, set, known bool, pos nodepool.Pos) {
	set = v.FieldByName("Set").Bool() || v.FieldByName("Known").Bool()
	known = v.FieldByName("Known").Bool()
	pos = v.FieldByName("Pos").Interface().(nodepool.Pos)
	if !set {
		// Written nowhere: for a list that means empty, which is known.
		return "", false, isList(v.FieldByName("Value")), pos
	}
	return render(v.FieldByName("Value")), true, known, pos
}

func isList(v reflect.Value) bool { return v.Kind() == reflect.Slice }

func diffField(name string, b, h reflect.Value, bPos, hPos nodepool.Pos) (Field, bool) {
	bt, bset, bknown, bp := state(b)
	ht, hset, hknown, hp := state(h)
	if !bp.IsValid() {
		bp = bPos
	}
	if !hp.IsValid() {
		hp = hPos
	}
	f := Field{Name: name, Before: bt, After: ht, WasSet: bset, IsSet: hset, Pos: hp, OldPos: bp}
	if !bset && !hset {
		return f, false
	}
	if bset && hset && !bknown && !hknown {
		return f, false // unresolved on both sides: nothing to tell
	}
	// A scalar written on one side only: what the platform makes of the
	// unwritten side is not known here.
	f.Known = bknown && hknown && (bset == hset || isList(b.FieldByName("Value")))
	if !f.Known {
		// Unknown on a side: report it as possibly changed only when the
		// written values differ or one side is unresolved.
		return f, true
	}
	if bt == ht && bset == hset {
		return f, false
	}
	if isList(b.FieldByName("Value")) && bt == ht {
		return f, false // [] written vs nothing written
	}
	return f, true
}

// diffRequirements compares two NodePools' requirements (a plain list in
// the model, read as written) as a set: order does not matter.
func diffRequirements(b, h *nodepool.Pool) (Field, bool) {
	bt := render(reflect.ValueOf(b.Karpenter.Requirements))
	ht := render(reflect.ValueOf(h.Karpenter.Requirements))
	if bt == ht {
		return Field{}, false
	}
	f := Field{Name: "requirements", Before: bt, After: ht, WasSet: bt != "", IsSet: ht != "", Known: true, Pos: h.Pos, OldPos: b.Pos}
	if len(h.Karpenter.Requirements) > 0 {
		f.Pos = h.Karpenter.Requirements[0].Pos
	}
	if len(b.Karpenter.Requirements) > 0 {
		f.OldPos = b.Karpenter.Requirements[0].Pos
	}
	return f, true
}

// render prints a value so that equal settings print equal: lists of
// strings are compared as sets (zones, instance types), labels and taints
// by key.
func render(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Slice:
		var parts []string
		for i := range v.Len() {
			parts = append(parts, render(v.Index(i)))
		}
		sort.Strings(parts)
		parts = slices.Compact(parts)
		return strings.Join(parts, ",")
	case reflect.Struct:
		switch x := v.Interface().(type) {
		case nodepool.Label:
			if !x.ValueKnown {
				return x.Key + "=?"
			}
			return x.Key + "=" + x.Value
		case nodepool.Taint:
			return x.Key + "=" + x.Value + ":" + x.Effect
		case nodepool.Requirement:
			vs := slices.Clone(x.Values)
			sort.Strings(vs)
			return x.Key + " " + x.Operator + " " + strings.Join(vs, "|")
		case nodepool.Budget:
			return x.Nodes + "@" + x.Schedule + "/" + x.Duration + "/" + strings.Join(x.Reasons, "|")
		}
		return fmt.Sprint(v.Interface())
	case reflect.Float64:
		return fmt.Sprintf("%g", v.Float())
	}
	return fmt.Sprint(v.Interface())
}

// diffSettings compares the scalar settings of two pools of one schema
// (lists and objects through their members' entries).
func diffSettings(b, h *nodepool.Pool) []Field {
	paths := map[string]bool{}
	for k := range b.Settings {
		paths[k] = true
	}
	for k := range h.Settings {
		paths[k] = true
	}
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	container := func(f nodepool.Field[any]) bool {
		switch f.Value.(type) {
		case map[string]any, []any:
			return true
		}
		return false
	}
	var out []Field
	for _, k := range keys {
		fb, fh := b.Settings[k], h.Settings[k]
		if container(fb) || container(fh) {
			continue
		}
		bset, hset := fb.Set || fb.Known, fh.Set || fh.Known
		if !bset && !hset {
			continue
		}
		f := Field{Name: k, Setting: true, WasSet: bset, IsSet: hset, Pos: fh.Pos, OldPos: fb.Pos}
		if !f.Pos.IsValid() {
			f.Pos = h.Pos
		}
		if !f.OldPos.IsValid() {
			f.OldPos = b.Pos
		}
		if bset && fb.Known {
			f.Before = fmt.Sprint(fb.Value)
		}
		if hset && fh.Known {
			f.After = fmt.Sprint(fh.Value)
		}
		switch {
		case bset && hset && !fb.Known && !fh.Known:
			continue // unresolved on both sides
		case bset && hset && fb.Known && fh.Known:
			if f.Before == f.After {
				continue
			}
			f.Known = true
		case bset != hset:
			// Written on one side only: what the platform makes of the
			// other is not known here, unless the written side is known
			// and the setting is a flag turned on (absent is off).
			f.Known = (fb.Known || !bset) && (fh.Known || !hset) && (f.Before == "true" || f.After == "true")
		}
		out = append(out, f)
	}
	return out
}
