package yaml

import (
	"fmt"
	"path/filepath"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// Kustomize. poollint does not build kustomizations: each file is read as
// written. A file a kustomization lists as a patch (patches[].path,
// patchesStrategicMerge) is not an object of its own but a change merged
// into the object it targets when kustomize builds: its NodePool, machine
// pool or control plane is not a pool or cluster, and reading it as one
// would invent a pool (a patch that sets only maxPods on pool0 is not a
// second pool0). Such a file gets a note and declares nothing, unless a
// kustomization in reach also lists it as a resource.
//
// The kustomizations looked at are those of the file's directory, of its
// ancestors (up to kustomizeUp levels) and of the ancestors' direct
// subdirectories (a shared ../patches directory used by sibling overlays),
// within the scan roots and bounded in count and size.

const (
	kustomizeUp      = 3       // ancestor directories looked at
	maxKustomizeDirs = 256     // directories looked at for one file
	maxKustomizeSize = 1 << 20 // bytes of one kustomization
)

// kustomizeNames are the file names kustomize reads, in its order.
var kustomizeNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// kustomizeDir is what the kustomization of one directory lists: the
// patch and resource files, as clean paths.
type kustomizeDir struct {
	file               string // the kustomization's path, "" when none
	patches, resources map[string]bool
}

// loadKustomizeDir reads the kustomization of dir once per scan (nil when
// there is none or it cannot be read).
func loadKustomizeDir(opts *parsers.Options, dir string) *kustomizeDir {
	v := opts.Once("yaml/kustomize\x00"+dir, func() any {
		for _, name := range kustomizeNames {
			p := filepath.Join(dir, name)
			info, err := opts.Stat(p)
			if err != nil || !info.Mode().IsRegular() || info.Size() > maxKustomizeSize {
				continue
			}
			data, err := opts.Read(p)
			if err != nil || len(data) > maxKustomizeSize {
				return (*kustomizeDir)(nil)
			}
			return parseKustomization(p, data)
		}
		return (*kustomizeDir)(nil)
	})
	k, _ := v.(*kustomizeDir)
	return k
}

// parseKustomization reads the patch and resource files a kustomization
// (or a Component) lists. Inline patches and directories are left out.
func parseKustomization(p string, data []byte) *kustomizeDir {
	var k struct {
		Resources             []any `yaml:"resources"`
		Bases                 []any `yaml:"bases"`
		Patches               []any `yaml:"patches"`
		PatchesStrategicMerge []any `yaml:"patchesStrategicMerge"`
	}
	if yamlv3.Unmarshal(data, &k) != nil {
		return nil
	}
	dir := filepath.Dir(p)
	d := &kustomizeDir{file: p, patches: map[string]bool{}, resources: map[string]bool{}}
	add := func(m map[string]bool, v any) {
		s, ok := v.(string)
		if !ok || s == "" || strings.ContainsAny(s, "\n:") {
			return // an inline patch, or a URL
		}
		m[filepath.Join(dir, filepath.FromSlash(s))] = true
	}
	for _, r := range append(k.Resources, k.Bases...) {
		add(d.resources, r)
	}
	for _, r := range k.PatchesStrategicMerge {
		add(d.patches, r)
	}
	for _, r := range k.Patches {
		if m, ok := r.(map[string]any); ok {
			add(d.patches, m["path"])
		}
	}
	return d
}

// subdirs lists the subdirectories of dir once per scan.
func subdirs(opts *parsers.Options, dir string) []string {
	v := opts.Once("yaml/subdirs\x00"+dir, func() any {
		entries, err := opts.ReadDir(dir)
		if err != nil {
			return []string(nil)
		}
		var out []string
		for _, e := range entries {
			if e.IsDir() && len(out) < maxKustomizeDirs {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
		return out
	})
	s, _ := v.([]string)
	return s
}

// kustomizePatch returns the kustomization that lists the file of in as a
// patch, or "" when none in reach does or one lists it as a resource.
func kustomizePatch(in *parsers.Input) string {
	if in == nil || in.Options == nil || in.Path == "" || in.Path == "-" {
		return ""
	}
	p := filepath.Clean(in.Path)
	if info, err := in.Options.Stat(p); err != nil || !info.Mode().IsRegular() {
		return ""
	}
	ctx := in.Context()
	seen := map[string]bool{}
	var dirs []string
	visit := func(d string) {
		if !seen[d] && len(dirs) < maxKustomizeDirs {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	d := filepath.Dir(p)
	visit(d)
	for i := 0; i < kustomizeUp; i++ {
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		if _, err := in.Options.Stat(parent); err != nil {
			break // outside the roots
		}
		d = parent
		visit(d)
		for _, sub := range subdirs(in.Options, d) {
			visit(sub)
		}
	}
	patchOf := ""
	for _, dir := range dirs {
		if ctx.Err() != nil {
			return ""
		}
		k := loadKustomizeDir(in.Options, dir)
		if k == nil {
			continue
		}
		if k.resources[p] {
			return ""
		}
		if patchOf == "" && k.patches[p] {
			patchOf = k.file
		}
	}
	return patchOf
}

// asKustomizePatch turns what a file listed as a kustomize patch declares
// into a note: its documents change objects declared elsewhere.
func asKustomizePatch(in *parsers.Input, res parsers.Result) parsers.Result {
	if len(res.Clusters) == 0 {
		return res
	}
	k := kustomizePatch(in)
	if k == "" {
		return res
	}
	pools := 0
	for _, c := range res.Clusters {
		pools += len(c.Pools)
	}
	what := fmt.Sprintf("%d node pool(s)", pools)
	if pools == 0 {
		what = "cluster settings"
	}
	rel := k
	if r, err := filepath.Rel(filepath.Dir(in.Path), k); err == nil {
		rel = filepath.ToSlash(r)
	}
	res.Clusters = nil
	res.Diags = append(res.Diags, parsers.Notef(nodepool.Pos{File: in.Path, Line: 1, Col: 1},
		"kustomize patch (listed by %s): it changes %s declared elsewhere when kustomize builds, and is not read as their declaration; check the result with kustomize build … | poollint scan -", rel, what).WithUnread(finding.UnreadKustomizePatch))
	res.Diags = tidy(res.Diags)
	return res
}
