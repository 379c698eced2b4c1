// Package jsonpos parses JSON into a tree that keeps the line and column of
// every value and object key. It accepts what Azure Resource Manager accepts on
// top of RFC 8259: // and /* */ comments. It enforces a nesting limit so that
// hostile input fails with an error instead of exhausting the stack.
package jsonpos

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is a JSON value's type.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// Node is one JSON value.
type Node struct {
	Kind Kind
	Line int // 1-based
	Col  int // 1-based, in runes
	Str  string
	Num  string // the number's literal text
	Bool bool
	Arr  []*Node
	Obj  []Member
}

// Member is one key/value pair of an object, in source order.
type Member struct {
	Key     string
	KeyLine int
	KeyCol  int
	Value   *Node
}

// Get returns the member value named key (exact match) or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := range n.Obj {
		if n.Obj[i].Key == key {
			return n.Obj[i].Value
		}
	}
	return nil
}

// GetFold returns the member value whose key equals key ignoring case, as ARM
// property names are matched.
func (n *Node) GetFold(key string) *Node {
	if m := n.MemberFold(key); m != nil {
		return m.Value
	}
	return nil
}

// MemberFold returns the member whose key equals key ignoring case.
func (n *Node) MemberFold(key string) *Member {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := range n.Obj {
		if strings.EqualFold(n.Obj[i].Key, key) {
			return &n.Obj[i]
		}
	}
	return nil
}

// SyntaxError is a parse failure at a position.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// DefaultMaxDepth bounds nesting of arrays and objects.
const DefaultMaxDepth = 512

// Parse parses one JSON document.
func Parse(data []byte) (*Node, error) { return ParseDepth(data, DefaultMaxDepth) }

// ParseDepth parses one JSON document with a nesting limit.
func ParseDepth(data []byte, maxDepth int) (n *Node, err error) {
	p := &parser{data: data, line: 1, col: 1, maxDepth: maxDepth}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.off = 3 // UTF-8 byte order mark
	}
	if !utf8.Valid(data) {
		return nil, &SyntaxError{Line: 1, Col: 1, Msg: "file is not valid UTF-8"}
	}
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	n, err = p.value(0)
	if err != nil {
		return nil, err
	}
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	if p.off < len(p.data) {
		return nil, p.errorf("unexpected %s after the top-level value", p.describe())
	}
	return n, nil
}

type parser struct {
	data      []byte
	off       int
	line, col int
	maxDepth  int
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Line: p.line, Col: p.col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) describe() string {
	if p.off >= len(p.data) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.data[p.off:])
	return strconv.QuoteRune(r)
}

// advance moves past n bytes that contain no newline.
func (p *parser) advance(n int) {
	p.col += utf8.RuneCount(p.data[p.off : p.off+n])
	p.off += n
}

func (p *parser) skipSpace() error {
	for p.off < len(p.data) {
		switch c := p.data[p.off]; c {
		case ' ', '\t', '\r':
			p.off++
			p.col++
		case '\n':
			p.off++
			p.line++
			p.col = 1
		case '/':
			if p.off+1 >= len(p.data) {
				return p.errorf("unexpected '/'")
			}
			switch p.data[p.off+1] {
			case '/':
				for p.off < len(p.data) && p.data[p.off] != '\n' {
					p.advance(1)
				}
			case '*':
				line, col := p.line, p.col
				p.advance(2)
				for {
					if p.off+1 >= len(p.data) {
						return &SyntaxError{Line: line, Col: col, Msg: "unterminated /* comment"}
					}
					if p.data[p.off] == '*' && p.data[p.off+1] == '/' {
						p.advance(2)
						break
					}
					if p.data[p.off] == '\n' {
						p.off++
						p.line++
						p.col = 1
					} else {
						_, size := utf8.DecodeRune(p.data[p.off:])
						p.advance(size)
					}
				}
			default:
				return p.errorf("unexpected '/'")
			}
		default:
			return nil
		}
	}
	return nil
}

func (p *parser) value(depth int) (*Node, error) {
	if p.off >= len(p.data) {
		return nil, p.errorf("unexpected end of file, expected a value")
	}
	n := &Node{Line: p.line, Col: p.col}
	switch c := p.data[p.off]; {
	case c == '{':
		if depth >= p.maxDepth {
			return nil, p.errorf("nesting deeper than %d levels", p.maxDepth)
		}
		n.Kind = Object
		return n, p.object(n, depth+1)
	case c == '[':
		if depth >= p.maxDepth {
			return nil, p.errorf("nesting deeper than %d levels", p.maxDepth)
		}
		n.Kind = Array
		return n, p.array(n, depth+1)
	case c == '"':
		s, err := p.str()
		n.Kind, n.Str = String, s
		return n, err
	case c == '-' || (c >= '0' && c <= '9'):
		n.Kind = Number
		s, err := p.number()
		n.Num = s
		return n, err
	case p.literal("true"):
		n.Kind, n.Bool = Bool, true
		return n, nil
	case p.literal("false"):
		n.Kind = Bool
		return n, nil
	case p.literal("null"):
		n.Kind = Null
		return n, nil
	}
	return nil, p.errorf("unexpected %s, expected a value", p.describe())
}

func (p *parser) literal(word string) bool {
	if strings.HasPrefix(string(p.data[p.off:min(len(p.data), p.off+len(word))]), word) {
		p.advance(len(word))
		return true
	}
	return false
}

func (p *parser) object(n *Node, depth int) error {
	p.advance(1) // {
	if err := p.skipSpace(); err != nil {
		return err
	}
	if p.off < len(p.data) && p.data[p.off] == '}' {
		p.advance(1)
		return nil
	}
	for {
		if p.off >= len(p.data) || p.data[p.off] != '"' {
			return p.errorf("unexpected %s, expected a string object key", p.describe())
		}
		m := Member{KeyLine: p.line, KeyCol: p.col}
		key, err := p.str()
		if err != nil {
			return err
		}
		m.Key = key
		if err := p.skipSpace(); err != nil {
			return err
		}
		if p.off >= len(p.data) || p.data[p.off] != ':' {
			return p.errorf("unexpected %s, expected ':' after object key", p.describe())
		}
		p.advance(1)
		if err := p.skipSpace(); err != nil {
			return err
		}
		if m.Value, err = p.value(depth); err != nil {
			return err
		}
		n.Obj = append(n.Obj, m)
		if err := p.skipSpace(); err != nil {
			return err
		}
		if p.off >= len(p.data) {
			return p.errorf("unexpected end of file, expected ',' or '}'")
		}
		switch p.data[p.off] {
		case ',':
			p.advance(1)
			if err := p.skipSpace(); err != nil {
				return err
			}
		case '}':
			p.advance(1)
			return nil
		default:
			return p.errorf("unexpected %s, expected ',' or '}'", p.describe())
		}
	}
}

func (p *parser) array(n *Node, depth int) error {
	p.advance(1) // [
	if err := p.skipSpace(); err != nil {
		return err
	}
	if p.off < len(p.data) && p.data[p.off] == ']' {
		p.advance(1)
		return nil
	}
	for {
		v, err := p.value(depth)
		if err != nil {
			return err
		}
		n.Arr = append(n.Arr, v)
		if err := p.skipSpace(); err != nil {
			return err
		}
		if p.off >= len(p.data) {
			return p.errorf("unexpected end of file, expected ',' or ']'")
		}
		switch p.data[p.off] {
		case ',':
			p.advance(1)
			if err := p.skipSpace(); err != nil {
				return err
			}
		case ']':
			p.advance(1)
			return nil
		default:
			return p.errorf("unexpected %s, expected ',' or ']'", p.describe())
		}
	}
}

func (p *parser) number() (string, error) {
	start := p.off
	i := p.off
	if p.data[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(p.data) && p.data[i] >= '0' && p.data[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(p.data) && p.data[i] == '0' {
		i++ // a leading zero stands alone
	} else if digits() == 0 {
		p.advance(i - start)
		return "", p.errorf("invalid number: expected a digit")
	}
	if i < len(p.data) && p.data[i] == '.' {
		i++
		if digits() == 0 {
			p.advance(i - start)
			return "", p.errorf("invalid number: expected a digit after '.'")
		}
	}
	if i < len(p.data) && (p.data[i] == 'e' || p.data[i] == 'E') {
		i++
		if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.advance(i - start)
			return "", p.errorf("invalid number: expected a digit in the exponent")
		}
	}
	s := string(p.data[start:i])
	p.advance(i - start)
	return s, nil
}

func (p *parser) str() (string, error) {
	line, col := p.line, p.col
	p.advance(1) // opening quote
	var b strings.Builder
	for {
		if p.off >= len(p.data) {
			return "", &SyntaxError{Line: line, Col: col, Msg: "unterminated string"}
		}
		c := p.data[p.off]
		switch {
		case c == '"':
			p.advance(1)
			return b.String(), nil
		case c == '\\':
			if p.off+1 >= len(p.data) {
				return "", &SyntaxError{Line: line, Col: col, Msg: "unterminated string"}
			}
			e := p.data[p.off+1]
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, n, err := p.unicodeEscape()
				if err != nil {
					return "", err
				}
				b.WriteRune(r)
				p.advance(n)
				continue
			default:
				return "", p.errorf("invalid escape '\\%c' in string", e)
			}
			p.advance(2)
		case c < 0x20:
			if c == '\n' {
				return "", &SyntaxError{Line: line, Col: col, Msg: "unterminated string (newline inside string)"}
			}
			return "", p.errorf("control character 0x%02x inside string", c)
		default:
			j := p.off
			for j < len(p.data) && p.data[j] != '"' && p.data[j] != '\\' && p.data[j] >= 0x20 {
				j++
			}
			b.Write(p.data[p.off:j])
			p.advance(j - p.off)
		}
	}
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at p.off and
// returns the rune and the number of bytes consumed.
func (p *parser) unicodeEscape() (rune, int, error) {
	hex := func(at int) (rune, bool) {
		if at+6 > len(p.data) || p.data[at] != '\\' || p.data[at+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(p.data[at+2:at+6]), 16, 32)
		return rune(v), err == nil
	}
	r, ok := hex(p.off)
	if !ok {
		return 0, 0, p.errorf("invalid \\u escape in string")
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex(p.off + 6); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12, nil
			}
		}
		return utf8.RuneError, 6, nil
	}
	return r, 6, nil
}

// Interface converts n to plain Go values (map[string]any, []any, string,
// float64 or json-style number text via json.Number semantics as float64,
// bool, nil). Duplicate keys keep the last value, as ARM does.
func (n *Node) Interface() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Bool:
		return n.Bool
	case Number:
		if i, err := strconv.ParseInt(n.Num, 10, 64); err == nil {
			return i
		}
		f, _ := strconv.ParseFloat(n.Num, 64)
		return f
	case String:
		return n.Str
	case Array:
		out := make([]any, len(n.Arr))
		for i, e := range n.Arr {
			out[i] = e.Interface()
		}
		return out
	case Object:
		out := make(map[string]any, len(n.Obj))
		for _, m := range n.Obj {
			out[m.Key] = m.Value.Interface()
		}
		return out
	}
	return nil
}
