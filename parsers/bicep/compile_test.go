package bicep

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// modelJSON renders clusters with the .bicep path replaced, for comparing
// two readings of the same source.
func modelJSON(t *testing.T, cs []*nodepool.Cluster, path string) string {
	t.Helper()
	var b strings.Builder
	for _, c := range cs {
		data, err := json.MarshalIndent(c, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return strings.ReplaceAll(b.String(), path, "SRC")
}

// TestTranslateMatchesCompiled reads the fixture's main.bicep twice: through
// the main.json compiled beside it, and through poollint's own translation
// with no compiled file and no CLI. The models must be identical, positions
// included.
func TestTranslateMatchesCompiled(t *testing.T) {
	const fixture = "../../fixtures/arm/bicepparam/main.bicep"
	viaJSON := parse(t, fixture)
	t.Setenv("PATH", t.TempDir())
	code, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "main.bicep")
	if err := os.WriteFile(src, code, 0o644); err != nil {
		t.Fatal(err)
	}
	native := parse(t, src)
	if len(native.Diags) != 1 || native.Diags[0].Level != parsers.LevelNote || !strings.Contains(native.Diags[0].Message, "poollint's own reading") {
		t.Errorf("diags %+v", native.Diags)
	}
	a, b := modelJSON(t, viaJSON.Clusters, fixture), modelJSON(t, native.Clusters, src)
	if a != b || len(viaJSON.Clusters) != 1 {
		t.Errorf("compiled:\n%s\nnative:\n%s", a, b)
	}
}

// knownValues flattens clusters to "cluster/pool/field = value" for every
// known field.
func knownValues(t *testing.T, cs []*nodepool.Cluster) map[string]string {
	return knownValuesBy(t, cs, false)
}

// knownValuesBy is knownValues with clusters and pools named by their order
// instead of their positions when byOrder is set: a registry module's
// values are where the module is called in the compiled template, where
// the caller wrote them through poollint's model.
func knownValuesBy(t *testing.T, cs []*nodepool.Cluster, byOrder bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if known, ok := v["known"].(bool); ok {
				if known {
					data, _ := json.Marshal(v["value"])
					out[prefix] = string(data)
				}
				return
			}
			for k, x := range v {
				if k == "pos" || k == "callSites" || k == "format" {
					continue
				}
				walk(prefix+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(prefix+"/"+strconv.Itoa(i), x)
			}
		}
	}
	// Both readings map onto the same Bicep lines, so the declaration's
	// position (and module calls) identify a cluster or a pool; template
	// identifiers differ with resource order.
	for ci, c := range cs {
		key := c.Pos.String()
		if byOrder {
			key = "cluster#" + strconv.Itoa(ci)
		}
		for _, cs := range c.CallSites {
			key += " via " + cs.String()
		}
		pools := c.Pools
		c.Pools = nil
		data, err := json.Marshal(c)
		c.Pools = pools
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "id")
		walk(key, m)
		for i, p := range pools {
			data, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "id")
			if byOrder {
				walk(key+" pool#"+strconv.Itoa(i), m)
			} else {
				walk(key+" pool "+p.Pos.String()+"#"+strconv.Itoa(i), m)
			}
		}
	}
	return out
}

// TestCorpusTranslate reads every corpus .bicep that has its compiled JSON
// beside it both ways. The clusters and pools must be the same ones (by the
// Bicep line they are declared at), and every value known through the
// translation must equal the compiled one, except where the corpus's
// compiled JSON is older than its source.
func TestCorpusTranslate(t *testing.T) {
	root := "../../../shared/corpus/"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	// AKS-Construction's samples/*.json were compiled from an older
	// bicep/main.bicep: Kubernetes 1.25.6 where the source now says 1.29.7,
	// pool npuser01 where it says userpool01, Standard_D4ds_v4 and
	// Standard_B2ms where it says Standard_D4ds_v5 and Standard_B2s_v2, no
	// osSKU. There only the clusters and pools are compared.
	stale := map[string]bool{
		"Azure__AKS-Construction/samples/SystemPresetExample.bicep": true,
		"Azure__AKS-Construction/samples/peered-vnet/main.bicep":    true,
	}
	// These call a registry module (br/public:…) whose template only the
	// compiled JSON carries; the translation reads it through poollint's
	// model of the module version (avm.go), which must agree.
	registry := map[string]bool{
		"Azure__bicep-registry-modules/avm/ptn/azd/aks/main.bicep":                   true,
		"Azure__bicep-registry-modules/avm/ptn/azd/aks-automatic-cluster/main.bicep": true,
	}
	n, compared := 0, 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".bicep") {
			return err
		}
		if _, err := os.Stat(strings.TrimSuffix(p, ".bicep") + ".json"); err != nil {
			return nil
		}
		n++
		rel := strings.TrimPrefix(p, root)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		in := &parsers.Input{Path: p, Data: data}
		compiled := Parser{}.Parse(in)
		native := translateAndParse(in, newLoader(context.Background(), nil), "test")
		for _, d := range native.Diags {
			if d.Level == parsers.LevelError {
				t.Errorf("%s: %s", d.Pos, d.Message)
			}
		}
		want, got := knownValuesBy(t, compiled.Clusters, registry[rel]), knownValuesBy(t, native.Clusters, registry[rel])
		if registry[rel] {
			noted := false
			for _, d := range native.Diags {
				noted = noted || strings.Contains(d.Message, "read through poollint's own model of the registry module")
			}
			if !noted {
				t.Errorf("%s: no note about the registry module: %+v", rel, native.Diags)
			}
			if a, b := counts(compiled.Clusters), counts(native.Clusters); a != b {
				t.Errorf("%s: %s compiled, %s through the model", rel, a, b)
			}
		} else if a, b := objects(compiled.Clusters), objects(native.Clusters); a != b {
			t.Errorf("%s: clusters and pools differ:\ncompiled:\n%s\ntranslated:\n%s", rel, a, b)
		}
		differ, unknown := 0, 0
		for k, v := range want {
			g, ok := got[k]
			switch {
			case !ok:
				unknown++
			case g != v:
				differ++
				if !stale[rel] {
					t.Errorf("%s: %s = %s, compiled %s", rel, k, g, v)
				}
			default:
				compared++
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				differ++
				if !stale[rel] {
					t.Errorf("%s: %s = %s known only through the translation", rel, k, v)
				}
			}
		}
		t.Logf("%s: %d clusters, %d values known compiled, %d unknown translated, %d differ", rel, len(native.Clusters), len(want), unknown, differ)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 || compared < 50 {
		t.Errorf("only %d .bicep files with compiled JSON, %d values equal both ways", n, compared)
	}
}

// counts says how many clusters and pools there are.
func counts(cs []*nodepool.Cluster) string {
	pools := 0
	for _, c := range cs {
		pools += len(c.Pools)
	}
	return fmt.Sprintf("%d clusters with %d pools", len(cs), pools)
}

// objects lists the clusters and pools by the positions they are declared
// at.
func objects(cs []*nodepool.Cluster) string {
	var out []string
	for _, c := range cs {
		out = append(out, "cluster "+c.Pos.String())
		for _, p := range c.Pools {
			out = append(out, "  pool "+p.Pos.String())
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// FuzzTranslate reads arbitrary Bicep through the translation and the ARM
// evaluator: errors and notes are fine, a crash is not.
func FuzzTranslate(f *testing.F) {
	src, _ := os.ReadFile("../../fixtures/arm/bicepparam/main.bicep")
	f.Add(string(src))
	f.Add("param p array = [1]\nresource a 'Microsoft.ContainerService/managedClusters@1' = [for (x, i) in p: if (i > 0) {\n  name: '${x}'\n  properties: {\n    agentPoolProfiles: [for q in p: { name: q, count: q ?? 1 }]\n  }\n}]\nresource b 'agentPools' = { parent: a, name: 'x' }\n")
	f.Add("var f = map([1, 2], (x) => x.?y[?0] != null ? !x : -x)\nmodule m './main.bicep' = { name: 'm', params: { a: f } }\n")
	// Issue 12's shapes: a module including itself, loops over modules,
	// load*() functions, deep chains.
	f.Add(strings.Repeat("module m './main.bicep' = {\n  name: 'm'\n}\n", 3))
	f.Add("module m './main.bicep' = [for i in range(0, 800): {\n  name: 'm${i}'\n}]\n")
	f.Add("var v = loadTextContent('../../x')\nvar w = loadJsonContent('/etc/x.json').a\n")
	f.Add("var x = " + strings.Repeat("!", 250) + "true\nvar y = a" + strings.Repeat(".b", 250) + "\nvar z = 1" + strings.Repeat(" + 1", 250) + "\n")
	// Registry modules poollint has a model of, module outputs.
	f.Add("module a 'br/public:avm/ptn/azd/aks:0.3.0' = {\n  name: 'a'\n  params: {\n    name: a.outputs.x\n    agentPoolConfig: [{ name: 'p', vmSize: a.outputs.?y }]\n  }\n}\noutput x string = a.outputs.name\n")
	f.Fuzz(func(t *testing.T, src string) {
		in := &parsers.Input{Path: "main.bicep", Data: []byte(src)}
		res := translateAndParse(in, newLoader(context.Background(), nil), "fuzz")
		for _, d := range res.Diags {
			if d.Pos.File == "" {
				t.Fatalf("diagnostic without a file: %+v", d)
			}
		}
	})
}

// TestTranslateParameterFile: main.parameters.json beside a main.bicep read
// through the translation supplies the values.
func TestTranslateParameterFile(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	code, err := os.ReadFile("../../fixtures/arm/bicepparam/main.bicep")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.bicep")
	params := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
 "contentVersion": "1.0.0.0", "parameters": {"lbSku": {"value": "basic"}}}`
	if err := os.WriteFile(src, code, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.parameters.json"), []byte(params), 0o644); err != nil {
		t.Fatal(err)
	}
	res := parse(t, src)
	if len(res.Clusters) != 1 {
		t.Fatalf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
	lb := res.Clusters[0].LoadBalancerSKU
	if lb.Value != "basic" || !lb.Known || lb.Pos.File != src || lb.Pos.Line != 13 || lb.Origin == "parameter-default" {
		t.Errorf("loadBalancerSku = %+v", lb)
	}
}

// TestTranslateBicepParam: a .bicepparam whose using target has no compiled
// template is read through the target's translation, with its values, and
// reported at the target's lines; it matches the compiled reading.
func TestTranslateBicepParam(t *testing.T) {
	compiled := Parser{}.Parse(readInput(t, "../../fixtures/arm/bicepparam/main.bicepparam"))
	dir := t.TempDir()
	for _, name := range []string{"main.bicep", "main.bicepparam"} {
		data, err := os.ReadFile("../../fixtures/arm/bicepparam/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := readInput(t, filepath.Join(dir, "main.bicepparam"))
	native := Parser{}.Parse(in)
	if len(native.Clusters) != 1 || len(compiled.Clusters) != 1 {
		t.Fatalf("clusters %d (compiled %d), diags %+v", len(native.Clusters), len(compiled.Clusters), native.Diags)
	}
	c := native.Clusters[0]
	if c.Name.Value != "prod-aks" || c.LoadBalancerSKU.Value != "basic" || c.LoadBalancerSKU.Pos.Line != 13 ||
		!strings.HasSuffix(c.LoadBalancerSKU.Pos.File, "main.bicep") || c.Format != "bicep" {
		t.Errorf("cluster %+v", c)
	}
	a := modelJSON(t, compiled.Clusters, "../../fixtures/arm/bicepparam/")
	b := modelJSON(t, native.Clusters, dir+"/")
	if a != b {
		t.Errorf("compiled:\n%s\ntranslated:\n%s", a, b)
	}
}

func readInput(t *testing.T, path string) *parsers.Input {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return &parsers.Input{Path: path, Data: data}
}

// BenchmarkTranslate reads the corpus's largest Bicep file (with its local
// modules) through the translation, the ARM evaluator and the source map
// (skipped without ../shared).
func BenchmarkTranslate(b *testing.B) {
	path := "../../../shared/corpus/Azure__bicep-registry-modules/avm/res/container-service/managed-cluster/main.bicep"
	src, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("shared corpus not available: %v", err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		res := translateAndParse(&parsers.Input{Path: path, Data: src}, newLoader(context.Background(), nil), "bench")
		if len(res.Clusters) != 1 {
			b.Fatalf("clusters %d", len(res.Clusters))
		}
	}
}
