package scan

import (
	"context"
	"sort"
	"strings"
	"testing"
)

// TestRuleFormatMatrix shows which rule fires in which input format over
// the fixtures, and requires each headline rule in every format that can
// express its mistake. Run with -v to print the matrix.
func TestRuleFormatMatrix(t *testing.T) {
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{"../fixtures/arm", "../fixtures/terraform", "../fixtures/yaml"}})
	seen := map[string]map[string]bool{}
	formats := map[string]bool{}
	for _, f := range res.Findings {
		if seen[f.RuleID] == nil {
			seen[f.RuleID] = map[string]bool{}
		}
		seen[f.RuleID][f.Format] = true
		formats[f.Format] = true
	}
	want := map[string][]string{
		// a reserved label: every format has node labels
		"PL002": {"arm", "terraform", "terraform-plan", "eksctl", "karpenter", "cluster-api", "aso", "cloudformation"},
		// Basic LB with several pools: the AKS formats that set the SKU
		"PL001": {"arm", "terraform", "terraform-plan", "cluster-api", "aso"},
		// Spot System pool: AKS formats with per-pool mode and priority
		"PL004": {"arm", "terraform", "terraform-plan", "cluster-api", "aso"},
		// Spot first pool: formats whose first pool can be Spot (Terraform's
		// default_node_pool has no priority)
		"PL003": {"arm", "aso"},
		// the catalogue fixtures (fixtures/*/catalogue*)
		"PL005": {"arm", "aso"},
		"PL006": {"arm", "terraform", "terraform-plan", "aso", "cluster-api"},
		"PL007": {"arm", "terraform", "eksctl", "cloudformation", "cluster-api", "aso"},
		"PL008": {"arm", "terraform", "aso", "cluster-api"},
		"PL009": {"arm", "aso", "terraform"},
		"PL010": {"arm", "terraform", "aso"},
		"PL011": {"arm", "aso", "terraform"},
		"PL012": {"arm", "terraform", "aso", "cluster-api"},
		"PL013": {"arm", "terraform", "aso", "cluster-api"},
		"PL014": {"arm", "terraform", "eksctl", "aso", "cluster-api", "cloudformation"},
		"PL015": {"arm", "cluster-api", "terraform", "aso"},
		"PL016": {"arm", "terraform", "karpenter", "eksctl", "cloudformation", "aso", "cluster-api"},
		"PL017": {"arm", "terraform", "eksctl", "aso", "cluster-api", "cloudformation", "karpenter"},
		"PL018": {"arm", "terraform", "aso", "cluster-api"},
		"PL019": {"arm", "terraform", "aso"},
		"PL020": {"arm", "terraform", "terraform-plan", "cluster-api", "aso"},
		"PL021": {"arm", "terraform", "eksctl", "cluster-api", "aso"},
		"PL022": {"arm", "terraform"},
		"PL023": {"arm", "terraform", "eksctl", "aso", "cloudformation", "cluster-api"},
		"PL024": {"arm", "terraform", "cluster-api", "aso"},
		"PL025": {"arm", "terraform", "aso", "cluster-api"},
		"PL027": {"terraform", "eksctl", "cloudformation"},
		"PL028": {"terraform", "karpenter", "cloudformation"},
		"PL029": {"terraform", "cloudformation"},
		"PL030": {"karpenter"},
		"PL031": {"karpenter"},
		"PL032": {"arm", "cluster-api", "aso", "terraform"},
		// the validators' ports (fixtures/yaml/validators.yaml, karpenter.yaml)
		"PL101": {"eksctl"},
		"PL102": {"karpenter"},
		"PL026": {"eksctl"},
	}
	for rule, fs := range want {
		for _, f := range fs {
			if !seen[rule][f] {
				t.Errorf("%s does not fire on any %s fixture", rule, f)
			}
		}
	}
	// Every format of the registry has a column: a new format needs fixtures
	// here, and its rules in want.
	for _, r := range builtIn(t) {
		for _, f := range r.Formats {
			if !formats[string(f)] {
				t.Errorf("format %s (the %s parser) has no finding in the fixtures scanned here", f, r.Parser.Name())
			}
		}
	}
	var cols []string
	for f := range formats {
		cols = append(cols, f)
	}
	sort.Strings(cols)
	var rows []string
	for rule := range seen {
		rows = append(rows, rule)
	}
	sort.Strings(rows)
	var b strings.Builder
	b.WriteString("rule   " + strings.Join(cols, " ") + "\n")
	for _, r := range rows {
		b.WriteString(r + "  ")
		for _, c := range cols {
			mark := "-"
			if seen[r][c] {
				mark = "x"
			}
			b.WriteString(" " + mark + strings.Repeat(" ", len(c)-1))
		}
		b.WriteString("\n")
	}
	t.Logf("findings by rule and format:\n%s", b.String())
}
