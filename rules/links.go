package rules

// Pages of the platforms' own documentation that Go rules link to (a rule's
// Links; Rego rules list theirs in METADATA custom.links). Every URL was
// checked to exist; TestRulesHaveFixAndLinks holds them to https and to the
// platforms' documentation hosts.
var (
	// AKS (Microsoft Learn).
	linkAKSCreatePools     = link("Create node pools for a cluster in AKS", "https://learn.microsoft.com/azure/aks/create-node-pools")
	linkAKSManagePools     = link("Manage node pools for a cluster in AKS", "https://learn.microsoft.com/azure/aks/manage-node-pools")
	linkAKSSystemPools     = link("Manage system node pools in AKS", "https://learn.microsoft.com/azure/aks/use-system-pools")
	linkAKSSpot            = link("Add an Azure Spot node pool to an AKS cluster", "https://learn.microsoft.com/azure/aks/spot-node-pool")
	linkAKSTaints          = link("Use node taints in an AKS cluster", "https://learn.microsoft.com/azure/aks/use-node-taints")
	linkAKSLabels          = link("Use labels in an AKS cluster", "https://learn.microsoft.com/azure/aks/use-labels")
	linkAKSAutoscaler      = link("Use the cluster autoscaler in AKS", "https://learn.microsoft.com/azure/aks/cluster-autoscaler")
	linkAKSScalePools      = link("Scale node pools in AKS", "https://learn.microsoft.com/azure/aks/scale-node-pools")
	linkVMEphemeralOS      = link("Ephemeral OS disks for Azure VMs", "https://learn.microsoft.com/azure/virtual-machines/ephemeral-os-disks")
	linkAKSRollingUpgrade  = link("Configure rolling upgrades for AKS node pools (max surge)", "https://learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling")
	linkAKSUpgradeOptions  = link("Upgrade options for AKS clusters", "https://learn.microsoft.com/azure/aks/upgrade-cluster")
	linkAKSVersions        = link("Supported Kubernetes versions in AKS", "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions")
	linkAKSZones           = link("Availability zones in AKS", "https://learn.microsoft.com/azure/aks/availability-zones")
	linkAKSNodePublicIP    = link("Use instance-level public IPs in AKS", "https://learn.microsoft.com/azure/aks/use-node-public-ips")
	linkAKSHostEncryption  = link("Host-based encryption on AKS", "https://learn.microsoft.com/azure/aks/enable-host-encryption")
	linkAKSQuotas          = link("Quotas, VM size restrictions and region availability in AKS", "https://learn.microsoft.com/azure/aks/quotas-skus-regions")
	linkAKSCNIOverview     = link("AKS CNI networking overview", "https://learn.microsoft.com/azure/aks/concepts-network-cni-overview")
	linkAKSUpgradeIPAM     = link("Upgrade the Azure CNI IPAM mode of an AKS cluster (to Azure CNI overlay)", "https://learn.microsoft.com/azure/aks/upgrade-aks-ipam-and-dataplane")
	linkAKSLegacyCNI       = link("AKS legacy CNI: Azure CNI node subnet and kubenet (maxPods, IP planning)", "https://learn.microsoft.com/azure/aks/concepts-network-legacy-cni")
	linkAKSAgentPoolsAPI   = link("AKS REST API: Agent Pools - Create Or Update", "https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update")
	linkARMAgentPools      = link("ARM and Bicep reference: Microsoft.ContainerService managedClusters/agentPools", "https://learn.microsoft.com/azure/templates/microsoft.containerservice/managedclusters/agentpools")
	linkAzurermNodePool    = link("Terraform azurerm_kubernetes_cluster_node_pool", "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster_node_pool")
	linkAzurermCluster     = link("Terraform azurerm_kubernetes_cluster (default_node_pool)", "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster")
	linkCAPZManagedCluster = link("Cluster API Azure: managed clusters (AKS)", "https://capz.sigs.k8s.io/topics/managedcluster")
	linkCAPZASOManaged     = link("Cluster API Azure: ASO managed clusters (AKS)", "https://capz.sigs.k8s.io/managed/asomanagedcluster")
	linkCAPZMachinePools   = link("Cluster API Azure: Machine Pools (VMSS)", "https://capz.sigs.k8s.io/self-managed/machinepools")
	linkCAPZOSDisk         = link("Cluster API Azure: OS disk", "https://capz.sigs.k8s.io/self-managed/os-disk")
	linkCAPZDataDisks      = link("Cluster API Azure: data disks", "https://capz.sigs.k8s.io/self-managed/data-disks")

	// EKS, eksctl and CloudFormation (AWS documentation).
	linkEKSManagedGroups    = link("Simplify node lifecycle with EKS managed node groups", "https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html")
	linkEKSCreateNodegroup  = link("EKS API: CreateNodegroup", "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html")
	linkEKSNodegroupAPI     = link("EKS API: Nodegroup (amiType and other fields)", "https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html")
	linkEKSTaintAPI         = link("EKS API: Taint", "https://docs.aws.amazon.com/eks/latest/APIReference/API_Taint.html")
	linkEKSNodeTaints       = link("Node taints on EKS managed node groups", "https://docs.aws.amazon.com/eks/latest/userguide/node-taints-managed-node-groups.html")
	linkEKSQuotas           = link("Amazon EKS service quotas", "https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html")
	linkEKSLaunchTemplates  = link("Customize EKS managed nodes with launch templates", "https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html")
	linkEKSPrefixDelegation = link("Assign more IP addresses to EKS nodes with prefixes", "https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html")
	linkCFNNodegroup        = link("CloudFormation AWS::EKS::Nodegroup", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-eks-nodegroup.html")
	linkCFNUpdateConfig     = link("CloudFormation AWS::EKS::Nodegroup UpdateConfig", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-eks-nodegroup-updateconfig.html")
	linkAWSNodeGroupTF      = link("Terraform aws_eks_node_group", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group")
	linkEksctlManaged       = link("eksctl: EKS managed nodegroups", "https://docs.aws.amazon.com/eks/latest/eksctl/nodegroup-managed.html")
	linkEksctlNodegroups    = link("eksctl: work with node groups", "https://docs.aws.amazon.com/eks/latest/eksctl/general-nodegroups.html")
	linkEksctlSchema        = link("eksctl: cluster config schema", "https://docs.aws.amazon.com/eks/latest/eksctl/schema.html")
	linkEksctlSpot          = link("eksctl: Spot instances", "https://docs.aws.amazon.com/eks/latest/eksctl/spot-instances.html")
	linkCAPAEKS             = link("Cluster API AWS: EKS support (AWSManagedMachinePool)", "https://cluster-api-aws.sigs.k8s.io/topics/eks/")
	linkCAPIMachinePools    = link("Cluster API: MachinePool", "https://cluster-api.sigs.k8s.io/tasks/experimental-features/machine-pools")
	linkCAPIConcepts        = link("Cluster API: concepts (MachineDeployment, MachinePool)", "https://cluster-api.sigs.k8s.io/user/concepts")

	// Karpenter.
	linkKarpenterNodePools   = link("Karpenter: NodePools", "https://karpenter.sh/docs/concepts/nodepools/")
	linkKarpenterDisruption  = link("Karpenter: disruption", "https://karpenter.sh/docs/concepts/disruption/")
	linkKarpenterNodeClasses = link("Karpenter: NodeClasses (EC2NodeClass)", "https://karpenter.sh/docs/concepts/nodeclasses/")

	// Kubernetes.
	linkK8sLabels      = link("Kubernetes: labels, syntax and character set", "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/")
	linkK8sTaints      = link("Kubernetes: taints and tolerations", "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/")
	linkK8sVersionSkew = link("Kubernetes version skew policy", "https://kubernetes.io/releases/version-skew-policy/")
)

func link(title, url string) Link { return Link{Title: title, URL: url} }
