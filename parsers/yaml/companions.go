package yaml

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/parsers"
)

// Companions implements parsers.Companioned: a YAML file is checked with the
// YAML files of its directory (objects of one cluster may be spread over
// them).
func (Parser) Companions(path string, ws *parsers.Workspace) ([]parsers.Companion, bool) {
	name := filepath.Base(path)
	if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
		return nil, false
	}
	if ws.NeededOnly {
		return nil, true
	}
	var out []parsers.Companion
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
			out = append(out, parsers.Companion{Path: filepath.Join(filepath.Dir(path), n)})
		}
	}
	return out, true
}
