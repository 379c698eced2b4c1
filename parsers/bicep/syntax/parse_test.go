package syntax

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `targetScope = 'resourceGroup'

@description('The cluster name.')
@minLength(3)
param clusterName string = 'aks-${uniqueString(resourceGroup().id)}'

@allowed([
  'basic'
  'standard'
])
param lbSku string = 'standard'

param pools array = [
  { name: 'system', mode: 'System' }
  { name: 'user', mode: 'User' }
]

var zones = empty(pools) ? [] : ['1', '2', '3']
var labels = union({ team: 'data' }, pools[0].?labels ?? {})

resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' existing = {
  name: 'vnet'
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: clusterName
  location: resourceGroup().location
  properties: {
    networkProfile: {
      loadBalancerSku: lbSku
    }
    agentPoolProfiles: [for (p, i) in pools: {
      name: p.name
      mode: p.mode
      availabilityZones: zones
      nodeLabels: i == 0 ? labels : {}
      vnetSubnetID: '${vnet.id}/subnets/nodes'
    }]
  }

  resource extra 'agentPools' = if (length(pools) > 1) {
    name: 'extra'
    properties: {
      mode: 'User'
      count: 2
    }
  }
}

module pool './pool.bicep' = [for name in ['a', 'b']: {
  name: 'pool-${name}'
  params: {
    clusterName: aks.name
    priority: name == 'b' ? 'Spot' : 'Regular'
  }
}]

output names array = map(pools, p => p.name)
output sum int = reduce(pools, 0, (acc, p) => acc + 1)
type poolType = { name: string, mode: 'System' | 'User' }
func double(x int) int => x * 2
`

func TestParseSample(t *testing.T) {
	f, err := Parse(sample)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Skipped) != 0 {
		t.Fatalf("skipped: %v", f.Skipped)
	}
	var kinds []string
	for _, d := range f.Decls {
		kinds = append(kinds, d.Kind+":"+d.Name)
	}
	want := "targetScope: param:clusterName param:lbSku param:pools var:zones var:labels resource:vnet resource:aks module:pool output:names output:sum type: func:double"
	if strings.Join(kinds, " ") != want {
		t.Errorf("decls:\n%s\nwant:\n%s", strings.Join(kinds, " "), want)
	}
	aks := f.Decls[7]
	if aks.Type != "Microsoft.ContainerService/managedClusters@2024-05-01" || aks.P.Line != 25 {
		t.Errorf("aks = %+v", aks)
	}
	body := aks.Value.(*Object)
	var nested *Decl
	for i := range body.Props {
		if body.Props[i].Decl.Kind == "resource" {
			nested = &body.Props[i].Decl
		}
	}
	if nested == nil || nested.Name != "extra" || nested.Type != "agentPools" {
		t.Fatalf("nested resource missing: %+v", body.Props)
	}
	if _, ok := nested.Value.(*If); !ok {
		t.Errorf("nested resource body %T, want If", nested.Value)
	}
	props := body.Props[2].Value.(*Object)
	loop, ok := props.Props[1].Value.(*For)
	if !ok || loop.Item != "p" || loop.Index != "i" {
		t.Fatalf("agentPoolProfiles = %#v", props.Props[1].Value)
	}
	if f.Decls[1].Decorators[0].Name != "description" || len(f.Decls[2].Decorators) != 1 {
		t.Errorf("decorators %+v %+v", f.Decls[1].Decorators, f.Decls[2].Decorators)
	}
	if fn := f.Decls[12]; len(fn.Params) != 1 || fn.Params[0] != "x" {
		t.Errorf("func = %+v", fn)
	} else if b, ok := fn.Value.(*Binary); !ok || b.Op != "*" {
		t.Errorf("func body = %#v", fn.Value)
	}
	s, ok := f.Decls[1].Value.(*String)
	if !ok || len(s.Parts) != 2 || s.Parts[0] != "aks-" {
		t.Errorf("interpolated default = %#v", f.Decls[1].Value)
	}
}

func TestBadInput(t *testing.T) {
	for src, want := range map[string]string{
		"param x string = 'open\n": "1:18: unterminated string",
		"var x = '''never":         "1:9: unterminated ''' string",
		"var s = 'a${b'":           "unterminated",
		"var x = \xff":             "file is not valid UTF-8",
	} {
		_, err := Parse(src)
		var se *Error
		if !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
	// A stray closing bracket in a type does not swallow the next lines.
	if f, err := Parse("param x string)\nvar y = 1\n"); err != nil || len(f.Decls) != 2 || f.Decls[1].Name != "y" {
		t.Errorf("stray bracket: decls %+v err %v", f, err)
	}
	// A statement the parser cannot read is skipped, and the rest is read.
	f, err := Parse("var a = 1\nvar b = )\nvar c = 3\n")
	if err != nil || len(f.Decls) != 2 || len(f.Skipped) != 1 || f.Skipped[0].Pos.Line != 2 {
		t.Errorf("decls %+v skipped %+v err %v", f.Decls, f.Skipped, err)
	}
}

// TestCorpusBicep parses every .bicep and .bicepparam file of the shared
// corpus with nothing skipped.
func TestCorpusBicep(t *testing.T) {
	root := "../../../../shared/corpus"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".bicep") || strings.HasSuffix(path, ".bicepparam")) {
			return err
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, perr := Parse(string(data))
		if perr != nil {
			t.Errorf("%s: %v", path, perr)
			return nil
		}
		for _, s := range f.Skipped {
			t.Errorf("%s:%s: skipped: %s", path, s.Pos, s.Msg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("only %d Bicep files in the corpus", n)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("param x = {\n  a: [for i in range(0, 2): '${i}']\n}\n")
	f.Add("var f = (a, b) => a.?b[?0] ?? !c\n")
	for _, src := range deepShapes(250) {
		f.Add(src)
	}
	f.Add(strings.Repeat("@description('x')\n", 100) + "param p string = )\nvar ok = 1\n")
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Parse(src)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || se.Pos.Line < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		for _, s := range file.Skipped {
			if s.Pos.Line < 1 {
				t.Fatalf("skipped without a position: %+v", s)
			}
		}
	})
}

// TestModernSyntax covers syntax newer Bicep files use: pragmas, ternaries
// split over lines, interpolated keys and spreads.
func TestModernSyntax(t *testing.T) {
	src := `#disable-next-line no-unused-params
param enabled bool = true
var base = { a: 1 }
var o = {
  '${base.a}-key': enabled
    ? 'on'
    : 'off'
  ...(enabled
    ? base
    : {})
}
var list = [
  ...[1, 2]
  3
]
`
	f, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Skipped) != 0 || len(f.Decls) != 4 {
		t.Fatalf("decls %d skipped %v", len(f.Decls), f.Skipped)
	}
	o := f.Decls[2].Value.(*Object)
	if len(o.Props) != 2 {
		t.Fatalf("props %+v", o.Props)
	}
	if k, ok := o.Props[0].KeyExpr.(*String); !ok || o.Props[0].Key != "" || len(k.Parts) != 2 {
		t.Errorf("interpolated key = %#v", o.Props[0])
	}
	if tern, ok := o.Props[0].Value.(*Ternary); !ok || tern.P.Line != 6 {
		t.Errorf("multi-line ternary = %#v", o.Props[0].Value)
	}
	if !o.Props[1].Spread || o.Props[1].KeyPos.Line != 8 {
		t.Errorf("spread = %#v", o.Props[1])
	}
	l := f.Decls[3].Value.(*Array)
	sp, ok := l.Items[0].(*Spread)
	if !ok || len(l.Items) != 2 {
		t.Fatalf("array spread = %#v", l.Items)
	}
	if _, isArr := sp.X.(*Array); !isArr {
		t.Errorf("array spread = %#v", l.Items)
	}
}

func TestNullableParam(t *testing.T) {
	f, err := Parse("param a string?\nparam b poolType[]?\nparam c string = 'x'\nparam d object\nparam e resourceInput<'T@1'>.properties.x?\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"a": true, "b": true, "c": false, "d": false, "e": true}
	for _, d := range f.Decls {
		if d.Nullable != want[d.Name] {
			t.Errorf("param %s: nullable %v", d.Name, d.Nullable)
		}
	}
}
