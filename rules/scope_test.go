package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestEngineAppliesPlatforms: a rule runs only on clusters of its
// platforms and its formats, and sees only the pools of its platforms.
func TestEngineAppliesPlatforms(t *testing.T) {
	var seen []string
	r := &Rule{ID: "PL900", Name: "toy", Source: "go", Platforms: []string{PlatformEKS, PlatformKarpenter}, Check: func(p *Pass) {
		for _, pool := range p.Pools() {
			seen = append(seen, p.Cluster.ID+"/"+pool.ID)
		}
	}}
	e := &Engine{rules: []*Rule{r}, rego: map[string]*regoRule{}}
	karp := &nodepool.Karpenter{}
	for _, c := range []*nodepool.Cluster{
		{ID: "aks", Provider: nodepool.Azure, Pools: []*nodepool.Pool{{ID: "sys"}}},
		{ID: "nap", Provider: nodepool.Azure, Pools: []*nodepool.Pool{{ID: "sys"}, {ID: "np", Karpenter: karp}}},
		{ID: "eks", Provider: nodepool.AWS, Pools: []*nodepool.Pool{{ID: "ng"}, {ID: "np", Karpenter: karp}}},
		{ID: "capi", Pools: []*nodepool.Pool{{ID: "mp"}}},
	} {
		if _, errs := e.Check(context.Background(), c); len(errs) > 0 {
			t.Fatal(errs)
		}
	}
	if got := strings.Join(seen, " "); got != "nap/np eks/ng eks/np" {
		t.Errorf("pools checked: %s", got)
	}
	seen = nil
	r.Formats = []string{"yaml"}
	e.Check(context.Background(), &nodepool.Cluster{ID: "tf", Format: "terraform", Provider: nodepool.AWS, Pools: []*nodepool.Pool{{ID: "ng"}}})
	e.Check(context.Background(), &nodepool.Cluster{ID: "eksctl", Format: "yaml", Provider: nodepool.AWS, Pools: []*nodepool.Pool{{ID: "ng"}}})
	if got := strings.Join(seen, " "); got != "eksctl/ng" {
		t.Errorf("formats: %s", got)
	}
}

// TestUnknownPlatform: a rule naming no platform the engine knows is an
// error naming the rule (it would never run); other names beside a known
// one are documentation tags.
func TestUnknownPlatform(t *testing.T) {
	r := &Rule{ID: "PL900", Name: "toy", Source: "mine.rego", Platforms: []string{"aks", "GKE"}}
	e := &Engine{params: map[string]map[string]any{}}
	if err := e.configure([]*Rule{r}, Options{}); err == nil || !strings.Contains(err.Error(), `rule PL900 (mine.rego): platforms aks, GKE name none of AKS, EKS, Karpenter, Kubernetes, so it would never run`) {
		t.Errorf("error %v", err)
	}
	// A known platform with a descriptive tag beside it is fine.
	r.Platforms = []string{"AKS", "Cluster API"}
	if err := (&Engine{params: map[string]map[string]any{}}).configure([]*Rule{r}, Options{}); err != nil {
		t.Error(err)
	}
}

// TestNoInlinePlatformChecks: every built-in Go rule declares its
// platforms, which the engine applies.
func TestNoInlinePlatformChecks(t *testing.T) {
	for _, r := range builtin {
		if len(r.Platforms) == 0 {
			t.Errorf("%s declares no platforms", r.ID)
		}
	}
}

// TestPrecision: a rule's precision reaches the reporters ("high" when it
// does not say) and must be one of SARIF's words.
func TestPrecision(t *testing.T) {
	r := &Rule{ID: "PL900", Name: "toy", Source: "go"}
	if got := r.Info().Precision; got != "high" {
		t.Errorf("default precision %q", got)
	}
	r.Precision = "medium"
	if got := r.Info().Precision; got != "medium" {
		t.Errorf("precision %q", got)
	}
	r.Precision = "sometimes"
	if err := (&Engine{params: map[string]map[string]any{}}).configure([]*Rule{r}, Options{}); err == nil || !strings.Contains(err.Error(), `precision "sometimes" is not one of very-high, high, medium, low`) {
		t.Errorf("error %v", err)
	}
}
