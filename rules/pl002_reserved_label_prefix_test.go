package rules

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
)

func TestReservedAKSLabel(t *testing.T) {
	cases := map[string]string{
		"kubernetes.azure.com/role":              "kubernetes.azure.com/",
		"KUBERNETES.AZURE.COM/x":                 "kubernetes.azure.com/",
		"sub.kubernetes.azure.com/x":             "kubernetes.azure.com/",
		"kubernetes.io/role":                     "the kubernetes.io namespace",
		"node-role.kubernetes.io/worker":         "the kubernetes.io namespace",
		"node-restriction.kubernetes.io/team":    "the kubernetes.io namespace",
		"k8s.io/x":                               "the k8s.io namespace",
		"foo.k8s.io/x":                           "the k8s.io namespace",
		"kubernetes.io/arch":                     "",
		"topology.kubernetes.io/zone":            "",
		"node.kubernetes.io/exclude-from-lb":     "",
		"a.node.kubernetes.io/x":                 "",
		"kubelet.kubernetes.io/x":                "",
		"example.com/kubernetes.io":              "",
		"notkubernetes.io/x":                     "",
		"team":                                   "",
		"failure-domain.beta.kubernetes.io/zone": "",
	}
	for key, want := range cases {
		if got := reservedAKSLabel(key); got != want {
			t.Errorf("reservedAKSLabel(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestPL002(t *testing.T) {
	labels := known([]nodepool.Label{
		{Key: "team", Value: "a", ValueKnown: true, Pos: nodepool.Pos{File: "m.json", Line: 4}},
		{Key: "kubernetes.azure.com/mode", Pos: nodepool.Pos{File: "m.json", Line: 5}},
	}, 3)
	labels.Known = false // the list is incomplete: the known keys are still checked
	c := &nodepool.Cluster{ID: "c", Name: known("prod", 1), Pools: []*nodepool.Pool{{ID: "p", Name: known("apps", 2), Labels: labels}}}
	got := runRule(t, PL002, c)
	want := `5:node label "kubernetes.azure.com/mode" on pool "apps" of cluster "prod" is under kubernetes.azure.com/, which AKS reserves`
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q", got)
	}
	c.Provider = nodepool.AWS
	if got := runRule(t, PL002, c); len(got) != 0 {
		t.Errorf("an AKS-only prefix fired on EKS: %q", got)
	}
}

func TestReservedEKSLabel(t *testing.T) {
	cases := map[string]string{
		"eks.amazonaws.com/nodegroup":    "eks.amazonaws.com/",
		"node-role.kubernetes.io/worker": "the kubernetes.io namespace",
		"k8s.io/x":                       "the k8s.io namespace",
		"kubernetes.azure.com/mode":      "",
		"kubernetes.io/arch":             "",
		"node.kubernetes.io/lifecycle":   "",
		"team":                           "",
	}
	for key, want := range cases {
		if got := reservedEKSLabel(key); got != want {
			t.Errorf("reservedEKSLabel(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestPL002OwnSpotLabel(t *testing.T) {
	label := func(v string) nodepool.Field[[]nodepool.Label] {
		return known([]nodepool.Label{{Key: "kubernetes.azure.com/scalesetpriority", Value: v, ValueKnown: true, Pos: nodepool.Pos{File: "m.json", Line: 4}}}, 3)
	}
	cases := []struct {
		priority, value string
		fires           bool
	}{
		{"Spot", "spot", false},
		{"Spot", "regular", true},
		{"Regular", "spot", true},
	}
	for _, c := range cases {
		pool := &nodepool.Pool{ID: "p", Name: known("spot", 2), Priority: known(c.priority, 2), Labels: label(c.value)}
		got := runRule(t, PL002, &nodepool.Cluster{ID: "c", Name: known("prod", 1), Pools: []*nodepool.Pool{pool}})
		if (len(got) == 1) != c.fires {
			t.Errorf("priority %s, value %s: got %q, want fires=%v", c.priority, c.value, got, c.fires)
		}
	}
}

func TestReservedKarpenterLabel(t *testing.T) {
	cases := []struct {
		key      string
		provider nodepool.Provider
		want     bool
	}{
		{"karpenter.sh/capacity-type", nodepool.AWS, false},
		{"karpenter.sh/nodepool", nodepool.AWS, true},
		{"kubernetes.io/hostname", nodepool.AWS, true},
		{"node-role.kubernetes.io/x", nodepool.AWS, false}, // Karpenter >= 1.9
		{"kubernetes.azure.com/mode", nodepool.Azure, false},
		{"kubernetes.azure.com/ebpf-dataplane", nodepool.Azure, false},
		{"kubernetes.azure.com/agentpool", nodepool.Azure, true},
		{"karpenter.azure.com/sku-family", nodepool.Azure, false},
		{"karpenter.azure.com/zone", nodepool.Azure, true},
		{"kubernetes.azure.com/agentpool", nodepool.AWS, false},
	}
	for _, c := range cases {
		if got := reservedKarpenterLabel(c.key, c.provider) != ""; got != c.want {
			t.Errorf("reservedKarpenterLabel(%q, %s) = %v, want %v", c.key, c.provider, got, c.want)
		}
	}
}
