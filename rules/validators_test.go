package rules

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
)

func rejected(validator, field, msg string, line int) func(p *nodepool.Pool) {
	return func(p *nodepool.Pool) {
		p.Rejections = append(p.Rejections, nodepool.Rejection{
			Validator: validator, Field: field, Message: msg, Pos: nodepool.Pos{File: "m.yaml", Line: line, Col: 3},
		})
	}
}

func TestValidatorRules(t *testing.T) {
	runCases(t, "PL101", []ruleCase{
		{"eksctl rejection", aws(pool("ng", rejected(nodepool.ValidatorEksctl, "nodeGroups[0].volumeIOPS", "value for volumeIOPS must be within range 3000-16000", 9))),
			`pool "ng" of cluster "eks": value for volumeIOPS must be within range 3000-16000 (nodeGroups[0].volumeIOPS)`, Error},
		{"another validator's", aws(pool("ng", rejected(nodepool.ValidatorCAPA, "spec.amiType", "bad", 9))), "", 0},
		{"none", aws(pool("ng", nil)), "", 0},
	})
	runCases(t, "PL102", []ruleCase{
		{"karpenter rejection", aws(pool("np", func(p *nodepool.Pool) {
			p.Karpenter = &nodepool.Karpenter{}
			rejected(nodepool.ValidatorKarpenter, "spec.template.spec.requirements[0].operator", `operator "Equals" is not one of In, NotIn`, 12)(p)
		})), `NodePool "np": operator "Equals" is not one of In, NotIn (spec.template.spec.requirements[0].operator)`, Error},
		{"another validator's", aws(pool("np", rejected(nodepool.ValidatorEksctl, "x", "bad", 9))), "", 0},
	})
	runCases(t, "PL103", []ruleCase{
		{"capa rejection", aws(pool("mp", rejected(nodepool.ValidatorCAPA, "spec.capacityType", `capacityType "SPOT" is not one of onDemand, spot`, 7))),
			`capacityType "SPOT" is not one of onDemand, spot (spec.capacityType)`, Error},
		{"another validator's", aws(pool("mp", rejected(nodepool.ValidatorKarpenter, "x", "bad", 9))), "", 0},
	})
	runCases(t, "PL104", []ruleCase{
		{"capi rejection", capiCluster(pool("md", rejected(nodepool.ValidatorCAPI, "spec.template.spec.version", `version "v1.31" must be a valid semantic version (v1.31.2)`, 7))),
			`version "v1.31" must be a valid semantic version (v1.31.2) (spec.template.spec.version)`, Error},
		{"another validator's", capiCluster(pool("md", rejected(nodepool.ValidatorCAPA, "x", "bad", 9))), "", 0},
	})
}

// TestValidatorFindingsAtTheirLine: the finding is at the rejection's
// position, and two rejections of one pool are two findings with distinct
// keys.
func TestValidatorFindingsAtTheirLine(t *testing.T) {
	p := pool("ng", func(p *nodepool.Pool) {
		rejected(nodepool.ValidatorEksctl, "nodeGroups[0].volumeIOPS", "a", 9)(p)
		rejected(nodepool.ValidatorEksctl, "nodeGroups[0].cpuCredits", "b", 11)(p)
	})
	pass := &Pass{Rule: PL101, Cluster: aws(p)}
	PL101.Check(pass)
	fs := pass.findings
	if len(fs) != 2 || fs[0].Pos.Line != 9 || fs[1].Pos.Line != 11 || fs[0].Key == fs[1].Key {
		t.Fatalf("findings %+v", fs)
	}
}

// capiCluster is a self-managed Cluster API cluster (kubeadm) of pools.
func capiCluster(pools ...*nodepool.Pool) *nodepool.Cluster {
	c := &nodepool.Cluster{ID: "c", Name: known("shop", 1), Format: "cluster-api", Pools: pools}
	nodepool.ApplyDefaults(c)
	return c
}
