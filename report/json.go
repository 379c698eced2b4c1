package report

import (
	"encoding/json"
	"io"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

type jsonFinding struct {
	rules.Finding
	Fingerprint string `json:"fingerprint"`
}

type jsonReport struct {
	Version     string               `json:"version"`
	Files       int                  `json:"files"`
	Findings    []jsonFinding        `json:"findings"`
	Diagnostics []parsers.Diagnostic `json:"diagnostics"`
}

// JSON writes findings and diagnostics as one JSON document.
func JSON(w io.Writer, in *Input) error {
	out := jsonReport{Version: in.Version, Files: in.Files, Findings: []jsonFinding{}, Diagnostics: in.diags()}
	if out.Diagnostics == nil {
		out.Diagnostics = []parsers.Diagnostic{}
	}
	for _, f := range in.Findings {
		out.Findings = append(out.Findings, jsonFinding{Finding: f, Fingerprint: f.Fingerprint()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
