package rules

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// regoFix reads a Rego rule's METADATA custom.fix (a string) and
// custom.links (a list of {title, url}), both optional. A link must be an
// https URL and its title one line without brackets, since both end up in
// Markdown (the rule's doc, SARIF's help).
func regoFix(file string, ann *ast.Annotations) (string, []Link, error) {
	var fix string
	if v, ok := ann.Custom["fix"]; ok {
		s, ok := v.(string)
		if !ok {
			return "", nil, fmt.Errorf("%s: METADATA custom.fix must be a string", file)
		}
		fix = strings.TrimSpace(s)
	}
	v, ok := ann.Custom["links"]
	if !ok {
		return fix, nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return "", nil, fmt.Errorf("%s: METADATA custom.links must be a list of {title, url}", file)
	}
	var links []Link
	for i, item := range list {
		m, _ := item.(map[string]any)
		title, _ := m["title"].(string)
		url, _ := m["url"].(string)
		if err := checkLink(title, url); err != nil {
			return "", nil, fmt.Errorf("%s: METADATA custom.links[%d]: %w", file, i, err)
		}
		links = append(links, Link{Title: title, URL: url})
	}
	return fix, links, nil
}

// checkLink says what is wrong with a link, if anything.
func checkLink(title, url string) error {
	switch {
	case strings.TrimSpace(title) == "" || strings.ContainsAny(title, "[]\n\r"):
		return fmt.Errorf("title %q must be one line of text without brackets", title)
	case !strings.HasPrefix(url, "https://") || len(url) == len("https://") || strings.ContainsAny(url, " \t\n\r()<>[]\"'`"):
		return fmt.Errorf("url %q must be an https URL", url)
	}
	return nil
}
