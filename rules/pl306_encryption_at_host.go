package rules

// PL306 recommends encryption at host.
var PL306 = register(&Rule{
	ID:        "PL306",
	Name:      "encryption-at-host-disabled",
	Summary:   "AKS pool without encryption at host",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `Encryption at host encrypts the nodes' temporary disks, caches and the data
flowing to storage. Checkov CKV_AZURE_227 and PSRule for Azure
Azure.AKS.EncryptionAtHost recommend enabling it. An unknown value is not
judged.`,
	Fix: `Turn on encryption at host: enableEncryptionAtHost true (ARM, Bicep, ASO,
Cluster API Azure), host_encryption_enabled = true (Terraform azurerm v4;
enable_host_encryption in v3). Register the EncryptionAtHost feature of
Microsoft.Compute on the subscription first. It is set when a pool is created:
add a new pool with it and remove the old one.`,
	Links: []Link{linkAKSHostEncryption, linkAzurermNodePool, linkARMAgentPools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			f, ok := settingOf(pool, encryptionAtHost)
			if !ok || !aksPool(c, pool) {
				continue
			}
			if on, known := boolean(f); !f.Set || (known && !on) {
				p.Report(at(f, pool), pool, "", "%s does not enable encryption at host (Checkov CKV_AZURE_227)", poolRef(c, pool))
			}
		}
	},
})
