package nodepool

import (
	"reflect"
	"sort"
	"sync"
)

var posType = reflect.TypeOf(Pos{})

// RewritePositions applies f to every position in the cluster: the cluster's,
// its pools', every field's and every label's and taint's. Parsers use it
// when positions must move to another file (a template compiled to a
// temporary file, for example).
func RewritePositions(c *Cluster, f func(Pos) Pos) {
	rewrite(reflect.ValueOf(c).Elem(), f)
}

func rewrite(v reflect.Value, f func(Pos) Pos) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == posType {
			v.Set(reflect.ValueOf(f(v.Interface().(Pos))))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				rewrite(v.Field(i), f)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			rewrite(v.Elem(), f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			rewrite(v.Index(i), f)
		}
	case reflect.Map:
		// Settings: map values cannot be set in place; rewrite copies.
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			rewrite(e, f)
			v.SetMapIndex(k, e)
		}
	}
}

// AdoptPositions moves dst's positions to where src, the same cluster read
// from another input, declares each setting: field by field, pools by ID,
// labels by key. A setting src does not write points at src's pool (or
// cluster). Terraform plan clusters use it to point at the .tf lines.
func AdoptPositions(dst, src *Cluster) {
	adoptFields(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem(), src.Pos)
	dst.Pos = src.Pos
	dst.CallSites = src.CallSites
	byID := map[string]*Pool{}
	for _, p := range src.Pools {
		byID[p.ID] = p
	}
	for _, p := range dst.Pools {
		sp := byID[p.ID]
		if sp == nil {
			continue
		}
		adoptFields(reflect.ValueOf(p).Elem(), reflect.ValueOf(sp).Elem(), sp.Pos)
		p.Pos = sp.Pos
		p.CallSites = sp.CallSites
		keyPos := map[string]Pos{}
		for _, l := range sp.Labels.Value {
			keyPos[l.Key] = l.Pos
		}
		for i := range p.Labels.Value {
			if pos, ok := keyPos[p.Labels.Value[i].Key]; ok {
				p.Labels.Value[i].Pos = pos
			} else {
				p.Labels.Value[i].Pos = p.Labels.Pos
			}
		}
		for i := range p.Taints.Value {
			p.Taints.Value[i].Pos = p.Taints.Pos
		}
		for k, f := range p.Settings {
			if sf, ok := sp.Settings[k]; ok && sf.Set {
				f.Pos = sf.Pos
			} else {
				f.Pos = sp.Pos
			}
			p.Settings[k] = f
		}
	}
}

// adoptFields copies the Pos of every Field of src into dst's matching
// Field: src's own when src sets it, otherwise fallback.
func adoptFields(dst, src reflect.Value, fallback Pos) {
	for i := range dst.NumField() {
		df, sf := dst.Field(i), src.Field(i)
		if df.Kind() != reflect.Struct || df.Type() == posType {
			continue
		}
		posF, setF := df.FieldByName("Pos"), sf.FieldByName("Set")
		if !posF.IsValid() || !setF.IsValid() || posF.Type() != posType {
			continue
		}
		if setF.Bool() {
			posF.Set(sf.FieldByName("Pos"))
		} else {
			posF.Set(reflect.ValueOf(fallback))
		}
	}
}

// Files lists the files the cluster's positions name, sorted.
func Files(c *Cluster) []string {
	seen := map[string]bool{}
	collectFiles(reflect.ValueOf(c).Elem(), seen)
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// posFields caches, per struct type, the indices of the exported fields
// that can hold a Pos.
var posFields sync.Map // reflect.Type -> []int

// holdsPos reports whether a type can contain a Pos (computing posFields
// for structs on the way).
func holdsPos(t reflect.Type, visiting map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		return holdsPos(t.Elem(), visiting)
	case reflect.Struct:
		if t == posType {
			return true
		}
		if v, ok := posFields.Load(t); ok {
			return len(v.([]int)) > 0
		}
		if visiting[t] {
			return false
		}
		visiting[t] = true
		var idx []int
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsPos(f.Type, visiting) {
				idx = append(idx, i)
			}
		}
		posFields.Store(t, idx)
		return len(idx) > 0
	}
	return false
}

func collectFiles(v reflect.Value, seen map[string]bool) {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		if t == posType {
			if f := v.Field(0).String(); f != "" {
				seen[f] = true
			}
			return
		}
		idx, ok := posFields.Load(t)
		if !ok {
			holdsPos(t, map[reflect.Type]bool{})
			idx, _ = posFields.Load(t)
		}
		for _, i := range idx.([]int) {
			collectFiles(v.Field(i), seen)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			collectFiles(v.Elem(), seen)
		}
	case reflect.Slice:
		if v.Len() > 0 && holdsPos(v.Type().Elem(), map[reflect.Type]bool{}) {
			for i := range v.Len() {
				collectFiles(v.Index(i), seen)
			}
		}
	}
}
