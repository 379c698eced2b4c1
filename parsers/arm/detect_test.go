package arm

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestContainsFold: the case-blind search Detect uses agrees with
// lower-casing the text, on edge cases and on every JSON file of the
// fixtures and the shared corpus.
func TestContainsFold(t *testing.T) {
	needles := [][]byte{markTemplate, markCluster, markParams, []byte(`"template"`)}
	check := func(name string, data []byte) {
		t.Helper()
		for _, n := range needles {
			if got, want := containsFold(data, n), bytes.Contains(bytes.ToLower(data), n); got != want {
				t.Errorf("%s, %s: got %v, want %v", name, n, got, want)
			}
		}
	}
	for _, s := range []string{
		"", "d", "deploymentTemplate.jso", "xxDeploymentTemplate.JSON", "DEPLOYMENTTEMPLATE.JSON",
		"deploymenttemplatejson", `{"Template": 1}`, `"TEMPLATE`, "Microsoft.ContainerService/managedClusters@2024",
		"mmicrosoft.containerservice/managedclusters", "dEPLOYMENTpARAMETERS.json",
	} {
		check(s, []byte(s))
	}
	files := 0
	for _, root := range []string{"../../fixtures", "../../../shared/corpus"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
				return nil
			}
			data, err := os.ReadFile(p)
			if err == nil {
				files++
				check(p, data)
			}
			return nil
		})
	}
	if files == 0 {
		t.Error("no JSON file read")
	}
}
