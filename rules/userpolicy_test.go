package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poollint/poollint/nodepool"
)

func writePolicy(t *testing.T, name, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const header = `# METADATA
# title: test rule
# custom:
#   id: T001
#   name: test-rule
#   severity: note
package user.t
`

func TestUserPolicy(t *testing.T) {
	e, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{"../fixtures/policies/team-label"}})
	if err != nil {
		t.Fatal(err)
	}
	r := e.Rule("ACME001")
	if r == nil || r.Severity != Warning || r.Name != "pool-team-label" || !strings.Contains(r.Doc, "cost reports") {
		t.Fatalf("rule %+v", r)
	}
	c := &nodepool.Cluster{Provider: nodepool.AWS, ID: "c", Name: known("prod", 1), Pools: []*nodepool.Pool{
		{ID: "p1", Name: known("a", 2), Pos: nodepool.Pos{File: "m.yaml", Line: 2, Col: 3}, Labels: known([]nodepool.Label{}, 2)},
		{ID: "p2", Name: known("b", 5), Pos: nodepool.Pos{File: "m.yaml", Line: 5, Col: 3}, Labels: known([]nodepool.Label{{Key: "team"}}, 5)},
		{ID: "p3", Name: known("c", 8), Pos: nodepool.Pos{File: "m.yaml", Line: 8, Col: 3}}, // labels unset: unknown to the policy, no finding
	}}
	fs, errs := e.Check(context.Background(), c)
	var got []string
	for _, f := range fs {
		if f.RuleID == "ACME001" {
			got = append(got, f.Pos.String()+" "+f.Pool+" "+f.Severity.String())
		}
	}
	if len(errs) != 0 || len(got) != 1 || got[0] != "m.yaml:2:3 a warning" {
		t.Errorf("findings %q errs %v", got, errs)
	}
}

func TestSandbox(t *testing.T) {
	for _, call := range []string{`http.send({"method": "get", "url": "http://x"})`, `net.lookup_ip_addr("example.com")`, `opa.runtime()`} {
		dir := writePolicy(t, "bad.rego", header+"\ndeny contains x if {\n\tx := "+call+"\n}\n")
		_, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}})
		if err == nil || !strings.Contains(err.Error(), "bad.rego:10") {
			t.Errorf("%s: error %v, want a compile error at bad.rego:10", call, err)
		}
	}
}

// TestCatalogData: policies read the VM and EC2 tables as
// data.poollint.catalog.
func TestCatalogData(t *testing.T) {
	dir := writePolicy(t, "cat.rego", header+`
deny contains msg if {
	some pool in input.pools
	size := data.poollint.catalog.azure_vm_sizes[lower(pool.vmSize.value)]
	size.vcpus < 2
	msg := sprintf("%s has %v vCPU", [size.name, size.vcpus])
}

deny contains msg if {
	data.poollint.catalog.eks_max_pods["a1.medium"] == 8
	msg := "eks table"
}
`)
	e, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}, Only: []string{"T001"}})
	if err != nil {
		t.Fatal(err)
	}
	c := &nodepool.Cluster{Provider: nodepool.Azure, ID: "c", Pools: []*nodepool.Pool{{ID: "p", VMSize: known("Standard_DS1_v2", 2)}}}
	fs, errs := e.Check(context.Background(), c)
	var got []string
	for _, f := range fs {
		got = append(got, f.Message)
	}
	if len(errs) != 0 || strings.Join(got, "|") != "Standard_DS1_v2 has 1 vCPU|eks table" {
		t.Errorf("findings %q errs %v", got, errs)
	}
}

func TestEvalTimeout(t *testing.T) {
	dir := writePolicy(t, "slow.rego", header+"\ndeny contains \"slow\" if {\n\tcount([x | some x in numbers.range(1, 100000000)]) > 0\n}\n")
	e, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}, EvalTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, errs := e.Check(context.Background(), &nodepool.Cluster{ID: "c"})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "T001") {
		t.Errorf("errs %v", errs)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("the time limit did not stop the policy")
	}
}

func TestDuplicateRuleID(t *testing.T) {
	dir := writePolicy(t, "dup.rego", strings.Replace(header, "T001", "PL001", 1)+"\ndeny contains \"x\" if { false }\n")
	_, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "PL001 is declared twice") {
		t.Errorf("error %v", err)
	}
}

func TestPolicyTests(t *testing.T) {
	res, err := TestPolicies(context.Background(), []string{"../fixtures/policies/team-label"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !res[0].Passed || !res[1].Passed || !strings.HasPrefix(res[0].Name, "acme.team_label_test.") {
		t.Errorf("results %+v", res)
	}
	dir := writePolicy(t, "x_test.rego", "package user.x_test\n\ntest_fails if {\n\t1 == 2\n}\n")
	res, err = TestPolicies(context.Background(), []string{dir})
	if err != nil || len(res) != 1 || res[0].Passed {
		t.Errorf("a failing test must fail: %+v %v", res, err)
	}
}

// TestRulePanicIsRecovered: a rule that panics is reported with its ID and
// the other rules still run.
func TestRulePanicIsRecovered(t *testing.T) {
	e, err := NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	boom := &Rule{ID: "X999", Name: "boom", Severity: Error, Check: func(*Pass) { panic("kaboom") }}
	e.rules = append(e.rules, boom)
	c := &nodepool.Cluster{Provider: nodepool.Azure, ID: "c", Name: known("prod", 1), LoadBalancerSKU: known("basic", 2),
		Pools: []*nodepool.Pool{{ID: "a"}, {ID: "b"}}}
	fs, errs := e.Check(context.Background(), c)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "rule X999 panicked: kaboom") {
		t.Errorf("errs %v", errs)
	}
	ran := map[string]bool{}
	for _, f := range fs {
		ran[f.RuleID] = true
	}
	if !ran["PL001"] || !ran["PL020"] {
		t.Errorf("the other rules must still run: %+v", fs)
	}
}
