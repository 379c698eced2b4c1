package parsers

import (
	"path"
	"strings"

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
			base.PoolsUnknown = base.PoolsUnknown || c.PoolsUnknown
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
// module read on its own may itself call modules: its reading is the longer
// chain's tail (root → mod → inner against mod → inner), and is dropped too.
func dropStandaloneModules(cs []*nodepool.Cluster) []*nodepool.Cluster {
	chains := map[nodepool.Pos][]string{}
	note := func(at nodepool.Pos, sites []nodepool.Pos) {
		if len(sites) > 0 {
			chains[at] = append(chains[at], callChain(sites))
		}
	}
	for _, c := range cs {
		note(c.Pos, c.CallSites)
		for _, p := range c.Pools {
			note(p.Pos, p.CallSites)
		}
	}
	if len(chains) == 0 {
		return cs
	}
	// called: reached by a longer chain of calls ending with sites.
	called := func(at nodepool.Pos, sites []nodepool.Pos) bool {
		tail := callChain(sites)
		for _, ch := range chains[at] {
			if len(ch) > len(tail) && strings.HasSuffix(ch, tail) && (tail == "" || ch[len(ch)-len(tail)-1] == '>') {
				return true
			}
		}
		return false
	}
	out := cs[:0]
	for _, c := range cs {
		if called(c.Pos, c.CallSites) {
			continue
		}
		if c.Partial {
			// Pools of a cluster declared elsewhere (a Bicep module's
			// agentPools): drop the standalone reading of the ones that
			// were also reached through a module call.
			pools := c.Pools[:0]
			for _, p := range c.Pools {
				if !called(p.Pos, p.CallSites) {
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

// callChain names a chain of module calls, each position followed by '>'.
func callChain(sites []nodepool.Pos) string {
	var b strings.Builder
	for _, p := range sites {
		b.WriteString(p.String())
		b.WriteByte('>')
	}
	return b.String()
}
