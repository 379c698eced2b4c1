package rules

import "github.com/poollint/poollint/nodepool"

// PL101 reports node groups eksctl's own validation rejects.
var PL101 = register(&Rule{
	ID:        "PL101",
	Name:      "eksctl-rejects",
	Summary:   "eksctl node group that eksctl's validation rejects",
	Severity:  Error,
	Platforms: []string{"EKS"},
	Doc: `eksctl validates every node group of a ClusterConfig before it creates anything
(eksctl v0.230.0: the file is loaded strictly by pkg/eks/api.go ParseConfig,
then pkg/ctl/cmdutils/cmd.go runs ValidateClusterConfig, ValidateNodeGroup
before SetNodeGroupDefaults for each self-managed group, and
SetManagedNodeGroupDefaults before ValidateManagedNodeGroup for each managed
one; the checks are in pkg/apis/eksctl.io/v1alpha5/validation.go and
defaults.go). poollint runs those checks offline, ported from that source,
in that order: a self-managed group is checked as written (no amiFamily,
volumeSize or volumeType defaulted yet; an unset volume type reads as gp3),
a managed one after its defaults (AmazonLinux2023 unless it has a custom
AMI, volume type gp3 with its minimum IOPS). Measured on eksctl's own test
tables (scan/validators_eksctl_test.go).

- loading: every key of the ClusterConfig must be one of its fields; a key
  of another case (managedNodegroups, minsize) passes the strict check,
  which matches names ignoring case, but eksctl's decoder matches them
  exactly and drops it, so what it holds is silently not applied (a
  warning: the node groups of a misspelt list are not created);
  every key of a node group, and of the structures under it (ssh,
  iam, iam.withAddonPolicies, securityGroups, instancesDistribution,
  updateConfig, instanceSelector, placement, capacityReservation,
  launchTemplate, nodeRepairConfig, bottlerocket, taints, additionalVolumes),
  must be a field of its type (a managed group has no containerRuntime, a
  self-managed one no instanceTypes), those
  structures are mappings (not ssh: true), a managed group's taints a list,
  and values have the JSON type of their field once read as YAML 1.1
  (labels and tags map to strings, so gpu: true must be quoted; volumeSize
  is an integer, not 80GB; instanceTypes a list); no empty list items;
  every group named;
- volumes: volumeIOPS only for io1, io2 and gp3 and within the type's range
  (gp3 3000–16000, io1 100–64000, io2 100–256000), volumeThroughput only for
  gp3 and within 125–1000, volumeKmsKeyID only with volumeEncrypted: true,
  volumeName, volumeEncrypted and volumeKmsKeyID only with volumeSize;
- AMI family: one eksctl supports (matched case-insensitively, Bottlerocket
  and BottlerocketFips, Ubuntu up to 2604, Windows Server up to 2025), not
  AmazonLinux2 from Kubernetes 1.33, no Inferentia or Trainium instance
  types outside AmazonLinux2/AmazonLinux2023/Bottlerocket, Bottlerocket and
  Windows groups without the fields they do not support (and Bottlerocket
  settings that do not repeat the node group's labels, taints, max pods or
  cluster DNS), an EKS AMI type for the instance's architecture and
  accelerator (no ARM NVIDIA types on AmazonLinux2, no ARM on Windows), a
  custom AMI with an explicit family and overrideBootstrapCommand where
  eksctl needs one;
- self-managed groups: names of letters, digits and hyphens only, mixed
  instances (instancesDistribution: instanceType "mixed" or unset, 1–20 types,
  percentages and pool counts in range, a known spotAllocationStrategy),
  cpuCredits only with t-family types, asgSuspendProcesses names,
  containerRuntime, maxInstanceLifetime of at least a day, IAM ARNs that
  exclude the role-creating fields, Outposts ARNs;
- managed groups: no instance profile ARN, Outposts or local security groups,
  only one of instanceType and instanceTypes, a launch template with an id, a
  version number >= 1 and none of the fields it replaces (an SSH key turns
  ssh.allow on), updateConfig.maxUnavailable within the maxSize eksctl
  defaults when none is written (desiredCapacity, else minSize, else 2);
- availabilityZones with subnets or localZones, placement without a
  groupName, efaEnabled with several subnets, SSM disabled, capacity
  reservation settings;
- taint effects in the EKS API's spelling (NO_SCHEDULE): eksctl takes
  NoSchedule, NoExecute and PreferNoSchedule;
- across the ClusterConfig (ValidateClusterConfig, and ValidateNodeGroup's
  checks that read it): node group names unique across nodeGroups and
  managedNodeGroups, privateNetworking on every group of a fully-private
  cluster (privateCluster.enabled), self-managed groups on one Outpost at
  most and none on an Outpost in a fully-private cluster without an
  outpost section; with the control plane on an Outpost
  (outpost.controlPlaneOutpostARN), no managed groups (create cluster and
  create nodegroup refuse them), self-managed groups on that Outpost only, without instanceSelector, availabilityZones or localZones, of the
  AmazonLinux2 or AmazonLinux2023 family when one is named, with gp2 volumes
  when a type is named.

Labels, taint keys, sizes and updateConfig are PL002, PL017, PL016, PL007 and
PL027. Not checked: what needs AWS (AMI lookups, instance types offered in a
region, the cluster's version), and create-cluster-only checks on the whole
file (node groups in a cluster created without the VPC CNI or with Auto
Mode), since the same file is valid for eksctl create nodegroup. A value that
cannot be resolved offline (a ${VAR} placeholder, a value of the wrong type)
is not checked, nor anything that depends on it.`,
	Fix: `Change the field the finding names to what eksctl accepts; the message says
which field and what it allows. Common fixes: volumeIOPS and volumeThroughput
only with volumeType gp3 (or io1/io2 for IOPS) and within range; an amiFamily
eksctl supports (AmazonLinux2023, not AmazonLinux2, from Kubernetes 1.33 on);
instanceType or instanceTypes, not both, in a managed node group; no fields a
launch template replaces when launchTemplate is set. eksctl create cluster
--dry-run runs the same validation before anything is created.`,
	Links: []Link{linkEksctlSchema, linkEksctlManaged, linkEksctlNodegroups},
	Check: func(p *Pass) { reportRejections(p, nodepool.ValidatorEksctl) },
})
