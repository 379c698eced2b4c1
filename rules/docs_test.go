package rules

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestDocsUpToDate fails when docs/rules drifts from the rules' metadata.
// Regenerate with: go run ./cmd/poollint rules --docs docs/rules
func TestDocsUpToDate(t *testing.T) {
	e, err := NewEngineWith(context.Background(), Options{Presets: Presets()})
	if err != nil {
		t.Fatal(err)
	}
	want := DocFiles(e.Rules())
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join("../docs/rules", name))
		if err != nil || string(got) != content {
			t.Errorf("docs/rules/%s is out of date; run: go run ./cmd/poollint rules --docs docs/rules", name)
		}
	}
	entries, err := os.ReadDir("../docs/rules")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("docs/rules/%s documents no rule", e.Name())
		}
	}
}
