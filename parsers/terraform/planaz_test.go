package terraform

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// planAzapiASG is plan JSON with an azapi cluster (object body), an azapi
// agent pool (JSON string body) tied to it by configuration, one whose
// body is not JSON, and autoscaling groups with and without a cluster tag.
const planAzapiASG = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "azapi_resource.aks", "mode": "managed", "type": "azapi_resource", "name": "aks",
     "values": {"type": "Microsoft.ContainerService/managedClusters@2025-05-01", "name": "planned",
       "body": {"properties": {"agentPoolProfiles": [{"name": "system", "mode": "System", "count": 0}]}}}},
    {"address": "azapi_resource.spot", "mode": "managed", "type": "azapi_resource", "name": "spot",
     "values": {"type": "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01", "name": "spot",
       "body": "{\"properties\": {\"scaleSetPriority\": \"Spot\", \"mode\": \"System\"}}"}},
    {"address": "azapi_resource.bad", "mode": "managed", "type": "azapi_resource", "name": "bad",
     "values": {"type": "Microsoft.ContainerService/managedClusters/agentPools@2025-05-01", "name": "bad",
       "parent_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/planned",
       "body": "{not json"}},
    {"address": "aws_autoscaling_group.workers", "mode": "managed", "type": "aws_autoscaling_group", "name": "workers",
     "values": {"name": "workers", "min_size": 1, "max_size": 3,
       "tag": [{"key": "kubernetes.io/cluster/eks-prod", "value": "owned", "propagate_at_launch": true}]}},
    {"address": "aws_autoscaling_group.bastion", "mode": "managed", "type": "aws_autoscaling_group", "name": "bastion",
     "values": {"name": "bastion", "min_size": 1, "max_size": 3, "tag": [{"key": "Name", "value": "bastion"}]}},
    {"address": "aws_eks_cluster.main", "mode": "managed", "type": "aws_eks_cluster", "name": "main", "values": {}},
    {"address": "aws_autoscaling_group.later", "mode": "managed", "type": "aws_autoscaling_group", "name": "later",
     "values": {"name": "later", "min_size": 1, "max_size": 3, "tag": [{"value": "owned"}]}},
    {"address": "aws_autoscaling_group.named", "mode": "managed", "type": "aws_autoscaling_group", "name": "named",
     "values": {"name": "named", "min_size": 1, "max_size": 3, "tag": [{"key": "Name", "value": "workers"}]}}
  ]}},
  "configuration": {"root_module": {"resources": [
    {"address": "azapi_resource.spot", "expressions": {"parent_id": {"references": ["azapi_resource.aks.id", "azapi_resource.aks"]}}},
    {"address": "aws_autoscaling_group.later", "expressions": {"tag": [{"key": {"references": ["aws_eks_cluster.main.name", "aws_eks_cluster.main"]}}]}},
    {"address": "aws_autoscaling_group.named", "expressions": {"tag": [{"value": {"references": ["aws_eks_cluster.main.name", "aws_eks_cluster.main"]}}]}}
  ]}}
}`

func TestPlanAzapiASG(t *testing.T) {
	res := parsePlan(&parsers.Input{Path: "plan.json", Data: []byte(planAzapiASG)})
	got := map[string][]*nodepool.Pool{}
	for _, c := range res.Clusters {
		got[c.Name.Value] = append(got[c.Name.Value], c.Pools...)
	}
	planned := got["planned"]
	// "later" is tied to aws_eks_cluster.main by its tag key, known only
	// after apply; "named" only refers to the cluster in a tag's value.
	if len(res.Clusters) != 3 || len(planned) != 3 || len(got["eks-prod"]) != 1 || len(got[""]) != 1 || got[""][0].Name.Value != "later" {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	if p := planned[0]; p.Name.Value != "system" || p.Mode.Value != "System" || p.Count.Value != 0 || p.Count.Pos.Line != 6 || !p.Default {
		t.Errorf("profile %+v", p)
	}
	if p := planned[1]; p.Name.Value != "spot" || p.Priority.Value != "Spot" || p.Priority.Pos.Line != 9 {
		t.Errorf("child %+v", p)
	}
	if p := planned[2]; p.Name.Value != "bad" || p.Mode.Known || !p.Mode.Set || p.VMSize.Known || !p.VMSize.Set {
		t.Errorf("unreadable body %+v", p)
	}
	if p := got["eks-prod"][0]; p.MinCount.Value != 1 || p.MaxCount.Value != 3 || p.Labels.Known || !p.Labels.Set {
		t.Errorf("autoscaling group %+v", p)
	}
}
