package terraform

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// Terragrunt: a terragrunt.hcl calls a module (terraform { source = … })
// with its inputs, often through include, dependency and Terragrunt's own
// functions. poollint does not read it; rather than skip it silently, a
// configuration whose inputs name node pools, or whose source is a module
// poollint knows declares pools, gets a note counted among the parts not
// read, saying how many pools are written in it and how to check them (the
// plan's JSON, which poollint reads with every value known).

const terragruntFile = "terragrunt.hcl"

func isTerragrunt(path string) bool { return filepath.Base(path) == terragruntFile }

var terragruntSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "inputs"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "terraform"}},
}

var terragruntSourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}

// poolModuleSource finds, in a Terragrunt source, a module known to declare
// node pools: the registry modules poollint reads, and their repositories.
var poolModuleSource = regexp.MustCompile(`(?i)terraform-aws-modules/(terraform-aws-)?eks|cloudposse/(terraform-aws-)?eks-(node-group|cluster)|azure/(terraform-azurerm-)?aks|avm-res-containerservice-managedcluster|aws-ia/(terraform-aws-)?eks-(blueprints|data-addons)`)

func parseTerragrunt(in *parsers.Input) parsers.Result {
	f, diags, ok := parseUncached(in.Options, hclparse.NewParser(), in.Path, in.Data, map[string]bool{})
	res := parsers.Result{Diags: diags}
	if !ok || f == nil {
		return res
	}
	content, _, _ := f.Body.PartialContent(terragruntSchema)
	source, at := "", nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	for _, b := range content.Blocks {
		if sc, _, _ := b.Body.PartialContent(terragruntSourceSchema); sc != nil && sc.Attributes["source"] != nil {
			a := sc.Attributes["source"]
			source = strings.TrimSpace(string(a.Expr.Range().SliceBytes(in.Data)))
			at = rangePos(a.Expr.Range())
		}
	}
	var keys []string // the inputs naming pools, with the count of each literal map
	counted, all := 0, true
	if a := content.Attributes["inputs"]; a != nil {
		if oc, isObj := a.Expr.(*hclsyntax.ObjectConsExpr); isObj {
			for _, it := range oc.Items {
				k := hcl.ExprAsKeyword(it.KeyExpr)
				if k == "" || !(poolInput.MatchString(k) || poolKeys(it.ValueExpr, 2)) {
					continue
				}
				if len(keys) == 0 {
					at = rangePos(it.KeyExpr.Range())
				}
				keys = append(keys, k)
				if !isPoolMap(k) {
					continue
				}
				if counted == 0 && all {
					at = rangePos(it.KeyExpr.Range()) // the first map of pools
				}
				if m, lit := it.ValueExpr.(*hclsyntax.ObjectConsExpr); lit {
					counted += len(m.Items)
				} else {
					all = false
				}
			}
		} else if a.Expr != nil {
			all = false
		}
	}
	if len(keys) == 0 && !poolModuleSource.MatchString(source) {
		return res // a configuration of something else (a VPC, IAM)
	}
	sort.Strings(keys)
	what := "node pools declared in it are not checked"
	if counted > 0 {
		what = fmt.Sprintf("%d node pool(s) written in its inputs%s are not checked", counted, map[bool]string{true: "", false: " (and any others)"}[all])
	}
	src := source
	if src == "" {
		src = "no terraform.source"
	}
	inputs := ""
	if len(keys) > 0 {
		inputs = " (inputs " + strings.Join(keys, ", ") + ")"
	}
	res.Diags = append(res.Diags, parsers.Notef(at, "Terragrunt configuration not read: the module it calls (%s)%s is not evaluated, so %s; scan the plan's JSON instead (terragrunt plan -out=tfplan, then terragrunt show -json tfplan)",
		src, inputs, what).WithUnread(finding.UnreadTerragrunt))
	return res
}

// isPoolMap reports an input that is a map of node pools, one per entry.
func isPoolMap(name string) bool {
	for _, n := range poolInputs {
		if n == name {
			return true
		}
	}
	return name == "managed_node_groups" || name == "self_managed_node_groups"
}
