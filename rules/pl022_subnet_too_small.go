package rules

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// PL022 warns when a node subnet cannot hold its pools at full size.
var PL022 = register(&Rule{
	ID:        "PL022",
	Name:      "subnet-too-small",
	Summary:   "Node subnet with fewer addresses than its pools need at full size",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Doc: `With classic Azure CNI (networkPlugin azure, no overlay, no pod subnet) every
node takes one address and every pod slot another, so a subnet needs
(nodes + surge nodes) × (maxPods + 1) addresses for the pools on it, nodes
being maxCount when the autoscaler is on. With overlay, kubenet or a separate
pod subnet only the nodes (plus surge) take subnet addresses. Azure keeps 5
addresses of every subnet. The example in the AKS documentation: 50 nodes,
surge 1 and maxPods 30 need 51 × 31 = 1581 addresses, a /21.

The rule checks subnets declared in the same configuration (an ARM
virtualNetworks resource, a Terraform azurerm_subnet), and only when every
pool on the subnet has known sizes; an unset maxSurge counts as one node and
an unset maxPods as 30 (classic CNI's default). A full subnet fails scale-out
and upgrades, so this deploys but is risky.`,
	Fix: `Give the pools room on the subnet, or take pods off it:

- enlarge the subnet's address prefix (a /21 or larger for the AKS example);
- lower maxCount, maxPods or maxSurge of the pools on it;
- or switch to Azure CNI overlay (networkPluginMode "overlay",
  network_plugin_mode = "overlay") or a separate pod subnet (podSubnetID,
  pod_subnet_id), so only nodes take subnet addresses.`,
	Links: []Link{linkAKSLegacyCNI, linkAKSRollingUpgrade, linkAKSAutoscaler},
	Check: func(p *Pass) {
		c := p.Cluster
		if !c.NetworkPlugin.Known {
			return
		}
		type group struct {
			prefix nodepool.Field[string]
			pools  []*nodepool.Pool
		}
		groups := map[string]*group{}
		for _, pool := range p.Pools() {
			if !pool.SubnetPrefix.Known {
				continue
			}
			g := groups[pool.SubnetPrefix.Value]
			if g == nil {
				g = &group{prefix: pool.SubnetPrefix}
				groups[pool.SubnetPrefix.Value] = g
			}
			g.pools = append(g.pools, pool)
		}
		keys := make([]string, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		sort.Strings(keys)
	groups:
		for _, k := range keys {
			g := groups[k]
			prefix, err := netip.ParsePrefix(k)
			if err != nil || !prefix.Addr().Is4() {
				continue
			}
			usable := int64(1)<<(32-prefix.Bits()) - 5
			need := int64(0)
			var names []string
			for _, pool := range g.pools {
				n, ok := poolNeed(pool, podsTakeSubnet(c, pool))
				if !ok {
					continue groups
				}
				need += n
				names = append(names, pool.DisplayName())
			}
			if need > usable {
				p.Report(g.prefix.Pos, g.pools[0], k, "subnet %s of cluster %q has %d usable addresses, but pools %s can need %d at full size with surge",
					k, c.DisplayName(), usable, strings.Join(names, ", "), need)
			}
		}
	},
})

// poolNeed is the subnet addresses one pool can take: (nodes + surge) ×
// (maxPods + 1) when pods take subnet addresses, else nodes + surge.
func poolNeed(pool *nodepool.Pool, podsInSubnet bool) (int64, bool) {
	nodes := pool.Count
	if pool.AutoScaling.Known && pool.AutoScaling.Value {
		nodes = pool.MaxCount
	}
	if !nodes.Known {
		return 0, false
	}
	surge := int64(1)
	if pool.MaxSurge.Set {
		if !pool.MaxSurge.Known {
			return 0, false
		}
		s, ok := parseSurge(pool.MaxSurge.Value)
		if !ok {
			return 0, false
		}
		surge = s.n
		if s.percent {
			surge = (nodes.Value*s.n + 99) / 100
		}
	}
	return subnetAddresses(pool, nodes.Value+surge, podsInSubnet)
}

// podsTakeSubnet reports whether a pool's pods take addresses of its node
// subnet: classic Azure CNI (plugin azure, no overlay, no pod subnet).
func podsTakeSubnet(c *nodepool.Cluster, pool *nodepool.Pool) bool {
	return is(c.NetworkPlugin, "azure") && !is(c.NetworkPluginMode, "overlay") && !pool.PodSubnetID.Set
}

// subnetAddresses is the node subnet addresses nodes of a pool take: one
// each, times maxPods + 1 (30 when unset) when pods take subnet addresses.
func subnetAddresses(pool *nodepool.Pool, nodes int64, podsInSubnet bool) (int64, bool) {
	if !podsInSubnet {
		return nodes, true
	}
	maxPods := int64(30)
	if pool.MaxPods.Set {
		if !pool.MaxPods.Known {
			return 0, false
		}
		maxPods = pool.MaxPods.Value
	}
	return nodes * (maxPods + 1), true
}
