package rules

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/poollint/poollint/policies"
)

// TestBuiltinPolicies runs the OPA unit tests of the embedded Rego rules.
func TestBuiltinPolicies(t *testing.T) {
	modules := map[string]*ast.Module{}
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		modules[p] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := tester.NewRunner().SetModules(modules).Run(context.Background(), modules)
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for r := range ch {
		ran++
		if r.Error != nil || r.Fail {
			t.Errorf("%s.%s failed: %v", r.Package, r.Name, r.Error)
		}
	}
	if ran < 10 {
		t.Errorf("only %d Rego tests ran", ran)
	}
}

// TestRuleMetadata holds every rule to the catalogue's conventions.
func TestRuleMetadata(t *testing.T) {
	e, err := NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Rules()) < 4 {
		t.Fatalf("%d rules", len(e.Rules()))
	}
	names := map[string]bool{}
	for _, r := range e.Rules() {
		if len(r.ID) != 5 || !strings.HasPrefix(r.ID, "PL") {
			t.Errorf("%s: ID must be PLnnn", r.ID)
		}
		if r.Name != strings.ToLower(r.Name) || strings.ContainsAny(r.Name, " _") || names[r.Name] {
			t.Errorf("%s: name %q must be unique kebab-case", r.ID, r.Name)
		}
		names[r.Name] = true
		if r.Summary == "" || strings.Contains(r.Summary, "\n") || len(r.Doc) < 100 || r.Severity == 0 {
			t.Errorf("%s: needs a one-line summary, a long doc and a severity", r.ID)
		}
		n := 0
		for _, has := range []bool{r.Check != nil, r.CheckChange != nil, e.rego[r.ID] != nil} {
			if has {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: must have exactly one of a Go check, a change check or a Rego query", r.ID)
		}
	}
}
