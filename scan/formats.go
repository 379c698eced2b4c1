package scan

// The input formats a scan reads: each package registers its parser with
// package parsers (parsers.Register) when linked in. A new format is one
// more line here, besides its own package.
import (
	_ "github.com/poollint/poollint/parsers/arm"
	_ "github.com/poollint/poollint/parsers/bicep"
	_ "github.com/poollint/poollint/parsers/terraform"
	_ "github.com/poollint/poollint/parsers/yaml"
)
