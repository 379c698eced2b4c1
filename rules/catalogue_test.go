package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// unknown is a set field whose value could not be resolved.
func unknownField[T any](line int) nodepool.Field[T] {
	return nodepool.Unknown[T](nodepool.Pos{File: "m.json", Line: line, Col: 1})
}

// ruleCase is one cluster a rule must (want != "") or must not fire on.
type ruleCase struct {
	name string
	c    *nodepool.Cluster
	want string // substring of the one expected message; "" for a near miss
	sev  Severity
}

func azure(pools ...*nodepool.Pool) *nodepool.Cluster {
	c := &nodepool.Cluster{Provider: nodepool.Azure, ID: "c", Name: known("prod", 1), Pools: pools}
	nodepool.ApplyDefaults(c)
	return c
}

func aws(pools ...*nodepool.Pool) *nodepool.Cluster {
	c := &nodepool.Cluster{Provider: nodepool.AWS, ID: "c", Name: known("eks", 1), Pools: pools}
	nodepool.ApplyDefaults(c)
	return c
}

func pool(name string, edit func(p *nodepool.Pool)) *nodepool.Pool {
	p := &nodepool.Pool{ID: name, Name: known(name, 2), Pos: nodepool.Pos{File: "m.json", Line: 2, Col: 1}}
	if edit != nil {
		edit(p)
	}
	return p
}

func system(p *nodepool.Pool) { p.Mode = known("System", 3) }

// runCases checks each case against one rule, through the engine so Rego
// and Go rules are tested alike.
func runCases(t *testing.T, id string, cases []ruleCase) {
	t.Helper()
	e, err := NewEngineWith(context.Background(), Options{Only: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(id+"/"+tc.name, func(t *testing.T) {
			fs, errs := e.Check(context.Background(), tc.c)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			switch {
			case tc.want == "" && len(fs) != 0:
				t.Errorf("near miss fired: %s", fs[0].Message)
			case tc.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want)):
				var msgs []string
				for _, f := range fs {
					msgs = append(msgs, f.Message)
				}
				t.Errorf("got %q, want one finding containing %q", msgs, tc.want)
			case tc.want != "" && tc.sev != 0 && fs[0].Severity != tc.sev:
				t.Errorf("severity %s, want %s", fs[0].Severity, tc.sev)
			}
		})
	}
}

func TestSystemPoolRules(t *testing.T) {
	runCases(t, "PL005", []ruleCase{
		{"no system pool", azure(pool("a", func(p *nodepool.Pool) { p.Mode = known("User", 3) })), "has no System node pool", 0},
		{"a system pool", azure(pool("a", system), pool("b", func(p *nodepool.Pool) { p.Mode = known("User", 3) })), "", 0},
		{"mode unknown", azure(pool("a", func(p *nodepool.Pool) { p.Mode = unknownField[string](3) })), "", 0},
		{"mode unset", azure(pool("a", nil)), "", 0},
	})
	runCases(t, "PL006", []ruleCase{
		{"count 0", azure(pool("a", func(p *nodepool.Pool) { system(p); p.Count = known(int64(0), 4) })), "count 0", Error},
		{"autoscaled min 0", azure(pool("a", func(p *nodepool.Pool) {
			system(p)
			p.AutoScaling = known(true, 4)
			p.MinCount = known(int64(0), 5)
			p.Count = known(int64(3), 6)
		})), "minCount 0", Error},
		{"one node", azure(pool("a", func(p *nodepool.Pool) { system(p); p.Count = known(int64(1), 4) })), "at least 2 nodes", Warning},
		{"two nodes", azure(pool("a", func(p *nodepool.Pool) { system(p); p.Count = known(int64(2), 4) })), "", 0},
		{"user pool of 0", azure(pool("a", func(p *nodepool.Pool) { p.Mode = known("User", 3); p.Count = known(int64(0), 4) })), "", 0},
		{"count unknown", azure(pool("a", func(p *nodepool.Pool) { system(p); p.Count = unknownField[int64](4) })), "", 0},
	})
	runCases(t, "PL015", []ruleCase{
		{"windows system", azure(pool("a", func(p *nodepool.Pool) { system(p); p.OSType = known("Windows", 4) })), "must be Linux", 0},
		{"linux system", azure(pool("a", func(p *nodepool.Pool) { system(p); p.OSType = known("Linux", 4) })), "", 0},
		{"windows user", azure(pool("a", func(p *nodepool.Pool) { p.Mode = known("User", 3); p.OSType = known("Windows", 4) })), "", 0},
	})
}

func TestAutoscalerBounds(t *testing.T) {
	scaled := func(min, count, max int64) *nodepool.Pool {
		return pool("a", func(p *nodepool.Pool) {
			p.AutoScaling = known(true, 3)
			p.MinCount, p.Count, p.MaxCount = known(min, 4), known(count, 5), known(max, 6)
		})
	}
	eksGroup := func(min, count, max int64) *nodepool.Pool {
		return pool("g", func(p *nodepool.Pool) {
			p.MinCount, p.Count, p.MaxCount = known(min, 4), known(count, 5), known(max, 6)
		})
	}
	runCases(t, "PL007", []ruleCase{
		{"min above max", azure(scaled(5, 5, 3)), "minimum of 5 above its maximum of 3", 0},
		{"count below min", azure(scaled(2, 1, 5)), "node count of 1 below its minimum of 2", 0},
		{"in bounds", azure(scaled(1, 3, 5)), "", 0},
		{"over 1000", azure(pool("a", func(p *nodepool.Pool) { p.Count = known(int64(1200), 5) })), "AKS allows 0 to 1000", 0},
		{"bounds without autoscaling", azure(pool("a", func(p *nodepool.Pool) {
			p.AutoScaling = known(false, 3)
			p.MinCount = known(int64(1), 4)
		})), "while the cluster autoscaler is off", 0},
		{"eks desired above max", aws(eksGroup(1, 5, 3)), "above its maximum of 3", 0},
		{"eks max 0", aws(eksGroup(0, 0, 0)), "EKS needs at least 1", 0},
		{"eks fine", aws(eksGroup(1, 2, 3)), "", 0},
		{"unknown min", azure(pool("a", func(p *nodepool.Pool) {
			p.AutoScaling = known(true, 3)
			p.MinCount, p.MaxCount = unknownField[int64](4), known(int64(1), 6)
		})), "", 0},
	})
}

func TestEphemeralOSDisk(t *testing.T) {
	eph := func(size string, disk int64) *nodepool.Pool {
		return pool("a", func(p *nodepool.Pool) {
			p.VMSize = known(size, 3)
			p.OSDiskType = known("Ephemeral", 4)
			if disk > 0 {
				p.OSDiskSizeGB = known(disk, 5)
			}
		})
	}
	runCases(t, "PL008", []ruleCase{
		// Standard_DS11: 72 GiB cache
		{"too large for the cache", azure(eph("Standard_DS11", 100)), "holds only 72 GiB", 0},
		{"default 128 GB too large", azure(eph("Standard_DS11", 0)), "128 GB (the default)", 0},
		{"fits", azure(eph("Standard_DS11", 60)), "", 0},
		// Standard_D4ds_v4: 100 GiB cache, 150 GiB temporary disk. Without a
		// size AKS sizes the ephemeral disk to the temporary disk.
		{"default size on a temporary disk of 128 GiB or more", azure(eph("Standard_D4ds_v4", 0)), "", 0},
		{"managed disk", azure(pool("a", func(p *nodepool.Pool) {
			p.VMSize = known("Standard_DS11", 3)
			p.OSDiskType = known("Managed", 4)
			p.OSDiskSizeGB = known(int64(500), 5)
		})), "", 0},
		{"unknown size", azure(eph("Standard_Nope_v9", 500)), "", 0},
		{"no ephemeral support", azure(eph("Basic_A0", 10)), "does not support ephemeral OS disks", 0},
	})
}

func TestUpgradeSettings(t *testing.T) {
	withSurge := func(surge, unavailable string, edit func(p *nodepool.Pool)) *nodepool.Pool {
		return pool("a", func(p *nodepool.Pool) {
			if surge != "" {
				p.MaxSurge = known(surge, 4)
			}
			if unavailable != "" {
				p.MaxUnavailable = known(unavailable, 5)
			}
			p.Mode = known("User", 3)
			if edit != nil {
				edit(p)
			}
		})
	}
	runCases(t, "PL009", []ruleCase{
		{"not a number", azure(withSurge("ten", "", nil)), "neither a non-negative integer nor a percentage", 0},
		{"spot with surge", azure(withSurge("1", "", func(p *nodepool.Pool) { p.Priority = known("Spot", 6) })), "Spot pools upgrade without surge", 0},
		{"unavailable on system", azure(withSurge("1", "1", system)), "does not allow maxUnavailable on System pools", 0},
		{"unavailable percent on system", azure(withSurge("1", "10%", system)), "does not allow maxUnavailable on System pools", 0},
		// The API's default, written out (as an exported cluster body has it).
		{"zero unavailable on system", azure(withSurge("10%", "0", system)), "", 0},
		{"both zero", azure(withSurge("0", "0", nil)), "can never replace a node", 0},
		{"percent over 100", azure(withSurge("150%", "", nil)), "1% to 100%", Warning},
		{"valid", azure(withSurge("33%", "", nil)), "", 0},
		{"zero surge with unavailable", azure(withSurge("0", "1", nil)), "", 0},
	})
	runCases(t, "PL010", []ruleCase{
		{"100 percent", azure(withSurge("100%", "", nil)), "drains the whole pool", Warning},
		{"count nodes", azure(withSurge("3", "", func(p *nodepool.Pool) { p.Count = known(int64(3), 6) })), "drains the whole pool", Warning},
		{"production 50%", azure(withSurge("50%", "", nil)), "looks like production", Note},
		{"33%", azure(withSurge("33%", "", nil)), "", 0},
	})
}

func TestVersionAndNetworkRules(t *testing.T) {
	versioned := func(cp, pv string) *nodepool.Cluster {
		c := azure(pool("a", func(p *nodepool.Pool) { p.OrchestratorVersion = known(pv, 4) }))
		c.KubernetesVersion = known(cp, 1)
		return c
	}
	runCases(t, "PL012", []ruleCase{
		{"newer pool", versioned("1.29.3", "1.30.0"), "not newer", Error},
		{"three minors older", versioned("1.30", "1.27.9"), "at most two minors older", Error},
		{"other major", versioned("1.30", "2.30"), "same major", Error},
		{"one minor older", versioned("1.30.2", "1.29.8"), "while the control plane runs", Warning},
		{"same", versioned("1.30.2", "1.30"), "", 0},
		{"unparsable", versioned("latest", "1.30"), "", 0},
	})
	kubenet := func(os string) *nodepool.Cluster {
		c := azure(pool("win", func(p *nodepool.Pool) { p.OSType = known(os, 4) }))
		c.NetworkPlugin = known("kubenet", 1)
		return c
	}
	runCases(t, "PL013", []ruleCase{
		{"windows on kubenet", kubenet("Windows"), "need Azure CNI", 0},
		{"linux on kubenet", kubenet("Linux"), "", 0},
	})
	runCases(t, "PL019", []ruleCase{
		{"availability set with two pools", azure(pool("a", func(p *nodepool.Pool) { p.VMSetType = known("AvailabilitySet", 4) }), pool("b", nil)), "several pools need", 0},
		{"availability set alone", azure(pool("a", func(p *nodepool.Pool) { p.VMSetType = known("AvailabilitySet", 4) })), "", 0},
	})
}

func TestNameLabelTaintRules(t *testing.T) {
	named := func(c func(...*nodepool.Pool) *nodepool.Cluster, name, os string) *nodepool.Cluster {
		return c(pool(name, func(p *nodepool.Pool) {
			if os != "" {
				p.OSType = known(os, 3)
			}
		}))
	}
	runCases(t, "PL014", []ruleCase{
		{"uppercase", named(azure, "System1", ""), "lowercase letter", 0},
		{"too long", named(azure, "averyverylongname", ""), "at most 12", 0},
		{"windows seven", named(azure, "winpool", "Windows"), "at most 6", 0},
		{"fine", named(azure, "apps01", ""), "", 0},
		{"eks long", named(aws, strings.Repeat("n", 64), ""), "at most 63", 0},
		{"eks fine", named(aws, "Spot-Workers_1", ""), "", 0},
	})
	labelled := func(c func(...*nodepool.Pool) *nodepool.Cluster, key, value string) *nodepool.Cluster {
		return c(pool("a", func(p *nodepool.Pool) {
			p.Labels = known([]nodepool.Label{{Key: key, Value: value, ValueKnown: true, Pos: nodepool.Pos{File: "m.json", Line: 7}}}, 6)
		}))
	}
	runCases(t, "PL017", []ruleCase{
		{"bad name", labelled(azure, "-team", "a"), "start and end with an alphanumeric", 0},
		{"uppercase prefix", labelled(azure, "Example.com/team", "a"), "lowercase DNS subdomain", 0},
		{"bad value", labelled(azure, "team", "a b"), "whose value", 0},
		{"fine", labelled(azure, "example.com/team", "data-1"), "", 0},
		{"eks empty value", labelled(aws, "team", ""), "non-empty values", 0},
		{"aks empty value", labelled(azure, "team", ""), "", 0},
	})
	tainted := func(c func(...*nodepool.Pool) *nodepool.Cluster, ts ...nodepool.Taint) *nodepool.Cluster {
		return c(pool("a", func(p *nodepool.Pool) { p.Taints = known(ts, 6) }))
	}
	runCases(t, "PL016", []ruleCase{
		{"bad effect", tainted(azure, nodepool.Taint{Key: "k", Value: "v", Effect: "NoPlace"}), "effect \"NoPlace\"", 0},
		{"eks api effect on aks", tainted(azure, nodepool.Taint{Key: "k", Effect: "NO_SCHEDULE"}), "effect", 0},
		{"eks api effect on eks", tainted(aws, nodepool.Taint{Key: "k", Effect: "NO_SCHEDULE"}), "", 0},
		{"duplicate", tainted(azure, nodepool.Taint{Key: "k", Value: "a", Effect: "NoSchedule"}, nodepool.Taint{Key: "k", Value: "b", Effect: "NoSchedule"}), "more than once", 0},
		{"bad key", tainted(azure, nodepool.Taint{Key: "a b", Effect: "NoSchedule"}), "key \"a b\"", 0},
		{"fine", tainted(azure, nodepool.Taint{Key: "dedicated", Value: "gpu", Effect: "NoSchedule"}, nodepool.Taint{Key: "dedicated", Value: "gpu", Effect: "NoExecute"}), "", 0},
		{"qualified value on a node group", tainted(aws, nodepool.Taint{Key: "k", Value: "example.com/b", Effect: "NoSchedule"}), "value \"example.com/b\"", Error},
		{"qualified value on a NodePool: Karpenter's CRD takes it", aws(pool("a", func(p *nodepool.Pool) {
			p.Karpenter = &nodepool.Karpenter{}
			p.Taints = known([]nodepool.Taint{{Key: "k", Value: "example.com/b", Effect: "NoSchedule"}}, 6)
		})), "Karpenter accepts the NodePool", Warning},
		{"space in a NodePool's value", aws(pool("a", func(p *nodepool.Pool) {
			p.Karpenter = &nodepool.Karpenter{}
			p.Taints = known([]nodepool.Taint{{Key: "k", Value: "a b", Effect: "NoSchedule"}}, 6)
		})), "value \"a b\"", Error},
	})
	runCases(t, "PL025", []ruleCase{
		{"critical on user", azure(pool("a", func(p *nodepool.Pool) {
			p.Mode = known("User", 3)
			p.Taints = known([]nodepool.Taint{{Key: "CriticalAddonsOnly", Value: "true", Effect: "NoSchedule"}}, 6)
		})), "meant for System pools", 0},
		{"critical on system", azure(pool("a", func(p *nodepool.Pool) {
			system(p)
			p.Taints = known([]nodepool.Taint{{Key: "CriticalAddonsOnly", Value: "true", Effect: "NoSchedule"}}, 6)
		})), "", 0},
	})
}

func TestSpotAndSizeRules(t *testing.T) {
	runCases(t, "PL018", []ruleCase{
		{"bad eviction", azure(pool("a", func(p *nodepool.Pool) {
			p.Priority = known("Spot", 3)
			p.EvictionPolicy = known("Stop", 4)
		})), "use Delete or Deallocate", 0},
		{"bad price", azure(pool("a", func(p *nodepool.Pool) {
			p.Priority = known("Spot", 3)
			p.SpotMaxPrice = known(0.123456, 4)
		})), "at most five decimals", 0},
		{"settings on regular", azure(pool("a", func(p *nodepool.Pool) {
			p.Priority = known("Regular", 3)
			p.SpotMaxPrice = known(0.5, 4)
		})), "which only Spot pools use", Warning},
		{"regular with Delete, as AKS reports it", azure(pool("a", func(p *nodepool.Pool) {
			p.Priority = known("Regular", 3)
			p.EvictionPolicy = known("Delete", 4)
		})), "", 0},
		{"fine", azure(pool("a", func(p *nodepool.Pool) {
			p.Priority = known("Spot", 3)
			p.EvictionPolicy = known("Deallocate", 4)
			p.SpotMaxPrice = known(-1.0, 5)
		})), "", 0},
	})
	runCases(t, "PL021", []ruleCase{
		{"aks too few", azure(pool("a", func(p *nodepool.Pool) { p.MaxPods = known(int64(5), 4) })), "AKS allows 10 to 250", 0},
		{"aks fine", azure(pool("a", func(p *nodepool.Pool) { p.MaxPods = known(int64(110), 4) })), "", 0},
		{"eks over eni", aws(pool("g", func(p *nodepool.Pool) {
			p.MaxPods = known(int64(50), 4)
			p.InstanceTypes = known([]string{"a1.medium"}, 5)
		})), "above the 8 pods a1.medium", 0},
		{"eks fine", aws(pool("g", func(p *nodepool.Pool) {
			p.MaxPods = known(int64(8), 4)
			p.InstanceTypes = known([]string{"a1.medium"}, 5)
		})), "", 0},
	})
	runCases(t, "PL023", []ruleCase{
		{"typo", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("Standard_DS11_v9", 4) })), "did you mean", Note},
		{"known", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("standard_ds11", 4) })), "", 0},
		{"ec2 typo", aws(pool("g", func(p *nodepool.Pool) { p.InstanceTypes = known([]string{"m5.larg"}, 4) })), "did you mean m5.large", 0},
	})
	runCases(t, "PL024", []ruleCase{
		{"no accel", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("Standard_DS11", 4) })), "does not support accelerated networking", 0},
		{"unknown size", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("Standard_Nope", 4) })), "", 0},
	})
	runCases(t, "PL028", []ruleCase{
		{"one spot type", aws(pool("g", func(p *nodepool.Pool) {
			p.Priority = known("Spot", 3)
			p.InstanceTypes = known([]string{"m5.large"}, 4)
		})), "single instance type", 0},
		{"several", aws(pool("g", func(p *nodepool.Pool) {
			p.Priority = known("Spot", 3)
			p.InstanceTypes = known([]string{"m5.large", "m5a.large"}, 4)
		})), "", 0},
		{"on demand", aws(pool("g", func(p *nodepool.Pool) { p.InstanceTypes = known([]string{"m5.large"}, 4) })), "", 0},
	})
	runCases(t, "PL029", []ruleCase{
		{"arm ami on x86", aws(pool("g", func(p *nodepool.Pool) {
			p.OSSKU = known("AL2023_ARM_64_STANDARD", 3)
			p.InstanceTypes = known([]string{"m5.large"}, 4)
		})), "another CPU architecture", 0},
		{"x86 ami on graviton", aws(pool("g", func(p *nodepool.Pool) {
			p.OSSKU = known("AL2_x86_64", 3)
			p.InstanceTypes = known([]string{"c7g.xlarge"}, 4)
		})), "another CPU architecture", 0},
		{"matching", aws(pool("g", func(p *nodepool.Pool) {
			p.OSSKU = known("BOTTLEROCKET_ARM_64", 3)
			p.InstanceTypes = known([]string{"m7g.large", "t4g.medium"}, 4)
		})), "", 0},
	})
}

func TestLimitsAndKarpenterRules(t *testing.T) {
	many := func(n int) *nodepool.Cluster {
		var ps []*nodepool.Pool
		for i := range n {
			ps = append(ps, pool("p"+strconvF(float64(i)), nil))
		}
		return azure(ps...)
	}
	runCases(t, "PL026", []ruleCase{
		{"101 pools", many(101), "AKS allows 100", 0},
		{"100 pools", many(100), "", 0},
		{"eks quota", aws(pool("g", func(p *nodepool.Pool) { p.MaxCount = known(int64(500), 4) })), "default quota is 450", Warning},
	})
	np := func(edit func(k *nodepool.Karpenter)) *nodepool.Cluster {
		k := &nodepool.Karpenter{}
		edit(k)
		c := aws(pool("np", func(p *nodepool.Pool) { p.Karpenter = k }))
		c.Partial = true
		return c
	}
	runCases(t, "PL030", []ruleCase{
		{"no limits", np(func(k *nodepool.Karpenter) {}), "has no limits", Note},
		{"limits", np(func(k *nodepool.Karpenter) { k.Limits = known([]nodepool.Label{{Key: "cpu", Value: "100"}}, 5) }), "", 0},
	})
	runCases(t, "PL031", []ruleCase{
		{"bad policy", np(func(k *nodepool.Karpenter) { k.ConsolidationPolicy = known("Always", 5) }), "consolidationPolicy", 0},
		{"bad duration", np(func(k *nodepool.Karpenter) { k.ConsolidateAfter = known("5 minutes", 5) }), "consolidateAfter", 0},
		{"budget percent", np(func(k *nodepool.Karpenter) { k.Budgets = known([]nodepool.Budget{{Nodes: "150%"}}, 5) }), "percentage up to 100%", 0},
		{"schedule without duration", np(func(k *nodepool.Karpenter) {
			k.Budgets = known([]nodepool.Budget{{Nodes: "0", Schedule: "@daily"}}, 5)
		}), "only one of schedule and duration", 0},
		{"weight", np(func(k *nodepool.Karpenter) { k.Weight = known(int64(0), 5) }), "1 to 100", 0},
		{"fine", np(func(k *nodepool.Karpenter) {
			k.ConsolidationPolicy = known("WhenEmpty", 5)
			k.ConsolidateAfter = known("1h30m", 6)
			k.ExpireAfter = known("Never", 7)
			k.Budgets = known([]nodepool.Budget{{Nodes: "10%"}, {Nodes: "0", Schedule: "0 9 * * 1-5", Duration: "8h", Reasons: []string{"Drifted"}}}, 8)
		}), "", 0},
	})
	basic := azure(pool("a", nil), pool("b", nil))
	basic.LoadBalancerSKU = known("Basic", 1)
	one := azure(pool("a", nil))
	runCases(t, "PL020", []ruleCase{
		{"basic", basic, "retired on 30 September 2025", Warning},
		{"standard default", one, "", 0},
	})
}

func TestVNetAndSystemSizeRules(t *testing.T) {
	sub := func(vnet string) string {
		return "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/" + vnet + "/subnets/nodes"
	}
	withSubnet := func(name, id string) *nodepool.Pool {
		return pool(name, func(p *nodepool.Pool) {
			if id != "" {
				p.VnetSubnetID = known(id, 5)
			}
		})
	}
	runCases(t, "PL011", []ruleCase{
		{"two vnets", azure(withSubnet("a", sub("vnet1")), withSubnet("b", sub("vnet2"))), "uses VNet vnet1", 0},
		{"same vnet, other case", azure(withSubnet("a", sub("vnet1")), withSubnet("b", strings.ToUpper(sub("vnet1")))), "", 0},
		{"custom subnet on a managed-VNet cluster", azure(pool("a", func(p *nodepool.Pool) { p.Default = true }), withSubnet("b", sub("vnet1"))), "uses the managed VNet", 0},
		{"inherited subnet", azure(pool("a", func(p *nodepool.Pool) { p.Default = true; p.VnetSubnetID = known(sub("vnet1"), 5) }), withSubnet("b", "")), "", 0},
		{"placeholder against literal", azure(withSubnet("a", sub("vnet1")),
			withSubnet("b", "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/vnet2/subnets/x")), "", 0},
		{"unknown subnet", azure(withSubnet("a", sub("vnet1")), pool("b", func(p *nodepool.Pool) { p.VnetSubnetID = unknownField[string](5) })), "", 0},
	})
	sys := func(size string) *nodepool.Cluster {
		return azure(pool("sys", func(p *nodepool.Pool) { system(p); p.VMSize = known(size, 4) }))
	}
	runCases(t, "PL032", []ruleCase{
		{"one vcpu", sys("Standard_DS1_v2"), "need at least 2 vCPUs and 4 GiB", Error},
		{"burstable", sys("Standard_B4ms"), "B-series", Warning},
		{"two vcpu", sys("Standard_D2s_v3"), "at least 4 are recommended", Warning},
		{"four vcpu", sys("Standard_D4s_v3"), "", 0},
		{"user pool", azure(pool("u", func(p *nodepool.Pool) { p.Mode = known("User", 3); p.VMSize = known("Standard_DS1_v2", 4) })), "", 0},
	})
}

func TestEKSUpdateConfig(t *testing.T) {
	group := func(mu string, max int64) *nodepool.Cluster {
		return aws(pool("g", func(p *nodepool.Pool) {
			p.MaxUnavailable = known(mu, 4)
			p.MaxCount = known(max, 5)
		}))
	}
	runCases(t, "PL027", []ruleCase{
		{"percent 0", group("0%", 3), "1% to 100%", 0},
		{"count 0", group("0", 3), "at least 1", 0},
		{"above max", group("5", 3), "above its maximum size of 3", 0},
		{"fine count", group("1", 3), "", 0},
		{"fine percent", group("33%", 3), "", 0},
		{"aks pool not judged", azure(pool("a", func(p *nodepool.Pool) { p.MaxUnavailable = known("0", 4) })), "", 0},
		{"both given", aws(pool("g", func(p *nodepool.Pool) {
			p.MaxUnavailable = known("1", 4)
			p.UnavailableBoth = known(true, 5)
		})), "exactly one", 0},
	})
}

func TestSubnetTooSmall(t *testing.T) {
	cluster := func(plugin, mode string, pools ...*nodepool.Pool) *nodepool.Cluster {
		c := azure(pools...)
		c.NetworkPlugin = known(plugin, 1)
		if mode != "" {
			c.NetworkPluginMode = known(mode, 1)
		}
		return c
	}
	onSubnet := func(name, cidr string, edit func(p *nodepool.Pool)) *nodepool.Pool {
		return pool(name, func(p *nodepool.Pool) {
			p.SubnetPrefix = known(cidr, 9)
			edit(p)
		})
	}
	// The AKS docs' example: 50 nodes, surge 1, maxPods 30 need 1581.
	docs := func(p *nodepool.Pool) {
		p.Count = known(int64(50), 4)
		p.MaxPods = known(int64(30), 5)
	}
	runCases(t, "PL022", []ruleCase{
		{"/22 too small for the docs example", cluster("azure", "", onSubnet("a", "10.0.0.0/22", docs)), "1019 usable addresses, but pools a can need 1581", Warning},
		{"/21 fits the docs example", cluster("azure", "", onSubnet("a", "10.0.0.0/21", docs)), "", 0},
		{"overlay needs only node addresses", cluster("azure", "overlay", onSubnet("a", "10.0.0.0/26", docs)), "", 0},
		{"two pools share the subnet", cluster("azure", "", onSubnet("a", "10.0.0.0/21", docs), onSubnet("b", "10.0.0.0/21", docs)), "pools a, b can need 3162", 0},
		{"autoscaled to max", cluster("kubenet", "", onSubnet("a", "10.0.0.0/28", func(p *nodepool.Pool) {
			p.AutoScaling = known(true, 3)
			p.Count = known(int64(2), 4)
			p.MaxCount = known(int64(20), 5)
		})), "11 usable addresses", 0},
		{"unknown count", cluster("azure", "", onSubnet("a", "10.0.0.0/28", func(p *nodepool.Pool) { p.Count = unknownField[int64](4) })), "", 0},
		{"plugin unknown", azure(onSubnet("a", "10.0.0.0/28", docs)), "", 0},
	})
}
