package main

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/report"
)

// writeModelText is `poollint model --format text`: each cluster and pool
// with the values that could not be resolved, and why (the rules that
// need them skip them).
func writeModelText(w io.Writer, clusters []*nodepool.Cluster) error {
	var b strings.Builder
	line := func(indent int, s string) {
		b.WriteString(strings.Repeat("  ", indent))
		b.WriteString(report.SafeLine(s))
		b.WriteByte('\n')
	}
	unknown := 0
	for _, c := range clusters {
		line(0, fmt.Sprintf("cluster %s (%s, %s)", c.DisplayName(), c.Format, c.Pos))
		for _, u := range unknownValues(reflect.ValueOf(c).Elem(), "") {
			line(1, u)
			unknown++
		}
		if c.PoolsUnknown {
			why := nodepool.Field[any]{Pos: c.Pos, Why: c.PoolsWhy, WhyPos: c.PoolsWhyPos}.Explain()
			if why == "" {
				why = "some are given by a value that cannot be resolved"
			}
			line(1, "more pools than these, not checked: "+why)
		}
		for _, p := range c.Pools {
			us := unknownValues(reflect.ValueOf(p).Elem(), "")
			if p.Karpenter != nil {
				us = append(us, unknownValues(reflect.ValueOf(p.Karpenter).Elem(), "karpenter.")...)
			}
			if len(us) == 0 {
				line(1, fmt.Sprintf("pool %s (%s): every value is known", p.DisplayName(), p.Pos))
				continue
			}
			line(1, fmt.Sprintf("pool %s (%s):", p.DisplayName(), p.Pos))
			for _, u := range us {
				line(2, u)
			}
			unknown += len(us)
		}
	}
	line(0, fmt.Sprintf("%s in %s", counted(unknown, "unknown value"), counted(len(clusters), "cluster")))
	_, err := io.WriteString(w, b.String())
	return err
}

// unknownValues lists the set but unknown fields of a cluster, pool or
// Karpenter part, by their JSON names: "vmSize: reference() is known only
// at deployment (line 12)".
func unknownValues(v reflect.Value, prefix string) []string {
	var out []string
	eachUnknown(v, func(name string, f reflect.Value) {
		why := "cannot be resolved offline"
		if m := f.MethodByName("Explain"); m.IsValid() {
			if s := m.Call(nil)[0].String(); s != "" {
				why = s
			}
		}
		at := f.FieldByName("Pos").Interface().(nodepool.Pos)
		out = append(out, fmt.Sprintf("%s%s (line %d): %s", prefix, name, at.Line, why))
	})
	return out
}

// eachUnknown calls fn with the model name (its JSON name, as `poollint
// model` prints it) and the value of each nodepool.Field of the struct v
// that is set but could not be resolved offline.
func eachUnknown(v reflect.Value, fn func(name string, f reflect.Value)) {
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Struct {
			continue
		}
		known, set := f.FieldByName("Known"), f.FieldByName("Set")
		if !known.IsValid() || !set.IsValid() || known.Kind() != reflect.Bool || set.Kind() != reflect.Bool {
			continue
		}
		if !set.Bool() || known.Bool() {
			continue
		}
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			name = t.Field(i).Name
		}
		fn(name, f)
	}
}

// counted is "1 cluster", "2 clusters".
func counted(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
