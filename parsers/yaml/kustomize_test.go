package yaml

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/parsers"
)

const kzPool = `apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: c-pool%s
spec:
  mode: User
  sku: Standard_D2s_v3
  name: pool%s
`

const kzPoolPatch = `apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedMachinePool
metadata:
  name: c-pool0
spec:
  maxPods: 30
`

const kzNodePoolPatch = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  disruption:
    consolidationPolicy: WhenEmpty
`

// A file a kustomization lists as a patch changes a pool declared
// elsewhere: it is not read as a pool of its own (found on
// kubernetes-sigs/cluster-api-provider-azure templates/test/ci, whose
// overlays' patches/aks-pool0.yaml each counted as one more pool). A file
// listed as a resource, even in a patches directory, still declares its
// pools.
func TestKustomizePatchNotAPool(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"base/pools.yaml":                  strings.ReplaceAll(kzPool, "%s", "0"),
		"base/kustomization.yaml":          "resources: [pools.yaml]\n",
		"ci/aks/kustomization.yaml":        "resources:\n- ../../base\n- patches/pool2.yaml\npatches:\n- path: patches/pool0.yaml\n- path: ../shared/pool0-tags.yaml\n  target: {kind: AzureManagedMachinePool}\n- patch: |-\n    - op: add\n      path: /spec/x\n      value: 1\n",
		"ci/aks/patches/pool0.yaml":        kzPoolPatch,
		"ci/aks/patches/pool2.yaml":        strings.ReplaceAll(kzPool, "%s", "2"),
		"ci/shared/pool0-tags.yaml":        kzPoolPatch,
		"nap/overlay/kustomization.yml":    "resources: [../base]\npatchesStrategicMerge:\n- nodepool.yaml\n",
		"nap/overlay/nodepool.yaml":        kzNodePoolPatch,
		"nap/base/kustomization.yaml":      "resources: [nodepool.yaml]\n",
		"nap/base/nodepool.yaml":           kzNodePoolPatch + "  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n",
		"unrelated/kustomization.yaml":     "resources: [pool.yaml]\n",
		"unrelated/pool.yaml":              strings.ReplaceAll(kzPool, "%s", "9"),
		"elsewhere/pool0-patch-alone.yaml": kzPoolPatch,
	})
	for _, tc := range []struct {
		file  string
		pools int
		by    string // the kustomization the note names, "" for no note
	}{
		{"base/pools.yaml", 1, ""},
		{"ci/aks/patches/pool2.yaml", 1, ""},
		{"ci/aks/patches/pool0.yaml", 0, "../kustomization.yaml"},
		{"ci/shared/pool0-tags.yaml", 0, "../aks/kustomization.yaml"},
		{"nap/overlay/nodepool.yaml", 0, "kustomization.yml"},
		{"nap/base/nodepool.yaml", 1, ""},
		{"unrelated/pool.yaml", 1, ""},
		// No kustomization lists it: read as written.
		{"elsewhere/pool0-patch-alone.yaml", 1, ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res := parseFile(t, dir, filepath.Join(dir, filepath.FromSlash(tc.file)), nil)
			pools := 0
			for _, c := range res.Clusters {
				pools += len(c.Pools)
			}
			if pools != tc.pools {
				t.Errorf("%d pools, want %d\n%s", pools, tc.pools, diagText(res.Diags))
			}
			var notes []parsers.Diagnostic
			for _, d := range res.Diags {
				if d.Unread == finding.UnreadKustomizePatch {
					notes = append(notes, d)
				}
			}
			switch {
			case tc.by == "" && len(notes) > 0:
				t.Errorf("unexpected note: %s", diagText(notes))
			case tc.by != "" && (len(notes) != 1 || notes[0].Level != parsers.LevelNote || !strings.Contains(notes[0].Message, "listed by "+tc.by)):
				t.Errorf("want one note naming %s, got:\n%s", tc.by, diagText(res.Diags))
			}
		})
	}
}

// A kustomization outside the scan roots is never read, and a patch beside
// it is read as written.
func TestKustomizePatchOutsideRoot(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"kustomization.yaml":    "patches:\n- path: repo/pools/pool0.yaml\n",
		"repo/pools/pool0.yaml": strings.ReplaceAll(kzPool, "%s", "0"),
	})
	root := filepath.Join(dir, "repo")
	res := parseFile(t, root, filepath.Join(root, "pools", "pool0.yaml"), nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Errorf("got %+v\n%s", res.Clusters, diagText(res.Diags))
	}
}
