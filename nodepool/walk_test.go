package nodepool

import "testing"

func TestRewritePositions(t *testing.T) {
	at := func(line int) Pos { return Pos{File: "tmp.json", Line: line, Col: 2} }
	c := &Cluster{
		Pos:             at(1),
		Name:            Known("c", at(2), OriginLiteral),
		LoadBalancerSKU: Known("basic", at(3), OriginLiteral),
		Pools: []*Pool{{
			Pos:    at(4),
			Labels: Known([]Label{{Key: "a", Pos: at(5)}}, at(6), OriginLiteral),
			Taints: Known([]Taint{{Key: "b", Pos: at(7)}}, at(8), OriginLiteral),
			// Settings are rewritten too (a Bicep finding from a ported
			// check points at the .bicep line).
			Settings: Settings{"kubeletdisktype": Known[any]("Disk", at(9), OriginLiteral)},
		}},
	}
	n := 0
	RewritePositions(c, func(p Pos) Pos {
		if p.File == "tmp.json" {
			n++
			return Pos{File: "main.bicep", Line: 1, Col: 1}
		}
		return p
	})
	if n != 9 {
		t.Errorf("rewrote %d positions, want 9", n)
	}
	p := c.Pools[0]
	if c.Pos.File != "main.bicep" || c.Name.Pos.File != "main.bicep" || p.Labels.Value[0].Pos.File != "main.bicep" || p.Taints.Value[0].Pos.Line != 1 || p.Settings["kubeletdisktype"].Pos.File != "main.bicep" || p.Settings["kubeletdisktype"].Value != "Disk" {
		t.Errorf("not rewritten: %+v", c)
	}
	if p.VMSize.Pos.File != "" {
		t.Errorf("unset field got a position: %+v", p.VMSize.Pos)
	}
}
