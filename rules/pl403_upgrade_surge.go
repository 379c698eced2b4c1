package rules

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/poollint/poollint/catalog"
	"github.com/poollint/poollint/change"
	"github.com/poollint/poollint/nodepool"
)

// PL403 reports the extra capacity an AKS upgrade or a growing pool needs.
var PL403 = register(&Rule{
	ID:        "PL403",
	Name:      "change-surge-capacity",
	Summary:   "The change needs extra nodes and vCPUs while it rolls out",
	Severity:  Note,
	Precision: "medium",
	Platforms: []string{"AKS", "Cluster API"},
	Params: []Param{{Name: "vcpu-quota", Default: int64(0),
		Doc: "the regional vCPU quota the cluster's pools share; 0 leaves the quota unchecked"},
		{Name: "quota", Default: "",
			Doc: "vCPU quota by VM family, FAMILY=N,… (standardDSv5Family=100); `quota:` in .poollint.yaml writes it as a map"}},
	Doc: `Run by ` + "`poollint diff --base REF`" + `: when a change upgrades Kubernetes (the cluster's
version, or a pool's orchestrator version) AKS adds surge nodes to every upgraded pool before
it drains the old ones, and a pool whose node count grows needs the new nodes too. An upgrade
whose surge exceeds the vCPU quota or the subnet's free addresses fails half-way.

Surge per pool is maxSurge as a count, or as a percentage of the node count rounded up; a pool
without maxSurge surges at least one node (the default is 1 node up to API 2024-09-01, 10%
after); Spot pools do not surge. The extra vCPUs come from the VM size catalogue. AKS's own
example: five pools of four nodes with a max surge of 50% need 10 extra nodes (AKS docs,
"Upgrade options: customize node surge").

With the parameter vcpu-quota set, the finding is a warning when the pools' vCPUs plus the
surge exceed it; with quota (or quota: {standardDSv5Family: 100} in .poollint.yaml), when a VM
family's vCPUs in the cluster plus its surge exceed that family's quota (families from the VM
size catalogue); and when a node subnet declared in the same configuration cannot hold its
pools' nodes plus their surge during the rollout (PL022's arithmetic at the current size:
classic Azure CNI takes maxPods + 1 addresses per node). A pool whose count or zones change so that its nodes no longer divide evenly
over its zones gets a note of its own. Sources: AKS docs upgrade-aks-node-pools / upgrade-options (2026).`,
	Fix: `Make room for the rollout before you merge:

- request more vCPU quota for the VM family in the region, or lower maxSurge
  (upgradeSettings.maxSurge, upgrade_settings.max_surge) so fewer surge nodes
  run at once;
- for the subnet, enlarge its prefix or lower the pools' maxPods or maxSurge;
- or upgrade the pools one at a time instead of the whole cluster at once.`,
	Links: []Link{linkAKSRollingUpgrade, linkAKSQuotas, linkAKSUpgradeOptions},
	CheckChange: func(p *ChangePass) {
		c := p.Change
		if c.Kind != change.Changed || c.After.Provider != nodepool.Azure {
			return
		}
		zoneBalance(p, c)
		version, versionChanged := c.Field("kubernetesVersion")
		versionChanged = versionChanged && version.Known && version.IsSet
		var (
			lines            []string
			surge, grow      int64
			extraCPU, curCPU float64
			cpuKnown         = true
			at               nodepool.Pos
			// vCPUs by quota family: in use, and added by the change.
			famCur, famExtra = map[string]float64{}, map[string]float64{}
			// surgeOf is each pool's surge nodes, for the subnets.
			surgeOf = map[*nodepool.Pool]int64{}
		)
		for i := range c.Pools {
			pc := &c.Pools[i]
			pool := pc.After
			if pool == nil || pool.Karpenter != nil {
				continue
			}
			cpu, family := -1.0, ""
			if pool.VMSize.Known {
				if vm, ok := catalog.AzureVM(pool.VMSize.Value); ok && vm.VCPUs != nil {
					cpu, family = *vm.VCPUs, vm.Family
				}
			}
			if pool.Count.Known && cpu >= 0 {
				curCPU += float64(pool.Count.Value) * cpu
				famCur[family] += float64(pool.Count.Value) * cpu
			}
			if pc.Before == nil {
				// A new pool: created at the new version (no surge), its
				// nodes are new capacity.
				if pool.Count.Known && pool.Count.Value > 0 {
					grow += pool.Count.Value
					if cpu >= 0 {
						extraCPU += float64(pool.Count.Value) * cpu
						famExtra[family] += float64(pool.Count.Value) * cpu
					} else {
						cpuKnown = false
					}
					lines = append(lines, fmt.Sprintf("%s +%d × %s (new pool)", pool.DisplayName(), pool.Count.Value, sizeOf(pool)))
				}
				continue
			}
			upgraded := false
			if f, ok := pc.Field("orchestratorVersion"); ok && f.Known && f.IsSet {
				upgraded = true
				if !at.IsValid() {
					at = f.Pos
				}
			} else if versionChanged && !pool.OrchestratorVersion.Set && (pool.Default || !strings.HasPrefix(c.After.Format, "terraform")) {
				// The pool follows the cluster's version (in Terraform
				// only the default pool does; a node pool resource keeps
				// its own).
				upgraded = true
			}
			var n int64
			if upgraded && !is(pool.Priority, nodepool.PrioritySpot) && pool.Count.Known {
				n = surgeNodes(pool)
			}
			var g int64
			if f, ok := pc.Field("count"); ok && f.Known && pc.Before.Count.Known && pool.Count.Known && pool.Count.Value > pc.Before.Count.Value {
				g = pool.Count.Value - pc.Before.Count.Value
				if !at.IsValid() {
					at = f.Pos
				}
			}
			surgeOf[pool] = n
			if n+g == 0 {
				continue
			}
			surge, grow = surge+n, grow+g
			what, size := pool.DisplayName(), sizeOf(pool)
			if cpu >= 0 {
				extraCPU += float64(n+g) * cpu
				famExtra[family] += float64(n+g) * cpu
			} else {
				cpuKnown = false
			}
			lines = append(lines, fmt.Sprintf("%s +%d × %s", what, n+g, size))
		}
		if surge+grow == 0 {
			return
		}
		if versionChanged {
			at = version.Pos
		}
		sort.Strings(lines)
		cpus := "vCPUs unknown"
		if cpuKnown {
			cpus = fmt.Sprintf("+%g vCPUs", extraCPU)
		}
		var why []string
		if surge > 0 {
			why = append(why, fmt.Sprintf("%d surge node(s) for the upgrade", surge))
		}
		if grow > 0 {
			why = append(why, fmt.Sprintf("%d new node(s)", grow))
		}
		msg := fmt.Sprintf("cluster %q needs %s while this change rolls out (%s; %s): check the vCPU quota and the subnets' free addresses",
			c.After.DisplayName(), strings.Join(why, " and "), strings.Join(lines, ", "), cpus)
		sev := Note
		if q := p.IntParam("vcpu-quota"); q > 0 && cpuKnown && curCPU+extraCPU > float64(q) {
			sev = Warning
			msg += fmt.Sprintf("; %g vCPUs in use plus %g exceed the quota of %d", curCPU, extraCPU, q)
		}
		if s := subnetsDuringRollout(c.After, surgeOf); s != "" {
			sev = Warning
			msg += "; " + s
		}
		quotas, _ := parseQuota(p.StringParam("quota"))
		for _, fam := range sortedKeys(famExtra) {
			if q, ok := quotas[strings.ToLower(fam)]; ok && famCur[fam]+famExtra[fam] > float64(q) {
				sev = Warning
				msg += fmt.Sprintf("; %s: %g vCPUs in use plus %g exceed its quota of %d", fam, famCur[fam], famExtra[fam], q)
			}
		}
		pos := at
		if !pos.IsValid() {
			pos = c.After.Pos
		}
		p.ReportSeverity(sev, pos, nil, "surge", "%s", msg)
	},
})

// surgeNodes is the number of surge nodes AKS adds to a pool of known size
// during an upgrade: maxSurge as a count, or a percentage rounded up; at
// least one when maxSurge is not written or not known.
func surgeNodes(pool *nodepool.Pool) int64 {
	n := pool.Count.Value
	if pool.MaxSurge.Known {
		if s, ok := parseSurge(pool.MaxSurge.Value); ok {
			if s.percent {
				return (n*s.n + 99) / 100
			}
			return s.n
		}
	}
	if n == 0 {
		return 0
	}
	return 1
}

func sizeOf(pool *nodepool.Pool) string {
	if pool.VMSize.Known {
		return pool.VMSize.Value
	}
	return "?"
}

// zoneBalance notes a pool whose count or zones change so that its nodes
// no longer divide evenly over its zones: AKS spreads them best effort,
// and one zone then holds more of the pool than the others.
func zoneBalance(p *ChangePass, c *change.Cluster) {
	for i := range c.Pools {
		pc := &c.Pools[i]
		if pc.Kind != change.Changed {
			continue
		}
		fc, countChanged := pc.Field("count")
		fz, zonesChanged := pc.Field("zones")
		if (!countChanged || !fc.Known) && (!zonesChanged || !fz.Known) {
			continue
		}
		pool := pc.After
		zones := len(pool.Zones.Value)
		if !pool.Count.Known || !pool.Zones.Known || zones < 2 || pool.Count.Value%int64(zones) == 0 {
			continue
		}
		at := fc
		if !countChanged {
			at = fz
		}
		p.ReportChange(Note, pc, at, "%s would have %d nodes over %d zones, which do not divide evenly: one zone holds more of the pool than the others", poolRef(c.After, pool), pool.Count.Value, zones)
	}
}

// QuotaParam writes a quota map (quota: in .poollint.yaml) as PL403's
// quota parameter: FAMILY=N,… in name order.
func QuotaParam(q map[string]int64) string {
	var parts []string
	for _, k := range sortedKeys(q) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, q[k]))
	}
	return strings.Join(parts, ",")
}

// parseQuota reads FAMILY=N,… (families lower-cased).
func parseQuota(s string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if !ok || err != nil || n < 0 {
			return nil, fmt.Errorf("quota %q: want FAMILY=N", part)
		}
		out[strings.ToLower(strings.TrimSpace(k))] = n
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// subnetsDuringRollout says which node subnets declared in the same
// configuration cannot hold the pools on them while the change rolls out:
// each pool's nodes plus its surge, times maxPods + 1 when pods take subnet
// addresses (classic Azure CNI), against the subnet's usable addresses —
// PL022's arithmetic, at the pools' current size instead of their maximum.
func subnetsDuringRollout(c *nodepool.Cluster, surgeOf map[*nodepool.Pool]int64) string {
	if !c.NetworkPlugin.Known {
		return ""
	}
	need, unknown := map[string]int64{}, map[string]bool{}
	for _, pool := range c.Pools {
		if !pool.SubnetPrefix.Known {
			continue
		}
		n, ok := int64(0), pool.Count.Known
		if ok {
			n, ok = subnetAddresses(pool, pool.Count.Value+surgeOf[pool], podsTakeSubnet(c, pool))
		}
		unknown[pool.SubnetPrefix.Value] = unknown[pool.SubnetPrefix.Value] || !ok // never judged
		need[pool.SubnetPrefix.Value] += n
	}
	var out []string
	for _, k := range sortedKeys(need) {
		prefix, err := netip.ParsePrefix(k)
		if err != nil || !prefix.Addr().Is4() {
			continue
		}
		if usable := int64(1)<<(32-prefix.Bits()) - 5; !unknown[k] && need[k] > usable {
			out = append(out, fmt.Sprintf("subnet %s needs %d addresses during the rollout but has %d usable", k, need[k], usable))
		}
	}
	return strings.Join(out, "; ")
}
