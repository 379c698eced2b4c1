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
	"github.com/zclconf/go-cty/cty"

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
	Blocks: []hcl.BlockHeaderSchema{{Type: "terraform"}, {Type: "locals"},
		{Type: "include"}, {Type: "include", LabelNames: []string{"name"}}},
}

var terragruntSourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}

// poolModuleSource finds, in a Terragrunt source, a module known to declare
// node pools: the registry modules poollint reads, and their repositories.
var poolModuleSource = regexp.MustCompile(`(?i)terraform-aws-modules/(terraform-aws-)?eks|cloudposse/(terraform-aws-)?eks-(node-group|cluster)|azure/(terraform-azurerm-)?aks|avm-res-containerservice-managedcluster|aws-ia/(terraform-aws-)?eks-(blueprints|data-addons)`)

func parseTerragrunt(in *parsers.Input) parsers.Result {
	funcs := map[string]bool{}
	f, diags, ok := parseUncached(in.Options, hclparse.NewParser(), in.Path, in.Data, funcs)
	res := parsers.Result{Diags: diags}
	if !ok || f == nil {
		return res
	}
	content, _, _ := f.Body.PartialContent(terragruntSchema)
	source, at := "", nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	var sourceAttr *hcl.Attribute
	var includes []*hcl.Block
	for _, b := range content.Blocks {
		switch b.Type {
		case "include":
			includes = append(includes, b)
		case "terraform":
			if sc, _, _ := b.Body.PartialContent(terragruntSourceSchema); sc != nil && sc.Attributes["source"] != nil {
				sourceAttr = sc.Attributes["source"]
				source = strings.TrimSpace(string(sourceAttr.Expr.Range().SliceBytes(in.Data)))
				at = rangePos(sourceAttr.Expr.Range())
			}
		}
	}
	if read, ok := readTerragrunt(in, content, sourceAttr, includes, funcs); ok {
		read.Diags = append(res.Diags, read.Diags...)
		return read
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

// readTerragrunt evaluates a Terragrunt configuration that calls a registry
// module poollint reads without its source (registry*.go): tfr:// sources,
// and the module's GitHub repository at a version tag. The inputs are the
// call's arguments, Terragrunt's locals its locals; include, dependency and
// Terragrunt's functions are unknown. With an include, an input not written
// here may be set by the included file: it is unknown, not the module's
// default, and pools the included file declares are noted as not read.
// The addresses are the module's own (the configuration is its root).
func readTerragrunt(in *parsers.Input, content *hcl.BodyContent, sourceAttr *hcl.Attribute, includes []*hcl.Block, funcs map[string]bool) (parsers.Result, bool) {
	inputs := content.Attributes["inputs"]
	if sourceAttr == nil || inputs == nil {
		return parsers.Result{}, false
	}
	obj, ok := inputs.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return parsers.Result{}, false
	}
	dir := filepath.ToSlash(filepath.Dir(in.Path))
	b := &builder{opts: in.Options, root: dir, ev: newEvaluator(in.Context()), absentUnknown: len(includes) > 0}
	b.ev.root = dir
	src := b.ev.static(sourceAttr.Expr)
	if src.Type() != cty.String || !src.IsKnown() || src.IsNull() {
		return parsers.Result{}, false
	}
	addr, version, ok := terragruntRegistry(src.AsString())
	if !ok {
		return parsers.Result{}, false
	}
	attrs := hclsyntax.Attributes{}
	for _, it := range obj.Items {
		k := hcl.ExprAsKeyword(it.KeyExpr)
		if k == "" {
			if t, isT := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); isT {
				k = hcl.ExprAsKeyword(t.Wrapped)
			}
		}
		if k == "" || k == "version" || k == "source" || k == "count" || k == "for_each" {
			return parsers.Result{}, false // an input poollint cannot name, or a meta-argument's name
		}
		attrs[k] = &hclsyntax.Attribute{Name: k, Expr: it.ValueExpr, SrcRange: hcl.RangeBetween(it.KeyExpr.Range(), it.ValueExpr.Range()), NameRange: it.KeyExpr.Range()}
	}
	srcRange := sourceAttr.Expr.Range()
	if version != "" {
		attrs["version"] = &hclsyntax.Attribute{Name: "version", Expr: &hclsyntax.LiteralValueExpr{Val: cty.StringVal(version), SrcRange: srcRange}, SrcRange: srcRange, NameRange: srcRange}
	}
	m := &module{dir: dir, vars: map[string]*variable{}, locals: map[string]*hcl.Attribute{}, funcNames: funcs, ev: b.ev}
	for _, bl := range content.Blocks {
		if bl.Type != "locals" {
			continue
		}
		las, ldiags := bl.Body.JustAttributes()
		b.diags = append(b.diags, hclDiags(ldiags)...)
		for name, a := range las {
			m.locals[name] = a
		}
	}
	bl := &block{kind: "module", name: "terragrunt", source: addr, defRange: sourceAttr.Range,
		body: &hclsyntax.Body{Attributes: attrs, SrcRange: obj.SrcRange, EndRange: obj.SrcRange}}
	if !b.registryCall(m, bl, instance{ctx: m.evalContext()}, "", nil, nil) {
		return parsers.Result{}, false
	}
	b.diags = append(b.diags, b.ev.diags...)
	clusters := b.link()
	for _, c := range clusters {
		c.ID = strings.Replace(c.ID, "module.terragrunt.", "", 1)
		for _, p := range c.Pools {
			p.ID = strings.Replace(p.ID, "module.terragrunt.", "", 1)
		}
	}
	if len(includes) > 0 {
		b.diags = append(b.diags, parsers.Notef(rangePos(includes[0].DefRange), "Terragrunt include: the inputs of the %d configuration(s) included are not read; node pools declared there are not checked, and inputs not written here are unknown", len(includes)).WithUnread(finding.UnreadTerragrunt))
	}
	return parsers.Result{Clusters: clusters, Diags: b.diags}, true
}

// terragruntRepo is a module repository on GitHub, terraform-<provider>-<name>.
var terragruntRepo = regexp.MustCompile(`^(?:git::)?(?:https://|ssh://git@|git@)?github\.com[/:]([A-Za-z0-9-]+)/terraform-([a-z0-9]+)-([A-Za-z0-9-]+?)(?:\.git)?(//[^?]*)?(?:\?ref=v?([0-9]+\.[0-9]+\.[0-9]+))?$`)

// terragruntRegistry reads a Terragrunt source as a registry module address
// (namespace/name/provider[//subdir]) and version: tfr:///ns/name/provider
// [//subdir]?version=X (tfr://registry.terraform.io/… too), or the module's
// repository on GitHub at a tag, …?ref=vX.Y.Z. ok is false for anything
// else (a local path, another host, a branch).
func terragruntRegistry(s string) (addr, version string, ok bool) {
	if rest, isTfr := strings.CutPrefix(s, "tfr://"); isTfr {
		rest = strings.TrimPrefix(rest, "registry.terraform.io")
		rest = strings.TrimPrefix(rest, "registry.opentofu.org")
		if !strings.HasPrefix(rest, "/") {
			return "", "", false
		}
		rest, query, _ := strings.Cut(rest[1:], "?")
		if v, found := strings.CutPrefix(query, "version="); found {
			version = v
		}
		if _, _, valid := registrySource(rest); !valid {
			return "", "", false
		}
		return rest, version, true
	}
	m := terragruntRepo.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	addr = m[1] + "/" + m[3] + "/" + m[2] + m[4]
	if _, _, valid := registrySource(addr); !valid {
		return "", "", false
	}
	return addr, m[5], true
}
