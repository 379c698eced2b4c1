package yaml

import (
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestResolve11 pins the YAML 1.1 reading against what sigs.k8s.io/yaml
// v1.6.0 (go-yaml v2.4) turns each plain scalar into, as JSON (checked with
// the library outside this repository).
func TestResolve11(t *testing.T) {
	cases := map[string]string{
		"yes": "true", "Yes": "true", "YES": "true", "y": "true", "Y": "true", "on": "true", "On": "true", "ON": "true",
		"true": "true", "True": "true", "TRUE": "true",
		"no": "false", "No": "false", "NO": "false", "n": "false", "N": "false", "off": "false", "Off": "false", "OFF": "false",
		"false": "false", "False": "false", "FALSE": "false",
		"~": "null", "null": "null", "Null": "null", "NULL": "null", "": "null",
		"0777": "511", "0o777": "511", "0x1F": "31", "0b101": "5", "1_000": "1000", "1__2": "12", "+1": "1", "-1": "-1", "-0": "0",
		"1.20": "1.2", "1.2e3": "1200", "1e3": "1000", ".5": "0.5", "+.5": "0.5", "1.": "1", "0.1_0": "0.1", "08": "8",
		// strings
		"tRUE": "", "yES": "", "190:20:30": "", "1:20": "", "12:30": "", "2001-12-14": "", "v1.30": "", "1.2.3": "", "-": "", ".": "",
		"NoSchedule": "", "spot": "", "0x": "", "1e": "",
	}
	for in, want := range cases {
		r := resolve11(in)
		if got := r.text(); got != want {
			t.Errorf("%q: %s (%q), want %q", in, r.describe(), got, want)
		}
	}
	for _, in := range []string{".inf", ".Inf", "+.INF", "-.inf", ".nan", ".NaN"} {
		if r := resolve11(in); r.kind != kFloat || r.finite() {
			t.Errorf("%q: %+v", in, r)
		}
	}
	// Keys as sigs.k8s.io/yaml writes them (floats at 32 bits).
	for in, want := range map[string]string{"on": "true", "no": "false", "0777": "511", "1.20": "1.2", "1e3": "1000", ".inf": ".inf", "x": "x"} {
		if got, _ := resolve11(in).jsonKey(in); got != want {
			t.Errorf("key %q: %q, want %q", in, got, want)
		}
	}
	if _, ok := resolve11("~").jsonKey("~"); ok {
		t.Error("a null key has no JSON key")
	}
}

const eksctlYAML11 = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: c
  version: 1.30
managedNodeGroups:
  - name: ng
    spot: yes
    maxSize: "6"
    labels:
      env: yes
      tier: on
      version: 1.20
      zone: 0777
      ok: "yes"
      on: x
    taints:
      - key: dedicated
        value: yes
        effect: NoSchedule
  - name: quoted
    spot: "true"
`

func TestYAML11Eksctl(t *testing.T) {
	res := parse("c.yaml", []byte(eksctlYAML11))
	wantDiags(t, res,
		`error c.yaml:5:12: version: 1.30 is the number 1.3 to eksctl (YAML 1.1), not a string, and eksctl rejects it; quote it: "1.30"`,
		`error c.yaml:9:14: maxSize: "6" is a string, and eksctl takes only a number here: write it unquoted`,
		`error c.yaml:11:12: label "env": yes is the boolean true to eksctl (YAML 1.1), not a string, and eksctl rejects it; quote it: "yes"`,
		`error c.yaml:12:13: label "tier": on is the boolean true to eksctl`,
		`error c.yaml:13:16: label "version": 1.20 is the number 1.2 to eksctl`,
		`error c.yaml:14:13: label "zone": 0777 is the number 511 to eksctl`,
		`error c.yaml:16:7: label key on is "true" to eksctl (YAML 1.1): the label is true; quote it if you mean "on"`,
		`error c.yaml:19:16: taint value: yes is the boolean true to eksctl`,
		`error c.yaml:22:11: spot: "true" is a string, and eksctl takes only true or false here: write it unquoted`,
	)
	c := res.Clusters[0]
	if c.KubernetesVersion.Known || !c.KubernetesVersion.Set {
		t.Errorf("version %+v", c.KubernetesVersion)
	}
	p := c.Pools[0]
	if !p.Priority.Known || p.Priority.Value != nodepool.PrioritySpot || p.Priority.Pos.Line != 8 {
		t.Errorf("spot: yes is true to eksctl: %+v", p.Priority)
	}
	if p.MaxCount.Known || !p.MaxCount.Set {
		t.Errorf("maxSize %+v", p.MaxCount)
	}
	for _, k := range []string{"env", "tier", "version", "zone"} {
		if l := label(t, p, k); l.ValueKnown {
			t.Errorf("label %s: %+v", k, l)
		}
	}
	if l := label(t, p, "ok"); !l.ValueKnown || l.Value != "yes" {
		t.Errorf("quoted: %+v", l)
	}
	if l := label(t, p, "true"); !l.ValueKnown || l.Value != "x" || l.Pos.Line != 16 {
		t.Errorf("key on: %+v", l)
	}
	if p.Taints.Known || p.Taints.Set != true {
		t.Errorf("taints %+v", p.Taints)
	}
	if q := c.Pools[1]; q.Priority.Known || !q.Priority.Set {
		t.Errorf(`spot: "true" is rejected: %+v`, q.Priority)
	}
}

func TestYAML11Karpenter(t *testing.T) {
	res := parse("np.yaml", []byte(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: a
spec:
  weight: "10"
  template:
    metadata:
      labels:
        tier: on
        team: web
    spec:
      taints:
        - key: yes
          effect: NoSchedule
      requirements:
        - key: karpenter.k8s.aws/instance-generation
          operator: Gt
          values: [2]
        - key: karpenter.sh/capacity-type
          operator: In
          values: [spot]
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`))
	wantDiags(t, res,
		`error np.yaml:6:11: weight: "10" is a string, and kubectl takes only a number here`,
		`error np.yaml:10:15: label "tier": on is the boolean true to kubectl (YAML 1.1), not a string, and the API server rejects it; quote it: "on"`,
		`error np.yaml:14:16: taint key: yes is the boolean true to kubectl`,
		`error np.yaml:19:20: values[0]: 2 is the number 2 to kubectl`,
	)
	p := onlyPool(t, res)
	if l := label(t, p, "tier"); l.ValueKnown {
		t.Errorf("tier %+v", l)
	}
	if l := label(t, p, "team"); !l.ValueKnown || l.Value != "web" {
		t.Errorf("team %+v", l)
	}
	if p.Taints.Known {
		t.Errorf("taints %+v", p.Taints)
	}
	if p.Priority.Value != nodepool.PrioritySpot || p.Karpenter.Weight.Known {
		t.Errorf("priority %+v weight %+v", p.Priority, p.Karpenter.Weight)
	}
}

func TestYAML11ClusterAPI(t *testing.T) {
	res := parse("capi.yaml", []byte(`apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: pool0
spec:
  mode: User
  sku: Standard_D4s_v5
  nodeLabels:
    gpu: no
  availabilityZones: [1, "2"]
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSManagedMachinePool
metadata:
  name: pool1
spec:
  labels:
    env: yes
  taints:
    - key: dedicated
      value: on
      effect: no-schedule
`))
	wantDiags(t, res,
		`error capi.yaml:9:10: label "gpu": no is the boolean false to kubectl`,
		`error capi.yaml:10:23: availabilityZones[0]: 1 is the number 1 to kubectl`,
		`error capi.yaml:18:10: label "env": yes is the boolean true to kubectl`,
		`error capi.yaml:21:14: taint value: on is the boolean true to kubectl`,
	)
	var pools []*nodepool.Pool
	for _, c := range res.Clusters {
		pools = append(pools, c.Pools...)
	}
	if len(pools) != 2 {
		t.Fatalf("pools %+v", pools)
	}
	if z := pools[0].Zones; z.Known || len(z.Value) != 1 || z.Value[0] != "2" {
		t.Errorf("zones %+v", z)
	}
}

func TestYAML11ASO(t *testing.T) {
	res := parse("aso.yaml", []byte(`apiVersion: containerservice.azure.com/v1api20240901
kind: ManagedClustersAgentPool
metadata:
  name: pool
spec:
  owner:
    name: aks
  mode: User
  vmSize: Standard_D4s_v5
  enableAutoScaling: yes
  minCount: 1
  maxCount: 3
  nodeLabels:
    spot: off
  nodeTaints:
    - dedicated=gpu:NoSchedule
    - true
`))
	wantDiags(t, res,
		`error aso.yaml:14:11: label "spot": off is the boolean false to kubectl`,
		`error aso.yaml:17:7: nodeTaints[1]: true is the boolean true to kubectl`,
	)
	p := onlyPool(t, res)
	if !p.AutoScaling.Known || !p.AutoScaling.Value {
		t.Errorf("enableAutoScaling: yes is true: %+v", p.AutoScaling)
	}
	if p.Taints.Known || len(p.Taints.Value) != 1 {
		t.Errorf("taints %+v", p.Taints)
	}
}

// CloudFormation reads YAML 1.1 and converts scalars to the property's
// type: 2 is "2", but yes is true and 0777 is 511.
func TestYAML11CloudFormation(t *testing.T) {
	res := parse("t.yaml", []byte(`AWSTemplateFormatVersion: 2010-09-09
Resources:
  Ng:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: prod
      Labels:
        tier: 2
        env: yes
        zone: 0777
        ok: "on"
      Taints:
        - Key: dedicated
          Value: Yes
          Effect: NO_SCHEDULE
`))
	wantDiags(t, res,
		`error t.yaml:9:14: label "env": CloudFormation reads YAML 1.1, where yes is the boolean true, not the string "yes"; quote it`,
		`error t.yaml:10:15: label "zone": CloudFormation reads YAML 1.1, where 0777 is the number 511`,
		`error t.yaml:14:18: taint Value: CloudFormation reads YAML 1.1, where Yes is the boolean true`,
	)
	p := onlyPool(t, res)
	for _, k := range []string{"tier", "env", "zone"} {
		if l := label(t, p, k); l.ValueKnown {
			t.Errorf("label %s: %+v", k, l)
		}
	}
	if l := label(t, p, "ok"); l.Value != "on" {
		t.Errorf("ok: %+v", l)
	}
}

// Go/Helm template expressions in values that parse are unknown, like
// envsubst placeholders.
func TestTemplateValuesUnknown(t *testing.T) {
	res := parse("np.yaml", []byte(strings.ReplaceAll(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: "{{ .Values.name }}"
spec:
  template:
    metadata:
      labels:
        team: "{{ .Values.team }}"
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`, "\t", "")))
	p := onlyPool(t, res)
	if p.Name.Known || label(t, p, "team").ValueKnown {
		t.Errorf("name %+v labels %+v", p.Name, p.Labels)
	}
	wantDiags(t, res)
}
