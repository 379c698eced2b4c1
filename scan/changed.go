package scan

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/poollint/poollint/parsers"
)

// ChangedSince lists the files to scan for a pull request: those changed
// since ref (committed, staged, unstaged or untracked), with what they need:
// what the format claiming each says it is checked with
// (parsers.Companioned), for instance:
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
	for _, p := range withDependencies(changed, parsers.Registered(), &parsers.Workspace{Paths: roots}) {
		if within(p, roots) {
			out = append(out, DisplayPath(p))
		}
	}
	sort.Strings(out)
	return out, nil
}

// withDependencies adds to absolute file paths what each needs to be
// checked, as the format claiming it says (parsers.Companioned): a
// Terraform file its module directory and the directories calling that
// module; a parameter file its template; a YAML file the YAML files of its
// directory. Files that do not exist are dropped.
func withDependencies(changed []string, formats []parsers.Parser, ws *parsers.Workspace) []string {
	set := map[string]bool{}
	add := func(p string) {
		if parsers.IsRegularFile(p) {
			set[p] = true
		}
	}
	for _, f := range changed {
		cs, claimed := parsers.CompanionsOf(formats, f, ws)
		if !claimed {
			add(f)
		}
		for _, c := range cs {
			add(c.Path)
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
