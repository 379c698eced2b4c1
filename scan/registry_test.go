package scan

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// toy is a made-up input format, registered from this test file alone: a
// .toy file holds "cluster NAME" and "pool NAME VMSIZE" lines.
type toy struct{}

func init() {
	parsers.Register(parsers.Registration{Parser: toy{}, Priority: 1000, Formats: []parsers.Format{"toy"}})
}

func (toy) Name() string                      { return "toy" }
func (toy) Extensions() []string              { return []string{".toy"} }
func (toy) Detect(path string, _ []byte) bool { return true }

func (toy) Parse(in *parsers.Input) parsers.Result {
	var c *nodepool.Cluster
	for i, line := range strings.Split(string(in.Data), "\n") {
		at := nodepool.Pos{File: in.Path, Line: i + 1, Col: 1}
		switch f := strings.Fields(line); {
		case len(f) == 2 && f[0] == "cluster":
			c = &nodepool.Cluster{Provider: nodepool.Azure, Format: "toy", ID: f[1], Pos: at, Name: nodepool.Known(f[1], at, nodepool.OriginLiteral)}
		case len(f) == 3 && f[0] == "pool" && c != nil:
			c.Pools = append(c.Pools, &nodepool.Pool{ID: f[1], Pos: at, Name: nodepool.Known(f[1], at, nodepool.OriginLiteral), VMSize: nodepool.Known(f[2], at, nodepool.OriginLiteral)})
		}
	}
	if c == nil {
		return parsers.Result{}
	}
	return parsers.Result{Clusters: []*nodepool.Cluster{c}}
}

// TestToyFormat: a format registered from its own package (here, this test
// file) is discovered, parsed, given the platform's defaults and checked by
// the scan with no other edit.
func TestToyFormat(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pools.toy"), "cluster demo\npool system Standard_D4s_v5\n")
	res := Load(context.Background(), Options{Paths: []string{dir}})
	if res.Files != 1 || len(res.Clusters) != 1 || len(res.Diags) != 0 {
		t.Fatalf("files %d, clusters %d, diags %+v", res.Files, len(res.Clusters), res.Diags)
	}
	c := res.Clusters[0]
	if c.Format != "toy" || len(c.Pools) != 1 || c.Pools[0].VMSize.Value != "Standard_D4s_v5" {
		t.Errorf("cluster %+v", c)
	}
	if p := c.Pools[0].Priority; p.Value != nodepool.PriorityRegular || p.Origin != nodepool.OriginDefault {
		t.Errorf("the scan must apply the platform's defaults: priority %+v", p)
	}
}

// builtIn lists the registered formats of poollint's own parsers (this
// test's toy format left out).
func builtIn(t *testing.T) []parsers.Registration {
	var out []parsers.Registration
	for _, r := range parsers.Registrations() {
		if strings.HasPrefix(reflect.TypeOf(r.Parser).PkgPath(), "github.com/poollint/poollint/parsers/") {
			out = append(out, r)
		}
	}
	if len(out) < 4 {
		t.Fatalf("only %d formats registered: is scan/formats.go complete?", len(out))
	}
	return out
}

// TestPreCommitFilesCoverRegistry: the pre-commit hook's files: pattern
// matches every extension a registered parser reads.
func TestPreCommitFilesCoverRegistry(t *testing.T) {
	data, err := os.ReadFile("../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*files:\s*(\S+)\s*$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no files: pattern in .pre-commit-hooks.yaml")
	}
	files, err := regexp.Compile(string(m[1]))
	if err != nil {
		t.Fatalf("files: pattern: %v", err)
	}
	for _, r := range builtIn(t) {
		for _, ext := range r.Parser.Extensions() {
			if !files.MatchString("dir/name" + ext) {
				t.Errorf(".pre-commit-hooks.yaml files: %s misses %s, read by the %s parser", m[1], ext, r.Parser.Name())
			}
		}
	}
}

// TestFuzzTargetsCoverRegistry: .ci/fuzz fuzzes every registered parser's
// package.
func TestFuzzTargetsCoverRegistry(t *testing.T) {
	data, err := os.ReadFile("../.ci/fuzz")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range builtIn(t) {
		pkg := "./" + strings.TrimPrefix(reflect.TypeOf(r.Parser).PkgPath(), "github.com/poollint/poollint/")
		if !regexp.MustCompile(`"` + regexp.QuoteMeta(pkg) + ` Fuzz\w+ \d+"`).Match(data) {
			t.Errorf(".ci/fuzz has no target in %s (the %s parser)", pkg, r.Parser.Name())
		}
	}
}

// TestNamedParamFileBringsTemplate: a parameter file named on the command
// line (a pre-commit hook's staged file) brings the template it needs
// (parsers.Companioned, Needed), unless the scan is limited to the files
// listed; a named Terraform or YAML file brings nothing more.
func TestNamedParamFileBringsTemplate(t *testing.T) {
	res := Load(context.Background(), Options{Paths: []string{"../fixtures/arm/variants/aks.parameters.prod.json"}})
	// The template is read with each of its variants (dev and prod).
	if res.Files != 1 || len(res.Clusters) != 2 || res.Clusters[0].Pos.File != "../fixtures/arm/variants/aks.json" {
		t.Errorf("files %d, clusters %d, diags %+v", res.Files, len(res.Clusters), res.Diags)
	}
	res = Load(context.Background(), Options{Paths: []string{"../fixtures/arm/variants/aks.parameters.prod.json"}, OnlyListed: true})
	if res.Files != 0 || len(res.Clusters) != 0 {
		t.Errorf("only listed: files %d, clusters %d", res.Files, len(res.Clusters))
	}
}
