package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/poollint/poollint/finding"
)

type jsonFinding struct {
	finding.Finding
	Fingerprint string `json:"fingerprint"`
}

type jsonReport struct {
	Version     string               `json:"version"`
	Files       int                  `json:"files"`
	Findings    []jsonFinding        `json:"findings"`
	Diagnostics []finding.Diagnostic `json:"diagnostics"`
}

// JSON writes findings and diagnostics as one JSON document.
func JSON(w io.Writer, in *Input) error {
	out := jsonReport{Version: in.Version, Files: in.Files, Findings: []jsonFinding{}, Diagnostics: in.Diags} // notes too, whatever --verbose says
	if out.Diagnostics == nil {
		out.Diagnostics = []finding.Diagnostic{}
	}
	for _, f := range in.Findings {
		out.Findings = append(out.Findings, jsonFinding{Finding: f, Fingerprint: f.Fingerprint()})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return writeInert(w, b.Bytes(), `\u0023#[`)
}

// writeInert writes a JSON or XML document with every "##[" written as
// repl, an escape of the same text in that syntax: a CI log that shows the
// document cannot take it for a legacy workflow command. (Their other
// lines cannot start with "::": JSON and XML escape line breaks in values.)
func writeInert(w io.Writer, doc []byte, repl string) error {
	_, err := w.Write(bytes.ReplaceAll(doc, []byte("##["), []byte(repl)))
	return err
}
