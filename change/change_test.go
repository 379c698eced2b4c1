package change

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
)

func cluster(file, id, name string, pools ...*nodepool.Pool) *nodepool.Cluster {
	c := &nodepool.Cluster{Provider: nodepool.Azure, Format: "arm", ID: id, Pos: nodepool.Pos{File: file, Line: 1}, Pools: pools}
	if name != "" {
		c.Name = nodepool.Known(name, c.Pos, nodepool.OriginLiteral)
	}
	return c
}

func pool(id, name, size string) *nodepool.Pool {
	p := &nodepool.Pool{ID: id, Pos: nodepool.Pos{File: "x", Line: 2}}
	if name != "" {
		p.Name = nodepool.Known(name, p.Pos, nodepool.OriginLiteral)
	}
	if size != "" {
		p.VMSize = nodepool.Known(size, nodepool.Pos{File: "x", Line: 3}, nodepool.OriginLiteral)
	}
	return p
}

// TestMatchByIdentity: clusters of one name in two directories (dev and
// prod calling one template) match their own directory; pools match by
// name whatever their order or position ID.
func TestMatchByIdentity(t *testing.T) {
	base := []*nodepool.Cluster{
		cluster("envs/dev/aks.json", "resources[0]", "aks", pool("resources[0].p[0]", "sys", "A"), pool("resources[0].p[1]", "user", "B")),
		cluster("envs/prod/aks.json", "resources[0]", "aks", pool("resources[0].p[0]", "sys", "A")),
	}
	head := []*nodepool.Cluster{
		cluster("envs/prod/aks.json", "resources[0]", "aks", pool("resources[0].p[0]", "sys", "C")),
		cluster("envs/dev/aks.json", "resources[0]", "aks", pool("resources[0].p[0]", "user", "B"), pool("resources[0].p[1]", "sys", "A")),
	}
	got := Compare(base, head)
	if len(got) != 2 {
		t.Fatalf("%d clusters, want 2: %+v", len(got), got)
	}
	prod, dev := got[0], got[1]
	if prod.Before.Pos.File != "envs/prod/aks.json" || prod.Kind != Changed {
		t.Fatalf("prod matched %s (%s)", prod.Before.Pos.File, prod.Kind)
	}
	if f, ok := prod.Pools[0].Field("vmSize"); !ok || f.Before != "A" || f.After != "C" || !f.Known {
		t.Errorf("prod vmSize change: %+v", prod.Pools[0].Fields)
	}
	if dev.Kind != Unchanged {
		t.Errorf("dev with reordered pools: %s %+v", dev.Kind, dev.Pools)
	}
}

// TestUnknownNeverKnown: a value unresolved on one side is a change of
// unknown outcome; unresolved on both, no change at all.
func TestUnknownNeverKnown(t *testing.T) {
	b, h := pool("p", "p", "A"), pool("p", "p", "")
	h.VMSize = nodepool.Unknown[string](nodepool.Pos{File: "x", Line: 3})
	got := Compare([]*nodepool.Cluster{cluster("a", "c", "c", b)}, []*nodepool.Cluster{cluster("a", "c", "c", h)})
	f, ok := got[0].Pools[0].Field("vmSize")
	if !ok || f.Known {
		t.Errorf("one side unknown: %+v (ok %v)", f, ok)
	}
	b.VMSize = nodepool.Unknown[string](nodepool.Pos{File: "x", Line: 3})
	got = Compare([]*nodepool.Cluster{cluster("a", "c", "c", b)}, []*nodepool.Cluster{cluster("a", "c", "c", h)})
	if got[0].Kind != Unchanged {
		t.Errorf("both unknown: %+v", got[0])
	}
}

// TestAddedRemoved: a cluster only in head is added with all its pools, one
// only in base removed.
func TestAddedRemoved(t *testing.T) {
	got := Compare([]*nodepool.Cluster{cluster("a", "old", "old", pool("p", "p", "A"))}, []*nodepool.Cluster{cluster("a", "new", "new", pool("q", "q", "A"))})
	if len(got) != 2 || got[0].Kind != Added || got[1].Kind != Removed || got[0].Pools[0].Kind != Added || got[1].Pools[0].Kind != Removed {
		t.Errorf("%+v", got)
	}
}

// TestKarpenterRequirements: a NodePool's requirements are compared as a
// set (reordering is no change); a value added is a change at the head's
// requirements.
func TestKarpenterRequirements(t *testing.T) {
	np := func(reqs ...nodepool.Requirement) *nodepool.Cluster {
		p := pool("np", "default", "")
		p.Karpenter = &nodepool.Karpenter{Requirements: reqs}
		c := cluster("np.yaml", "np", "", p)
		c.Provider, c.Format = nodepool.AWS, "karpenter"
		return c
	}
	arch := nodepool.Requirement{Key: "kubernetes.io/arch", Operator: "In", Values: []string{"amd64"}, Pos: nodepool.Pos{File: "np.yaml", Line: 9}}
	ct := nodepool.Requirement{Key: "karpenter.sh/capacity-type", Operator: "In", Values: []string{"spot", "on-demand"}, Pos: nodepool.Pos{File: "np.yaml", Line: 12}}
	ctSwapped := ct
	ctSwapped.Values = []string{"on-demand", "spot"}
	if got := Compare([]*nodepool.Cluster{np(arch, ct)}, []*nodepool.Cluster{np(ctSwapped, arch)}); got[0].Kind != Unchanged {
		t.Errorf("reordered requirements: %+v", got[0].Pools[0].Fields)
	}
	arm := arch
	arm.Values = []string{"amd64", "arm64"}
	got := Compare([]*nodepool.Cluster{np(arch, ct)}, []*nodepool.Cluster{np(arm, ct)})
	f, ok := got[0].Pools[0].Field("requirements")
	if !ok || !f.Known || f.Pos.Line != 9 || f.Before == f.After {
		t.Errorf("requirements change: %+v", got[0].Pools[0].Fields)
	}
}
