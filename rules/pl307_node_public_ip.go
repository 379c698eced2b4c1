package rules

// PL307 recommends nodes without public IPs.
var PL307 = register(&Rule{
	ID:        "PL307",
	Name:      "node-public-ip",
	Summary:   "AKS pool whose nodes get public IP addresses",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `Nodes with their own public IP addresses are reachable from the internet
around the cluster's load balancer and network policies. Checkov
CKV_AZURE_143 recommends leaving enableNodePublicIP (node_public_ip_enabled
in Terraform) off.`,
	Fix: `Turn off node public IPs: remove enableNodePublicIP (or set it false) in ARM,
Bicep, ASO and Cluster API Azure, node_public_ip_enabled (Terraform azurerm v4;
enable_node_public_ip in v3) and node_public_ip_prefix_id. Expose workloads
through a load balancer or an ingress, and send the nodes' outbound traffic
through the cluster's load balancer or a NAT gateway.`,
	Links: []Link{linkAKSNodePublicIP, linkAzurermNodePool, linkARMAgentPools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			f, ok := settingOf(pool, nodePublicIP)
			if !ok || !aksPool(c, pool) {
				continue
			}
			if on, known := boolean(f); known && on {
				p.Report(at(f, pool), pool, "", "%s gives its nodes public IP addresses (Checkov CKV_AZURE_143)", poolRef(c, pool))
			}
		}
	},
})
