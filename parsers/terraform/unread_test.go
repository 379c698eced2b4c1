package terraform

import (
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
)

// TestDataAddonsKarpenterUnread: aws-ia/eks-data-addons, not installed,
// declares a Karpenter NodePool per karpenter_resources_helm_config entry
// when enable_karpenter_resources is true (awslabs/ai-on-eks and
// data-on-eks). Its call was skipped with a bare note, counted nowhere: it
// must say how many pools it leaves unchecked and count as a part not read.
func TestDataAddonsKarpenterUnread(t *testing.T) {
	for _, tc := range []struct {
		name, enable string
		want         string // "" for no note counting pools
	}{
		{"enabled", "enable_karpenter_resources = true", "2 node pools declared in it (and any default pool) are not checked"},
		{"unknown", "enable_karpenter_resources = var.on", "2 node pools declared in it (and any default pool) are not checked"},
		{"disabled", "enable_karpenter_resources = false", "node pools declared in it are not checked"},
		{"default off", "", "node pools declared in it are not checked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": `variable "on" {
  type = bool
}
module "data_addons" {
  source  = "aws-ia/eks-data-addons/aws"
  version = "1.37.1"

  oidc_provider_arn = "arn"
  ` + tc.enable + `
  karpenter_resources_helm_config = {
    gpu = {
      values = [<<-EOT
        name: gpu
        nodePool:
          limits:
            cpu: 1000
      EOT
      ]
    }
    cpu = {
      values = ["name: cpu"]
    }
  }
}
`})
			res := parseDir(t, dir, nil)
			var notes []string
			for _, d := range res.Diags {
				if strings.Contains(d.Message, `module "data_addons"`) {
					notes = append(notes, d.Message)
					if d.Unread != finding.UnreadModule {
						t.Errorf("unread = %q, want %q", d.Unread, finding.UnreadModule)
					}
					if !strings.HasSuffix(d.Message, "; "+tc.want) {
						t.Errorf("note %q, want it to end in %q", d.Message, tc.want)
					}
				}
			}
			if len(notes) != 1 {
				t.Fatalf("notes on the call: %q, want one", notes)
			}
		})
	}
}
