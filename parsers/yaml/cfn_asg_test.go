package yaml

import (
	"fmt"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// cfnPools lists a result's pools by ID, with their clusters' IDs.
func cfnPools(t *testing.T, data string) (map[string]*nodepool.Pool, map[string]string) {
	t.Helper()
	res := parse("ng.yaml", []byte(data))
	for _, d := range res.Diags {
		t.Errorf("diagnostic %s: %s", d.Pos, d.Message)
	}
	pools, clusters := map[string]*nodepool.Pool{}, map[string]string{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			pools[p.ID], clusters[p.ID] = p, c.ID
		}
	}
	return pools, clusters
}

// TestCFNSelfManagedNodeGroup: an AWS::AutoScaling::AutoScalingGroup tagged
// kubernetes.io/cluster/<name> is a self-managed node group (AWS's
// amazon-eks-nodegroup.yaml, the EKS quick start's UnmanagedASG,
// aws-samples/amazon-eks-refarch-cloudformation): it was not read at all.
// One without the tag, or tagged for another purpose, is no pool.
func TestCFNSelfManagedNodeGroup(t *testing.T) {
	pools, clusters := cfnPools(t, `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ClusterName:
    Type: String
  Env:
    Type: String
    Default: prod
  Desired:
    Type: Number
    Default: 3
  Labels:
    Type: String
    Default: "--kubelet-extra-args --node-labels=team=web,tier=front"
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Sub "eks-${Env}"
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m5.large
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash
            /etc/eks/bootstrap.sh ${Cluster} ${Labels} --region ${AWS::Region}
  Workers:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      DesiredCapacity: !Ref Desired
      MinSize: "1"
      MaxSize: 6
      LaunchTemplate:
        LaunchTemplateId: !Ref Template
        Version: !GetAtt Template.LatestVersionNumber
      Tags:
        - Key: !Sub kubernetes.io/cluster/${Cluster}
          Value: owned
          PropagateAtLaunch: true
  Spot:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 0
      MaxSize: 4
      MixedInstancesPolicy:
        InstancesDistribution:
          OnDemandPercentageAboveBaseCapacity: 0
        LaunchTemplate:
          LaunchTemplateSpecification:
            LaunchTemplateId: !Ref Template
            Version: "1"
          Overrides:
            - InstanceType: c5.large
            - InstanceType: c5a.large
      Tags:
        - Key: !Join ["", ["kubernetes.io/cluster/", !Ref ClusterName]]
          Value: shared
          PropagateAtLaunch: true
  Named:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 1
      MaxSize: 1
      LaunchConfigurationName: !Ref Config
      Tags:
        - Key: kubernetes.io/cluster/other
          Value: owned
          PropagateAtLaunch: true
  Config:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      InstanceType: t3.large
      SpotPrice: "0.05"
      UserData: !Base64 |
        #!/bin/bash
        /etc/eks/bootstrap.sh other
  Web:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 1
      MaxSize: 2
      Tags:
        - Key: Name
          Value: web
  Elsewhere:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 1
      MaxSize: 2
      Tags:
        - Key: kubernetes.io/cluster/prod
          Value: "retired"
          PropagateAtLaunch: true
`)
	if len(pools) != 3 {
		t.Fatalf("pools %v, want Workers, Spot and Named", clusters)
	}
	w := pools["AutoScalingGroup/Workers"]
	if clusters[w.ID] != "cfn:Cluster" {
		t.Errorf("Workers in %q, want the template's cluster", clusters[w.ID])
	}
	if !w.Count.Known || w.Count.Value != 3 || w.MinCount.Value != 1 || w.MaxCount.Value != 6 {
		t.Errorf("Workers sizes %+v %+v %+v", w.Count, w.MinCount, w.MaxCount)
	}
	if !w.InstanceTypes.Known || strings.Join(w.InstanceTypes.Value, ",") != "m5.large" {
		t.Errorf("Workers types %+v", w.InstanceTypes)
	}
	if !w.Labels.Known || len(w.Labels.Value) != 2 || w.Labels.Value[0].Key != "team" || w.Labels.Value[1].Value != "front" || w.Labels.From != "Labels" {
		t.Errorf("Workers labels %+v", w.Labels)
	}
	if w.Taints.Set {
		t.Errorf("Workers taints %+v, want none set", w.Taints)
	}
	s := pools["AutoScalingGroup/Spot"]
	if clusters[s.ID] != "cfn-asg:Spot" || s.Count.Set {
		t.Errorf("Spot in %q (its cluster's name is a parameter without default), count %+v", clusters[s.ID], s.Count)
	}
	if !s.InstanceTypes.Known || strings.Join(s.InstanceTypes.Value, ",") != "c5.large,c5a.large" {
		t.Errorf("Spot types %+v", s.InstanceTypes)
	}
	if !s.Priority.Known || s.Priority.Value != nodepool.PrioritySpot {
		t.Errorf("Spot priority %+v", s.Priority)
	}
	n := pools["AutoScalingGroup/Named"]
	if clusters[n.ID] != "cfn-cluster:other" || !n.Priority.Known || n.Priority.Value != nodepool.PrioritySpot {
		t.Errorf("Named in %q, priority %+v", clusters[n.ID], n.Priority)
	}
	if !n.InstanceTypes.Known || n.InstanceTypes.Value[0] != "t3.large" || n.Labels.Set || n.Taints.Set {
		t.Errorf("Named types %+v labels %+v taints %+v", n.InstanceTypes, n.Labels, n.Taints)
	}
}

// TestCFNSelfManagedUnknowns: what cannot be resolved offline is unknown,
// never a guess: a launch template chosen by !If, overrides under !If,
// user data with a parameter that has no default, and a script that sets
// different labels in two branches.
func TestCFNSelfManagedUnknowns(t *testing.T) {
	pools, _ := cfnPools(t, `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ClusterName:
    Type: String
  Extra:
    Type: String
  Lt:
    Type: String
Conditions:
  Own: !Equals [!Ref Lt, ""]
Resources:
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m5.large
        UserData:
          Fn::Base64: !Sub "/etc/eks/bootstrap.sh ${ClusterName} ${Extra}"
  Branches:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m5.large
        UserData:
          Fn::Base64: |
            if spot; then /etc/eks/bootstrap.sh c --kubelet-extra-args '--node-labels=life=spot'
            else /etc/eks/bootstrap.sh c --kubelet-extra-args '--node-labels=life=ondemand'; fi
  Chosen:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 1
      MaxSize: 2
      MixedInstancesPolicy:
        LaunchTemplate:
          LaunchTemplateSpecification:
            LaunchTemplateId: !If [Own, !Ref Template, !Ref Lt]
            Version: "1"
          Overrides: !If
            - Own
            - !Ref AWS::NoValue
            - - InstanceType: c5.large
      Tags:
        - Key: !Sub kubernetes.io/cluster/${ClusterName}
          Value: owned
  FromParam:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 1
      MaxSize: 2
      LaunchTemplate:
        LaunchTemplateId: !Ref Template
        Version: "1"
      Tags:
        - Key: !Sub kubernetes.io/cluster/${ClusterName}
          Value: owned
  TwoWays:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 1
      MaxSize: 2
      LaunchTemplate:
        LaunchTemplateName: !Ref Branches
        Version: "1"
      Tags:
        - Key: {"Fn::Sub": "kubernetes.io/cluster/${ClusterName}"}
          Value: owned
`)
	if len(pools) != 3 {
		t.Fatalf("%d pools, want 3", len(pools))
	}
	c := pools["AutoScalingGroup/Chosen"]
	if c.InstanceTypes.Known || !c.InstanceTypes.Set || c.Labels.Known || !c.Labels.Set || c.Taints.Known || !c.Taints.Set {
		t.Errorf("Chosen types %+v labels %+v taints %+v, want unknown", c.InstanceTypes, c.Labels, c.Taints)
	}
	f := pools["AutoScalingGroup/FromParam"]
	if !f.InstanceTypes.Known || f.Labels.Known || !f.Labels.Set || f.Taints.Known || !f.Taints.Set {
		t.Errorf("FromParam types %+v labels %+v taints %+v, want labels and taints unknown", f.InstanceTypes, f.Labels, f.Taints)
	}
	w := pools["AutoScalingGroup/TwoWays"]
	if w.Labels.Known || !w.Labels.Set || w.Taints.Set {
		t.Errorf("TwoWays labels %+v taints %+v, want labels unknown, no taints", w.Labels, w.Taints)
	}
}

// cfnASGSeed is a fuzz seed: a self-managed node group in each spelling.
const cfnASGSeed = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  N: {Type: String, Default: "--node-labels=a=b --register-with-taints=k=v:NoSchedule"}
Resources:
  C: {Type: AWS::EKS::Cluster, Properties: {Name: c}}
  T:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateData: {InstanceType: m5.large, UserData: {"Fn::Base64": {"Fn::Sub": ["x ${N} ${AWS::Region}", {}]}}}}
  L: {Type: AWS::AutoScaling::LaunchConfiguration, Properties: {InstanceType: t3.large, UserData: !Base64 "x"}}
  A:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: 1
      MaxSize: "2"
      MixedInstancesPolicy: {LaunchTemplate: {LaunchTemplateSpecification: {LaunchTemplateId: !Ref T}, Overrides: [{InstanceType: c5.large}]}}
      Tags: [{Key: !Sub "kubernetes.io/cluster/${C}", Value: owned}]
  B:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {LaunchConfigurationName: !Ref L, Tags: [{Key: {"Fn::Join": ["", ["kubernetes.io/cluster/", {"Ref": "N"}]]}, Value: shared}]}
`

// TestCFNRepeatedKeyScope: CloudFormation deploys a template with a key
// written twice (the last wins). A repeated key in a resource poollint does
// not read (a security group rule's Description, in
// aws-samples/amazon-eks-refarch-cloudformation and others) made the whole
// scan exit 2; it is not reported. One in a resource poollint reads, or in
// Parameters, still is, and so is an alias anywhere.
func TestCFNRepeatedKeyScope(t *testing.T) {
	res := parse("t.yaml", []byte(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Size:
    Type: Number
    Default: 2
    Default: 3
Resources:
  Ingress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      Description: a
      IpProtocol: tcp
      Description: b
  Ng:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: prod
      ScalingConfig:
        MinSize: 1
        MaxSize: 3
        MaxSize: 5
  Egress:
    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      Description: &d c
      IpProtocol: tcp
      Description: *d
Outputs:
  X:
    Value: a
    Value: b
`))
	var got []int
	for _, d := range res.Diags {
		got = append(got, d.Pos.Line)
	}
	// Default (6), MaxSize (21), the alias (26 and 27, its repeat not),
	// Outputs (31); not Ingress's Description (13).
	want := []int{6, 21, 27, 31}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		for _, d := range res.Diags {
			t.Logf("%s: %s", d.Pos, d.Message)
		}
		t.Errorf("diagnostics at lines %v, want %v", got, want)
	}
}

// TestCFNRepeatedKeyNoEKS: a template with nothing poollint reads (a
// pipeline) is not poollint's business at all, its Parameters included.
func TestCFNRepeatedKeyNoEKS(t *testing.T) {
	res := parse("p.yaml", []byte(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Branch:
    Type: String
    Default: master
    Default: main
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
`))
	if len(res.Diags) != 0 || len(res.Clusters) != 0 {
		t.Errorf("diagnostics %+v, clusters %+v: want none", res.Diags, res.Clusters)
	}
}
