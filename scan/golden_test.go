package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden model files under fixtures/")

// TestGoldenModels compares the model of every ARM fixture with its golden
// file fixtures/arm/<name>.model.golden, which is what `poollint model`
// prints. Regenerate after an intended change with:
//
//	go test ./scan -run GoldenModels -update
func TestGoldenModels(t *testing.T) {
	files, err := filepath.Glob("../fixtures/arm/*.json")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("../fixtures/arm/*/*.json")
	for _, f := range append(files, more...) {
		if strings.Contains(filepath.Base(f), ".parameters.") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := Load(context.Background(), Options{Paths: []string{f}})
			checkGolden(t, strings.TrimSuffix(f, ".json")+".model.golden", res.Clusters)
		})
	}
}

func checkGolden(t *testing.T, golden string, clusters any) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"clusters": clusters}); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("model differs from %s:\n%s", golden, firstDiff(string(want), b.String()))
	}
}

// firstDiff shows the first differing line with some context.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return ""
}

// TestGoldenTerraformModels does the same for each Terraform fixture
// directory: fixtures/terraform/<dir>/model.golden.
func TestGoldenTerraformModels(t *testing.T) {
	dirs, _ := filepath.Glob("../fixtures/terraform/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := Load(context.Background(), Options{Paths: []string{dir}})
			checkGolden(t, filepath.Join(dir, "model.golden"), res.Clusters)
		})
	}
}

// TestGoldenYAMLModels: fixtures/yaml/<name>.model.golden for each file and
// fixtures/yaml/<dir>/model.golden for each directory (files that link).
func TestGoldenYAMLModels(t *testing.T) {
	files, _ := filepath.Glob("../fixtures/yaml/*.yaml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := Load(context.Background(), Options{Paths: []string{f}})
			checkGolden(t, strings.TrimSuffix(f, ".yaml")+".model.golden", res.Clusters)
		})
	}
	dirs, _ := filepath.Glob("../fixtures/yaml/*")
	for _, d := range dirs {
		if info, err := os.Stat(d); err != nil || !info.IsDir() {
			continue
		}
		t.Run(filepath.Base(d), func(t *testing.T) {
			res := Load(context.Background(), Options{Paths: []string{d}})
			checkGolden(t, filepath.Join(d, "model.golden"), res.Clusters)
		})
	}
}

// TestGoldenBicepModels pins the model of each fixtures/bicep directory as
// poollint's own translation reads it (no Bicep CLI on PATH, so the result
// does not depend on the machine).
func TestGoldenBicepModels(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dirs, err := filepath.Glob("../fixtures/bicep/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no Bicep fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := Load(context.Background(), Options{Paths: []string{dir}})
			if len(res.Clusters) == 0 {
				t.Fatal("no clusters")
			}
			checkGolden(t, filepath.Join(dir, "model.golden"), res.Clusters)
		})
	}
}
