package parsers

import (
	"path"

	"github.com/poollint/poollint/nodepool"
)

// joinLinked merges clusters that name the same cluster (LinkKey) in one
// directory: Cluster API pools in pools.yaml join the control plane in
// cluster.yaml. The declared cluster (not partial) receives the others'
// pools; when none is declared, the first partial one does.
func joinLinked(cs []*nodepool.Cluster) []*nodepool.Cluster {
	type key struct{ dir, link string }
	groups := map[key][]*nodepool.Cluster{}
	for _, c := range cs {
		if c.LinkKey != "" {
			k := key{path.Dir(c.Pos.File), c.LinkKey}
			groups[k] = append(groups[k], c)
		}
	}
	merged := map[*nodepool.Cluster]bool{}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		base := g[0]
		for _, c := range g {
			if !c.Partial {
				base = c
				break
			}
		}
		for _, c := range g {
			if c == base {
				continue
			}
			base.Pools = append(base.Pools, c.Pools...)
			if c.PoolsUnknown {
				base.PoolsUnknownBecause(c.PoolsWhy, c.PoolsWhyPos)
			}
			merged[c] = true
		}
	}
	return Drop(cs, merged)
}

// Drop returns cs without the clusters in drop, in order (reusing cs).
func Drop(cs []*nodepool.Cluster, drop map[*nodepool.Cluster]bool) []*nodepool.Cluster {
	out := cs[:0]
	for _, c := range cs {
		if !drop[c] {
			out = append(out, c)
		}
	}
	return out
}

// dropStandaloneModules removes clusters evaluated from a module directory
// on its own (variables unknown) when the same declaration was also reached
// through a module call, which evaluates it with the caller's arguments. A
// module read on its own may itself call modules: when another reading
// entered that module through a module call, its own reading is dropped too
// (its inner calls' instances are the caller's to decide).
func dropStandaloneModules(cs []*nodepool.Cluster) []*nodepool.Cluster {
	// A Terraform module is a directory; a template or Bicep module a file.
	unit := func(c *nodepool.Cluster, file string) string {
		if c.Format == string(FormatTerraform) {
			return path.Dir(file) + "/"
		}
		return file
	}
	reached := map[nodepool.Pos]bool{} // declarations reached through a call
	entered := map[string]bool{}       // modules entered through a call
	note := func(c *nodepool.Cluster, at nodepool.Pos, sites []nodepool.Pos) {
		if len(sites) == 0 {
			return
		}
		reached[at] = true
		// Each call after the first is written in the module the one
		// before it entered. (A declaration's own position may be the
		// caller's: a registry module read from a table.)
		for _, s := range sites[1:] {
			entered[unit(c, s.File)] = true
		}
	}
	for _, c := range cs {
		note(c, c.Pos, c.CallSites)
		for _, p := range c.Pools {
			note(c, p.Pos, p.CallSites)
		}
	}
	if len(reached) == 0 {
		return cs
	}
	// standalone: a reading of a module on its own that a call entered.
	standalone := func(c *nodepool.Cluster, at nodepool.Pos, sites []nodepool.Pos) bool {
		if len(sites) == 0 {
			return reached[at]
		}
		return entered[unit(c, sites[0].File)]
	}
	out := cs[:0]
	for _, c := range cs {
		if standalone(c, c.Pos, c.CallSites) {
			continue
		}
		if c.Partial {
			// Pools of a cluster declared elsewhere (a Bicep module's
			// agentPools): drop the standalone reading of the ones that
			// were also reached through a module call.
			pools := c.Pools[:0]
			for _, p := range c.Pools {
				if !standalone(c, p.Pos, p.CallSites) {
					pools = append(pools, p)
				}
			}
			dropped := len(pools) < len(c.Pools)
			c.Pools = pools
			if dropped && len(pools) == 0 {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}
