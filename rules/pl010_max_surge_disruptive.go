package rules

import "strings"

// PL010 reports upgrade surges that replace a whole pool at once.
var PL010 = register(&Rule{
	ID:        "PL010",
	Name:      "max-surge-disruptive",
	Summary:   "maxSurge that upgrades the whole pool at once",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Params: []Param{
		{Name: "production-threshold", Default: int64(33), Doc: "percentage above which production-looking pools get a note (the AKS docs recommend 33%)"},
		{Name: "production-pattern", Default: "prod", Doc: "text in a cluster or pool name that marks production"},
	},
	Doc: `A maxSurge of 100%, or of at least the pool's node count, adds a new node for
every node at once and drains the whole pool in one go: every workload
restarts at the same time, and the surge needs a full pool's worth of quota
and subnet addresses. The AKS documentation recommends 33% for production.

Pools whose cluster or pool name contains production-pattern (default "prod")
get a note above production-threshold percent (default 33).`,
	Fix: `Lower maxSurge so the upgrade rolls through the pool a part at a time:
upgradeSettings.maxSurge in ARM, Bicep and ASO, upgrade_settings.max_surge in
Terraform. 33% is what the AKS documentation recommends for production; a count
smaller than the pool's node count works too. Tune the note with the
production-threshold and production-pattern parameters.`,
	Links: []Link{linkAKSRollingUpgrade, linkAKSUpgradeOptions, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		threshold := p.IntParam("production-threshold")
		pattern := p.StringParam("production-pattern")
		for _, pool := range p.Pools() {
			if !pool.MaxSurge.Known {
				continue
			}
			s, ok := parseSurge(pool.MaxSurge.Value)
			if !ok {
				continue
			}
			ref := poolRef(c, pool)
			whole := (s.percent && s.n >= 100) || (!s.percent && pool.Count.Known && pool.Count.Value > 0 && s.n >= pool.Count.Value)
			switch {
			case whole:
				p.Report(at(pool.MaxSurge, pool), pool, "whole", "%s has maxSurge %s, which drains the whole pool at once", ref, Describe(pool.MaxSurge))
			case s.percent && s.n > threshold && pattern != "" &&
				(strings.Contains(strings.ToLower(c.DisplayName()), pattern) || strings.Contains(strings.ToLower(pool.DisplayName()), pattern)):
				p.ReportSeverity(Note, at(pool.MaxSurge, pool), pool, "production", "%s looks like production and has maxSurge %s; %d%% is recommended", ref, Describe(pool.MaxSurge), threshold)
			}
		}
	},
})
