package rules

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poollint/poollint/nodepool"
)

// modelInput converts a cluster to the Rego input: exactly the JSON that
// `poollint model` prints (TestModelInputMatchesJSON holds them equal), built
// directly from the struct, without encoding and decoding JSON.
func modelInput(c *nodepool.Cluster) (ast.Value, error) {
	return toValue(reflect.ValueOf(c)), nil
}

// fieldInfo is a struct field's JSON name and options.
type fieldInfo struct {
	index     int
	name      string
	omitEmpty bool
	omitZero  bool
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo)
	}
	var out []fieldInfo
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		out = append(out, fieldInfo{index: i, name: name, omitEmpty: strings.Contains(opts, "omitempty"), omitZero: strings.Contains(opts, "omitzero")})
	}
	fieldCache.Store(t, out)
	return out
}

func toValue(v reflect.Value) ast.Value {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.Null{}
		}
		return toValue(v.Elem())
	case reflect.Struct:
		fields := fieldsOf(v.Type())
		terms := make([][2]*ast.Term, 0, len(fields))
		for _, f := range fields {
			fv := v.Field(f.index)
			if f.omitEmpty && fv.IsZero() {
				continue
			}
			if f.omitZero {
				if z, ok := fv.Interface().(interface{ IsZero() bool }); (ok && z.IsZero()) || (!ok && fv.IsZero()) {
					continue
				}
			}
			if f.omitEmpty && (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0 {
				continue
			}
			terms = append(terms, [2]*ast.Term{ast.StringTerm(f.name), ast.NewTerm(toValue(fv))})
		}
		return ast.NewObject(terms...)
	case reflect.Slice:
		if v.IsNil() {
			return ast.Null{}
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			terms[i] = ast.NewTerm(toValue(v.Index(i)))
		}
		return ast.NewArray(terms...)
	case reflect.String:
		return ast.String(v.String())
	case reflect.Bool:
		return ast.Boolean(v.Bool())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return ast.Number(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64, reflect.Float32:
		return ast.Number(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	}
	// Anything else: fall back to JSON.
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return ast.Null{}
	}
	val, err := ast.ValueFromReader(strings.NewReader(string(b)))
	if err != nil {
		return ast.Null{}
	}
	return val
}
