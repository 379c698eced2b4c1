package scan

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ChangedLines says which lines changed since ref (committed, staged or
// unstaged; an untracked file counts as changed on every line), for
// reports that show a pull request's own lines first. base is a path of
// the repository. Files are named as reports name them (DisplayPath).
func ChangedLines(ref, base string) (func(file string, line int) bool, error) {
	top, err := git(dirOf(base), "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	top = strings.TrimSpace(top)
	diff, err := git(top, "-c", "core.quotePath=false", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", ref, "--")
	if err != nil {
		return nil, err
	}
	untracked, err := git(top, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	type span struct{ from, to int }
	lines := map[string][]span{}
	whole := map[string]bool{}
	for _, name := range strings.Split(untracked, "\x00") {
		if name != "" {
			whole[DisplayPath(filepath.Join(top, name))] = true
		}
	}
	file := ""
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "+++ "):
			name := strings.TrimSuffix(strings.TrimPrefix(l, "+++ "), "\t") // a tab ends a name with a space
			if strings.HasPrefix(name, `"`) {
				if u, err := strconv.Unquote(name); err == nil {
					name = u
				}
			}
			file = ""
			if rest, ok := strings.CutPrefix(name, "b/"); ok {
				file = DisplayPath(filepath.Join(top, filepath.FromSlash(rest)))
			}
		case strings.HasPrefix(l, "@@ ") && file != "":
			// @@ -a,b +c,d @@: d lines from c (d omitted: 1; 0: a deletion,
			// which marks the line after it).
			fields := strings.Fields(l)
			if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
				continue
			}
			start, count, hasCount := strings.Cut(fields[2][1:], ",")
			from, err := strconv.Atoi(start)
			if err != nil {
				continue
			}
			n := 1
			if hasCount {
				if n, err = strconv.Atoi(count); err != nil {
					continue
				}
			}
			if n == 0 {
				lines[file] = append(lines[file], span{from + 1, from + 1})
				continue
			}
			lines[file] = append(lines[file], span{from, from + n - 1})
		}
	}
	return func(file string, line int) bool {
		if whole[file] {
			return true
		}
		for _, s := range lines[file] {
			if line >= s.from && line <= s.to {
				return true
			}
		}
		return false
	}, nil
}

func dirOf(p string) string {
	if p == "" {
		return "."
	}
	if info, err := statDir(p); err == nil && !info {
		return filepath.Dir(p)
	}
	return p
}

// statDir reports whether p is a directory.
func statDir(p string) (bool, error) {
	info, err := os.Stat(p)
	if err != nil {
		return false, err
	}
	return info.IsDir(), nil
}
