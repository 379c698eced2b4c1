package parsers

import (
	"fmt"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

func BenchmarkAttachIgnores(b *testing.B) {
	o := &Options{}
	o.Record("main.tf", []byte("x = 1 # poollint:ignore PL001 r\n"))
	c := &nodepool.Cluster{Pos: nodepool.Pos{File: "main.tf", Line: 1}}
	for i := range 5 {
		p := &nodepool.Pool{ID: fmt.Sprint(i), Pos: nodepool.Pos{File: "main.tf", Line: i}}
		p.VMSize = nodepool.Known("x", nodepool.Pos{File: "main.tf", Line: i}, nodepool.OriginLiteral)
		p.Labels.Value = []nodepool.Label{{Key: "a", Pos: nodepool.Pos{File: "main.tf"}}}
		c.Pools = append(c.Pools, p)
	}
	for b.Loop() {
		o.AttachIgnores(c)
	}
}
