package bicep

import (
	"os"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
)

// TestSourceMapModules maps a template with a nested deployment compiled
// from a local module: the module's parameters map to the params: entries
// of the call, and its resources to the module's own file, with the call
// recorded.
func TestSourceMapModules(t *testing.T) {
	files := map[string]string{
		"dir/main.bicep": `param lb string = 'basic'
module pools './pools.bicep' = {
  name: 'pools'
  params: {
    sku: lb
  }
}
`,
		"dir/pools.bicep": `param sku string
resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: 'aks'
  properties: {
    networkProfile: {
      loadBalancerSku: sku
    }
  }
}
`,
	}
	compiled := `{
  "parameters": {"lb": {"type": "string", "defaultValue": "basic"}},
  "resources": [{
    "type": "Microsoft.Resources/deployments",
    "name": "pools",
    "properties": {
      "parameters": {"sku": {"value": "[parameters('lb')]"}},
      "template": {
        "parameters": {"sku": {"type": "string"}},
        "resources": [{
          "type": "Microsoft.ContainerService/managedClusters",
          "name": "aks",
          "properties": {"networkProfile": {
            "loadBalancerSku": "[parameters('sku')]"}}
        }]
      }
    }
  }]
}`
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	m := buildSourceMap("dir/main.bicep", []byte(files["dir/main.bicep"]), []byte(compiled), loaderFunc(read))
	if m == nil {
		t.Fatal("no source map")
	}
	for _, c := range []struct {
		line, col int
		want      nodepool.Pos
		calls     int
	}{
		{2, 18, nodepool.Pos{File: "dir/main.bicep", Line: 1, Col: 1}, 0},   // "lb"
		{7, 29, nodepool.Pos{File: "dir/main.bicep", Line: 5, Col: 5}, 0},   // {"value": …} of sku
		{12, 19, nodepool.Pos{File: "dir/pools.bicep", Line: 3, Col: 3}, 1}, // "name": "aks"
		{14, 32, nodepool.Pos{File: "dir/pools.bicep", Line: 6, Col: 7}, 1}, // loadBalancerSku's value
	} {
		p := nodepool.Pos{Line: c.line, Col: c.col}
		got, ok := m.lookup(p)
		if !ok || got != c.want || len(m.callsOf(p)) != c.calls {
			t.Errorf("%d:%d maps to %v (known %v, calls %v), want %v", c.line, c.col, got, ok, m.callsOf(p), c.want)
		}
	}
	if calls := m.callsOf(nodepool.Pos{Line: 14, Col: 32}); len(calls) == 1 && calls[0] != (nodepool.Pos{File: "dir/main.bicep", Line: 2, Col: 1}) {
		t.Errorf("call site %v", calls)
	}
}

// FuzzSourceMap feeds arbitrary Bicep and template pairs to the source map.
func FuzzSourceMap(f *testing.F) {
	src, _ := os.ReadFile("../../fixtures/arm/bicepparam/main.bicep")
	tpl, _ := os.ReadFile("../../fixtures/arm/bicepparam/main.json")
	f.Add(string(src), string(tpl))
	f.Add("resource a 'T@1' = [for x in y: {\n  properties: union({ a: 1 }, c ? { b: 2 } : {})\n}]\n",
		`{"resources": {"a": {"type": "T", "properties": {"copy": [{"name": "a", "input": {}}], "b": [1]}}}}`)
	// Issue 12: variables made of themselves (a stack overflow and an
	// exponential search before), a module including itself.
	selfRef := `{"resources": [{"type": "T", "name": "r", "properties": {"x": {"y": 1}}}]}`
	f.Add("var a = {\n  ...a\n  ...a\n}\nresource r 'T@1' = {\n  properties: a\n}\n", selfRef)
	f.Add("var a = union(a, a, a, a, a, a)\nresource r 'T@1' = {\n  properties: c ? a : a\n}\n", selfRef)
	f.Add("module m './main.bicep' = {\n  name: 'm'\n}\n",
		`{"resources": [{"type": "Microsoft.Resources/deployments", "name": "m", "properties": {"template": {"resources": [{"type": "Microsoft.Resources/deployments", "name": "m", "properties": {"template": {}}}]}}}]}`)
	f.Fuzz(func(t *testing.T, src, tpl string) {
		m := buildSourceMap("main.bicep", []byte(src), []byte(tpl), loaderFunc(func(string) ([]byte, error) {
			return []byte(src), nil // a module that includes itself, as deep as allowed
		}))
		if m == nil {
			return
		}
		for k, v := range m.at {
			if v.pos.File == "" || v.pos.Line < 1 || k[0] < 1 {
				t.Fatalf("%v maps to %v", k, v)
			}
		}
	})
}

// largestPair is the corpus's largest Bicep file and the template compiled
// from it, in dir (skipped without ../shared).
func largestPair(tb testing.TB) (dir string, src, tpl []byte) {
	tb.Helper()
	dir = "../../../shared/corpus/Azure__bicep-registry-modules/avm/res/container-service/managed-cluster/"
	src, err := os.ReadFile(dir + "main.bicep")
	if err != nil {
		tb.Skipf("shared corpus not available: %v", err)
	}
	if tpl, err = os.ReadFile(dir + "main.json"); err != nil {
		tb.Fatal(err)
	}
	return dir, src, tpl
}

// BenchmarkSourceMap parses the corpus's largest Bicep file pair and maps
// one template onto the other (skipped without ../shared).
func BenchmarkSourceMap(b *testing.B) {
	dir, src, tpl := largestPair(b)
	read := func(p string) ([]byte, error) { return os.ReadFile(p) }
	b.SetBytes(int64(len(src) + len(tpl)))
	for b.Loop() {
		if buildSourceMap(dir+"main.bicep", src, tpl, loaderFunc(read)) == nil {
			b.Fatal("no map")
		}
	}
}

// TestClusterSourceMap: the map built for the clusters read from a template
// holds their positions only, mapped as the full map maps them, and none is
// built for a template without clusters.
func TestClusterSourceMap(t *testing.T) {
	dir, src, tpl := largestPair(t)
	ld := loaderFunc(func(p string) ([]byte, error) { return os.ReadFile(p) })
	compiled := dir + "main.json"
	res := armtemplate.Parse(&parsers.Input{Path: compiled, Data: tpl})
	if len(res.Clusters) == 0 {
		t.Fatal("no cluster read from the template")
	}
	full := buildSourceMap(dir+"main.bicep", src, tpl, ld)
	part := clusterSourceMap(res.Clusters, dir+"main.bicep", src, compiled, tpl, ld, false)
	if full == nil || part == nil {
		t.Fatal("no source map")
	}
	want := wanted(res.Clusters, compiled)
	mapped := 0
	for k := range want {
		got, ok := part.at[k]
		if full, fok := full.at[k]; ok != fok || ok && got.pos != full.pos {
			t.Errorf("%v: mapped to %v (%v), the full map says %v (%v)", k, got.pos, ok, full.pos, fok)
		}
		if ok {
			mapped++
		}
	}
	if len(part.at) != mapped || mapped == 0 || len(full.at) <= 10*mapped {
		t.Errorf("the cluster map holds %d positions (%d wanted and mapped), the full one %d", len(part.at), mapped, len(full.at))
	}
	if clusterSourceMap(nil, dir+"main.bicep", src, compiled, tpl, ld, false) != nil {
		t.Error("a source map built for no cluster")
	}
}
