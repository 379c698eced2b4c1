package terraform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// TestModuleParsedOncePerScan: a module called from two root modules with
// different arguments is parsed once in a scan (parsers.Options.Parsed),
// and each call still evaluates the shared body with its own variables.
func TestModuleParsedOncePerScan(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"mod/main.tf": `variable "size" {}
variable "name" {}
resource "azurerm_kubernetes_cluster" "c" {
  name = var.name
  default_node_pool {
    name    = "system"
    vm_size = upper(var.size)
  }
}
`,
		"a/main.tf": "module \"m\" {\n  source = \"../mod\"\n  size = \"standard_d4s_v5\"\n  name = \"a\"\n}\n",
		"b/main.tf": "module \"m\" {\n  source = \"../mod\"\n  size = \"standard_e8s_v5\"\n  name = \"b\"\n}\n",
	})
	opts := &parsers.Options{Roots: []string{dir}}
	got := map[string]string{}
	for _, root := range []string{"a", "b"} {
		path := filepath.Join(dir, root, "main.tf")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: opts})
		for _, c := range res.Clusters {
			if len(c.CallSites) > 0 && len(c.Pools) == 1 {
				got[c.Name.Value] = c.Pools[0].VMSize.Value
			}
		}
	}
	if got["a"] != "STANDARD_D4S_V5" || got["b"] != "STANDARD_E8S_V5" || len(got) != 2 {
		t.Errorf("each call must evaluate with its own arguments: %v", got)
	}
	st := opts.ParseStats()
	if st.Files != 3 || st.Parses != 3 || st.Requests != 4 {
		t.Errorf("parse counts %+v, want 3 files parsed once each (the module requested twice)", st)
	}
}

// TestCalledRootParsedOnce: a directory scanned as a root module before
// another scanned directory calls it as a module is parsed once: its
// parse is kept because the scan's files show the call (Options.Files).
// Without the scan's file list (library use), it is parsed again.
func TestCalledRootParsedOnce(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"mod/main.tf": "variable \"name\" {\n  default = \"m\"\n}\nresource \"azurerm_kubernetes_cluster\" \"c\" {\n  name = var.name\n  default_node_pool {\n    name    = \"system\"\n    vm_size = \"Standard_D4s_v5\"\n  }\n}\n",
		"app/main.tf": "module \"m\" {\n  source = \"../mod\"\n  name = \"a\"\n}\n",
	})
	files := []string{filepath.Join(dir, "mod", "main.tf"), filepath.Join(dir, "app", "main.tf")}
	for _, tc := range []struct {
		files  []string
		parses int
	}{{files, 2}, {nil, 3}} {
		opts := &parsers.Options{Roots: []string{dir}, Files: tc.files}
		for _, path := range files { // the module first, as a root
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: opts})
		}
		if st := opts.ParseStats(); st.Files != 2 || st.Parses != tc.parses {
			t.Errorf("files %v: parse counts %+v, want %d parses of 2 files", tc.files != nil, st, tc.parses)
		}
	}
}
