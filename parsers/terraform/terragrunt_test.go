package terraform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/parsers"
)

// TestTerragruntNoted: a terragrunt.hcl calling a node-pool module
// (particuleio/teks: seven eks_managed_node_groups in its inputs) was not
// looked at: its pools vanished without a word. One poollint cannot
// evaluate (a computed or local source, inputs not written in place) is
// noted and counted among the parts not read; a Terragrunt configuration
// of something else (a VPC) is not.
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
  source = "${include.root.locals.modules}//eks"
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

// TestTerragruntRead: a terragrunt.hcl calling terraform-aws-modules/eks
// from the registry (tfr://) or its GitHub repository at a tag is read like
// a module call with its inputs: the pools at their lines, addresses as
// the module's own root. With an include, what the included file may set
// is unknown (not the module's default) and its pools are noted as not
// read.
func TestTerragruntRead(t *testing.T) {
	for _, tc := range []struct {
		name, source, include string
		versionKnown          bool
	}{
		{"registry", `tfr:///terraform-aws-modules/eks/aws?version=20.8.4`, "", true},
		{"github", `github.com/terraform-aws-modules/terraform-aws-eks?ref=v20.28.0`, "", true},
		{"include", `git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.8.4`, "include \"root\" {\n  path = find_in_parent_folders()\n}\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.include + `locals {
  name = "prod"
}
terraform {
  source = "` + tc.source + `"
}
inputs = {
  cluster_name = local.name
  subnet_ids   = dependency.vpc.outputs.private_subnets
  eks_managed_node_groups = {
    a = {
      instance_types = ["m5.large"]
      min_size       = 1
      max_size       = 3
      desired_size   = 2
    }
    b = {
      instance_types = [include.root.locals.type]
    }
  }
}
`
			if tc.include == "" {
				file = strings.Replace(file, "inputs = {\n", "inputs = {\n  cluster_version = \"1.30\"\n", 1)
			}
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"live/eks/terragrunt.hcl": file})
			path := dir + "/live/eks/terragrunt.hcl"
			res := Parser{}.Parse(&parsers.Input{Path: path, Data: []byte(file), Options: &parsers.Options{}})
			var notes []string
			for _, d := range res.Diags {
				if d.Level == parsers.LevelError {
					t.Errorf("error %s: %s", d.Pos, d.Message)
				}
				if d.Unread != "" {
					notes = append(notes, d.Message)
				}
			}
			if (tc.include != "") != (len(notes) == 1) || len(notes) > 1 {
				t.Errorf("notes of parts not read %q", notes)
			}
			if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 2 {
				t.Fatalf("clusters %+v, want one with two pools", res.Clusters)
			}
			c := res.Clusters[0]
			if c.ID != "aws_eks_cluster.this[0]" || !c.Name.Known || c.Name.Value != "prod" {
				t.Errorf("cluster %s named %+v", c.ID, c.Name)
			}
			if c.KubernetesVersion.Known != tc.versionKnown {
				t.Errorf("version %+v, known want %v", c.KubernetesVersion, tc.versionKnown)
			}
			ps := pools(res)
			a, b := ps["a"], ps["b"]
			if a == nil || b == nil {
				t.Fatalf("pools %v", ps)
			}
			if a.ID != `module.eks_managed_node_group["a"].aws_eks_node_group.this[0]` || a.Pos.Line != 12+strings.Count(tc.include, "\n")-boolInt(tc.include != "") {
				t.Errorf("a: %s at line %d", a.ID, a.Pos.Line)
			}
			if !a.Count.Known || a.Count.Value != 2 || !a.InstanceTypes.Known || b.InstanceTypes.Known {
				t.Errorf("a count %+v types %+v; b types %+v", a.Count, a.InstanceTypes, b.InstanceTypes)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FuzzTerragrunt: any terragrunt.hcl is read or noted, never a crash or an
// error without a position.
func FuzzTerragrunt(f *testing.F) {
	f.Add([]byte("include \"root\" {\n  path = find_in_parent_folders()\n}\nlocals {\n  n = include.root.locals.n\n}\nterraform {\n  source = \"tfr:///terraform-aws-modules/eks/aws?version=20.8.4\"\n}\ninputs = {\n  cluster_name = local.n\n  eks_managed_node_groups = { a = { min_size = 1 } }\n  self_managed_node_groups = merge({ b = {} }, {})\n}\n"))
	f.Add([]byte("terraform {\n  source = \"github.com/cloudposse/terraform-aws-eks-node-group//x?ref=v3.2.0\"\n}\ninputs = {\n  \"cluster_name\" = \"c\"\n  instance_types = [\"m5.large\"]\n}\n"))
	f.Add([]byte("terraform {\n  source = \"git::https://github.com/Azure/terraform-azurerm-aks.git?ref=9.0.0\"\n}\ninputs = {\n  node_pools = { for i in range(3) : \"p${i}\" => {} }\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "terragrunt.hcl")
		res := Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: &parsers.Options{}})
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError && d.Pos.Line < 1 {
				t.Fatalf("error without a line: %+v", d)
			}
		}
	})
}
