package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// capzRows are the AzureManagedMachinePool CRD's enums, bounds and the
// field checks of its validating webhook (kubernetes-sigs/cluster-api-provider-azure
// v1.26.0: api/v1beta1/types_class.go, azuremanagedmachinepool_types.go and
// internal/webhooks/azuremanagedmachinepool_validation.go), and the AKS
// API's OS disk size, which CAPZ passes on.
var capzRows = []fieldCheck{
	between("osDiskSizeGB", 0, 2048),
	oneOf("mode", "System", "User"),
	oneOf("osType", "Linux", "Windows"),
	oneOf("osDiskType", "Managed", "Ephemeral"),
	oneOf("scaleSetPriority", "Regular", "Spot"),
	oneOf("scaleDownMode", "Delete", "Deallocate"),
	oneOf("kubeletDiskType", "OS", "Temporary"),
	oneOf("kubeletConfig.cpuManagerPolicy", "none", "static"),
	oneOf("kubeletConfig.topologyManagerPolicy", "none", "best-effort", "restricted", "single-numa-node"),
	between("kubeletConfig.imageGcHighThreshold", 0, 100),
	between("kubeletConfig.imageGcLowThreshold", 0, 100),
	atLeast("kubeletConfig.containerLogMaxFiles", 2),
	atLeast("kubeletConfig.podMaxPids", -1),
	matching("kubeletConfig.cpuCfsQuotaPeriod", `ms$`, "must be in milliseconds with an 'ms' suffix, e.g. '100ms'"),
	matching("kubeletConfig.allowedUnsafeSysctls[]", `^(kernel\.shm.+|kernel\.msg.+|kernel\.sem|fs\.mqueue\..+|net\..+)$`, "is not an allowed unsafe sysctl (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*, net.*)"),
	atLeast("linuxOSConfig.swapFileSizeMB", 1),
	oneOf("linuxOSConfig.transparentHugePageEnabled", "always", "madvise", "never"),
	oneOf("linuxOSConfig.transparentHugePageDefrag", "always", "defer", "defer+madvise", "madvise", "never"),
	between("linuxOSConfig.sysctls.fsAioMaxNr", 65536, 6553500),
	between("linuxOSConfig.sysctls.fsFileMax", 8192, 12000500),
	between("linuxOSConfig.sysctls.fsInotifyMaxUserWatches", 781250, 2097152),
	between("linuxOSConfig.sysctls.fsNrOpen", 8192, 20000500),
	between("linuxOSConfig.sysctls.kernelThreadsMax", 20, 513785),
	between("linuxOSConfig.sysctls.netCoreNetdevMaxBacklog", 1000, 3240000),
	between("linuxOSConfig.sysctls.netCoreOptmemMax", 20480, 4194304),
	between("linuxOSConfig.sysctls.netCoreRmemDefault", 212992, 134217728),
	between("linuxOSConfig.sysctls.netCoreRmemMax", 212992, 134217728),
	between("linuxOSConfig.sysctls.netCoreSomaxconn", 4096, 3240000),
	between("linuxOSConfig.sysctls.netCoreWmemDefault", 212992, 134217728),
	between("linuxOSConfig.sysctls.netCoreWmemMax", 212992, 134217728),
	between("linuxOSConfig.sysctls.netIpv4NeighDefaultGcThresh1", 128, 80000),
	between("linuxOSConfig.sysctls.netIpv4NeighDefaultGcThresh2", 512, 90000),
	between("linuxOSConfig.sysctls.netIpv4NeighDefaultGcThresh3", 1024, 100000),
	between("linuxOSConfig.sysctls.netIpv4TCPFinTimeout", 5, 120),
	between("linuxOSConfig.sysctls.netIpv4TCPKeepaliveProbes", 1, 15),
	between("linuxOSConfig.sysctls.netIpv4TCPKeepaliveTime", 30, 432000),
	between("linuxOSConfig.sysctls.netIpv4TCPMaxSynBacklog", 128, 3240000),
	between("linuxOSConfig.sysctls.netIpv4TCPMaxTwBuckets", 8000, 1440000),
	between("linuxOSConfig.sysctls.netIpv4TCPkeepaliveIntvl", 1, 75),
	between("linuxOSConfig.sysctls.netNetfilterNfConntrackBuckets", 65536, 147456),
	between("linuxOSConfig.sysctls.netNetfilterNfConntrackMax", 131072, 1048576),
	between("linuxOSConfig.sysctls.vmMaxMapCount", 65530, 262144),
	between("linuxOSConfig.sysctls.vmSwappiness", 0, 100),
	between("linuxOSConfig.sysctls.vmVfsCachePressure", 1, 500),
	matching("spotMaxPrice", `^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`, "is not a Kubernetes quantity (a number such as 0.5 or -1)"),
	// Stricter than Azure's own subnet names: neither one character nor
	// a trailing '_'.
	matching("subnetName", `^[a-zA-Z0-9][a-zA-Z0-9._-]{0,78}[a-zA-Z0-9]$`, "is not a subnet name CAPZ accepts (2–80 letters, digits, '.', '-' and '_', starting and ending with a letter or digit)"),
	matching("nodePublicIPPrefixID", `(?i)^/?subscriptions/[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}/resourcegroups/[^/]+/providers/microsoft\.network/publicipprefixes/[^/]+$`, "is not a public IP prefix resource ID"),
}

// PL204 checks Cluster API Azure AzureManagedMachinePools as CAPZ's webhook does.
var PL204 = register(&Rule{
	ID:        "PL204",
	Name:      "capz-managed-pool-invalid",
	Summary:   "AzureManagedMachinePool that Cluster API Azure's webhook or CRD refuses",
	Severity:  Error,
	Platforms: []string{"AKS", "Cluster API"},
	Doc: `Ports the validation of Cluster API Azure's AzureManagedMachinePool and
AzureManagedMachinePoolTemplate (kubernetes-sigs/cluster-api-provider-azure
v1.26.0: internal/webhooks azuremanagedmachinepool_webhook.go,
azuremanagedmachinepool_validation.go, azuremanagedmachinepooltemplate_webhook.go,
and the CRD's enums and bounds in api/v1beta1 types_class.go and
azuremanagedmachinepool_types.go), with the webhooks' test tables as its
own: the API server refuses the object before any AKS call.

- the enums of mode, osType, osDiskType, scaleSetPriority, scaleDownMode
  and kubeletDiskType, and osDiskSizeGB 0–2048 (the AKS API's bound, which
  CAPZ passes on);
- subnetName matches CAPZ's pattern: 2–80 letters, digits, '.', '-' and
  '_', starting and ending with a letter or digit (stricter than Azure's
  own subnet names: no single character, no trailing '_');
- nodePublicIPPrefixID must be a public IP prefix resource ID, and needs
  enableNodePublicIP: true;
- kubeletConfig: cpuCfsQuotaPeriod in milliseconds ("100ms"),
  imageGcLowThreshold not above imageGcHighThreshold (both 0–100),
  allowedUnsafeSysctls only kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*
  and net.*, containerLogMaxFiles at least 2, podMaxPids at least -1, and
  the cpuManagerPolicy and topologyManagerPolicy enums;
- spotMaxPrice a Kubernetes quantity (0.5, -1);
- linuxOSConfig: swapFileSizeMB at least 1 and only with
  kubeletConfig.failSwapOn: false; sysctls.netIpv4IPLocalPortRange is
  "<first> <last>" with first 1024–60999, last 32768–65000 and first ≤ last;
  every other sysctl within the CRD's bounds (fsFileMax 8192–12000500,
  netCoreSomaxconn 4096–3240000, vmMaxMapCount 65530–262144…); the
  transparent huge page enums;
- node label keys must not start with kubernetes.azure.com (the bare key
  too, which PL002's reserved prefixes do not cover).

The webhook's other create checks are other rules': maxPods 10–250 is
PL021's, a System pool's Linux osType PL015's, the pool name (spec.name, or
the object's name, which CAPZ's defaulting webhook puts there when spec.name
is empty; a template's own name for the pools cloned from it) PL014's. The
update checks (immutable fields, the last System pool) need the previous
object and are not run. A value that cannot be resolved is not judged.`,
	Fix: `Change the AzureManagedMachinePool (or AzureManagedMachinePoolTemplate)
field the message names to a value CAPZ's webhook accepts: mode, osType,
osDiskType and scaleSetPriority from their enums, osDiskSizeGB 0 to 2048, a
subnetName of 2 to 80 valid characters that starts and ends with a letter or
digit, nodePublicIPPrefixID only with enableNodePublicIP: true, kubeletConfig
and linuxOSConfig values in range, and no node label key starting with
kubernetes.azure.com. kubectl apply --dry-run=server against the management
cluster shows the same errors.`,
	Links: []Link{linkCAPZManagedCluster, linkAKSAgentPoolsAPI},
	Check: func(p *Pass) {
		checkTable(p, nodepool.SchemaCAPZ, "Cluster API Azure", capzRows)
		c := p.Cluster
		for _, pool := range c.Pools {
			if pool.Schema == nodepool.SchemaCAPZ {
				capzCombinations(p, c, pool)
			}
		}
	},
})

var portRangeRE = regexp.MustCompile(`^([0-9]+) ([0-9]+)$`)

func capzCombinations(p *Pass, c *nodepool.Cluster, pool *nodepool.Pool) {
	ref, s := poolRef(c, pool), pool.Settings
	if prefix := s.Get("nodePublicIPPrefixID"); knownPresent(prefix) {
		if on := s.Get("enableNodePublicIP"); !on.Set || (on.Known && on.Value == false) {
			p.Report(at(prefix, pool), pool, "enableNodePublicIP", "%s: enableNodePublicIP must be true when nodePublicIPPrefixID is set (Cluster API Azure)", ref)
		}
	}
	hi, hiOK := integer(s.Get("kubeletConfig.imageGcHighThreshold"))
	lo, loOK := integer(s.Get("kubeletConfig.imageGcLowThreshold"))
	if hiOK && loOK && lo > hi {
		f := s.Get("kubeletConfig.imageGcLowThreshold")
		p.Report(at(f, pool), pool, "imageGcLowThreshold", "%s: kubeletConfig.imageGcLowThreshold %d is above imageGcHighThreshold %d (Cluster API Azure)", ref, lo, hi)
	}
	if swap := s.Get("linuxOSConfig.swapFileSizeMB"); swap.Set && swap.Value != nil {
		fso := s.Get("kubeletConfig.failSwapOn")
		if !fso.Set || (fso.Known && fso.Value == true) {
			p.Report(at(swap, pool), pool, "swapFileSizeMB", "%s: linuxOSConfig.swapFileSizeMB needs kubeletConfig.failSwapOn: false (Cluster API Azure)", ref)
		}
	}
	if pr := s.Get("linuxOSConfig.sysctls.netIpv4IPLocalPortRange"); pr.Known {
		if v, ok := pr.Value.(string); ok {
			if why := portRangeProblem(v); why != "" {
				p.Report(at(pr, pool), pool, "netIpv4IPLocalPortRange", "%s: linuxOSConfig.sysctls.netIpv4IPLocalPortRange %q %s (Cluster API Azure)", ref, v, why)
			}
		}
	}
	for _, l := range pool.Labels.Value {
		if strings.HasPrefix(l.Key, "kubernetes.azure.com") && !strings.HasPrefix(l.Key, "kubernetes.azure.com/") {
			p.Report(l.Pos, pool, "label:"+l.Key, "%s: node label key %q must not start with kubernetes.azure.com (Cluster API Azure)", ref, l.Key)
		}
	}
}

func portRangeProblem(v string) string {
	m := portRangeRE.FindStringSubmatch(v)
	if m == nil {
		return `must be "<first> <last>"`
	}
	first, err1 := strconv.Atoi(m[1])
	last, err2 := strconv.Atoi(m[2])
	switch {
	case err1 != nil || err2 != nil:
		return "has a port out of range"
	case first < 1024 || first > 60999:
		return fmt.Sprintf("has first port %d outside 1024–60999", first)
	case last < 32768 || last > 65000:
		return fmt.Sprintf("has last port %d outside 32768–65000", last)
	case first > last:
		return "has its first port above its last"
	}
	return ""
}
