package arm

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestWhy: each way an ARM value becomes unknown gives the field its
// reason, with the line of the cause when it is not the field's.
func TestWhy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.json")
	src := `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {
    "size": {"type": "string"},
    "secret": {"type": "string"}
  },
  "variables": {
    "subnet": "[reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet')).subnets[0].id]",
    "sizeLower": "[toLower(parameters('size'))]"
  },
  "resources": [{
    "type": "Microsoft.ContainerService/managedClusters",
    "apiVersion": "2024-02-01",
    "name": "aks",
    "properties": {
      "networkProfile": {"loadBalancerSku": "[listKeys('x', '2020-01-01').keys[0].value]"},
      "kubernetesVersion": "[parameters('secret')]",
      "agentPoolProfiles": [{
        "name": "system",
        "mode": "System",
        "vmSize": "[variables('sizeLower')]",
        "vnetSubnetID": "[variables('subnet')]",
        "osSKU": "[notAFunction('x')]",
        "count": "[variables('missing')]",
        "maxPods": "[div(30, 0)]",
        "osDiskSizeGB": "[resourceGroup().tags.size]",
        "orchestratorVersion": "[concat(parameters('size'), reference('x').v)]"
      }]
    }
  }, {
    "type": "Microsoft.ContainerService/managedClusters/agentPools",
    "apiVersion": "2024-02-01",
    "name": "[concat('aks/pool', copyIndex())]",
    "copy": {"name": "pools", "count": "[length(parameters('size'))]"},
    "properties": {"vmSize": "Standard_D4s_v5"}
  }]
}`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	params := filepath.Join(dir, "main.parameters.json")
	if err := os.WriteFile(params, []byte(`{"parameters": {"secret": {"reference": {"keyVault": {"id": "kv"}, "secretName": "s"}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	res := parse(t, path, nil)
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
		{"a parameter with no value, through a variable", p.VMSize, "parameter size has no default and no parameter file gives it (line 4)"},
		{"reference() through a variable", p.VnetSubnetID, "reference() is known only at deployment (line 8)"},
		{"list*()", c.LoadBalancerSKU, "listKeys() is known only at deployment"},
		{"a Key Vault reference", c.KubernetesVersion, "parameter secret is a Key Vault reference in main.parameters.json"},
		{"a function poollint does not evaluate", p.OSSKU, "poollint does not evaluate notAFunction()"},
		{"the first cause wins", p.OrchestratorVersion, "parameter size has no default and no parameter file gives it (line 4)"},
	} {
		if f.got.Known || f.got.Explain() != f.want {
			t.Errorf("%s: known %v, why %q; want %q", f.name, f.got.Known, f.got.Explain(), f.want)
		}
	}
	if !c.PoolsUnknown || c.PoolsWhy != "parameter size has no default and no parameter file gives it" || c.PoolsWhyPos.Line != 4 {
		t.Errorf("pools: unknown %v, why %q at %v", c.PoolsUnknown, c.PoolsWhy, c.PoolsWhyPos)
	}
	for _, f := range []struct {
		name string
		got  nodepool.Field[int64]
		want string
	}{
		{"a variable not defined", p.Count, "variable missing is not defined"},
		{"a function on arguments it cannot take", p.MaxPods, "div() cannot be evaluated with these arguments"},
		{"the deployment's environment", p.OSDiskSizeGB, "resourceGroup() is known only at deployment"},
	} {
		if f.got.Known || f.got.Explain() != f.want {
			t.Errorf("%s: known %v, why %q; want %q", f.name, f.got.Known, f.got.Explain(), f.want)
		}
	}
}
