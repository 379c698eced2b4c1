package yaml

import (
	"bytes"
	"path/filepath"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/parsers"
)

// Limits on what one directory's index (the Cluster API documents, the
// EC2NodeClasses of a directory) reads.
const (
	maxDirFiles    = 500      // YAML files looked at
	maxDirFileSize = 4 << 20  // bytes of one file
	maxDirBytes    = 64 << 20 // bytes of all files
	maxDirNodes    = 1000000  // YAML nodes of all files, aliases expanded
)

// loadDir returns the index build makes of the directory of in, built once
// per scan under key, or the zero T when in is not a file of a directory
// poollint can list (a unit test's input, a file read from elsewhere).
func loadDir[T any](in *parsers.Input, key string, build func(in *parsers.Input, dir string) T) T {
	var zero T
	if in == nil || in.Path == "" || in.Path == "-" {
		return zero
	}
	if info, err := in.Options.Stat(in.Path); err != nil || info.IsDir() {
		return zero
	}
	dir := filepath.Dir(in.Path)
	d, _ := in.Options.Once(key+"\x00"+dir, func() any { return build(in, dir) }).(T)
	return d
}

// eachDirFile reads the files of dir whose names want accepts (given the
// name and its lower case), within the directory's limits, and hands each
// to visit with the YAML nodes left to visit; visit returns how many it
// visited. Stat follows a symbolic link (confined to the roots): only a
// regular file of bounded size is read, never a pipe or a device. What
// cannot be read is the file's own scan's to report.
func eachDirFile(in *parsers.Input, dir string, want func(name, lower string) bool, visit func(p, name string, data []byte, budget int) int) {
	entries, err := in.Options.ReadDir(dir)
	if err != nil {
		return
	}
	ctx := in.Context()
	files, total, budget := 0, 0, maxDirNodes
	for _, e := range entries {
		if ctx.Err() != nil || files >= maxDirFiles || total >= maxDirBytes || budget <= 0 {
			break
		}
		name := e.Name()
		if e.IsDir() || !want(name, strings.ToLower(name)) {
			continue
		}
		files++
		p := filepath.Join(dir, name)
		info, err := in.Options.Stat(p)
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxDirFileSize {
			continue // refused (outside the roots), gone, or not a file
		}
		data, err := in.Options.Read(p)
		if err != nil || len(data) > maxDirFileSize {
			continue
		}
		total += len(data)
		budget -= visit(p, name, data, min(budget, maxNodes))
	}
}

// yamlFile accepts .yaml and .yml files.
func yamlFile(_, lower string) bool {
	return strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml")
}

// eachMapping calls fn with each document of data that is a mapping,
// visiting at most budget nodes, and returns how many it visited; it stops
// at the first document it cannot read (the file's own scan reports it).
func eachMapping(p string, data []byte, budget int, fn func(n *node)) int {
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
		if n != nil && n.kind == yamlv3.MappingNode {
			fn(n)
		}
	}
	return budget - max(c.budget, 0)
}
