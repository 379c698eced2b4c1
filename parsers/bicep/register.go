package bicep

import "github.com/poollint/poollint/parsers"

func init() {
	parsers.Register(parsers.Registration{Parser: Parser{}, Priority: parsers.PriorityBicep, Formats: []parsers.Format{parsers.FormatBicep}})
}
