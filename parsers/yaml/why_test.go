package yaml

import (
	"testing"
)

// TestWhy: an unknown YAML value says why: a placeholder substituted
// before apply, a CloudFormation intrinsic, an object not in reach, a value
// of the wrong type.
func TestWhy(t *testing.T) {
	eksctl := parse("cluster.yaml", []byte(`apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: ${CLUSTER_NAME}
  region: eu-west-1
managedNodeGroups:
  - name: ng
    instanceType: "{{ .Values.instanceType }}"
    desiredCapacity: "3"
    minSize: 99999999999999999999
`))
	c := eksctl.Clusters[0]
	p := c.Pools[0]
	cfn := parse("stack.yaml", []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: demo
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      InstanceTypes:
        - !Ref NodeType
      ScalingConfig:
        MinSize:
          Fn::GetAtt: [X, Y]
`))
	q := cfn.Clusters[0].Pools[0]
	capi := parse("md.yaml", []byte(`apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineDeployment
metadata:
  name: md
spec:
  clusterName: demo
  template:
    spec:
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureMachineTemplate
        name: md-template
`))
	r := capi.Clusters[0].Pools[0]
	for _, c := range []struct {
		name      string
		known     bool
		got, want string
	}{
		{"an envsubst variable", c.Name.Known, c.Name.Why, "${CLUSTER_NAME} is substituted before apply"},
		{"a template expression", p.VMSize.Known || p.InstanceTypes.Known, p.InstanceTypes.Why, "{{ .Values.instanceType }} is rendered by a template engine before apply"},
		{"a string for a number", p.Count.Known, p.Count.Why, "a string where eksctl takes a number"},
		{"a number too large", p.MinCount.Known, p.MinCount.Why, "the value is not a whole number"},
		{"a short intrinsic", q.InstanceTypes.Known, q.InstanceTypes.Why, "!Ref is resolved by CloudFormation at deployment"},
		{"a long intrinsic", q.MinCount.Known, q.MinCount.Why, "Fn::GetAtt is resolved by CloudFormation at deployment"},
		{"an object not in reach", r.VMSize.Known, r.VMSize.Why, "AzureMachineTemplate md-template is not in the scanned files"},
	} {
		if c.known || c.got != c.want {
			t.Errorf("%s: known %v, why %q; want %q", c.name, c.known, c.got, c.want)
		}
	}
}
