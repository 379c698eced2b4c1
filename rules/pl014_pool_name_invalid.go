package rules

import (
	"regexp"
)

var aksPoolNameRE = regexp.MustCompile(`^[a-z][a-z0-9]{0,11}$`)

// PL014 reports pool names the platform rejects.
var PL014 = register(&Rule{
	ID:        "PL014",
	Name:      "pool-name-invalid",
	Summary:   "Node pool name the platform rejects",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS"},
	Doc: `AKS pool names must start with a lowercase letter and contain only lowercase
letters and digits, at most 12 characters (^[a-z][a-z0-9]{0,11}$), and at most
6 for Windows pools. EKS node group names are at most 63 characters.`,
	Fix: `Rename the pool:

- AKS (ARM, Bicep, ASO, Terraform name, Cluster API Azure spec.name): start
  with a lowercase letter, then lowercase letters and digits only, at most 12
  characters, and at most 6 for a Windows pool (np1, win1);
- EKS: node_group_name (Terraform), NodegroupName (CloudFormation) or the
  eksctl name of at most 63 characters.

The name of an existing pool cannot change: renaming creates a new pool.`,
	Links: []Link{linkAKSCreatePools, linkAKSAgentPoolsAPI, linkEKSCreateNodegroup},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if !pool.Name.Known {
				continue
			}
			name, ref := pool.Name.Value, poolRef(c, pool)
			switch {
			case aks(c) && !aksPoolNameRE.MatchString(name):
				p.Report(at(pool.Name, pool), pool, "", "%s: AKS pool names must start with a lowercase letter and have at most 12 lowercase letters and digits", ref)
			case aks(c) && is(pool.OSType, "Windows") && len(name) > 6:
				p.Report(at(pool.Name, pool), pool, "", "%s is a Windows pool; its name may have at most 6 characters", ref)
			case eks(c) && len(name) > 63:
				p.Report(at(pool.Name, pool), pool, "", "%s: EKS node group names may have at most 63 characters", ref)
			}
		}
	},
})
