package rules

import "github.com/poollint/poollint/nodepool"

// presetRecommended is the preset of pool best practices that PSRule for
// Azure, Checkov and the AKS and EKS documentation check: off by default,
// warnings with --preset recommended.
const presetRecommended = "recommended"

// spelled names one setting in each schema that has it.
type spelled map[string][]string

var (
	encryptionAtHost = spelled{
		nodepool.SchemaAKS:     {"enableEncryptionAtHost"},
		nodepool.SchemaAzurerm: {"host_encryption_enabled", "enable_host_encryption"},
		nodepool.SchemaCAPZ:    {"enableEncryptionAtHost"},
	}
	nodePublicIP = spelled{
		nodepool.SchemaAKS:     {"enableNodePublicIP"},
		nodepool.SchemaAzurerm: {"node_public_ip_enabled", "enable_node_public_ip"},
		nodepool.SchemaCAPZ:    {"enableNodePublicIP"},
	}
)

// settingOf returns the pool's setting under its schema's spelling; ok is
// false when the pool's schema has no such setting (or keeps no settings).
func settingOf(pool *nodepool.Pool, names spelled) (f nodepool.Field[any], ok bool) {
	spellings, ok := names[pool.Schema]
	if !ok || pool.Settings == nil {
		return f, false
	}
	for _, n := range spellings {
		if f = setting(pool, n); f.Set {
			return f, true
		}
	}
	return f, true
}

// minNodes is a pool's smallest size: minCount when it autoscales, count
// otherwise; false when that is not known.
func minNodes(pool *nodepool.Pool) (nodepool.Field[int64], bool) {
	switch {
	case pool.AutoScaling.Known && pool.AutoScaling.Value:
		return pool.MinCount, pool.MinCount.Known
	case pool.AutoScaling.Set && !pool.AutoScaling.Known:
		return nodepool.Field[int64]{}, false
	}
	return pool.Count, pool.Count.Known
}
