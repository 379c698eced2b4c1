package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/arm"
)

// TestAzapiReadsAsARM: the same agent pool properties, written as an ARM
// template's agentPoolProfiles and as an azapi body, give the same model
// (values, known, set, settings): one property table serves both.
func TestAzapiReadsAsARM(t *testing.T) {
	props := `{
  "name": "np1", "mode": "User", "vmSize": "Standard_D8s_v5", "osType": "Linux", "osSKU": "AzureLinux",
  "count": 2, "minCount": 1, "maxCount": 5, "enableAutoScaling": true,
  "scaleSetPriority": "Spot", "scaleSetEvictionPolicy": "Delete", "spotMaxPrice": -1,
  "osDiskType": "Ephemeral", "osDiskSizeGB": 64, "maxPods": 50, "type": "VirtualMachineScaleSets",
  "nodeLabels": {"team": "data"}, "nodeTaints": ["dedicated=data:NoSchedule"], "availabilityZones": ["1", "2"],
  "vnetSubnetID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
  "orchestratorVersion": "1.31", "upgradeSettings": {"maxSurge": "33%", "maxUnavailable": "0"},
  "kubeletConfig": {"cpuManagerPolicy": "static"}
}`
	dir := t.TempDir()
	template := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [{"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2025-05-01", "name": "c",
    "location": "westeurope", "properties": {"agentPoolProfiles": [` + props + `]}}]}`
	if err := os.WriteFile(filepath.Join(dir, "t.json"), []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	armRes := arm.Parser{}.Parse(&parsers.Input{Path: filepath.Join(dir, "t.json"), Data: []byte(template), Options: &parsers.Options{}})
	writeFiles(t, dir, map[string]string{"main.tf": `resource "azapi_resource" "c" {
  type = "Microsoft.ContainerService/managedClusters@2025-05-01"
  name = "c"
  body = jsondecode(<<EOT
{"properties": {"agentPoolProfiles": [` + props + `]}}
EOT
  )
}
`})
	tfRes := parseDir(t, dir, nil)
	if len(armRes.Clusters) != 1 || len(armRes.Clusters[0].Pools) != 1 || len(tfRes.Clusters) != 1 || len(tfRes.Clusters[0].Pools) != 1 {
		t.Fatalf("ARM %+v; azapi %+v", armRes.Clusters, tfRes.Clusters)
	}
	a, b := plainPool(t, armRes.Clusters[0].Pools[0]), plainPool(t, tfRes.Clusters[0].Pools[0])
	if !reflect.DeepEqual(a, b) {
		ja, _ := json.MarshalIndent(a, "", " ")
		jb, _ := json.MarshalIndent(b, "", " ")
		t.Errorf("ARM:\n%s\nazapi:\n%s", ja, jb)
	}
}

// plainPool is a pool's JSON without where each value is written or comes
// from, nor its ID.
func plainPool(t *testing.T, p *nodepool.Pool) any {
	t.Helper()
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var strip func(any) any
	strip = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range []string{"pos", "origin", "from", "id"} {
				delete(v, k)
			}
			for k, e := range v {
				v[k] = strip(e)
			}
		case []any:
			for i, e := range v {
				v[i] = strip(e)
			}
		}
		return v
	}
	return strip(v)
}
