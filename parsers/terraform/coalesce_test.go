package terraform

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// TestCoalesceAsTerraform: coalesce() passes over empty strings as
// Terraform's does (go-cty's returned ""), and an unknown argument before
// the one chosen leaves the result unknown. aws-samples' self-managed node
// group module names its group coalesce(var.name, "${var.name_prefix}-${
// random_id.x.hex}") with name = "": the name read "cluster-", a guess.
func TestCoalesceAsTerraform(t *testing.T) {
	for _, tc := range []struct {
		expr  string
		want  string // "" for unknown
		known bool
	}{
		{`coalesce(var.empty, "fallback")`, "fallback", true},
		{`coalesce("", "", "third")`, "third", true},
		{`coalesce(null, "a", "b")`, "a", true},
		{`coalesce(var.empty, "ng-${random_id.x.hex}")`, "", false},
		{`coalesce(random_id.x.hex, "b")`, "", false},
		{`coalesce("a", random_id.x.hex)`, "a", true},
		{`"c-${coalesce(var.empty, "ng-${random_id.x.hex}")}"`, "", false},
		// An unknown argument carries its reason as a mark: coalesce
		// failed on it (a nil mark set), and try() then took the guess
		// (Azure/aks/azurerm's cluster name).
		{`try(coalesce(var.empty, trim("${random_id.x.hex}-ng", "-")), "guess")`, "", false},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": `variable "empty" {
  default = ""
}
resource "random_id" "x" {
  byte_length = 4
}
resource "aws_eks_cluster" "c" {
  name = "c"
}
resource "aws_eks_node_group" "ng" {
  cluster_name    = aws_eks_cluster.c.name
  node_group_name = ` + tc.expr + `
  scaling_config {
    desired_size = 1
    min_size     = 1
    max_size     = 2
  }
}
`})
			res := parseDir(t, dir, nil)
			if errs := errorsOf(res, dir); len(errs) > 0 {
				t.Fatalf("errors %q", errs)
			}
			var names []string
			for _, c := range res.Clusters {
				for _, p := range c.Pools {
					if p.Name.Known != tc.known || p.Name.Known && p.Name.Value != tc.want {
						t.Errorf("name = %+v, want known=%v %q", p.Name, tc.known, tc.want)
					}
					names = append(names, p.Name.Value)
				}
			}
			if len(names) != 1 {
				t.Fatalf("%d pools, want 1", len(names))
			}
		})
	}
}

// TestFunctionFaultIsUnknown: a function that fails inside (go-cty turns
// its panic into an error) gives an unknown value, not an error try()
// would answer with its fallback: the fallback is a guess at a value
// Terraform computes.
func TestFunctionFaultIsUnknown(t *testing.T) {
	tfFunctions["poollint_fault"] = function.New(&function.Spec{
		Type: function.StaticReturnType(cty.String),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { panic("fault") },
	})
	t.Cleanup(func() { delete(tfFunctions, "poollint_fault") })
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "aws_eks_cluster" "c" {
  name = "c"
}
resource "aws_eks_node_group" "ng" {
  cluster_name    = aws_eks_cluster.c.name
  node_group_name = try(poollint_fault(), "guess")
  scaling_config {
    desired_size = 1
    min_size     = 1
    max_size     = 2
  }
}
`})
	res := parseDir(t, dir, nil)
	if errs := errorsOf(res, dir); len(errs) > 0 {
		t.Fatalf("errors %q", errs)
	}
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	if n := res.Clusters[0].Pools[0].Name; n.Known || n.Why == "" {
		t.Errorf("name %+v, want unknown with a reason", n)
	}
}
