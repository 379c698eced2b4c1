package rules

import "github.com/poollint/poollint/nodepool"

// PL103 reports Cluster API AWS machine pools its webhooks reject.
var PL103 = register(&Rule{
	ID:        "PL103",
	Name:      "capa-rejects",
	Summary:   "Cluster API AWS machine pool or machine template that CAPA's webhooks or CRD reject",
	Severity:  Error,
	Platforms: []string{"EKS", "Kubernetes"}, // AWSMachinePool may join a cluster of unknown cloud (kubeadm on EC2)
	Doc: `Cluster API Provider AWS validates AWSManagedMachinePool, AWSMachinePool,
ROSAMachinePool and AWSMachineTemplate objects in admission webhooks and its
CRDs (sigs.k8s.io/cluster-api-provider-aws/v2 v2.13.0: exp/webhooks
awsmanagedmachinepool_webhook.go, awsmachinepool_webhook.go, validation.go,
api/v1beta2 tags.go, exp/api/v1beta2 awsmanagedmachinepool_types.go; main at
2cf09d785: webhooks awsmachinetemplate_webhook.go, awsmachine_webhook.go,
sshkeyname.go, exp/webhooks rosamachinepool_webhook.go, api/v1beta2
awsmachine_types.go and types.go, exp/api/v1beta2 awsmachinepool_types.go,
types.go and rosamachinepool_types.go). poollint runs
the create checks offline, ported from that source, with the webhooks' test
tables as its own:

- AWSManagedMachinePool: amiType, capacityType (onDemand, spot) and
  availabilityZoneSubnetType (public, private, all) from the CRD's enums,
  amiVersion of at least 2 characters, remoteAccess.sourceSecurityGroups
  empty when public is set, no instanceType, diskSize or launch-template
  iamInstanceProfile with awsLaunchTemplate, launch-template volumes with a
  size of at least 8 GiB;
- AWSMachinePool: defaultCoolDown not negative, io1/io2 volumes with iops,
  throughput only on gp3 (125–2000 MiB/s for the root volume), volumes with
  a size of at least 8 GiB, non-root volumes with a deviceName, subnets and
  security groups by id or by filters, spotMarketOptions without
  mixedInstancesPolicy, refresh preferences (maxHealthyPercentage 100–200
  and at most 100 above minHealthyPercentage), marketType (OnDemand, Spot,
  CapacityBlock) with spotMarketOptions and capacityReservationId as CAPA
  allows them, and the CRD's enums of availabilityZoneSubnetType, the
  mixed instances policy's onDemandAllocationStrategy and
  spotAllocationStrategy, and ignition's version and storageType;
- the launch templates of both and AWSMachineTemplate: the CRDs'
  instanceMetadataOptions (httpEndpoint, httpProtocolIpv6 and
  instanceMetadataTags enabled or disabled, httpTokens optional or required,
  httpPutResponseHopLimit 1–64), privateDnsName.hostnameType and
  ami.eksLookupType enums, and marketType's for a managed node group's;
- both: lifecycle hooks (a name, lifecycleTransition, roleARN with
  notificationTargetARN, defaultResult CONTINUE or ABANDON, heartbeatTimeout
  30–172800 s) and additionalTags (keys of 1–128 and values of at most 256
  allowed characters, no aws: prefix, at most 50);
- AWSMachineTemplate (the machines of a MachineDeployment): the template
  webhook's checks (no providerID, cloudInit secretPrefix or secretCount in a
  template, ignition without cloudInit, volumes as for AWSMachinePool with a
  size of at least 8 GiB, an ASCII sshKeyName, security groups by id or by
  filters, additionalTags, dedicated hosts: hostID, hostAffinity and
  dynamicHostAllocation only with tenancy host and as CAPA pairs them) and
  those of the AWSMachine webhook every machine made from the template goes
  through (root volume throughput 125–2000 MiB/s, elasticIpPool with publicIP
  and an ipv4pool-ec2- pool and its fallback order, marketType with
  spotMarketOptions and capacityReservationId, capacityReservationPreference,
  ignition proxy URLs, noProxy entries and TLS CA sources, proxy and TLS from
  ignition 3.1), with the CRD's instanceType of at least 2 characters, its
  CEL rules (no capacityReservationId with marketType Spot or with
  spotMarketOptions), publicIpv4Pool of at most 30 characters and enums
  (publicIpv4PoolFallbackOrder none or amazon-pool, assignPrimaryIPv6,
  cpuOptions, tenancy, hostAffinity, marketType, secureSecretsBackend, ignition
  version and storageType);
- ROSAMachinePool: a semantic version, nodeDrainGracePeriod of at most a
  week, additionalTags, and the CRD's nodePoolName (required, at most 15
  lower-case characters), instanceType, imageType, volumeSize (75–16384 GiB),
  autoscaling bounds and updateConfig surge spelling.

Sizes, updateConfig, labels and taints are PL007, PL027, PL002, PL017 and
PL016. The update checks (immutable fields) need the previous object and are
not run, nor is the BootstrapFormatIgnition feature gate, which depends on how
CAPA is deployed. A value that cannot be resolved offline is not checked.`,
	Fix: `Change the AWSManagedMachinePool, AWSMachinePool, AWSMachineTemplate or
ROSAMachinePool field the message names to a value CAPA's webhook accepts:
capacityType onDemand or spot, an amiType from the CRD's list, no instanceType or
diskSize together with awsLaunchTemplate, throughput only on gp3 volumes,
lifecycle hooks with a name and lifecycleTransition, additionalTags without the
aws: prefix, hostID only with tenancy host, a ROSA version like 4.17.3. kubectl apply
--dry-run=server against a management cluster with CAPA installed shows the
same errors.`,
	Links: []Link{linkCAPAEKS, linkCAPIMachinePools, linkEKSCreateNodegroup},
	Check: func(p *Pass) { reportRejections(p, nodepool.ValidatorCAPA) },
})
