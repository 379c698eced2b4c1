package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The HCL parsers (native and JSON) recurse once per level of nesting, and
// the Go runtime ends the process, unrecoverably, when a goroutine's stack
// passes its limit: 100,000 nested parentheses do that. Every byte handed
// to them is therefore checked first, without recursion, and refused past
// these limits. Real configurations stay far below them.
//
// The check must see the structure exactly as the parser will (a quote
// the parser takes for text must not open a string here), so native syntax
// is split into tokens by HCL's own lexer, which does not recurse, and the
// JSON scanner below follows hcl/json's token by token.
const (
	// maxNesting bounds brackets, strings, interpolations, template
	// directives, pending conditionals, chained splats and runs of unary
	// operators.
	maxNesting = 256
	// maxDigits bounds a number literal: parsing one costs time quadratic
	// in its length.
	maxDigits = 1000
	// maxExprDepth bounds the depth of a parsed expression: chains of
	// binary operators parse flat but evaluate recursively.
	maxExprDepth = 512
	// maxTokens bounds the tokens of one file: HCL holds them all, about
	// a hundred bytes each.
	maxTokens = 1 << 20
)

// nestingError is a file (or template) refused before parsing, with the
// position where a limit was crossed.
type nestingError struct {
	Line, Col int
	Msg       string
}

func (e *nestingError) Error() string { return e.Msg }

// hclSource is what a native syntax text is.
type hclSource int

const (
	hclConfig     hclSource = iota // a file
	hclExpression                  // a -var value
	hclTemplate                    // a JSON string evaluated as a template
)

// hclFrame is one open construct the parser recurses into.
type hclFrame struct {
	open hclsyntax.TokenType
	q    int    // conditionals and splats pending at this level
	dirs []byte // open %{if} ('i') and %{for} ('f') directives, in a template
}

// checkHCLNesting checks native syntax for nesting deeper than maxNesting,
// number literals longer than maxDigits and more than maxTokens tokens.
func checkHCLNesting(data []byte, kind hclSource, filename string, start hcl.Pos) *nestingError {
	if shallow(data) || kind == hclConfig && shallowConfig(data) {
		return nil
	}
	return checkHCLTokens(data, kind, filename, start)
}

// checkHCLTokens is checkHCLNesting on the tokens of HCL's own lexer.
func checkHCLTokens(data []byte, kind hclSource, filename string, start hcl.Pos) *nestingError {
	if n, at := countTokens(data); n > maxTokens {
		return &nestingError{Line: at.Line, Col: at.Column, Msg: fmt.Sprintf("more than %d tokens", maxTokens)}
	}
	var toks hclsyntax.Tokens
	switch kind {
	case hclConfig:
		toks, _ = hclsyntax.LexConfig(data, filename, start)
	case hclExpression:
		toks, _ = hclsyntax.LexExpression(data, filename, start)
	default:
		toks, _ = hclsyntax.LexTemplate(data, filename, start)
	}
	stack := []hclFrame{{open: hclsyntax.TokenOBrace}} // the body, or the template
	if kind == hclTemplate {
		stack[0].open = hclsyntax.TokenOQuote
	}
	depth, unary := 0, 0 // depth: len(stack)-1 plus every q and dirs
	errorf := func(tok hclsyntax.Token, format string, args ...any) *nestingError {
		return &nestingError{Line: tok.Range.Start.Line, Col: tok.Range.Start.Column, Msg: fmt.Sprintf(format, args...)}
	}
	for i, tok := range toks {
		top := &stack[len(stack)-1]
		if tok.Type == hclsyntax.TokenMinus || tok.Type == hclsyntax.TokenBang {
			unary++
		} else if tok.Type != hclsyntax.TokenComment {
			unary = 0
		}
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			if tok.Type == hclsyntax.TokenTemplateControl && i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenIdent {
				// Only a matching end closes a directive: HCL's template
				// parser may still be inside one after a mismatched end.
				switch kw := string(toks[i+1].Bytes); kw {
				case "if", "for":
					top.dirs = append(top.dirs, kw[0])
					depth++
				case "endif", "endfor":
					if n := len(top.dirs); n > 0 && top.dirs[n-1] == kw[3] {
						top.dirs = top.dirs[:n-1]
						depth--
					}
				}
			}
			stack = append(stack, hclFrame{open: tok.Type})
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			if len(stack) > 1 {
				depth -= 1 + top.q + len(top.dirs)
				stack = stack[:len(stack)-1]
			}
		case hclsyntax.TokenQuestion:
			top.q++
			depth++
		case hclsyntax.TokenStar:
			// A full splat "[*]": the parser reads the rest of the
			// traversal one level deeper, for each splat in the chain.
			if i > 0 && toks[i-1].Type == hclsyntax.TokenOBrack && i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenCBrack && len(stack) > 1 {
				below := &stack[len(stack)-2]
				below.q++
				depth++
			}
		case hclsyntax.TokenComma:
			depth -= top.q
			top.q = 0
		case hclsyntax.TokenNewline:
			if top.open == hclsyntax.TokenOBrace {
				depth -= top.q
				top.q = 0
			}
		case hclsyntax.TokenNumberLit:
			if len(tok.Bytes) > maxDigits {
				return errorf(tok, "a number longer than %d digits", maxDigits)
			}
		}
		if depth+unary > maxNesting {
			switch {
			case unary > 0 && tok.Type != hclsyntax.TokenQuestion:
				return errorf(tok, "more than %d nested levels with unary operators in a row", maxNesting)
			case tok.Type == hclsyntax.TokenQuestion:
				return errorf(tok, "more than %d nested levels with conditional expressions", maxNesting)
			}
			return errorf(tok, "nested deeper than %d levels", maxNesting)
		}
	}
	return nil
}

// shallow reports, without lexing, text that cannot cross the limits:
// fewer bytes that may open a level (a bracket, a quote, a heredoc, an
// interpolation or directive, a conditional, a splat, a unary operator) than
// maxNesting, and no run of number characters longer than maxDigits.
func shallow(data []byte) bool {
	if len(data) > maxTokens {
		return false
	}
	openers, run := 0, 0
	for _, c := range data {
		switch c {
		case '(', '[', '{', '"', '<', '?', '!', '%', '-':
			openers++
		}
		if c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E' || (c >= '0' && c <= '9') {
			if run++; run > maxDigits {
				return false
			}
		} else {
			run = 0
		}
	}
	return openers <= maxNesting
}

// countTokens bounds from above the tokens HCL's lexer makes of data: a run
// of identifier or number characters is one token, any other character
// outside spaces may be one. It stops counting past maxTokens, at at.
func countTokens(data []byte) (n int, at hcl.Pos) {
	word := false
	line, lineStart := 1, 0
	for i, c := range data {
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
			n++
			word = false
		case c == ' ' || c == '\t' || c == '\r':
			word = false
		case c == '_' || c == '-' || c == '.' || c >= 0x80 || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z'):
			if !word {
				n++
			}
			word = true
		default:
			n++
			word = false
		}
		if n > maxTokens {
			return n, hcl.Pos{Line: line, Column: i - lineStart + 1}
		}
	}
	return n, hcl.Pos{}
}

// checkJSONNesting checks HCL's JSON syntax: nesting of arrays and objects,
// number lengths, and, when templates is set, every string as the template
// HCL evaluates it as (nesting, then the depth of its parsed expression).
// Strings end where hcl/json's scanner ends them: at an unescaped quote or
// a control character, stepping over whole grapheme clusters (a cluster
// may hold a quote).
func checkJSONNesting(data []byte, templates bool, filename string) *nestingError {
	line, lineStart, depth := 1, 0, 0
	errorf := func(at int, format string, args ...any) *nestingError {
		return &nestingError{Line: line, Col: at - lineStart + 1, Msg: fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
			i++
		case c == '[' || c == '{':
			if depth++; depth > maxNesting {
				return errorf(i, "nested deeper than %d levels", maxNesting)
			}
			i++
		case c == ']' || c == '}':
			depth--
			i++
		case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
			j := i
			for j < len(data) && (data[j] == '-' || data[j] == '+' || data[j] == '.' || data[j] == 'e' || data[j] == 'E' || (data[j] >= '0' && data[j] <= '9')) {
				j++
			}
			if j-i > maxDigits {
				return errorf(i, "a number longer than %d digits", maxDigits)
			}
			i = j
		case c == '"':
			from, col := i, i-lineStart+1
			i++
			escaping := false
		str:
			for i < len(data) {
				switch b := data[i]; {
				case b == '\\':
					escaping = !escaping
					i++
				case b == '"':
					i++
					if !escaping {
						break str
					}
					escaping = false
				case b < 32:
					break str
				default:
					adv, _, _ := textseg.ScanGraphemeClusters(data[i:], true)
					i += max(adv, 1)
					escaping = false
				}
			}
			if templates {
				var s string
				if json.Unmarshal(data[from:i], &s) == nil {
					if err := checkTemplate([]byte(s), filename, hcl.Pos{Line: line, Column: col + 1}); err != nil {
						return err
					}
				}
			}
		default:
			i++
		}
	}
	return nil
}

// checkTemplate checks a JSON string that HCL evaluates as a template.
func checkTemplate(src []byte, filename string, start hcl.Pos) *nestingError {
	if !bytes.Contains(src, []byte("${")) && !bytes.Contains(src, []byte("%{")) {
		return nil // literal text: the template parser does not recurse
	}
	if err := checkHCLNesting(src, hclTemplate, filename, start); err != nil {
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
