package scan

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestEveryUnknownSaysWhy: over the fixtures and the corpus, every field
// set but not resolved offline carries the reason (Field.Why) that
// `poollint model` shows, and a cluster with pools not all known says why
// (PoolsWhy).
func TestEveryUnknownSaysWhy(t *testing.T) {
	paths := []string{"../fixtures"}
	if _, err := os.Stat(corpusDir + "/MANIFEST.tsv"); err == nil {
		paths = append(paths, corpusDir) // the fixtures alone without ../shared
	}
	res := Load(context.Background(), Options{Paths: paths})
	missing := 0
	for _, c := range res.Clusters {
		report := func(where nodepool.Pos, what string) {
			if missing++; missing <= 20 {
				t.Errorf("%s: %s is unknown without a reason", where, what)
			}
		}
		checkWhy(reflect.ValueOf(c).Elem(), "cluster "+c.ID, report)
		for _, p := range c.Pools {
			checkWhy(reflect.ValueOf(p).Elem(), "pool "+p.ID, report)
			if p.Karpenter != nil {
				checkWhy(reflect.ValueOf(p.Karpenter).Elem(), "pool "+p.ID, report)
			}
		}
	}
	if missing > 20 {
		t.Errorf("… %d unknown values without a reason in all", missing)
	}
}

// checkWhy reports the nodepool.Field members of v that are set, unknown
// and without a reason.
func checkWhy(v reflect.Value, what string, report func(nodepool.Pos, string)) {
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Struct || !t.Field(i).IsExported() {
			continue
		}
		set, known, why := f.FieldByName("Set"), f.FieldByName("Known"), f.FieldByName("Why")
		if !set.IsValid() || !known.IsValid() || !why.IsValid() || why.Kind() != reflect.String {
			continue
		}
		if set.Bool() && !known.Bool() && why.String() == "" {
			report(f.FieldByName("Pos").Interface().(nodepool.Pos), what+" "+t.Field(i).Name)
		}
	}
}
