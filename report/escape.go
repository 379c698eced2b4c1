package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text that comes from the scanned repository (file names, messages that
// quote values, a user policy's msg and pos.file, its rule names) is printed
// in logs that CI runners interpret: GitHub Actions runs a line that starts
// with "::" (after leading spaces) as a workflow command, and a line holding
// "##[" anywhere as a legacy one; a terminal obeys escape sequences. Every
// human-readable output goes through Escape (one value inside a line) or
// SafeLines (text of several lines), which make such text inert and visible.

// Escape returns s fit to print inside one line: control characters
// (C0 including newline, carriage return, tab and ESC; DEL; C1), Unicode
// line and paragraph separators, bidirectional overrides and invalid UTF-8
// are written as \n, \r, \t, \xNN or \uNNNN; "##[" becomes \x23#[. Plain
// text is returned unchanged.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == '#' && strings.HasPrefix(s[i:], "##["):
			b.WriteString(`\x23`)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	if strings.Contains(s, "##[") {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			// Non-ASCII text is common and harmless; look closer.
			if c < 0x80 {
				return true
			}
			return !utf8.ValidString(s) || strings.IndexFunc(s, unsafeRune) >= 0
		}
	}
	return false
}

// unsafeRune reports the non-ASCII runes Escape writes as \uNNNN: C1
// controls, line and paragraph separators, and the bidirectional formatting
// characters that reorder what a reader sees.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// SafeLine makes one line of output inert: Escape, then, when the line would
// start with "::" once leading white space is dropped (as GitHub's runner
// reads it), the first colon is written \x3a.
func SafeLine(line string) string {
	return guardStart(Escape(line))
}

// guardStart is SafeLine's second half, for a line already escaped.
func guardStart(line string) string {
	rest := strings.TrimLeftFunc(line, unicode.IsSpace)
	if strings.HasPrefix(rest, "::") {
		i := len(line) - len(rest)
		line = line[:i] + `\x3a` + line[i+1:]
	}
	return line
}

// SafeLines is SafeLine for each line of s (split at \n); the line breaks
// are kept, so a message of several lines stays several lines.
func SafeLines(s string) string {
	if !strings.Contains(s, "\n") {
		return SafeLine(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = SafeLine(l)
	}
	return strings.Join(lines, "\n")
}
