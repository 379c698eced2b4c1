package rules

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// docHosts are the hosts a rule's links may point at: the platforms' own
// documentation.
var docHosts = map[string]bool{
	"learn.microsoft.com":         true, // AKS docs, AKS REST API, ARM/Bicep template reference
	"registry.terraform.io":       true, // azurerm and aws provider docs
	"docs.aws.amazon.com":         true, // EKS user guide, EKS API, CloudFormation
	"eksctl.io":                   true,
	"karpenter.sh":                true,
	"cluster-api.sigs.k8s.io":     true,
	"capz.sigs.k8s.io":            true,
	"cluster-api-aws.sigs.k8s.io": true,
	"kubernetes.io":               true,
}

// TestRulesHaveFixAndLinks: every built-in rule (Go, Rego, preset and
// change rules) says how to fix its finding and links the platform's
// documentation, on an https URL of a known documentation host; the fix is
// said once, in Fix, not again in Doc.
func TestRulesHaveFixAndLinks(t *testing.T) {
	e, err := NewEngineWith(context.Background(), Options{Presets: Presets()})
	if err != nil {
		t.Fatal(err)
	}
	rs := e.Rules()
	if len(rs) < 56 {
		t.Fatalf("%d rules, want all 56", len(rs))
	}
	for _, r := range rs {
		if strings.TrimSpace(r.Fix) == "" {
			t.Errorf("%s has no Fix", r.ID)
		}
		if strings.Contains(strings.ToLower(r.Doc), "how to fix") {
			t.Errorf("%s: Doc still says how to fix; move it to Fix", r.ID)
		}
		if len(r.Links) == 0 {
			t.Errorf("%s has no Links", r.ID)
		}
		seen := map[string]bool{}
		for _, l := range r.Links {
			u, err := url.Parse(l.URL)
			if err != nil || u.Scheme != "https" || !docHosts[u.Host] || checkLink(l.Title, l.URL) != nil {
				t.Errorf("%s: link %q %q is not an https URL on a documentation host", r.ID, l.Title, l.URL)
			}
			if seen[l.URL] {
				t.Errorf("%s: link %s twice", r.ID, l.URL)
			}
			seen[l.URL] = true
		}
	}
}

// TestMarkdownFixSections: a rule's page has "How to fix" and "Links" after
// its doc; a rule with neither (a user's policy) has no empty headings.
func TestMarkdownFixSections(t *testing.T) {
	r := &Rule{ID: "T001", Name: "t", Summary: "S", Doc: "Doc.", Severity: Note, Source: "go",
		Fix: "Do this.", Links: []Link{{Title: "Page", URL: "https://kubernetes.io/docs/"}}}
	got := Markdown(r)
	want := "Doc.\n\n## How to fix\n\nDo this.\n\n## Links\n\n- [Page](https://kubernetes.io/docs/)\n\n<!-- Generated"
	if !strings.Contains(got, want) {
		t.Errorf("Markdown:\n%s\nwant it to contain:\n%s", got, want)
	}
	r.Fix, r.Links = "", nil
	if got := Markdown(r); strings.Contains(got, "##") || !strings.Contains(got, "Doc.\n\n<!-- Generated") {
		t.Errorf("Markdown without fix:\n%s", got)
	}
}

// TestRegoFixMetadata: a Rego rule's METADATA custom.fix and custom.links
// become its Fix and Links; a link that is not {title, https url} is an
// error naming the file.
func TestRegoFixMetadata(t *testing.T) {
	const meta = `# METADATA
# title: test rule
# custom:
#   id: T001
#   name: test-rule
#   severity: note
`
	const deny = "package user.t\n\ndeny contains \"x\" if { false }\n"
	dir := writePolicy(t, "t.rego", meta+`#   fix: |-
#     Set x to 1.
#   links:
#     - title: Taints and tolerations
#       url: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
`+deny)
	e, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	r := e.Rule("T001")
	if r == nil || r.Fix != "Set x to 1." || len(r.Links) != 1 || r.Links[0].Title != "Taints and tolerations" ||
		r.Links[0].URL != "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/" {
		t.Fatalf("T001 = %+v", r)
	}
	for _, c := range []struct{ custom, want string }{
		{"#   fix: [a]\n", "custom.fix must be a string"},
		{"#   links: https://kubernetes.io/\n", "custom.links must be a list"},
		{"#   links:\n#     - title: x\n#       url: javascript:alert(1)\n", `custom.links[0]: url "javascript:alert(1)" must be an https URL`},
		{"#   links:\n#     - title: x\n#       url: http://kubernetes.io/\n", "must be an https URL"},
		{"#   links:\n#     - url: https://kubernetes.io/\n", `custom.links[0]: title "" must be one line`},
		{"#   links:\n#     - title: \"a](https://evil.example) [b\"\n#       url: https://kubernetes.io/\n", "without brackets"},
		{"#   links:\n#     - title: x\n#       url: \"https://kubernetes.io/)[x](https://evil.example\"\n", "must be an https URL"},
	} {
		dir := writePolicy(t, "bad.rego", meta+c.custom+deny)
		_, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}})
		if err == nil || !strings.Contains(err.Error(), "bad.rego: METADATA ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.custom, err, c.want)
		}
	}
}
