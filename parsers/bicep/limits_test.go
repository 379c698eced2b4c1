package bicep

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
)

// errorsWith lists the error diagnostics whose message contains s.
func errorsWith(res parsers.Result, s string) []parsers.Diagnostic {
	var out []parsers.Diagnostic
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError && strings.Contains(d.Message, s) {
			out = append(out, d)
		}
	}
	return out
}

func moduleDecl(name, file string) string {
	return fmt.Sprintf("module %s '%s' = {\n  name: '%s'\n}\n", name, file, name)
}

// TestModuleIncludesItself: a module including itself three times (which
// ran past 120 s, the template growing 3^10 times) is an error at each
// declaration; the file's own cluster is read.
func TestModuleIncludesItself(t *testing.T) {
	root, _, opts := attacker(t)
	main := write(t, root, "main.bicep", moduleDecl("a", "./main.bicep")+moduleDecl("b", "main.bicep")+moduleDecl("c", "../repo/main.bicep")+aksBicep("'mine'", "'Standard_D4s_v5'"))
	res := scanFile(t, main, opts)
	errs := errorsWith(res, "includes itself")
	if len(errs) != 3 || errs[0].Pos.Line != 1 || errs[1].Pos.Line != 4 || errs[2].Pos.Line != 7 || errs[0].Pos.File != main {
		t.Errorf("errors %+v", res.Diags)
	}
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "mine" {
		t.Errorf("clusters %d", len(res.Clusters))
	}
}

// TestModuleCycle: a.bicep → b.bicep → a.bicep, b including a three times:
// an error at each of b's declarations, in b.bicep, naming the cycle.
func TestModuleCycle(t *testing.T) {
	root, _, opts := attacker(t)
	a := write(t, root, "a.bicep", moduleDecl("b", "sub/b.bicep")+aksBicep("'a'", "'Standard_D4s_v5'"))
	b := write(t, root, "sub/b.bicep", moduleDecl("a1", "../a.bicep")+moduleDecl("a2", "../a.bicep")+moduleDecl("a3", "../a.bicep")+aksBicep("'b'", "'Standard_D4s_v5'"))
	res := scanFile(t, a, opts)
	errs := errorsWith(res, "includes itself")
	if len(errs) != 3 || errs[0].Pos.File != filepath.ToSlash(b) || errs[2].Pos.Line != 7 {
		t.Fatalf("errors %+v", res.Diags)
	}
	if want := fmt.Sprintf("module a1 includes itself (%s → %s → %s)", a, b, a); !strings.HasPrefix(errs[0].Message, want) {
		t.Errorf("message %q, want %q…", errs[0].Message, want)
	}
	names := map[string]bool{}
	for _, c := range res.Clusters {
		names[c.Name.Value] = true
	}
	if len(res.Clusters) != 2 || !names["a"] || !names["b"] {
		t.Errorf("clusters %d: %v", len(res.Clusters), names)
	}
}

// fanOut writes m0.bicep … m<n-1>.bicep, each including the next one
// `times` times (as a loop over range(0, loop) when loop > 0); the last
// declares a cluster.
func fanOut(t *testing.T, root string, n, times, loop int) string {
	for i := range n {
		var b strings.Builder
		if i < n-1 {
			for j := range times {
				if loop > 0 {
					fmt.Fprintf(&b, "module m%d 'm%d.bicep' = [for k in range(0, %d): {\n  name: 'm%d-${k}'\n}]\n", j, i+1, loop, j)
				} else {
					b.WriteString(moduleDecl(fmt.Sprintf("m%d", j), fmt.Sprintf("m%d.bicep", i+1)))
				}
			}
		} else {
			b.WriteString(aksBicep("'leaf'", "'Standard_D4s_v5'"))
		}
		write(t, root, fmt.Sprintf("m%d.bicep", i), b.String())
	}
	return filepath.Join(root, "m0.bicep")
}

// TestModuleFanOut: ten modules, each including the next three times (3^9
// instances): one error where the limit is passed, and the scan ends.
func TestModuleFanOut(t *testing.T) {
	root, _, opts := attacker(t)
	res := scanFile(t, fanOut(t, root, 10, 3, 0), opts)
	errs := errorsWith(res, "module instances")
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "past 500 module instances") {
		t.Errorf("errors %+v", errs)
	}
}

// TestModuleLoopFanOut: modules deployed in loops over literal ranges count
// once per item: 3 levels of 800 are past the limit.
func TestModuleLoopFanOut(t *testing.T) {
	root, _, opts := attacker(t)
	res := scanFile(t, fanOut(t, root, 4, 1, 800), opts)
	if errs := errorsWith(res, "module instances"); len(errs) != 1 || errs[0].Pos.Line != 1 {
		t.Errorf("errors %+v", res.Diags)
	}
	// One level of a few items is fine.
	root, _, opts = attacker(t)
	res = scanFile(t, fanOut(t, root, 2, 1, 3), opts)
	if len(errorsWith(res, "")) != 0 || len(res.Clusters) != 3 {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
}

// TestModuleDepth: a chain of twelve modules stops, with an error, past ten
// levels.
func TestModuleDepth(t *testing.T) {
	root, _, opts := attacker(t)
	res := scanFile(t, fanOut(t, root, 13, 1, 0), opts)
	errs := errorsWith(res, "nested deeper than 10 levels")
	if len(errs) != 1 || errs[0].Pos.File != filepath.Join(root, "m10.bicep") || len(res.Clusters) != 0 {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
	// Ten levels are read.
	root, _, opts = attacker(t)
	res = scanFile(t, fanOut(t, root, 11, 1, 0), opts)
	if len(errorsWith(res, "")) != 0 || len(res.Clusters) != 1 {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
}

// TestModuleBytes: the Bicep source of module instances is bounded too: a
// module of 1 MB is read three times, not a fourth.
func TestModuleBytes(t *testing.T) {
	root, _, opts := attacker(t)
	write(t, root, "big.bicep", aksBicep("'big'", "'Standard_D4s_v5'")+"var pad = '"+strings.Repeat("x", 1<<20)+"'\n")
	var b strings.Builder
	for i := range 6 {
		b.WriteString(moduleDecl(fmt.Sprintf("m%d", i), "big.bicep"))
	}
	res := scanFile(t, write(t, root, "main.bicep", b.String()), opts)
	errs := errorsWith(res, "MB of Bicep")
	if len(errs) != 1 || errs[0].Pos.Line != 10 || len(res.Clusters) != 3 {
		t.Errorf("clusters %d, errors %+v", len(res.Clusters), errs)
	}
}

// TestTranslationCutShort: when the scan's context is done, the
// translation stops with an error and nothing is reported from the file.
func TestTranslationCutShort(t *testing.T) {
	root, _, opts := attacker(t)
	main := write(t, root, "main.bicep", aksBicep("'mine'", "'Standard_D4s_v5'"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Parser{}.Parse(&parsers.Input{Path: main, Data: []byte(aksBicep("'mine'", "'Standard_D4s_v5'")), Options: opts, Ctx: ctx})
	if errs := errorsWith(res, "evaluation cut short: context canceled"); len(errs) != 1 || errs[0].Pos.File != main || len(res.Clusters) != 0 {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
	params := write(t, root, "main.bicepparam", "using 'main.bicep'\n")
	res = Parser{}.Parse(&parsers.Input{Path: params, Data: []byte("using 'main.bicep'\n"), Options: opts, Ctx: ctx})
	if errs := errorsWith(res, "evaluation cut short"); len(errs) != 1 || len(res.Clusters) != 0 {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
}

// TestTranslateDeepExpression: 100,000 nested unary operators (15 s and a
// 100,000-deep recursion in the translation before the parser bounded
// them) are a note, and the rest of the file is read.
func TestTranslateDeepExpression(t *testing.T) {
	for _, deep := range []string{strings.Repeat("!", 100000) + "true", "a" + strings.Repeat(".b", 100000), "1" + strings.Repeat(" + 1", 100000)} {
		src := "var x = " + deep + "\n" + aksBicep("'mine'", "'Standard_D4s_v5'")
		res := translateAndParse(&parsers.Input{Path: "main.bicep", Data: []byte(src)}, newLoader(context.Background(), nil), "test")
		if len(res.Clusters) != 1 || len(res.Diags) != 2 || !strings.Contains(res.Diags[0].Message, "nested deeper than 200 levels") {
			t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
		}
	}
}

// TestManySkippedStatements: a file of garbage lines gives a bounded number
// of notes.
func TestManySkippedStatements(t *testing.T) {
	res := translateAndParse(&parsers.Input{Path: "main.bicep", Data: []byte(strings.Repeat(")\n", 10000))}, newLoader(context.Background(), nil), "test")
	if len(res.Diags) != maxSkipNotes+2 || res.Diags[maxSkipNotes].Message != "9950 more statements not understood" {
		t.Errorf("%d diags, %+v", len(res.Diags), res.Diags[maxSkipNotes:])
	}
}

// TestSourceMapSelfReference: a variable spreading or uniting itself (which
// the Bicep compiler rejects, but a committed main.json can sit beside it)
// neither overflows the stack nor grows exponentially in the source map.
func TestSourceMapSelfReference(t *testing.T) {
	tpl := aksJSON("mine", "Standard_D4s_v5")
	for _, v := range []string{"{\n  ...a\n  ...a\n}", "union(a, a, a, a, a, a)", "c ? a : a", "union(a, { ...a, ...a }, c ? a : union(a, a))"} {
		src := "var a = " + v + "\nresource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {\n  name: 'mine'\n  properties: a\n}\n"
		if _, err := syntax.Parse(src); err != nil {
			t.Fatal(err)
		}
		m := buildSourceMap("main.bicep", []byte(src), []byte(tpl), newLoader(context.Background(), nil))
		if m == nil || len(m.at) == 0 {
			t.Errorf("%s: no map", v)
		}
	}
}

// TestSourceMapWide: an object of 20,000 properties on both sides maps
// each property by key (a linear search per property was quadratic), and
// 2,000 resources of one type are matched without scoring each against
// all.
func TestSourceMapWide(t *testing.T) {
	const n = 20000
	var src, js strings.Builder
	src.WriteString("resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {\n  name: 'mine'\n  properties: {\n")
	js.WriteString(`{"resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "mine", "properties": {`)
	for i := range n {
		fmt.Fprintf(&src, "    p%d: %d\n", i, i)
		if i > 0 {
			js.WriteString(",\n")
		}
		fmt.Fprintf(&js, `"P%d": %d`, i, i)
	}
	src.WriteString("  }\n}\n")
	for i := range 2000 {
		fmt.Fprintf(&src, "resource r%d 'T@1' = {\n  name: 'r'\n  properties: {\n    a: 1\n  }\n}\n", i)
	}
	js.WriteString("}}")
	for range 2000 {
		js.WriteString(`, {"type": "T", "name": "r", "properties": {"a": 1}}`)
	}
	js.WriteString("]}")
	m := buildSourceMap("main.bicep", []byte(src.String()), []byte(js.String()), newLoader(context.Background(), nil))
	if m == nil {
		t.Fatal("no map")
	}
	// "P19999" (line 20000 of the template) maps to p19999's line.
	if p, ok := m.lookup(nodepool.Pos{Line: n, Col: 1}); !ok || p.Line != n+3 || p.Col != 5 {
		t.Errorf("P%d maps to %v %v", n-1, p, ok)
	}
}

// TestResourceNameCopies: every reference to a resource's name copies its
// name expression; a 100 KB name referenced 3,000 times made a 300 MB
// template. The copies are bounded and the later references unknown.
func TestResourceNameCopies(t *testing.T) {
	var b strings.Builder
	b.WriteString("resource r 'T@1' = {\n  name: '" + strings.Repeat("n", 100000) + "'\n}\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "var v%d = r.name\n", i)
	}
	f, err := syntax.Parse(b.String())
	if err != nil {
		t.Fatal(err)
	}
	data, notes := translateFile("main.bicep", f, newLoader(context.Background(), nil))
	if len(data) > 2*maxInlined || len(notes) != 1 || !strings.Contains(notes[0].Message, "referenced too often") {
		t.Errorf("template of %d bytes, notes %+v", len(data), notes)
	}
}

// TestSpreadAtEveryLevel: an object with a spread is translated as a whole
// expression once, not walked and then translated again at each level of
// nesting.
func TestSpreadAtEveryLevel(t *testing.T) {
	src := "{\n" + strings.Repeat("  x: 'aaaaaaaa'\n", 1000) + "}"
	for range 150 {
		src = "{\n a: " + src + "\n ...s\n}"
	}
	src = "var s = {}\nvar v = " + src + "\n" + aksBicep("v.a.a.x", "'Standard_D4s_v5'")
	res := translateAndParse(&parsers.Input{Path: "main.bicep", Data: []byte(src)}, newLoader(context.Background(), nil), "test")
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Known {
		t.Errorf("clusters %+v, diags %+v", res.Clusters, res.Diags)
	}
}

// TestSourceMapCutShort: when the scan's context is done, mapping a
// compiled template beside the Bicep stops with an error.
func TestSourceMapCutShort(t *testing.T) {
	root, _, opts := attacker(t)
	main := write(t, root, "main.bicep", aksBicep("'mine'", "'Standard_D4s_v5'"))
	write(t, root, "main.json", aksJSON("mine", "Standard_D4s_v5"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Parser{}.Parse(&parsers.Input{Path: main, Data: []byte(aksBicep("'mine'", "'Standard_D4s_v5'")), Options: opts, Ctx: ctx})
	if errs := errorsWith(res, "evaluation cut short: context canceled"); len(errs) != 1 || errs[0].Pos.File != main {
		t.Errorf("diags %+v", res.Diags)
	}
}
