package terraform

import (
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/parsers"
)

// TestTerragruntNoted: a terragrunt.hcl calling a node-pool module
// (particuleio/teks: seven eks_managed_node_groups in its inputs) was not
// looked at: its pools vanished without a word. It is still not evaluated,
// but it is noted and counted among the parts not read; a Terragrunt
// configuration of something else (a VPC) is not.
func TestTerragruntNoted(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       string // "" for no note
		line       int
	}{
		{"literal", `include "root" {
  path = find_in_parent_folders()
}
terraform {
  source = "tfr:///terraform-aws-modules/eks/aws?version=20.8.4"
}
inputs = {
  cluster_name = "prod"
  eks_managed_node_group_defaults = { ami_type = "AL2023_x86_64_STANDARD" }
  eks_managed_node_groups = {
    a = { instance_types = ["m5.large"] }
    b = { instance_types = [dependency.x.outputs.type] }
  }
}
`, "2 node pool(s) written in its inputs are not checked", 10},
		{"computed", `terraform {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.8.4"
}
inputs = merge(include.root.locals.common, { cluster_name = "prod" })
`, "node pools declared in it are not checked", 2},
		{"vpc", `terraform {
  source = "tfr:///terraform-aws-modules/vpc/aws?version=5.0.0"
}
inputs = {
  cidr = "10.0.0.0/16"
}
`, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"live/eks/terragrunt.hcl": tc.file})
			path := dir + "/live/eks/terragrunt.hcl"
			if !(Parser{}).Detect(path, []byte(tc.file)) || !parsers.HasExtension(path, Parser{}.Extensions()) {
				t.Fatal("terragrunt.hcl is not this parser's")
			}
			res := Parser{}.Parse(&parsers.Input{Path: path, Data: []byte(tc.file), Options: &parsers.Options{}})
			if len(res.Clusters) != 0 {
				t.Errorf("clusters %+v: nothing is evaluated", res.Clusters)
			}
			var notes []finding.Diagnostic
			for _, d := range res.Diags {
				if d.Level == parsers.LevelError {
					t.Errorf("error %s: %s", d.Pos, d.Message)
				}
				if strings.Contains(d.Message, "Terragrunt") {
					notes = append(notes, d)
				}
			}
			if tc.want == "" {
				if len(notes) != 0 {
					t.Errorf("notes %+v, want none", notes)
				}
				return
			}
			if len(notes) != 1 {
				t.Fatalf("notes %+v, want one", notes)
			}
			if d := notes[0]; !strings.Contains(d.Message, tc.want) || d.Unread != finding.UnreadTerragrunt || d.Pos.Line != tc.line {
				t.Errorf("note at line %d, unread %q: %s\nwant line %d, %q", d.Pos.Line, d.Unread, d.Message, tc.line, tc.want)
			}
		})
	}
	if (Parser{}).Detect("live/.terraform.lock.hcl", []byte("provider {}")) || parsers.HasExtension("x/.terraform.lock.hcl", Parser{}.Extensions()) {
		t.Error("other .hcl files are not Terragrunt's")
	}
}
