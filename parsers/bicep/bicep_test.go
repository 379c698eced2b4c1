package bicep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

func parse(t *testing.T, path string) parsers.Result {
	t.Helper()
	return parseWith(t, Parser{}, path)
}

func parseWith(t *testing.T, p Parser, path string) parsers.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return p.Parse(&parsers.Input{Path: path, Data: data})
}

// withCompiler is a Parser that runs a Bicep CLI found on PATH.
var withCompiler = Parser{Compiler: true}

// TestCompiledBeside reads main.json beside main.bicep and reports at the
// Bicep lines the template was compiled from.
func TestCompiledBeside(t *testing.T) {
	const src = "../../fixtures/arm/bicepparam/main.bicep"
	res := parse(t, src)
	if len(res.Clusters) != 1 || len(res.Related) != 1 || res.Related[0] != "../../fixtures/arm/bicepparam/main.json" {
		t.Fatalf("clusters %+v, related %v, diags %+v", res.Clusters, res.Related, res.Diags)
	}
	checkFixturePositions(t, res.Clusters[0], src)
}

// checkFixturePositions checks the model of fixtures/arm/bicepparam against
// the lines of its main.bicep.
func checkFixturePositions(t *testing.T, c *nodepool.Cluster, src string) {
	t.Helper()
	if c.Format != "bicep" || len(c.Pools) != 2 {
		t.Fatalf("cluster %+v", c)
	}
	at := func(what string, p nodepool.Pos, line int) {
		t.Helper()
		if p.File != src || p.Line != line {
			t.Errorf("%s at %s, want %s:%d", what, p, src, line)
		}
	}
	at("cluster", c.Pos, 8)
	at("name", c.Name.Pos, 9)
	at("loadBalancerSku", c.LoadBalancerSKU.Pos, 13)
	sys, user := c.Pools[0], c.Pools[1]
	at("system pool", sys.Pos, 16)
	at("system vmSize", sys.VMSize.Pos, 20)
	at("system zones", sys.Zones.Pos, 21)
	at("user mode", user.Mode.Pos, 25)
	at("user labels", user.Labels.Pos, 28)
}

// writeTool puts an executable script named name on a fresh PATH.
func writeTool(t *testing.T, name, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

func lonelyBicep(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "lonely.bicep")
	if err := os.WriteFile(src, []byte("param x string\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

// TestNoCompiler: with no compiled JSON and no CLI, the file is read
// through poollint's own translation, and a note says why and how.
func TestNoCompiler(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	res := parseWith(t, withCompiler, lonelyBicep(t))
	if len(res.Clusters) != 0 || len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelNote ||
		!strings.Contains(res.Diags[0].Message, "no compiled lonely.json beside it and no bicep or az CLI on PATH: checked through poollint's own reading") {
		t.Errorf("diags = %+v", res.Diags)
	}
}

// TestCompilerOffByDefault: a `bicep` on PATH is not run unless the
// Parser asks for it; the file is read through the translation.
func TestCompilerOffByDefault(t *testing.T) {
	ran := filepath.Join(t.TempDir(), "ran")
	writeTool(t, "bicep", "echo ran > '"+ran+"'\nexit 1\n")
	for _, name := range []string{"bicep", "az"} { // both on PATH
		if err := os.WriteFile(filepath.Join(os.Getenv("PATH"), name), []byte("#!/bin/sh\necho ran > '"+ran+"'\nexit 1\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	res := parse(t, lonelyBicep(t))
	if _, err := os.Stat(ran); err == nil {
		t.Error("the compiler ran")
	}
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelNote ||
		!strings.Contains(res.Diags[0].Message, "no compiled lonely.json beside it: checked through poollint's own reading") {
		t.Errorf("diags = %+v", res.Diags)
	}
}

// TestCompilerOnPath runs a stand-in `bicep` that writes a known template
// where the real CLI would, and checks poollint's side: the arguments, the
// output file, and positions moved onto the .bicep lines.
func TestCompilerOnPath(t *testing.T) {
	tmpl, err := filepath.Abs("../../fixtures/arm/bicepparam/main.json")
	if err != nil {
		t.Fatal(err)
	}
	writeTool(t, "bicep", `[ "$1" = build ] && [ "$3" = --outfile ] || { echo "bad args: $*" >&2; exit 3; }
exec /bin/cat '`+tmpl+`' > "$4"
`)
	code, err := os.ReadFile("../../fixtures/arm/bicepparam/main.bicep")
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "aks.bicep")
	if err := os.WriteFile(src, code, 0o644); err != nil {
		t.Fatal(err)
	}
	res := parseWith(t, withCompiler, src)
	if len(res.Clusters) != 1 || len(res.Diags) != 0 {
		t.Fatalf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
	checkFixturePositions(t, res.Clusters[0], src)
}

// TestCompilerOnPathUnmatched compiles a source that does not match the
// template it gets: positions fall back to the file.
func TestCompilerOnPathUnmatched(t *testing.T) {
	tmpl, err := filepath.Abs("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	writeTool(t, "bicep", `exec /bin/cat '`+tmpl+`' > "$4"`)
	src := lonelyBicep(t)
	res := parseWith(t, withCompiler, src)
	if len(res.Clusters) != 1 {
		t.Fatalf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
	c := res.Clusters[0]
	if c.Pos.File != src || c.Pos.Line != 1 || c.LoadBalancerSKU.Pos.File != src || c.LoadBalancerSKU.Value != "Basic" {
		t.Errorf("positions not moved to the source: %+v", c.LoadBalancerSKU)
	}
}

func TestCompilerFails(t *testing.T) {
	writeTool(t, "bicep", `echo "main.bicep(3,1) : Error BCP007: This declaration type is not recognized." >&2; exit 1`)
	res := parseWith(t, withCompiler, lonelyBicep(t))
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelError || !strings.Contains(res.Diags[0].Message, "BCP007") || res.Diags[0].Pos.Line != 1 {
		t.Errorf("diags = %+v", res.Diags)
	}
}

func TestCompilerTimeout(t *testing.T) {
	writeTool(t, "bicep", `exec /bin/sleep 5`)
	res := parseWith(t, Parser{Compiler: true, CompileTimeout: 100 * time.Millisecond}, lonelyBicep(t))
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "timed out") {
		t.Errorf("diags = %+v", res.Diags)
	}
}

// TestTranslateBadInput: Bicep the parser cannot read is an error with its
// position; a statement it does not understand is a note, and the rest of
// the file is still read.
func TestTranslateBadInput(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.bicep")
	if err := os.WriteFile(bad, []byte("param a string = 'open\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := parse(t, bad)
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelError || res.Diags[0].Pos.Line != 1 || res.Diags[0].Pos.Col != 18 ||
		!strings.Contains(res.Diags[0].Message, "unterminated string") {
		t.Errorf("diags = %+v", res.Diags)
	}
	odd := filepath.Join(dir, "odd.bicep")
	src := "var x = )\nresource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {\n  name: 'a'\n  properties: {\n    networkProfile: { loadBalancerSku: 'basic' }\n  }\n}\n"
	if err := os.WriteFile(odd, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res = parse(t, odd)
	if len(res.Clusters) != 1 || res.Clusters[0].LoadBalancerSKU.Value != "basic" || res.Clusters[0].LoadBalancerSKU.Pos.Line != 5 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	if len(res.Diags) != 2 || res.Diags[0].Pos.Line != 1 || !strings.Contains(res.Diags[0].Message, "statement not understood") {
		t.Errorf("diags = %+v", res.Diags)
	}
}
