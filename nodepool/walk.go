package nodepool

import "reflect"

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
	}
}
