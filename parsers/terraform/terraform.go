// Package terraform reads Terraform configurations into the common node-pool
// model: azurerm_kubernetes_cluster (its default_node_pool is the default
// pool) with azurerm_kubernetes_cluster_node_pool, in azurerm v3 and v4
// spellings, azapi_resource AKS clusters and agent pools (azapi.go),
// aws_eks_cluster with aws_eks_node_group, and self-managed node groups:
// autoscaling groups tagged with their cluster (asg.go). A directory is one
// module: all its .tf and .tf.json files, variable defaults, terraform.tfvars,
// *.auto.tfvars, -var-file and -var values, and locals, evaluated with
// Terraform's functions as go-cty implements them. count, for_each and
// dynamic blocks expand; local modules (and installed ones listed in
// .terraform/modules/modules.json, or downloaded with --download-modules,
// download.go) are instantiated with the caller's arguments, variable
// types applied (vartype.go). Well-known registry modules that are not
// installed are read from tables of how each major version turns its
// inputs into clusters and pools (registry*.go). Resource attributes and
// data sources are unknown offline.
// Plan JSON (`terraform show -json`) is read too, with fully known values.
//
// The files may come from an untrusted pull request. Everything besides
// the input is read through parsers.Options, confined to the scan roots
// (modules, tfvars, modules.json, symbolic links). Files are scanned for
// nesting before the HCL parsers see them (depth.go), and evaluation is
// bounded by budgets and the scan's context (budget.go, rewrite.go,
// funcs.go): what goes over is unknown, with an error at its position.
package terraform

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/parsers"
)

// Parser is the Terraform format.
type Parser struct{}

// Name implements parsers.Parser.
func (Parser) Name() string { return "terraform" }

// Extensions implements parsers.Parser.
func (Parser) Extensions() []string {
	return []string{".tf", ".tf.json", ".tfvars", ".tfvars.json", ".json", terragruntFile}
}

// Detect implements parsers.Parser: configuration and variable files by
// name, plan JSON by content, terragrunt.hcl by name (terragrunt.go).
func (Parser) Detect(path string, data []byte) bool {
	lower := strings.ToLower(path)
	for _, ext := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return isTerragrunt(path) || isPlan(data)
}

func isPlan(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte(`"format_version"`)) && bytes.Contains(data, []byte(`"planned_values"`))
}

// Group implements parsers.Grouped: the configuration files of a
// directory are one module, built once (Parse).
func (Parser) Group(path string) string {
	if isTerragrunt(path) {
		return ""
	}
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".json") && !strings.HasSuffix(lower, ".tf.json") && !strings.HasSuffix(lower, ".tfvars.json") {
		return "" // a plan
	}
	return dirKey(path)
}

// dirKey names the module directory of a configuration file.
func dirKey(path string) string {
	dir := filepath.ToSlash(filepath.Dir(path))
	if abs, err := filepath.Abs(dir); err == nil {
		return "terraform-dir:" + abs
	}
	return "terraform-dir:" + dir
}

// Parse implements parsers.Parser. Every file of a directory yields the whole
// directory's result, computed once per scan.
func (Parser) Parse(in *parsers.Input) parsers.Result {
	lower := strings.ToLower(in.Path)
	if isTerragrunt(in.Path) {
		return parseTerragrunt(in) // terragrunt.go: noted, not read
	}
	if strings.HasSuffix(lower, ".json") && !strings.HasSuffix(lower, ".tf.json") && !strings.HasSuffix(lower, ".tfvars.json") {
		return parsePlan(in)
	}
	dir := filepath.ToSlash(filepath.Dir(in.Path))
	return in.Options.Once(dirKey(in.Path), func() any { return buildRoot(in.Context(), dir, in.Options) }).(parsers.Result)
}
