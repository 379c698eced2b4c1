// Package arm is the ARM template input format: JSON deployment templates
// (hand-written or compiled from Bicep) read into the common node-pool
// model by the evaluator in parsers/internal/armtemplate.
package arm

import "github.com/poollint/poollint/parsers/internal/armtemplate"

// Parser is the ARM template format.
type Parser = armtemplate.Parser
