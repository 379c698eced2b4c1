package rules

import (
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// PL011 reports pools of one cluster in different virtual networks.
var PL011 = register(&Rule{
	ID:        "PL011",
	Name:      "pools-span-vnets",
	Summary:   "Node pools of one cluster in different virtual networks, or a custom subnet on a managed-VNet cluster",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `All node pools of an AKS cluster must be in the same virtual network: the
vnetSubnetID (and podSubnetID) of every pool must name subnets of one VNet.
When the cluster's first pool uses the managed VNet (no vnetSubnetID), no
other pool may set a custom subnet: AKS answers "Cannot use a custom subnet
because agent pool ... is using a managed subnet". (The reverse is fine: a
pool without vnetSubnetID on a custom-VNet cluster inherits the first pool's
subnet.) Subnet IDs are compared
by subscription, resource group and VNet name, ignoring case; an ID that
cannot be resolved offline, or whose subscription or resource group is the
deployment's own (not known offline) while the other names one, is not
compared.`,
	Fix: `Put every pool in subnets of one virtual network:

- ARM, Bicep and ASO: point vnetSubnetID (and podSubnetID) of every pool at
  subnets of the same VNet;
- Terraform azurerm: vnet_subnet_id (and pod_subnet_id) of default_node_pool
  and every azurerm_kubernetes_cluster_node_pool, likewise;
- on a cluster whose first pool uses the managed VNet, remove the other pools'
  subnet IDs, or recreate the cluster on your own VNet.

A pool's subnet cannot change in place: create a new pool in the right subnet.`,
	Links: []Link{linkAKSLegacyCNI, linkAKSCreatePools, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		if c.Partial {
			return
		}
		type seen struct {
			vnet string
			pool *nodepool.Pool
		}
		var first *seen
		var managedDefault *nodepool.Pool
		var custom []*nodepool.Pool
		for _, pool := range p.Pools() {
			f := pool.VnetSubnetID
			if !f.Set && pool.Default {
				managedDefault = pool
			}
			if !f.Known || f.Value == "" {
				continue // unset, or not known offline (it may be null)
			}
			custom = append(custom, pool)
			for _, id := range []nodepool.Field[string]{f, pool.PodSubnetID} {
				vnet, ok := vnetOf(id)
				if !ok {
					continue
				}
				if first == nil {
					first = &seen{vnet, pool}
					continue
				}
				if comparable(first.vnet, vnet) && !strings.EqualFold(first.vnet, vnet) {
					p.Report(at(id, pool), pool, "vnet", "%s uses a subnet of VNet %s, but pool %q uses VNet %s; all pools of a cluster must share one VNet",
						poolRef(c, pool), lastSegment(vnet), first.pool.DisplayName(), lastSegment(first.vnet))
				}
			}
		}
		if managedDefault != nil {
			for _, pool := range custom {
				p.Report(at(pool.VnetSubnetID, pool), pool, "managed", "%s sets a custom subnet, but the cluster's first pool %q uses the managed VNet; AKS rejects custom subnets then",
					poolRef(c, pool), managedDefault.DisplayName())
			}
		}
	},
})

// vnetOf returns ".../virtualNetworks/<name>" of a subnet ID.
func vnetOf(f nodepool.Field[string]) (string, bool) {
	if !f.Known {
		return "", false
	}
	lower := strings.ToLower(f.Value)
	i := strings.Index(lower, "/subnets/")
	if i < 0 || !strings.Contains(lower[:i], "/virtualnetworks/") {
		return "", false
	}
	return f.Value[:i], true
}

// comparable is false when one ID names the deployment's own subscription or
// resource group by placeholder and the other a literal one.
func comparable(a, b string) bool {
	pa, pb := strings.Contains(a, "{"), strings.Contains(b, "{")
	return pa == pb
}

func lastSegment(s string) string {
	return s[strings.LastIndex(s, "/")+1:]
}
