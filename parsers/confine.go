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
	"sync"
	"syscall"
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
	r := o.resolved(path)
	if r.absErr != nil {
		return "", r.absErr
	}
	abs := r.abs
	for _, t := range o.Trusted {
		if ta, err := filepath.Abs(t); err == nil && ta == abs {
			return abs, nil
		}
	}
	real, exists, left, err := r.real, r.exists, r.left, r.err
	if left {
		// A link on the way led outside (a loop through a directory
		// outside included): refused whatever follows.
		return "", &OutsideRootError{Path: path}
	}
	if err != nil {
		return "", err
	}
	// Outside is refused before existence is looked at: the answer must
	// not tell whether a file outside the root exists.
	if !o.inRoots(real) {
		return "", &OutsideRootError{Path: path}
	}
	if !exists {
		return "", &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	return real, nil
}

// resolution is what Confine learnt of one path: its absolute form and
// where that leads (resolve).
type resolution struct {
	abs          string
	absErr       error
	real         string
	exists, left bool
	err          error
}

// resolved resolves path, once per scan when SnapshotPaths is set: the
// parsers of a scan ask about the same directories and companion files
// again and again (a module's files, kustomization.yaml above every YAML
// file), and each answer costs a system call per component of the path,
// besides those of the working directory for a relative path. A scan reads
// a snapshot: the answer for a path does not change while it runs.
func (o *Options) resolved(path string) *resolution {
	if o.SnapshotPaths {
		if v, ok := o.resolutions.Load(path); ok {
			return v.(*resolution)
		}
	}
	r := &resolution{}
	if r.abs, r.absErr = filepath.Abs(path); r.absErr == nil {
		var dirs *sync.Map
		if o.SnapshotPaths {
			dirs = &o.realDirs
		}
		r.real, r.exists, r.left, r.err = resolve(r.abs, o.inRoots, dirs)
	}
	if !o.SnapshotPaths {
		return r
	}
	v, _ := o.resolutions.LoadOrStore(path, r)
	return v.(*resolution)
}

// maxLinkHops bounds the symbolic links followed while resolving one path.
const maxLinkHops = 255

// resolve is filepath.EvalSymlinks that also follows dangling links: it
// returns where abs leads (links followed as far as they exist, the rest
// taken lexically), whether that file exists, and whether a link on the way
// led to a place inside reports false for.
//
// dirs, when not nil, holds directories met before (a scan's snapshot):
// each a prefix of a clean path reached without following a link, with
// whether the walk had entered the roots there. A walk starts from the
// longest such prefix of abs, in the state it had there, and records the
// ones it passes.
func resolve(abs string, inside func(string) bool, dirs *sync.Map) (real string, exists, left bool, err error) {
	vol := filepath.VolumeName(abs)
	rest := strings.Split(filepath.ToSlash(abs[len(vol):]), "/")
	done := vol + string(filepath.Separator)
	hops, entered := 0, false
	if dirs != nil && abs != filepath.Clean(abs) {
		dirs = nil // ".." would not follow the prefixes
	}
	if dirs != nil {
		for i := len(abs); i > len(vol)+1; i = strings.LastIndexByte(abs[:i], filepath.Separator) {
			if v, ok := dirs.Load(abs[:i]); ok {
				done, entered = abs[:i], v.(bool)
				rest = strings.Split(filepath.ToSlash(abs[i:]), "/")
				break
			}
		}
	}
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			done = filepath.Dir(done)
			continue
		}
		next := filepath.Join(done, c)
		info, err := os.Lstat(next)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				if inside != nil && !inside(next) {
					return "", false, true, nil // its error would tell what is there
				}
				return "", false, false, err
			}
			// The rest does not exist: join it lexically.
			return filepath.Join(append([]string{next}, rest...)...), false, false, nil
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			entered = entered || (inside != nil && inside(done))
			if dirs != nil && hops == 0 && info.IsDir() {
				dirs.Store(done, entered)
			}
			continue
		}
		if inside != nil && !inside(next) && entered {
			// A link that lies outside, reached from inside the root, is
			// not followed: where it leads (even that it is a loop) would
			// tell what is there. Links above the root on the path the
			// user gave (/var → /private/var) are followed.
			return "", false, true, nil
		}
		if hops++; hops > maxLinkHops {
			if inside != nil && !entered {
				return "", false, true, nil
			}
			return "", false, false, fmt.Errorf("%s: too many levels of symbolic links", abs)
		}
		target, err := os.Readlink(next)
		if err != nil {
			return "", false, false, err
		}
		if filepath.IsAbs(target) {
			tv := filepath.VolumeName(target)
			done = tv + string(filepath.Separator)
			target = target[len(tv):]
		}
		rest = append(strings.Split(filepath.ToSlash(target), "/"), rest...)
	}
	return done, true, false, nil
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
