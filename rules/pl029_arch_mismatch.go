package rules

import (
	"regexp"
	"strings"
)

// graviton matches EC2 families on AWS Graviton (Arm64): a1, m6g, c7gn,
// r8gd, x2gd, im4gn, is4gen, t4g, …
var graviton = regexp.MustCompile(`^(a1|[a-z]+\d+g[a-z]*|im4gn|is4gen)\.`)

// armGPU matches the Graviton GPU families (g5g, …).
var armGPU = regexp.MustCompile(`^g\d+g[a-z]*\.`)

// PL029 reports AMI types whose architecture differs from the instances.
var PL029 = register(&Rule{
	ID:        "PL029",
	Name:      "arch-mismatch",
	Summary:   "AMI type and instance types of different CPU architectures",
	Severity:  Error,
	Platforms: []string{"EKS"},
	Doc: `An EKS node group's AMI type fixes the CPU architecture: *_ARM_64* types need
Graviton instance types (m7g, c6gn, t4g, …) and x86_64 types need the others.
EKS rejects a mismatch when the node group is created. eksctl's AMI families
say no architecture in their names, so two of its rules are checked by
family: Windows families (WindowsServer2019FullContainer, …) run on x86_64
only, and AmazonLinux2 has no image for Graviton GPU instances (g5g);
eksctl rejects both.`,
	Fix: `Match the AMI type and the instance types:

- Terraform ami_type, CloudFormation AmiType: an *_ARM_64 type
  (AL2023_ARM_64_STANDARD, BOTTLEROCKET_ARM_64) with Graviton instance types,
  an x86_64 type otherwise; or change instance_types / InstanceTypes to the
  AMI's architecture;
- eksctl: Windows amiFamily only with x86_64 instance types; for Graviton GPU
  instances (g5g) use amiFamily AmazonLinux2023 or Bottlerocket.`,
	Links: []Link{linkEKSNodegroupAPI, linkEKSCreateNodegroup, linkEksctlNodegroups},
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
				for _, it := range pool.InstanceTypes.Value {
					switch {
					case strings.HasPrefix(ami, "WINDOWS") && graviton.MatchString(it):
						p.Report(at(pool.InstanceTypes, pool), pool, it, "%s uses the Windows AMI family %s with the Arm64 instance type %s; Windows nodes run on x86_64 only", poolRef(c, pool), Describe(pool.OSSKU), it)
					case ami == "AMAZONLINUX2" && armGPU.MatchString(it):
						p.Report(at(pool.InstanceTypes, pool), pool, it, "%s uses AMI family %s with the Arm64 GPU instance type %s, which it has no image for; use AmazonLinux2023 or Bottlerocket", poolRef(c, pool), Describe(pool.OSSKU), it)
					}
				}
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
