package yaml

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestSettings: CAPZ, ASO and CloudFormation pools keep their specs
// flattened in their schema's names; placeholders stay unknown.
func TestSettings(t *testing.T) {
	res := parse("p.yaml", []byte(`apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata: {name: pool0}
spec:
  mode: System
  sku: Standard_D2s_v3
  subnetName: ${SUBNET}
  linuxOSConfig:
    swapFileSizeMB: 1500
---
apiVersion: containerservice.azure.com/v1api20240901
kind: ManagedClustersAgentPool
metadata: {name: pool1}
spec:
  owner: {name: aks}
  kubeletDiskType: Disk
`))
	var capz, aso *nodepool.Pool
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			switch p.Schema {
			case nodepool.SchemaCAPZ:
				capz = p
			case nodepool.SchemaAKS:
				aso = p
			}
		}
	}
	if capz == nil || aso == nil {
		t.Fatalf("pools missing: %+v %v", res.Clusters, res.Diags)
	}
	if f := capz.Settings.Get("linuxOSConfig.swapFileSizeMB"); !f.Known || f.Value != int64(1500) || f.Pos.Line != 9 {
		t.Errorf("swap: %+v", f)
	}
	if f := capz.Settings.Get("subnetName"); !f.Set || f.Known {
		t.Errorf("placeholder should be unknown: %+v", f)
	}
	if f := aso.Settings.Get("kubeletdisktype"); !f.Known || f.Value != "Disk" {
		t.Errorf("aso: %+v", f)
	}

	res = parse("cfn.yaml", []byte(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Ami: {Type: String, Default: AL2_x86_64}
Resources:
  NG:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: c
      NodeRole: arn
      Subnets: [a]
      AmiType: !Ref Ami
      Taints: [{Key: k, Effect: NoSchedule}]
`))
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("cfn: %+v %v", res.Clusters, res.Diags)
	}
	s := res.Clusters[0].Pools[0].Settings
	if f := s.Get("Taints[0].Effect"); !f.Known || f.Value != "NoSchedule" {
		t.Errorf("effect: %+v", f)
	}
	if f := s.Get("AmiType"); !f.Known || f.Value != "AL2_x86_64" || f.Origin == nodepool.OriginLiteral {
		t.Errorf("ami from the parameter default: %+v", f)
	}
}
