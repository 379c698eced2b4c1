// Package syntax parses Bicep source into a syntax tree with positions. It
// covers the language as real AKS modules use it: declarations (targetScope,
// param with decorators, var, resource with nested resources and existing,
// module, output, type, func, import, using), expressions (string
// interpolation and multi-line strings, objects and arrays written one item
// per line, for and if, ternaries, ?? and .? access, lambdas, calls,
// property access and indexing, spreads, #disable pragmas). A construct it
// does not understand is skipped to the end of its statement and recorded,
// never a crash.
//
// It is the foundation of native Bicep support (issue 9); scanning still
// reads .bicep through the compiled template (package bicep).
package syntax

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a 1-based line and column.
type Pos struct{ Line, Col int }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

type tokKind int

const (
	tEOF tokKind = iota
	tNewline
	tIdent
	tNumber
	tString // a string without interpolation; text holds its value
	tInterp // a string with interpolation; parts holds it
	tPunct
	tError
)

type token struct {
	kind  tokKind
	text  string
	parts []any // string or []token (an interpolated expression's tokens)
	pos   Pos
}

type lexer struct {
	src  []rune
	off  int
	line int
	col  int
	err  *Error
	// nest counts the strings being lexed inside ${…} of other strings.
	nest int
}

// Error is a syntax error at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func (l *lexer) peek(n int) rune {
	if l.off+n >= len(l.src) {
		return 0
	}
	return l.src[l.off+n]
}

func (l *lexer) next() rune {
	r := l.src[l.off]
	l.off++
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

func (l *lexer) fail(p Pos, format string, args ...any) token {
	if l.err == nil {
		l.err = &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
	}
	return token{kind: tError, pos: p}
}

// tokens lexes the whole source.
func tokenize(src string) ([]token, *Error) {
	if !utf8.ValidString(src) {
		return nil, &Error{Pos: Pos{1, 1}, Msg: "file is not valid UTF-8"}
	}
	l := &lexer{src: []rune(src), line: 1, col: 1}
	var out []token
	for {
		t := l.token()
		if t.kind == tError {
			return nil, l.err
		}
		if t.kind == tNewline && len(out) > 0 && out[len(out)-1].kind == tNewline {
			// A run of line ends (blank and comment lines) is one: the
			// parser looks past line ends, and must not do so once per
			// nested expression over the same run.
			continue
		}
		out = append(out, t)
		if t.kind == tEOF {
			return out, nil
		}
	}
}

func (l *lexer) skipSpace() {
	for l.off < len(l.src) {
		switch r := l.peek(0); {
		case r == ' ' || r == '\t' || r == '\r':
			l.next()
		case r == '/' && l.peek(1) == '/', r == '#' && unicode.IsLetter(l.peek(1)):
			// Comments and #disable-next-line / #disable-diagnostics
			// pragmas run to the end of the line.
			for l.off < len(l.src) && l.peek(0) != '\n' {
				l.next()
			}
		case r == '/' && l.peek(1) == '*':
			l.next()
			l.next()
			for l.off < len(l.src) && !(l.peek(0) == '*' && l.peek(1) == '/') {
				l.next()
			}
			if l.off < len(l.src) {
				l.next()
				l.next()
			}
		default:
			return
		}
	}
}

func (l *lexer) token() token {
	l.skipSpace()
	p := Pos{l.line, l.col}
	if l.off >= len(l.src) {
		return token{kind: tEOF, pos: p}
	}
	r := l.peek(0)
	switch {
	case r == '\n':
		l.next()
		return token{kind: tNewline, pos: p}
	case r == '\'':
		return l.str(p)
	case unicode.IsDigit(r):
		start := l.off
		for l.off < len(l.src) && (unicode.IsDigit(l.peek(0)) || l.peek(0) == '.' && unicode.IsDigit(l.peek(1))) {
			l.next()
		}
		return token{kind: tNumber, text: string(l.src[start:l.off]), pos: p}
	case r == '_' || unicode.IsLetter(r):
		start := l.off
		for l.off < len(l.src) && (l.peek(0) == '_' || unicode.IsLetter(l.peek(0)) || unicode.IsDigit(l.peek(0))) {
			l.next()
		}
		return token{kind: tIdent, text: string(l.src[start:l.off]), pos: p}
	}
	if r == '.' && l.peek(1) == '.' && l.peek(2) == '.' {
		l.next()
		l.next()
		l.next()
		return token{kind: tPunct, text: "...", pos: p}
	}
	for _, op := range []string{"=>", "==", "!=", "<=", ">=", "&&", "||", "??", ".?", "::", "=~", "!~"} {
		if l.peek(0) == rune(op[0]) && l.peek(1) == rune(op[1]) {
			l.next()
			l.next()
			return token{kind: tPunct, text: op, pos: p}
		}
	}
	l.next()
	return token{kind: tPunct, text: string(r), pos: p}
}

// str lexes '…' (with ${…} interpolation and \ escapes) and ”'…”'.
func (l *lexer) str(p Pos) token {
	if l.peek(1) == '\'' && l.peek(2) == '\'' {
		l.next()
		l.next()
		l.next()
		start := l.off
		for l.off < len(l.src) {
			if l.peek(0) == '\'' && l.peek(1) == '\'' && l.peek(2) == '\'' {
				s := string(l.src[start:l.off])
				l.next()
				l.next()
				l.next()
				s = strings.TrimPrefix(strings.TrimPrefix(s, "\r"), "\n")
				return token{kind: tString, text: s, pos: p}
			}
			l.next()
		}
		return l.fail(p, "unterminated ''' string")
	}
	l.next()
	var parts []any
	var b strings.Builder
	for {
		if l.off >= len(l.src) || l.peek(0) == '\n' {
			return l.fail(p, "unterminated string")
		}
		r := l.next()
		switch {
		case r == '\'':
			if len(parts) == 0 {
				return token{kind: tString, text: b.String(), pos: p}
			}
			if b.Len() > 0 {
				parts = append(parts, b.String())
			}
			return token{kind: tInterp, parts: parts, pos: p}
		case r == '\\' && l.off < len(l.src):
			switch e := l.next(); e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				// \u{XXXX}
				if l.peek(0) == '{' {
					l.next()
					var hex strings.Builder
					for l.off < len(l.src) && l.peek(0) != '}' && hex.Len() < 8 {
						hex.WriteRune(l.next())
					}
					if l.off < len(l.src) {
						l.next()
					}
					var v rune
					if _, err := fmt.Sscanf(hex.String(), "%x", &v); err == nil {
						b.WriteRune(v)
					}
				}
			default:
				b.WriteRune(e) // \' \\ \$
			}
		case r == '$' && l.peek(0) == '{':
			if l.nest >= maxDepth {
				return l.fail(Pos{l.line, l.col - 1}, "strings interpolated deeper than %d levels", maxDepth)
			}
			l.next()
			if b.Len() > 0 {
				parts = append(parts, b.String())
				b.Reset()
			}
			l.nest++
			inner, bad := l.interpolation(p)
			l.nest--
			if bad.kind == tError {
				return bad
			}
			parts = append(parts, inner)
		default:
			b.WriteRune(r)
		}
	}
}

// interpolation lexes the tokens of ${…} up to its closing brace.
func (l *lexer) interpolation(p Pos) ([]token, token) {
	var inner []token
	depth := 0
	for {
		t := l.token()
		switch {
		case t.kind == tError:
			return nil, t
		case t.kind == tEOF:
			return nil, l.fail(p, "unterminated ${ in string")
		case t.kind == tPunct && t.text == "{":
			depth++
		case t.kind == tPunct && t.text == "}":
			if depth == 0 {
				return append(inner, token{kind: tEOF, pos: t.pos}), token{}
			}
			depth--
		}
		inner = append(inner, t)
	}
}
