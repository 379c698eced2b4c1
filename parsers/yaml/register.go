package yaml

import "github.com/poollint/poollint/parsers"

func init() {
	parsers.Register(parsers.Registration{Parser: Parser{}, Priority: parsers.PriorityYAML,
		Formats: []parsers.Format{parsers.FormatEksctl, parsers.FormatKarpenter, parsers.FormatClusterAPI, parsers.FormatASO, parsers.FormatCloudFormation}})
}
