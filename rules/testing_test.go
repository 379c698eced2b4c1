package rules

import (
	"fmt"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// known is a literal field at line 1 of m.json.
func known[T any](v T, line int) nodepool.Field[T] {
	return nodepool.Known(v, nodepool.Pos{File: "m.json", Line: line, Col: 1}, nodepool.OriginLiteral)
}

// runRule runs one Go rule on a cluster and returns "line:message" lines.
func runRule(t *testing.T, r *Rule, c *nodepool.Cluster) []string {
	t.Helper()
	if c.Provider == "" {
		c.Provider = nodepool.Azure
	}
	p := &Pass{Rule: r, Cluster: c}
	if !r.AppliesTo(c) {
		return nil // the engine's scope (Rule.Platforms)
	}
	r.Check(p)
	var out []string
	for _, f := range p.findings {
		out = append(out, fmt.Sprintf("%d:%s", f.Pos.Line, f.Message))
	}
	return out
}
