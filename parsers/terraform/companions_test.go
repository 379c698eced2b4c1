package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// sourceLine is the regular expression localSources stands for.
var sourceLine = regexp.MustCompile(`(?m)^\s*source\s*=\s*"(\.\.?/[^"]*)"`)

func regexSources(data []byte) []string {
	var out []string
	for _, m := range sourceLine.FindAllSubmatch(data, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

func scanSources(data []byte) []string {
	var out []string
	for _, s := range localSources(data) {
		out = append(out, string(s))
	}
	return out
}

// TestLocalSources: the byte scan finds what the regular expression finds,
// on cases at its edges and on every .tf file of the fixtures and the
// shared corpus (which must give some).
func TestLocalSources(t *testing.T) {
	for _, src := range []string{
		"module \"a\" {\n  source = \"./a\"\n}\n",
		"source=\"../b\"",
		"  \n\t source \n =\n \"./c\"",
		"resource = \"./d\"",
		"x source = \"./e\"",
		"source = \"modules/f\"",
		"source = \"./g",
		"source = \"./h\" source = \"./i\"\nsource = \"../j\"",
		"source = \"./k\"\r\n  source = \"../l\"",
		"source = \"./m\\\"n\"",
		"sources = \"./o\"",
		"source = \".../p\"",
		"source = \"./q # source = \"./r\"\n",
		"", "source", "source =", "\nsource = \"",
	} {
		if got, want := scanSources([]byte(src)), regexSources([]byte(src)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
	found := 0
	for _, root := range []string{"../../fixtures", "../../../shared/corpus"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".tf" {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			got, want := scanSources(data), regexSources(data)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: got %q, want %q", p, got, want)
			}
			found += len(got)
			return nil
		})
	}
	if found == 0 {
		t.Error("no local module source found in the fixtures")
	}
}

func BenchmarkLocalSources(b *testing.B) {
	data, err := os.ReadFile("../../../shared/corpus/terraform-aws-modules__terraform-aws-eks/main.tf")
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		localSources(data)
	}
}
