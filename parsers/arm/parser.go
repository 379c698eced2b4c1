// Package arm is the ARM template input format: JSON deployment templates
// (hand-written or compiled from Bicep) and deploymentParameters files that
// name their template, read into the common node-pool model by the
// evaluator in parsers/internal/armtemplate. A template is evaluated with
// parameter values from defaults, a paired X.parameters.json (and each
// X.parameters.*.json variant) and --param-file; whatever cannot be
// resolved offline is unknown.
package arm

import (
	"bytes"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
)

func init() {
	parsers.Register(parsers.Registration{Parser: Parser{}, Priority: parsers.PriorityARM, Formats: []parsers.Format{parsers.FormatARM}})
}

// Parser is the ARM template format.
type Parser struct{}

// Name implements parsers.Parser.
func (Parser) Name() string { return string(parsers.FormatARM) }

// Extensions implements parsers.Parser.
func (Parser) Extensions() []string { return []string{".json", ".jsonc"} }

var (
	markTemplate = []byte("deploymenttemplate.json")
	markCluster  = []byte("microsoft.containerservice/managedclusters")
	markParams   = []byte("deploymentparameters.json")
)

// Detect implements parsers.Parser: a JSON object whose text names the
// deploymentTemplate schema or an AKS managedClusters resource type.
func (Parser) Detect(path string, data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	if containsFold(data, markParams) {
		// A parameter file is read on its own only when it names its
		// template in metadata.template.
		return containsFold(data, []byte(`"template"`))
	}
	return containsFold(data, markTemplate) || containsFold(data, markCluster)
}

// containsFold reports whether s contains lower (lower-case ASCII) in any
// ASCII case, without the copy bytes.ToLower makes of every JSON file.
func containsFold(s, lower []byte) bool {
	first := lower[0]
	for _, c := range []byte{first, first &^ 0x20} { // a letter's two cases
		for rest := s; ; {
			i := bytes.IndexByte(rest, c)
			if i < 0 || len(rest)-i < len(lower) {
				break
			}
			if equalFoldASCII(rest[i:i+len(lower)], lower) {
				return true
			}
			rest = rest[i+1:]
		}
		if first < 'a' || first > 'z' {
			break // not a letter: one case
		}
	}
	return false
}

func equalFoldASCII(s, lower []byte) bool {
	for i, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// Parse implements parsers.Parser.
func (Parser) Parse(in *parsers.Input) parsers.Result { return armtemplate.Parse(in) }
