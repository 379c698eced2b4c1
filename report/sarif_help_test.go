package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

// TestSARIFHelp: a rule's help in SARIF (what code scanning shows under
// "Rule help") carries its fix and links after the doc, in text and in
// Markdown; its helpUri is the doc at the release's tag.
func TestSARIFHelp(t *testing.T) {
	rule := &finding.Rule{ID: "PL900", Name: "toy", Summary: "Toy problem", Doc: "What and why.", Severity: finding.Warning,
		Fix:   "Set `toy` to 1.",
		Links: []finding.Link{{Title: "Toy docs", URL: "https://learn.microsoft.com/azure/aks/create-node-pools"}}}
	in := &Input{Version: "v0.1.0", Rules: []*finding.Rule{rule, {ID: "PL901", Name: "bare", Summary: "Bare", Doc: "Only a doc."}},
		Findings: []finding.Finding{{RuleID: "PL900", Severity: finding.Warning, Message: "m", Pos: nodepool.Pos{File: "a.tf", Line: 1}}}}
	var b bytes.Buffer
	if err := SARIF(&b, in); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID              string
						HelpURI         string `json:"helpUri"`
						FullDescription struct{ Text string }
						Help            struct{ Text, Markdown string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Tool.Driver.Rules
	if len(rs) != 2 {
		t.Fatalf("rules: %+v", rs)
	}
	want := []struct{ text, markdown, uri string }{
		{
			"What and why.\n\nHow to fix:\nSet `toy` to 1.\n\nLinks:\n- Toy docs: https://learn.microsoft.com/azure/aks/create-node-pools",
			"**Toy problem**\n\nWhat and why.\n\n## How to fix\n\nSet `toy` to 1.\n\n## Links\n\n- [Toy docs](https://learn.microsoft.com/azure/aks/create-node-pools)",
			"https://github.com/poollint/poollint/blob/v0.1.0/docs/rules/PL900.md",
		},
		{"Only a doc.", "**Bare**\n\nOnly a doc.", "https://github.com/poollint/poollint/blob/v0.1.0/docs/rules/PL901.md"},
	}
	for i, w := range want {
		r := rs[i]
		if r.Help.Text != w.text || r.Help.Markdown != w.markdown || r.HelpURI != w.uri {
			t.Errorf("%s: help text %q\nmarkdown %q\nhelpUri %q", r.ID, r.Help.Text, r.Help.Markdown, r.HelpURI)
		}
		if i == 0 && r.FullDescription.Text != "What and why." {
			t.Errorf("fullDescription %q", r.FullDescription.Text)
		}
	}
}
