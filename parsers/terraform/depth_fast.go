package terraform

import (
	"bytes"
	"unicode/utf8"
)

// Lexing a file to check its nesting (checkHCLNesting) costs about as much
// as HCL's parse of it, for every .tf file with more than maxNesting bytes
// that may open a level. shallowConfig proves most of them within the
// limits first, in one pass over the bytes and without allocating for each
// token: it follows the modes of HCL's lexer (code, quoted string, heredoc,
// interpolation, comment) for the common part of the language, and gives
// up (false: lex the file) on anything else: code outside ASCII (strings
// and comments may hold any byte: a multi-byte character never holds an
// ASCII byte, and HCL's lexer stays in its mode over a broken one), a
// heredoc line that is not UTF-8, a
// template directive (%{), a closing bracket that does not match, a string
// broken by a newline, an unterminated comment. Where it follows the
// lexer, it counts at least what the token check counts: every bracket,
// quote, heredoc and interpolation open; every conditional pending until
// the same comma or newline ends it; every '*' as a splat of the level
// below; every '-' and '!' as a unary operator until a byte of another
// token. So a file it accepts passes the token check; any other file gets
// the token check, which places the error.

// fastFrame is one level open in shallowConfig.
type fastFrame struct {
	// open is the kind of level: 0 the body, '{' '[' '(' brackets, '$' an
	// interpolation (all code), '"' a quoted string, '<' a heredoc at the
	// start of a line, 'm' the same heredoc within a line (after an
	// interpolation, where no closing marker can start).
	open   byte
	q      int    // conditionals and splats pending at this level
	marker []byte // a heredoc's closing marker
}

// shallowConfig reports a file that certainly passes checkHCLNesting's
// token check as a configuration file (see above).
func shallowConfig(data []byte) bool {
	if len(data) > maxTokens { // more tokens than bytes is impossible
		return false
	}
	stack := make([]fastFrame, 1, 32)
	depth, unary, run := 0, 0, 0 // depth: len(stack)-1 plus every q
	push := func(open byte) {
		stack = append(stack, fastFrame{open: open})
		depth++
	}
	pop := func() {
		depth -= 1 + stack[len(stack)-1].q
		stack = stack[:len(stack)-1]
	}
	i := 0
	for i < len(data) {
		c := data[i]
		// A run of bytes that may belong to a number literal, in any
		// mode, as shallow counts it.
		if c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E' || (c >= '0' && c <= '9') {
			if run++; run > maxDigits {
				return false
			}
		} else {
			run = 0
		}
		top := &stack[len(stack)-1]
		switch top.open {
		case '"': // a quoted string
			switch {
			case c == '"':
				pop()
				i++
			case c == '\\':
				if i+1 >= len(data) || data[i+1] == '\n' || data[i+1] == '\r' {
					return false
				}
				i += 2
			case c == '\n' || c == '\r':
				return false
			case c == '$' || c == '%':
				n, ok := templateSequence(data, i)
				if !ok {
					return false
				}
				if n == 0 {
					push('$')
					i += 2
					if i < len(data) && data[i] == '~' {
						i++
					}
				} else {
					i += n
				}
			default:
				i++
			}
		case '<': // a heredoc, at the start of a line
			line := data[i:]
			if end := bytes.IndexByte(line, '\n'); end >= 0 {
				line = line[:end]
			}
			if r := bytes.IndexByte(line, '\r'); r >= 0 && r != len(line)-1 {
				return false // HCL's lexer stops at a lone carriage return in a heredoc
			}
			if !utf8.Valid(line) {
				// A byte that is not UTF-8 is a token of its own, after
				// which HCL's lexer is still at the start of the line:
				// the rest of it may be the closing marker.
				return false
			}
			if bytes.IndexByte(line, '$') < 0 && bytes.IndexByte(line, '%') < 0 && bytes.Equal(bytes.TrimSpace(line), top.marker) {
				// The closing marker, then a newline token in the
				// enclosing code (when the file does not end there).
				pop()
				i += len(line)
				continue
			}
			// Literal text and interpolations up to the end of the line;
			// an interpolation returns to the rest of this line (heredocMid).
			j, ok := heredocLine(data, i, &stack, &depth)
			if !ok {
				return false
			}
			i = j
		case 'm': // a heredoc after an interpolation, within a line
			j, ok := heredocLine(data, i, &stack, &depth)
			if !ok {
				return false
			}
			i = j
		default: // code: the body, a bracket or an interpolation
			if c >= 0x80 {
				return false // an identifier or an invalid token
			}
			if c == '-' || c == '!' {
				unary++
			} else if c != ' ' && c != '\t' && c != '#' && c != '/' {
				unary = 0
			}
			switch c {
			case ' ', '\t':
				i++
			case '\r':
				if i+1 < len(data) && data[i+1] == '\n' {
					i++ // the newline, below
				} else {
					return false
				}
				continue
			case '\n':
				if top.open == '{' || top.open == 0 {
					depth -= top.q
					top.q = 0
				}
				i++
			case '#':
				i = lineEnd(data, i)
			case '/':
				switch {
				case i+1 < len(data) && data[i+1] == '/':
					i = lineEnd(data, i)
				case i+1 < len(data) && data[i+1] == '*':
					end := bytes.Index(data[i+2:], []byte("*/"))
					if end < 0 {
						return false
					}
					i += 2 + end + 2
				default:
					unary = 0
					i++
				}
			case '{', '[', '(':
				push(c)
				i++
			case '}', ']', ')':
				if !closes(c, top.open) {
					return false
				}
				pop()
				i++
			case '~':
				if i+1 < len(data) && data[i+1] == '}' && top.open == '$' {
					pop()
					i += 2
					continue
				}
				return false
			case '"':
				push('"')
				i++
			case '<':
				if n, marker := heredocStart(data, i); n > 0 {
					push('<')
					stack[len(stack)-1].marker = marker
					i += n
					continue
				}
				i++
			case '?':
				top.q++
				depth++
				i++
			case '*':
				if len(stack) > 1 {
					stack[len(stack)-2].q++
					depth++
				}
				i++
			case ',':
				depth -= top.q
				top.q = 0
				i++
			default:
				if c < 0x20 || c == 0x7f {
					return false
				}
				i++
			}
		}
		if depth+unary > maxNesting {
			return false
		}
	}
	// A level opened by the last token (a heredoc introducer, which goes
	// on to its text without the check above) counts too.
	return depth+unary <= maxNesting
}

// closes reports whether the closing bracket c matches the level open: a
// brace closes an interpolation too.
func closes(c, open byte) bool {
	switch c {
	case '}':
		return open == '{' || open == '$'
	case ']':
		return open == '['
	}
	return open == '('
}

// templateSequence reads the '$' or '%' at data[i] of a template: 0 for an
// interpolation "${" (what follows is code), else the length of the
// literal it starts ("$${" and "%%{" are escapes, a lone '$' or '%' is
// text). ok is false for a template directive "%{", which shallowConfig
// leaves to the lexer.
func templateSequence(data []byte, i int) (n int, ok bool) {
	c := data[i]
	next := func(k int) byte {
		if i+k < len(data) {
			return data[i+k]
		}
		return 0
	}
	switch {
	case next(1) == '{':
		if c == '%' {
			return 0, false
		}
		return 0, true
	case next(1) == c && next(2) == '{':
		return 3, true
	}
	return 1, true
}

// heredocLine reads a heredoc's text from data[i] to the end of its line
// (included), or to an interpolation, which it opens. It returns where to
// go on. The heredoc's frame becomes 'm' within a line (where no closing
// marker can start) and '<' at the start of the next.
func heredocLine(data []byte, i int, stack *[]fastFrame, depth *int) (int, bool) {
	doc := &(*stack)[len(*stack)-1]
	for i < len(data) {
		switch c := data[i]; {
		case c == '\n':
			doc.open = '<'
			return i + 1, true
		case c == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				doc.open = '<'
				return i + 2, true
			}
			return 0, false
		case c == '$' || c == '%':
			n, ok := templateSequence(data, i)
			if !ok {
				return 0, false
			}
			if n > 0 {
				i += n
				continue
			}
			doc.open = 'm'
			*stack = append(*stack, fastFrame{open: '$'})
			*depth++
			i += 2
			if i < len(data) && data[i] == '~' {
				i++
			}
			return i, true
		default:
			i++
		}
	}
	return i, true
}

// heredocStart matches HCL's heredoc introducer at data[i]: "<<" or "<<-",
// an identifier, a newline. It returns its length and the marker, or 0.
func heredocStart(data []byte, i int) (int, []byte) {
	j := i + 2
	if j > len(data) || data[i+1] != '<' {
		return 0, nil
	}
	if j < len(data) && data[j] == '-' {
		j++
	}
	from := j
	for j < len(data) {
		c := data[j]
		if c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') || (j > from && (c == '-' || (c >= '0' && c <= '9'))) {
			j++
			continue
		}
		break
	}
	if j == from {
		return 0, nil
	}
	marker := data[from:j]
	if j < len(data) && data[j] == '\r' {
		j++
	}
	if j >= len(data) || data[j] != '\n' {
		return 0, nil
	}
	return j + 1 - i, marker
}

// lineEnd is where a comment starting at data[i] ends: after its newline,
// which belongs to the comment (no newline token follows).
func lineEnd(data []byte, i int) int {
	if end := bytes.IndexByte(data[i:], '\n'); end >= 0 {
		return i + end + 1
	}
	return len(data)
}
