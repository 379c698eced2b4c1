package armtemplate

import (
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

type parsedJSON struct {
	root *jsonpos.Node
	err  error
}

// ParseJSON parses the JSON data read at path once per scan
// (parsers.Options.Parsed): a template compiled beside a .bicep is read by
// the ARM format, by the Bicep format and by its source map, a parameter
// file by every variant of its template. The nodes are shared: read only.
func ParseJSON(opts *parsers.Options, path string, data []byte) (*jsonpos.Node, error) {
	p := opts.Parsed("json", path, data, func() any {
		root, err := jsonpos.Parse(data)
		return &parsedJSON{root, err}
	}).(*parsedJSON)
	return p.root, p.err
}

// ParseGeneratedJSON is ParseJSON for a template poollint produced (a
// Bicep translation, a compiler's output) under name
// (parsers.Options.ParsedGenerated).
func ParseGeneratedJSON(opts *parsers.Options, name string, data []byte) (*jsonpos.Node, error) {
	p := opts.ParsedGenerated("json", name, data, func() any {
		root, err := jsonpos.Parse(data)
		return &parsedJSON{root, err}
	}).(*parsedJSON)
	return p.root, p.err
}

// parseInput parses in.Data as ParseJSON, or ParseGeneratedJSON when
// in.Generated.
func parseInput(in *parsers.Input) (*jsonpos.Node, error) {
	if in.Generated {
		return ParseGeneratedJSON(in.Options, in.Path, in.Data)
	}
	return ParseJSON(in.Options, in.Path, in.Data)
}
