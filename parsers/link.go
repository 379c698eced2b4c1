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
// through a module call, which evaluates it with the caller's arguments.
func dropStandaloneModules(cs []*nodepool.Cluster) []*nodepool.Cluster {
	called := map[nodepool.Pos]bool{}
	for _, c := range cs {
		if len(c.CallSites) > 0 {
			called[c.Pos] = true
		}
		for _, p := range c.Pools {
			if len(p.CallSites) > 0 {
				called[p.Pos] = true
			}
		}
	}
	if len(called) == 0 {
		return cs
	}
	out := cs[:0]
	for _, c := range cs {
		if len(c.CallSites) == 0 && called[c.Pos] {
			continue
		}
		if len(c.CallSites) == 0 && c.Partial {
			// Pools of a cluster declared elsewhere (a Bicep module's
			// agentPools): drop the standalone reading of the ones that
			// were also reached through a module call.
			pools := c.Pools[:0]
			for _, p := range c.Pools {
				if !called[p.Pos] {
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
