package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
)

const secret = "c2VjcmV0LXJlZ2lzdHJ5LXRva2Vu" // what must never come out

// attackerRepo lays out a scan root (repo) beside files of the machine
// that must stay unread (outside): a docker-config-shaped variables file,
// and a module whose cluster carries the secret in its name.
func attackerRepo(t *testing.T) (repo, outside string, opts *parsers.Options) {
	t.Helper()
	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	repo, outside = filepath.Join(tmp, "repo"), filepath.Join(tmp, "outside")
	writeFiles(t, outside, map[string]string{
		"config.tfvars": `auths = { "ghcr.io" = { auth = "` + secret + `" } }` + "\n",
		"mod/main.tf": `resource "azurerm_kubernetes_cluster" "leak" {
  name = "` + secret + `"
  default_node_pool {
    name    = "` + secret + `"
    vm_size = "` + secret + `"
  }
}
`,
	})
	writeFiles(t, repo, map[string]string{"main.tf": `variable "auths" {}
resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name    = "system"
    vm_size = try(var.auths["ghcr.io"].auth, "x")
  }
}
`})
	return repo, outside, &parsers.Options{Roots: []string{repo}}
}

// leaks reports whether the secret appears anywhere in a result.
func leaks(t *testing.T, res parsers.Result) bool {
	t.Helper()
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(data), secret)
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links unavailable: %v", err)
	}
}

// TestVarFileOutsideRoot is the headline leak: a variables file named by
// the configuration (a docker config of the runner) is refused, and the
// token it holds is in no value and no diagnostic. The same file named on
// the command line is read: the test would see a leak.
func TestVarFileOutsideRoot(t *testing.T) {
	repo, outside, opts := attackerRepo(t)
	varFile := filepath.Join(outside, "config.tfvars")
	opts.DirVarFiles = map[string][]string{repo: {varFile}}
	res := parseDir(t, repo, opts)
	if leaks(t, res) {
		t.Fatalf("the secret leaked: %+v", res)
	}
	errs := errorsOf(res, repo)
	if len(errs) != 1 || !strings.Contains(errs[0], "refused to read") || !strings.Contains(errs[0], "outside the scanned root") {
		t.Errorf("errors %q, want the variables file refused", errs)
	}
	if p := pools(res)["system"]; p == nil || p.VMSize.Known {
		t.Errorf("pool %+v, want vm_size unknown", p)
	}

	trusted := &parsers.Options{Roots: []string{repo}, VarFiles: []string{varFile}, Trusted: []string{varFile}}
	res = parseDir(t, repo, trusted)
	if p := pools(res)["system"]; p == nil || p.VMSize.Value != secret {
		t.Errorf("a -var-file of the command line is not read: %+v", p)
	}
}

// TestSymlinksOutsideRoot: committed symbolic links out of the root (a
// variables file, a configuration file, a module directory) are refused
// without saying where they point or what they hold.
func TestSymlinksOutsideRoot(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, repo, outside string)
		want  string
	}{
		{"auto tfvars", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "config.tfvars"), filepath.Join(repo, "x.auto.tfvars"))
		}, "x.auto.tfvars"},
		{"terraform.tfvars", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "config.tfvars"), filepath.Join(repo, "terraform.tfvars"))
		}, "terraform.tfvars"},
		{"tf file", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "mod", "main.tf"), filepath.Join(repo, "leak.tf"))
		}, "leak.tf"},
		{"module directory", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "mod"), filepath.Join(repo, "mod"))
			writeFiles(t, repo, map[string]string{"call.tf": "module \"m\" {\n  source = \"./mod\"\n}\n"})
		}, `skipped module "m": source "./mod" leaves the scanned root`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo, outside, opts := attackerRepo(t)
			tc.setup(t, repo, outside)
			res := parseDir(t, repo, opts)
			if leaks(t, res) {
				t.Fatalf("the secret leaked: %+v", res)
			}
			found := false
			for _, d := range res.Diags {
				if strings.Contains(d.Message, outside) {
					t.Errorf("diagnostic names the target: %s", d.Message)
				}
				found = found || strings.Contains(d.Message, tc.want)
			}
			if !found {
				t.Errorf("diagnostics %+v, want one about %s", res.Diags, tc.want)
			}
			if len(res.Clusters) != 1 || res.Clusters[0].ID != "azurerm_kubernetes_cluster.c" {
				t.Errorf("clusters %+v, want the repository's only", res.Clusters)
			}
		})
	}
}

// TestModulesOutsideRoot: a module source, or an installed module's
// directory in a committed .terraform/modules/modules.json, that leaves the
// root is refused with a note: nothing is read, its pools are not checked.
func TestModulesOutsideRoot(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files func(outside string) map[string]string
		want  string
	}{
		{"relative source", func(string) map[string]string {
			return map[string]string{"call.tf": "module \"m\" {\n  source = \"../outside/mod\"\n}\n"}
		}, `skipped module "m": source "../outside/mod" leaves the scanned root`},
		{"modules.json relative", func(string) map[string]string {
			return map[string]string{
				"call.tf":                         "module \"m\" {\n  source = \"registry.example/m/azurerm\"\n}\n",
				".terraform/modules/modules.json": `{"Modules":[{"Key":"m","Source":"registry.example/m/azurerm","Dir":"../outside/mod"}]}`,
			}
		}, `skipped module "m": its directory in .terraform/modules/modules.json leaves the scanned root`},
		{"modules.json absolute", func(outside string) map[string]string {
			dir, _ := json.Marshal(filepath.Join(outside, "mod"))
			return map[string]string{
				"call.tf":                         "module \"m\" {\n  source = \"registry.example/m/azurerm\"\n}\n",
				".terraform/modules/modules.json": `{"Modules":[{"Key":"m","Source":"registry.example/m/azurerm","Dir":` + string(dir) + `}]}`,
			}
		}, `skipped module "m": its directory in .terraform/modules/modules.json leaves the scanned root`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo, outside, opts := attackerRepo(t)
			writeFiles(t, repo, tc.files(outside))
			res := parseDir(t, repo, opts)
			if leaks(t, res) {
				t.Fatalf("the secret leaked: %+v", res)
			}
			var notes []string
			for _, d := range res.Diags {
				if d.Level == parsers.LevelError {
					t.Errorf("error %s", d.Message)
				}
				notes = append(notes, d.Message)
			}
			if len(notes) != 1 || !strings.Contains(notes[0], tc.want) {
				t.Errorf("notes %q, want %q", notes, tc.want)
			}
			if len(res.Clusters) != 1 {
				t.Errorf("clusters %+v", res.Clusters)
			}
		})
	}
}

// TestModulesInsideRoot: modules inside the root are still read, through
// their source and through modules.json.
func TestModulesInsideRoot(t *testing.T) {
	repo, _, opts := attackerRepo(t)
	mod := `variable "name" {}
resource "azurerm_kubernetes_cluster" "k" {
  name = var.name
  default_node_pool {
    name    = "pool"
    vm_size = "Standard_D2s_v3"
  }
}
`
	writeFiles(t, repo, map[string]string{
		"modules/aks/main.tf":             mod,
		".terraform/modules/reg/main.tf":  mod,
		"call.tf":                         "module \"local\" {\n  source = \"./modules/aks\"\n  name = \"a\"\n}\nmodule \"reg\" {\n  source = \"registry.example/m/azurerm\"\n  name = \"b\"\n}\n",
		".terraform/modules/modules.json": `{"Modules":[{"Key":"reg","Source":"registry.example/m/azurerm","Dir":".terraform/modules/reg"}]}`,
	})
	res := parseDir(t, repo, opts)
	var names []string
	for _, c := range res.Clusters {
		names = append(names, c.Name.Value)
	}
	if strings.Join(names, ",") != "c,a,b" {
		t.Errorf("clusters %q, diagnostics %+v", names, res.Diags)
	}
}
