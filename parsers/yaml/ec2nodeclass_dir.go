package yaml

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// ec2ClassDir is the EC2NodeClasses of the YAML files of one directory,
// checked once per scan, and which files hold NodePools using them by
// name: most repositories keep nodepool.yaml and ec2nodeclass.yaml side by
// side, so a NodePool's class is often in another file of its directory.
type ec2ClassDir struct {
	classes map[string][]ec2ClassDef // by class name
	users   map[string][]string      // class name → files with a NodePool using it, in directory order
}

// ec2ClassDef is one EC2NodeClass declared in a file and what it fails.
type ec2ClassDef struct {
	path       string
	rejections []nodepool.Rejection
}

// loadEC2ClassDir indexes the directory of in, or returns nil when in is
// not a file of a directory poollint can list.
func loadEC2ClassDir(in *parsers.Input) *ec2ClassDir {
	return loadDir(in, "yaml/ec2nodeclass-dir", buildEC2ClassDir)
}

func buildEC2ClassDir(in *parsers.Input, dir string) *ec2ClassDir {
	d := &ec2ClassDir{classes: map[string][]ec2ClassDef{}, users: map[string][]string{}}
	eachDirFile(in, dir, yamlFile, func(p, _ string, data []byte, budget int) int {
		// A template (Helm's {{ }}) is read by its chart, not as it stands.
		if !bytes.Contains(data, []byte("karpenter")) || bytes.Contains(data, []byte("{{")) || !utf8.Valid(data) {
			return 0
		}
		return d.readFile(filepath.Clean(p), data, budget)
	})
	return d
}

// readFile indexes the EC2NodeClasses and the NodePools' class references
// of one file, visiting at most budget nodes, and returns how many it
// visited.
func (d *ec2ClassDir) readFile(p string, data []byte, budget int) int {
	used := map[string]bool{}
	return eachMapping(p, data, budget, func(n *node) {
		apiVersion, kind := n.get("apiVersion").str(), n.get("kind").str()
		switch {
		case strings.HasPrefix(apiVersion, "karpenter.sh/") && kind == "NodePool":
			ref := n.path("spec", "template", "spec", "nodeClassRef")
			k, kOK := vstr(ref.get("kind"))
			name, nOK := vstr(ref.get("name"))
			if kOK && nOK && k == "EC2NodeClass" && !used[name] {
				used[name] = true
				d.users[name] = append(d.users[name], p)
			}
		case kind == "EC2NodeClass":
			if name, rs, ok := checkEC2NodeClass(n); ok {
				d.classes[name] = append(d.classes[name], ec2ClassDef{path: p, rejections: rs})
			}
		}
	})
}

// rejectionsFor returns what the EC2NodeClass name, declared in another
// file of the directory, fails, for the NodePool of the file at p using
// it. Only the first file of the directory using the class gets them, so
// each is reported once, and none when the class's own file uses it (it
// reports them), when the name is declared more than once (variants of
// one class: which is meant is not known) or holds a placeholder.
func (d *ec2ClassDir) rejectionsFor(p, name string) []nodepool.Rejection {
	if d == nil || hasPlaceholder(name) {
		return nil
	}
	defs, users := d.classes[name], d.users[name]
	if len(defs) != 1 || len(users) == 0 || users[0] != filepath.Clean(p) {
		return nil
	}
	for _, u := range users {
		if u == defs[0].path {
			return nil
		}
	}
	return defs[0].rejections
}
