package finding

import "fmt"

// Rule is what reporters know of a rule: its metadata, without its check.
type Rule struct {
	ID       string   // PLnnn
	Name     string   // kebab-case
	Summary  string   // one line
	Doc      string   // long description: what and why
	Severity Severity // default severity
	// Source is "go" or the Rego file the rule came from.
	Source string
	// Params are the rule's configurable parameters with their defaults.
	Params []Param
	// Platforms says where the rule applies (AKS, EKS, Karpenter, …).
	Platforms []string
	// Precision is how often a finding of the rule is a real problem, in
	// SARIF's words: "very-high", "high", "medium" or "low" (default
	// "high").
	Precision string
	// Subsumes names rules whose finding on the same line, about the same
	// cluster or pool, is this rule's problem seen again (PL001 subsumes
	// PL020: a Basic load balancer with several pools is also a retired
	// one). Text output prints one line, naming the other rule.
	Subsumes []string
	// Fix says what to change to make the finding go away, in the spelling
	// of each format where they differ (Markdown, a few sentences or
	// bullets).
	Fix string `json:",omitempty"`
	// Links are pages of the platform's own documentation on the problem.
	Links []Link `json:",omitempty"`
}

// Link is a page of a platform's documentation: a title and an https URL.
type Link struct {
	Title string
	URL   string
}

// Precisions are the values Rule.Precision may take.
var Precisions = []string{"very-high", "high", "medium", "low"}

// ParamType is the declared type of a rule parameter.
type ParamType string

const (
	// ParamInt is an int64.
	ParamInt ParamType = "int"
	// ParamFloat is a float64.
	ParamFloat ParamType = "float"
	// ParamString is a string.
	ParamString ParamType = "string"
	// ParamBool is a bool.
	ParamBool ParamType = "bool"
)

// Param is one configurable parameter of a rule.
type Param struct {
	Name    string
	Default any // int64, float64, string or bool, as Type says
	Doc     string
	// Type is the parameter's declared type; when empty it is the type of
	// Default.
	Type ParamType
}

// TypeOf returns the parameter's declared type, or the one its default
// has; an error when neither says a supported type, or they disagree.
func (p Param) TypeOf() (ParamType, error) {
	var dt ParamType
	switch p.Default.(type) {
	case int64:
		dt = ParamInt
	case float64:
		dt = ParamFloat
	case string:
		dt = ParamString
	case bool:
		dt = ParamBool
	}
	switch {
	case p.Type == "" && dt == "":
		return "", fmt.Errorf("parameter %q has no type and its default %v (%T) is not an int64, float64, string or bool", p.Name, p.Default, p.Default)
	case p.Type == "":
		return dt, nil
	case p.Type != ParamInt && p.Type != ParamFloat && p.Type != ParamString && p.Type != ParamBool:
		return "", fmt.Errorf("parameter %q has type %q (want int, float, string or bool)", p.Name, p.Type)
	case p.Default != nil && dt != p.Type:
		return "", fmt.Errorf("parameter %q is declared %s but its default %v is a %T", p.Name, p.Type, p.Default, p.Default)
	}
	return p.Type, nil
}

// Convert turns a configured value into the parameter's type: an integral
// number for an int, any number for a float.
func (t ParamType) Convert(v any) (any, bool) {
	switch t {
	case ParamInt:
		switch n := v.(type) {
		case int:
			return int64(n), true
		case int64:
			return n, true
		case float64:
			if n == float64(int64(n)) {
				return int64(n), true
			}
		}
	case ParamFloat:
		switch n := v.(type) {
		case int:
			return float64(n), true
		case int64:
			return float64(n), true
		case float64:
			return n, true
		}
	case ParamString:
		s, ok := v.(string)
		return s, ok
	case ParamBool:
		b, ok := v.(bool)
		return b, ok
	}
	return nil, false
}
