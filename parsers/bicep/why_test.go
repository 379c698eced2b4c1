package bicep

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
	"github.com/poollint/poollint/parsers/internal/conv"
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

// TestWhyBicepParam: a .bicepparam value that is an expression is unknown,
// and says so.
func TestWhyBicepParam(t *testing.T) {
	dir := t.TempDir()
	params := write(t, dir, "prod.bicepparam", "using none\nparam size = toLower('X')\n")
	tmpl := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"parameters": {"size": {"type": "string", "defaultValue": "Standard_D4s_v5"}},
		"resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c",
		  "properties": {"agentPoolProfiles": [{"name": "p", "count": 3, "vmSize": "[parameters('size')]"}]}}]}`
	opts := &parsers.Options{ParamFiles: []parsers.ParamFile{{Path: params}}}
	res := armtemplate.Parse(&parsers.Input{Path: filepath.Join(dir, "main.json"), Data: []byte(tmpl), Options: opts})
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("diags %+v clusters %+v", res.Diags, res.Clusters)
	}
	want := "the .bicepparam value is an expression, which poollint does not evaluate"
	if got := res.Clusters[0].Pools[0].VMSize; got.Known || got.Why != want {
		t.Errorf("vmSize: known %v, why %q; want %q", got.Known, got.Why, want)
	}
}

// bare is v with every unknown value's reason left out.
func bare(v any) any {
	switch v := v.(type) {
	case conv.UnknownValue:
		return conv.Unknown
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = bare(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = bare(e)
		}
		return out
	}
	return v
}
