package scan

import (
	"context"
	"os"
	"testing"
)

// TestFingerprintsUnique: no two results share a fingerprint, over the
// fixtures and over the shared corpus (where one module reached from
// several callers, or one Bicep module from several e2e tests, gave 9 of
// 143 SARIF results another's fingerprint).
func TestFingerprintsUnique(t *testing.T) {
	paths := map[string][]string{"fixtures": {"../fixtures"}}
	if _, err := os.Stat(corpusDir + "/MANIFEST.tsv"); err == nil {
		paths["corpus"] = []string{corpusDir}
	}
	engine := newEngine(t)
	for name, p := range paths {
		t.Run(name, func(t *testing.T) {
			res := Run(context.Background(), engine, Options{Paths: p})
			if len(res.Findings) < 50 {
				t.Fatalf("only %d findings", len(res.Findings))
			}
			seen := map[string]int{}
			for i, f := range res.Findings {
				fp := f.Fingerprint()
				if j, ok := seen[fp]; ok {
					g := res.Findings[j]
					t.Errorf("fingerprint %s shared:\n  %s %s (via %v)\n  %s %s (via %v)", fp, g.Pos, g.Message, g.Related, f.Pos, f.Message, f.Related)
				}
				seen[fp] = i
			}
		})
	}
}
