package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The HCL parsers (native and JSON) recurse once per level of nesting, and
// the Go runtime ends the process, unrecoverably, when a goroutine's stack
// passes its limit: 100,000 nested parentheses do that. Every byte handed
// to them is therefore scanned first, cheaply and without recursion, and
// refused past these limits. Real configurations stay far below them.
const (
	// maxNesting bounds brackets, strings, interpolations, template
	// directives, pending conditionals and runs of unary operators.
	maxNesting = 256
	// maxDigits bounds a run of digits: parsing a number literal costs
	// time quadratic in its length.
	maxDigits = 1000
	// maxExprDepth bounds the depth of a parsed expression: chains of
	// binary operators parse flat but evaluate recursively.
	maxExprDepth = 512
)

// nestingError is a file refused before parsing, with the position where
// a limit was crossed.
type nestingError struct {
	Line, Col int
	Msg       string
}

func (e *nestingError) Error() string { return e.Msg }

// scanner tracks a line and column while walking bytes.
type scanner struct {
	data      []byte
	i         int
	line, col int
}

func (s *scanner) advance() {
	c := s.data[s.i]
	s.i++
	switch {
	case c == '\n':
		s.line++
		s.col = 1
	case c&0xC0 != 0x80:
		s.col++
	}
}

func (s *scanner) peek(off int) byte {
	if s.i+off < len(s.data) {
		return s.data[s.i+off]
	}
	return 0
}

func (s *scanner) errorf(format string, args ...any) *nestingError {
	return &nestingError{Line: s.line, Col: s.col, Msg: fmt.Sprintf(format, args...)}
}

// hclFrame is one open construct of native syntax.
type hclFrame struct {
	kind   byte   // '(' '[' '{' 'i' (interpolation), '"' (quoted template), 'h' (heredoc), 't' (bare template)
	q      int    // conditionals pending at this level
	dirs   int    // open %{if}/%{for} directives, in a template frame
	marker []byte // heredoc end marker
}

func (f *hclFrame) template() bool { return f.kind == '"' || f.kind == 'h' || f.kind == 't' }

// checkHCLNesting scans native HCL (a whole file, or an expression, or, with
// template set, the body of a template such as a JSON string) and reports
// where it nests deeper than maxNesting or holds a number longer than
// maxDigits.
func checkHCLNesting(data []byte, template bool, start hcl.Pos) *nestingError {
	s := &scanner{data: data, line: max(start.Line, 1), col: max(start.Column, 1)}
	stack := []hclFrame{{kind: '{'}} // the file's body
	if template {
		stack[0].kind = 't'
	}
	depth := 0 // sum of q and dirs over the stack, plus len(stack)-1
	unary, digits := 0, 0
	push := func(kind byte) *nestingError {
		stack = append(stack, hclFrame{kind: kind})
		depth++
		if depth+unary > maxNesting {
			return s.errorf("nested deeper than %d levels", maxNesting)
		}
		return nil
	}
	pop := func() {
		top := &stack[len(stack)-1]
		depth -= 1 + top.q + top.dirs
		stack = stack[:len(stack)-1]
	}
	for s.i < len(data) {
		top := &stack[len(stack)-1]
		c := data[s.i]
		if top.template() {
			switch {
			case top.kind == '"' && c == '"':
				pop()
			case top.kind == '"' && c == '\\':
				s.advance()
				if s.i >= len(data) {
					return nil
				}
			case (c == '$' || c == '%') && s.peek(1) == c && s.peek(2) == '{':
				s.advance()
				s.advance() // an escaped $${ or %%{ is literal text
			case (c == '$' || c == '%') && s.peek(1) == '{':
				if c == '%' {
					switch directiveKeyword(data[s.i+2:]) {
					case "if", "for":
						top.dirs++
						depth++
					case "endif", "endfor":
						if top.dirs > 0 {
							top.dirs--
							depth--
						}
					}
				}
				s.advance()
				if err := push('i'); err != nil {
					return err
				}
			case c == '\n' && top.kind == 'h':
				s.advance()
				if end := heredocEnd(data[s.i:], top.marker); end > 0 {
					for range end {
						s.advance()
					}
					pop()
				}
				continue
			}
			s.advance()
			continue
		}
		// Code: a body or an expression.
		switch {
		case c == '#' || (c == '/' && s.peek(1) == '/'):
			for s.i < len(data) && data[s.i] != '\n' {
				s.advance()
			}
			continue
		case c == '/' && s.peek(1) == '*':
			s.advance()
			s.advance()
			for s.i < len(data) && !(data[s.i] == '*' && s.peek(1) == '/') {
				s.advance()
			}
			if s.i < len(data) {
				s.advance()
				s.advance()
			}
			continue
		}
		if c >= '0' && c <= '9' {
			if digits++; digits > maxDigits {
				return s.errorf("a number longer than %d digits", maxDigits)
			}
		} else {
			digits = 0
		}
		switch c {
		case ' ', '\t', '\r':
		case '-', '!':
			unary++
			if depth+unary > maxNesting {
				return s.errorf("more than %d unary operators in a row", maxNesting)
			}
		default:
			unary = 0
		}
		switch c {
		case '\n':
			if top.kind == '{' {
				depth -= top.q
				top.q = 0
			}
		case ',':
			depth -= top.q
			top.q = 0
		case '?':
			top.q++
			if depth++; depth+unary > maxNesting {
				return s.errorf("more than %d nested conditional expressions", maxNesting)
			}
		case '"':
			if err := push('"'); err != nil {
				return err
			}
		case '(', '[', '{':
			if err := push(c); err != nil {
				return err
			}
		case ')', ']', '}':
			if len(stack) > 1 {
				pop()
			}
		case '<':
			if marker, n := heredocStart(data[s.i:]); n > 0 {
				for range n {
					s.advance()
				}
				if err := push('h'); err != nil {
					return err
				}
				stack[len(stack)-1].marker = marker
				if end := heredocEnd(data[s.i:], marker); end > 0 {
					for range end {
						s.advance()
					}
					pop()
				}
				continue
			}
		}
		s.advance()
	}
	return nil
}

// directiveKeyword is the keyword after "%{" (and an optional "~").
func directiveKeyword(rest []byte) string {
	i := 0
	for i < len(rest) && (rest[i] == '~' || rest[i] == ' ' || rest[i] == '\t') {
		i++
	}
	j := i
	for j < len(rest) && (rest[j] >= 'a' && rest[j] <= 'z') {
		j++
	}
	return string(rest[i:j])
}

// heredocStart recognises "<<EOT\n" or "<<-EOT\n" and returns the marker and
// the length up to and including the newline.
func heredocStart(b []byte) ([]byte, int) {
	i := 2
	if len(b) < 3 || b[1] != '<' {
		return nil, 0
	}
	if b[i] == '-' {
		i++
	}
	j := i
	for j < len(b) && (b[j] == '_' || b[j] == '-' || (b[j] >= 'a' && b[j] <= 'z') || (b[j] >= 'A' && b[j] <= 'Z') || (j > i && b[j] >= '0' && b[j] <= '9')) {
		j++
	}
	if j == i {
		return nil, 0
	}
	k := j
	if k < len(b) && b[k] == '\r' {
		k++
	}
	if k >= len(b) || b[k] != '\n' {
		return nil, 0
	}
	return b[i:j], k + 1
}

// heredocEnd returns the length of the line at the start of b when it is
// the heredoc's closing marker (spaces around it allowed), without its
// newline; 0 otherwise.
func heredocEnd(b, marker []byte) int {
	end := bytes.IndexByte(b, '\n')
	if end < 0 {
		end = len(b)
	}
	if bytes.Equal(bytes.TrimSpace(b[:end]), marker) {
		return end
	}
	return 0
}

// checkJSONNesting scans HCL's JSON syntax: nesting of arrays and objects,
// number lengths, and, when templates is set, every string as the template
// it is evaluated as (nesting, then the depth of its parsed expression).
func checkJSONNesting(data []byte, templates bool, filename string) *nestingError {
	s := &scanner{data: data, line: 1, col: 1}
	depth, digits := 0, 0
	for s.i < len(data) {
		c := data[s.i]
		if c >= '0' && c <= '9' {
			if digits++; digits > maxDigits {
				return s.errorf("a number longer than %d digits", maxDigits)
			}
		} else {
			digits = 0
		}
		switch c {
		case '[', '{':
			if depth++; depth > maxNesting {
				return s.errorf("nested deeper than %d levels", maxNesting)
			}
		case ']', '}':
			depth--
		case '"':
			line, col, from := s.line, s.col, s.i
			escaped := false
			s.advance()
			for s.i < len(data) && data[s.i] != '"' {
				if data[s.i] == '\\' {
					escaped = true
					s.advance()
					if s.i >= len(data) {
						break
					}
				}
				s.advance()
			}
			if s.i >= len(data) {
				return nil // unterminated: the parser reports it
			}
			if templates {
				raw := data[from+1 : s.i]
				if escaped {
					var str string
					if json.Unmarshal(data[from:s.i+1], &str) == nil {
						raw = []byte(str)
					}
				}
				if err := checkTemplate(raw, filename, hcl.Pos{Line: line, Column: col + 1}); err != nil {
					return err
				}
			}
		}
		s.advance()
	}
	return nil
}

// checkTemplate checks a JSON string that HCL evaluates as a template.
func checkTemplate(src []byte, filename string, start hcl.Pos) *nestingError {
	if !bytes.Contains(src, []byte("${")) && !bytes.Contains(src, []byte("%{")) {
		return nil
	}
	if err := checkHCLNesting(src, true, start); err != nil {
		return err
	}
	expr, diags := hclsyntax.ParseTemplate(src, filename, start)
	if diags.HasErrors() {
		return nil // reported where it is evaluated
	}
	if r, deep := tooDeep(expr, 0); deep {
		return &nestingError{Line: r.Start.Line, Col: r.Start.Column, Msg: fmt.Sprintf("an expression nested deeper than %d levels", maxExprDepth)}
	}
	return nil
}
