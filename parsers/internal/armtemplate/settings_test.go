package armtemplate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// TestSettings: an agent pool's properties are kept flattened, lower-case,
// with positions; an unresolved parameter stays unknown.
func TestSettings(t *testing.T) {
	src := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
"parameters": {"rt": {"type": "string"}},
"resources": [{"type": "Microsoft.ContainerService/managedClusters/agentPools", "apiVersion": "2024-09-01", "name": "aks/pool1",
 "properties": {"kubeletDiskType": "Disk", "workloadRuntime": "[parameters('rt')]",
  "upgradeSettings": {"drainTimeoutInMinutes": 2000}, "availabilityZones": ["1", "2"]}}]}`
	res := Parse(&parsers.Input{Path: "t.json", Data: []byte(src)})
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("got %+v %v", res.Clusters, res.Diags)
	}
	p := res.Clusters[0].Pools[0]
	if p.Schema != nodepool.SchemaAKS {
		t.Errorf("schema %q", p.Schema)
	}
	s := p.Settings
	if f := s.Get("kubeletdisktype"); !f.Known || f.Value != "Disk" || f.Pos.Line != 4 {
		t.Errorf("kubeletdisktype: %+v", f)
	}
	if f := s.Get("workloadruntime"); !f.Set || f.Known {
		t.Errorf("workloadruntime should be unknown: %+v", f)
	}
	if f := s.Get("upgradesettings.draintimeoutinminutes"); !f.Known || f.Value != int64(2000) {
		t.Errorf("drain timeout: %+v", f)
	}
	if f := s.Get("availabilityzones[1]"); !f.Known || f.Value != "2" {
		t.Errorf("zones[1]: %+v", f)
	}
}

// TestSettingsBounded: a pool's settings stop at conv.MaxSettingsEntries
// and conv.MaxSettingsDepth, whatever the template holds.
func TestSettingsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.ContainerService/managedClusters/agentPools", "apiVersion": "2024-09-01", "name": "aks/p", "properties": {"tags": {`)
	for i := range 5000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%d": "v"`, i)
	}
	b.WriteString(`}, "deep": `)
	for range 40 {
		b.WriteString(`{"a": `)
	}
	b.WriteString(`1` + strings.Repeat("}", 40) + `}}]}`)
	res := Parse(&parsers.Input{Path: "t.json", Data: []byte(b.String())})
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("got %+v %v", res.Clusters, res.Diags)
	}
	s := res.Clusters[0].Pools[0].Settings
	if len(s) > conv.MaxSettingsEntries {
		t.Errorf("%d settings kept, above the bound %d", len(s), conv.MaxSettingsEntries)
	}
	for k := range s {
		if strings.Count(k, ".") > conv.MaxSettingsDepth {
			t.Errorf("setting %q is deeper than the bound", k)
		}
	}
}
