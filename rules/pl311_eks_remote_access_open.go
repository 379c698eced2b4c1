package rules

import "github.com/poollint/poollint/nodepool"

// PL311 reports EKS remote access open to every address.
var PL311 = register(&Rule{
	ID:        "PL311",
	Name:      "eks-remote-access-open",
	Summary:   "EKS node group SSH access without source security groups",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"EKS"},
	Preset:    presetRecommended,
	Doc: `A managed node group's remote_access (RemoteAccess in CloudFormation) with an
SSH key but no source security groups opens port 22 of every node to
0.0.0.0/0. Checkov CKV_AWS_100 flags it. An unknown list is not judged.`,
	Fix: `Restrict SSH to known sources: list the security groups allowed in with
source_security_group_ids (Terraform remote_access) or SourceSecurityGroups
(CloudFormation RemoteAccess), or remove remote access and reach the nodes with
SSM Session Manager. With a launch template, configure SSH in the template's
security groups instead.`,
	Links: []Link{linkAWSNodeGroupTF, linkCFNNodegroup, linkEKSLaunchTemplates},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			var block, groups string
			switch pool.Schema {
			case nodepool.SchemaAWSNodeGroup:
				block, groups = "remote_access", "remote_access.source_security_group_ids"
			case nodepool.SchemaCFNNodegroup:
				block, groups = "RemoteAccess", "RemoteAccess.SourceSecurityGroups"
			default:
				continue
			}
			b := pool.Settings.Get(block)
			if !b.Set || !b.Known {
				continue
			}
			g := pool.Settings.Get(groups)
			if !g.Set || (g.Known && !present(g)) {
				p.Report(at(b, pool), pool, "", "%s allows SSH from anywhere: %s has no source security groups (Checkov CKV_AWS_100)", poolRef(c, pool), block)
			}
		}
	},
})
