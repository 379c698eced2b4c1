package catalog

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestLookups(t *testing.T) {
	v, ok := AzureVM("standard_ds11") // case-insensitive
	if !ok || v.Name != "Standard_DS11" || *v.VCPUs != 2 || *v.CacheGiB != 72 || *v.TempGiB != 28 || !*v.EphemeralOS || *v.AcceleratedNetwork {
		t.Errorf("Standard_DS11 = %+v", v)
	}
	if n, ok := EKSMaxPods("a1.medium"); !ok || n != 8 {
		t.Errorf("a1.medium max pods = %d, %v", n, ok)
	}
	if got := Closest("Standard_D4s_v9", AzureVMNames()); got == "" {
		t.Error("no suggestion for a near miss")
	}
	if got := Closest("m5.larg", EC2Types()); got != "m5.large" {
		t.Errorf("Closest(m5.larg) = %q", got)
	}
	if got := Closest("completely-different", EC2Types()); got != "" {
		t.Errorf("far names get no suggestion, got %q", got)
	}
}

// TestTablesUpToDate regenerates the tables from ../shared/data and fails
// when the embedded ones differ.
func TestTablesUpToDate(t *testing.T) {
	if _, err := os.Stat("../../shared/data/azure-vm-skus.json"); err != nil {
		t.Skipf("shared data not available: %v", err)
	}
	dir := t.TempDir()
	out, err := exec.Command("go", "run", "./gen", "-data", "../../shared/data", "-out", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	for _, name := range []string{"azure_vm_sizes.tsv", "eks_max_pods.tsv"} {
		want, _ := os.ReadFile(filepath.Join(dir, name))
		got, _ := os.ReadFile(name)
		if string(got) != string(want) {
			t.Errorf("%s is out of date: run go generate ./catalog", name)
		}
	}
}
