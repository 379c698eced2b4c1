package terraform

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
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
			for _, src := range localSources(data) {
				out[filepath.Clean(filepath.Join(caller, string(src)))] = true
			}
		}
		return out
	}).(map[string]bool)
	abs, err := filepath.Abs(dir)
	return err == nil && called[abs]
}

// localSources is the local module sources a .tf file's text names: each
// `source = "./…"` or `"../…"` written first on its line, as the regular
// expression (?m)^\s*source\s*=\s*"(\.\.?/[^"]*)" finds them, in a
// byte scan (the expression cost 4% of a corpus scan).
func localSources(data []byte) [][]byte {
	var out [][]byte
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("source"))
		if j < 0 {
			return out
		}
		at := i + j
		i = at + len("source")
		if b := bytes.LastIndexByte(data[:at], '\n'); !allSpace(data[b+1 : at]) {
			continue
		}
		k := skipSpace(data, i)
		if k == len(data) || data[k] != '=' {
			continue
		}
		k = skipSpace(data, k+1)
		if k == len(data) || data[k] != '"' {
			continue
		}
		end := bytes.IndexByte(data[k+1:], '"')
		if end < 0 {
			continue
		}
		val := data[k+1 : k+1+end]
		if !bytes.HasPrefix(val, []byte("./")) && !bytes.HasPrefix(val, []byte("../")) {
			continue
		}
		out = append(out, val)
		i = k + 1 + end + 1
	}
}

// isSpace is the regular expressions' \s.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func allSpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

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
			for _, src := range localSources(data) {
				callee := filepath.Clean(filepath.Join(caller, string(src)))
				out[callee] = append(out[callee], caller)
			}
			return nil
		})
	}
	return out
}
