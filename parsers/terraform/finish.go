package terraform

import (
	"path"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// Finish implements parsers.Finisher. It points a Terraform plan's clusters
// at the configuration they were planned from, when the scan read it too:
// the cluster with the same address whose root module is the plan file's
// directory. The plan's values are kept (they are fully known); the
// configuration's evaluation of the same cluster is dropped.
func (Parser) Finish(cs []*nodepool.Cluster) []*nodepool.Cluster {
	type key struct{ dir, id string }
	config := map[key]*nodepool.Cluster{}
	for _, c := range cs {
		if c.Format != string(parsers.FormatTerraform) {
			continue
		}
		root := c.Pos.File
		if len(c.CallSites) > 0 {
			root = c.CallSites[0].File
		}
		config[key{path.Dir(root), c.ID}] = c
	}
	if len(config) == 0 {
		return cs
	}
	adopted := map[*nodepool.Cluster]bool{}
	for _, c := range cs {
		if c.Format != string(parsers.FormatTerraformPlan) {
			continue
		}
		if src := config[key{path.Dir(c.Pos.File), c.ID}]; src != nil {
			nodepool.AdoptPositions(c, src)
			adopted[src] = true
		}
	}
	return parsers.Drop(cs, adopted)
}
