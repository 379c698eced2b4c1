package scan

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// Limits on the tree read from git for LoadAt.
const (
	maxBaseFiles = 100_000
	maxBaseBytes = 1 << 30
)

// LoadAt reads the model of the paths in opts as they were at git revision
// ref, without a checkout: the tree is taken from git's objects into a
// temporary directory, parsed there, and every position is moved back to the
// path the file has in the working tree, so base and head name files alike.
// Diagnostics of the base are returned on the result like Load's.
func LoadAt(ctx context.Context, ref string, opts Options) (*Result, error) {
	if strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("%q is not a git ref (it starts with -)", ref)
	}
	start := "."
	if len(opts.Paths) > 0 {
		start = opts.Paths[0]
		if info, err := os.Stat(start); err != nil || !info.IsDir() {
			start = filepath.Dir(start)
		}
	}
	top, err := git(start, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	top = strings.TrimSpace(top)
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	if _, err := git(top, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, fmt.Errorf("git revision %q not found (a shallow clone? fetch it, or use fetch-depth: 0)", ref)
	}
	tmp, err := os.MkdirTemp("", "poollint-base-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if real, err := filepath.EvalSymlinks(tmp); err == nil {
		tmp = real
	}

	// toBase maps a working-tree path into the extracted tree; ok is false
	// for a path outside the repository.
	toBase := func(p string) (string, bool) {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", false
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", false
		}
		return filepath.Join(tmp, rel), true
	}
	fromBase := func(p string) string {
		abs, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		rel, err := filepath.Rel(tmp, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return p
		}
		return DisplayPath(filepath.Join(top, rel))
	}

	if err := extractTree(ctx, top, ref, tmp); err != nil {
		return nil, err
	}

	bopts := opts
	bopts.Progress = nil
	bopts.Paths = nil
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		b, ok := toBase(p)
		if !ok {
			continue
		}
		if _, err := os.Lstat(b); err != nil {
			continue // a path the change adds: nothing in the base
		}
		bopts.Paths = append(bopts.Paths, b)
	}
	if len(bopts.Paths) == 0 {
		return &Result{}, nil
	}
	if opts.Root != "" {
		if b, ok := toBase(opts.Root); ok {
			bopts.Root = b
		}
	}
	remap := func(ps []string) []string {
		out := make([]string, 0, len(ps))
		for _, p := range ps {
			if b, ok := toBase(p); ok {
				out = append(out, b)
			} else {
				out = append(out, p) // named on the command line, outside the repository
			}
		}
		return out
	}
	bopts.VarFiles = remap(opts.VarFiles)
	bopts.ParamFiles = nil
	for _, pf := range opts.ParamFiles {
		if b, ok := toBase(pf.Path); ok {
			pf.Path = b
		}
		if pf.Template != "" {
			if b, ok := toBase(pf.Template); ok {
				pf.Template = b
			}
		}
		bopts.ParamFiles = append(bopts.ParamFiles, pf)
	}
	if opts.DirVarFiles != nil {
		bopts.DirVarFiles = map[string][]string{}
		for dir, files := range opts.DirVarFiles {
			d := dir
			if b, ok := toBase(dir); ok {
				d = b
			}
			bopts.DirVarFiles[d] = remap(files)
		}
	}
	if opts.Exclude != nil {
		bopts.Exclude = func(p string) bool { return opts.Exclude(fromBase(p)) }
	}
	res := Load(ctx, bopts)
	move := func(p nodepool.Pos) nodepool.Pos {
		if p.File != "" {
			p.File = fromBase(p.File)
		}
		return p
	}
	for _, c := range res.Clusters {
		nodepool.RewritePositions(c, move)
	}
	for i := range res.Diags {
		res.Diags[i].Pos = move(res.Diags[i].Pos)
		res.Diags[i].Message = strings.ReplaceAll(res.Diags[i].Message, tmp+string(filepath.Separator), "")
	}
	return res, nil
}

// extractTree writes the regular files of ref's tree under dir. Links and
// anything but regular files are left out (a link in the base could lead
// anywhere), and the tree is bounded in files and bytes.
func extractTree(ctx context.Context, top, ref, dir string) error {
	cmd := exec.CommandContext(ctx, "git", "archive", "--format=tar", ref)
	cmd.Dir = top
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	werr := writeTar(out, dir)
	if werr != nil {
		_ = cmd.Process.Kill()
		_, _ = io.Copy(io.Discard, out)
	}
	if err := cmd.Wait(); err != nil && werr == nil {
		return fmt.Errorf("git archive %s: %v: %s", ref, err, strings.TrimSpace(stderr.String()))
	}
	return werr
}

func writeTar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	var files int
	var total int64
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the base tree: %v", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(h.Name)
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			continue
		}
		if files++; files > maxBaseFiles {
			return fmt.Errorf("the base tree has more than %d files", maxBaseFiles)
		}
		if total += h.Size; total > maxBaseBytes {
			return fmt.Errorf("the base tree is larger than %d MiB", maxBaseBytes>>20)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, io.LimitReader(tr, h.Size))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}
