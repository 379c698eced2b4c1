// Package ignore reads `poollint:ignore RULE[,RULE…] reason` comments from
// the bytes a parser already holds, for every format: HCL (# and //), YAML
// (#), ARM JSON (//) and Bicep (//). What it finds goes into the model
// (nodepool.Cluster.Ignores); one matcher in the scan applies it.
package ignore

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// Directive is the word that starts a suppression.
const Directive = "poollint:ignore"

// markers returns the comment markers of a file's syntax, from its name.
func markers(file string) []string {
	switch ext := strings.ToLower(path.Ext(file)); ext {
	case ".yaml", ".yml":
		return []string{"#"}
	case ".json", ".bicep", ".bicepparam", ".jsonc":
		return []string{"//"}
	default: // .tf, .tfvars, .hcl and anything else: both
		return []string{"#", "//"}
	}
}

// ruleList is the comma-separated rule IDs or names.
var ruleList = regexp.MustCompile(`^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$`)

// Scan returns the poollint:ignore comments of a file, in line order. A
// malformed one (bare, or with a rule list that cannot be read) is returned
// with Problem set and no rules, for the scan to warn about.
func Scan(file string, data []byte) []nodepool.IgnoreComment {
	if !bytes.Contains(data, []byte(Directive)) {
		return nil
	}
	marks := markers(file)
	var out []nodepool.IgnoreComment
	for i, line := range strings.Split(string(data), "\n") {
		at := strings.Index(line, Directive)
		if at < 0 {
			continue
		}
		mark := commentBefore(line[:at], marks)
		if mark < 0 {
			continue // not in a comment (a string, a key)
		}
		c := nodepool.IgnoreComment{
			Pos:   nodepool.Pos{File: file, Line: i + 1, Col: at + 1},
			Alone: strings.TrimSpace(line[:mark]) == "",
		}
		rest := strings.TrimRight(line[at+len(Directive):], "\r")
		fields := strings.Fields(rest)
		switch {
		case len(fields) == 0:
			c.Problem = "bare " + Directive + ": name the rules it silences (" + Directive + " PL001[,PL002] reason, or all)"
		case rest[0] != ' ' && rest[0] != '\t':
			c.Problem = "malformed " + Directive + ": write " + Directive + " RULE[,RULE] reason, with a space after " + Directive
		case !ruleList.MatchString(fields[0]):
			c.Problem = "malformed " + Directive + ": " + quote(fields[0]) + " is not a comma-separated list of rule IDs or names"
		default:
			c.Rules = strings.Split(fields[0], ",")
			c.Reason = strings.TrimSpace(strings.TrimPrefix(strings.TrimLeft(rest, " \t"), fields[0]))
			c.Reason = strings.TrimSpace(strings.TrimSuffix(c.Reason, "*/"))
		}
		out = append(out, c)
	}
	return out
}

// commentBefore returns where the comment marker that the directive
// follows (after spaces) starts in prefix, or -1.
func commentBefore(prefix string, marks []string) int {
	trimmed := strings.TrimRight(prefix, " \t")
	for _, m := range marks {
		if strings.HasSuffix(trimmed, m) {
			return len(trimmed) - len(m)
		}
	}
	return -1
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + s + "\""
}
