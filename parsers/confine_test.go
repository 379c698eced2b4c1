package parsers

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfine(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "repo")
	must(t, os.MkdirAll(filepath.Join(root, "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, "sub", "in.txt"), []byte("in"), 0o644))
	secret := filepath.Join(top, "secret.txt")
	must(t, os.WriteFile(secret, []byte("SECRET"), 0o644))
	must(t, os.Symlink(secret, filepath.Join(root, "to-secret")))
	must(t, os.Symlink(filepath.Join(top, "missing.txt"), filepath.Join(root, "to-missing")))
	must(t, os.Symlink("sub/in.txt", filepath.Join(root, "to-in")))
	must(t, os.Symlink("loop2", filepath.Join(root, "loop1")))
	must(t, os.Symlink("loop1", filepath.Join(root, "loop2")))
	must(t, os.Symlink(top, filepath.Join(root, "up")))
	// A loop of links outside, reached from a link inside.
	must(t, os.Symlink(filepath.Join(top, "oloop2"), filepath.Join(top, "oloop1")))
	must(t, os.Symlink(filepath.Join(top, "oloop1"), filepath.Join(top, "oloop2")))
	must(t, os.Symlink(filepath.Join(top, "oloop1"), filepath.Join(root, "to-oloop")))
	real, err := filepath.EvalSymlinks(root)
	must(t, err)
	o := &Options{Roots: []string{real}, Trusted: []string{secret}}
	// A scan's Options resolve each path and directory once: the same
	// answers, asked twice in each order (the second pass from what the
	// first learnt).
	snap := &Options{Roots: []string{real}, Trusted: []string{secret}, SnapshotPaths: true}
	snapRev := &Options{Roots: []string{real}, Trusted: []string{secret}, SnapshotPaths: true}

	cases := []struct {
		path string
		want string // "ok", "outside", "missing", "error"
	}{
		{"sub/in.txt", "ok"},
		{"to-in", "ok"},
		{"sub/../sub/in.txt", "ok"},
		{"sub/nope.txt", "missing"},
		{"nope/deeper/x.txt", "missing"},
		{"sub/in.txt/below", "missing"},
		{"../secret.txt", "ok"}, // trusted: named on the command line
		{"../missing.txt", "outside"},
		{"../other.txt", "outside"},
		{"to-secret", "outside"},
		{"to-missing", "outside"}, // a dangling link out: refused, not "missing"
		{"up/secret.txt", "outside"},
		{"up/missing.txt", "outside"},
		{"up/repo/sub/in.txt", "ok"}, // out and back in
		{"loop1", "error"},           // a loop inside: an error of its own
		{"to-oloop", "outside"},      // a loop outside: refused like any file there
		{"up/oloop1", "outside"},
		{"../oloop1", "outside"},
	}
	type run struct {
		o    *Options
		i    int
		pass string
	}
	var runs []run
	for i := range cases {
		runs = append(runs, run{o, i, "fresh"}, run{snap, i, "snapshot"})
	}
	for i := range cases {
		runs = append(runs, run{snap, i, "snapshot again"}, run{snapRev, len(cases) - 1 - i, "snapshot, reversed"})
	}
	for i := range cases {
		runs = append(runs, run{snapRev, len(cases) - 1 - i, "snapshot, reversed again"})
	}
	for _, r := range runs {
		o, tc := r.o, cases[r.i]
		_, err := o.Confine(filepath.Join(root, tc.path))
		got := "ok"
		switch {
		case err == nil:
		case errors.Is(err, ErrOutsideRoot):
			got = "outside"
			// The message names the path as written, never a link's target.
			if (strings.Contains(err.Error(), "secret.txt") && !strings.Contains(tc.path, "secret.txt")) ||
				(strings.Contains(err.Error(), "missing.txt") && !strings.Contains(tc.path, "missing.txt")) {
				t.Errorf("%s: the refusal names the link's target: %v", tc.path, err)
			}
		case errors.Is(err, fs.ErrNotExist):
			got = "missing"
		default:
			got = "error"
		}
		if got != tc.want {
			t.Errorf("%s: Confine(%s) = %s (%v), want %s", r.pass, tc.path, got, err, tc.want)
		}
	}
	if data, err := o.Read(filepath.Join(root, "to-secret")); err == nil || len(data) > 0 {
		t.Errorf("Read through a link out of the root returned %q, %v", data, err)
	}
	// Without roots nothing is refused (library use).
	if _, err := (&Options{}).Confine(filepath.Join(root, "to-secret")); err != nil {
		t.Errorf("no roots: %v", err)
	}
}

func TestScanRoots(t *testing.T) {
	wd, err := os.Getwd()
	must(t, err)
	wd, err = filepath.EvalSymlinks(wd)
	must(t, err)
	roots, err := ScanRoots([]string{"confine.go", "."}, "")
	must(t, err)
	if len(roots) != 1 || roots[0] != wd {
		t.Errorf("paths inside the working directory: roots %v, want [%s]", roots, wd)
	}
	other := t.TempDir()
	f := filepath.Join(other, "x.json")
	must(t, os.WriteFile(f, nil, 0o644))
	roots, err = ScanRoots([]string{f}, "")
	must(t, err)
	if real, _ := filepath.EvalSymlinks(other); len(roots) != 1 || roots[0] != real {
		t.Errorf("a file outside the working directory: roots %v, want its directory %s", roots, real)
	}
	roots, err = ScanRoots([]string{f}, other)
	must(t, err)
	if real, _ := filepath.EvalSymlinks(other); len(roots) != 1 || roots[0] != real {
		t.Errorf("explicit root: %v", roots)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
