package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

type options struct {
	Config       string
	Dist         string
	Clean        bool
	SingleTarget bool
	Targets      []string
}

// binary is one built target.
type binary struct {
	BuildID      string
	Goos, Goarch string
	Name         string // file name: binary + .exe on windows
	Path         string
}

type result struct {
	Version      string
	Binaries     []binary
	Archives     []string // paths
	SBOMs        []string // paths
	ChecksumFile string   // path
	Containers   []string // build context directories
}

type runner struct {
	cfg    *project
	root   string // the configuration's directory: paths in it are relative to it
	dist   string
	fields map[string]any
	out    io.Writer
}

func run(opts options, out io.Writer) (*result, error) {
	cfgPath, err := filepath.Abs(opts.Config)
	if err != nil {
		return nil, err
	}
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, root: filepath.Dir(cfgPath), out: out}
	r.dist, err = filepath.Abs(opts.Dist)
	if err != nil {
		return nil, err
	}
	if err := r.prepareDist(opts.Clean); err != nil {
		return nil, err
	}
	if err := r.setFields(); err != nil {
		return nil, err
	}
	targets, err := r.targets(opts)
	if err != nil {
		return nil, err
	}
	res := &result{Version: r.fields["Version"].(string)}
	for _, t := range targets {
		bin, err := r.build(t.build, t.goos, t.goarch)
		if err != nil {
			return nil, err
		}
		res.Binaries = append(res.Binaries, bin)
	}
	for _, a := range cfg.Archives {
		paths, err := r.archive(a, res.Binaries)
		if err != nil {
			return nil, err
		}
		res.Archives = append(res.Archives, paths...)
	}
	for _, s := range cfg.SBOMs {
		for _, bin := range res.Binaries {
			path, err := r.sbom(s, bin)
			if err != nil {
				return nil, err
			}
			res.SBOMs = append(res.SBOMs, path)
		}
	}
	if res.ChecksumFile, err = r.checksums(append(slices.Clone(res.Archives), res.SBOMs...)); err != nil {
		return nil, err
	}
	for _, d := range cfg.DockersV2 {
		dir, err := r.containerContext(d, res.Binaries)
		if err != nil {
			return nil, err
		}
		if dir != "" {
			res.Containers = append(res.Containers, dir)
		}
	}
	return res, nil
}

// prepareDist refuses to write into a directory with content unless told
// to clean it, and never removes a directory that holds a module or a
// repository.
func (r *runner) prepareDist(clean bool) error {
	entries, err := os.ReadDir(r.dist)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(r.dist, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if !clean {
		return fmt.Errorf("%s is not empty: pass --clean to remove it first", r.dist)
	}
	for _, marker := range []string{"go.mod", ".git", ".goreleaser.yaml"} {
		if _, err := os.Lstat(filepath.Join(r.dist, marker)); err == nil {
			return fmt.Errorf("refusing to clean %s: it holds %s", r.dist, marker)
		}
	}
	if err := os.RemoveAll(r.dist); err != nil {
		return err
	}
	return os.MkdirAll(r.dist, 0o755)
}

// setFields computes goreleaser's template fields for a snapshot: the last
// tag (v0.0.0 without one), the commit, its date, and the version from
// snapshot.version_template.
func (r *runner) setFields() error {
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = r.root
		out, err := cmd.Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	full, short := git("rev-parse", "HEAD"), git("rev-parse", "--short", "HEAD")
	if full == "" {
		full, short = "none", "none" // as goreleaser does for a snapshot outside git
	}
	tag := git("describe", "--tags", "--abbrev=0")
	if tag == "" {
		tag = "v0.0.0"
	}
	commitDate := time.Now().UTC().Truncate(time.Second) // no commit: nothing to reproduce
	if s := git("log", "-1", "--format=%ct", "HEAD"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			commitDate = time.Unix(n, 0).UTC()
		}
	} else if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			commitDate = time.Unix(n, 0).UTC()
		}
	}
	dirty := git("status", "--porcelain") != ""
	major, minor, patch, pre, err := semver(strings.TrimPrefix(tag, "v"))
	if err != nil {
		return fmt.Errorf("last tag %s: %w", tag, err)
	}
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	now := time.Now().UTC()
	treeState := "clean"
	if dirty {
		treeState = "dirty"
	}
	r.fields = map[string]any{
		"ProjectName":     r.cfg.ProjectName,
		"Version":         strings.TrimPrefix(tag, "v"),
		"RawVersion":      fmt.Sprintf("%d.%d.%d", major, minor, patch),
		"Tag":             tag,
		"Commit":          full,
		"FullCommit":      full,
		"ShortCommit":     short,
		"CommitDate":      commitDate.Format(time.RFC3339),
		"CommitTimestamp": commitDate.Unix(),
		"IsSnapshot":      true,
		"IsGitDirty":      dirty,
		"IsGitClean":      !dirty,
		"GitTreeState":    treeState,
		"Major":           major,
		"Minor":           minor,
		"Patch":           patch,
		"Prerelease":      pre,
		"Env":             env,
		"Date":            now.Format(time.RFC3339),
		"Timestamp":       now.Unix(),
	}
	tmpl := r.cfg.Snapshot.VersionTemplate
	if tmpl == "" {
		tmpl = "{{ .Version }}-SNAPSHOT-{{ .ShortCommit }}" // goreleaser's default
	}
	version, err := apply(tmpl, r.fields, nil)
	if err != nil {
		return fmt.Errorf("snapshot.version_template: %w", err)
	}
	r.fields["Version"] = version
	return nil
}

type target struct {
	build        *build
	goos, goarch string
}

func (r *runner) targets(opts options) ([]target, error) {
	want := slices.Clone(opts.Targets)
	if opts.SingleTarget {
		goos, goarch := os.Getenv("GOOS"), os.Getenv("GOARCH")
		if goos == "" {
			goos = runtime.GOOS
		}
		if goarch == "" {
			goarch = runtime.GOARCH
		}
		want = append(want, goos+"_"+goarch)
	}
	var out []target
	seen := map[string]bool{}
	for i := range r.cfg.Builds {
		b := &r.cfg.Builds[i]
		for _, goos := range b.Goos {
			for _, goarch := range b.Goarch {
				if slices.Contains(b.Ignore, ignoredPair{goos, goarch}) {
					continue
				}
				name := goos + "_" + goarch
				if len(want) > 0 && !slices.Contains(want, name) {
					continue
				}
				seen[name] = true
				out = append(out, target{b, goos, goarch})
			}
		}
	}
	for _, w := range want {
		if !seen[w] {
			return nil, fmt.Errorf("target %s is not declared by any build in %s", w, filepath.Base(opts.Config))
		}
	}
	return out, nil
}

// targetDir is goreleaser's name for a build's output directory.
func targetDir(id, goos, goarch string) string {
	s := id + "_" + goos + "_" + goarch
	switch goarch {
	case "amd64":
		s += "_v1"
	case "arm64":
		s += "_v8.0"
	}
	return s
}

func (r *runner) build(b *build, goos, goarch string) (binary, error) {
	extra := artifactFields(goos, goarch, b.Binary)
	bin := binary{BuildID: b.ID, Goos: goos, Goarch: goarch, Name: b.Binary + exeExt(goos)}
	bin.Path = filepath.Join(r.dist, targetDir(b.ID, goos, goarch), bin.Name)
	var ldflags []string
	for _, l := range b.Ldflags {
		s, err := apply(l, r.fields, extra)
		if err != nil {
			return bin, fmt.Errorf("builds %s ldflags: %w", b.ID, err)
		}
		ldflags = append(ldflags, s)
	}
	args := []string{"build"}
	for _, f := range b.Flags {
		s, err := apply(f, r.fields, extra)
		if err != nil {
			return bin, fmt.Errorf("builds %s flags: %w", b.ID, err)
		}
		args = append(args, s)
	}
	if len(ldflags) > 0 {
		args = append(args, "-ldflags="+strings.Join(ldflags, " "))
	}
	args = append(args, "-o", bin.Path, b.Main)
	env := os.Environ()
	for _, e := range b.Env {
		s, err := apply(e, r.fields, extra)
		if err != nil {
			return bin, fmt.Errorf("builds %s env: %w", b.ID, err)
		}
		env = append(env, s)
	}
	// As goreleaser sets them for these architectures (the Go defaults).
	env = append(env, "GOOS="+goos, "GOARCH="+goarch, "GOAMD64=v1", "GOARM64=v8.0")
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = r.root, env
	if out, err := cmd.CombinedOutput(); err != nil {
		return bin, fmt.Errorf("go %s (GOOS=%s GOARCH=%s): %w\n%s", strings.Join(args, " "), goos, goarch, err, out)
	}
	if b.ModTimestamp != "" {
		s, err := apply(b.ModTimestamp, r.fields, extra)
		if err != nil {
			return bin, fmt.Errorf("builds %s mod_timestamp: %w", b.ID, err)
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return bin, fmt.Errorf("builds %s mod_timestamp %q: not a unix time", b.ID, s)
		}
		if err := os.Chtimes(bin.Path, time.Unix(n, 0), time.Unix(n, 0)); err != nil {
			return bin, err
		}
	}
	fmt.Fprintf(r.out, "built    %s (%s)\n", r.rel(bin.Path), size(bin.Path))
	return bin, nil
}

// sbom runs the configured SBOM command for one binary, as goreleaser's
// sboms pipe does: $artifact and $document (and ${artifactID}) expanded,
// templates applied. goreleaser runs it in dist/; this runner runs it in
// the project directory with absolute paths, which resolves the same Go
// module (dist/ lies inside it).
func (r *runner) sbom(s sbomSpec, bin binary) (string, error) {
	extra := artifactFields(bin.Goos, bin.Goarch, strings.TrimSuffix(bin.Name, exeExt(bin.Goos)))
	extra["ArtifactName"], extra["ArtifactPath"], extra["ArtifactExt"] = bin.Name, bin.Path, exeExt(bin.Goos)
	doc, err := apply(s.Documents[0], r.fields, extra)
	if err != nil {
		return "", fmt.Errorf("sboms %s documents: %w", s.ID, err)
	}
	doc = filepath.Join(r.dist, doc)
	vars := map[string]string{"artifact": bin.Path, "artifactID": bin.BuildID, "document": doc, "document0": doc}
	expand := func(v string) string { return os.Expand(v, func(k string) string { return vars[k] }) }
	var args []string
	for _, a := range s.Args {
		x, err := apply(expand(a), r.fields, extra)
		if err != nil {
			return "", fmt.Errorf("sboms %s args: %w", s.ID, err)
		}
		args = append(args, x)
	}
	cmd := exec.Command(s.Cmd, args...)
	cmd.Dir = r.root
	cmd.Env = os.Environ()
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("sboms %s: %s %s: %w\n%s", s.ID, s.Cmd, strings.Join(args, " "), err, out)
	}
	if _, err := os.Stat(doc); err != nil {
		return "", fmt.Errorf("sboms %s: the command did not write %s", s.ID, doc)
	}
	fmt.Fprintf(r.out, "sbom     %s\n", r.rel(doc))
	return doc, nil
}

// checksums writes goreleaser's checksum file: "<sha256>  <name>" lines
// sorted by name, over the archives and SBOMs.
func (r *runner) checksums(paths []string) (string, error) {
	name := r.cfg.Checksum.NameTemplate
	if name == "" {
		name = "{{ .ProjectName }}_{{ .Version }}_checksums.txt"
	}
	name, err := apply(name, r.fields, nil)
	if err != nil {
		return "", fmt.Errorf("checksum.name_template: %w", err)
	}
	var lines []string
	for _, p := range paths {
		sum, err := sha256File(p)
		if err != nil {
			return "", err
		}
		lines = append(lines, sum+"  "+filepath.Base(p)+"\n")
	}
	slices.SortFunc(lines, func(a, b string) int {
		_, na, _ := strings.Cut(a, "  ")
		_, nb, _ := strings.Cut(b, "  ")
		return strings.Compare(na, nb)
	})
	path := filepath.Join(r.dist, name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		return "", err
	}
	fmt.Fprintf(r.out, "checksum %s\n", r.rel(path))
	return path, nil
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (r *runner) rel(path string) string {
	if rel, err := filepath.Rel(r.root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

func size(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(fi.Size())/(1<<20))
}
