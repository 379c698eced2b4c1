package terraform

import (
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestAzapiCluster: a managedClusters body read like the ARM resource,
// each field at the line that writes it, and an agentPools child linked
// through parent_id.
func TestAzapiCluster(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "azapi_resource" "aks" {
  type      = "Microsoft.ContainerService/managedClusters@2025-05-01"
  name      = "c1"
  body = {
    properties = {
      networkProfile = { loadBalancerSku = "basic" }
      agentPoolProfiles = [
        {
          name   = "system"
          mode   = "System"
          VMSize = "Standard_D4s_v5"
          count  = 3
          nodeTaints = ["CriticalAddonsOnly=true:NoSchedule"]
          upgradeSettings = { maxSurge = "33%" }
        },
        {
          name  = "user"
          count = 2
        },
      ]
    }
  }
}

resource "azapi_resource" "child" {
  type      = "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01"
  name      = "spot"
  parent_id = azapi_resource.aks.id
  body = {
    properties = {
      scaleSetPriority = "Spot"
      count            = 1
    }
  }
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 3 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	c := res.Clusters[0]
	if c.Name.Value != "c1" || c.LoadBalancerSKU.Value != "basic" || c.LoadBalancerSKU.Pos.Line != 6 || c.PoolsUnknown {
		t.Errorf("cluster %+v", c)
	}
	ps := pools(res)
	sys := ps["system"]
	if sys == nil || !sys.Default || sys.Mode.Value != "System" || sys.Mode.Pos.Line != 10 || sys.VMSize.Value != "Standard_D4s_v5" ||
		sys.Count.Value != 3 || sys.MaxSurge.Value != "33%" || len(sys.Taints.Value) != 1 || sys.Pos.Line != 8 {
		t.Errorf("system pool %+v", sys)
	}
	if sys.Schema != nodepool.SchemaAKS || sys.Settings["upgradesettings.maxsurge"].Value != "33%" || sys.Settings["vmsize"].Pos.Line != 11 {
		t.Errorf("settings %+v", sys.Settings)
	}
	if u := ps["user"]; u == nil || u.Default || u.Count.Value != 2 {
		t.Errorf("user pool %+v", u)
	}
	if s := ps["spot"]; s == nil || s.Priority.Value != "Spot" || s.Priority.Pos.Line != 31 || s.Pos.Line != 25 {
		t.Errorf("child pool %+v", s)
	}
}

// TestAzapiUnknown: a body that cannot be read offline gives unknown
// values, never a guess: the cluster's pools are unknown, a pool whose
// properties are unknown has every setting unknown, and an entry whose
// content is unknown is a pool of unknown settings.
func TestAzapiUnknown(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "body" {}
variable "pool" {}
resource "azapi_resource" "whole" {
  type = "Microsoft.ContainerService/managedClusters@2025-05-01"
  name = "whole"
  body = var.body
}
resource "azapi_resource" "entry" {
  type = "Microsoft.ContainerService/managedClusters@2025-05-01"
  name = "entry"
  body = { properties = { agentPoolProfiles = [var.pool] } }
}
resource "azapi_resource" "child" {
  type      = "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01"
  name      = "child"
  parent_id = azapi_resource.whole.id
  body      = { properties = var.pool }
}
`})
	res := parseDir(t, dir, nil)
	byName := map[string]*nodepool.Cluster{}
	for _, c := range res.Clusters {
		byName[c.Name.Value] = c
	}
	whole, entry := byName["whole"], byName["entry"]
	if whole == nil || !whole.PoolsUnknown || whole.LoadBalancerSKU.Known {
		t.Fatalf("whole %+v", whole)
	}
	if len(whole.Pools) != 1 || whole.Pools[0].Name.Value != "child" {
		t.Fatalf("whole's pools %+v", whole.Pools)
	}
	child := whole.Pools[0]
	for what, f := range map[string]nodepool.Field[string]{"mode": child.Mode, "vmSize": child.VMSize, "priority": child.Priority} {
		if f.Known || !f.Set {
			t.Errorf("child %s %+v, want set and unknown", what, f)
		}
	}
	if child.Count.Known || !child.Count.Set {
		t.Errorf("child count %+v", child.Count)
	}
	if entry == nil || !entry.PoolsUnknown || len(entry.Pools) != 1 || entry.Pools[0].Mode.Known || entry.Pools[0].Name.Known {
		t.Fatalf("entry %+v", entry)
	}
}

// TestAzapiNotAPool: other resource types, and a type that cannot be read,
// declare no pool; a type chosen by a conditional between two API versions
// of managedClusters is a cluster.
func TestAzapiNotAPool(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "t" {}
variable "preview" {}
locals {
  profiles = { properties = { agentPoolProfiles = [{ name = "x", mode = "System", scaleSetPriority = "Spot" }] } }
}
resource "azapi_resource" "other" {
  type = "Microsoft.Network/virtualNetworks@2024-01-01"
  name = "other"
  body = local.profiles
}
resource "azapi_resource" "unknown_type" {
  type = var.t
  name = "unknown"
  body = local.profiles
}
resource "azapi_update_resource" "update" {
  type = "Microsoft.ContainerService/managedClusters@2025-05-01"
  name = "update"
  body = local.profiles
}
resource "azapi_resource" "either" {
  type = var.preview ? "Microsoft.ContainerService/managedClusters@2026-03-02-preview" : "Microsoft.ContainerService/ManagedClusters@2026-03-01"
  name = "either"
  body = local.profiles
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "either" || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	// The values written in a local are positioned there.
	if p := res.Clusters[0].Pools[0]; p.Priority.Value != "Spot" || p.Priority.Pos.Line != 4 {
		t.Errorf("pool %+v", p)
	}
}

// TestAzapiJSONBody: azapi 1's string bodies, jsonencode(...) written in
// place (positions at its lines) or a JSON string (positions at the
// attribute); a string that is not JSON, or nests too deep, is unknown.
func TestAzapiJSONBody(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "azapi_resource" "enc" {
  type = "Microsoft.ContainerService/managedClusters@2023-01-01"
  name = "enc"
  body = jsonencode({
    properties = {
      agentPoolProfiles = [{
        name   = "a"
        vmSize = "Standard_D4s_v5"
      }]
    }
  })
}
resource "azapi_resource" "str" {
  type = "Microsoft.ContainerService/managedClusters@2023-01-01"
  name = "str"
  body = <<EOT
{"properties": {"agentPoolProfiles": [{"name": "b", "count": 2}]}}
EOT
}
resource "azapi_resource" "bad" {
  type = "Microsoft.ContainerService/managedClusters@2023-01-01"
  name = "bad"
  body = "{not json"
}
resource "azapi_resource" "deep" {
  type = "Microsoft.ContainerService/managedClusters@2023-01-01"
  name = "deep"
  body = <<EOT
` + deep + `
EOT
}
`})
	res := parseDir(t, dir, nil)
	ps := pools(res)
	if a := ps["a"]; a == nil || a.VMSize.Value != "Standard_D4s_v5" || a.VMSize.Pos.Line != 8 {
		t.Errorf("jsonencode pool %+v", a)
	}
	if b := ps["b"]; b == nil || b.Count.Value != 2 || b.Count.Pos.Line != 16 {
		t.Errorf("JSON string pool %+v", b)
	}
	for _, c := range res.Clusters {
		if (c.Name.Value == "bad" || c.Name.Value == "deep") && (!c.PoolsUnknown || len(c.Pools) != 0) {
			t.Errorf("cluster %s: %+v", c.Name.Value, c)
		}
	}
}

// TestAzapiParents: an agent pool on an azurerm cluster, one whose
// parent_id is a literal ARM ID (linked by the cluster's name), and one in
// a module given the cluster's ID.
func TestAzapiParents(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "azurerm_kubernetes_cluster" "main" {
  name = "rm"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
resource "azapi_resource" "byref" {
  type      = "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01"
  name      = "byref"
  parent_id = azurerm_kubernetes_cluster.main.id
}
resource "azapi_resource" "byid" {
  type      = "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01"
  name      = "byid"
  parent_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/rm"
}
resource "azapi_resource" "aks" {
  type = "Microsoft.ContainerService/managedClusters@2025-05-01"
  name = "api"
}
module "pool" {
  source    = "./pool"
  parent_id = azapi_resource.aks.id
}
`, "pool/main.tf": `variable "parent_id" {}
resource "azapi_resource" "this" {
  type      = "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01"
  name      = "inmodule"
  parent_id = var.parent_id
  body      = { properties = { mode = "User" } }
}
`})
	res := parseDir(t, dir, nil)
	got := map[string][]string{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			got[c.Name.Value] = append(got[c.Name.Value], p.Name.Value)
		}
		if c.Partial {
			t.Errorf("partial cluster %s with %d pools", c.ID, len(c.Pools))
		}
	}
	if strings.Join(got["rm"], ",") != "system,byref,byid" || strings.Join(got["api"], ",") != "inmodule" {
		t.Errorf("pools by cluster %v", got)
	}
}

// TestAzapiJSONSyntax: a .tf.json configuration's body is read the same
// way, each value at its line of the JSON file.
func TestAzapiJSONSyntax(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": "", "aks.tf.json": `{
  "variable": {"sku": {"default": "basic"}},
  "resource": {"azapi_resource": {"aks": {
    "type": "Microsoft.ContainerService/managedClusters@2025-05-01",
    "name": "json",
    "body": {
      "properties": {
        "networkProfile": {"loadBalancerSku": "${var.sku}"},
        "agentPoolProfiles": [
          {"name": "system", "mode": "System",
           "count": 2}
        ]
      }
    }
  }}}
}`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	c := res.Clusters[0]
	if c.LoadBalancerSKU.Value != "basic" || c.LoadBalancerSKU.Pos.Line != 8 {
		t.Errorf("load balancer %+v", c.LoadBalancerSKU)
	}
	if p := c.Pools[0]; p.Name.Value != "system" || p.Count.Value != 2 || p.Count.Pos.Line != 11 || p.Pos.Line != 10 {
		t.Errorf("pool %+v", p)
	}
}

// TestAzapiInstalledAVM: the AVM managed-cluster module installed by
// terraform init (0.4 and later declare azapi resources) is read from its
// source, not from poollint's table of it: the cluster's profile and an
// agent_pools entry through its agentpool submodule, with the call as the
// pools' call site.
func TestAzapiInstalledAVM(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `module "aks" {
  source  = "Azure/avm-res-containerservice-managedcluster/azurerm"
  version = "0.5.2"
  name    = "installed"
  agent_pools = {
    spot = { name = "spot", vm_size = "Standard_D4s_v5", scale_set_priority = "Spot", mode = "System" }
  }
}
`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},` +
			`{"Key":"aks","Source":"registry.terraform.io/Azure/avm-res-containerservice-managedcluster/azurerm","Version":"0.5.2","Dir":".terraform/modules/aks"}]}`,
		".terraform/modules/aks/main.tf": `variable "name" {}
variable "agent_pools" {
  type = map(object({
    name               = string
    vm_size            = string
    mode               = optional(string)
    scale_set_priority = optional(string)
  }))
  default = {}
}
resource "azapi_resource" "this" {
  type = "Microsoft.ContainerService/managedClusters@2025-05-01"
  name = var.name
  body = {
    properties = {
      agentPoolProfiles = [{ name = "systempool", mode = "System", count = 3, vmSize = "Standard_D4s_v5" }]
    }
  }
}
module "nodepools" {
  source   = "./modules/agentpool"
  for_each = var.agent_pools

  parent_id = azapi_resource.this.id
  name      = each.value.name
  vm_size   = each.value.vm_size
  mode      = each.value.mode
  priority  = each.value.scale_set_priority
}
`,
		".terraform/modules/aks/modules/agentpool/main.tf": `variable "parent_id" {}
variable "name" {}
variable "vm_size" {}
variable "mode" {}
variable "priority" {}
locals {
  resource_body = {
    properties = {
      vmSize           = var.vm_size
      mode             = var.mode
      scaleSetPriority = var.priority
    }
  }
}
resource "azapi_resource" "this" {
  type      = "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01"
  name      = var.name
  parent_id = var.parent_id
  body      = local.resource_body
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "installed" || res.Clusters[0].ID != "module.aks.azapi_resource.this" {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	ps := pools(res)
	if len(ps) != 2 || ps["systempool"] == nil || ps["spot"] == nil {
		t.Fatalf("pools %v", ps)
	}
	spot := ps["spot"]
	if spot.Priority.Value != "Spot" || spot.Mode.Value != "System" || spot.Priority.Pos.Line != 11 || len(spot.CallSites) != 2 || spot.CallSites[0].Line != 1 {
		t.Errorf("spot %+v", spot)
	}
}
