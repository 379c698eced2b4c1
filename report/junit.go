package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/poollint/poollint/finding"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Type    string `xml:"type,attr,omitempty"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes JUnit XML, which Azure DevOps and GitLab show as test
// results: one failed test case per finding, one errored case per file that
// could not be read, suppressed findings as skipped cases, and a passing
// case when there is nothing to report.
func JUnit(w io.Writer, in *Input) error {
	s := junitSuite{Name: "poollint"}
	for _, f := range in.Findings {
		c := junitCase{Classname: f.RuleID + " " + f.RuleName, Name: f.Pos.String()}
		text := fmt.Sprintf("%s: %s: %s", f.Pos, f.Severity, f.Message)
		if f.Suppression != nil {
			c.Skipped = &junitProblem{Message: "suppressed: " + reasonOf(f.Suppression.Reason)}
		} else {
			c.Failure = &junitProblem{Type: f.Severity.String(), Message: f.Message, Text: text}
			s.Failures++
		}
		s.Cases = append(s.Cases, c)
	}
	for _, d := range in.diags() {
		if d.Level != finding.LevelError {
			continue
		}
		s.Cases = append(s.Cases, junitCase{Classname: "poollint", Name: d.Pos.String(), Error: &junitProblem{Message: firstLine(d.Message), Text: d.Message}})
		s.Errors++
	}
	if len(s.Cases) == 0 {
		s.Cases = append(s.Cases, junitCase{Classname: "poollint", Name: fmt.Sprintf("%d files scanned", in.Files)})
	}
	s.Tests = len(s.Cases)
	doc := junitSuites{Name: "poollint", Tests: s.Tests, Failures: s.Failures, Errors: s.Errors, Suites: []junitSuite{s}}
	b := bytes.NewBufferString(xml.Header)
	enc := xml.NewEncoder(b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	b.WriteString("\n")
	return writeInert(w, b.Bytes(), "&#35;#[")
}
