package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// capzRows are the AzureManagedMachinePool CRD's enums and ranges and the
// checks of its validating webhook (kubernetes-sigs/cluster-api-provider-azure,
// api/v1beta1/azuremanagedmachinepool_types.go and _webhook.go, v1.x), which
// mirror the AKS API.
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
	matching("kubeletConfig.cpuCfsQuotaPeriod", `ms$`, "must be in milliseconds with an 'ms' suffix, e.g. '100ms'"),
	matching("kubeletConfig.allowedUnsafeSysctls[]", `^(kernel\.shm.+|kernel\.msg.+|kernel\.sem|fs\.mqueue\..+|net\..+)$`, "is not an allowed unsafe sysctl (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*, net.*)"),
	oneOf("linuxOSConfig.transparentHugePageEnabled", "always", "madvise", "never"),
	oneOf("linuxOSConfig.transparentHugePageDefrag", "always", "defer", "defer+madvise", "madvise", "never"),
	matching("subnetName", `^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9._-]{0,78}[a-zA-Z0-9_]$`, "is not a subnet name (1–80 letters, digits, '.', '-' and '_', starting with a letter or digit and ending with one or '_')"),
	matching("nodePublicIPPrefixID", `(?i)^/?subscriptions/[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}/resourcegroups/[^/]+/providers/microsoft\.network/publicipprefixes/[^/]+$`, "is not a public IP prefix resource ID"),
}

// PL204 checks Cluster API Azure AzureManagedMachinePools as CAPZ's webhook does.
var PL204 = register(&Rule{
	ID:        "PL204",
	Name:      "capz-managed-pool-invalid",
	Summary:   "AzureManagedMachinePool that Cluster API Azure's webhook or CRD refuses",
	Severity:  Error,
	Platforms: []string{"AKS", "Cluster API"},
	Doc: `Ports the validation of Cluster API Azure's AzureManagedMachinePool
(kubernetes-sigs/cluster-api-provider-azure, api/v1beta1:
azuremanagedmachinepool_webhook.go and the CRD's enums, v1.x): the API server
refuses the object before any AKS call.

- osDiskSizeGB 0–2048, and the enums of mode, osType,
  osDiskType, scaleSetPriority, scaleDownMode and kubeletDiskType;
- subnetName follows Azure's subnet naming (1–80 characters);
- nodePublicIPPrefixID must be a public IP prefix resource ID, and needs
  enableNodePublicIP: true;
- kubeletConfig: cpuCfsQuotaPeriod in milliseconds ("100ms"),
  imageGcLowThreshold not above imageGcHighThreshold, allowedUnsafeSysctls
  only kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.* and net.*;
- linuxOSConfig: swapFileSizeMB needs kubeletConfig.failSwapOn: false;
  sysctls.netIpv4IpLocalPortRange is "<first> <last>" with first 1024–60999,
  last 32768–65000 and first ≤ last;
- node label keys must not start with kubernetes.azure.com (the bare key
  too, which PL002's reserved prefixes do not cover).

maxPods 10–250 and a System pool's Linux osType, which the webhook also
checks, are PL021's and PL015's. A value that cannot be resolved is not
judged.`,
	Fix: `Change the AzureManagedMachinePool field the message names to a value CAPZ's
webhook accepts: osDiskSizeGB 0 to 2048, mode, osType, osDiskType and
scaleSetPriority from their enums, a subnetName of 1 to 80 valid characters,
nodePublicIPPrefixID only with enableNodePublicIP: true, kubeletConfig and
linuxOSConfig values in range, and no node label key starting with
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
	if pr := s.Get("linuxOSConfig.sysctls.netIpv4IpLocalPortRange"); pr.Known {
		if v, ok := pr.Value.(string); ok {
			if why := portRangeProblem(v); why != "" {
				p.Report(at(pr, pool), pool, "netIpv4IpLocalPortRange", "%s: linuxOSConfig.sysctls.netIpv4IpLocalPortRange %q %s (Cluster API Azure)", ref, v, why)
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
