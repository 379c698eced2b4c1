// Package aks is the AKS agent pool's property table: which property of
// Microsoft.ContainerService agentPools (as ARM, Bicep and Azure Service
// Operator spell it) fills which field of the common model. The ARM
// evaluator and the YAML reader each read values their own way (a Reader);
// the mapping is written once, here.
package aks

import "github.com/poollint/poollint/nodepool"

// Reader reads the agent pool properties of one input, N being its value
// type (an evaluated ARM value, a YAML node). Get is nil-safe: a missing
// member of a missing value is missing.
type Reader[N comparable] interface {
	Get(n N, key string) N
	Str(n N) nodepool.Field[string]
	Int(n N) nodepool.Field[int64]
	Float(n N) nodepool.Field[float64]
	Bool(n N) nodepool.Field[bool]
	Strings(n N) nodepool.Field[[]string]
	Labels(n N) nodepool.Field[[]nodepool.Label]
	// Taints reads AKS's "key=value:Effect" strings.
	Taints(n N) nodepool.Field[[]nodepool.Taint]
}

// Pool fills p's fields from the agent pool properties props (the
// properties object of a child resource, an agentPoolProfiles entry, an
// ASO spec). ID, name and position are the caller's.
func Pool[N comparable](r Reader[N], props N, p *nodepool.Pool) {
	var none N
	get := func(path ...string) N {
		n := props
		for _, k := range path {
			n = r.Get(n, k)
		}
		return n
	}
	// first is the first of several spellings that is present: ASO
	// writes subnets as references (vnetSubnetReference.armId).
	first := func(paths ...[]string) N {
		for _, path := range paths {
			if n := get(path...); n != none {
				return n
			}
		}
		return none
	}
	p.Mode = r.Str(get("mode"))
	p.VMSize = r.Str(get("vmSize"))
	p.OSType = r.Str(get("osType"))
	p.OSSKU = r.Str(get("osSKU"))
	p.Count = r.Int(get("count"))
	p.MinCount = r.Int(get("minCount"))
	p.MaxCount = r.Int(get("maxCount"))
	p.AutoScaling = r.Bool(get("enableAutoScaling"))
	p.Priority = r.Str(get("scaleSetPriority"))
	p.EvictionPolicy = r.Str(get("scaleSetEvictionPolicy"))
	p.SpotMaxPrice = r.Float(get("spotMaxPrice"))
	p.OSDiskType = r.Str(get("osDiskType"))
	p.OSDiskSizeGB = r.Int(get("osDiskSizeGB"))
	p.Labels = r.Labels(get("nodeLabels"))
	p.Taints = r.Taints(get("nodeTaints"))
	p.Zones = r.Strings(get("availabilityZones"))
	p.VnetSubnetID = r.Str(first([]string{"vnetSubnetReference", "armId"}, []string{"vnetSubnetID"}))
	p.PodSubnetID = r.Str(first([]string{"podSubnetReference", "armId"}, []string{"podSubnetID"}))
	p.MaxPods = r.Int(get("maxPods"))
	p.OrchestratorVersion = r.Str(get("orchestratorVersion"))
	p.VMSetType = r.Str(get("type"))
	p.MaxSurge = r.Str(get("upgradeSettings", "maxSurge"))
	p.MaxUnavailable = r.Str(get("upgradeSettings", "maxUnavailable"))
}
