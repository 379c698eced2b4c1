package parsers

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// A module directory read on its own that itself calls a module (node-groups
// calling node-group) yields pools whose call chain is the tail of the chain
// the root reading reaches them by: that standalone reading is dropped, the
// root's is kept; so is a module called twice from one root.
func TestDropStandaloneModuleWithInnerCalls(t *testing.T) {
	at := func(file string, line int) nodepool.Pos { return nodepool.Pos{File: file, Line: line, Col: 1} }
	rootCall := at("main.tf", 10)
	rootCall2 := at("main.tf", 20)
	innerCall := at("modules/node-groups/main.tf", 5)
	poolAt := at("modules/node-groups/modules/node-group/main.tf", 1)
	clusterAt := at("modules/cluster/main.tf", 1)
	pool := func(id string, sites ...nodepool.Pos) *nodepool.Pool {
		return &nodepool.Pool{ID: id, Pos: poolAt, CallSites: sites}
	}
	root := &nodepool.Cluster{ID: "module.cluster.c", Format: "terraform", Pos: clusterAt, CallSites: []nodepool.Pos{at("main.tf", 1)},
		Pools: []*nodepool.Pool{pool("a", rootCall, innerCall), pool("b", rootCall2, innerCall)}}
	standalone := &nodepool.Cluster{ID: "cluster-of:x", Format: "terraform", Pos: poolAt, Partial: true, CallSites: []nodepool.Pos{innerCall},
		Pools: []*nodepool.Pool{pool("x", innerCall)}}
	// A chain that only looks like a tail as text ("x/main.tf:..." ends
	// with "main.tf:...") is not one.
	lookalike := &nodepool.Cluster{ID: "cluster-of:y", Format: "terraform", Pos: poolAt, Partial: true, CallSites: []nodepool.Pos{at("node-groups/main.tf", 5)},
		Pools: []*nodepool.Pool{pool("y", at("node-groups/main.tf", 5))}}
	// The module's other inner call, which the root instantiates zero times:
	// its standalone reading is the module's, not the root's.
	otherCall := at("modules/node-groups/main.tf", 30)
	unused := &nodepool.Cluster{ID: "cluster-of:z", Format: "terraform", Pos: poolAt, Partial: true, CallSites: []nodepool.Pos{otherCall},
		Pools: []*nodepool.Pool{pool("z", otherCall)}}
	out := dropStandaloneModules([]*nodepool.Cluster{root, standalone, lookalike, unused})
	if len(out) != 2 || out[0] != root || out[1] != lookalike || len(root.Pools) != 2 {
		for _, c := range out {
			t.Logf("kept %s with %d pools", c.ID, len(c.Pools))
		}
		t.Fatalf("kept %d clusters; want the root reading (2 pools) and the look-alike", len(out))
	}
}

// Bicep modules are files: a file beside one that a call entered is still a
// root of its own, with its own module calls.
func TestKeepBicepRootBesideCalledFile(t *testing.T) {
	at := func(file string, line int) nodepool.Pos { return nodepool.Pos{File: file, Line: line, Col: 1} }
	called := &nodepool.Cluster{ID: "a", Format: "bicep", Pos: at("infra/aks.bicep", 3), CallSites: []nodepool.Pos{at("main.bicep", 9)}}
	beside := &nodepool.Cluster{ID: "b", Format: "bicep", Pos: at("modules/cluster.bicep", 3), CallSites: []nodepool.Pos{at("infra/other.bicep", 4)}}
	out := dropStandaloneModules([]*nodepool.Cluster{called, beside})
	if len(out) != 2 {
		t.Fatalf("kept %d clusters, want both", len(out))
	}
}
