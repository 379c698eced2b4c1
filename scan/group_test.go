package scan

import (
	"reflect"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// TestGroupFiles: the configuration files of a Terraform directory are one
// task at the place of the first, in path order; a plan, a Terragrunt file
// and files of other formats are tasks of their own.
func TestGroupFiles(t *testing.T) {
	files := []string{
		"aks/main.tf",             // 0
		"aks/nodes.yaml",          // 1
		"aks/sub/main.tf",         // 2
		"aks/terraform.tfvars",    // 3
		"aks/variables.tf.json",   // 4
		"aks/plan.json",           // 5
		"aks/terragrunt.hcl",      // 6
		"eks/main.tf",             // 7
		"eks/sub/../variables.tf", // 8: the directory eks, however written
	}
	got := groupFiles(files, parsers.Registered())
	want := [][]int{{0, 3, 4}, {1}, {2}, {5}, {6}, {7, 8}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
