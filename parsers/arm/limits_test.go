package arm

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// These tests are the reproducers of issue 12: small templates that made the
// evaluator build values of many gigabytes (or recurse without end) and took
// the whole process down. Each must now give a clear error at the position
// of the expression, keep the rest of the template, and stay cheap.

// tmpl builds an ARM template with the given variables and user functions
// and one cluster whose single pool has the given properties (plus a known
// count, which must survive whatever happens to the rest).
func tmpl(t *testing.T, vars map[string]any, funcs []any, pool map[string]any) []byte {
	t.Helper()
	props := map[string]any{"name": "p1", "count": 3}
	for k, v := range pool {
		props[k] = v
	}
	doc := map[string]any{
		"$schema":   "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"variables": vars,
		"resources": []any{map[string]any{
			"type": "Microsoft.ContainerService/managedClusters",
			"name": "c1",
			"properties": map[string]any{
				"agentPoolProfiles": []any{props},
			},
		}},
	}
	if funcs != nil {
		doc["functions"] = funcs
	}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// lineOf is the 1-based line of the first occurrence of s in data.
func lineOf(t *testing.T, data []byte, s string) int {
	t.Helper()
	i := strings.Index(string(data), s)
	if i < 0 {
		t.Fatalf("%s not in the template", s)
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

// parseBounded parses with a deadline as a safety net only: the limits,
// not the deadline, must stop these templates.
func parseBounded(t *testing.T, path string, data []byte, opts *parsers.Options) parsers.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res := Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: opts, Ctx: ctx})
	for _, d := range res.Diags {
		if strings.Contains(d.Message, "time allowed") {
			t.Errorf("stopped by the safety deadline, not by a limit: %s", d.Message)
		}
	}
	return res
}

// wantDiag finds an error diagnostic containing msg, at line when line > 0.
func wantDiag(t *testing.T, res parsers.Result, line int, msg string) {
	t.Helper()
	for _, d := range res.Diags {
		if strings.Contains(d.Message, msg) && d.Level == parsers.LevelError && (line == 0 || d.Pos.Line == line) {
			return
		}
	}
	t.Errorf("no error %q at line %d; diags:\n%s", msg, line, diagList(res))
}

func diagList(res parsers.Result) string {
	var b strings.Builder
	for _, d := range res.Diags {
		fmt.Fprintf(&b, "  %s %s: %s\n", d.Level, d.Pos, d.Message)
	}
	return b.String()
}

// onePool checks that the cluster and its pool are still there, with the
// known count, and returns the pool.
func onePool(t *testing.T, res parsers.Result) *nodepool.Pool {
	t.Helper()
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("want one cluster with one pool, got %d clusters; diags:\n%s", len(res.Clusters), diagList(res))
	}
	p := res.Clusters[0].Pools[0]
	if !p.Count.Known || p.Count.Value != 3 {
		t.Errorf("count = %+v, want a known 3", p.Count)
	}
	return p
}

// TestReplaceChain: replace() over a 2,000-character variable, each step
// replacing every character with the previous value (OOM in 0.15 s before).
func TestReplaceChain(t *testing.T) {
	vars := map[string]any{"v0": strings.Repeat("a", 2000)}
	for i := 1; i <= 10; i++ {
		vars[fmt.Sprintf("v%d", i)] = fmt.Sprintf("[replace(variables('v%d'), 'a', variables('v%d'))]", i-1, i-1)
	}
	data := tmpl(t, vars, nil, map[string]any{"vmSize": "[variables('v10')]"})
	res := parseBounded(t, "replace.json", data, nil)
	wantDiag(t, res, lineOf(t, data, `"v1":`), "replace() would build a string of 4000000 bytes, above the limit of 1048576")
	if p := onePool(t, res); p.VMSize.Known {
		t.Errorf("vmSize must be unknown: %+v", p.VMSize)
	}
}

// TestConcatDoublings: 60 chained concat() doublings, of a string and of an
// array, and doublings that share one value (createArray, a JSON array of
// references): each would reach 2^60 elements or bytes.
func TestConcatDoublings(t *testing.T) {
	vars := map[string]any{"s0": "ab", "a0": []any{1}, "c0": []any{1}, "d0": []any{"x"}}
	for i := 1; i <= 60; i++ {
		vars[fmt.Sprintf("s%d", i)] = fmt.Sprintf("[concat(variables('s%d'), variables('s%d'))]", i-1, i-1)
		vars[fmt.Sprintf("a%d", i)] = fmt.Sprintf("[concat(variables('a%d'), variables('a%d'))]", i-1, i-1)
		vars[fmt.Sprintf("c%d", i)] = fmt.Sprintf("[createArray(variables('c%d'), variables('c%d'))]", i-1, i-1)
		vars[fmt.Sprintf("d%d", i)] = []any{fmt.Sprintf("[variables('d%d')]", i-1), fmt.Sprintf("[variables('d%d')]", i-1)}
	}
	vars["str"] = "[string(variables('d60'))]"
	vars["len"] = "[length(string(variables('c60')))]"
	data := tmpl(t, vars, nil, map[string]any{
		"vmSize":            "[variables('s60')]",
		"availabilityZones": "[variables('a60')]",
		"nodeTaints":        "[variables('c60')]",
		"nodeLabels":        "[variables('d60')]",
		"osSKU":             "[variables('str')]",
		"maxPods":           "[variables('len')]",
	})
	res := parseBounded(t, "concat.json", data, nil)
	// 'ab' doubled 20 times is 2 MiB; [1] doubled 17 times is 131,072
	// elements.
	wantDiag(t, res, lineOf(t, data, `"s20":`), "concat() would build a string of 2097152 bytes, above the limit of 1048576")
	wantDiag(t, res, lineOf(t, data, `"a17":`), "concat() would build an array or object of 131072 elements, above the limit of 100000")
	// Shared values are refused where they would be expanded.
	wantDiag(t, res, lineOf(t, data, `"nodeTaints":`), "a value of more than 100000 elements")
	wantDiag(t, res, lineOf(t, data, `"nodeLabels":`), "a value of more than 100000 elements")
	wantDiag(t, res, lineOf(t, data, `"str":`), "a value of more than 100000 elements")
	wantDiag(t, res, lineOf(t, data, `"len":`), "a value of more than 100000 elements")
	p := onePool(t, res)
	if p.VMSize.Known || p.Zones.Known || p.Taints.Known || p.Labels.Known || p.OSSKU.Known || p.MaxPods.Known {
		t.Errorf("the doubled values must be unknown: %+v", p)
	}
}

// fn is a user-defined function of one string parameter x.
func fn(body string) map[string]any {
	return map[string]any{
		"parameters": []any{map[string]any{"name": "x", "type": "string"}},
		"output":     map[string]any{"type": "string", "value": body},
	}
}

// TestRecursiveUserFunctions: a user-defined function that calls itself
// (directly, or through another) with doubling.
func TestRecursiveUserFunctions(t *testing.T) {
	members := map[string]any{
		"self":  fn("[concat(ns.self(parameters('x')), ns.self(parameters('x')))]"),
		"ping":  fn("[concat(ns.pong(parameters('x')), ns.pong(parameters('x')))]"),
		"pong":  fn("[concat(ns.ping(parameters('x')), ns.ping(parameters('x')))]"),
		"twice": fn("[concat(parameters('x'), parameters('x'))]"),
	}
	funcs := []any{map[string]any{"namespace": "ns", "members": members}}
	data := tmpl(t, map[string]any{}, funcs, map[string]any{
		"vmSize":           "[ns.self('ab')]",
		"osSKU":            "[ns.ping('ab')]",
		"scaleSetPriority": "[ns.twice(ns.twice('ab'))]",
	})
	res := parseBounded(t, "functions.json", data, nil)
	wantDiag(t, res, lineOf(t, data, `"self":`), "user-defined function ns.self calls itself; its value is unknown")
	wantDiag(t, res, lineOf(t, data, `"ping":`), "user-defined function ns.ping calls itself; its value is unknown")
	p := onePool(t, res)
	if p.VMSize.Known || p.OSSKU.Known {
		t.Errorf("recursive values must be unknown: %+v", p)
	}
	if p.Priority.Value != "abababab" {
		t.Errorf("plain function calls must still work: %+v", p.Priority)
	}
}

// TestDoublingFunctionChain: 60 functions, each calling the one before
// twice: 2^60 calls, and a string of 2^61 bytes.
func TestDoublingFunctionChain(t *testing.T) {
	members := map[string]any{"dbl0": fn("[parameters('x')]")}
	for i := 1; i <= 60; i++ {
		members[fmt.Sprintf("dbl%d", i)] = fn(fmt.Sprintf("[concat(ns.dbl%d(parameters('x')), ns.dbl%d(parameters('x')))]", i-1, i-1))
	}
	// The same with a different argument each time: no call is repeated.
	members["grow0"] = fn("[parameters('x')]")
	for i := 1; i <= 60; i++ {
		members[fmt.Sprintf("grow%d", i)] = fn(fmt.Sprintf("[concat(ns.grow%d(concat(parameters('x'), 'a')), ns.grow%d(concat(parameters('x'), 'b')))]", i-1, i-1))
	}
	funcs := []any{map[string]any{"namespace": "ns", "members": members}}
	data := tmpl(t, map[string]any{}, funcs, map[string]any{"mode": "[ns.dbl60('ab')]", "vmSize": "[ns.grow60('')]"})
	res := parseBounded(t, "chain.json", data, nil)
	wantDiag(t, res, lineOf(t, data, `"[concat(ns.dbl19(`), "concat() would build a string of 2097152 bytes, above the limit of 1048576")
	wantDiag(t, res, 0, "evaluation cut short: the file's expressions ")
	p := onePool(t, res)
	if p.Mode.Known || p.VMSize.Known {
		t.Errorf("doubled values must be unknown: %+v", p)
	}
}

// TestStepBudgetPerFile: nested lambdas whose every value is small but
// whose calls number 10^8 stop at the file's step budget.
func TestStepBudgetPerFile(t *testing.T) {
	vars := map[string]any{
		"slow": "[length(map(range(0, 10000), lambda('i', length(map(range(0, 10000), lambda('j', add(1, 2)))))))]",
	}
	data := tmpl(t, vars, nil, map[string]any{"maxPods": "[variables('slow')]", "vmSize": "Standard_D4s_v5"})
	res := parseBounded(t, "slow.json", data, nil)
	wantDiag(t, res, lineOf(t, data, `"slow":`), "evaluation cut short: the file's expressions make more than 200000 function calls")
	// What was read before the cut (the count) stays known; what is left
	// after it is unknown, literals included.
	p := onePool(t, res)
	if p.MaxPods.Known || p.VMSize.Known {
		t.Errorf("maxPods and what follows must be unknown: %+v", p)
	}
}

// stopAfter is a context whose Err turns to DeadlineExceeded after n looks:
// a deadline that strikes in the middle of the evaluation, deterministically.
type stopAfter struct {
	context.Context
	n int
}

func (c *stopAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.DeadlineExceeded
	}
	return nil
}

// TestContextCutsEvaluation: the scan's context (--timeout, the per-file
// budget) stops the evaluation with a per-file error.
func TestContextCutsEvaluation(t *testing.T) {
	vars := map[string]any{
		"slow": "[length(map(range(0, 10000), lambda('i', length(map(range(0, 10000), lambda('j', add(1, 2)))))))]",
	}
	data := tmpl(t, vars, nil, map[string]any{"maxPods": "[variables('slow')]"})
	ctx := &stopAfter{Context: context.Background(), n: 3}
	res := Parser{}.Parse(&parsers.Input{Path: "slow.json", Data: data, Ctx: ctx})
	wantDiag(t, res, lineOf(t, data, `"slow":`), "evaluation cut short: the time allowed for the file or the scan ran out")
	onePool(t, res)

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	res = Parser{}.Parse(&parsers.Input{Path: "slow.json", Data: data, Ctx: cancelled})
	wantDiag(t, res, 0, "evaluation cut short: the scan was cancelled")
}

// writeFiles writes name -> content under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// deployments is a template with one cluster and a deployment linking each
// of the given relative paths.
func deployments(links ...string) string {
	res := []any{map[string]any{
		"type": "Microsoft.ContainerService/managedClusters", "name": "c",
		"properties": map[string]any{"agentPoolProfiles": []any{map[string]any{"name": "p", "count": 3}}},
	}}
	for i, l := range links {
		res = append(res, map[string]any{
			"type": "Microsoft.Resources/deployments", "name": fmt.Sprintf("d%d", i),
			"properties": map[string]any{"mode": "Incremental", "templateLink": map[string]any{"relativePath": l}},
		})
	}
	data, _ := json.MarshalIndent(map[string]any{
		"$schema":   "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"resources": res,
	}, "", " ")
	return string(data)
}

// rootOpts confines reads to dir, as a scan of dir does.
func rootOpts(t *testing.T, dir string) *parsers.Options {
	t.Helper()
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	return &parsers.Options{Roots: []string{real}}
}

// TestLinkedTemplateLoops: a template linking itself 50 times (50^16
// readings before), and two templates linking each other.
func TestLinkedTemplateLoops(t *testing.T) {
	dir := t.TempDir()
	var self []string
	for range 50 {
		self = append(self, "main.json")
	}
	writeFiles(t, dir, map[string]string{
		"main.json": deployments(self...),
		"a.json":    deployments("b.json"),
		"b.json":    deployments("a.json"),
	})
	opts := rootOpts(t, dir)
	path := filepath.Join(dir, "main.json")
	data, _ := os.ReadFile(path)
	res := parseBounded(t, path, data, opts)
	wantDiag(t, res, 0, "more than 64 linked templates for one file (a template that links itself?)")
	if n := len(res.Clusters); n == 0 || n > 65 {
		t.Errorf("%d clusters, want the template's own and those of the 64 linked templates read", n)
	}

	path = filepath.Join(dir, "a.json")
	data, _ = os.ReadFile(path)
	res = parseBounded(t, path, data, opts)
	wantDiag(t, res, 0, "nested deployments deeper than 16 levels are not read")
	if n := len(res.Clusters); n != 17 {
		t.Errorf("%d clusters, want 17 (16 linked levels and the top)", n)
	}
}

const secret = "TOPSECRET-runner-token-0123456789"

// scrub replaces name with X in a diagnostic message.
func scrub(msg, name string) string { return strings.ReplaceAll(msg, name, "X") }

// noSecret fails when anything from the secret file shows up in a result.
func noSecret(t *testing.T, res parsers.Result) {
	t.Helper()
	out, _ := json.Marshal(res)
	for _, leak := range []string{secret, "TOPSECRET", "'T'", `"T"`, "invalid JSON"} {
		if strings.Contains(string(out), leak) {
			t.Errorf("the result shows %q from outside the root:\n%s", leak, out)
		}
	}
	for _, r := range res.Related {
		if strings.Contains(r, "secret") || strings.Contains(r, "missing") {
			t.Errorf("related names a file outside the root: %s", r)
		}
	}
}

// TestLinkedTemplateOutsideRoot: templateLink.relativePath leading out of
// the scanned root, to a file that exists and to one that does not,
// directly and through committed links: the notes are the same apart from
// the name, and nothing of the file outside shows (not even whether it
// exists, or its first byte through a JSON error).
func TestLinkedTemplateOutsideRoot(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	writeFiles(t, base, map[string]string{
		"secret.json":              secret + " {not json", // exists, outside the root
		"repo/direct-secret.json":  deployments("../secret.json"),
		"repo/direct-missing.json": deployments("../missing.json"),
		"repo/link-secret.json":    deployments("to-secret.json"),
		"repo/link-missing.json":   deployments("to-missing.json"),
	})
	if err := os.Symlink(filepath.Join(base, "secret.json"), filepath.Join(root, "to-secret.json")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Join(base, "missing.json"), filepath.Join(root, "to-missing.json")); err != nil {
		t.Fatal(err)
	}
	opts := rootOpts(t, root)
	read := func(name string) parsers.Result {
		path := filepath.Join(root, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := parseBounded(t, path, data, opts)
		noSecret(t, res)
		if len(res.Clusters) != 1 {
			t.Errorf("%s: the template's own cluster must be read: %d clusters", name, len(res.Clusters))
		}
		return res
	}
	same := func(a, b parsers.Result, nameA, nameB string) {
		t.Helper()
		if len(a.Diags) != 1 || len(b.Diags) != 1 {
			t.Fatalf("want one diagnostic each:\n%s---\n%s", diagList(a), diagList(b))
		}
		da, db := a.Diags[0], b.Diags[0]
		if da.Level != db.Level || da.Pos.Line != db.Pos.Line || scrub(da.Message, nameA) != scrub(db.Message, nameB) {
			t.Errorf("the diagnostics differ beyond the name:\n%+v\n%+v", da, db)
		}
		if !strings.Contains(da.Message, "not a readable file inside the scanned root") {
			t.Errorf("unclear diagnostic: %s", da.Message)
		}
	}
	same(read("direct-secret.json"), read("direct-missing.json"), "../secret.json", "../missing.json")
	same(read("link-secret.json"), read("link-missing.json"), "to-secret.json", "to-missing.json")
}

// TestParameterFilesOutsideRoot: parameter files found beside a template
// (main.parameters.json and its variants) that are links leading out of the
// root are not read, whether their target exists or not; a parameter file's
// metadata.template leading out gets the same note as a missing file (a
// .bicepparam's using target is the Bicep format's: TestBicepParamUsingOutside).
func TestParameterFilesOutsideRoot(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	secretParams := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
		"parameters": {"size": {"value": "` + secret + `"}}}`
	main := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"parameters": {"size": {"type": "string", "defaultValue": "Standard_D4s_v5"}},
		"resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c",
		  "properties": {"agentPoolProfiles": [{"name": "p", "count": 3, "vmSize": "[parameters('size')]"}]}}]}`
	writeFiles(t, base, map[string]string{
		"secret.parameters.json":     secretParams,
		"secret.json":                main,
		"repo/a/main.json":           main,
		"repo/b/main.json":           main,
		"repo/p/secret.params.json":  `{"$schema": "deploymentParameters.json", "metadata": {"template": "../../secret.json"}, "parameters": {}}`,
		"repo/p/missing.params.json": `{"$schema": "deploymentParameters.json", "metadata": {"template": "../../missing.json"}, "parameters": {}}`,
	})
	links := map[string]string{
		"repo/a/main.parameters.json":      "secret.parameters.json",
		"repo/a/main.parameters.prod.json": "secret.parameters.json",
		"repo/b/main.parameters.json":      "missing.parameters.json",
		"repo/b/main.parameters.prod.json": "missing.parameters.json",
	}
	for link, target := range links {
		if err := os.Symlink(filepath.Join(base, target), filepath.Join(base, filepath.FromSlash(link))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	opts := rootOpts(t, root)
	read := func(name string) parsers.Result {
		path := filepath.Join(root, filepath.FromSlash(name))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := parseBounded(t, path, data, opts)
		noSecret(t, res)
		return res
	}
	a, b := read("a/main.json"), read("b/main.json")
	if len(a.Diags) != 0 || len(b.Diags) != 0 || len(a.Related) != 0 || len(b.Related) != 0 {
		t.Errorf("links out of the root must be left alone, silently:\n%s%v\n%s%v", diagList(a), a.Related, diagList(b), b.Related)
	}
	for _, res := range []parsers.Result{a, b} {
		if len(res.Clusters) != 1 || res.Clusters[0].Pools[0].VMSize.Value != "Standard_D4s_v5" {
			t.Errorf("the default must apply: %+v", res.Clusters)
		}
	}
	for _, pair := range [][2]string{{"p/secret.params.json", "p/missing.params.json"}} {
		s, m := read(pair[0]), read(pair[1])
		if len(s.Diags) != 1 || len(m.Diags) != 1 || len(s.Clusters) != 0 {
			t.Fatalf("%s: want one note and no cluster:\n%s---\n%s", pair[0], diagList(s), diagList(m))
		}
		if scrub(s.Diags[0].Message, "secret") != scrub(m.Diags[0].Message, "missing") || s.Diags[0].Level != m.Diags[0].Level {
			t.Errorf("the diagnostics differ beyond the name:\n%+v\n%+v", s.Diags[0], m.Diags[0])
		}
	}
}

// TestVariableChains: variables each referring to the next, 5,000 deep:
// the Go stack stays bounded and the error names where the chain was cut;
// a chain of 500 is evaluated.
func TestVariableChains(t *testing.T) {
	vars := map[string]any{"long4999": "end", "short499": "ok"}
	for i := range 4999 {
		vars[fmt.Sprintf("long%d", i)] = fmt.Sprintf("[variables('long%d')]", i+1)
	}
	for i := range 499 {
		vars[fmt.Sprintf("short%d", i)] = fmt.Sprintf("[toLower(variables('short%d'))]", i+1)
	}
	data := tmpl(t, vars, nil, map[string]any{"vmSize": "[variables('long0')]", "mode": "[variables('short0')]"})
	res := parseBounded(t, "chain.json", data, nil)
	wantDiag(t, res, 0, "function calls nested deeper than 1000 levels (through variables, functions and lambdas) are not evaluated")
	p := onePool(t, res)
	if p.VMSize.Known {
		t.Errorf("vmSize must be unknown: %+v", p.VMSize)
	}
	if p.Mode.Value != "ok" {
		t.Errorf("a chain of 500 variables must be evaluated: %+v", p.Mode)
	}
}

// TestCompanionTooLarge: a linked template or parameter file inside the
// root but past the scan's file size limit is not read at all.
func TestCompanionTooLarge(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.json": deployments("big.json")})
	for _, name := range []string{"big.json", "main.parameters.json"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(10<<20 + 1); err != nil { // sparse: nothing written
			t.Fatal(err)
		}
		f.Close()
	}
	path := filepath.Join(dir, "main.json")
	data, _ := os.ReadFile(path)
	res := parseBounded(t, path, data, rootOpts(t, dir))
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "linked template big.json not read: larger than 10485760 bytes (10485761)") {
		t.Errorf("diags:\n%s", diagList(res))
	}
	if len(res.Clusters) != 1 || len(res.Related) != 0 {
		t.Errorf("clusters %d, related %v", len(res.Clusters), res.Related)
	}
}
