package yaml

import (
	"fmt"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// diagsAt lists "level line:col: message" for each diagnostic.
func diagsAt(res parsers.Result) []string {
	var out []string
	for _, d := range res.Diags {
		out = append(out, string(d.Level)+" "+d.Pos.String()+": "+d.Message)
	}
	return out
}

// wantDiags checks that each want is a substring of one diagnostic, in
// order, and that there are no others.
func wantDiags(t *testing.T, res parsers.Result, want ...string) {
	t.Helper()
	got := diagsAt(res)
	if len(got) != len(want) {
		t.Errorf("got %d diagnostics, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
		return
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("diagnostic %d:\n%s\nwant it to contain %q", i, got[i], w)
		}
	}
}

func onlyPool(t *testing.T, res parsers.Result) *nodepool.Pool {
	t.Helper()
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("want one pool, got %+v (diags %v)", res.Clusters, diagsAt(res))
	}
	return res.Clusters[0].Pools[0]
}

func label(t *testing.T, p *nodepool.Pool, key string) nodepool.Label {
	t.Helper()
	for _, l := range p.Labels.Value {
		if l.Key == key {
			return l
		}
	}
	t.Fatalf("no label %q in %+v", key, p.Labels)
	return nodepool.Label{}
}

// Issue 16: the first of two maxSize keys was kept, and PL007 fired on a
// minimum above it; kubectl keeps the last, eksctl rejects the file.
func TestDuplicateKeyEksctl(t *testing.T) {
	res := parse("c.yaml", []byte(`apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: c
managedNodeGroups:
  - name: ng
    minSize: 3
    maxSize: 1
    desiredCapacity: 3
    maxSize: 6
`))
	p := onlyPool(t, res)
	if !p.MaxCount.Known || p.MaxCount.Value != 6 || p.MaxCount.Pos.Line != 10 {
		t.Errorf("maxSize must be the last one (6, line 10): %+v", p.MaxCount)
	}
	wantDiags(t, res, `error c.yaml:10:5: duplicate key "maxSize" (first at line 8, column 5): eksctl rejects the file`)
}

func TestDuplicateKeyKubectl(t *testing.T) {
	res := parse("np.yaml", []byte(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: a
spec:
  template:
    metadata:
      labels:
        team: web
        team: api
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`))
	p := onlyPool(t, res)
	if l := label(t, p, "team"); l.Value != "api" || l.Pos.Line != 10 || len(p.Labels.Value) != 1 {
		t.Errorf("labels %+v", p.Labels)
	}
	wantDiags(t, res, `error np.yaml:10:9: duplicate key "team" (first at line 9, column 9): kubectl keeps this last value`)
}

// CloudFormation leaves repeated keys undefined: the value is unknown.
func TestDuplicateKeyCloudFormation(t *testing.T) {
	res := parse("t.yaml", []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ng:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: prod
      ScalingConfig:
        MinSize: 1
        MaxSize: 3
        MaxSize: 5
`))
	p := onlyPool(t, res)
	if p.MaxCount.Known || !p.MaxCount.Set || p.MinCount.Value != 1 {
		t.Errorf("max %+v min %+v", p.MaxCount, p.MinCount)
	}
	wantDiags(t, res, `error t.yaml:10:9: duplicate key "MaxSize" (first at line 9, column 9): CloudFormation's handling of a repeated key is undefined`)
}

// A repeated key in a manifest poollint does not read is not its business;
// one in an anchor used twice is reported once.
func TestDuplicateKeyScope(t *testing.T) {
	res := parse("m.yaml", []byte(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  name: web2
---
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: c
x-labels: &l
  team: a
  team: b
managedNodeGroups:
  - name: one
    labels: *l
  - name: two
    labels: *l
`))
	wantDiags(t, res, `error m.yaml:13:3: duplicate key "team" (first at line 12, column 3)`)
	for _, p := range res.Clusters[0].Pools {
		if l := label(t, p, "team"); l.Value != "b" {
			t.Errorf("%s: %+v", p.ID, l)
		}
	}
}

// Merge keys apply in go-yaml v2's order (what kubectl and eksctl decode
// with): a merged key replaces an explicit one written before it, and an
// explicit key after it wins. eksctl's strict decoding rejects either.
func TestMergeKeyOrder(t *testing.T) {
	doc := `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: a
x-base: &base
  team: base
  tier: base
spec:
  template:
    metadata:
      labels:
        team: mine
        <<: *base
        tier: mine
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`
	res := parse("np.yaml", []byte(doc))
	p := onlyPool(t, res)
	if l := label(t, p, "team"); l.Value != "base" || l.Pos.Line != 6 {
		t.Errorf("team: %+v", l)
	}
	if l := label(t, p, "tier"); l.Value != "mine" || l.Pos.Line != 14 {
		t.Errorf("tier: %+v", l)
	}
	wantDiags(t, res) // kubectl accepts it

	res = parse("c.yaml", []byte(`apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: c
x-defaults: &d
  minSize: 1
  maxSize: 9
managedNodeGroups:
  - <<: *d
    name: a
    maxSize: 3
`))
	p = onlyPool(t, res)
	if p.MinCount.Value != 1 || p.MaxCount.Value != 3 {
		t.Errorf("min %+v max %+v", p.MinCount, p.MaxCount)
	}
	wantDiags(t, res, `error c.yaml:11:5: key "maxSize" is set twice in one mapping (at line 7 and at line 11, one through a merge key): eksctl rejects`)
}

// Two keys of different types that convert to one JSON key ("1" and 1):
// which value kubectl keeps varies, so the value is unknown.
func TestKeysCollidingInJSON(t *testing.T) {
	res := parse("np.yaml", []byte(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: a
spec:
  template:
    metadata:
      labels:
        "true": a
        yes: b
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`))
	p := onlyPool(t, res)
	if l := label(t, p, "true"); l.ValueKnown {
		t.Errorf("label %+v", l)
	}
	wantDiags(t, res,
		`error np.yaml:10:9: keys "yes" (here) and "true" (line 9, column 9) are one key, "true", once kubectl converts the document to JSON`,
		`error np.yaml:10:9: label key yes is "true" to kubectl (YAML 1.1)`)
}

func TestCloudFormationNoAliases(t *testing.T) {
	res := parse("t.yaml", []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ng:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: prod
      ScalingConfig: &s
        MinSize: 1
      Labels:
        <<: {team: a}
`))
	wantDiags(t, res, `error t.yaml:10:9: CloudFormation does not support YAML merge keys (<<)`)
	if p := onlyPool(t, res); label(t, p, "team").Value != "a" {
		t.Errorf("labels %+v", p.Labels)
	}
}

// A merge key naming a list: the first mapping of the list wins, over an
// explicit key written before the merge key too (go-yaml v2).
func TestMergeKeyList(t *testing.T) {
	res := parse("np.yaml", []byte(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: a
x-a: &a {k: one, j: one}
x-b: &b {k: two, m: two}
spec:
  template:
    metadata:
      labels:
        k: zero
        <<: [*a, *b]
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`))
	p := onlyPool(t, res)
	got := map[string]string{}
	for _, l := range p.Labels.Value {
		got[l.Key] = l.Value
	}
	if got["k"] != "one" || got["j"] != "one" || got["m"] != "two" || len(got) != 3 {
		t.Errorf("labels %v", got)
	}
	wantDiags(t, res)
}

// Issue 14: a Helm chart's template holding a Karpenter NodePool does not
// parse as YAML before rendering; it is a note, not a file error.
func TestHelmTemplateIsANote(t *testing.T) {
	res := parse("chart/templates/nodepool.yaml", []byte(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: {{ .Values.name }}
  labels:
    {{- include "chart.labels" . | nindent 4 }}
spec:
  limits:
    cpu: {{ .Values.x }}
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`))
	if len(res.Clusters) != 0 {
		t.Errorf("clusters %+v", res.Clusters)
	}
	wantDiags(t, res, `note chart/templates/nodepool.yaml:4:9: not read: looks like a Helm template (it is not valid YAML: line 5: did not find expected node content)`)
	if !strings.Contains(res.Diags[0].Message, "render it first (helm template … | poollint scan -)") {
		t.Errorf("message %q", res.Diags[0].Message)
	}

	res = parse("playbook.yaml", []byte("apiVersion: v1\nkind: ConfigMap\ndata:\n{% for k in keys %}\n  {{ k }}: x\n{% endfor %}\n"))
	wantDiags(t, res, `note playbook.yaml:4:1: not read: looks like a Jinja template`)
}

// A file in one of our formats that does not parse stays an error; YAML of
// another tool that does not parse is a note.
func TestBrokenYAMLOursOrNot(t *testing.T) {
	res := parse("cluster.yaml", []byte("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\nmanagedNodeGroups:\n  - name: a\n   minSize: 1\n"))
	wantDiags(t, res, "error cluster.yaml:5:1: invalid YAML: did not find expected '-' indicator")
	res = parse("np.yaml", []byte("kind: NodePool\nspec: [\n"))
	wantDiags(t, res, "error np.yaml:")
	res = parse("patch.yaml", []byte("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n   template: x\n"))
	wantDiags(t, res, "note patch.yaml:5:1: not read: not valid YAML (")
}

// Issue 15: updateConfig: {} (rejected by eksctl and Cluster API AWS) was
// not read; it is a known empty setting at the update config.
func TestEmptyUpdateConfig(t *testing.T) {
	res := parse("c.yaml", []byte("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\nmanagedNodeGroups:\n  - name: a\n    updateConfig: {}\n  - name: b\n    updateConfig:\n      maxUnavailablePercentage: 50\n"))
	pools := res.Clusters[0].Pools
	if mu := pools[0].MaxUnavailable; !mu.Known || mu.Value != "" || mu.Pos.Line != 7 {
		t.Errorf("empty: %+v", mu)
	}
	if mu := pools[1].MaxUnavailable; mu.Value != "50%" {
		t.Errorf("percentage: %+v", mu)
	}
	res = parse("capa.yaml", []byte("apiVersion: infrastructure.cluster.x-k8s.io/v1beta2\nkind: AWSManagedMachinePool\nmetadata:\n  name: p\nspec:\n  updateConfig: {}\n"))
	if mu := onlyPool(t, res).MaxUnavailable; !mu.Known || mu.Value != "" || mu.Pos.Line != 6 {
		t.Errorf("capa: %+v", mu)
	}
	wantDiags(t, res)
}

// Issue 15: a taint without key or effect made the whole list unknown, so
// the taint rules missed it; it is kept with the missing part empty.
func TestIncompleteTaint(t *testing.T) {
	res := parse("c.yaml", []byte(`apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: c
managedNodeGroups:
  - name: a
    taints:
      - key: dedicated
        value: gpu
      - value: x
        effect: NoExecute
      - key: ok
        effect: NoSchedule
`))
	p := onlyPool(t, res)
	want := []nodepool.Taint{{Key: "dedicated", Value: "gpu", Effect: ""}, {Key: "", Value: "x", Effect: "NoExecute"}, {Key: "ok", Effect: "NoSchedule"}}
	if !p.Taints.Known || len(p.Taints.Value) != 3 {
		t.Fatalf("taints %+v", p.Taints)
	}
	for i, w := range want {
		got := p.Taints.Value[i]
		if got.Key != w.Key || got.Value != w.Value || got.Effect != w.Effect || got.Pos.Line != 8+2*i {
			t.Errorf("taint %d: %+v, want %+v", i, got, w)
		}
	}
	// A part that cannot be resolved still makes the list incomplete.
	res = parse("np.yaml", []byte("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      taints:\n        - key: ${KEY}\n          effect: NoSchedule\n        - key: b\n"))
	if p := onlyPool(t, res); p.Taints.Known || len(p.Taints.Value) != 1 || p.Taints.Value[0].Key != "b" {
		t.Errorf("karpenter taints %+v", p.Taints)
	}
}

// A repeated key in a large mapping (looked up through an index).
func TestDuplicateKeyLargeMapping(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: a\nspec:\n  template:\n    metadata:\n      labels:\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "        k%d: v%d\n", i, i)
	}
	b.WriteString("        k3: last\n")
	res := parse("np.yaml", []byte(b.String()))
	p := onlyPool(t, res)
	if len(p.Labels.Value) != 20 || label(t, p, "k3").Value != "last" || label(t, p, "k19").Value != "v19" {
		t.Errorf("labels %+v", p.Labels.Value)
	}
	wantDiags(t, res, `error np.yaml:29:9: duplicate key "k3" (first at line 12, column 9)`)
}
