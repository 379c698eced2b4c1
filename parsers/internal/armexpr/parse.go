// Package armexpr parses and evaluates Azure Resource Manager template
// expressions ("[concat('a', parameters('b'))]") offline. Values are plain Go
// values: string, int64, float64, bool, nil, []any and map[string]any. A value
// that cannot be known without Azure (reference(), resourceGroup().location
// unless configured, an unsupported function) is Unknown, and Unknown
// propagates through every function and operator.
//
// Templates are untrusted input: evaluation is bounded by a Budget shared by
// every evaluator of one file (sizes of strings and values, calls, work, the
// nesting of calls, the scan's context; see Limits). A value past a limit is
// Unknown, and the limit reached is a LimitError the caller reports.
package armexpr

import (
	"fmt"
	"strconv"
	"strings"
)

// IsExpression reports whether a JSON string value is an ARM expression:
// it starts with '[' and ends with ']' and does not start with the "[[" escape.
func IsExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && !strings.HasPrefix(s, "[[")
}

// Unescape returns the literal string a non-expression JSON string stands
// for: "[[x]" means "[x]".
func Unescape(s string) string {
	if strings.HasPrefix(s, "[[") {
		return s[1:]
	}
	return s
}

// Expr is a parsed expression.
type Expr interface{ exprNode() }

type (
	// Lit is a string, integer, float or boolean literal.
	Lit struct{ V any }
	// Call is a function call; Ns is the namespace of a user-defined function.
	Call struct {
		Ns, Name string
		Args     []Expr
	}
	// Prop is property access x.name.
	Prop struct {
		X    Expr
		Name string
	}
	// Index is x[i].
	Index struct{ X, I Expr }
)

func (Lit) exprNode()   {}
func (Call) exprNode()  {}
func (Prop) exprNode()  {}
func (Index) exprNode() {}

// MaxDepth bounds nesting of calls and indexes in one expression.
const MaxDepth = 256

// Parse parses the text of an expression string including its brackets.
func Parse(s string) (Expr, error) {
	if !IsExpression(s) {
		return nil, fmt.Errorf("not an expression: %q", s)
	}
	p := &exprParser{src: s[1 : len(s)-1]}
	p.next()
	e, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errorf("unexpected %q", p.tok.text)
	}
	return e, nil
}

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tPunct
	tError
)

type token struct {
	kind tokKind
	text string
	pos  int
}

type exprParser struct {
	src string
	off int
	tok token
}

func (p *exprParser) errorf(format string, args ...any) error {
	return fmt.Errorf("expression column %d: %s", p.tok.pos+2, fmt.Sprintf(format, args...))
}

func (p *exprParser) next() {
	for p.off < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.off]) >= 0 {
		p.off++
	}
	start := p.off
	if p.off >= len(p.src) {
		p.tok = token{kind: tEOF, pos: start}
		return
	}
	c := p.src[p.off]
	switch {
	case c == '\'':
		var b strings.Builder
		p.off++
		for {
			if p.off >= len(p.src) {
				p.tok = token{kind: tError, text: "unterminated string", pos: start}
				return
			}
			if p.src[p.off] == '\'' {
				if p.off+1 < len(p.src) && p.src[p.off+1] == '\'' {
					b.WriteByte('\'')
					p.off += 2
					continue
				}
				p.off++
				break
			}
			b.WriteByte(p.src[p.off])
			p.off++
		}
		p.tok = token{kind: tString, text: b.String(), pos: start}
	case c >= '0' && c <= '9' || (c == '-' && p.off+1 < len(p.src) && p.src[p.off+1] >= '0' && p.src[p.off+1] <= '9'):
		p.off++
		for p.off < len(p.src) && (p.src[p.off] >= '0' && p.src[p.off] <= '9' || p.src[p.off] == '.') {
			p.off++
		}
		p.tok = token{kind: tNumber, text: p.src[start:p.off], pos: start}
	case c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		for p.off < len(p.src) {
			c := p.src[p.off]
			if c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				p.off++
				continue
			}
			break
		}
		p.tok = token{kind: tIdent, text: p.src[start:p.off], pos: start}
	default:
		p.off++
		p.tok = token{kind: tPunct, text: string(c), pos: start}
	}
}

func (p *exprParser) expect(punct string) error {
	if p.tok.kind != tPunct || p.tok.text != punct {
		if p.tok.kind == tEOF {
			return p.errorf("expected %q, found end of expression", punct)
		}
		return p.errorf("expected %q, found %q", punct, p.tok.text)
	}
	p.next()
	return nil
}

func (p *exprParser) expr(depth int) (Expr, error) {
	if depth > MaxDepth {
		return nil, p.errorf("expression nested deeper than %d levels", MaxDepth)
	}
	var e Expr
	switch p.tok.kind {
	case tString:
		e = Lit{V: p.tok.text}
		p.next()
	case tNumber:
		text := p.tok.text
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			e = Lit{V: i}
		} else if f, err := strconv.ParseFloat(text, 64); err == nil {
			e = Lit{V: f}
		} else {
			return nil, p.errorf("invalid number %q", text)
		}
		p.next()
	case tIdent:
		name := p.tok.text
		p.next()
		call := Call{Name: name}
		if p.tok.kind == tPunct && p.tok.text == "." { // user-defined function ns.fn(
			p.next()
			if p.tok.kind != tIdent {
				return nil, p.errorf("expected a function name after %q", name+".")
			}
			call.Ns, call.Name = name, p.tok.text
			p.next()
		}
		if err := p.expect("("); err != nil {
			return nil, err
		}
		for !(p.tok.kind == tPunct && p.tok.text == ")") {
			arg, err := p.expr(depth + 1)
			if err != nil {
				return nil, err
			}
			call.Args = append(call.Args, arg)
			if p.tok.kind == tPunct && p.tok.text == "," {
				p.next()
				continue
			}
			if !(p.tok.kind == tPunct && p.tok.text == ")") {
				if p.tok.kind == tEOF {
					return nil, p.errorf("expected ',' or ')', found end of expression")
				}
				return nil, p.errorf("expected ',' or ')', found %q", p.tok.text)
			}
		}
		p.next()
		e = call
	case tEOF:
		return nil, p.errorf("empty expression")
	case tError:
		return nil, p.errorf("%s", p.tok.text)
	default:
		return nil, p.errorf("unexpected %q", p.tok.text)
	}
	for p.tok.kind == tPunct {
		switch p.tok.text {
		case ".":
			p.next()
			if p.tok.kind != tIdent {
				return nil, p.errorf("expected a property name after '.'")
			}
			e = Prop{X: e, Name: p.tok.text}
			p.next()
		case "[":
			p.next()
			i, err := p.expr(depth + 1)
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			e = Index{X: e, I: i}
		default:
			return e, nil
		}
		if depth++; depth > MaxDepth {
			return nil, p.errorf("expression nested deeper than %d levels", MaxDepth)
		}
	}
	return e, nil
}
