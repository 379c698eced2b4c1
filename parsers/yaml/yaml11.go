package yaml

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// The tools that apply the documents poollint reads decode YAML 1.1, not
// the YAML 1.2 core schema of go.yaml.in/yaml/v3: kubectl, Helm, Flux and
// eksctl go through sigs.k8s.io/yaml, which reads with go-yaml v2 rules and
// converts the result to JSON; CloudFormation documents YAML 1.1 too. So an
// unquoted yes, on or y is a boolean, 0777 an octal number and 1.20 the
// number 1.2. resolve11 gives a plain (unquoted, untagged) scalar's value
// under those rules.

// kind11 is what a plain scalar resolves to.
type kind11 int

const (
	kString kind11 = iota
	kNull
	kBool
	kInt
	kFloat
)

// scalar11 is a plain scalar's YAML 1.1 value.
type scalar11 struct {
	kind kind11
	b    bool
	i    int64
	u    uint64 // an integer above MaxInt64 (big is set)
	big  bool
	f    float64
}

var words11 = map[string]scalar11{}

func init() {
	for _, w := range []string{"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"} {
		words11[w] = scalar11{kind: kBool, b: true}
	}
	for _, w := range []string{"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"} {
		words11[w] = scalar11{kind: kBool}
	}
	for _, w := range []string{"", "~", "null", "Null", "NULL"} {
		words11[w] = scalar11{kind: kNull}
	}
	for _, w := range []string{".nan", ".NaN", ".NAN"} {
		words11[w] = scalar11{kind: kFloat, f: math.NaN()}
	}
	for _, w := range []string{".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"} {
		words11[w] = scalar11{kind: kFloat, f: math.Inf(1)}
	}
	for _, w := range []string{"-.inf", "-.Inf", "-.INF"} {
		words11[w] = scalar11{kind: kFloat, f: math.Inf(-1)}
	}
}

// float11 is the shape of a decimal float go-yaml v2 accepts.
var float11 = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// resolve11 resolves a plain scalar as go-yaml v2 does. Base-60 numbers
// (1:20) and timestamps stay strings, as they do for sigs.k8s.io/yaml.
func resolve11(s string) scalar11 {
	if w, ok := words11[s]; ok {
		return w
	}
	if s == "" {
		return scalar11{kind: kNull}
	}
	switch c := s[0]; {
	case c == '.':
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return scalar11{kind: kFloat, f: f}
		}
	case c == '+' || c == '-' || (c >= '0' && c <= '9'):
		digits := strings.ReplaceAll(s, "_", "")
		if i, err := strconv.ParseInt(digits, 0, 64); err == nil { // 0777, 0x1F, 0o17, 0b101
			return scalar11{kind: kInt, i: i}
		}
		if u, err := strconv.ParseUint(digits, 0, 64); err == nil {
			return scalar11{kind: kInt, u: u, big: true}
		}
		if float11.MatchString(digits) {
			if f, err := strconv.ParseFloat(digits, 64); err == nil {
				return scalar11{kind: kFloat, f: f}
			}
		}
	}
	return scalar11{kind: kString}
}

// finite reports whether a float can be written as JSON (kubectl cannot
// convert .inf or .nan and rejects the document).
func (s scalar11) finite() bool {
	return !math.IsInf(s.f, 0) && !math.IsNaN(s.f)
}

// text is how the value reads once decoded: "true", "511", "1.2".
func (s scalar11) text() string {
	switch s.kind {
	case kBool:
		return strconv.FormatBool(s.b)
	case kInt:
		if s.big {
			return strconv.FormatUint(s.u, 10)
		}
		return strconv.FormatInt(s.i, 10)
	case kFloat:
		return strconv.FormatFloat(s.f, 'g', -1, 64)
	case kNull:
		return "null"
	}
	return ""
}

// describe names the value for a message: "the boolean true", "the number
// 511".
func (s scalar11) describe() string {
	switch s.kind {
	case kBool:
		return "the boolean " + s.text()
	case kInt, kFloat:
		return "the number " + s.text()
	case kNull:
		return "null"
	}
	return "a string"
}

// jsonKey is the object key sigs.k8s.io/yaml makes of a plain mapping key,
// and false when it cannot make one (a null key fails the conversion).
func (s scalar11) jsonKey(text string) (string, bool) {
	switch s.kind {
	case kString:
		return text, true
	case kBool, kInt:
		return s.text(), true
	case kFloat:
		switch {
		case math.IsNaN(s.f):
			return ".nan", true
		case math.IsInf(s.f, 1):
			return ".inf", true
		case math.IsInf(s.f, -1):
			return "-.inf", true
		}
		return strconv.FormatFloat(s.f, 'g', -1, 32), true // sigs.k8s.io/yaml formats keys at 32 bits
	}
	return text, false
}
