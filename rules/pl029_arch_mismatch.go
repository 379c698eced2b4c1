package rules

import (
	"regexp"
	"strings"
)

// graviton matches EC2 families on AWS Graviton (Arm64): a1, m6g, c7gn,
// r8gd, x2gd, im4gn, is4gen, t4g, …
var graviton = regexp.MustCompile(`^(a1|[a-z]+\d+g[a-z]*|im4gn|is4gen)\.`)

// PL029 reports AMI types whose architecture differs from the instances.
var PL029 = register(&Rule{
	ID:        "PL029",
	Name:      "arch-mismatch",
	Summary:   "AMI type and instance types of different CPU architectures",
	Severity:  Error,
	Platforms: []string{"EKS"},
	Doc: `An EKS node group's AMI type fixes the CPU architecture: *_ARM_64* types need
Graviton instance types (m7g, c6gn, t4g, …) and x86_64 types need the others.
EKS rejects a mismatch when the node group is created.`,
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if !pool.OSSKU.Known {
				continue
			}
			ami := strings.ToUpper(pool.OSSKU.Value)
			arm := strings.Contains(ami, "ARM_64")
			x86 := strings.Contains(ami, "X86_64")
			if !arm && !x86 {
				continue
			}
			for _, it := range pool.InstanceTypes.Value {
				if isArm := graviton.MatchString(it); isArm != arm {
					p.Report(at(pool.InstanceTypes, pool), pool, it, "%s uses AMI type %s with instance type %s of another CPU architecture", poolRef(c, pool), Describe(pool.OSSKU), it)
				}
			}
		}
	},
})
