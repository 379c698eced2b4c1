package arm

import (
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
)

// Companions implements parsers.Companioned: a parameter file
// X.parameters*.json needs its template X.json, without which it checks
// nothing.
func (Parser) Companions(path string, ws *parsers.Workspace) ([]parsers.Companion, bool) {
	tmpl := armtemplate.TemplateOf(path)
	if tmpl == "" {
		return nil, false
	}
	return []parsers.Companion{{Path: path}, {Path: tmpl, Needed: true}}, true
}
