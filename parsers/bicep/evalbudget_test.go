package bicep

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poollint/poollint/parsers"
)

// Issue 12's Bicep reproducers: doublings and self-recursive functions that
// the translation hands to the ARM evaluator (package armexpr). Each must
// give an error, keep the cluster, and stay cheap.

// translateSource writes src as main.bicep in a fresh directory and reads
// it through poollint's own translation (no compiler on PATH).
func translateSource(t *testing.T, src string) parsers.Result {
	t.Helper()
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	path := filepath.Join(dir, "main.bicep")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	// A deadline as a safety net only: the limits must stop these.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return Parser{}.Parse(&parsers.Input{Path: path, Data: []byte(src), Ctx: ctx})
}

// cluster is a Bicep cluster whose single pool has the given properties
// (and a known count).
func cluster(props string) string {
	return `
resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: 'c'
  location: 'westeurope'
  properties: {
    agentPoolProfiles: [
      {
        name: 'p1'
        count: 3
` + props + `
      }
    ]
  }
}
`
}

func chain(format string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, format+"\n", i, i-1, i-1)
	}
	return b.String()
}

func wantError(t *testing.T, res parsers.Result, msg string) {
	t.Helper()
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError && strings.Contains(d.Message, msg) {
			return
		}
	}
	var all []string
	for _, d := range res.Diags {
		all = append(all, fmt.Sprintf("%s %s: %s", d.Level, d.Pos, d.Message))
	}
	t.Errorf("no error %q in:\n%s", msg, strings.Join(all, "\n"))
}

func checkPool(t *testing.T, res parsers.Result) {
	t.Helper()
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("want one cluster with one pool: %d clusters, diags %+v", len(res.Clusters), res.Diags)
	}
	p := res.Clusters[0].Pools[0]
	if !p.Count.Known || p.Count.Value != 3 {
		t.Errorf("count = %+v, want a known 3", p.Count)
	}
	for what, known := range map[string]bool{"vmSize": p.VMSize.Known, "zones": p.Zones.Known, "taints": p.Taints.Known, "osSKU": p.OSSKU.Known, "mode": p.Mode.Known} {
		if known {
			t.Errorf("%s must be unknown", what)
		}
	}
}

// TestBicepVariableDoubling: `var a1 = '${a0}${a0}'` and array doublings
// (concat, nested arrays, spreads) chained 60 times.
func TestBicepVariableDoubling(t *testing.T) {
	src := "var a0 = 'ab'\nvar b0 = [1]\nvar c0 = [1]\nvar d0 = [1]\n" +
		chain("var a%d = '${a%d}${a%d}'", 60) +
		chain("var b%d = concat(b%d, b%d)", 60) +
		chain("var c%d = [\n  c%d\n  c%d\n]", 60) +
		chain("var d%d = [\n  ...d%d\n  ...d%d\n]", 60) +
		cluster(`        vmSize: a60
        availabilityZones: b60
        nodeTaints: c60
        osSKU: string(c60)
        mode: string(d60)`)
	res := translateSource(t, src)
	wantError(t, res, "would build a string of 2097152 bytes, above the limit of 1048576")
	wantError(t, res, "concat() would build an array or object of 131072 elements, above the limit of 100000")
	wantError(t, res, "a value of more than 100000 elements")
	checkPool(t, res)
}

// TestBicepRecursiveFunctions: a function calling itself with doubling,
// and 60 functions each calling the previous one twice.
func TestBicepRecursiveFunctions(t *testing.T) {
	src := "func self(x string) string => '${self(x)}${self(x)}'\n" +
		"func g0(x string) string => x\n" +
		chain("func g%d(x string) string => '${g%d(x)}${g%d(x)}'", 60) +
		cluster(`        vmSize: self('ab')
        availabilityZones: [self('ab')]
        nodeTaints: [g60('ab')]
        osSKU: g60('ab')
        mode: self(g60('ab'))`)
	res := translateSource(t, src)
	wantError(t, res, "calls itself; its value is unknown")
	wantError(t, res, "would build a string of 2097152 bytes, above the limit of 1048576")
	checkPool(t, res)
}
