package rules

import (
	"fmt"
	"strings"

	"github.com/poollint/poollint/fixtures/examples"
)

// sideTitles are how the sides of an example are headed.
var sideTitles = map[string]string{"bad": "Bad", "good": "Good", "before": "Before", "after": "After"}

// examplesMarkdown renders the "## Examples" section of a rule's page from
// fixtures/examples (tested by scan's TestExamples): per format, the bad
// and the good input (or a change rule's before and after), then the
// formats that cannot express the problem. Empty when the rule has none.
func examplesMarkdown(id string) string {
	exs := examples.For(id)
	if len(exs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\n## Examples\n")
	var none []string
	for _, ex := range exs {
		if ex.None != "" {
			none = append(none, fmt.Sprintf("- Not expressible in %s: %s", examples.Title(ex.Name), ex.None))
			continue
		}
		fmt.Fprintf(&b, "\n### %s\n", examples.Title(ex.Name))
		for _, side := range examples.Sides {
			for _, f := range ex.Files[side] {
				fmt.Fprintf(&b, "\n%s (`%s`):\n\n", sideTitles[side], f.Name)
				fence := "```"
				for strings.Contains(f.Text, fence) {
					fence += "`"
				}
				fmt.Fprintf(&b, "%s%s\n%s\n%s\n", fence, examples.Lang(f.Name), strings.TrimRight(f.Text, "\n"), fence)
			}
		}
	}
	if len(none) > 0 {
		b.WriteString("\n" + strings.Join(none, "\n") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
