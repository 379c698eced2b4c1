// Package baseline records accepted findings so that a team adopting
// poollint on an existing repository sees only new ones. Findings are
// matched by fingerprint (finding.Finding.Fingerprint: rule, file, cluster,
// pool, key and the files of the module calls that reached the
// declaration), which does not change when lines move.
//
// Version 2 files hold version 2 fingerprints. A version 1 file (written
// before the module calls were part of the fingerprint) is still read: its
// entries match by the old fingerprint, and writing a merged baseline over
// it upgrades every entry that matched.
package baseline

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/report"
)

// Version is the version of the files Write produces.
const Version = 2

// Entry is one accepted finding.
type Entry struct {
	// Fingerprint is the finding's fingerprint (finding.Fingerprint).
	Fingerprint string `json:"fingerprint,omitempty"`
	// LegacyFingerprint is a version 1 fingerprint (finding.FingerprintV1)
	// of an entry read from a version 1 file that no finding matched when
	// the baseline was last written: kept, and still matched the old way.
	LegacyFingerprint string `json:"legacyFingerprint,omitempty"`
	RuleID            string `json:"ruleId"`
	File              string `json:"file"`
	Message           string `json:"message"`
}

// Baseline is the file's content.
type Baseline struct {
	Version  int            `json:"version"`
	Findings []Entry        `json:"findings"`
	set      map[string]int // fingerprint -> index in Findings
	legacy   map[string]int // version 1 fingerprint -> index
}

// Load reads a baseline file (version 1 or 2).
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	switch b.Version {
	case 1:
		// Version 1 fingerprints left out the module calls.
		for i := range b.Findings {
			e := &b.Findings[i]
			e.Fingerprint, e.LegacyFingerprint = "", e.Fingerprint
		}
	case Version:
	default:
		return nil, fmt.Errorf("baseline %s: version %d is not supported (want 1 or %d)", path, b.Version, Version)
	}
	b.index()
	return &b, nil
}

func (b *Baseline) index() {
	b.set, b.legacy = map[string]int{}, map[string]int{}
	for i, e := range b.Findings {
		if e.Fingerprint != "" {
			b.set[e.Fingerprint] = i
		}
		if e.LegacyFingerprint != "" {
			b.legacy[e.LegacyFingerprint] = i
		}
	}
}

// match returns the index of the entry accepting f, or -1.
func (b *Baseline) match(f finding.Finding) int {
	if i, ok := b.set[f.Fingerprint()]; ok {
		return i
	}
	if i, ok := b.legacy[f.FingerprintV1()]; ok {
		return i
	}
	return -1
}

// Filter drops the findings the baseline accepts.
func (b *Baseline) Filter(fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if b.match(f) < 0 {
			out = append(out, f)
		}
	}
	return out
}

// Hidden counts the findings Filter would drop.
func (b *Baseline) Hidden(fs []finding.Finding) int {
	n := 0
	for _, f := range fs {
		if b.match(f) >= 0 {
			n++
		}
	}
	return n
}

// Stale returns the entries no finding of fs matches: fixed problems, or
// files this scan did not read.
func (b *Baseline) Stale(fs []finding.Finding) []Entry {
	used := map[int]bool{}
	for _, f := range fs {
		if i := b.match(f); i >= 0 {
			used[i] = true
		}
	}
	var out []Entry
	for i, e := range b.Findings {
		if !used[i] {
			out = append(out, e)
		}
	}
	return out
}

// Write records the findings (suppressed ones need no baseline). It does
// not write through a symbolic link (report.CreateOutput).
func Write(path string, fs []finding.Finding) error {
	return Merge(path, nil, fs)
}

// Merge writes a baseline accepting fs (all of a scan's findings, before
// any baseline filtered them) and keeping prev's entries that none of them
// matched (stale entries are kept: the scan may have read only part of the
// repository; Stale lists them). prev may be nil.
func Merge(path string, prev *Baseline, fs []finding.Finding) error {
	b := Baseline{Version: Version, Findings: []Entry{}}
	seen := map[string]bool{}
	for _, f := range fs {
		fp := f.Fingerprint()
		if f.Suppression != nil || seen[fp] {
			continue
		}
		seen[fp] = true
		b.Findings = append(b.Findings, Entry{Fingerprint: fp, RuleID: f.RuleID, File: f.Pos.File, Message: f.Message})
	}
	if prev != nil {
		b.Findings = append(b.Findings, prev.Stale(fs)...)
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	f, err := report.CreateOutput(path)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
