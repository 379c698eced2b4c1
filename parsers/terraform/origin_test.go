package terraform

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/poollint/poollint/nodepool"
)

// An argument that spells its value out is a literal, whatever its shape;
// one that reads a reference, calls a function or decides is computed.
func TestOriginOfWrittenOut(t *testing.T) {
	m := &module{}
	for src, want := range map[string]nodepool.Origin{
		`-1`:                          nodepool.OriginLiteral,
		`[]`:                          nodepool.OriginLiteral,
		`["a", "b"]`:                  nodepool.OriginLiteral,
		`{ a = 1, "b" = [-2] }`:       nodepool.OriginLiteral,
		`"x"`:                         nodepool.OriginLiteral,
		`[local.x]`:                   nodepool.OriginExpression,
		`{ a = local.x }`:             nodepool.OriginExpression,
		`-local.x`:                    nodepool.OriginExpression,
		`!true`:                       nodepool.OriginExpression,
		`max(1, 2)`:                   nodepool.OriginExpression,
		`true ? 1 : 2`:                nodepool.OriginExpression,
		`[for s in ["a"] : upper(s)]`: nodepool.OriginExpression,
		`"a${local.x}"`:               nodepool.OriginExpression,
		`1 + 1`:                       nodepool.OriginExpression,
	} {
		e, diags := hclsyntax.ParseExpression([]byte(src), "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", src, diags)
		}
		if got, _ := m.originOf(e); got != want {
			t.Errorf("%s: origin %v, want %v", src, got, want)
		}
	}
}
