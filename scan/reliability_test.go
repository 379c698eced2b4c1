package scan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/report"
	"github.com/poollint/poollint/rules"
)

func render(t *testing.T, format string, res *Result, engine *rules.Engine) []byte {
	t.Helper()
	r, err := report.Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	in := &report.Input{Findings: res.Findings, Diags: res.Diags, Rules: rules.Infos(engine.Rules()), Files: res.Files, Version: "test", WorkDir: "/src"}
	if err := r(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDeterministic: the same inputs give byte-identical SARIF and JSON with
// 1 and 8 workers (and the shared corpus too, when it is there).
func TestDeterministic(t *testing.T) {
	engine := newEngine(t)
	paths := []string{"../fixtures"}
	if _, err := os.Stat(corpusDir); err == nil {
		paths = append(paths, corpusDir)
	}
	one := Run(context.Background(), engine, Options{Paths: paths, Workers: 1})
	eight := Run(context.Background(), engine, Options{Paths: paths, Workers: 8})
	if len(one.Findings) < 20 {
		t.Fatalf("only %d findings: the comparison would prove little", len(one.Findings))
	}
	for _, format := range []string{"sarif", "json", "text"} {
		a, b := render(t, format, one, engine), render(t, format, eight, engine)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 8 workers", format)
		}
	}
}

func TestBinaryFileSkipped(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "blob.json"), []byte("{\"$schema\": \"deploymentTemplate.json\"\x00\x01}"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelNote || !strings.Contains(res.Diags[0].Message, "binary") || res.Incomplete() {
		t.Errorf("diags %+v", res.Diags)
	}
}

func TestUnreadableFileIsReported(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "src")
	if err := os.MkdirAll(filepath.Join(root, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFiles(t, filepath.Join(root, "real"), "../fixtures/arm/headline.json")
	if err := os.Symlink(filepath.Join(dir, "missing.json"), filepath.Join(dir, "dangling.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop.yaml")); err != nil { // a link to a directory: not followed
		t.Fatal(err)
	}
	// A link to a file inside the root (--root) is followed.
	if err := os.Symlink(filepath.Join(root, "real", "headline.json"), filepath.Join(dir, "linked.json")); err != nil {
		t.Fatal(err)
	}
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}, Root: root})
	var errs []string
	for _, d := range res.Diags {
		errs = append(errs, filepath.Base(d.Pos.File)+": "+d.Message)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "dangling.json: cannot read") || !res.Incomplete() {
		t.Errorf("diags %q", errs)
	}
	if len(res.Findings) != 4 {
		t.Errorf("the linked file's findings: got %d, want 4", len(res.Findings))
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// FuzzScanFile scans one file of arbitrary content under each format's
// name, rules included: nothing may panic, every error has a position.
func FuzzScanFile(f *testing.F) {
	for _, s := range []string{
		"{\"$schema\": \"deploymentTemplate.json\", \"resources\": [{\"type\": \"Microsoft.ContainerService/managedClusters\", \"properties\": {\"agentPoolProfiles\": [{\"name\": \"a\", \"nodeLabels\": {\"k\": \"v\"}}]}}]}",
		"resource \"azurerm_kubernetes_cluster\" \"a\" {\n  default_node_pool {\n    node_labels = { a = \"b\" }\n  }\n}\n",
		"apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: a\nspec:\n  template:\n    metadata:\n      labels:\n        a: b\n",
		"using 'main.bicep'\nparam a = 'b'\n",
	} {
		for ext := byte(0); ext < 4; ext++ {
			f.Add(ext, []byte(s))
		}
	}
	engine := newEngine(f)
	names := []string{"main.json", "main.tf", "pools.yaml", "main.bicepparam"}
	f.Fuzz(func(t *testing.T, ext byte, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, names[int(ext)%len(names)])
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res := Run(context.Background(), engine, Options{Paths: []string{path}, Workers: 1})
		for _, d := range res.Diags {
			if strings.Contains(d.Message, "internal error") || strings.Contains(d.Message, "panicked") {
				t.Fatalf("crash: %s", d.Message)
			}
			if d.Level == parsers.LevelError && d.Pos.File == "" {
				t.Fatalf("error without a file: %+v", d)
			}
		}
	})
}

// panicky is a parser that panics on every file.
type panicky struct{}

func (panicky) Name() string                        { return "panicky" }
func (panicky) Extensions() []string                { return []string{".boom"} }
func (panicky) Detect(string, []byte) bool          { return true }
func (panicky) Parse(*parsers.Input) parsers.Result { panic("kaboom") }

// TestParserPanicIsRecovered: a parser panic becomes an error for that file
// and the other files are still scanned.
func TestParserPanicIsRecovered(t *testing.T) {
	formats := append([]parsers.Parser{panicky{}}, parsers.Registered()...)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "x.boom"), "anything")
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir, "../fixtures/arm/headline.json"}, Parsers: formats})
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "internal error in the panicky parser") || !strings.Contains(res.Diags[0].Message, "kaboom") {
		t.Errorf("diags %+v", res.Diags)
	}
	if !res.Incomplete() || len(res.Findings) != 4 {
		t.Errorf("incomplete=%v, %d findings", res.Incomplete(), len(res.Findings))
	}
}
