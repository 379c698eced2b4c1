package bicep

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
)

// notesWith lists the notes whose message contains s.
func notesWith(res parsers.Result, s string) []parsers.Diagnostic {
	var out []parsers.Diagnostic
	for _, d := range res.Diags {
		if d.Level == parsers.LevelNote && strings.Contains(d.Message, s) {
			out = append(out, d)
		}
	}
	return out
}

// A local module whose file does not exist gets a note at its declaration
// (it was ignored without a word); the file's own cluster is still read.
func TestMissingLocalModuleNote(t *testing.T) {
	root, _, opts := attacker(t)
	main := write(t, root, "main.bicep", aksBicep("'mine'", "'Standard_D4s_v5'")+moduleDecl("network", "./network.bicep"))
	res := scanFile(t, main, opts)
	notes := notesWith(res, "module network: ")
	if len(notes) != 1 || notes[0].Pos.File != main || notes[0].Pos.Line != 13 ||
		!strings.Contains(notes[0].Message, "network.bicep was not found; what it deploys is unknown") {
		t.Errorf("notes %+v", res.Diags)
	}
	if len(res.Clusters) != 1 {
		t.Errorf("%d clusters", len(res.Clusters))
	}
}

// avmCall is a Bicep file calling a registry module with one pool.
func avmCall(ref, pools string) string {
	return "param size string\nmodule aks '" + ref + "' = {\n  name: 'aks'\n  params: {\n    name: 'c1'\n    " + pools + "\n  }\n}\n"
}

// Registry modules poollint has a model of are read without a download;
// the caller's values keep their lines; a value the caller reads from a
// parameter without a value is unknown, never the module's default.
func TestRegistryModuleModels(t *testing.T) {
	root, _, opts := attacker(t)
	for _, ref := range []string{
		"br/public:avm/res/container-service/managed-cluster:0.9.0",
		"br:mcr.microsoft.com/bicep/avm/res/container-service/managed-cluster:0.14.1",
		"br/public:avm/res/container-service/managed-cluster:0.12",
	} {
		main := write(t, root, "main.bicep", avmCall(ref, "primaryAgentPoolProfiles: [\n      {\n        name: 'sys'\n        vmSize: size\n      }\n    ]"))
		res := scanFile(t, main, opts)
		if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
			t.Fatalf("%s: clusters %+v diags %+v", ref, res.Clusters, res.Diags)
		}
		c, p := res.Clusters[0], res.Clusters[0].Pools[0]
		if c.Name.Value != "c1" || c.Name.Pos.Line != 5 || c.Pos.Line != 2 {
			t.Errorf("%s: cluster %+v at %s", ref, c.Name, c.Pos)
		}
		if p.Name.Value != "sys" || p.Name.Pos.Line != 8 || p.Pos.Line != 7 {
			t.Errorf("%s: pool %+v at %s", ref, p.Name, p.Pos)
		}
		if p.VMSize.Known || p.VMSize.Pos.Line != 9 {
			t.Errorf("%s: vmSize %+v, want unknown at line 9", ref, p.VMSize)
		}
		if !p.Count.Known || p.Count.Value != 1 || !p.Zones.Known || len(p.Zones.Value) != 3 {
			t.Errorf("%s: the module's defaults: count %+v zones %+v", ref, p.Count, p.Zones)
		}
	}
}

// A version outside the table, or a module without a model, gets a note
// naming it and no pools.
func TestRegistryModuleUnknownVersion(t *testing.T) {
	root, _, opts := attacker(t)
	for ref, want := range map[string]string{
		"br/public:avm/res/container-service/managed-cluster:1.0.0": "versions 0.1 to 0.14, not 1.0.0",
		"br/public:avm/ptn/azd/aks:0.1.0":                           "avm/ptn/azd/aks versions 0.2 and 0.3, not 0.1.0",
		"br/public:avm/res/container-service/managed-cluster:main":  "not main",
		"br/other:avm/res/container-service/managed-cluster:0.9.0":  "comes from a registry",
		"ts:sub/rg/spec:1.0": "comes from a registry",
	} {
		main := write(t, root, "main.bicep", avmCall(ref, "primaryAgentPoolProfiles: [\n      { name: 'sys' }\n    ]"))
		res := scanFile(t, main, opts)
		if len(res.Clusters) != 0 {
			t.Errorf("%s: %d clusters", ref, len(res.Clusters))
		}
		if n := notesWith(res, want); len(n) != 1 || n[0].Pos.Line != 2 {
			t.Errorf("%s: want a note %q at line 2: %+v", ref, want, res.Diags)
		}
	}
}

// bicepconfig.json aliases name registry paths; a config outside the
// scanned root is not read.
func TestRegistryAliases(t *testing.T) {
	aliases := readAliases([]byte(`{"moduleAliases": {"br": {"AVM": {"registry": "mcr.microsoft.com", "modulePath": "/bicep/avm/"}, "bad": {}}}}`))
	ref, ok := parseRegistryRef("br/avm:res/container-service/managed-cluster:0.9.0", aliases)
	if !ok || ref.path != avmManagedCluster || ref.version != "0.9.0" {
		t.Errorf("ref %+v %v (aliases %v)", ref, ok, aliases)
	}
	if _, ok := parseRegistryRef("br/bad:x:1", aliases); ok {
		t.Error("an alias without a registry must not resolve")
	}
	root, _, opts := attacker(t)
	// The root's parent directory is outside it.
	write(t, filepath.Dir(root), "bicepconfig.json", `{"moduleAliases": {"br": {"avm": {"registry": "mcr.microsoft.com", "modulePath": "bicep/avm"}}}}`)
	main := write(t, root, "main.bicep", avmCall("br/avm:res/container-service/managed-cluster:0.9.0", "primaryAgentPoolProfiles: [\n      { name: 'sys' }\n    ]"))
	if res := scanFile(t, main, opts); len(res.Clusters) != 0 {
		t.Errorf("an alias from a bicepconfig.json outside the root was used")
	}
	write(t, root, "bicepconfig.json", `{"moduleAliases": {"br": {"avm": {"registry": "mcr.microsoft.com", "modulePath": "bicep/avm"}}}}`)
	if res := scanFile(t, main, opts); len(res.Clusters) != 1 {
		t.Errorf("the alias of the root's bicepconfig.json: %d clusters, %+v", len(res.Clusters), res.Diags)
	}
}

// stalePair writes main.bicep and a main.json translated from an older
// source beside it.
func stalePair(t *testing.T, older, newer string) (string, *parsers.Options) {
	t.Helper()
	root, _, opts := attacker(t)
	f, err := syntax.Parse(older)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := translateFile(filepath.Join(root, "main.bicep"), f, loaderFunc(func(string) ([]byte, error) { return nil, fs.ErrNotExist }))
	write(t, root, "main.json", string(data))
	return write(t, root, "main.bicep", newer), opts
}

// A compiled main.json that disagrees with main.bicep beside it (older:
// the Bicep declares a pool or a value the JSON lacks) gets a note at the
// Bicep line; poollint goes on checking the JSON.
func TestCompiledOlderThanSource(t *testing.T) {
	older := aksBicep("'c1'", "'Standard_D4s_v5'")
	newer := strings.Replace(older, "'Standard_D4s_v5'", "'Standard_D8s_v5'", 1)
	newer = strings.Replace(newer, "    ]\n", "      {\n        name: 'user'\n        vmSize: 'Standard_D4s_v5'\n      }\n    ]\n", 1)
	main, opts := stalePair(t, older, newer)
	res := scanFile(t, main, opts)
	notes := notesWith(res, "main.json is older than main.bicep")
	if len(notes) != 2 {
		t.Fatalf("notes %+v", res.Diags)
	}
	if n := notes[0]; n.Pos.Line != 8 || !strings.Contains(n.Message, `vmSize of pool "system" of cluster "c1" is Standard_D8s_v5 in main.bicep, Standard_D4s_v5 in main.json`) {
		t.Errorf("note %+v", n)
	}
	if n := notes[1]; n.Pos.Line != 10 || !strings.Contains(n.Message, `main.bicep declares pool "user" of cluster "c1", which main.json lacks`) {
		t.Errorf("note %+v", n)
	}
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 || res.Clusters[0].Pools[0].VMSize.Value != "Standard_D4s_v5" {
		t.Errorf("the compiled template is still what is checked: %+v", res.Clusters)
	}
	// In step: no note.
	main, opts = stalePair(t, newer, newer)
	if res := scanFile(t, main, opts); len(notesWith(res, "is older than")) != 0 {
		t.Errorf("notes for a template in step: %+v", res.Diags)
	}
}

// A module's outputs read by another module (AKS-Construction's extra
// pools name their cluster by aks.outputs.aksClusterName): the pools join
// the cluster the first module declares.
func TestModuleOutputsLinkPools(t *testing.T) {
	root, _, opts := attacker(t)
	write(t, root, "aks.bicep", "param name string\n"+aksBicep("name", "'Standard_D4s_v5'")+"output aksClusterName string = aks.name\n")
	write(t, root, "pool.bicep", `param AksName string
param PoolName string
resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' existing = {
  name: AksName
}
resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-05-01' = {
  parent: aks
  name: PoolName
  properties: {
    vmSize: 'Standard_D4s_v5'
  }
}
`)
	main := write(t, root, "main.bicep", `module grid './aks.bicep' = {
  name: 'grid'
  params: {
    name: 'aks-grid'
  }
}
var extra = [
  'chromepool'
  'edgepool'
]
module pools './pool.bicep' = [for p in extra: {
  name: p
  params: {
    AksName: grid.outputs.aksClusterName
    PoolName: p
  }
}]
`)
	res := scanFile(t, main, opts)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "aks-grid" || poolNamesOf(res.Clusters[0]) != "system,chromepool,edgepool" {
		for _, c := range res.Clusters {
			t.Errorf("cluster %s %+v: %s", c.ID, c.Name, poolNamesOf(c))
		}
	}
}

func poolNamesOf(c *nodepool.Cluster) string {
	var out []string
	for _, p := range c.Pools {
		out = append(out, p.Name.Value)
	}
	return strings.Join(out, ",")
}

// A for-expression passed to a module parameter (agentPools: [for …]) is a
// copy loop named value, as Bicep compiles it: the pools are read, at the
// caller's lines.
func TestModuleParameterLoop(t *testing.T) {
	root, _, opts := attacker(t)
	main := write(t, root, "main.bicep", `var pools = [
  { name: 'a', size: 'Standard_D4s_v5' }
  { name: 'b', size: 'Standard_D8s_v5' }
]
module aks 'br/public:avm/res/container-service/managed-cluster:0.11.0' = {
  name: 'aks'
  params: {
    name: 'c1'
    primaryAgentPoolProfiles: [{ name: 'sys', mode: 'System' }]
    agentPools: [for p in pools: {
      name: p.name
      vmSize: p.size
    }]
  }
}
`)
	res := scanFile(t, main, opts)
	if len(res.Clusters) != 1 || poolNamesOf(res.Clusters[0]) != "sys,a,b" {
		t.Fatalf("clusters %+v diags %+v", res.Clusters, res.Diags)
	}
	if b := res.Clusters[0].Pools[2]; b.VMSize.Value != "Standard_D8s_v5" || b.VMSize.Pos.Line != 12 {
		t.Errorf("vmSize %+v", b.VMSize)
	}
}
