package bicep

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// secret stands for a credential of the machine running the scan, in files
// outside the scanned root.
const secret = "ghp_S3CRETtokenOfTheRunner0123"

// aksBicep is a cluster whose name and system pool's VM size are the Bicep
// expressions given.
func aksBicep(name, vmSize string) string {
	return fmt.Sprintf(`resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: %s
  properties: {
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vmSize: %s
      }
    ]
  }
}
`, name, vmSize)
}

// aksJSON is the compiled template of aksBicep with literal values.
func aksJSON(name, vmSize string) string {
	return fmt.Sprintf(`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
 "contentVersion": "1.0.0.0",
 "resources": [{"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01", "name": %q,
   "properties": {"agentPoolProfiles": [{"name": "system", "mode": "System", "vmSize": %q}]}}]}`, name, vmSize)
}

// attacker lays out base/repo, the scanned root, and base/outside, the
// machine's files the repository must not reach, and returns the root,
// the outside directory and the scan options confined to the root.
func attacker(t *testing.T) (root, outside string, opts *parsers.Options) {
	t.Helper()
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	root, outside = filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for _, d := range []string{root, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, outside, "secret.txt", secret)
	write(t, outside, "target-7f3a.bicep", aksBicep("'"+secret+"'", "'"+secret+"'"))
	write(t, outside, "main.bicep", aksBicep("'"+secret+"'", "'"+secret+"'"))
	write(t, outside, "main.json", aksJSON(secret, secret))
	write(t, outside, "target-7f3a.json", aksJSON(secret, secret))
	return root, outside, &parsers.Options{Roots: []string{root}}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func scanFile(t *testing.T, path string, opts *parsers.Options) parsers.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30e9) // a safety net only
	defer cancel()
	return Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: opts, Ctx: ctx})
}

// noLeak fails when the secret, or any of the words given (link targets),
// appears anywhere in the result: clusters, values, positions,
// diagnostics, related files.
func noLeak(t *testing.T, res parsers.Result, words ...string) {
	t.Helper()
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range append(words, secret) {
		if strings.Contains(string(data), w) {
			t.Errorf("%q leaks into the result: %s", w, data)
		}
	}
}

// refusal is the one error diagnostic naming the refused path; it fails
// unless there is exactly one, at line:col.
func refusal(t *testing.T, res parsers.Result, file string, line, col int) string {
	t.Helper()
	var found []string
	for _, d := range res.Diags {
		if strings.Contains(d.Message, "outside the scanned root") {
			if d.Level != parsers.LevelError || d.Pos.File != file || d.Pos.Line != line || d.Pos.Col != col {
				t.Errorf("refusal %+v, want an error at %s:%d:%d", d, file, line, col)
			}
			found = append(found, d.Message)
		}
	}
	if len(found) != 1 {
		t.Fatalf("refusals %q; diags %+v", found, res.Diags)
	}
	return found[0]
}

// TestModuleOutsideRoot: `module '../…'` out of the scanned root is
// refused at the module's line, with the same message whether the target
// exists or not; the rest of the file is still read.
func TestModuleOutsideRoot(t *testing.T) {
	root, outside, opts := attacker(t)
	main := write(t, root, "main.bicep", "module m '../outside/main.bicep' = {\n  name: 'm'\n}\n"+aksBicep("'mine'", "'Standard_D4s_v5'"))
	res := scanFile(t, main, opts)
	noLeak(t, res)
	msg := refusal(t, res, main, 1, 1)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "mine" {
		t.Errorf("clusters %+v", res.Clusters)
	}
	if err := os.RemoveAll(outside); err != nil {
		t.Fatal(err)
	}
	again := scanFile(t, main, opts)
	if refusal(t, again, main, 1, 1) != msg {
		t.Errorf("the message tells whether the target exists: %q", msg)
	}
}

// TestModuleSymlinkOutside: a committed symbolic link inside the root (to a
// file or a directory) that leads outside is refused, and its target is
// named nowhere.
func TestModuleSymlinkOutside(t *testing.T) {
	root, outside, opts := attacker(t)
	if err := os.Symlink(filepath.Join(outside, "target-7f3a.bicep"), filepath.Join(root, "mod.bicep")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "lib")); err != nil {
		t.Fatal(err)
	}
	// A link into a loop of links outside.
	for _, l := range [][2]string{{"loop-1", "loop-2"}, {"loop-2", "loop-1"}} {
		if err := os.Symlink(filepath.Join(outside, l[1]), filepath.Join(outside, l[0])); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "loop-1"), filepath.Join(root, "loop.bicep")); err != nil {
		t.Fatal(err)
	}
	main := write(t, root, "main.bicep", "module a './mod.bicep' = {\n  name: 'a'\n}\nmodule b 'lib/main.bicep' = {\n  name: 'b'\n}\nmodule c 'loop.bicep' = {\n  name: 'c'\n}\n")
	res := scanFile(t, main, opts)
	noLeak(t, res, "target-7f3a", outside, "loop-")
	n := 0
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError && strings.Contains(d.Message, "resolves outside the scanned root") && (d.Pos.Line == 1 || d.Pos.Line == 4 || d.Pos.Line == 7) {
			n++
		}
	}
	if n != 3 || len(res.Clusters) != 0 {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
}

// TestCompiledSymlinkOutside: a main.json beside main.bicep that is a link
// to a template outside the root is refused (the same whether the target
// exists or not), and the Bicep is read through the translation.
func TestCompiledSymlinkOutside(t *testing.T) {
	root, outside, opts := attacker(t)
	main := write(t, root, "main.bicep", aksBicep("'mine'", "'Standard_D4s_v5'"))
	if err := os.Symlink(filepath.Join(outside, "target-7f3a.json"), filepath.Join(root, "main.json")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	res := scanFile(t, main, opts)
	noLeak(t, res, "target-7f3a")
	msg := refusal(t, res, main, 1, 1)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "mine" || len(res.Related) != 0 {
		t.Errorf("clusters %+v related %v", res.Clusters, res.Related)
	}
	if err := os.Remove(filepath.Join(outside, "target-7f3a.json")); err != nil {
		t.Fatal(err)
	}
	if got := refusal(t, scanFile(t, main, opts), main, 1, 1); got != msg {
		t.Errorf("dangling link: %q, existing target: %q", got, msg)
	}
}

// TestBicepParamUsingOutside: a .bicepparam whose using target is outside
// the root is refused at its using line; neither the target's compiled
// template nor its source is read, and the diagnostics are the same
// whether they exist or not.
func TestBicepParamUsingOutside(t *testing.T) {
	root, outside, opts := attacker(t)
	params := write(t, root, "main.bicepparam", "using '../outside/main.bicep'\nparam x = 'y'\n")
	res := scanFile(t, params, opts)
	noLeak(t, res)
	refusal(t, res, params, 1, 1)
	if len(res.Clusters) != 0 {
		t.Errorf("clusters %+v", res.Clusters)
	}
	if err := os.RemoveAll(outside); err != nil {
		t.Fatal(err)
	}
	again := scanFile(t, params, opts)
	a, _ := json.Marshal(res.Diags)
	b, _ := json.Marshal(again.Diags)
	if string(a) != string(b) {
		t.Errorf("diagnostics differ with the target present:\n%s\nand absent:\n%s", a, b)
	}
}

// TestLoadFunctionsUnknown: the load*() functions, which make the Bicep
// compiler embed any file, are never followed by the translation: their
// values are unknown, with or without scan roots.
func TestLoadFunctionsUnknown(t *testing.T) {
	root, _, opts := attacker(t)
	for _, call := range []string{
		"loadTextContent('../outside/secret.txt')",
		"loadTextContent('/etc/hostname')",
		"sys.loadTextContent('../outside/secret.txt')",
		"loadJsonContent('../outside/main.json').resources[0].name",
		"loadYamlContent('../outside/main.json', '$.resources[0].name')",
		"string(loadFileAsBase64('../outside/secret.txt'))",
		"string(loadDirectoryFileInfo('../outside'))",
		"LoadTextContent('../outside/secret.txt')",
	} {
		main := write(t, root, "main.bicep", "var v = "+call+"\n"+aksBicep("v", "'${v}'"))
		for _, o := range []*parsers.Options{opts, nil} {
			res := scanFile(t, main, o)
			noLeak(t, res)
			if len(res.Clusters) != 1 || res.Clusters[0].Name.Known || len(res.Clusters[0].Pools) != 1 || res.Clusters[0].Pools[0].VMSize.Known {
				t.Errorf("%s: clusters %+v diags %+v", call, res.Clusters, res.Diags)
			}
		}
	}
}

// TestSourceMapModuleOutside: a compiled main.json inside the root whose
// Bicep names a module outside: the source map does not read that module
// (no position leads there).
func TestSourceMapModuleOutside(t *testing.T) {
	root, _, opts := attacker(t)
	main := write(t, root, "main.bicep", "module m '../outside/main.bicep' = {\n  name: 'm'\n}\n")
	write(t, root, "main.json", `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
 "contentVersion": "1.0.0.0",
 "resources": [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "m",
   "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
     "template": `+aksJSON("mine", "Standard_D4s_v5")+`}}]}`)
	res := scanFile(t, main, opts)
	noLeak(t, res, "outside")
	if len(res.Clusters) != 1 || res.Clusters[0].Pos.File != main || res.Clusters[0].Pos.Line != 1 {
		t.Errorf("clusters %+v, diags %+v", res.Clusters, res.Diags)
	}
}
