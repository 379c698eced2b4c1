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
//
// A file of a Helm chart (a template, a values file) needs its chart's
// Chart.yaml: it is read only through the chart's rendering.
func (Parser) Companions(path string, ws *parsers.Workspace) ([]parsers.Companion, bool) {
	chart := ""
	if ws.Options != nil || !ws.NeededOnly {
		chart = ChartOf(ws.Options, path)
	}
	name := filepath.Base(path)
	if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") && chart == "" {
		return nil, false
	}
	if ws.NeededOnly {
		if chart != "" {
			return []parsers.Companion{{Path: chart, Needed: true}}, true
		}
		return nil, true
	}
	if chart != "" {
		return []parsers.Companion{{Path: chart, Needed: true}}, true
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
