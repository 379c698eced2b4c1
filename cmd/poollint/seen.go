package main

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/poollint/poollint/config"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/report"
	"github.com/poollint/poollint/scan"
)

// Reasons a file looked at was not read.
const (
	reasonLarge    = "larger than --max-file-size"
	reasonBinary   = "binary"
	reasonUnread   = "unreadable"
	reasonNoFormat = "of no format poollint reads (other JSON or YAML)"
)

// namedNotes are notes for the paths named on the command line that yield
// no node pool: a file skipped (excluded by the configuration, of a type
// poollint does not read) or read without finding a pool, a directory with
// no pool under it. A path that does not exist, or whose file has an error,
// is already reported. shown maps a named path to how reports name it
// (standard input: --stdin-filename).
func namedNotes(named []string, shown func(string) string, res *scan.Result, cfg *config.Config) []parsers.Diagnostic {
	var exts []string
	dup := map[string]bool{}
	for _, p := range parsers.Registered() {
		for _, e := range p.Extensions() {
			if !dup[e] {
				dup[e] = true
				exts = append(exts, e)
			}
		}
	}
	has := map[string]bool{} // files holding a cluster or pool
	for _, c := range res.Clusters {
		has[c.Pos.File] = true
		for _, p := range c.Pools {
			has[p.Pos.File] = true
		}
	}
	withErrors := map[string]bool{}
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			withErrors[d.Pos.File] = true
		}
	}
	var notes []parsers.Diagnostic
	for _, p := range named {
		info, err := os.Stat(p)
		if err != nil {
			continue
		}
		name := shown(p)
		pos := nodepool.Pos{File: name}
		if !info.IsDir() {
			if withErrors[name] || has[name] {
				continue
			}
			abs, _ := filepath.Abs(p)
			switch {
			case cfg != nil && len(cfg.Exclude) > 0 && cfg.Excluded(abs):
				notes = append(notes, parsers.Notef(pos, "named on the command line, but not scanned: the configuration's exclude matches it"))
			case !hasExt(name, exts):
				notes = append(notes, parsers.Notef(pos, "named on the command line, but not scanned: not a file type poollint reads (%s)", strings.Join(exts, ", ")))
			case companion(name, has):
				// A parameter or variables file: its pools are its template's
				// or its module's.
			default:
				notes = append(notes, parsers.Notef(pos, "named on the command line, but no node pool was found in it"))
			}
			continue
		}
		prefix := strings.TrimSuffix(name, "/") + "/"
		found := false
		for f := range has {
			if name == "." || strings.HasPrefix(f, prefix) {
				found = true
				break
			}
		}
		if !found {
			notes = append(notes, parsers.Notef(pos, "named on the command line, but no node pool was found under it"))
		}
	}
	return notes
}

// companion reports whether a file is a parameter or variables file whose
// directory holds pools.
func companion(name string, has map[string]bool) bool {
	lower := strings.ToLower(name)
	if !strings.HasSuffix(lower, ".tfvars") && !strings.HasSuffix(lower, ".tfvars.json") && !strings.Contains(lower, ".parameters") && !strings.HasSuffix(lower, ".bicepparam") {
		return false
	}
	dir := filepath.ToSlash(filepath.Dir(name))
	for f := range has {
		if filepath.ToSlash(filepath.Dir(f)) == dir {
			return true
		}
	}
	return false
}

func hasExt(name string, exts []string) bool {
	lower := strings.ToLower(name)
	for _, e := range exts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// seen sums up what the scan looked at, checked and did not read. notes
// are the named-path notes (counted as paths yielding no pool).
func seen(res *scan.Result, notes []parsers.Diagnostic) *report.Seen {
	s := &report.Seen{Looked: res.Discovered, Read: res.Files, Clusters: len(res.Clusters), NoPools: len(notes)}
	unknown := map[string]int{}
	for _, c := range res.Clusters {
		s.Pools += len(c.Pools)
		for _, p := range c.Pools {
			if fields := unknownFields(p); len(fields) > 0 {
				unknown[strings.Join(fields, "/")]++
			}
		}
	}
	keys := make([]string, 0, len(unknown))
	for k := range unknown {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if unknown[keys[i]] != unknown[keys[j]] {
			return unknown[keys[i]] > unknown[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		s.Unknown = append(s.Unknown, report.Group{Count: unknown[k], What: k})
	}
	// Files looked at but not read: those the scan skipped with a note, or
	// could not open; the others no parser claimed.
	reason := map[string]string{}
	for _, d := range res.Diags {
		switch {
		case strings.HasPrefix(d.Message, "skipped: larger than"):
			reason[d.Pos.File] = reasonLarge
		case d.Message == "skipped: binary file":
			reason[d.Pos.File] = reasonBinary
		case d.Level == parsers.LevelError && (strings.HasPrefix(d.Message, "cannot read file") || strings.HasPrefix(d.Message, "not scanned:")):
			reason[d.Pos.File] = reasonUnread
		}
	}
	count := map[string]int{}
	for _, r := range reason {
		count[r]++
	}
	count[reasonNoFormat] = max(0, res.Discovered-res.Files-len(reason))
	parts := map[string]int{}
	var kinds []string
	for _, d := range res.Diags {
		if d.Unread != "" {
			if parts[d.Unread] == 0 {
				kinds = append(kinds, d.Unread)
			}
			parts[d.Unread]++
		}
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		s.Parts = append(s.Parts, report.Group{Count: parts[k], What: k})
	}
	for _, r := range []string{reasonNoFormat, reasonLarge, reasonBinary, reasonUnread} {
		if count[r] > 0 {
			s.NotRead = append(s.NotRead, report.Group{Count: count[r], What: r})
		}
	}
	return s
}

// unknownFields are the model names (as `poollint model` prints them) of a
// pool's fields that are set but could not be resolved offline.
func unknownFields(p *nodepool.Pool) []string {
	var out []string
	eachUnknown(reflect.ValueOf(p).Elem(), func(name string, _ reflect.Value) { out = append(out, name) })
	return out
}
