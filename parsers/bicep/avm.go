package bicep

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/poollint/poollint/parsers/internal/armtemplate"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// Registry modules poollint reads without a download: the Azure Verified
// Modules that deploy AKS. For each, what every known version range does
// with its parameters, written as an ARM template of poollint's own (a
// "model") that the translation puts where the module's template would be.
// The model keeps what node-pool checks read: the cluster's name, version
// and network profile, its pools with the module's defaults and renamed
// properties. The caller's values keep the lines they are written at (see
// armtemplate.ModelMeta). A version outside the table gets a note naming it, never
// a guess.
//
// Learnt from the modules' public source (Azure/bicep-registry-modules,
// avm/res/container-service/managed-cluster and its agent-pool child,
// avm/ptn/azd/aks), version by version.

// publicRegistry is where br/public: modules live (Bicep's built-in alias).
const publicRegistry = "mcr.microsoft.com/bicep/"

// registryRef is a module reference resolved to its registry path and
// version: "mcr.microsoft.com/bicep/avm/res/…", "0.9.0".
type registryRef struct {
	path, version string
}

// parseRegistryRef reads `br/<alias>:<path>:<version>` and
// `br:<registry>/<path>:<version>`; aliases other than public come from
// bicepconfig.json (aliases: alias → registry/modulePath prefix).
func parseRegistryRef(ref string, aliases map[string]string) (registryRef, bool) {
	var rest, prefix string
	switch {
	case strings.HasPrefix(ref, "br/"):
		alias, r, ok := strings.Cut(ref[len("br/"):], ":")
		if !ok {
			return registryRef{}, false
		}
		if p, ok := aliases[strings.ToLower(alias)]; ok {
			prefix = p
		} else if strings.EqualFold(alias, "public") {
			prefix = publicRegistry
		} else {
			return registryRef{}, false
		}
		rest = r
	case strings.HasPrefix(ref, "br:"):
		rest = ref[len("br:"):]
	default:
		return registryRef{}, false
	}
	i := strings.LastIndex(rest, ":")
	if i < 0 {
		return registryRef{}, false
	}
	return registryRef{path: strings.ToLower(prefix + rest[:i]), version: rest[i+1:]}, true
}

// The modules poollint has a model of, by registry path.
const (
	avmManagedCluster = publicRegistry + "avm/res/container-service/managed-cluster"
	avmAgentPool      = publicRegistry + "avm/res/container-service/managed-cluster/agent-pool"
	avmAzdAKS         = publicRegistry + "avm/ptn/azd/aks"
)

// knownModule reports whether a registry path is one poollint has a model
// of (whatever the version).
func knownModule(p string) bool {
	switch p {
	case avmManagedCluster, avmAgentPool, avmAzdAKS:
		return true
	}
	return false
}

// minor reads "0.9.0" (or "0.9") as 0, 9; ok is false for anything else
// (a prerelease, a digest).
func minor(v string) (int, int, bool) {
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return 0, 0, false
		}
		n[i] = x
	}
	return n[0], n[1], true
}

// mcGen is what one range of managed-cluster versions does with its pools.
type mcGen struct {
	// singular: 0.1–0.4 take primaryAgentPoolProfile, passed to the
	// cluster as is (the API's own property names).
	singular bool
	// osSKU is the key the primary pools' OS SKU is read from ("": not
	// passed on), poolOSSKU the key of agentPools' one.
	osSKU, poolOSSKU string
	// oldSubnets: agentPools' subnets are vnetSubnetId/podSubnetId (else
	// vnetSubnetResourceId/podSubnetResourceId).
	oldSubnets bool
	// surge: upgradeSettings is {maxSurge: p.maxSurge} (else the pool's
	// upgradeSettings object).
	surge bool
	// poolZones: agentPools default to zones 1, 2, 3 (else none).
	poolZones bool
	// cilium: networkDataplane cilium forces networkPluginMode overlay.
	cilium bool
	// vmPools: a pool of type VirtualMachines has no count, size, zones
	// or autoscaler settings.
	vmPools bool
}

// managedClusterGen returns the generation of a managed-cluster version.
func managedClusterGen(v string) (mcGen, bool) {
	major, mnr, ok := minor(v)
	if !ok || major != 0 {
		return mcGen{}, false
	}
	switch {
	case mnr >= 1 && mnr <= 4:
		return mcGen{singular: true, poolOSSKU: "osSku", oldSubnets: true, surge: true}, true
	case mnr == 5 || mnr == 6:
		return mcGen{poolOSSKU: "osSku", surge: true, poolZones: true, cilium: mnr == 6}, true
	case mnr >= 7 && mnr <= 11:
		return mcGen{osSKU: "osSKU", poolOSSKU: "osSKU", surge: true, poolZones: true, cilium: true}, true
	case mnr == 12 || mnr == 13:
		return mcGen{osSKU: "osSKU", poolOSSKU: "osSKU", poolZones: true, cilium: true}, true
	case mnr == 14:
		return mcGen{osSKU: "osSKU", poolOSSKU: "osSKU", poolZones: true, cilium: true, vmPools: true}, true
	}
	return mcGen{}, false
}

// poolFields are the pool properties read from a module's pool object
// under the same name.
var poolFields = []string{"maxCount", "maxPods", "minCount", "mode", "nodeLabels", "nodeTaints", "orchestratorVersion",
	"osDiskSizeGB", "osDiskType", "scaleSetPriority", "spotMaxPrice", "type", "enableEncryptionAtHost", "enableNodePublicIP", "kubeletDiskType"}

// The kinds of pool a model builds.
const (
	primaryPool = iota // managed-cluster's primaryAgentPoolProfiles
	childPool          // managed-cluster's agentPools
	modulePool         // the agent-pool module's own parameters
)

// member reads property k of the pool object x (an ARM expression).
func member(x string) func(string) string {
	return func(k string) string { return "tryGet(" + x + ", " + quote(k) + ")" }
}

// poolModel is the ARM property object of one pool whose properties the
// ARM expressions get(k) read: the module's defaults, renamed properties
// and, for managed-cluster's agentPools, the orchestrator version falling
// back to the cluster's.
func poolModel(g mcGen, get func(string) string, kind int) map[string]any {
	child := kind != primaryPool
	or := func(k, def string) string { return "coalesce(" + get(k) + ", " + def + ")" }
	vmOnly := func(e string) string {
		if !g.vmPools {
			return "[" + e + "]"
		}
		return "[if(equals(" + get("type") + ", 'VirtualMachines'), null(), " + e + ")]"
	}
	out := map[string]any{"name": "[" + get("name") + "]"}
	for _, k := range poolFields {
		out[k] = "[" + get(k) + "]"
	}
	for _, k := range []string{"maxCount", "minCount"} {
		out[k] = vmOnly(get(k))
	}
	out["count"] = vmOnly(or("count", "1"))
	out["enableAutoScaling"] = vmOnly(or("enableAutoScaling", "false()"))
	out["vmSize"] = vmOnly(or("vmSize", "'Standard_D2s_v3'"))
	out["osType"] = "[" + or("osType", "'Linux'") + "]"
	// The modules send eviction policy Delete for every pool; AKS reads it
	// on Spot pools only, so a Regular pool is modelled without it (the
	// caller did not write a Spot setting on a Regular pool).
	out["scaleSetEvictionPolicy"] = "[if(equals(" + get("scaleSetPriority") + ", 'Spot'), " + or("scaleSetEvictionPolicy", "'Delete'") + ", " + get("scaleSetEvictionPolicy") + ")]"
	zones := get("availabilityZones")
	if !child || g.poolZones {
		zones = or("availabilityZones", "createArray(1, 2, 3)")
	}
	out["availabilityZones"] = vmOnly(zones)
	osSKU := g.osSKU
	if child {
		osSKU = g.poolOSSKU
	}
	if osSKU != "" {
		out["osSKU"] = "[" + get(osSKU) + "]"
	}
	vnet, pod := "vnetSubnetResourceId", "podSubnetResourceId"
	if child && g.oldSubnets {
		vnet, pod = "vnetSubnetId", "podSubnetId"
	}
	out["vnetSubnetID"] = "[" + get(vnet) + "]"
	out["podSubnetID"] = "[" + get(pod) + "]"
	if g.surge {
		out["upgradeSettings"] = map[string]any{"maxSurge": "[" + get("maxSurge") + "]"}
	} else {
		out["upgradeSettings"] = "[" + get("upgradeSettings") + "]"
	}
	if kind == childPool {
		out["orchestratorVersion"] = "[" + or("orchestratorVersion", "parameters('kubernetesVersion')") + "]"
	}
	if child {
		delete(out, "name")
	}
	return out
}

// optional declares parameters the module takes as nullable, so that one
// the caller leaves out is null.
func optional(ps map[string]any, names ...string) {
	for _, n := range names {
		ps[n] = map[string]any{"type": "object", "nullable": true}
	}
}

// managedClusterModel is the model of avm/res/container-service/
// managed-cluster in generation g.
func managedClusterModel(g mcGen, label string) map[string]any {
	params := map[string]any{
		"name":            map[string]any{"type": "string"},
		"loadBalancerSku": map[string]any{"type": "string", "defaultValue": "standard"},
	}
	optional(params, "kubernetesVersion", "networkPlugin", "networkPluginMode", "networkDataplane", "agentPools")
	props := map[string]any{
		"kubernetesVersion": "[parameters('kubernetesVersion')]",
	}
	mode := "[parameters('networkPluginMode')]"
	if g.cilium {
		mode = "[if(equals(parameters('networkDataplane'), 'cilium'), 'overlay', parameters('networkPluginMode'))]"
	}
	props["networkProfile"] = map[string]any{
		"networkPlugin":     "[parameters('networkPlugin')]",
		"networkPluginMode": mode,
		"loadBalancerSku":   "[parameters('loadBalancerSku')]",
	}
	if g.singular {
		params["primaryAgentPoolProfile"] = map[string]any{"type": "array"}
		props["agentPoolProfiles"] = "[parameters('primaryAgentPoolProfile')]"
	} else {
		params["primaryAgentPoolProfiles"] = map[string]any{"type": "array"}
		x := "parameters('primaryAgentPoolProfiles')[copyIndex('agentPoolProfiles')]"
		input := poolModel(g, member(x), primaryPool)
		input[armtemplate.ModelAt] = "[" + x + "]"
		props["copy"] = []any{map[string]any{
			"name":  "agentPoolProfiles",
			"count": "[length(parameters('primaryAgentPoolProfiles'))]",
			"input": input,
		}}
	}
	// The agentPools, nested in the cluster: they belong to it whatever
	// its name.
	x := "coalesce(parameters('agentPools'), createArray())[copyIndex()]"
	child := map[string]any{
		"type":              "agentPools",
		"apiVersion":        "2024-05-01",
		"name":              "[tryGet(" + x + ", 'name')]",
		"copy":              map[string]any{"name": "agentPools", "count": "[length(coalesce(parameters('agentPools'), createArray()))]"},
		"properties":        poolModel(g, member(x), childPool),
		armtemplate.ModelAt: "[" + x + "]",
	}
	cluster := map[string]any{
		"type":       "Microsoft.ContainerService/managedClusters",
		"apiVersion": "2024-05-01",
		"name":       "[parameters('name')]",
		"properties": props,
		"resources":  []any{child},
	}
	return model(label, params, nil, []any{cluster})
}

// agentPoolModel is the model of the agent-pool child module (0.1): one
// pool of the cluster managedClusterName, its properties flat parameters.
func agentPoolModel(label string) map[string]any {
	params := map[string]any{
		"managedClusterName": map[string]any{"type": "string"},
		"name":               map[string]any{"type": "string"},
	}
	g := mcGen{poolOSSKU: "osSKU", poolZones: true, vmPools: true}
	optional(params, append([]string{"count", "enableAutoScaling", "vmSize", "osType", "scaleSetEvictionPolicy", "availabilityZones",
		"osSKU", "vnetSubnetResourceId", "podSubnetResourceId", "upgradeSettings"}, poolFields...)...)
	props := poolModel(g, func(k string) string { return "parameters(" + quote(k) + ")" }, modulePool)
	pool := map[string]any{
		"type":       "Microsoft.ContainerService/managedClusters/agentPools",
		"apiVersion": "2024-05-01",
		"name":       "[format('{0}/{1}', parameters('managedClusterName'), parameters('name'))]",
		"properties": props,
	}
	return model(label, params, nil, []any{pool})
}

// azdAKSModel is the model of avm/ptn/azd/aks 0.2–0.3: a System pool (and
// a user pool when agentPoolSize is set) built from presets unless
// systemPoolConfig (agentPoolConfig) gives the pools, deployed through
// managed-cluster mc.
func azdAKSModel(mc mcGen, kubernetesVersion, label string) map[string]any {
	params := map[string]any{
		"name":              map[string]any{"type": "string"},
		"kubernetesVersion": map[string]any{"type": "string", "defaultValue": kubernetesVersion},
		"networkPlugin":     map[string]any{"type": "string", "defaultValue": "azure"},
		"loadBalancerSku":   map[string]any{"type": "string", "defaultValue": "standard"},
		"systemPoolSize":    map[string]any{"type": "string", "defaultValue": "Standard"},
		"agentPoolSize":     map[string]any{"type": "string", "defaultValue": ""},
	}
	optional(params, "networkPluginMode", "networkDataplane", "systemPoolConfig", "agentPoolConfig")
	vars := map[string]any{
		"nodePoolPresets": map[string]any{
			"CostOptimised": map[string]any{"vmSize": "Standard_B4ms", "count": 1, "minCount": 1, "maxCount": 3, "enableAutoScaling": true, "availabilityZones": []any{}},
			"Standard":      map[string]any{"vmSize": "Standard_DS2_v2", "count": 3, "minCount": 3, "maxCount": 5, "enableAutoScaling": true, "availabilityZones": []any{1, 2, 3}},
			"HighSpec":      map[string]any{"vmSize": "Standard_D4s_v3", "count": 3, "minCount": 3, "maxCount": 5, "enableAutoScaling": true, "availabilityZones": []any{"1", "2", "3"}},
		},
		"nodePoolBase":      map[string]any{"osType": "Linux", "maxPods": 30, "type": "VirtualMachineScaleSets", "upgradeSettings": map[string]any{"maxSurge": "33%"}},
		"systemPoolsConfig": "[if(not(empty(parameters('systemPoolConfig'))), parameters('systemPoolConfig'), createArray(union(createObject('name', 'npsystem', 'mode', 'System'), variables('nodePoolBase'), variables('nodePoolPresets')[parameters('systemPoolSize')])))]",
		"agentPoolsConfig":  "[if(not(empty(parameters('agentPoolConfig'))), parameters('agentPoolConfig'), if(empty(parameters('agentPoolSize')), null(), createArray(union(createObject('name', 'npuser', 'mode', 'User'), variables('nodePoolBase'), variables('nodePoolPresets')[parameters('agentPoolSize')]))))]",
	}
	pass := func(e string) map[string]any { return map[string]any{"value": "[" + e + "]"} }
	inner := map[string]any{
		"type":       "Microsoft.Resources/deployments",
		"apiVersion": "2022-09-01",
		"name":       "managed-cluster",
		"properties": map[string]any{
			"mode":                        "Incremental",
			"expressionEvaluationOptions": map[string]any{"scope": "inner"},
			"parameters": map[string]any{
				"name":                     pass("parameters('name')"),
				"kubernetesVersion":        pass("parameters('kubernetesVersion')"),
				"networkPlugin":            pass("parameters('networkPlugin')"),
				"networkPluginMode":        pass("parameters('networkPluginMode')"),
				"networkDataplane":         pass("parameters('networkDataplane')"),
				"loadBalancerSku":          pass("parameters('loadBalancerSku')"),
				"primaryAgentPoolProfiles": pass("variables('systemPoolsConfig')"),
				"agentPools":               pass("variables('agentPoolsConfig')"),
			},
			"template": managedClusterModel(mc, label),
		},
	}
	return model(label, params, vars, []any{inner})
}

// model assembles a model template.
func model(label string, params, vars map[string]any, resources []any) map[string]any {
	t := map[string]any{
		"$schema":        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"contentVersion": "1.0.0.0",
		"metadata":       map[string]any{armtemplate.ModelMeta: label},
		"parameters":     params,
		"resources":      resources,
	}
	if vars != nil {
		t["variables"] = vars
	}
	return t
}

// registryModel returns poollint's model of a registry module version, or
// why there is none: known is false for a module poollint has no model of
// at all; a known module in a version outside the table has a nil
// template and a reason naming the version.
func registryModel(ref registryRef) (tpl map[string]any, known bool, why string) {
	if !knownModule(ref.path) {
		return nil, false, ""
	}
	name := strings.TrimPrefix(ref.path, publicRegistry)
	label := name + ":" + ref.version
	unknown := fmt.Sprintf("poollint knows %s versions %s, not %s", name, knownVersions[ref.path], ref.version)
	switch ref.path {
	case avmManagedCluster:
		g, ok := managedClusterGen(ref.version)
		if !ok {
			return nil, true, unknown
		}
		return managedClusterModel(g, label), true, ""
	case avmAgentPool:
		if major, mnr, ok := minor(ref.version); !ok || major != 0 || mnr != 1 {
			return nil, true, unknown
		}
		return agentPoolModel(label), true, ""
	case avmAzdAKS:
		major, mnr, ok := minor(ref.version)
		if !ok || major != 0 || (mnr != 2 && mnr != 3) {
			return nil, true, unknown
		}
		// 0.2 deploys managed-cluster 0.9.0, 0.3 deploys 0.11.0.
		mc, version := "0.9.0", "1.31"
		if mnr == 3 {
			mc, version = "0.11.0", "1.33"
		}
		g, _ := managedClusterGen(mc)
		return azdAKSModel(g, version, label), true, ""
	}
	return nil, false, ""
}

// knownVersions lists the version ranges of each model, for notes.
var knownVersions = map[string]string{
	avmManagedCluster: "0.1 to 0.14",
	avmAgentPool:      "0.1",
	avmAzdAKS:         "0.2 and 0.3",
}

// maxConfigLevels bounds the directories looked at, from a file's own
// upwards, for bicepconfig.json.
const maxConfigLevels = 16

// moduleAliases reads the br module aliases of the bicepconfig.json
// nearest to file (through the confined loader: a directory outside the
// scanned root is not read), as alias → "registry/modulePath/" prefix
// (lower case). Nil when there is none or it cannot be read.
func (ld *loader) moduleAliases(file string) map[string]string {
	dir := path.Dir(file)
	for range maxConfigLevels {
		data, err := ld.file(path.Join(dir, "bicepconfig.json"))
		if err == nil {
			return readAliases(data)
		}
		parent := path.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return nil
}

// readAliases reads moduleAliases.br of a bicepconfig.json.
func readAliases(data []byte) map[string]string {
	root, err := jsonpos.Parse(data)
	if err != nil {
		return nil
	}
	br := root.GetFold("moduleAliases").GetFold("br")
	if br == nil || br.Kind != jsonpos.Object {
		return nil
	}
	out := map[string]string{}
	for _, m := range br.Obj {
		reg, _ := m.Value.GetFold("registry").Interface().(string)
		mp, _ := m.Value.GetFold("modulePath").Interface().(string)
		if reg == "" {
			continue
		}
		prefix := strings.TrimSuffix(reg, "/") + "/"
		if mp = strings.Trim(mp, "/"); mp != "" {
			prefix += mp + "/"
		}
		out[strings.ToLower(m.Key)] = strings.ToLower(prefix)
	}
	return out
}
