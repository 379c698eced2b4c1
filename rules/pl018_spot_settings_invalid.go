package rules

import (
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// PL018 reports invalid or misplaced Spot settings.
var PL018 = register(&Rule{
	ID:        "PL018",
	Name:      "spot-settings-invalid",
	Summary:   "Spot eviction policy or max price invalid, or set on a Regular pool",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `On AKS Spot pools, scaleSetEvictionPolicy is Delete (the default) or
Deallocate, and spotMaxPrice is -1 (pay up to the on-demand price) or a
positive price with at most five decimals. Spot settings on a Regular pool
get a warning: the API ignores or rejects them depending on its version. An
eviction policy of Delete on a Regular pool is not reported: it is the value
AKS itself reports for every pool, and Microsoft's own templates (the AKS
baseline reference architecture) write it. In Terraform they are an
error: azurerm refuses eviction_policy, or a spot_max_price other than -1,
unless priority is Spot (kubernetes_cluster_node_pool_resource.go).`,
	Fix: `Write Spot settings only on Spot pools, with values AKS accepts:

- ARM, Bicep and ASO: scaleSetEvictionPolicy "Delete" or "Deallocate" and
  spotMaxPrice -1 or a positive price with at most five decimals, with
  scaleSetPriority "Spot"; on a Regular pool remove spotMaxPrice;
- Terraform azurerm: eviction_policy and spot_max_price only together with
  priority = "Spot" (spot_max_price -1 is the default).`,
	Links: []Link{linkAKSSpot, linkAKSAgentPoolsAPI, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			ref := poolRef(c, pool)
			spot := is(pool.Priority, nodepool.PrioritySpot)
			ev, price := pool.EvictionPolicy, pool.SpotMaxPrice
			if ev.Known && !is(ev, "Delete") && !is(ev, "Deallocate") {
				p.Report(at(ev, pool), pool, "eviction", "%s has eviction policy %s; use Delete or Deallocate", ref, Describe(ev))
			}
			if price.Known && price.Value != -1 && (price.Value <= 0 || decimals(price.Value) > 5) {
				p.Report(at(price, pool), pool, "price", "%s has spot max price %s; use -1 or a positive price with at most five decimals", ref, Describe(price))
			}
			if is(pool.Priority, nodepool.PriorityRegular) && pool.Priority.Origin != "" {
				// azurerm refuses them outright ("can only be set when
				// priority is set to Spot"): an error there.
				sev, msg := Warning, "%s has Regular priority but sets Spot eviction or price settings, which only Spot pools use"
				evSet := ev.Set && ev.Origin != nodepool.OriginDefault && !is(ev, "Delete")
				if pool.Schema == nodepool.SchemaAzurerm {
					sev, msg = Error, "%s has Regular priority but sets Spot eviction or price settings, which azurerm refuses (they can only be set when priority is Spot)"
					evSet = ev.Set && ev.Origin != nodepool.OriginDefault
				}
				for _, set := range []nodepool.Pos{setPos(evSet, ev.Pos), setPos(price.Set, price.Pos)} {
					if set.IsValid() && !spot {
						p.ReportSeverity(sev, set, pool, "regular", msg, ref)
						break
					}
				}
			}
		}
	},
})

func setPos(set bool, pos nodepool.Pos) nodepool.Pos {
	if set {
		return pos
	}
	return nodepool.Pos{}
}

// decimals counts the decimal places of a price as written by strconv.
func decimals(f float64) int {
	s := strings.TrimRight(strings.TrimRight(strconvF(f), "0"), ".")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
