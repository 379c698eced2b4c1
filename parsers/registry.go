package parsers

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Format names an input format, as nodepool.Cluster.Format holds it (the
// model does not import this package, so it stores the string).
type Format string

// The formats of the parsers built in. A parser may produce several (the
// Terraform parser reads configurations and plans; the YAML parser reads
// several families of Kubernetes and CloudFormation documents).
const (
	FormatARM            Format = "arm"
	FormatBicep          Format = "bicep"
	FormatTerraform      Format = "terraform"
	FormatTerraformPlan  Format = "terraform-plan"
	FormatEksctl         Format = "eksctl"
	FormatKarpenter      Format = "karpenter"
	FormatClusterAPI     Format = "cluster-api"
	FormatASO            Format = "aso"
	FormatCloudFormation Format = "cloudformation"
)

// Detection priorities of the parsers built in: a file goes to the first
// parser, lowest priority first, whose extensions and Detect claim it.
// Three claim .json: Terraform plans come before ARM (a plan's JSON holds
// AKS resource IDs that ARM's detection would take for a template).
const (
	PriorityTerraform = 100
	PriorityARM       = 200
	PriorityBicep     = 300
	PriorityYAML      = 400
)

// Registration is one format in the registry.
type Registration struct {
	Parser Parser
	// Priority orders detection (see PriorityTerraform …).
	Priority int
	// Formats are the values of Cluster.Format the parser's clusters carry.
	Formats []Format
}

var registry struct {
	sync.Mutex
	regs []Registration
}

// Register adds a format to the registry. Format packages call it from an
// init function; the scan reads the registry of the formats linked in (the
// blank imports of scan/formats.go). It panics on a nil parser or a name
// registered twice: both are programming errors.
func Register(r Registration) {
	if r.Parser == nil {
		panic("parsers.Register: nil parser")
	}
	registry.Lock()
	defer registry.Unlock()
	for _, o := range registry.regs {
		if o.Parser.Name() == r.Parser.Name() {
			panic(fmt.Sprintf("parsers.Register: %q registered twice", r.Parser.Name()))
		}
	}
	registry.regs = append(registry.regs, r)
	sort.SliceStable(registry.regs, func(i, j int) bool {
		a, b := registry.regs[i], registry.regs[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		return a.Parser.Name() < b.Parser.Name()
	})
}

// Registrations returns the registered formats in detection order.
func Registrations() []Registration {
	registry.Lock()
	defer registry.Unlock()
	return append([]Registration(nil), registry.regs...)
}

// Registered returns the registered parsers in detection order.
func Registered() []Parser {
	regs := Registrations()
	out := make([]Parser, len(regs))
	for i, r := range regs {
		out[i] = r.Parser
	}
	return out
}

// HasExtension reports whether path ends with one of exts (any case).
func HasExtension(path string, exts []string) bool {
	lower := strings.ToLower(path)
	for _, e := range exts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// ParamValue is one value a parameter file gives a template's parameter.
type ParamValue struct {
	Name string
	// Value is a plain value (string, int64, bool, nil, []any,
	// map[string]any), or the evaluator's unknown where the file's
	// expression cannot be read offline.
	Value any
	// Ref is a Key Vault reference: unknown offline.
	Ref bool
}

// ParamReader is implemented by a format whose files give parameter values
// to another format's templates: a .bicepparam file named by --param-file
// for an ARM template is read by the Bicep parser.
type ParamReader interface {
	// ReadParams reads the parameter file path (its content is data).
	ReadParams(path string, data []byte) ([]ParamValue, *Diagnostic)
}

// ParamReaderFor returns the registered parser that reads path as a
// parameter file, or nil (then it is read as JSON).
func ParamReaderFor(path string) ParamReader {
	for _, p := range Registered() {
		if r, ok := p.(ParamReader); ok && HasExtension(path, p.Extensions()) {
			return r
		}
	}
	return nil
}
