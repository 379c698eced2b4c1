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
	lower := bytes.ToLower(data)
	if bytes.Contains(lower, markParams) {
		// A parameter file is read on its own only when it names its
		// template in metadata.template.
		return bytes.Contains(lower, []byte(`"template"`))
	}
	return bytes.Contains(lower, markTemplate) || bytes.Contains(lower, markCluster)
}

// Parse implements parsers.Parser.
func (Parser) Parse(in *parsers.Input) parsers.Result { return armtemplate.Parse(in) }
