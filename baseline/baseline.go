// Package baseline records accepted findings so that a team adopting
// poollint on an existing repository sees only new ones. Findings are
// matched by fingerprint (rule, file, cluster, pool, key), which does not
// change when lines move.
package baseline

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/report"
)

// Entry is one accepted finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"ruleId"`
	File        string `json:"file"`
	Message     string `json:"message"`
}

// Baseline is the file's content.
type Baseline struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
	set      map[string]bool
}

// Load reads a baseline file.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("baseline %s: version %d is not supported (want 1)", path, b.Version)
	}
	b.set = map[string]bool{}
	for _, e := range b.Findings {
		b.set[e.Fingerprint] = true
	}
	return &b, nil
}

// Filter drops the findings the baseline accepts.
func (b *Baseline) Filter(fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if !b.set[f.Fingerprint()] {
			out = append(out, f)
		}
	}
	return out
}

// Write records the findings (suppressed ones need no baseline). It does
// not write through a symbolic link (report.CreateOutput).
func Write(path string, fs []finding.Finding) error {
	b := Baseline{Version: 1, Findings: []Entry{}}
	for _, f := range fs {
		if f.Suppression == nil {
			b.Findings = append(b.Findings, Entry{Fingerprint: f.Fingerprint(), RuleID: f.RuleID, File: f.Pos.File, Message: f.Message})
		}
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

// Hidden counts the findings Filter would drop.
func (b *Baseline) Hidden(fs []finding.Finding) int {
	n := 0
	for _, f := range fs {
		if b.set[f.Fingerprint()] {
			n++
		}
	}
	return n
}
