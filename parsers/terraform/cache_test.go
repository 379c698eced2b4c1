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
