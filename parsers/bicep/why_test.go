package bicep

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestWhy: a Bicep value the translation or the evaluation leaves unknown
// says why.
func TestWhy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.bicep")
	src := `param size string
param base object = {}

resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' existing = {
  name: 'vnet'
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  location: resourceGroup().location
  properties: {
    kubernetesVersion: loadTextContent('version.txt')
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vmSize: toLower(size)
        vnetSubnetID: vnet.properties.subnets[0].id
        osSKU: {
          ...base
        }.sku
        maxPods: reference('x').maxPods
      }
    ]
  }
}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := parse(t, path)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v, diags %v", res.Clusters, res.Diags)
	}
	c := res.Clusters[0]
	p := c.Pools[0]
	for _, f := range []struct {
		name string
		got  nodepool.Field[string]
		want string
	}{
		{"a parameter with no value", p.VMSize, "parameter size has no default and no parameter file gives it (line 1)"},
		{"a load*() function", c.KubernetesVersion, "loadTextContent() reads another file"},
		{"a property of an existing resource", p.VnetSubnetID, "vnet.properties is known only at deployment"},
		{"a spread", p.OSSKU, "a spread or computed key is not evaluated"},
	} {
		if f.got.Known || f.got.Explain() != f.want {
			t.Errorf("%s: known %v, why %q; want %q", f.name, f.got.Known, f.got.Explain(), f.want)
		}
	}
	if p.MaxPods.Known || p.MaxPods.Explain() != "reference() is known only at deployment" {
		t.Errorf("reference(): known %v, why %q", p.MaxPods.Known, p.MaxPods.Explain())
	}
}
