package yaml

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/parsers"
)

// capiDir is the Cluster API documents of the YAML files of one directory,
// read once per scan: a reference a file does not resolve itself may name
// an object of another file of its directory (a cluster split into
// cluster.yaml and pools.yaml).
//
// A reference by a name holding a placeholder (${CLUSTER_NAME}-pool0)
// reaches another file only when a kustomization of the directory lists
// both files as resources: independent clusterctl templates side by side
// all use the same placeholder names, and are not one cluster.
type capiDir struct {
	files []*capiFile
	// kustomized maps a file to the kustomizations (by number) listing it
	// as a resource.
	kustomized     map[string][]int
	kustomizations int
}

// loadCapiDir indexes the directory of in, or returns nil when in is not a
// file of a directory poollint can list.
func loadCapiDir(in *parsers.Input) *capiDir {
	return loadDir(in, "yaml/capi-dir", buildCapiDir)
}

func isKustomization(name, lower string) bool {
	return lower == "kustomization.yaml" || lower == "kustomization.yml" || name == "Kustomization"
}

func buildCapiDir(in *parsers.Input, dir string) *capiDir {
	d := &capiDir{kustomized: map[string][]int{}}
	want := func(name, lower string) bool { return yamlFile(name, lower) || isKustomization(name, lower) }
	eachDirFile(in, dir, want, func(p, name string, data []byte, budget int) int {
		if isKustomization(name, strings.ToLower(name)) {
			d.kustomization(dir, data)
			return 0
		}
		if !bytes.Contains(data, []byte("cluster.x-k8s.io")) || !utf8.Valid(data) {
			return 0
		}
		f, used := readCapiFile(p, data, budget)
		if len(f.docs) > 0 {
			d.files = append(d.files, f)
		}
		return used
	})
	return d
}

// readCapiFile reads the Cluster API documents of a file, visiting at
// most budget nodes, and returns how many it visited; what it cannot read
// is the file's own scan's to report.
func readCapiFile(p string, data []byte, budget int) (*capiFile, int) {
	f := &capiFile{path: p}
	used := eachMapping(p, data, budget, func(n *node) {
		if d, _ := newCapiDoc(n, p, n.get("apiVersion").str(), n.get("kind").str()); d != nil {
			f.add(d)
		}
	})
	f.finish()
	return f, used
}

// kustomization records the files a kustomization lists as resources.
func (d *capiDir) kustomization(dir string, data []byte) {
	var k struct {
		Resources []string `yaml:"resources"`
	}
	if yamlv3.Unmarshal(data, &k) != nil {
		return
	}
	d.kustomizations++
	id := d.kustomizations
	for _, r := range k.Resources {
		r = filepath.Clean(r)
		if strings.ContainsRune(r, filepath.Separator) || strings.Contains(r, "/") {
			continue // another directory: not linked
		}
		p := filepath.Join(dir, r)
		d.kustomized[p] = append(d.kustomized[p], id)
	}
}

// reaches reports whether a reference by name from file a may resolve in
// file b.
func (d *capiDir) reaches(a, b, name string) bool {
	if !hasPlaceholder(name) {
		return true
	}
	for _, i := range d.kustomized[filepath.Clean(a)] {
		for _, j := range d.kustomized[filepath.Clean(b)] {
			if i == j {
				return true
			}
		}
	}
	return false
}

// others returns the directory's files but the one at p.
func (d *capiDir) others(p string) []*capiFile {
	if d == nil {
		return nil
	}
	p = filepath.Clean(p)
	out := make([]*capiFile, 0, len(d.files))
	for _, f := range d.files {
		if filepath.Clean(f.path) != p {
			out = append(out, f)
		}
	}
	return out
}
