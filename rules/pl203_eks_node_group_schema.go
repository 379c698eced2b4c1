package rules

import (
	"fmt"
	"regexp"

	"github.com/poollint/poollint/nodepool"
)

// eksAMITypes are the EKS API's AMI types (aws provider: the eks.AMITypes
// values; CloudFormation AWS::EKS::Nodegroup AmiType).
var eksAMITypes = []string{
	"AL2_x86_64", "AL2_x86_64_GPU", "AL2_ARM_64", "CUSTOM",
	"BOTTLEROCKET_ARM_64", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64_FIPS", "BOTTLEROCKET_x86_64_FIPS",
	"BOTTLEROCKET_ARM_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA",
	"WINDOWS_CORE_2019_x86_64", "WINDOWS_FULL_2019_x86_64", "WINDOWS_CORE_2022_x86_64", "WINDOWS_FULL_2022_x86_64",
	"WINDOWS_CORE_2025_x86_64", "WINDOWS_FULL_2025_x86_64",
	"AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "AL2023_x86_64_NEURON", "AL2023_x86_64_NVIDIA", "AL2023_ARM_64_NVIDIA",
}

var eksCapacityTypes = []string{"ON_DEMAND", "SPOT", "CAPACITY_BLOCK"}

var eksTaintEffects = []string{"NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"}

// awsNodeGroupRows are aws_eks_node_group's validations
// (hashicorp/terraform-provider-aws, internal/service/eks/node_group.go and
// validate.go, internal/verify/validate.go; read at 012e0a32, v5.x, the
// same in v6.x).
var awsNodeGroupRows = []fieldCheck{
	oneOf("ami_type", eksAMITypes...),
	oneOf("capacity_type", eksCapacityTypes...),
	oneOf("taint[].effect", eksTaintEffects...),
	{path: "taint[].key", maxLen: 63},
	{path: "taint[].value", maxLen: 63},
	{path: "update_config.max_unavailable", max: 100, hasMax: true},
	{path: "node_group_name_prefix", maxLen: 63 - 26},
	{path: "subnet_ids", minItems: 1},
	between("scaling_config.min_size", 0, 1<<31-1),
	atLeast("scaling_config.max_size", 1),
	atLeast("scaling_config.desired_size", 0),
	matching("launch_template.version", `^(?s).{1,255}$`, "must have 1 to 255 characters"),
	// internal/verify: ValidLaunchTemplateID and ValidLaunchTemplateName
	{path: "launch_template.id", pattern: regexp.MustCompile(`^lt-[0-9a-z]{1,252}$`), patternDoc: "must be a launch template ID (lt- and lower-case letters and digits)", skipEmpty: true},
	{path: "launch_template.name", pattern: regexp.MustCompile(`^[0-9A-Za-z()./_-]{3,125}$`), patternDoc: "must have 3 to 125 letters, digits and ( ) . / _ -", skipEmpty: true},
	// validClusterName: 1–100 characters (its pattern wanted two up to
	// some v5 release, one since; the one-character name is let through)
	matching("cluster_name", `^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$`, "is not an EKS cluster name (a letter or digit, then letters, digits, - and _; at most 100 characters)"),
	matching("node_role_arn", `.`, "must not be empty (the node IAM role's ARN)"),
}

// cfnNodegroupRows are the AWS::EKS::Nodegroup resource schema's bounds
// (aws-eks-nodegroup.json in the CloudFormation registry) and the EKS API's
// allowed values, which CloudFormation passes through.
var cfnNodegroupRows = []fieldCheck{
	oneOf("AmiType", eksAMITypes...),
	oneOf("CapacityType", eksCapacityTypes...),
	oneOf("Taints[].Effect", eksTaintEffects...),
	{path: "Taints[].Key", maxLen: 63},
	{path: "Taints[].Value", maxLen: 63},
	{path: "UpdateConfig.MaxUnavailable", max: 100, hasMax: true},
	{path: "Subnets", minItems: 1},
}

// PL203 checks EKS managed node groups against the aws provider's schema,
// the CloudFormation specification and the EKS API's apply-time rules.
var PL203 = register(&Rule{
	ID:        "PL203",
	Name:      "eks-node-group-invalid",
	Summary:   "EKS managed node group argument the aws provider, CloudFormation or the EKS API refuses",
	Severity:  Error,
	Platforms: []string{"EKS"},
	Doc: `Checks Terraform aws_eks_node_group resources against the aws provider's own
validation (hashicorp/terraform-provider-aws, internal/service/eks/node_group.go
and validate.go, internal/verify/validate.go, v5.x/v6.x) and CloudFormation
AWS::EKS::Nodegroup resources against its resource schema (the CloudFormation
registry's aws-eks-nodegroup.json), plus what the EKS CreateNodegroup API
refuses at apply time:

- ami_type / AmiType and capacity_type / CapacityType enums;
- taint effect spelled NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE (the
  Kubernetes spelling NoSchedule is refused here, unlike eksctl and
  Karpenter); taint key and value of at most 63 characters;
- update_config: max_unavailable at most 100, and an empty block refused
  (the lower bounds and "exactly one" are PL027's);
- a non-empty subnet_ids / Subnets, and scaling_config, which the provider
  requires;
- node_group_name_prefix of at most 37 characters (63 less the 26 of the
  generated suffix), not together with node_group_name;
- scaling_config with desired_size, min_size and max_size; at most 50 taints;
- launch_template with exactly one of id and name, and a version of 1 to
  255 characters; a written id is lt- and lower-case letters and digits, a
  name 3 to 125 letters, digits and ( ) . / _ - (ValidLaunchTemplateID,
  ValidLaunchTemplateName); the same Id or Name rule for LaunchTemplate;
- cluster_name of 1 to 100 letters, digits, - and _, starting with a letter
  or digit (validClusterName), and a non-empty node_role_arn;
- CloudFormation's required ClusterName, NodeRole and Subnets, and
  RemoteAccess with its required Ec2SshKey;
- disk_size / DiskSize or remote_access / RemoteAccess together with a
  launch template: EKS refuses both ("Disk size must be specified within
  the launch template"; remote access belongs in the launch template);
- instance_types / InstanceTypes on a node group whose launch template
  (an aws_launch_template of the configuration) sets instance_type: EKS
  takes the instance type in the template or in the node group, never
  both (CreateNodegroup).

A value that cannot be resolved is not judged. In a plan (terraform show
-json), 0 and "" read as unset and the id/name and name/prefix conflicts are
not judged: planned values hold what state read back from EKS.`,
	Fix: `Change the argument the message names to what the aws provider, CloudFormation
and the EKS API accept: ami_type / AmiType and capacity_type / CapacityType from
their lists, taint effects NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE,
scaling_config with desired_size, min_size and max_size, at least one subnet,
launch_template with one of id and name (a written lt-… ID or template name)
and a version, an EKS cluster name in cluster_name and the node role's ARN,
ClusterName, NodeRole and Subnets (and Ec2SshKey in RemoteAccess) in
CloudFormation, and no disk_size /
DiskSize or remote_access / RemoteAccess with a launch template (set them in the
launch template instead), nor instance_types when the launch template sets
instance_type (keep one of the two).`,
	Links: []Link{linkAWSNodeGroupTF, linkCFNNodegroup, linkEKSCreateNodegroup, linkEKSLaunchTemplates},
	Check: func(p *Pass) {
		checkTable(p, nodepool.SchemaAWSNodeGroup, "aws provider", awsNodeGroupRows)
		checkTable(p, nodepool.SchemaCFNNodegroup, "AWS::EKS::Nodegroup", cfnNodegroupRows)
		c := p.Cluster
		for _, pool := range c.Pools {
			switch pool.Schema {
			case nodepool.SchemaAWSNodeGroup:
				awsNodeGroupCombinations(p, c, pool)
			case nodepool.SchemaCFNNodegroup:
				cfnNodegroupCombinations(p, c, pool)
			}
		}
	},
})

func awsNodeGroupCombinations(p *Pass, c *nodepool.Cluster, pool *nodepool.Pool) {
	ref, s := poolRef(c, pool), pool.Settings
	if sc := s.Get("scaling_config"); !sc.Set {
		p.Report(pool.Pos, pool, "scaling_config", "%s: aws_eks_node_group requires a scaling_config block (aws provider)", ref)
	} else if sc.Known {
		for _, name := range []string{"desired_size", "max_size", "min_size"} {
			if !s.Has("scaling_config." + name) {
				p.Report(at(sc, pool), pool, "scaling_config."+name, "%s: scaling_config requires %s (aws provider)", ref, name)
			}
		}
	}
	if n := taintBlocks(s); n > 50 {
		p.Report(pool.Pos, pool, "taint", "%s has %d taint blocks; the aws provider and EKS take at most 50", ref, n)
	}
	if !s.Has("subnet_ids") {
		p.Report(pool.Pos, pool, "subnet_ids", "%s: aws_eks_node_group requires subnet_ids (aws provider)", ref)
	}
	// A plan's planned values hold what state read back: node_group_name
	// beside its generated prefix, launch_template id beside name.
	plan := fromPlan(c)
	if prefix := s.Get("node_group_name_prefix"); !plan && knownPresent(prefix) && knownPresent(s.Get("node_group_name")) {
		p.Report(at(prefix, pool), pool, "node_group_name_prefix", "%s: node_group_name_prefix conflicts with node_group_name (aws provider)", ref)
	}
	if uc := s.Get("update_config"); uc.Known && !s.Has("update_config.max_unavailable") && !s.Has("update_config.max_unavailable_percentage") {
		p.Report(at(uc, pool), pool, "update_config", "%s: update_config needs max_unavailable or max_unavailable_percentage (aws provider)", ref)
	}
	lt := s.Get("launch_template")
	if !lt.Known {
		return
	}
	id, name := s.Get("launch_template.id"), s.Get("launch_template.name")
	switch {
	case !plan && knownPresent(id) && knownPresent(name):
		p.Report(at(name, pool), pool, "launch_template", "%s: launch_template takes id or name, not both (aws provider)", ref)
	case !id.Set && !name.Set:
		p.Report(at(lt, pool), pool, "launch_template", "%s: launch_template needs id or name (EKS API)", ref)
	}
	if !s.Has("launch_template.version") {
		p.Report(at(lt, pool), pool, "launch_template.version", "%s: launch_template requires version (aws provider)", ref)
	}
	launchTemplateConflicts(p, pool, ref, s.Get("disk_size"), s.Get("remote_access"), s.Get("instance_types"))
}

func cfnNodegroupCombinations(p *Pass, c *nodepool.Cluster, pool *nodepool.Pool) {
	ref, s := poolRef(c, pool), pool.Settings
	if len(s) > 0 { // Properties read (not one intrinsic function)
		for _, name := range []string{"ClusterName", "NodeRole", "Subnets"} {
			if !s.Has(name) {
				p.Report(pool.Pos, pool, name, "%s: AWS::EKS::Nodegroup requires %s (resource schema)", ref, name)
			}
		}
	}
	if ra := s.Get("RemoteAccess"); ra.Known && !s.Has("RemoteAccess.Ec2SshKey") {
		p.Report(at(ra, pool), pool, "RemoteAccess.Ec2SshKey", "%s: RemoteAccess requires Ec2SshKey (resource schema)", ref)
	}
	if uc := s.Get("UpdateConfig"); uc.Known && !s.Has("UpdateConfig.MaxUnavailable") && !s.Has("UpdateConfig.MaxUnavailablePercentage") {
		p.Report(at(uc, pool), pool, "UpdateConfig", "%s: UpdateConfig needs MaxUnavailable or MaxUnavailablePercentage (EKS API)", ref)
	}
	lt := s.Get("LaunchTemplate")
	if !lt.Known {
		return
	}
	id, name := s.Get("LaunchTemplate.Id"), s.Get("LaunchTemplate.Name")
	switch {
	case knownPresent(id) && knownPresent(name):
		p.Report(at(name, pool), pool, "LaunchTemplate", "%s: LaunchTemplate takes Id or Name, not both (EKS API)", ref)
	case !id.Set && !name.Set:
		p.Report(at(lt, pool), pool, "LaunchTemplate", "%s: LaunchTemplate needs Id or Name (EKS API)", ref)
	}
	launchTemplateConflicts(p, pool, ref, s.Get("DiskSize"), s.Get("RemoteAccess"), s.Get("InstanceTypes"))
}

// launchTemplateConflicts reports settings EKS refuses beside a launch
// template.
func launchTemplateConflicts(p *Pass, pool *nodepool.Pool, ref string, disk, remote, types nodepool.Field[any]) {
	if lt := pool.LaunchTemplateInstanceType; lt.Known && lt.Value != "" && knownPresent(types) {
		p.Report(at(types, pool), pool, "instance-types-with-launch-template", "%s: EKS refuses instance types on a node group whose launch template sets one (%s); name the instance types in one place", ref, lt.Value)
	}
	if knownPresent(disk) {
		p.Report(at(disk, pool), pool, "disk-with-launch-template", "%s: EKS refuses a disk size together with a launch template; set the volume size in the launch template", ref)
	}
	if remote.Known {
		p.Report(at(remote, pool), pool, "remote-access-with-launch-template", "%s: EKS refuses remote access settings together with a launch template; configure SSH in the launch template", ref)
	}
}

// taintBlocks counts a node group's taint blocks.
func taintBlocks(s nodepool.Settings) int {
	n := 0
	for s.Has(fmt.Sprintf("taint[%d]", n)) {
		n++
	}
	return n
}
