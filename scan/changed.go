package scan

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// ChangedSince lists the files to scan for a pull request: those changed
// since ref (committed, staged, unstaged or untracked), with what they need:
//   - a Terraform file or .tfvars brings its module directory, and every
//     directory that calls that module (transitively);
//   - a parameter file X.parameters*.json brings its template X.json;
//   - a YAML file brings the YAML files of its directory (objects of one
//     cluster may be spread over them).
//
// Deleted files are gone, but what depended on them is scanned.
func ChangedSince(ref string, roots []string) ([]string, error) {
	if strings.HasPrefix(ref, "-") {
		// git would read it as an option.
		return nil, fmt.Errorf("%q is not a git ref (it starts with -)", ref)
	}
	base := "."
	if len(roots) > 0 {
		base = roots[0]
		if info, err := os.Stat(base); err == nil && !info.IsDir() {
			base = filepath.Dir(base)
		}
	}
	top, err := git(base, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	top = strings.TrimSpace(top)
	// -z: names as they are, NUL-separated (not quoted, not split at a
	// newline in a name).
	diff, err := git(top, "diff", "-z", "--name-only", ref, "--")
	if err != nil {
		return nil, err
	}
	untracked, err := git(top, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, name := range strings.Split(diff+"\x00"+untracked, "\x00") {
		if name != "" {
			changed = append(changed, filepath.Join(top, name))
		}
	}
	var out []string
	for _, p := range withDependencies(changed, moduleCallers(roots)) {
		if within(p, roots) {
			out = append(out, DisplayPath(p))
		}
	}
	sort.Strings(out)
	return out, nil
}

// withDependencies adds to absolute file paths what each needs to be
// checked: a Terraform file its module directory and (given callers) the
// directories calling that module; a parameter file its template; a YAML
// file the YAML files of its directory. Files that do not exist are dropped.
func withDependencies(changed []string, callers map[string][]string) []string {
	set := map[string]bool{}
	add := func(p string) {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			set[p] = true
		}
	}
	var addModule func(dir string, seen map[string]bool)
	addModule = func(dir string, seen map[string]bool) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if n := e.Name(); strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") || strings.HasSuffix(n, ".tfvars") {
				add(filepath.Join(dir, n))
			}
		}
		for _, caller := range callers[dir] {
			addModule(caller, seen)
		}
	}
	for _, f := range changed {
		name := filepath.Base(f)
		switch {
		case strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json") || strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json"):
			addModule(filepath.Dir(f), map[string]bool{})
		case strings.Contains(name, ".parameters") && strings.HasSuffix(name, ".json"):
			add(f)
			add(filepath.Join(filepath.Dir(f), name[:strings.Index(name, ".parameters")]+".json"))
		case strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml"):
			entries, _ := os.ReadDir(filepath.Dir(f))
			for _, e := range entries {
				if n := e.Name(); strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
					add(filepath.Join(filepath.Dir(f), n))
				}
			}
		default:
			add(f)
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// within reports whether p is one of roots or below one.
func within(p string, roots []string) bool {
	if len(roots) == 0 {
		roots = []string{"."}
	}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		if p == abs || strings.HasPrefix(p, abs+string(filepath.Separator)) {
			return true
		}
	}
	return false
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
				if p != root && skipDirs[d.Name()] {
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
