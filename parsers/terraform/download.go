package terraform

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/poollint/poollint/parsers"
)

// Registry modules fetched with --download-modules (parsers.Options
// ModuleCache): the Terraform module registry protocol (service discovery
// at /.well-known/terraform.json, modules.v1 .../versions and .../download
// answering with X-Terraform-Get), then the archive it names, extracted
// into the cache directory and read like a local module. The archive is
// bounded in size and files, and nothing is written outside its directory:
// entries are regular files and directories only, at clean relative paths.

// Limits on a download.
const (
	maxArchiveBytes   = 64 << 20  // compressed
	maxExtractedBytes = 256 << 20 // all files
	maxMetadataBytes  = 1 << 20   // a registry answer
)

// maxArchiveFiles bounds the entries of an archive (a variable for tests).
var maxArchiveFiles = 20000

// httpClient fetches modules; tests replace it with their server's.
var httpClient = &http.Client{Timeout: 2 * time.Minute}

const defaultRegistry = "registry.terraform.io"

var addrPart = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// registryAddr splits a registry source, [host/]namespace/name/provider
// [//subdir], keeping the case of its parts.
func registryAddr(source string) (host, ns, name, provider, subdir string, ok bool) {
	s, sub, _ := strings.Cut(strings.TrimSpace(source), "//")
	parts := strings.Split(s, "/")
	host = defaultRegistry
	if len(parts) == 4 && strings.ContainsAny(parts[0], ".:") {
		host, parts = parts[0], parts[1:]
	}
	if len(parts) != 3 {
		return "", "", "", "", "", false
	}
	for _, p := range parts {
		if !addrPart.MatchString(p) {
			return "", "", "", "", "", false
		}
	}
	return strings.ToLower(host), parts[0], parts[1], parts[2], strings.Trim(sub, "/"), true
}

// downloadModule fetches a registry module (the newest version the
// constraint allows) into cache and returns its directory, the source's
// subdirectory included.
func downloadModule(ctx context.Context, cache, source, constraint string) (string, error) {
	host, ns, name, provider, subdir, ok := registryAddr(source)
	if !ok {
		return "", fmt.Errorf("%q is not a registry module address", source)
	}
	if subdir != "" && !safeRel(subdir) {
		return "", fmt.Errorf("subdirectory %q leaves the module", subdir)
	}
	base, err := discover(ctx, host)
	if err != nil {
		return "", err
	}
	modURL := base.JoinPath(ns, name, provider)
	ver, err := pickVersion(ctx, modURL.JoinPath("versions"), constraint)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, host, ns, name, provider, ver)
	if _, err := os.Stat(filepath.Join(dir, ".poollint-complete")); err != nil {
		get, err := getterURL(ctx, modURL.JoinPath(ver, "download"))
		if err != nil {
			return "", err
		}
		if err := fetchArchive(ctx, get, dir); err != nil {
			return "", err
		}
	}
	return filepath.Join(dir, filepath.FromSlash(subdir)), nil
}

// safeRel reports a clean relative path that stays below its root.
func safeRel(p string) bool {
	c := path.Clean(p)
	return c == p && !path.IsAbs(c) && c != ".." && !strings.HasPrefix(c, "../") && !strings.Contains(c, "\\") && !strings.Contains(c, ":")
}

func get(ctx context.Context, u *url.URL, limit int64) (*http.Response, []byte, error) {
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, nil, fmt.Errorf("%s: only http and https are fetched", u.Redacted())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > limit {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes", u.Redacted(), limit)
	}
	if resp.StatusCode/100 != 2 {
		return nil, nil, fmt.Errorf("%s: %s", u.Redacted(), resp.Status)
	}
	return resp, data, nil
}

// discover reads the registry's modules.v1 base URL.
func discover(ctx context.Context, host string) (*url.URL, error) {
	wk := &url.URL{Scheme: "https", Host: host, Path: "/.well-known/terraform.json"}
	_, data, err := get(ctx, wk, maxMetadataBytes)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", wk, err)
	}
	s, ok := doc["modules.v1"].(string)
	if !ok {
		return nil, fmt.Errorf("%s serves no module registry (modules.v1)", host)
	}
	rel, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	return wk.ResolveReference(rel), nil
}

// pickVersion returns the newest version the constraint allows.
func pickVersion(ctx context.Context, u *url.URL, constraint string) (string, error) {
	_, data, err := get(ctx, u, maxMetadataBytes)
	if err != nil {
		return "", err
	}
	var doc struct {
		Modules []struct {
			Versions []struct{ Version string }
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Modules) == 0 {
		return "", fmt.Errorf("%s: not a list of versions", u)
	}
	lo, hi, bounded := constraintRange(constraint)
	if constraint != "" && !bounded {
		// ">= 19": the newest; a constraint not understood: refused.
		if l, _, ok := lowerOnly(constraint); ok {
			lo, hi = l, version{1 << 30}
		} else {
			return "", fmt.Errorf("version constraint %q not understood", constraint)
		}
	}
	if constraint == "" {
		hi = version{1 << 30}
	}
	type cand struct {
		v   version
		raw string
	}
	var cands []cand
	for _, v := range doc.Modules[0].Versions {
		if strings.Contains(v.Version, "-") {
			continue // pre-releases only when named exactly, as Terraform
		}
		pv, n, ok := parseVersion(v.Version)
		if !ok || n != 3 || pv.less(lo) || !pv.less(hi) {
			continue
		}
		cands = append(cands, cand{pv, v.Version})
	}
	if len(cands) == 0 {
		return "", fmt.Errorf("no version of the module matches %q", constraint)
	}
	sort.Slice(cands, func(i, j int) bool { return cands[j].v.less(cands[i].v) })
	if !safeRel(cands[0].raw) || strings.Contains(cands[0].raw, "/") {
		return "", fmt.Errorf("version %q refused", cands[0].raw)
	}
	return cands[0].raw, nil
}

// lowerOnly reads a constraint made of lower bounds only (">= 19.0").
func lowerOnly(constraint string) (version, version, bool) {
	var lo version
	for _, term := range strings.Split(constraint, ",") {
		term = strings.TrimSpace(term)
		rest, ok := strings.CutPrefix(term, ">=")
		if !ok {
			return lo, lo, false
		}
		v, _, ok := parseVersion(rest)
		if !ok {
			return lo, lo, false
		}
		lo = maxVersion(lo, v)
	}
	return lo, version{1 << 30}, true
}

// getterURL asks the registry where a version's archive is.
func getterURL(ctx context.Context, u *url.URL) (string, error) {
	resp, data, err := get(ctx, u, maxMetadataBytes)
	if err != nil {
		return "", err
	}
	loc := resp.Header.Get("X-Terraform-Get")
	if loc == "" {
		var doc struct{ Location string }
		if json.Unmarshal(data, &doc) == nil {
			loc = doc.Location
		}
	}
	if loc == "" {
		return "", fmt.Errorf("%s: no X-Terraform-Get location", u)
	}
	rel, err := url.Parse(loc)
	if err != nil || rel.Scheme == "" && strings.Contains(loc, "::") {
		return loc, nil // a go-getter address, read by fetchArchive
	}
	return u.ResolveReference(rel).String(), nil
}

// archiveURL turns a go-getter address into an HTTP(S) archive URL and
// the subdirectory within it: plain archive URLs, and GitHub repositories
// at a ref (git::https://github.com/o/r?ref=v1, github.com/o/r?ref=v1) as
// GitHub's tarball of that ref.
func archiveURL(loc string) (*url.URL, string, error) {
	loc = strings.TrimPrefix(loc, "git::")
	if strings.HasPrefix(loc, "github.com/") {
		loc = "https://" + loc
	}
	// A subdirectory follows "//" after the host part.
	sub := ""
	if i := strings.Index(loc, "://"); i >= 0 {
		if j := strings.Index(loc[i+3:], "//"); j >= 0 {
			rest := loc[i+3+j+2:]
			loc = loc[:i+3+j]
			q := ""
			if k := strings.IndexByte(rest, '?'); k >= 0 {
				rest, q = rest[:k], rest[k:]
			}
			sub, loc = strings.Trim(rest, "/"), loc+q
		}
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, "", err
	}
	if u.Host == "github.com" {
		parts := strings.Split(strings.Trim(strings.TrimSuffix(u.Path, ".git"), "/"), "/")
		ref := u.Query().Get("ref")
		if len(parts) != 2 || ref == "" {
			return nil, "", fmt.Errorf("%s: a GitHub repository without a ref", u.Redacted())
		}
		u = &url.URL{Scheme: "https", Host: "codeload.github.com", Path: "/" + parts[0] + "/" + parts[1] + "/tar.gz/" + ref}
	} else {
		q := u.Query()
		q.Del("archive")
		u.RawQuery = q.Encode()
	}
	if sub != "" && !safeRel(sub) {
		return nil, "", fmt.Errorf("subdirectory %q leaves the archive", sub)
	}
	return u, sub, nil
}

// fetchArchive downloads and extracts a module archive into dir, through a
// temporary directory renamed once complete.
func fetchArchive(ctx context.Context, loc, dir string) error {
	u, sub, err := archiveURL(loc)
	if err != nil {
		return err
	}
	_, data, err := get(ctx, u, maxArchiveBytes)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".download-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := extract(ctx, data, tmp); err != nil {
		return fmt.Errorf("%s: %w", u.Redacted(), err)
	}
	root := tmp
	if entries, err := os.ReadDir(tmp); err == nil && len(entries) == 1 && entries[0].IsDir() {
		root = filepath.Join(tmp, entries[0].Name()) // GitHub's owner-repo-sha/ prefix
	}
	if sub != "" {
		root = filepath.Join(root, filepath.FromSlash(sub))
	}
	if err := os.WriteFile(filepath.Join(root, ".poollint-complete"), nil, 0o644); err != nil {
		return err
	}
	_ = os.RemoveAll(dir) // an incomplete earlier attempt
	return os.Rename(root, dir)
}

// extract unpacks a tar.gz, tar or zip archive into dir.
func extract(ctx context.Context, data []byte, dir string) error {
	w := &writer{dir: dir, ctx: ctx}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return err
		}
		for _, f := range zr.File {
			if f.Mode().IsDir() {
				if err := w.dirEntry(f.Name); err != nil {
					return err
				}
				continue
			}
			if !f.Mode().IsRegular() {
				continue // links and the like are not followed nor made
			}
			rc, err := f.Open()
			if err != nil {
				return err
			}
			err = w.file(f.Name, rc)
			rc.Close()
			if err != nil {
				return err
			}
		}
		return nil
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		gz, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return err
		}
		defer gz.Close()
		return w.tar(tar.NewReader(gz))
	}
	return w.tar(tar.NewReader(bytes.NewReader(data)))
}

type writer struct {
	dir   string
	ctx   context.Context
	files int
	bytes int64
}

func (w *writer) tar(tr *tar.Reader) error {
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if err := w.dirEntry(h.Name); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := w.file(h.Name, tr); err != nil {
				return err
			}
		}
		// Links, devices and global headers (GitHub's pax comment) are
		// skipped.
	}
}

func (w *writer) target(name string) (string, error) {
	name = strings.TrimPrefix(name, "./")
	name = strings.TrimSuffix(name, "/")
	if name == "" || name == "." {
		return "", nil
	}
	if !safeRel(name) {
		return "", fmt.Errorf("archive entry %q leaves the module directory", name)
	}
	return filepath.Join(w.dir, filepath.FromSlash(name)), nil
}

func (w *writer) count() error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if w.files++; w.files > maxArchiveFiles {
		return fmt.Errorf("more than %d files in the archive", maxArchiveFiles)
	}
	return nil
}

func (w *writer) dirEntry(name string) error {
	if err := w.count(); err != nil {
		return err
	}
	p, err := w.target(name)
	if err != nil || p == "" {
		return err
	}
	return os.MkdirAll(p, 0o755)
}

func (w *writer) file(name string, r io.Reader) error {
	if err := w.count(); err != nil {
		return err
	}
	p, err := w.target(name)
	if err != nil || p == "" {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	// O_EXCL: an entry written twice, or over a directory, is refused.
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(r, maxExtractedBytes-w.bytes+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if w.bytes += n; w.bytes > maxExtractedBytes {
		return errors.New("the archive extracts to more than " + fmt.Sprint(maxExtractedBytes) + " bytes")
	}
	return nil
}

// downloaded fetches a registry module call's source into the module cache
// once per scan, and returns its directory; "" with a note when it cannot.
func (b *builder) downloaded(bl *block, constraint string) string {
	cache := b.cacheDir()
	if cache == "" {
		return ""
	}
	type result struct {
		dir string
		err error
	}
	r := b.opts.Once("terraform-download:"+bl.source+"\x00"+constraint, func() any {
		dir, err := downloadModule(b.ev.ctx, cache, bl.source, constraint)
		return result{dir, err}
	}).(result)
	if r.err != nil {
		b.diags = append(b.diags, parsers.Notef(rangePos(bl.defRange), "module %q: %s not downloaded: %v", bl.name, bl.source, r.err))
		return ""
	}
	return filepath.ToSlash(r.dir)
}

// cacheDir is the module cache, created and resolved once per build.
func (b *builder) cacheDir() string {
	if b.opts == nil || b.opts.ModuleCache == "" {
		return ""
	}
	if b.cache == "" {
		if err := os.MkdirAll(b.opts.ModuleCache, 0o755); err != nil {
			return ""
		}
		abs, err := filepath.Abs(b.opts.ModuleCache)
		if err != nil {
			return ""
		}
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return ""
		}
		b.cache = abs
	}
	return b.cache
}

// optsFor returns the options a directory is read with: a downloaded
// module's files are confined to the module cache.
func (b *builder) optsFor(dir string) *parsers.Options {
	if b.cache == "" {
		return b.opts
	}
	abs, err := filepath.Abs(dir)
	if err != nil || !(abs == b.cache || strings.HasPrefix(abs, b.cache+string(filepath.Separator))) {
		return b.opts
	}
	if b.cacheOpts == nil {
		b.cacheOpts = &parsers.Options{Roots: []string{b.cache}, ReadFile: b.opts.ReadFile}
	}
	return b.cacheOpts
}
