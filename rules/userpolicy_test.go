package rules

import (
	"context"
	"fmt"
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

// TestEvalTimeout: a slow user policy stops at its time limit, with an
// error naming it; it is not run again on the next clusters, so it costs
// its limit once per run, not once per cluster; the built-in rules still
// run.
func TestEvalTimeout(t *testing.T) {
	// 100^4 iterations: minutes, unless stopped.
	dir := writePolicy(t, "slow.rego", header+`
xs := [x | some x in [0,1,2,3,4,5,6,7,8,9]]
hundred := [y | some a in xs; some b in xs; y := (10 * a) + b]

deny contains "slow" if {
	count([1 | some a in hundred; some b in hundred; some c in hundred; some d in hundred]) > 0
}
`)
	e, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}, EvalTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a safety net only
	defer cancel()
	c := &nodepool.Cluster{Provider: nodepool.Azure, ID: "c", LoadBalancerSKU: known("basic", 2), Pools: []*nodepool.Pool{{ID: "a"}, {ID: "b"}}}
	fs, errs := e.Check(ctx, c)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "rule T001: stopped after its time limit (50ms)") {
		t.Errorf("errs %v", errs)
	}
	if len(fs) == 0 {
		t.Error("the built-in rules must still run")
	}
	for range 3 {
		_, errs = e.Check(ctx, &nodepool.Cluster{ID: "d"})
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "rule T001 not run: it ran out of its budget on cluster c") {
			t.Errorf("next cluster: errs %v", errs)
		}
	}
}

// TestUnboundedBuiltinsRefused: numbers.range(1, 1e9) allocates gigabytes
// in one call, which no time limit stops: rules cannot call it (nor
// range_step); json.match_schema could read a file:// $ref. Each is a
// compile error at the call.
func TestUnboundedBuiltinsRefused(t *testing.T) {
	for _, call := range []string{`count(numbers.range(1, 1e9))`, `count(numbers.range_step(1, 1e9, 1))`,
		`json.match_schema({}, {"$ref": "file:///etc/passwd"})`, `json.verify_schema({"$ref": "http://example.com/s.json"})`} {
		dir := writePolicy(t, "big.rego", header+"\ndeny contains x if {\n\tx := "+call+"\n}\n")
		_, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}})
		if err == nil || !strings.Contains(err.Error(), "big.rego:10") {
			t.Errorf("%s: error %v, want a compile error at big.rego:10", call, err)
		}
	}
}

// TestMemoryBudget: a user policy that doubles a string rule after rule
// stops once it has grown the heap past its budget (here 8 MiB; the last
// rule would hold 256 MiB), with an error naming it.
func TestMemoryBudget(t *testing.T) {
	var src strings.Builder
	src.WriteString(header + "\ns0 := \"aaaaaaaaaaaaaaaa\"\n")
	for i := 1; i <= 24; i++ {
		fmt.Fprintf(&src, "s%d := concat(\"\", [s%d, s%d])\n", i, i-1, i-1)
	}
	src.WriteString("deny contains \"big\" if {\n\tcount(s24) > 0\n}\n")
	dir := writePolicy(t, "double.rego", src.String())
	e, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}, Only: []string{"T001"}, EvalMemory: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	fs, errs := e.Check(context.Background(), &nodepool.Cluster{ID: "c"})
	if len(fs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "rule T001: stopped after growing the heap past its budget (8 MiB)") {
		t.Errorf("findings %v errs %v", fs, errs)
	}
}

// TestUserPoliciesKeptApart: a user directory named policies holding a
// file named like a built-in one adds its rule and replaces nothing; a user
// rule with a built-in ID or name, or a user package under poollint, is an
// error.
func TestUserPoliciesKeptApart(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("policies", 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join("policies", name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("pl001_basic_lb_multiple_pools.rego", header+"\ndeny contains \"user\" if { false }\n")
	e, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{"policies"}})
	if err != nil {
		t.Fatal(err)
	}
	if r := e.Rule("PL001"); r == nil || r.Source != "policies/pl001_basic_lb_multiple_pools.rego" || e.User(r) {
		t.Fatalf("PL001 = %+v", r)
	}
	if r := e.Rule("T001"); r == nil || r.Source != "./policies/pl001_basic_lb_multiple_pools.rego" || !e.User(r) {
		t.Fatalf("T001 = %+v", r)
	}
	c := &nodepool.Cluster{Provider: nodepool.Azure, ID: "c", Name: known("prod", 1), LoadBalancerSKU: known("basic", 2), Pools: []*nodepool.Pool{{ID: "a"}, {ID: "b"}}}
	fs, errs := e.Check(context.Background(), c)
	ran := map[string]bool{}
	for _, f := range fs {
		ran[f.RuleID] = true
	}
	if len(errs) != 0 || !ran["PL001"] {
		t.Errorf("PL001 must still run: %+v %v", fs, errs)
	}
	for _, c := range []struct{ src, want string }{
		{strings.Replace(header, "T001", "PL001", 1), "rule ID PL001 is a built-in rule's"},
		{strings.Replace(header, "test-rule", "basic-lb-multiple-pools", 1), "rule name basic-lb-multiple-pools is a built-in rule's"},
		{strings.Replace(header, "package user.t", "package poollint.rules.pl001", 1), "pl001_basic_lb_multiple_pools.rego:7: package poollint.rules.pl001 is reserved"},
		{"package poollint.lib\n\ncluster_name := \"x\"\n", "package poollint.lib is reserved"},
	} {
		write("pl001_basic_lb_multiple_pools.rego", c.src+"\ndeny contains \"user\" if { false }\n")
		if _, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{"policies"}}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

// TestPolicyFileLinkingOut: a policy file that is a symbolic link leading
// out of its directory is refused, and the target's content is in no
// error (a parse error would quote it).
func TestPolicyFileLinkingOut(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(secret, []byte("c2VjcmV0 is not rego\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := writePolicy(t, "ok.rego", header+"\ndeny contains \"x\" if { false }\n")
	if err := os.Symlink(secret, filepath.Join(dir, "evil.rego")); err != nil {
		t.Fatal(err)
	}
	_, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "evil.rego\": it resolves outside the policy directory") || strings.Contains(err.Error(), "c2VjcmV0") {
		t.Errorf("error %v", err)
	}
}

func TestDuplicateRuleID(t *testing.T) {
	dir := writePolicy(t, "dup.rego", header+"\ndeny contains \"x\" if { false }\n")
	other := writePolicy(t, "dup2.rego", strings.NewReplacer("test-rule", "other", "user.t", "user.u").Replace(header)+"\ndeny contains \"x\" if { false }\n")
	_, err := NewEngineWith(context.Background(), Options{PolicyDirs: []string{dir, other}})
	if err == nil || !strings.Contains(err.Error(), "rule ID T001 is declared twice") {
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
