package bicep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
)

func parse(t *testing.T, path string) parsers.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parser{}.Parse(&parsers.Input{Path: path, Data: data})
}

// TestCompiledBeside reads main.json beside main.bicep.
func TestCompiledBeside(t *testing.T) {
	res := parse(t, "../../fixtures/arm/bicepparam/main.bicep")
	if len(res.Clusters) != 1 || res.Clusters[0].Pos.File != "../../fixtures/arm/bicepparam/main.json" {
		t.Fatalf("clusters %+v, diags %+v", res.Clusters, res.Diags)
	}
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

func TestNoCompiler(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	res := parse(t, lonelyBicep(t))
	if len(res.Clusters) != 0 || len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelNote ||
		!strings.Contains(res.Diags[0].Message, "no compiled lonely.json beside it and no bicep or az CLI on PATH") {
		t.Errorf("diags = %+v", res.Diags)
	}
}

// TestCompilerOnPath runs a stand-in `bicep` that writes a known template
// where the real CLI would, and checks poollint's side: the arguments, the
// output file, and positions moved to the .bicep file.
func TestCompilerOnPath(t *testing.T) {
	tmpl, err := filepath.Abs("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	writeTool(t, "bicep", `[ "$1" = build ] && [ "$3" = --outfile ] || { echo "bad args: $*" >&2; exit 3; }
exec /bin/cat '`+tmpl+`' > "$4"
`)
	src := lonelyBicep(t)
	res := parse(t, src)
	if len(res.Clusters) != 1 {
		t.Fatalf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
	c := res.Clusters[0]
	if c.Pos.File != src || c.Pos.Line != 1 || c.LoadBalancerSKU.Pos.File != src || c.LoadBalancerSKU.Value != "Basic" {
		t.Errorf("positions not moved to the source: %+v", c.LoadBalancerSKU)
	}
	last := res.Diags[len(res.Diags)-1]
	if !strings.Contains(last.Message, "compiled by bicep") {
		t.Errorf("diags = %+v", res.Diags)
	}
}

func TestCompilerFails(t *testing.T) {
	writeTool(t, "bicep", `echo "main.bicep(3,1) : Error BCP007: This declaration type is not recognized." >&2; exit 1`)
	res := parse(t, lonelyBicep(t))
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelError || !strings.Contains(res.Diags[0].Message, "BCP007") || res.Diags[0].Pos.Line != 1 {
		t.Errorf("diags = %+v", res.Diags)
	}
}

func TestCompilerTimeout(t *testing.T) {
	writeTool(t, "bicep", `exec /bin/sleep 5`)
	old := CompileTimeout
	CompileTimeout = 100e6 // 100ms
	defer func() { CompileTimeout = old }()
	res := parse(t, lonelyBicep(t))
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "timed out") {
		t.Errorf("diags = %+v", res.Diags)
	}
}
