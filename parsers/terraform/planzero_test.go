package terraform

import (
	"testing"

	"github.com/poollint/poollint/parsers"
)

// A plan of an existing aws_eks_node_group writes the unset one of
// update_config's two arguments as 0 (the aws provider keeps nested
// integers without null); 0 is not a value either accepts, so it is not
// read as written: one setting, not both.
func TestPlanUpdateConfigZeroIsUnset(t *testing.T) {
	plan := func(count, percent string) string {
		return `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
  {"address": "aws_eks_node_group.ng", "mode": "managed", "type": "aws_eks_node_group", "name": "ng",
   "values": {"cluster_name": "eks", "node_group_name": "ng",
     "scaling_config": [{"desired_size": 2, "min_size": 1, "max_size": 3}],
     "update_config": [{"max_unavailable": ` + count + `, "max_unavailable_percentage": ` + percent + `}]}}]}}}`
	}
	for _, tc := range []struct {
		count, percent, want string
		both                 bool
	}{
		{"1", "0", "1", false},
		{"0", "25", "25%", false},
		{"2", "null", "2", false},
		{"1", "25", "1", true}, // both written: PL027's case
	} {
		res := parsePlan(&parsers.Input{Path: "plan.json", Data: []byte(plan(tc.count, tc.percent))})
		if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
			t.Fatalf("%s/%s: clusters %+v diags %v", tc.count, tc.percent, res.Clusters, res.Diags)
		}
		p := res.Clusters[0].Pools[0]
		if !p.MaxUnavailable.Known || p.MaxUnavailable.Value != tc.want {
			t.Errorf("%s/%s: max unavailable %+v, want %s", tc.count, tc.percent, p.MaxUnavailable, tc.want)
		}
		if both := p.UnavailableBoth.Known && p.UnavailableBoth.Value; both != tc.both {
			t.Errorf("%s/%s: both %v, want %v", tc.count, tc.percent, both, tc.both)
		}
	}
}
