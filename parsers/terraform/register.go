package terraform

import "github.com/poollint/poollint/parsers"

func init() {
	parsers.Register(parsers.Registration{Parser: Parser{}, Priority: parsers.PriorityTerraform,
		Formats: []parsers.Format{parsers.FormatTerraform, parsers.FormatTerraformPlan}})
}
