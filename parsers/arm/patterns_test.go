package arm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// parseText parses a template given as text.
func parseText(t *testing.T, src string) parsers.Result {
	t.Helper()
	return Parser{}.Parse(&parsers.Input{Path: "t.json", Data: []byte(src)})
}

// onlyCluster returns the one cluster a template defines.
func onlyCluster(t *testing.T, res parsers.Result) *nodepool.Cluster {
	t.Helper()
	if len(res.Clusters) != 1 {
		t.Fatalf("%d clusters, want 1 (diags %v)", len(res.Clusters), res.Diags)
	}
	return res.Clusters[0]
}

func poolNames(c *nodepool.Cluster) string {
	var out []string
	for _, p := range c.Pools {
		if p.Name.Known {
			out = append(out, p.Name.Value)
		} else {
			out = append(out, "?")
		}
	}
	return strings.Join(out, ",")
}

// AKS-Construction: the system pool is array(union(base, presets[type]))
// concatenated with the user pools; one member of the pool (a subnet read
// from another deployment's outputs) is unknown. concat() of arrays keeps
// the elements it is given, known or not: the pools are there.
func TestConcatArraysWithUnknownElements(t *testing.T) {
	src := `{"$schema": "deploymentTemplate.json",
	"parameters": {"SystemPoolType": {"type": "string", "defaultValue": "CostOptimised"}},
	"variables": {"presets": {"CostOptimised": {"vmSize": "Standard_B4ms", "count": 1}, "Standard": {"vmSize": "Standard_DS2_v2", "count": 3}}},
	"resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": {
	  "agentPoolProfiles": "[concat(array(union(createObject('name', 'npsystem', 'mode', 'System', 'vnetSubnetID', reference('net').outputs.subnet.value), variables('presets')[parameters('SystemPoolType')])), createArray(createObject('name', 'user', 'vmSize', 'Standard_D4s_v5')))]"}}]}`
	c := onlyCluster(t, parseText(t, src))
	if c.PoolsUnknown || poolNames(c) != "npsystem,user" {
		t.Fatalf("pools %q, unknown %v", poolNames(c), c.PoolsUnknown)
	}
	sys := c.Pools[0]
	if sys.VMSize.Value != "Standard_B4ms" || sys.Count.Value != 1 || sys.VnetSubnetID.Known {
		t.Errorf("system pool: vmSize %+v count %+v subnet %+v", sys.VMSize, sys.Count, sys.VnetSubnetID)
	}
	// A string concat() with an unknown part stays unknown.
	src = strings.Replace(src, `createArray(createObject('name', 'user', 'vmSize', 'Standard_D4s_v5'))`, `createArray(createObject('name', concat('u', reference('x').name), 'vmSize', 'Standard_D4s_v5'))`, 1)
	c = onlyCluster(t, parseText(t, src))
	if poolNames(c) != "npsystem,?" {
		t.Errorf("pools %q", poolNames(c))
	}
}

// languageVersion 2.0: a nullable parameter without a default is null when
// no value is given (AVM azd/aks: systemPoolConfig agentPoolType[]?), so
// the preset the template builds instead applies; tryGet/coalesce over
// each profile (the AVM managed-cluster module) read it.
func TestNullableParameterIsNull(t *testing.T) {
	src := `{"$schema": "deploymentTemplate.json", "languageVersion": "2.0",
	"definitions": {"poolType": {"type": "object", "properties": {"name": {"type": "string"}}}, "optPools": {"type": "array", "nullable": true}},
	"parameters": {
	  "systemPoolConfig": {"type": "array", "items": {"$ref": "#/definitions/poolType"}, "nullable": true},
	  "extra": {"$ref": "#/definitions/optPools"},
	  "required": {"type": "string"},
	  "systemPoolSize": {"type": "string", "defaultValue": "Standard"}},
	"variables": {
	  "presets": {"Standard": {"vmSize": "Standard_DS2_v2", "count": 3}},
	  "systemPools": "[if(not(empty(parameters('systemPoolConfig'))), parameters('systemPoolConfig'), createArray(union(createObject('name', 'npsystem', 'mode', 'System'), variables('presets')[parameters('systemPoolSize')])))]"},
	"resources": {"mc": {"type": "Microsoft.ContainerService/managedClusters", "name": "[coalesce(parameters('required'), 'c')]", "properties": {
	  "agentPoolProfiles": "[concat(map(variables('systemPools'), lambda('p', createObject('name', lambdaVariables('p').name, 'count', coalesce(tryGet(lambdaVariables('p'), 'count'), 1), 'vmSize', lambdaVariables('p').vmSize, 'maxPods', tryGet(lambdaVariables('p'), 'maxPods')))), coalesce(parameters('extra'), createArray()))]"}}}}`
	c := onlyCluster(t, parseText(t, src))
	if c.PoolsUnknown || poolNames(c) != "npsystem" {
		t.Fatalf("pools %q, unknown %v", poolNames(c), c.PoolsUnknown)
	}
	p := c.Pools[0]
	if p.VMSize.Value != "Standard_DS2_v2" || p.Count.Value != 3 || p.MaxPods.Set {
		t.Errorf("pool: vmSize %+v count %+v maxPods %+v", p.VMSize, p.Count, p.MaxPods)
	}
	// A required parameter (not nullable) without a value stays unknown.
	if c.Name.Known {
		t.Errorf("name from a required parameter must be unknown: %+v", c.Name)
	}
}

// A deployment's parameter given as one expression that builds the
// {"value": …} object (what Bicep compiles a conditional module parameter
// to) passes that value; an unknown one is unknown, never the inner default.
func TestDeploymentParameterExpression(t *testing.T) {
	src := `{"$schema": "deploymentTemplate.json",
	"parameters": {"sku": {"type": "string", "defaultValue": "Base"}, "other": {"type": "string"}},
	"resources": [{"type": "Microsoft.Resources/deployments", "name": "inner", "properties": {
	  "expressionEvaluationOptions": {"scope": "inner"},
	  "parameters": {
	    "vmSize": "[if(equals(parameters('sku'), 'Automatic'), createObject('value', 'Standard_D4s_v5'), createObject('value', 'Standard_D8s_v5'))]",
	    "mode": "[if(equals(parameters('other'), 'x'), createObject('value', 'User'), createObject('value', 'System'))]",
	    "count": "[createObject('reference', createObject('keyVault', createObject('id', 'kv'), 'secretName', 's'))]"},
	  "template": {"parameters": {"vmSize": {"type": "string", "defaultValue": "Standard_B2s"}, "mode": {"type": "string", "defaultValue": "User"}, "count": {"type": "int", "defaultValue": 2}},
	    "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": {
	      "agentPoolProfiles": [{"name": "sys", "vmSize": "[parameters('vmSize')]", "mode": "[parameters('mode')]", "count": "[parameters('count')]"}]}}]}}}]}`
	c := onlyCluster(t, parseText(t, src))
	p := c.Pools[0]
	if p.VMSize.Value != "Standard_D8s_v5" {
		t.Errorf("vmSize %+v, want the value passed", p.VMSize)
	}
	if p.Mode.Known {
		t.Errorf("mode from an unknown condition must be unknown, not the inner default: %+v", p.Mode)
	}
	if p.Count.Known {
		t.Errorf("count from a Key Vault reference must be unknown: %+v", p.Count)
	}
	// The whole parameters object as one expression.
	src = `{"$schema": "deploymentTemplate.json",
	"resources": [{"type": "Microsoft.Resources/deployments", "name": "inner", "properties": {
	  "expressionEvaluationOptions": {"scope": "inner"},
	  "parameters": "[createObject('vmSize', createObject('value', 'Standard_E4s_v5'))]",
	  "template": {"parameters": {"vmSize": {"type": "string", "defaultValue": "Standard_B2s"}},
	    "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": {
	      "agentPoolProfiles": [{"name": "sys", "vmSize": "[parameters('vmSize')]"}]}}]}}}]}`
	c = onlyCluster(t, parseText(t, src))
	if v := c.Pools[0].VMSize; v.Value != "Standard_E4s_v5" {
		t.Errorf("vmSize %+v, want the value passed", v)
	}
}

// A child pool named format('{0}/{1}', cluster, pool) whose cluster name is
// unknown (read from another deployment's outputs) still has its own name:
// AKS-Construction's extra pools, a copy loop over a variable array.
func TestPoolNameWithUnknownCluster(t *testing.T) {
	src := `{"$schema": "deploymentTemplate.json",
	"variables": {"extra": ["chromepool", "firefoxpool"]},
	"resources": [{"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "[format('{0}/{1}', reference('aks').outputs.name.value, variables('extra')[copyIndex()])]",
	  "copy": {"name": "pools", "count": "[length(variables('extra'))]"}, "properties": {"vmSize": "Standard_B2s"}},
	 {"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "[concat(reference('aks').outputs.name.value, '/', 'edgepool')]", "properties": {"vmSize": "Standard_B2s"}}]}`
	res := parseText(t, src)
	var names []string
	for _, c := range res.Clusters {
		if !c.Partial || c.Name.Known {
			t.Errorf("cluster %s: want a partial cluster of unknown name", c.ID)
		}
		for _, p := range c.Pools {
			names = append(names, p.Name.Value)
			if !p.Name.Known || p.Name.Pos.Line != 3 && p.Name.Pos.Line != 5 {
				t.Errorf("pool name %+v", p.Name)
			}
		}
	}
	if strings.Join(names, ",") != "chromepool,firefoxpool,edgepool" {
		t.Errorf("pools %v", names)
	}
}

// Names that are not "parent/leaf" shapes keep their unknown value.
func TestPoolNameShapes(t *testing.T) {
	for _, name := range []string{
		"[format(reference('f').v, reference('x').v, 'p')]",
		"[concat(reference('x').v, reference('s').v, 'p')]",
		"[format('{0}-{1}', reference('x').v, 'p')]",
		"[format('{0}/{9}', reference('x').v, 'p')]",
		"[format('{0}/{1}', reference('x').v, 'a/b')]",
		"[concat(reference('x').v, '/')]",
		"[reference('x').v]",
	} {
		src := `{"resources": [{"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "` + name + `", "properties": {}}]}`
		res := parseText(t, src)
		if n := res.Clusters[0].Pools[0].Name; n.Known {
			t.Errorf("%s: name %+v, want unknown", name, n)
		}
	}
}

// reference() of a nested deployment of the same template returns its
// outputs: AKS-Construction's extra pools name their cluster by the output
// of the deployment that creates it, whose resource group and
// subscription are not known offline.
func TestReferenceDeploymentOutputs(t *testing.T) {
	src := `{"$schema": "deploymentTemplate.json",
	"parameters": {"resourceName": {"type": "string", "defaultValue": "stest"}},
	"variables": {"extra": ["chromepool", "firefoxpool"]},
	"resources": [
	 {"type": "Microsoft.Resources/deployments", "name": "gridCluster", "resourceGroup": "[format('rg-{0}', parameters('resourceName'))]", "properties": {
	   "expressionEvaluationOptions": {"scope": "inner"}, "parameters": {"resourceName": {"value": "[parameters('resourceName')]"}},
	   "template": {"parameters": {"resourceName": {"type": "string"}},
	     "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[format('aks-{0}', parameters('resourceName'))]", "properties": {"agentPoolProfiles": [{"name": "sys", "mode": "System"}]}}],
	     "outputs": {"aksClusterName": {"type": "string", "value": "[format('aks-{0}', parameters('resourceName'))]"}, "other": {"type": "string", "value": "[reference('x').y]"}}}}},
	 {"type": "Microsoft.Resources/deployments", "name": "appCluster", "properties": {"mode": "Incremental", "template": {"resources": [
	   {"type": "Microsoft.ContainerService/managedClusters", "name": "aks-app", "properties": {"agentPoolProfiles": [{"name": "sys", "mode": "System"}]}}]}}},
	 {"type": "Microsoft.ContainerService/managedClusters/agentPools", "copy": {"name": "extra", "count": "[length(variables('extra'))]"},
	  "name": "[format('{0}/{1}', reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, 'rg'), 'Microsoft.Resources/deployments', 'gridCluster'), '2022-09-01').outputs.aksClusterName.value, variables('extra')[copyIndex()])]",
	  "properties": {"vmSize": "Standard_B2s"}},
	 {"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "[format('{0}/p', reference('gridCluster').outputs.other.value)]", "properties": {}},
	 {"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "[format('{0}/q', reference(resourceId('Microsoft.Network/virtualNetworks', 'gridCluster')).outputs.aksClusterName.value)]", "properties": {}}]}`
	res := parseText(t, src)
	byName := map[string]string{}
	for _, c := range res.Clusters {
		byName[c.Name.Value+fmt.Sprint(c.Partial)] = poolNames(c)
	}
	if byName["aks-stestfalse"] != "sys,chromepool,firefoxpool" || byName["aks-appfalse"] != "sys" {
		t.Errorf("clusters %v", byName)
	}
	// An output that cannot be evaluated, or a reference to another kind
	// of resource, stays unknown: those pools' cluster is not known.
	partial := 0
	for _, c := range res.Clusters {
		if c.Partial && !c.Name.Known {
			partial++
		}
	}
	if partial != 2 {
		t.Errorf("%d pools of unknown cluster, want 2: %v", partial, byName)
	}
}

// Outputs that read each other's (or their own) reference() are unknown,
// and evaluated once: a chain of deployments each reading the previous one's
// output twice stays linear.
func TestDeploymentOutputCycles(t *testing.T) {
	dep := func(name, value string) string {
		return `{"type": "Microsoft.Resources/deployments", "name": "` + name + `", "properties": {"expressionEvaluationOptions": {"scope": "outer"}, "template": {"resources": [], "outputs": {"o": {"type": "string", "value": "` + value + `"}}}}}`
	}
	var rs []string
	rs = append(rs, dep("a", "[reference('b').outputs.o.value]"), dep("b", "[reference('a').outputs.o.value]"), dep("self", "[reference('self').outputs.o.value]"))
	rs = append(rs, dep("d0", "x"))
	for i := 1; i < 200; i++ {
		prev := fmt.Sprintf("reference('d%d').outputs.o.value", i-1)
		rs = append(rs, dep(fmt.Sprintf("d%d", i), "[concat(take("+prev+", 1), take("+prev+", 1))]"))
	}
	rs = append(rs, `{"type": "Microsoft.ContainerService/managedClusters", "name": "c", "properties": {"agentPoolProfiles": [
	  {"name": "[reference('a').outputs.o.value]"}, {"name": "[reference('self').outputs.o.value]"}, {"name": "[reference('d199').outputs.o.value]"}]}}`)
	res := parseText(t, `{"resources": [`+strings.Join(rs, ",")+`]}`)
	c := onlyCluster(t, res)
	if poolNames(c) != "?,?,xx" {
		t.Errorf("pools %q", poolNames(c))
	}
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			t.Errorf("diag %s: %s", d.Pos, d.Message)
		}
	}
}
