package rules

import (
	"strings"
	"testing"
)

// TestPL204CAPZv126 holds PL204 to what CAPZ v1.26.0 adds to the cases of
// TestPL204CAPZ: the webhook's subnet pattern
// (internal/webhooks/azuremanagedmachinepool_validation.go, whose
// azuremanagedmachinepool_webhook_test.go rejects "1") and the CRD's bounds
// (api/v1beta1/azuremanagedmachinepool_types.go).
func TestPL204CAPZv126(t *testing.T) {
	runCases(t, "PL204", []ruleCase{
		{"subnet name of one character", capzPool(kv{"subnetName": "1"}), `subnetName "1" is not a subnet name CAPZ accepts`, 0},
		{"subnet name of two characters", capzPool(kv{"subnetName": "s1"}), "", 0},
		{"subnet name of 80 characters", capzPool(kv{"subnetName": "a" + strings.Repeat("b", 79)}), "", 0},
		{"subnet name of 81 characters", capzPool(kv{"subnetName": strings.Repeat("b", 81)}), "is not a subnet name", 0},
		{"sysctl below the CRD's minimum", capzPool(kv{"linuxOSConfig.sysctls.netCoreSomaxconn": 1024}), "netCoreSomaxconn", 0},
		{"sysctl above the CRD's maximum", capzPool(kv{"linuxOSConfig.sysctls.vmMaxMapCount": 300000}), "vmMaxMapCount", 0},
		{"sysctl within bounds", capzPool(kv{"linuxOSConfig.sysctls.vmMaxMapCount": 262144, "linuxOSConfig.sysctls.fsFileMax": 8192}), "", 0},
		{"sysctl unknown", capzPool(kv{"linuxOSConfig.sysctls.vmMaxMapCount": unresolved}), "", 0},
		{"swap file of 0 MB", capzPool(kv{"linuxOSConfig.swapFileSizeMB": 0, "kubeletConfig.failSwapOn": false}), "swapFileSizeMB", 0},
		{"pod max pids below -1", capzPool(kv{"kubeletConfig.podMaxPids": -2}), "podMaxPids", 0},
		{"pod max pids unlimited", capzPool(kv{"kubeletConfig.podMaxPids": -1}), "", 0},
		{"spot max price not a quantity", capzPool(kv{"spotMaxPrice": "0.5$"}), "spotMaxPrice", 0},
		{"spot max price quantity", capzPool(kv{"spotMaxPrice": "-1"}), "", 0},
		{"spot max price number", capzPool(kv{"spotMaxPrice": 0.5}), "", 0},
		{"port range in the AKS spelling is not CAPZ's field", capzPool(kv{"linuxOSConfig.sysctls.netIpv4IpLocalPortRange": "80 65000"}), "", 0},
	})
}
