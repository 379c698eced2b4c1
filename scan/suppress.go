package scan

import (
	"os"
	"regexp"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// ignoreComment is `poollint:ignore RULE[,RULE…] [reason]` after # or //.
var ignoreComment = regexp.MustCompile(`(?:#|//)\s*poollint:ignore\s+([A-Za-z0-9_,-]+)\s*(.*)$`)

// applyInlineSuppressions marks findings silenced by a poollint:ignore
// comment at the end of their line, or alone on the line above (HCL, YAML,
// and ARM JSON, which allows comments). Only files inside the scan roots
// are read (a user policy may name any file as a finding's position).
func applyInlineSuppressions(fs []rules.Finding, popts *parsers.Options) {
	lines := map[string][]string{}
	for i := range fs {
		f := &fs[i]
		if f.Suppression != nil || f.Pos.Line < 1 {
			continue
		}
		ls, ok := lines[f.Pos.File]
		if !ok {
			if real, err := popts.Confine(f.Pos.File); err == nil {
				if data, err := os.ReadFile(real); err == nil {
					ls = strings.Split(string(data), "\n")
				}
			}
			lines[f.Pos.File] = ls
		}
		for _, n := range []int{f.Pos.Line, f.Pos.Line - 1} {
			if n < 1 || n > len(ls) {
				continue
			}
			m := ignoreComment.FindStringSubmatch(ls[n-1])
			if m == nil {
				continue
			}
			if n != f.Pos.Line {
				// The line above counts only when it holds nothing but the
				// comment; a trailing comment belongs to its own line.
				if t := strings.TrimSpace(ls[n-1]); !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "//") {
					continue
				}
			}
			for _, id := range strings.Split(m[1], ",") {
				if id == f.RuleID || id == f.RuleName || id == "all" {
					f.Suppression = &nodepool.Suppression{Rule: id, Reason: strings.TrimSpace(m[2]), Pos: nodepool.Pos{File: f.Pos.File, Line: n, Col: strings.Index(ls[n-1], "poollint:ignore") + 1}}
				}
			}
			if f.Suppression != nil {
				break
			}
		}
	}
}
