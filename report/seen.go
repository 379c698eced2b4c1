package report

import (
	"fmt"
	"strings"
)

// Seen is what a scan looked at, checked, and could not read, so that "0
// errors" is never read as "all good" when nothing was checked: the text
// summary ends with it, SARIF carries it as tool execution notifications,
// the job summary as a line.
type Seen struct {
	// Looked counts the files discovered (what the progress line counts);
	// Read those a parser read (the summary's "files scanned").
	Looked, Read int
	// Clusters and Pools count what the rules checked.
	Clusters, Pools int
	// NotRead are the files looked at but not read, grouped by reason.
	NotRead []Group
	// Unknown are the pools with values that could not be resolved
	// offline (no rule fires on those), grouped by the fields concerned.
	Unknown []Group
	// NoPools counts the paths named on the command line that yield no
	// node pool (a note names each).
	NoPools int
	// Parts are the parts of files read that may declare pools and were
	// not read (finding.Diagnostic.Unread), grouped by kind.
	Parts []Group
}

// Group is a count and what it counts ("larger than --max-file-size",
// "vmSize, count").
type Group struct {
	Count int
	What  string
}

// lines are the summary's sentences about what was seen, escaped.
func (s *Seen) lines() []string {
	if s == nil {
		return nil
	}
	out := []string{fmt.Sprintf("checked %d %s with %d node %s in %d of %d %s looked at",
		s.Clusters, plural(s.Clusters, "cluster"), s.Pools, plural(s.Pools, "pool"), s.Read, s.Looked, plural(s.Looked, "file"))}
	if n, parts := groups(s.NotRead); n > 0 {
		out = append(out, fmt.Sprintf("%d %s not read: %s", n, plural(n, "file"), parts))
	}
	if n, parts := groups(s.Parts); n > 0 {
		out = append(out, fmt.Sprintf("not read inside files, so pools they may declare are not checked (--verbose names them): %s", parts))
	}
	if len(s.Unknown) > 0 {
		n := 0
		parts := make([]string, len(s.Unknown))
		for i, g := range s.Unknown {
			n += g.Count
			parts[i] = fmt.Sprintf("%d in %s", g.Count, Escape(g.What))
		}
		out = append(out, fmt.Sprintf("%d %s with unknown values, which the rules that need them skip (poollint model --format text shows why): %s",
			n, plural(n, "pool"), strings.Join(parts, ", ")))
	}
	if s.NoPools > 0 {
		out = append(out, fmt.Sprintf("%d %s named on the command line %s no node pool (--verbose names them)",
			s.NoPools, plural(s.NoPools, "path"), map[bool]string{true: "yields", false: "yield"}[s.NoPools == 1]))
	}
	return out
}

// groups sums groups and lists them: "3 not a node-pool format, 1 binary".
func groups(gs []Group) (int, string) {
	n := 0
	var parts []string
	for _, g := range gs {
		if g.Count > 0 {
			n += g.Count
			parts = append(parts, fmt.Sprintf("%d %s", g.Count, Escape(g.What)))
		}
	}
	return n, strings.Join(parts, ", ")
}
