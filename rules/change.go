package rules

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/poollint/poollint/change"
	"github.com/poollint/poollint/nodepool"
)

// ChangePass is what a change rule sees: one cluster as the base had it and
// as the head has it, pool by pool.
type ChangePass struct {
	*Pass
	Change *change.Cluster
}

// ReportChange records a finding about a changed setting at head's line,
// with base's line as a related location.
func (p *ChangePass) ReportChange(sev Severity, pc *change.Pool, f change.Field, format string, args ...any) {
	pool := pc.Current()
	pos := f.Pos
	if pc.After == nil || !pos.IsValid() {
		pos = pool.Pos
	}
	n := len(p.findings)
	p.ReportSeverity(sev, pos, pool, f.Name, format, args...)
	if f.OldPos.IsValid() && f.OldPos != pos {
		p.findings[n].Related = append([]nodepool.Pos{f.OldPos}, p.findings[n].Related...)
	}
}

// CheckChanges runs the change rules on what a change did to each cluster.
// A removed cluster is judged as the base had it.
func (e *Engine) CheckChanges(ctx context.Context, cs []change.Cluster) ([]Finding, []error) {
	var (
		findings []Finding
		errs     []error
	)
	for i := range cs {
		if ctx.Err() != nil {
			return findings, append(errs, context.Cause(ctx))
		}
		c := &cs[i]
		if c.Kind == change.Unchanged {
			continue
		}
		for _, r := range e.rules {
			if r.CheckChange == nil {
				continue
			}
			p := &ChangePass{Pass: &Pass{Rule: r, Cluster: c.Current(), params: e.params[r.ID]}, Change: c}
			err := func() (err error) {
				defer func() {
					if x := recover(); x != nil {
						err = fmt.Errorf("rule %s panicked: %v\n%s", r.ID, x, debug.Stack())
					}
				}()
				r.CheckChange(p)
				return nil
			}()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			findings = append(findings, p.findings...)
		}
	}
	return findings, errs
}

// judged calls f for every setting of a changed pool whose values are
// known on both sides, with what the platform does with it.
func (p *ChangePass) judged(f func(pc *change.Pool, fc change.Field, eff Effect)) {
	cl := p.Change.Current()
	for i := range p.Change.Pools {
		pc := &p.Change.Pools[i]
		if pc.Kind != change.Changed {
			continue
		}
		for _, fc := range pc.Fields {
			if fc.Known {
				eff, _ := ChangeEffect(cl, pc, fc)
				f(pc, fc, eff)
			}
		}
	}
}

// Effect is what the platform does with a changed setting.
type Effect int

const (
	// InPlace: the platform updates the pool.
	InPlace Effect = iota
	// Cycled: Terraform (azurerm) replaces the pool's nodes through a
	// temporary pool, which temporary_name_for_rotation must name.
	Cycled
	// Replaced: the tool destroys the pool and creates it again.
	Replaced
	// ClusterReplaced: the tool destroys the whole cluster and creates it
	// again (a default pool's ForceNew setting).
	ClusterReplaced
	// Rejected: the platform refuses the change.
	Rejected
	// NotApplied: the tool does not change an existing pool (eksctl); a
	// new pool is needed.
	NotApplied
)

func (e Effect) String() string {
	return [...]string{"in place", "cycled", "replaced", "cluster replaced", "rejected", "not applied"}[e]
}

// ChangeEffect says what the platform (as the cluster's format deploys it)
// does when a pool setting changes, and the source of that fact. Unknown
// values are the caller's to leave alone.
func ChangeEffect(c *nodepool.Cluster, pc *change.Pool, f change.Field) (Effect, string) {
	pool := pc.Current()
	if f.Setting {
		return settingEffect(pool, f)
	}
	switch {
	case pool.Karpenter != nil:
		if f.Name == "nodeClassKind" {
			return Rejected, "Karpenter v1 NodePool CRD: nodeClassRef group and kind are immutable (CEL)"
		}
		if f.Name == "replicas" && f.WasSet != f.IsSet {
			return Rejected, "Karpenter NodePool CRD: a NodePool cannot switch between static (replicas) and dynamic (CEL)"
		}
		return InPlace, ""
	case c.Format == "terraform" || c.Format == "terraform-plan":
		if c.Provider == nodepool.AWS {
			if awsNodeGroupForceNew[f.Name] {
				return Replaced, "hashicorp/aws aws_eks_node_group: ForceNew"
			}
			return InPlace, ""
		}
		return azurermEffect(pool, f)
	case c.Format == "eksctl":
		if eksctlUpdatable[f.Name] {
			return InPlace, ""
		}
		return NotApplied, "eksctl: an existing node group's settings are not updated (only scaling, updateConfig and upgrades)"
	case c.Format == "cloudformation":
		if awsNodeGroupForceNew[f.Name] {
			return Replaced, "AWS::EKS::Nodegroup: Update requires replacement"
		}
		return InPlace, ""
	case c.Format == "cluster-api" && c.Provider == nodepool.AWS:
		if capaImmutable[f.Name] {
			return Rejected, "cluster-api-provider-aws AWSManagedMachinePool webhook: immutable field"
		}
		return InPlace, ""
	case c.Provider == nodepool.Azure:
		if f.Name == "osSku" && sameOSFamily(f.Before, f.After) {
			return InPlace, ""
		}
		if f.Name == "vnetSubnetId" && c.Format == "cluster-api" && !f.WasSet {
			return InPlace, "" // CAPZ: subnetName may be set once
		}
		if aksImmutable[f.Name] {
			src := "AKS agent pools API: property cannot be changed on an existing pool"
			if c.Format == "cluster-api" {
				src = "cluster-api-provider-azure AzureManagedMachinePool webhook: immutable field"
			}
			return Rejected, src
		}
	}
	return InPlace, ""
}

// azurermEffect: hashicorp/azurerm v4 kubernetes_cluster(_node_pool).
func azurermEffect(pool *nodepool.Pool, f change.Field) (Effect, string) {
	const src = "hashicorp/azurerm v4 kubernetes_cluster_node_pool / default_node_pool"
	switch {
	case f.Name == "vmSetType" && pool.Default:
		return ClusterReplaced, src + ": default_node_pool type is ForceNew on the cluster"
	case f.Name == "osSku":
		if sameOSFamily(f.Before, f.After) {
			return InPlace, ""
		}
		if pool.Default {
			return Cycled, src
		}
		return Replaced, src + ": ForceNew outside Ubuntu ↔ AzureLinux"
	case azurermCycled[f.Name]:
		return Cycled, src
	case !pool.Default && azurermForceNew[f.Name]:
		return Replaced, src + ": ForceNew"
	}
	return InPlace, ""
}

// sameOSFamily: AKS and azurerm move a pool between Ubuntu and Azure Linux
// versions in place.
func sameOSFamily(a, b string) bool {
	fam := func(s string) bool {
		s = strings.ToLower(s)
		return strings.HasPrefix(s, "ubuntu") || strings.HasPrefix(s, "azurelinux") || strings.HasPrefix(s, "cblmariner") || strings.HasPrefix(s, "mariner")
	}
	return fam(a) && fam(b)
}

var (
	// AKS REST API (Microsoft.ContainerService agentPools) and docs: what
	// an existing pool cannot change. vmSize is immutable in the GA API.
	aksImmutable = setOf("vmSize", "osType", "osSku", "zones", "vnetSubnetId", "podSubnetId", "maxPods",
		"osDiskType", "osDiskSizeGB", "priority", "evictionPolicy", "spotMaxPrice", "vmSetType")
	// azurerm: settings whose change cycles the pool through
	// temporary_name_for_rotation.
	azurermCycled = setOf("vmSize", "zones", "maxPods", "osDiskSizeGB", "osDiskType", "vnetSubnetId", "podSubnetId")
	// azurerm kubernetes_cluster_node_pool ForceNew settings in the model.
	azurermForceNew = setOf("name", "priority", "evictionPolicy", "spotMaxPrice", "osType")
	// aws_eks_node_group / AWS::EKS::Nodegroup ForceNew settings.
	awsNodeGroupForceNew = setOf("name", "osSku", "priority", "osDiskSizeGB", "instanceTypes", "vmSize", "vnetSubnetId")
	// CAPA AWSManagedMachinePool ValidateUpdate.
	capaImmutable = setOf("name", "vnetSubnetId", "osDiskSizeGB", "osSku", "priority", "zones")
	// eksctl applies these to an existing node group (scale, update
	// nodegroup, upgrade); everything else needs a new group.
	eksctlUpdatable = setOf("count", "minCount", "maxCount", "maxUnavailable", "unavailableBoth", "orchestratorVersion", "autoScaling")
)

func setOf(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// settingEffect judges a change of a schema setting the model does not
// hold, by its top-level name.
func settingEffect(pool *nodepool.Pool, f change.Field) (Effect, string) {
	top := f.Name
	if i := strings.IndexAny(top, ".["); i >= 0 {
		top = top[:i]
	}
	switch pool.Schema {
	case nodepool.SchemaAKS:
		if aksImmutableSettings[top] {
			return Rejected, "AKS agent pools API: property cannot be changed on an existing pool"
		}
	case nodepool.SchemaCAPZ:
		if capzImmutableSettings[top] {
			return Rejected, "cluster-api-provider-azure AzureManagedMachinePool webhook: immutable field"
		}
	case nodepool.SchemaAzurerm:
		switch {
		case azurermCycledSettings[top] || (pool.Default && top == "only_critical_addons_enabled"):
			return Cycled, "hashicorp/azurerm v4: changing it requires temporary_name_for_rotation"
		case !pool.Default && azurermForceNewSettings[top]:
			return Replaced, "hashicorp/azurerm v4 kubernetes_cluster_node_pool: ForceNew"
		}
	case nodepool.SchemaAWSNodeGroup:
		if awsForceNewSettings[top] {
			return Replaced, "hashicorp/aws aws_eks_node_group: ForceNew"
		}
	case nodepool.SchemaCFNNodegroup:
		if cfnReplacementSettings[top] {
			return Replaced, "AWS::EKS::Nodegroup: Update requires replacement"
		}
	}
	return InPlace, ""
}

var (
	// AKS agent pool properties (lower-cased as ARM reads them) that an
	// existing pool keeps: AKS docs and the agent pools API.
	aksImmutableSettings = setOf("enablefips", "enableencryptionathost", "enableultrassd", "kubeletconfig", "linuxosconfig",
		"kubeletdisktype", "enablenodepublicip", "nodepublicipprefixid", "gpuinstanceprofile", "hostgroupid",
		"capacityreservationgroupid", "proximityplacementgroupid")
	// CAPZ AzureManagedMachinePool ValidateUpdate's immutable fields
	// beyond the model's.
	capzImmutableSettings = setOf("enableFIPS", "enableEncryptionAtHost", "enableUltraSSD", "kubeletConfig", "linuxOSConfig",
		"kubeletDiskType", "enableNodePublicIP", "nodePublicIPPrefixID")
	// azurerm v4 (and v3 names): settings that cycle the pool.
	azurermCycledSettings = setOf("fips_enabled", "host_encryption_enabled", "enable_host_encryption", "kubelet_config",
		"linux_os_config", "kubelet_disk_type", "node_public_ip_enabled", "enable_node_public_ip", "ultra_ssd_enabled", "snapshot_id")
	// azurerm kubernetes_cluster_node_pool ForceNew settings beyond the
	// model's.
	azurermForceNewSettings = setOf("gpu_instance", "gpu_driver", "host_group_id", "capacity_reservation_group_id",
		"node_public_ip_prefix_id", "proximity_placement_group_id", "windows_profile", "node_public_ip_tags")
	// aws_eks_node_group ForceNew arguments beyond the model's.
	awsForceNewSettings = setOf("launch_template", "node_role_arn", "remote_access", "node_group_name_prefix", "subnet_ids")
	// AWS::EKS::Nodegroup properties whose update replaces the group.
	cfnReplacementSettings = setOf("LaunchTemplate", "NodeRole", "RemoteAccess", "Subnets")
)
