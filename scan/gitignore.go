package scan

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// gitIgnored is what git ignores under the scanned directories (an ignored
// directory as itself, as git ls-files --directory lists it): discovery
// skips it as git would, so a .terragrunt-cache, a vendored copy or a build
// output that .gitignore names is not reported as the repository's own.
// A directory outside a git work tree, or a machine without git, ignores
// nothing. Files tracked by git are never ignored.
type gitIgnored struct {
	mu    sync.Mutex
	paths map[string]bool
	count int
}

func newGitIgnored(paths []string) *gitIgnored {
	g := &gitIgnored{paths: map[string]bool{}}
	if _, err := exec.LookPath("git"); err != nil {
		return g
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		out, err := git(abs, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory", "--", ".")
		if err != nil {
			continue // not a work tree
		}
		for _, name := range strings.Split(out, "\x00") {
			if name = strings.TrimSuffix(name, "/"); name != "" {
				g.paths[filepath.Join(abs, filepath.FromSlash(name))] = true
			}
		}
	}
	return g
}

// wrap returns an exclude function that also excludes what git ignores,
// counting those apart.
func (g *gitIgnored) wrap(exclude func(string) bool) func(string) bool {
	if len(g.paths) == 0 {
		return exclude
	}
	return func(p string) bool {
		if abs, err := filepath.Abs(p); err == nil && g.paths[abs] {
			g.mu.Lock()
			g.count++
			g.mu.Unlock()
			return true
		}
		return exclude != nil && exclude(p)
	}
}
