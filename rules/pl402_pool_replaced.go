package rules

import "github.com/poollint/poollint/change"

// PL402 reports changes that make the deploying tool replace a node pool
// (or the cluster) instead of updating it.
var PL402 = register(&Rule{
	ID:        "PL402",
	Name:      "pool-replaced",
	Summary:   "This change replaces the node pool (or the cluster) instead of updating it",
	Severity:  Warning,
	Platforms: []string{"AKS", "EKS"},
	Doc: `Run by ` + "`poollint diff --base REF`" + `: a pool that exists in the base and changes a
setting its tool cannot update in place. The plan looks like an edit; the apply destroys the
pool's nodes (every pod on them is evicted at once) and creates new ones.

- Terraform azurerm v4 (kubernetes_cluster_node_pool): name, priority, eviction_policy,
  spot_max_price, os_type, os_sku outside Ubuntu ↔ AzureLinux, gpu_instance, gpu_driver,
  host_group_id, capacity_reservation_group_id, node_public_ip_prefix_id,
  proximity_placement_group_id, windows_profile and node_public_ip_tags are ForceNew; a changed
  default_node_pool type replaces the whole cluster (error). Settings that cycle the pool
  through temporary_name_for_rotation (vm_size, zones, max_pods, OS disk, subnets) are
  reported as a note: azurerm does not cordon and drain the old nodes.
  Source: terraform-provider-azurerm website/docs/r/kubernetes_cluster_node_pool and
  kubernetes_cluster ("Changing this forces a new resource to be created").
- Terraform aws v6 (aws_eks_node_group) and CloudFormation AWS::EKS::Nodegroup: ami_type,
  capacity_type, disk_size, instance_types, node_group_name(_prefix), node_role_arn,
  launch_template, remote_access, subnet_ids are ForceNew / "Update requires: Replacement".
- eksctl: an existing node group keeps its settings; only scaling, updateConfig and
  upgrades apply. Anything else needs a new node group (eksctl create nodegroup, then
  delete the old one).

Unknown values on either side are never reported.`,
	Fix: `If the replacement is intended, add the new pool before the old one goes and
drain the old one:

- Terraform: a new resource name, or lifecycle { create_before_destroy = true }
  with a node_group_name_prefix (aws) or a new name (azurerm);
- eksctl: eksctl create nodegroup for the new group, then eksctl delete
  nodegroup for the old one (it drains it).

Otherwise revert the setting.`,
	Links: []Link{linkAzurermNodePool, linkAWSNodeGroupTF, linkEksctlNodegroups},
	CheckChange: func(p *ChangePass) {
		cl := p.Change.Current()
		p.judged(func(pc *change.Pool, f change.Field, eff Effect) {
			ref := poolRef(cl, pc.After)
			switch eff {
			case Replaced:
				p.ReportChange(Warning, pc, f, "%s changes %s: the pool is destroyed and created again", ref, f)
			case ClusterReplaced:
				p.ReportChange(Error, pc, f, "%s changes %s on the default pool: Terraform replaces the whole cluster", ref, f)
			case NotApplied:
				p.ReportChange(Warning, pc, f, "%s changes %s, which eksctl does not apply to an existing node group: create a new node group", ref, f)
			case Cycled:
				if rn := pc.After.RotationName; rn.Known && rn.Value != "" {
					p.ReportChange(Note, pc, f, "%s changes %s: azurerm cycles the pool through %q without cordon and drain", ref, f, rn.Value)
				}
			}
		})
	},
})
