package bicep

import (
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
)

// Companions implements parsers.Companioned: a .bicep file is checked with
// the template compiled beside it (main.json), which its reading uses.
func (Parser) Companions(path string, ws *parsers.Workspace) ([]parsers.Companion, bool) {
	if !strings.HasSuffix(strings.ToLower(filepath.Base(path)), ".bicep") {
		return nil, false
	}
	return []parsers.Companion{{Path: path}, {Path: armtemplate.CompiledTemplate(path)}}, true
}
