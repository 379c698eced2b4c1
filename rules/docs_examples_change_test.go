package rules

import (
	"strings"
	"testing"
)

// TestChangeExamplesMarkdown: a change rule's page shows its examples as
// the two sides of a change, Before then After, want annotations stripped,
// and the formats that cannot express it.
func TestChangeExamplesMarkdown(t *testing.T) {
	md := examplesMarkdown("PL402")
	before := strings.Index(md, "\nBefore (`main.tf`):\n\n```hcl\n")
	after := strings.Index(md, "\nAfter (`main.tf`):\n\n```hcl\n")
	switch {
	case !strings.Contains(md, "### Terraform (aws)"):
		t.Errorf("no Terraform (aws) example:\n%s", md)
	case before < 0 || after < before:
		t.Errorf("want Before then After:\n%s", md)
	case strings.Contains(md, "Bad (") || strings.Contains(md, "Good ("):
		t.Errorf("a change example is not bad/good:\n%s", md)
	case strings.Contains(md, "want PL"):
		t.Errorf("want annotations shown:\n%s", md)
	}
	if md := examplesMarkdown("PL401"); !strings.Contains(md, "- Not expressible in Terraform (aws): ") {
		t.Errorf("PL401's page does not say why Terraform (aws) has no example:\n%s", md)
	}
}
