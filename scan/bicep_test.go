package scan

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestBicepBesideCompiled scans a directory with main.bicep, the main.json
// compiled from it and a main.bicepparam: the default deployment is kept
// once, and both it and the parameter file's deployment are reported
// against main.bicep.
func TestBicepBesideCompiled(t *testing.T) {
	res := Load(context.Background(), Options{Paths: []string{"../fixtures/arm/bicepparam"}})
	var got []string
	for _, c := range res.Clusters {
		got = append(got, fmt.Sprintf("%s %s %s:%d", c.Format, c.Name.Value, c.Pos.File, c.Pos.Line))
	}
	want := []string{
		"bicep bicep-aks ../fixtures/arm/bicepparam/main.bicep:8",
		"bicep prod-aks ../fixtures/arm/bicepparam/main.bicep:8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("clusters:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
