package yaml

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/parsers"
)

// Limits on what one directory's Cluster API index reads.
const (
	maxDirFiles    = 500      // YAML files looked at
	maxDirFileSize = 4 << 20  // bytes of one file
	maxDirBytes    = 64 << 20 // bytes of all files
	maxDirNodes    = 1000000  // YAML nodes of all files, aliases expanded
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
// file of a directory poollint can list (a unit test's input, a file read
// from elsewhere).
func loadCapiDir(in *parsers.Input) *capiDir {
	if in == nil || in.Path == "" || in.Path == "-" {
		return nil
	}
	if info, err := in.Options.Stat(in.Path); err != nil || info.IsDir() {
		return nil
	}
	dir := filepath.Dir(in.Path)
	load := func() any { return buildCapiDir(in, dir) }
	d, _ := in.Options.Once("yaml/capi-dir\x00"+dir, load).(*capiDir)
	return d
}

func buildCapiDir(in *parsers.Input, dir string) *capiDir {
	entries, err := in.Options.ReadDir(dir)
	if err != nil {
		return nil
	}
	d := &capiDir{kustomized: map[string][]int{}}
	ctx := in.Context()
	files, total, budget := 0, 0, maxDirNodes
	for _, e := range entries {
		if ctx.Err() != nil || files >= maxDirFiles || total >= maxDirBytes || budget <= 0 {
			break
		}
		name := e.Name()
		lower := strings.ToLower(name)
		if e.IsDir() || !(strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") || name == "Kustomization") {
			continue
		}
		files++
		p := filepath.Join(dir, name)
		// Stat follows a symbolic link (confined to the roots): only a
		// regular file of bounded size is read, never a pipe or a device.
		info, err := in.Options.Stat(p)
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxDirFileSize {
			continue // refused (outside the roots), gone, or not a file: the file's own scan says so
		}
		data, err := in.Options.Read(p)
		if err != nil || len(data) > maxDirFileSize {
			continue
		}
		total += len(data)
		if lower == "kustomization.yaml" || lower == "kustomization.yml" || name == "Kustomization" {
			d.kustomization(dir, data)
			continue
		}
		if !bytes.Contains(data, []byte("cluster.x-k8s.io")) || !utf8.Valid(data) {
			continue
		}
		f, used := readCapiFile(p, data, min(budget, maxNodes))
		budget -= used
		if len(f.docs) > 0 {
			d.files = append(d.files, f)
		}
	}
	return d
}

// readCapiFile reads the Cluster API documents of a file, visiting at
// most budget nodes, and returns how many it visited; what it cannot read
// is the file's own scan's to report.
func readCapiFile(p string, data []byte, budget int) (*capiFile, int) {
	f := &capiFile{path: p}
	dec := yamlv3.NewDecoder(bytes.NewReader(data))
	c := &converter{path: p, budget: budget}
	for {
		var doc yamlv3.Node
		if err := dec.Decode(&doc); err != nil {
			break // the end, or what the file's own scan reports
		}
		c.cons = consumerOf(&doc)
		n, err := c.convert(&doc, 0)
		if err != nil {
			break
		}
		if n == nil || n.kind != yamlv3.MappingNode {
			continue
		}
		if d, _ := newCapiDoc(n, p, n.get("apiVersion").str(), n.get("kind").str()); d != nil {
			f.add(d)
		}
	}
	f.finish()
	return f, budget - max(c.budget, 0)
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
