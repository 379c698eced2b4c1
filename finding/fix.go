package finding

import "strings"

// FixMarkdown renders a rule's "How to fix" and "Links" sections as
// Markdown, each headed by "## ": what the rule's doc page, the terminal's
// `poollint rules PLnnn` and SARIF's help show. It is empty when the rule
// has neither (a user's policy without them).
func FixMarkdown(r *Rule) string {
	var b strings.Builder
	if fix := strings.TrimSpace(r.Fix); fix != "" {
		b.WriteString("## How to fix\n\n")
		b.WriteString(fix)
	}
	if len(r.Links) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("## Links\n")
		for _, l := range r.Links {
			b.WriteString("\n- [" + l.Title + "](" + l.URL + ")")
		}
	}
	return b.String()
}

// FixText is FixMarkdown for plain text (SARIF's text help): the fix, then
// each link as "title: URL".
func FixText(r *Rule) string {
	var b strings.Builder
	if fix := strings.TrimSpace(r.Fix); fix != "" {
		b.WriteString("How to fix:\n")
		b.WriteString(fix)
	}
	if len(r.Links) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("Links:")
		for _, l := range r.Links {
			b.WriteString("\n- " + l.Title + ": " + l.URL)
		}
	}
	return b.String()
}
