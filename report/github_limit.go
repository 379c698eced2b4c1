package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// annotationsPerLevel is how many annotations of one level (error, warning,
// notice) GitHub shows for a step; it drops the others
// (docs.github.com, "Workflow commands": 10 per level per step, 50 per job).
const annotationsPerLevel = 10

// annotation is one workflow command of the github format.
type annotation struct {
	level string // error, warning or notice
	pos   nodepool.Pos
	line  string // the command, escaped, with its newline
}

// capAnnotations orders the annotations as GitHub should show them (errors,
// then warnings, then notices; within a level, lines the pull request
// changed first, then report order) and keeps as many per level as GitHub
// shows. When some are left out, the last notice says how many, and where
// they are.
func (in *Input) capAnnotations(anns []annotation) string {
	rank := map[string]int{"error": 0, "warning": 1, "notice": 2}
	changed := func(a annotation) bool { return in.Changed != nil && in.Changed(a.pos.File, a.pos.Line) }
	sort.SliceStable(anns, func(i, j int) bool {
		if ri, rj := rank[anns[i].level], rank[anns[j].level]; ri != rj {
			return ri < rj
		}
		return changed(anns[i]) && !changed(anns[j])
	})
	total := map[string]int{}
	for _, a := range anns {
		total[a.level]++
	}
	limit := map[string]int{"error": annotationsPerLevel, "warning": annotationsPerLevel, "notice": annotationsPerLevel}
	over := total["error"] > annotationsPerLevel || total["warning"] > annotationsPerLevel || total["notice"] > annotationsPerLevel
	if over {
		limit["notice"]-- // room for the notice that says what is left out
	}
	var b strings.Builder
	shown := map[string]int{}
	for _, a := range anns {
		if shown[a.level] < limit[a.level] {
			shown[a.level]++
			b.WriteString(a.line)
		}
	}
	if over {
		var parts []string
		for _, l := range []struct{ level, word string }{{"error", "error"}, {"warning", "warning"}, {"notice", "note"}} {
			if n := total[l.level] - shown[l.level]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, l.word)))
			}
		}
		n := len(anns) - shown["error"] - shown["warning"] - shown["notice"]
		fmt.Fprintf(&b, "::notice title=poollint::+%d more in the job summary (%s): GitHub shows %d annotations per level in a step; the SARIF report has them all\n",
			n, strings.Join(parts, ", "), annotationsPerLevel)
	}
	return b.String()
}

// sarifCategory is the run's automationDetails.id: the category given, with
// the trailing "/" code scanning expects of an id without a run part.
func (in *Input) sarifCategory() string {
	c := in.SARIFCategory
	if c == "" {
		return "poollint/"
	}
	if !strings.HasSuffix(c, "/") {
		c += "/"
	}
	return c
}
