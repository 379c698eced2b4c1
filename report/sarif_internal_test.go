package report

import "testing"

// TestDocsRef: a release's SARIF links each rule's doc at its tag; a
// development build (or a Go pseudo-version) links main.
func TestDocsRef(t *testing.T) {
	for v, want := range map[string]string{
		"v0.1.0":                               "v0.1.0",
		"v1.2.3-rc.1":                          "v1.2.3-rc.1",
		"dev":                                  "main",
		"v0.1.1-0.20261202120000-abcdef123456": "main",
		"v0.1.0+dirty":                         "main",
	} {
		if got := docsRef(v); got != want {
			t.Errorf("docsRef(%q) = %q, want %q", v, got, want)
		}
	}
}
