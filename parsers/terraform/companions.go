package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/poollint/poollint/parsers"
)

// Companions implements parsers.Companioned: a Terraform file or variable
// file is checked with its module directory (its .tf, .tf.json and .tfvars
// files) and, transitively, every directory of the workspace calling that
// module.
func (Parser) Companions(path string, ws *parsers.Workspace) ([]parsers.Companion, bool) {
	name := filepath.Base(path)
	if !strings.HasSuffix(name, ".tf") && !strings.HasSuffix(name, ".tf.json") && !strings.HasSuffix(name, ".tfvars") && !strings.HasSuffix(name, ".tfvars.json") {
		return nil, false
	}
	if ws.NeededOnly {
		return nil, true // the parser reads the module directory itself
	}
	callers := ws.Once("terraform.callers", func() any { return moduleCallers(ws.Paths) }).(map[string][]string)
	var out []parsers.Companion
	seen := map[string]bool{}
	var addModule func(dir string)
	addModule = func(dir string) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if n := e.Name(); strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") || strings.HasSuffix(n, ".tfvars") {
				out = append(out, parsers.Companion{Path: filepath.Join(dir, n)})
			}
		}
		for _, caller := range callers[dir] {
			addModule(caller)
		}
	}
	addModule(filepath.Dir(path))
	return out, true
}

// calledInScan reports whether another directory of the scan calls dir as
// a local module (a textual look at the scan's .tf files, once per scan):
// the parses of such a root module's files are kept for its callers
// (parsers.Options.Parsed) rather than parsed again when a caller loads it.
func calledInScan(opts *parsers.Options, dir string) bool {
	if opts == nil || len(opts.Files) == 0 {
		return false
	}
	called := opts.Once("terraform.called-in-scan", func() any {
		out := map[string]bool{}
		for _, f := range opts.Files {
			if !strings.HasSuffix(f, ".tf") {
				continue
			}
			data, err := opts.Read(f)
			if err != nil {
				continue
			}
			caller, _ := filepath.Abs(filepath.Dir(f))
			for _, m := range moduleSource.FindAllSubmatch(data, -1) {
				out[filepath.Clean(filepath.Join(caller, string(m[1])))] = true
			}
		}
		return out
	}).(map[string]bool)
	abs, err := filepath.Abs(dir)
	return err == nil && called[abs]
}

var moduleSource = regexp.MustCompile(`(?m)^\s*source\s*=\s*"(\.\.?/[^"]*)"`)

// moduleCallers maps each local module directory to the directories whose
// .tf files call it, from a textual look at `source = "./…"` lines.
func moduleCallers(roots []string) map[string][]string {
	out := map[string][]string{}
	if len(roots) == 0 {
		roots = []string{"."}
	}
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if p != root && parsers.SkipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".tf") || !d.Type().IsRegular() {
				return nil // a symbolic link may lead out of the repository
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			caller, _ := filepath.Abs(filepath.Dir(p))
			for _, m := range moduleSource.FindAllSubmatch(data, -1) {
				callee := filepath.Clean(filepath.Join(caller, string(m[1])))
				out[callee] = append(out[callee], caller)
			}
			return nil
		})
	}
	return out
}
