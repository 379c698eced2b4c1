package rules

import (
	"github.com/poollint/poollint/change"
	"github.com/poollint/poollint/nodepool"
)

// PL401 reports changes to a node pool that the platform refuses.
var PL401 = register(&Rule{
	ID:        "PL401",
	Name:      "change-rejected",
	Summary:   "The platform refuses this change to an existing node pool",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS", "Karpenter", "Cluster API"},
	Doc: `Run by ` + "`poollint diff --base REF`" + ` (and ` + "`scan --base REF`" + `): a pool that
exists in the base and changes a setting the platform cannot change in place. The
deployment fails half-way, after other resources have changed.

- AKS (ARM, Bicep, Azure Service Operator): vmSize, osType, osSKU across families
  (Ubuntu ↔ Azure Linux is allowed), availability zones, subnets, maxPods, OS disk type and
  size, priority, eviction policy, spot max price, the VM set type, FIPS, encryption at
  host, Ultra SSD, kubelet and Linux OS config, kubelet disk type, node public IPs and their
  prefix, GPU instance profile, host, capacity reservation and proximity placement groups of
  an agent pool cannot be updated (AKS agent pools REST API; AKS docs "Create node pools", "Resize node pools":
  vmSize in-place resize is a preview of API 2026-01-02-preview only).
- Cluster API Azure (AzureManagedMachinePool): the webhook's immutable fields (sku, osType,
  osDiskSizeGB, osDiskType, availabilityZones, maxPods, scaleSetPriority, spotMaxPrice,
  subnetName once set, enableFIPS, enableEncryptionAtHost, enableUltraSSD, kubeletConfig,
  linuxOSConfig, kubeletDiskType, enableNodePublicIP, nodePublicIPPrefixID) — cluster-api-provider-azure internal/webhooks
  azuremanagedmachinepool_validation.go.
- Cluster API AWS (AWSManagedMachinePool): eksNodegroupName, subnetIDs, diskSize,
  amiType, capacityType, availabilityZones — cluster-api-provider-aws v2
  exp/api/v1beta2 awsmanagedmachinepool_webhook.go.
- Karpenter v1: a NodePool's nodeClassRef group and kind, and a switch between a static
  (replicas) and a dynamic NodePool (CRD CEL rules).
- Terraform azurerm v4: a setting that cycles the pool (vm_size, zones, max_pods,
  os_disk_size_gb, os_disk_type, vnet_subnet_id, pod_subnet_id, fips_enabled,
  host_encryption_enabled, kubelet_config, linux_os_config, kubelet_disk_type,
  node_public_ip_enabled, ultra_ssd_enabled, snapshot_id; os_sku across families and
  only_critical_addons_enabled on the default pool) while temporary_name_for_rotation is not set: the provider stops the apply
  with "temporary_name_for_rotation must be specified".
- The last System pool of an AKS cluster removed or switched to User (AKS refuses
  it; CAPZ protects the last System pool).

A value poollint cannot resolve on either side is never reported.`,
	Fix: `Create a new pool with the new settings, move the workloads to it, then remove
the old pool, instead of changing the pool in place:

- ARM, Bicep and ASO: a new agentPools resource (a new name) beside the old one;
- Terraform azurerm: set temporary_name_for_rotation on the pool so the
  provider cycles it, or add a new azurerm_kubernetes_cluster_node_pool;
- Cluster API: a new AzureManagedMachinePool or AWSManagedMachinePool with its
  MachinePool; Karpenter: a new NodePool;
- keep at least one System pool at every step.`,
	Links: []Link{linkAKSManagePools, linkAzurermNodePool, linkCAPZManagedCluster, linkCAPAEKS},
	CheckChange: func(p *ChangePass) {
		c := p.Change
		cl := c.Current()
		p.judged(func(pc *change.Pool, f change.Field, eff Effect) {
			switch eff {
			case Rejected:
				p.ReportChange(Error, pc, f, "%s cannot change %s in place (%s): the platform rejects the update; create a new pool instead", poolRef(cl, pc.After), f.Name, f)
			case Cycled:
				rn := pc.After.RotationName
				if rn.Set && !rn.Known {
					return // unresolved: it may be set
				}
				if !rn.Known || rn.Value == "" {
					p.ReportChange(Error, pc, f, "%s changes %s, which cycles the pool, but temporary_name_for_rotation is not set: azurerm stops the apply", poolRef(cl, pc.After), f)
				}
			}
		})
		if cl.Provider == nodepool.Azure && c.Kind == change.Changed && c.After != nil && !c.After.Partial && !c.After.PoolsUnknown {
			lastSystemPool(p, c)
		}
	},
})

// lastSystemPool reports a change that leaves an AKS cluster that had a
// System pool with none.
func lastSystemPool(p *ChangePass, c *change.Cluster) {
	had, has := false, false
	for _, pl := range c.Before.Pools {
		if is(pl.Mode, nodepool.ModeSystem) {
			had = true
		}
	}
	for _, pl := range c.After.Pools {
		if !pl.Mode.Known {
			return // cannot tell
		}
		if is(pl.Mode, nodepool.ModeSystem) {
			has = true
		}
	}
	if !had || has || c.Before.PoolsUnknown {
		return
	}
	for i := range c.Pools {
		pc := &c.Pools[i]
		if pc.Before == nil || !is(pc.Before.Mode, nodepool.ModeSystem) {
			continue
		}
		if pc.Kind == change.Removed {
			p.ReportSeverity(Error, c.After.Pos, nil, "last-system:"+pc.Before.DisplayName(), "cluster %q removes its last System pool %q: AKS refuses it (a cluster needs a System pool)", c.After.DisplayName(), pc.Before.DisplayName())
			return
		}
		if f, ok := pc.Field("mode"); ok && f.Known {
			p.ReportChange(Error, pc, f, "%s switches the cluster's last System pool to %s: AKS refuses it (a cluster needs a System pool)", poolRef(c.After, pc.After), f.After)
			return
		}
	}
}
