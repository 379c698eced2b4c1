package parsers

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrOutsideRoot is wrapped by every refusal to read a path that leaves the
// scan roots (directly, through "..", or through a symbolic link).
var ErrOutsideRoot = errors.New("outside the scanned root")

// OutsideRootError is a refused path. Its message names the path as the
// scanned file wrote it and never where it resolves to: the target may be a
// secret of the machine running the scan.
type OutsideRootError struct {
	Path string // as written or joined by the parser
}

func (e *OutsideRootError) Error() string {
	return fmt.Sprintf("refused to read %q: it resolves outside the scanned root", e.Path)
}

func (e *OutsideRootError) Unwrap() error { return ErrOutsideRoot }

// ScanRoots returns the directories a scan of paths may read from, absolute
// and with symbolic links resolved. An explicit root (the --root flag)
// covers every path. Otherwise a path inside the working directory has the
// working directory as root (a file of the repository may name a module
// elsewhere in it); any other path is its own root (its directory for a
// file).
func ScanRoots(paths []string, root string) ([]string, error) {
	if root != "" {
		r, err := realPath(root)
		if err != nil {
			return nil, fmt.Errorf("root %s: %w", root, err)
		}
		return []string{r}, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	wd, err = realPath(wd)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return []string{wd}, nil
	}
	seen := map[string]bool{}
	var roots []string
	for _, p := range paths {
		r, err := realPath(p)
		if err != nil {
			continue // the scan reports paths it cannot read
		}
		if within(r, wd) {
			r = wd
		} else if info, err := os.Stat(r); err == nil && !info.IsDir() {
			r = filepath.Dir(r)
		}
		if !seen[r] {
			seen[r] = true
			roots = append(roots, r)
		}
	}
	if len(roots) == 0 {
		roots = []string{wd}
	}
	sort.Strings(roots)
	return roots, nil
}

// realPath is the absolute path with every symbolic link resolved.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within reports whether path p is dir or below it (both absolute, clean).
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Confine checks that path, once symbolic links are resolved, stays inside
// one of the scan roots, or is a file the user named on the command line
// (Trusted). It returns the resolved path. Without roots (a parser used as a
// library, or in a unit test) nothing is refused. A path that does not exist
// is returned as an fs.ErrNotExist error when its existing part stays
// inside, so a missing module reads as missing, not as refused.
func (o *Options) Confine(path string) (string, error) {
	if o == nil || len(o.Roots) == 0 {
		return path, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	for _, t := range o.Trusted {
		if ta, err := filepath.Abs(t); err == nil && ta == abs {
			return abs, nil
		}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// "../../x" that does not exist must still be refused when it
		// points outside, and so must a dangling link or a path the scan
		// may not look into (its error would tell what is there).
		real, ok := resolveMissing(abs)
		if !ok || !o.inRoots(real) {
			return "", &OutsideRootError{Path: path}
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		return "", &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	if !o.inRoots(real) {
		return "", &OutsideRootError{Path: path}
	}
	return real, nil
}

// resolveMissing is where a path that does not exist leads: its longest
// existing prefix with links resolved, then the rest. A dangling link on
// the way is followed to its target, so that the answer does not depend on
// whether that target exists. ok is false past 40 links.
func resolveMissing(abs string) (string, bool) {
	for range 40 {
		dir, rest := abs, ""
		for {
			if r, err := filepath.EvalSymlinks(dir); err == nil {
				dir = r
				break
			}
			if filepath.Dir(dir) == dir {
				return "", false
			}
			rest = filepath.Join(filepath.Base(dir), rest)
			dir = filepath.Dir(dir)
		}
		first, tail, _ := strings.Cut(rest, string(filepath.Separator))
		target, err := os.Readlink(filepath.Join(dir, first))
		if err != nil { // not a link: simply missing
			return filepath.Join(dir, rest), true
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		abs = filepath.Join(target, tail)
	}
	return "", false
}

func (o *Options) inRoots(real string) bool {
	for _, r := range o.Roots {
		if within(real, r) {
			return true
		}
	}
	return false
}

// Stat is os.Stat of a confined path.
func (o *Options) Stat(path string) (fs.FileInfo, error) {
	real, err := o.Confine(path)
	if err != nil {
		return nil, err
	}
	return os.Stat(real)
}

// ReadDir is os.ReadDir of a confined directory. Entries are not resolved:
// read each through Read, which confines it.
func (o *Options) ReadDir(dir string) ([]fs.DirEntry, error) {
	real, err := o.Confine(dir)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(real)
}

// Glob is filepath.Glob limited to matches that stay inside the roots.
func (o *Options) Glob(pattern string) []string {
	matches, _ := filepath.Glob(pattern)
	out := matches[:0]
	for _, m := range matches {
		if _, err := o.Confine(m); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// Context is the scan's context for this input: parsers and evaluators
// check it in their loops and stop when it is done (the --timeout, or the
// per-file budget).
func (in *Input) Context() context.Context {
	if in == nil || in.Ctx == nil {
		return context.Background()
	}
	return in.Ctx
}
