package rules

import "github.com/poollint/poollint/nodepool"

// PL009 reports upgrade settings AKS rejects.
var PL009 = register(&Rule{
	ID:        "PL009",
	Name:      "max-surge-invalid",
	Summary:   "Upgrade maxSurge/maxUnavailable that AKS rejects",
	Severity:  Error,
	Subsumes:  []string{"PL010"}, // a surge out of range is also a disruptive one
	Platforms: []string{"AKS"},
	Doc: `AKS upgrade settings must be a non-negative integer ("5") or a percentage
("33%"). AKS also rejects:

- surge or unavailable settings on Spot pools (Spot pools upgrade by cordon
  and eviction only; Terraform rejects them too);
- maxUnavailable above 0 on System pools (0, the default, makes no node
  unavailable and is not reported);
- maxSurge 0 together with maxUnavailable 0 (or unset): the upgrade could
  never make progress.

A percentage outside 1%–100% gets a warning: the exact server bound is not
published.`,
	Fix: `Write upgrade settings AKS accepts:

- maxSurge and maxUnavailable as a whole number ("1") or a percentage ("33%")
  in upgradeSettings (ARM, Bicep, ASO) or upgrade_settings (Terraform);
- no upgradeSettings / upgrade_settings block on Spot pools;
- no maxUnavailable on System pools;
- not both 0: leave maxSurge unset (the default surges) or give one of them a
  positive value.`,
	Links: []Link{linkAKSRollingUpgrade, linkAKSAgentPoolsAPI, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			ref := poolRef(c, pool)
			var parsed [2]*surge
			for i, f := range []nodepool.Field[string]{pool.MaxSurge, pool.MaxUnavailable} {
				name := []string{"maxSurge", "maxUnavailable"}[i]
				if !f.Known || f.Value == "" {
					continue
				}
				s, ok := parseSurge(f.Value)
				if !ok {
					p.Report(at(f, pool), pool, name, "%s has %s %s, which is neither a non-negative integer nor a percentage", ref, name, Describe(f))
					continue
				}
				parsed[i] = &s
				if s.percent && (s.n < 1 || s.n > 100) {
					p.ReportSeverity(Warning, at(f, pool), pool, name+"-percent", "%s has %s %s; use a percentage from 1%% to 100%%", ref, name, Describe(f))
				}
				if is(pool.Priority, nodepool.PrioritySpot) {
					p.Report(at(f, pool), pool, name+"-spot", "%s is a Spot pool with %s %s; Spot pools upgrade without surge or unavailable nodes", ref, name, Describe(f))
				}
				// maxUnavailable 0 is the API's default and makes no node
				// unavailable: only a positive value is refused on System
				// pools.
				if i == 1 && s.n > 0 && is(pool.Mode, "System") {
					p.Report(at(f, pool), pool, "unavailable-system", "%s is a System pool with maxUnavailable %s; AKS does not allow maxUnavailable on System pools", ref, Describe(f))
				}
			}
			if parsed[0] != nil && parsed[0].n == 0 && (parsed[1] == nil || parsed[1].n == 0) &&
				(parsed[1] != nil || !pool.MaxUnavailable.Set) {
				p.Report(at(pool.MaxSurge, pool), pool, "zero", "%s has maxSurge 0 and maxUnavailable 0, so an upgrade can never replace a node", ref)
			}
		}
	},
})
