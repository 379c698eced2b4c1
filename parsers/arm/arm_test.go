package arm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

func parse(t testing.TB, path string, opts *parsers.Options) parsers.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: opts})
}

func TestDetect(t *testing.T) {
	cases := map[string]bool{
		`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}`: true,
		`{"resources": [{"type": "Microsoft.ContainerService/managedClusters"}]}`:                        true,
		"\ufeff {\"$schema\": \"deploymentTemplate.json\"}":                                              true,
		`{"name": "package.json"}`:    false,
		`["deploymentTemplate.json"]`: false,
	}
	for src, want := range cases {
		if got := (Parser{}).Detect("x.json", []byte(src)); got != want {
			t.Errorf("Detect(%s) = %v, want %v", src, got, want)
		}
	}
}

// TestParamFileOverride checks precedence: a --param-file named for the
// template replaces the paired X.parameters.json.
func TestParamFileOverride(t *testing.T) {
	dir := t.TempDir()
	override := filepath.Join(dir, "prod.json")
	if err := os.WriteFile(override, []byte(`{"parameters": {"poolPriority": {"value": "Regular"}, "lbSku": {"value": "basic"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl := "../../fixtures/arm/params/main.json"
	res := parse(t, tmpl, &parsers.Options{ParamFiles: []parsers.ParamFile{{Template: tmpl, Path: override}}})
	if len(res.Diags) != 0 || len(res.Clusters) != 1 {
		t.Fatalf("diags %v, %d clusters", res.Diags, len(res.Clusters))
	}
	c := res.Clusters[0]
	if p := c.Pools[0].Priority; p.Value != "Regular" || p.Origin != nodepool.OriginParamFile || p.From != "poolPriority in prod.json" {
		t.Errorf("priority = %+v", p)
	}
	if c.LoadBalancerSKU.Value != "basic" {
		t.Errorf("lb = %+v", c.LoadBalancerSKU)
	}

	// Without the override, the paired main.parameters.json applies.
	res = parse(t, tmpl, nil)
	if p := res.Clusters[0].Pools[0].Priority; p.Value != "Spot" || p.From != "poolPriority in main.parameters.json" {
		t.Errorf("paired priority = %+v", p)
	}
	if len(res.Related) != 1 || !strings.HasSuffix(res.Related[0], "main.parameters.json") {
		t.Errorf("related = %v", res.Related)
	}
}

func TestMissingParamFileIsAnError(t *testing.T) {
	tmpl := "../../fixtures/arm/headline.json"
	res := parse(t, tmpl, &parsers.Options{ParamFiles: []parsers.ParamFile{{Path: "/nonexistent/p.json"}}})
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelError || !strings.Contains(res.Diags[0].Message, "cannot read parameter file") {
		t.Errorf("diags = %v", res.Diags)
	}
	if len(res.Clusters) != 1 {
		t.Error("the template must still be read")
	}
}

func TestUnknownAndDefaults(t *testing.T) {
	res := parse(t, "../../fixtures/arm/unknown-values.json", nil)
	c := res.Clusters[0]
	if c.LoadBalancerSKU.Known || !c.LoadBalancerSKU.Set {
		t.Errorf("lb from reference() must be set and unknown: %+v", c.LoadBalancerSKU)
	}
	one, two := c.Pools[0], c.Pools[1]
	if one.Priority.Known {
		t.Errorf("priority from a parameter without default must be unknown: %+v", one.Priority)
	}
	if two.Labels.Known || !two.Labels.Set {
		t.Errorf("labels from an object parameter without default: %+v", two.Labels)
	}
	res = parse(t, "../../fixtures/arm/clean.json", nil)
	c = res.Clusters[0]
	if c.LoadBalancerSKU.Value != "standard" || c.LoadBalancerSKU.Origin != nodepool.OriginParamDflt {
		t.Errorf("lb = %+v", c.LoadBalancerSKU)
	}
	if p := c.Pools[1].Priority; p.Value != "Spot" || p.Origin != nodepool.OriginVariable || p.From != "spot" {
		t.Errorf("priority = %+v", p)
	}
	res = parse(t, "../../fixtures/arm/child-pools.json", nil)
	if n := len(res.Clusters[0].Pools); n != 3 {
		t.Errorf("child-pools: %d pools, want 3 (one condition:false pool skipped)", n)
	}
	res = parse(t, "../../fixtures/arm/headline.json", nil)
	if ot := res.Clusters[0].Pools[1].OSType; ot.Set {
		t.Errorf("osType is not written: the parser must leave it unset (the scan applies defaults): %+v", ot)
	}
	nodepool.ApplyDefaults(res.Clusters[0])
	if lb := res.Clusters[0].Pools[1].OSType; lb.Value != "Linux" || lb.Origin != nodepool.OriginDefault {
		t.Errorf("osType default = %+v", lb)
	}
}

// FuzzParse feeds arbitrary bytes to the whole parser: it must never panic,
// and every error must name the file and a position.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"headline.json", "child-pools.json", "languageversion2.json", "unknown-values.json"} {
		data, err := os.ReadFile(filepath.Join("../../fixtures/arm", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"resources": {"a": {"type": "Microsoft.ContainerService/managedClusters", "properties": {"agentPoolProfiles": "[parameters('x')]"}}}}`))
	f.Add([]byte(`{"variables": {"a": "[variables('b')]", "b": "[variables('a')]"}, "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[variables('a')]"}]}`))
	// The shapes of issue 12's reproducers: doublings, recursive functions,
	// a template linking itself.
	f.Add([]byte(`{"variables": {"a0": "abcdefghij", "a1": "[replace(variables('a0'), 'a', variables('a0'))]", "a2": "[replace(variables('a1'), 'a', variables('a1'))]", "a3": "[concat(variables('a2'), variables('a2'))]",
	  "b1": ["[variables('a3')]", "[variables('a3')]"], "b2": "[createArray(variables('b1'), variables('b1'))]"},
	 "functions": [{"namespace": "ns", "members": {"f": {"parameters": [{"name": "x"}], "output": {"value": "[concat(ns.f(parameters('x')), ns.g(parameters('x')))]"}}, "g": {"parameters": [{"name": "x"}], "output": {"value": "[concat(parameters('x'), parameters('x'))]"}}}}],
	 "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": {"agentPoolProfiles": [{"name": "[ns.f(variables('a2'))]", "vmSize": "[string(variables('b2'))]"}]}},
	  {"type": "Microsoft.Resources/deployments", "name": "d", "copy": {"name": "l", "count": 3}, "properties": {"templateLink": {"relativePath": "fuzz.json"}}}]}`))
	// A registry module's model (caller's positions traced through
	// parameters), reference() of a deployment's outputs.
	f.Add([]byte(`{"resources": [{"type": "Microsoft.Resources/deployments", "name": "d", "properties": {"expressionEvaluationOptions": {"scope": "inner"},
	  "parameters": {"p": {"value": [{"name": "a", "count": "[reference('d').outputs.o.value]"}]}, "q": "[if(true(), createObject('value', 1), null())]"},
	  "template": {"metadata": {"poollint:model": "m"}, "parameters": {"p": {"type": "array"}, "q": {"type": "int", "nullable": true}},
	    "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[tryGet(parameters('p')[0], 'name')]", "properties": {"copy": [{"name": "agentPoolProfiles", "count": "[length(parameters('p'))]",
	      "input": {"__poollint_at": "[parameters('p')[copyIndex('agentPoolProfiles')]]", "name": "[coalesce(tryGet(parameters('p')[copyIndex('agentPoolProfiles')], 'name'), 'x')]"}}]}}],
	    "outputs": {"o": {"type": "int", "value": "[reference('d').outputs.o.value]"}}}}},
	 {"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "[format('{0}/{1}', reference(resourceId('Microsoft.Resources/deployments', 'd')).outputs.o.value, 'p')]"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The input itself is the only companion file: it may link itself.
		opts := &parsers.Options{ReadFile: func(p string) ([]byte, error) {
			if filepath.Base(p) == "fuzz.json" {
				return data, nil
			}
			return nil, os.ErrNotExist
		}}
		res := Parser{}.Parse(&parsers.Input{Path: "fuzz.json", Data: data, Options: opts})
		for _, d := range res.Diags {
			if d.Pos.File != "fuzz.json" || (d.Level == parsers.LevelError && d.Pos.Line < 1) {
				t.Fatalf("diagnostic without a position: %+v", d)
			}
		}
		for _, c := range res.Clusters {
			nodepool.ApplyDefaults(c) // the scan's next step
			if c.Pools == nil {
				t.Fatal("nil pools")
			}
		}
	})
}

// TestExpressionKeysAndEmptyTaints: ARM evaluates expressions in property
// names, and ignores an empty taint string.
func TestExpressionKeysAndEmptyTaints(t *testing.T) {
	src := `{"$schema": "deploymentTemplate.json", "parameters": {"team": {"type": "string", "defaultValue": "data"}, "other": {"type": "string"}},
	"resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": {"agentPoolProfiles": [
	  {"name": "a", "nodeTaints": ["", "k=v:NoSchedule"], "nodeLabels": {"[format('{0}/team', parameters('team'))]": "x"}},
	  {"name": "b", "nodeLabels": {"[parameters('other')]": "x", "plain": "y"}}]}}]}`
	res := Parser{}.Parse(&parsers.Input{Path: "t.json", Data: []byte(src)})
	a, b := res.Clusters[0].Pools[0], res.Clusters[0].Pools[1]
	if len(a.Taints.Value) != 1 || a.Taints.Value[0].Key != "k" {
		t.Errorf("taints %+v", a.Taints.Value)
	}
	if len(a.Labels.Value) != 1 || a.Labels.Value[0].Key != "data/team" || !a.Labels.Known {
		t.Errorf("labels %+v", a.Labels)
	}
	if b.Labels.Known || len(b.Labels.Value) != 1 || b.Labels.Value[0].Key != "plain" {
		t.Errorf("a label with an unknown key makes the list incomplete: %+v", b.Labels)
	}
}
