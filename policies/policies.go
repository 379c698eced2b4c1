// Package policies embeds poollint's built-in Rego rules. Each file is one
// rule: a package under poollint.rules with a METADATA annotation whose
// custom section gives the rule's id, name and severity, and a `deny` set of
// findings. lib.rego holds helpers shared by the rules; *_test.rego files are
// the rules' OPA unit tests.
package policies

import "embed"

// FS holds the built-in .rego files.
//
//go:embed *.rego
var FS embed.FS
