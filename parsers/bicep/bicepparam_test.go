package bicep

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armexpr"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
)

func TestParseBicepParam(t *testing.T) {
	src := `using './main.bicep'

import * as shared from 'shared.bicep'
var region = 'weu'
// comments are skipped
@description('decorators too')
param name = 'it\'s ${region}'
param plain = 'a\\b'
param count = 3
param neg = -2
param on = true
param none = null
param computed = toLower('X')
param sum = 1 + 2
param multi = '''
line one
line two'''
param list = [
  'a'
  2
  [true, false]
]
param obj = {
  team: 'x'
  'kubernetes.azure.com/mode': 'system' /* inline */
  nested: {
    deep: [1, 2]
  }
  later: concat('a', 'b')
}
param last = 'end'
`
	bp, err := parseBicepParamText([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if bp.using != "./main.bicep" || bp.usingLine != 1 {
		t.Errorf("using = %q at line %d", bp.using, bp.usingLine)
	}
	got := map[string]any{}
	for _, p := range bp.params {
		got[p.Name] = p.Value
	}
	want := map[string]any{
		"name":     armexpr.Unknown, // interpolation
		"plain":    `a\b`,
		"count":    int64(3),
		"neg":      int64(-2),
		"on":       true,
		"none":     nil,
		"computed": armexpr.Unknown,
		"sum":      armexpr.Unknown,
		"multi":    "line one\nline two",
		"list":     []any{"a", int64(2), []any{true, false}},
		"obj": map[string]any{
			"team":                      "x",
			"kubernetes.azure.com/mode": "system",
			"nested":                    map[string]any{"deep": []any{int64(1), int64(2)}},
			"later":                     armexpr.Unknown,
		},
		"last": "end",
	}
	if !reflect.DeepEqual(bare(got), want) { // reasons aside (see TestWhyBicepParam)
		t.Errorf("params:\n got %#v\nwant %#v", got, want)
	}
}

func TestParseBicepParamErrors(t *testing.T) {
	cases := map[string]string{
		"param x = 'open\n":       "1:11: unterminated string",
		"param = 1":               `1:7: expected a name, found "="`,
		"param x 1":               "1:1: param x needs a value (param x = …)",
		"param x = {\n  a 1\n}":   `2:5: expected ":", found "1"`,
		"param x = [\n  1\n":      "3:1: unexpected end of file",
		"using 'a.bicep'\n$bad":   `2:1: expected a declaration, found "$"`,
		"param x = '''never ends": "1:11: unterminated ''' string",
	}
	for src, want := range cases {
		_, err := parseBicepParamText([]byte(src))
		if err == nil || err.Error() != want {
			t.Errorf("%q: error %v, want %s", src, err, want)
		}
	}
}

func FuzzBicepParam(f *testing.F) {
	f.Add([]byte("using './main.bicep'\nparam a = {\n  b: [1, 'x']\n}\n"))
	f.Add([]byte("param x = '''\nmulti'''\nparam y = f(1, [2])\n"))
	f.Add([]byte("/* c */ param z = 'a${b}c' // d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		bp, err := parseBicepParamText(data)
		if err != nil {
			if se, ok := err.(*bicepParamError); !ok || se.line < 1 || se.col < 1 || !strings.Contains(err.Error(), ":") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		_ = bp.source("x.bicepparam")
	})
}

// TestBicepParamForARMTemplate: a .bicepparam file named by --param-file
// for an ARM template is read by this package (parsers.ParamReader) and its
// values reach the ARM evaluator.
func TestBicepParamForARMTemplate(t *testing.T) {
	dir := t.TempDir()
	params := write(t, dir, "prod.bicepparam", "using none\nparam size = 'Standard_D8s_v5'\nparam other = toLower('X')\n")
	tmpl := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"parameters": {"size": {"type": "string", "defaultValue": "Standard_D4s_v5"}},
		"resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c",
		  "properties": {"agentPoolProfiles": [{"name": "p", "count": 3, "vmSize": "[parameters('size')]"}]}}]}`
	opts := &parsers.Options{ParamFiles: []parsers.ParamFile{{Path: params}}}
	res := armtemplate.Parse(&parsers.Input{Path: filepath.Join(dir, "main.json"), Data: []byte(tmpl), Options: opts})
	if len(res.Diags) != 0 || len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("diags %+v clusters %+v", res.Diags, res.Clusters)
	}
	if got := res.Clusters[0].Pools[0].VMSize; got.Value != "Standard_D8s_v5" || got.Origin != nodepool.OriginParamFile {
		t.Errorf("vmSize %+v, want the .bicepparam value", got)
	}
	if len(res.Related) != 1 || res.Related[0] != params {
		t.Errorf("related %v", res.Related)
	}
}
