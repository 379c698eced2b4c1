package terraform

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/poollint/poollint/parsers"
)

// TestVarTypeOnce: a type text is read once per scan, wherever it is
// written; another text is another type.
func TestVarTypeOnce(t *testing.T) {
	opts := &parsers.Options{}
	read := func(src string) *varType {
		t.Helper()
		f, diags := hclsyntax.ParseConfig([]byte(src), "v.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		attrs, _ := f.Body.JustAttributes()
		return varTypeOf(opts, attrs["type"].Expr, []byte(src))
	}
	a := read("type = map(object({ n = optional(number, 3) }))")
	b := read("\n\n  type   =   map(object({ n = optional(number, 3) }))")
	c := read("type = list(string)")
	if a == nil || a != b {
		t.Errorf("the same type text read twice: %p and %p", a, b)
	}
	if c == nil || c == a || !c.typ.Equals(cty.List(cty.String)) {
		t.Errorf("list(string): %+v", c)
	}
	if !a.typ.Equals(cty.Map(cty.ObjectWithOptionalAttrs(map[string]cty.Type{"n": cty.Number}, []string{"n"}))) || a.defaults == nil {
		t.Errorf("map(object): %#v", a.typ)
	}
}
