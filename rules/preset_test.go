package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestPresetSelection: preset rules are off unless their preset is chosen
// or rules.only names them; an unknown preset is an error.
func TestPresetSelection(t *testing.T) {
	ctx := context.Background()
	runs := func(e *Engine, id string) bool { return e.Rule(id) != nil }
	e, err := NewEngineWith(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if runs(e, "PL301") || runs(e, "PL311") || !runs(e, "PL001") {
		t.Error("preset rules run by default, or built-in rules do not")
	}
	if len(e.Unchosen()) != 13 || len(e.Disabled()) != 0 {
		t.Errorf("unchosen %d, disabled %d; want 13 and 0 (an unchosen preset is not a configuration change)", len(e.Unchosen()), len(e.Disabled()))
	}
	e, err = NewEngineWith(ctx, Options{Presets: []string{"recommended"}})
	if err != nil {
		t.Fatal(err)
	}
	if !runs(e, "PL301") || !runs(e, "PL311") || !runs(e, "PL001") || len(e.Unchosen()) != 0 {
		t.Error("--preset recommended does not turn its rules on")
	}
	for _, r := range e.Rules() {
		if r.Preset != "" && r.Severity != Warning {
			t.Errorf("%s: preset rules are warnings", r.ID)
		}
	}
	e, err = NewEngineWith(ctx, Options{Presets: []string{"recommended"}, Disable: []string{"PL304"}})
	if err != nil || runs(e, "PL304") {
		t.Errorf("rules.disable does not win over the preset: %v", err)
	}
	if _, err := NewEngineWith(ctx, Options{Presets: []string{"strict"}}); err == nil || !strings.Contains(err.Error(), `unknown preset "strict" (presets: recommended)`) {
		t.Errorf("unknown preset: %v", err)
	}
}

func sized(mode string, count int64, edit func(*nodepool.Pool)) *nodepool.Pool {
	return pool("p"+mode, func(p *nodepool.Pool) {
		p.Mode = known(mode, 3)
		p.Count = known(count, 4)
		if edit != nil {
			edit(p)
		}
	})
}

func TestRecommendedPoolSize(t *testing.T) {
	autoscaled := func(min int64) func(*nodepool.Pool) {
		return func(p *nodepool.Pool) {
			p.AutoScaling = known(true, 5)
			p.MinCount = known(min, 6)
		}
	}
	runCases(t, "PL301", []ruleCase{
		{"one system node", azure(sized("System", 1, nil)), "System pool of 1 node(s)", Warning},
		{"three system nodes", azure(sized("System", 3, nil)), "", 0},
		{"autoscaled from 2", azure(sized("System", 5, autoscaled(2))), "System pool of 2 node(s)", 0},
		{"autoscaled from 3", azure(sized("System", 1, autoscaled(3))), "", 0},
		{"count unknown", azure(pool("s", func(p *nodepool.Pool) { p.Mode = known("System", 3); p.Count = unknownField[int64](4) })), "", 0},
		{"user pool", azure(sized("User", 1, nil)), "", 0},
	})
	runCases(t, "PL302", []ruleCase{
		{"two user nodes", azure(sized("User", 2, nil)), "User pool of 2 node(s)", Warning},
		{"three user nodes", azure(sized("User", 3, nil)), "", 0},
		{"spot user pool", azure(sized("User", 0, func(p *nodepool.Pool) { p.Priority = known("Spot", 5) })), "", 0},
		{"autoscaling unknown", azure(sized("User", 1, func(p *nodepool.Pool) { p.AutoScaling = unknownField[bool](5) })), "", 0},
		{"eks group", aws(sized("User", 1, nil)), "", 0},
	})
}

func TestRecommendedPoolSettings(t *testing.T) {
	runCases(t, "PL303", []ruleCase{
		{"unset", azure(pool("a", nil)), "does not autoscale", Warning},
		{"false", azure(pool("a", func(p *nodepool.Pool) { p.AutoScaling = known(false, 3) })), "does not autoscale", 0},
		{"true", azure(pool("a", func(p *nodepool.Pool) { p.AutoScaling = known(true, 3) })), "", 0},
		{"unknown", azure(pool("a", func(p *nodepool.Pool) { p.AutoScaling = unknownField[bool](3) })), "", 0},
	})
	runCases(t, "PL304", []ruleCase{
		{"no zones", azure(pool("a", nil)), "not spread over availability zones", Warning},
		{"empty zones", azure(pool("a", func(p *nodepool.Pool) { p.Zones = known([]string{}, 3) })), "not spread", 0},
		{"zones", azure(pool("a", func(p *nodepool.Pool) { p.Zones = known([]string{"1", "2", "3"}, 3) })), "", 0},
		{"zones unknown", azure(pool("a", func(p *nodepool.Pool) { p.Zones = unknownField[[]string](3) })), "", 0},
	})
	runCases(t, "PL305", []ruleCase{
		{"managed", azure(pool("a", func(p *nodepool.Pool) { p.OSDiskType = known("Managed", 3) })), "uses a Managed OS disk", Warning},
		{"ephemeral", azure(pool("a", func(p *nodepool.Pool) { p.OSDiskType = known("Ephemeral", 3) })), "", 0},
		{"azurerm's default", azure(pool("a", func(p *nodepool.Pool) {
			p.OSDiskType = nodepool.Field[string]{Value: "Managed", Known: true, Origin: nodepool.OriginDefault}
		})), "leaves os_disk_type unset, and azurerm then asks for a Managed OS disk", 0},
		{"unset on a size without ephemeral support", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("Standard_A2_v2", 3) })), "cannot hold an ephemeral one", 0},
		{"unset on a size with a cache of 150 GiB", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("Standard_D4ds_v5", 3) })), "", 0},
		{"unset on a size with a small cache", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("Standard_DS2_v2", 3) })), "its 128 GiB OS disk does not fit the 86 GiB cache disk", 0},
		{"unset, small disk that fits", azure(pool("a", func(p *nodepool.Pool) {
			p.VMSize = known("Standard_DS2_v2", 3)
			p.OSDiskSizeGB = known(int64(60), 4)
		})), "", 0},
		{"unset, disk size unknown", azure(pool("a", func(p *nodepool.Pool) {
			p.VMSize = known("Standard_DS2_v2", 3)
			p.OSDiskSizeGB = unknownField[int64](4)
		})), "", 0},
		{"unset on an unknown size", azure(pool("a", func(p *nodepool.Pool) { p.VMSize = known("Standard_Q99", 3) })), "", 0},
		{"unknown", azure(pool("a", func(p *nodepool.Pool) { p.OSDiskType = unknownField[string](3) })), "", 0},
	})
	runCases(t, "PL306", []ruleCase{
		{"arm unset", azure(pool("a", withSettings(nodepool.SchemaAKS, kv{}))), "does not enable encryption at host", Warning},
		{"azurerm false", azure(pool("a", withSettings(nodepool.SchemaAzurerm, kv{"host_encryption_enabled": false}))), "encryption at host", 0},
		{"azurerm v3 true", azure(pool("a", withSettings(nodepool.SchemaAzurerm, kv{"enable_host_encryption": true}))), "", 0},
		{"arm true", azure(pool("a", withSettings(nodepool.SchemaAKS, kv{"enableencryptionathost": true}))), "", 0},
		{"unknown", azure(pool("a", withSettings(nodepool.SchemaAKS, kv{"enableencryptionathost": unresolved}))), "", 0},
		{"no settings kept", azure(pool("a", nil)), "", 0},
	})
	runCases(t, "PL307", []ruleCase{
		{"public ip", azure(pool("a", withSettings(nodepool.SchemaAKS, kv{"enablenodepublicip": true}))), "public IP addresses", Warning},
		{"azurerm public ip", azure(pool("a", withSettings(nodepool.SchemaAzurerm, kv{"node_public_ip_enabled": true}))), "public IP addresses", 0},
		{"off", azure(pool("a", withSettings(nodepool.SchemaCAPZ, kv{"enableNodePublicIP": false}))), "", 0},
		{"unknown", azure(pool("a", withSettings(nodepool.SchemaAKS, kv{"enablenodepublicip": unresolved}))), "", 0},
	})
}

func TestRecommendedCluster(t *testing.T) {
	taint := func(key string) func(*nodepool.Pool) {
		return func(p *nodepool.Pool) {
			p.Taints = known([]nodepool.Taint{{Key: key, Value: "true", Effect: "NoSchedule"}}, 5)
		}
	}
	runCases(t, "PL308", []ruleCase{
		{"untainted system pool", azure(sized("System", 3, nil), sized("User", 3, nil)), "without the CriticalAddonsOnly", Warning},
		{"tainted", azure(sized("System", 3, taint("CriticalAddonsOnly")), sized("User", 3, nil)), "", 0},
		{"other taint", azure(sized("System", 3, taint("dedicated")), sized("User", 3, nil)), "without the CriticalAddonsOnly", 0},
		{"single pool", azure(sized("System", 3, nil)), "without the CriticalAddonsOnly", 0},
		{"user pool only", azure(sized("User", 3, nil)), "", 0},
		{"taints unknown", azure(sized("System", 3, func(p *nodepool.Pool) { p.Taints = unknownField[[]nodepool.Taint](5) }), sized("User", 3, nil)), "", 0},
	})
	cni := func(plugin string, pools ...*nodepool.Pool) *nodepool.Cluster {
		c := azure(pools...)
		c.NetworkPlugin = known(plugin, 1)
		return c
	}
	runCases(t, "PL309", []ruleCase{
		{"30 pods", cni("azure", pool("a", func(p *nodepool.Pool) { p.MaxPods = known(int64(30), 3) })), "maxPods 30; use at least 50", Warning},
		{"default", cni("azure", pool("a", nil)), "default of 30", 0},
		{"50 pods", cni("azure", pool("a", func(p *nodepool.Pool) { p.MaxPods = known(int64(50), 3) })), "", 0},
		{"kubenet 30", cni("kubenet", pool("a", func(p *nodepool.Pool) { p.MaxPods = known(int64(30), 3) })), "maxPods 30", 0},
		{"kubenet default", cni("kubenet", pool("a", nil)), "", 0},
		{"maxPods unknown", cni("azure", pool("a", func(p *nodepool.Pool) { p.MaxPods = unknownField[int64](3) })), "", 0},
		{"overlay", func() *nodepool.Cluster {
			c := cni("azure", pool("a", nil))
			c.NetworkPluginMode = known("overlay", 1)
			return c
		}(), "", 0},
		{"plugin unknown", func() *nodepool.Cluster {
			c := azure(pool("a", nil))
			c.NetworkPlugin = unknownField[string](1)
			return c
		}(), "", 0},
	})
	versioned := func(v nodepool.Field[string]) *nodepool.Cluster {
		c := azure(pool("a", nil))
		c.KubernetesVersion = v
		return c
	}
	runCases(t, "PL310", []ruleCase{
		{"old", versioned(known("1.29.4", 1)), "runs Kubernetes \"1.29.4\", below the minimum 1.31", Warning},
		{"current", versioned(known("1.31", 1)), "", 0},
		{"newer major", versioned(known("2.0", 1)), "", 0},
		{"unknown", versioned(unknownField[string](1)), "", 0},
		{"pool version", azure(pool("a", func(p *nodepool.Pool) { p.OrchestratorVersion = known("1.28", 3) })), "pool \"a\" of cluster \"prod\" runs Kubernetes", 0},
		{"eks group", aws(pool("g", func(p *nodepool.Pool) { p.OrchestratorVersion = known("1.27", 3) })), "below the minimum", 0},
	})
	runCases(t, "PL311", []ruleCase{
		{"open ssh", aws(pool("g", withSettings(nodepool.SchemaAWSNodeGroup, kv{"remote_access": kv{}, "remote_access.ec2_ssh_key": "k"}))), "allows SSH from anywhere", Warning},
		{"empty groups", aws(pool("g", withSettings(nodepool.SchemaAWSNodeGroup, kv{"remote_access": kv{}, "remote_access.source_security_group_ids": []any{}}))), "allows SSH", 0},
		{"groups", aws(pool("g", withSettings(nodepool.SchemaAWSNodeGroup, kv{"remote_access": kv{}, "remote_access.source_security_group_ids": []any{"sg-1"}}))), "", 0},
		{"groups unknown", aws(pool("g", withSettings(nodepool.SchemaAWSNodeGroup, kv{"remote_access": kv{}, "remote_access.source_security_group_ids": unresolved}))), "", 0},
		{"cfn open", aws(pool("g", withSettings(nodepool.SchemaCFNNodegroup, kv{"RemoteAccess": kv{}, "RemoteAccess.Ec2SshKey": "k"}))), "RemoteAccess has no source security groups", 0},
		{"no remote access", aws(pool("g", withSettings(nodepool.SchemaAWSNodeGroup, kv{}))), "", 0},
	})
}

func TestRecommendedScaleSet(t *testing.T) {
	runCases(t, "PL312", []ruleCase{
		{"availability set", azure(pool("a", func(p *nodepool.Pool) { p.VMSetType = known("AvailabilitySet", 3) })), "uses an availability set", Warning},
		{"scale set", azure(pool("a", func(p *nodepool.Pool) { p.VMSetType = known("VirtualMachineScaleSets", 3) })), "", 0},
		{"default", azure(pool("a", nil)), "", 0},
		{"unknown", azure(pool("a", func(p *nodepool.Pool) { p.VMSetType = unknownField[string](3) })), "", 0},
	})
}

func TestRecommendedPoolVersion(t *testing.T) {
	cluster := func(cp, pool nodepool.Field[string]) *nodepool.Cluster {
		c := azure(pool1(pool))
		c.KubernetesVersion = cp
		return c
	}
	runCases(t, "PL313", []ruleCase{
		{"one minor behind", cluster(known("1.31.2", 1), known("1.30", 3)), "behind the control plane", Warning},
		{"same minor", cluster(known("1.31", 1), known("1.31.5", 3)), "", 0},
		{"three behind is PL012's", cluster(known("1.31", 1), known("1.28", 3)), "", 0},
		{"pool unknown", cluster(known("1.31", 1), unknownField[string](3)), "", 0},
		{"control plane unknown", cluster(unknownField[string](1), known("1.29", 3)), "", 0},
	})
}

func pool1(v nodepool.Field[string]) *nodepool.Pool {
	return pool("a", func(p *nodepool.Pool) { p.OrchestratorVersion = v })
}
