package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// entry is one file of an archive.
type entry struct {
	Name  string // path inside the archive, slash-separated
	Path  string // on disk
	Mode  os.FileMode
	MTime time.Time
}

// archive writes one archive per binary the archive section selects: the
// binary at the top, then the extra files (globs, relative to the project).
func (r *runner) archive(a archive, bins []binary) ([]string, error) {
	nameTmpl := a.NameTemplate
	if nameTmpl == "" {
		nameTmpl = "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}"
	}
	var out []string
	for _, bin := range bins {
		if len(a.IDs) > 0 && !slices.Contains(a.IDs, bin.BuildID) {
			continue
		}
		extra := artifactFields(bin.Goos, bin.Goarch, strings.TrimSuffix(bin.Name, exeExt(bin.Goos)))
		name, err := apply(nameTmpl, r.fields, extra)
		if err != nil {
			return nil, fmt.Errorf("archives %s name_template: %w", a.ID, err)
		}
		entries, err := r.archiveEntries(a, bin, extra)
		if err != nil {
			return nil, err
		}
		formats := []string(a.Formats)
		for _, o := range a.FormatOverrides {
			if o.Goos == bin.Goos {
				formats = o.Formats
			}
		}
		if len(formats) == 0 {
			formats = []string{"tar.gz"}
		}
		for _, format := range formats {
			path := filepath.Join(r.dist, name+"."+format)
			var err error
			switch format {
			case "tar.gz":
				err = writeTarGz(path, entries)
			case "zip":
				err = writeZip(path, entries)
			default:
				err = fmt.Errorf("format %s is not supported", format)
			}
			if err != nil {
				return nil, fmt.Errorf("archives %s: %s: %w", a.ID, name, err)
			}
			fmt.Fprintf(r.out, "archived %s (%s)\n", r.rel(path), size(path))
			out = append(out, path)
		}
	}
	return out, nil
}

func (r *runner) archiveEntries(a archive, bin binary, extra map[string]any) ([]entry, error) {
	mtime := func(info fileInfo, path string) (time.Time, error) {
		if info.MTime == "" {
			fi, err := os.Stat(path)
			if err != nil {
				return time.Time{}, err
			}
			return fi.ModTime(), nil
		}
		s, err := apply(info.MTime, r.fields, extra)
		if err != nil {
			return time.Time{}, err
		}
		return time.Parse(time.RFC3339Nano, s)
	}
	binTime, err := mtime(a.BuildsInfo, bin.Path)
	if err != nil {
		return nil, fmt.Errorf("archives %s builds_info: %w", a.ID, err)
	}
	entries := []entry{{Name: bin.Name, Path: bin.Path, Mode: 0o755, MTime: binTime}}
	seen := map[string]bool{bin.Name: true}
	for _, f := range a.Files {
		pattern, err := apply(f.Src, r.fields, extra)
		if err != nil {
			return nil, fmt.Errorf("archives %s files: %w", a.ID, err)
		}
		matches, err := filepath.Glob(filepath.Join(r.root, filepath.FromSlash(pattern)))
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("archives %s files: %q matches no file", a.ID, pattern)
		}
		sort.Strings(matches)
		for _, m := range matches {
			fi, err := os.Stat(m)
			if err != nil {
				return nil, err
			}
			if fi.IsDir() {
				return nil, fmt.Errorf("archives %s files: %s is a directory (list its files)", a.ID, m)
			}
			rel, err := filepath.Rel(r.root, m)
			if err != nil {
				return nil, err
			}
			name := filepath.ToSlash(rel)
			if seen[name] {
				continue
			}
			seen[name] = true
			t, err := mtime(f.Info, m)
			if err != nil {
				return nil, fmt.Errorf("archives %s files %s info: %w", a.ID, name, err)
			}
			entries = append(entries, entry{Name: name, Path: m, Mode: fi.Mode().Perm(), MTime: t})
		}
	}
	return entries, nil
}

// writeTarGz writes a reproducible tar.gz: entries in the given order,
// owner root, no gzip name or time.
func writeTarGz(path string, entries []entry) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	gz, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		fi, err := os.Stat(e.Path)
		if err != nil {
			return err
		}
		hdr := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     e.Name,
			Mode:     int64(e.Mode),
			Size:     fi.Size(),
			ModTime:  e.MTime.UTC().Truncate(time.Second),
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if err := copyFile(tw, e.Path); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(path string, entries []entry) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(f)
	for _, e := range entries {
		hdr := &zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: e.MTime.UTC().Truncate(time.Second)}
		hdr.SetMode(e.Mode)
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if err := copyFile(w, e.Path); err != nil {
			return err
		}
	}
	return zw.Close()
}

func copyFile(w io.Writer, path string) error {
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = io.Copy(w, src)
	return err
}
