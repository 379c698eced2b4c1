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
	root := &nodepool.Cluster{ID: "module.cluster.c", Pos: clusterAt, CallSites: []nodepool.Pos{at("main.tf", 1)},
		Pools: []*nodepool.Pool{pool("a", rootCall, innerCall), pool("b", rootCall2, innerCall)}}
	standalone := &nodepool.Cluster{ID: "cluster-of:x", Pos: poolAt, Partial: true, CallSites: []nodepool.Pos{innerCall},
		Pools: []*nodepool.Pool{pool("x", innerCall)}}
	// A chain that only looks like a tail as text ("x/main.tf:..." ends
	// with "main.tf:...") is not one.
	lookalike := &nodepool.Cluster{ID: "cluster-of:y", Pos: poolAt, Partial: true, CallSites: []nodepool.Pos{at("node-groups/main.tf", 5)},
		Pools: []*nodepool.Pool{pool("y", at("node-groups/main.tf", 5))}}
	out := dropStandaloneModules([]*nodepool.Cluster{root, standalone, lookalike})
	if len(out) != 2 || out[0] != root || out[1] != lookalike || len(root.Pools) != 2 {
		for _, c := range out {
			t.Logf("kept %s with %d pools", c.ID, len(c.Pools))
		}
		t.Fatalf("kept %d clusters; want the root reading (2 pools) and the look-alike", len(out))
	}
}
