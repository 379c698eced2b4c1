package syntax

import (
	"fmt"
	"slices"
)

// maxDepth bounds the nesting of the syntax tree: expressions, nested
// resource declarations, chains of operators, member accesses and indexes
// (each link of a.b.c or a + b + c is a level of the tree), and strings
// interpolated inside interpolations. Deeper input is refused with an
// error at the position where the limit is passed, so that neither the
// parser nor anything walking the tree afterwards (the translation, the
// source map) recurses without bound.
const maxDepth = 200

type parser struct {
	toks  []token
	i     int
	depth int
	file  *File
}

// Parse parses a .bicep or .bicepparam source. The error is for input that
// is not Bicep at all (a lexical error such as an unterminated string);
// statements it cannot parse are skipped and listed in File.Skipped.
func Parse(src string) (*File, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, file: &File{}}
	p.decls(&p.file.Decls, false)
	return p.file, nil
}

func (p *parser) tok() token { return p.toks[p.i] }
func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}
func (p *parser) is(text string) bool {
	t := p.tok()
	return (t.kind == tPunct || t.kind == tIdent) && t.text == text
}
func (p *parser) skipNewlines() {
	for p.tok().kind == tNewline {
		p.advance()
	}
}

type bail struct{ err Error }

func (p *parser) fail(format string, args ...any) {
	panic(bail{Error{Pos: p.tok().pos, Msg: fmt.Sprintf(format, args...)}})
}

func (p *parser) expect(text string) token {
	if !p.is(text) {
		p.fail("expected %q, found %s", text, describe(p.tok()))
	}
	return p.advance()
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tNewline:
		return "end of line"
	case tString, tInterp:
		return "a string"
	}
	return fmt.Sprintf("%q", t.text)
}

// decls parses declarations until EOF (or, nested, until a closing brace).
func (p *parser) decls(out *[]Decl, nested bool) {
	for {
		p.skipNewlines()
		if p.tok().kind == tEOF || (nested && p.is("}")) {
			return
		}
		start := p.i
		func() {
			defer func() {
				if r := recover(); r != nil {
					b, ok := r.(bail)
					if !ok {
						panic(r)
					}
					p.skipped(b.err)
					p.depth = 0
					p.i = start
					p.skipStatement()
					// Decorator lines before the failure belong to the
					// statement that failed: parsing them again from the
					// next line would fail again, once per decorator
					// (quadratic in the number of decorator lines).
					for p.skipNewlines(); p.is("@") && !after(p.tok().pos, b.err.Pos); p.skipNewlines() {
						p.skipStatement()
					}
				}
			}()
			if d, ok := p.decl(); ok {
				*out = append(*out, d)
			}
		}()
	}
}

// skipped records a statement the parser skipped; the same error twice in a
// row (a declaration failing again once its decorators are skipped) is
// recorded once.
func (p *parser) skipped(e Error) {
	if n := len(p.file.Skipped); n > 0 && p.file.Skipped[n-1] == e {
		return
	}
	p.file.Skipped = append(p.file.Skipped, e)
}

// after reports whether position a comes after b.
func after(a, b Pos) bool {
	return a.Line > b.Line || a.Line == b.Line && a.Col > b.Col
}

// enter counts one level of nesting of the syntax tree, and fails past
// maxDepth; leave(n) undoes n of them.
func (p *parser) enter() {
	if p.depth++; p.depth > maxDepth {
		p.fail("expression nested deeper than %d levels", maxDepth)
	}
}

func (p *parser) leave(n int) { p.depth -= n }

// skipStatement skips to the end of the statement: past a newline outside
// brackets.
func (p *parser) skipStatement() {
	p.skipUntil()
	if p.tok().kind == tNewline {
		p.advance()
	}
}

func (p *parser) decl() (Decl, bool) {
	var decorators []Decorator
	for p.is("@") {
		at := p.advance()
		name := p.ident()
		if p.is(".") { // @sys.description
			p.advance()
			name += "." + p.ident()
		}
		d := Decorator{P: at.pos, Name: name}
		if p.is("(") {
			d.Args = p.args()
		}
		decorators = append(decorators, d)
		p.skipNewlines()
	}
	t := p.tok()
	if t.kind != tIdent {
		p.fail("expected a declaration, found %s", describe(t))
	}
	d := Decl{P: t.pos, Kind: t.text, Decorators: decorators}
	p.advance()
	switch t.text {
	case "targetScope":
		p.expect("=")
		d.Value = p.expr()
	case "metadata", "var":
		d.Name = p.ident()
		p.expect("=")
		d.Value = p.expr()
	case "param":
		d.Name = p.ident()
		if p.is("=") { // .bicepparam: param x = value
			p.advance()
			d.Value = p.expr()
			break
		}
		p.skipUntil("=")
		// A type ending in ? (string?, poolType[]?) is nullable.
		if last := p.toks[max(p.i-1, 0)]; last.kind == tPunct && last.text == "?" {
			d.Nullable = true
		}
		if p.is("=") {
			p.advance()
			d.Value = p.expr()
		}
	case "output":
		d.Name = p.ident()
		p.skipUntil("=")
		p.expect("=")
		d.Value = p.expr()
	case "resource":
		d.Name = p.ident()
		d.Type = p.stringLit()
		if p.is("existing") {
			p.advance()
			d.Existing = true
		}
		p.expect("=")
		d.Value = p.body()
	case "module":
		d.Name = p.ident()
		d.Type = p.stringLit()
		p.expect("=")
		d.Value = p.body()
	case "func":
		// func name(a type, b type) type => body
		d.Name = p.ident()
		p.expect("(")
		for p.skipNewlines(); !p.is(")"); p.skipNewlines() {
			d.Params = append(d.Params, p.ident())
			p.skipUntil(",", ")")
			if p.is(",") {
				p.advance()
			}
		}
		p.advance()
		p.skipUntil("=>")
		p.expect("=>")
		p.skipNewlines()
		d.Value = p.expr()
	case "using":
		if p.tok().kind == tString {
			d.Type = p.stringLit()
		} else {
			d.Type = p.ident() // using none
		}
	default: // type, func, import, extension, assert, …: kept by name only
		p.i--
		p.skipStatement()
		return d, true
	}
	p.endStatement()
	return d, true
}

func (p *parser) endStatement() {
	if t := p.tok(); t.kind != tNewline && t.kind != tEOF && !(t.kind == tPunct && t.text == "}") {
		p.fail("unexpected %s after the declaration", describe(t))
	}
}

// skipUntil skips tokens up to one of stops outside brackets, or to the end
// of the line: a newline outside brackets. A stray closing bracket does not
// hide the end of the line.
func (p *parser) skipUntil(stops ...string) {
	depth := 0
	for t := p.tok(); t.kind != tEOF; t = p.tok() {
		if depth <= 0 && (t.kind == tNewline || t.kind == tPunct && slices.Contains(stops, t.text)) {
			return
		}
		switch {
		case t.kind == tPunct && (t.text == "{" || t.text == "[" || t.text == "("):
			depth++
		case t.kind == tPunct && (t.text == "}" || t.text == "]" || t.text == ")"):
			depth--
		}
		p.advance()
	}
}

func (p *parser) ident() string {
	t := p.tok()
	if t.kind != tIdent {
		p.fail("expected a name, found %s", describe(t))
	}
	p.advance()
	return t.text
}

func (p *parser) stringLit() string {
	t := p.tok()
	if t.kind != tString {
		p.fail("expected a string, found %s", describe(t))
	}
	p.advance()
	return t.text
}

// body is a resource or module value: an object, `if (c) {…}`, or a loop.
func (p *parser) body() Expr {
	if p.is("if") {
		at := p.advance()
		p.expect("(")
		cond := p.expr()
		p.expect(")")
		return &If{P: at.pos, Cond: cond, Body: p.object(true)}
	}
	if p.is("[") {
		return p.expr()
	}
	return p.object(true)
}

func (p *parser) args() []Expr {
	p.expect("(")
	var out []Expr
	for {
		p.skipNewlines()
		if p.is(")") {
			p.advance()
			return out
		}
		out = append(out, p.expr())
		p.skipNewlines()
		if p.is(",") {
			p.advance()
		}
	}
}

func (p *parser) expr() Expr {
	p.enter()
	defer p.leave(1)
	// Lambdas: x => e, (x, y) => e
	if p.tok().kind == tIdent && p.i+1 < len(p.toks) && p.toks[p.i+1].kind == tPunct && p.toks[p.i+1].text == "=>" {
		at := p.advance()
		p.advance()
		return &Lambda{P: at.pos, Params: []string{at.text}, Body: p.expr()}
	}
	if p.is("(") && p.lambdaAhead() {
		at := p.advance()
		var params []string
		for !p.is(")") {
			params = append(params, p.ident())
			if p.is(",") {
				p.advance()
			}
		}
		p.advance()
		p.expect("=>")
		return &Lambda{P: at.pos, Params: params, Body: p.expr()}
	}
	return p.ternary()
}

// lambdaAhead reports "(a, b) =>" at the cursor.
func (p *parser) lambdaAhead() bool {
	j := p.i + 1
	for j < len(p.toks) && (p.toks[j].kind == tIdent || p.toks[j].kind == tPunct && p.toks[j].text == ",") {
		j++
	}
	return j+1 < len(p.toks) && p.toks[j].text == ")" && p.toks[j+1].text == "=>"
}

// nextLineStarts reports whether, past newlines, the next token is text; a
// ternary may put its ? and : at the start of the following lines.
func (p *parser) nextLineStarts(text string) bool {
	j := p.i
	for j < len(p.toks) && p.toks[j].kind == tNewline {
		j++
	}
	return j < len(p.toks) && p.toks[j].kind == tPunct && p.toks[j].text == text
}

func (p *parser) ternary() Expr {
	cond := p.binary(0)
	if p.nextLineStarts("?") {
		p.skipNewlines()
		at := p.advance()
		p.skipNewlines()
		then := p.expr()
		p.skipNewlines()
		p.expect(":")
		p.skipNewlines()
		return &Ternary{P: at.pos, Cond: cond, Then: then, Else: p.expr()}
	}
	return cond
}

var precedence = [][]string{
	{"??"}, {"||"}, {"&&"}, {"==", "!=", "=~", "!~"}, {"<", "<=", ">", ">="}, {"+", "-"}, {"*", "/", "%"},
}

func (p *parser) binary(level int) Expr {
	if level == len(precedence) {
		return p.unary()
	}
	x := p.binary(level + 1)
	// Each operator of a chain (a + b + c) nests the tree one level deeper.
	links := 0
	defer func() { p.leave(links) }()
	for {
		t := p.tok()
		matched := false
		for _, op := range precedence[level] {
			if t.kind == tPunct && t.text == op {
				matched = true
			}
		}
		if !matched {
			return x
		}
		p.enter()
		links++
		p.advance()
		p.skipNewlines()
		x = &Binary{P: t.pos, Op: t.text, X: x, Y: p.binary(level + 1)}
	}
}

func (p *parser) unary() Expr {
	if p.is("!") || p.is("-") {
		p.enter()
		defer p.leave(1)
		t := p.advance()
		return &Unary{P: t.pos, Op: t.text, X: p.unary()}
	}
	return p.postfix(p.primary())
}

func (p *parser) postfix(x Expr) Expr {
	// Each link of a chain (a.b[0].c) nests the tree one level deeper.
	links := 0
	defer func() { p.leave(links) }()
	for {
		t := p.tok()
		if t.kind == tPunct && (t.text == "." || t.text == ".?" || t.text == "::" || t.text == "[") {
			p.enter()
			links++
		}
		switch {
		case t.kind == tPunct && (t.text == "." || t.text == ".?" || t.text == "::"):
			p.advance()
			name := p.ident()
			if p.is("(") { // ns.func(…)
				if id, ok := x.(*Ident); ok && t.text == "." {
					x = &Call{P: id.P, Ns: id.Name, Name: name, Args: p.args()}
					continue
				}
			}
			x = &Member{P: t.pos, X: x, Name: name, Safe: t.text == ".?"}
		case t.kind == tPunct && t.text == "[":
			p.advance()
			safe := false
			if p.is("?") {
				p.advance()
				safe = true
			}
			i := p.expr()
			p.expect("]")
			x = &Index{P: t.pos, X: x, I: i, Safe: safe}
		case t.kind == tPunct && t.text == "!": // non-null assertion
			p.advance()
		default:
			return x
		}
	}
}

func (p *parser) primary() Expr {
	t := p.tok()
	switch t.kind {
	case tString:
		p.advance()
		return &String{P: t.pos, Parts: []any{t.text}}
	case tInterp:
		p.advance()
		s := &String{P: t.pos}
		for _, part := range t.parts {
			switch part := part.(type) {
			case string:
				s.Parts = append(s.Parts, part)
			case []token:
				sub := &parser{toks: part, file: p.file, depth: p.depth}
				s.Parts = append(s.Parts, sub.expr())
				if sub.tok().kind != tEOF {
					sub.fail("unexpected %s in ${…}", describe(sub.tok()))
				}
			}
		}
		return s
	case tNumber:
		p.advance()
		return &Number{P: t.pos, Text: t.text}
	case tIdent:
		p.advance()
		switch t.text {
		case "true", "false":
			return &Bool{P: t.pos, V: t.text == "true"}
		case "null":
			return &Null{P: t.pos}
		}
		if p.is("(") {
			return &Call{P: t.pos, Name: t.text, Args: p.args()}
		}
		return &Ident{P: t.pos, Name: t.text}
	case tPunct:
		switch t.text {
		case "(":
			p.advance()
			p.skipNewlines()
			x := p.expr()
			p.skipNewlines()
			p.expect(")")
			return x
		case "{":
			return p.object(false)
		case "[":
			return p.array()
		}
	}
	p.fail("unexpected %s", describe(t))
	return nil
}

// object parses { key: value … }; in a resource body, nested resource
// declarations may appear among the properties.
func (p *parser) object(resourceBody bool) *Object {
	at := p.expect("{")
	o := &Object{P: at.pos}
	for {
		p.skipNewlines()
		if p.is("}") {
			p.advance()
			return o
		}
		if resourceBody && (p.is("resource") || p.is("@")) && p.i+1 < len(p.toks) && p.toks[p.i+1].kind != tPunct {
			p.enter()
			d, _ := p.decl()
			p.leave(1)
			o.Props = append(o.Props, Prop{Decl: d, KeyPos: d.P})
			continue
		}
		if p.is("...") {
			at := p.advance()
			o.Props = append(o.Props, Prop{Spread: true, KeyPos: at.pos, Value: p.expr()})
			continue
		}
		var key string
		var keyExpr Expr
		kt := p.tok()
		switch kt.kind {
		case tIdent:
			key = kt.text
		case tString:
			key = kt.text
		case tInterp:
			keyExpr = p.primary()
		default:
			p.fail("expected a property name, found %s", describe(kt))
		}
		if keyExpr == nil {
			p.advance()
		}
		p.expect(":")
		p.skipNewlines()
		o.Props = append(o.Props, Prop{Key: key, KeyExpr: keyExpr, KeyPos: kt.pos, Value: p.expr()})
		if p.is(",") {
			p.advance()
		}
	}
}

// array parses [ items … ] or [for … : body].
func (p *parser) array() Expr {
	at := p.expect("[")
	p.skipNewlines()
	if p.is("for") {
		p.advance()
		f := &For{P: at.pos}
		if p.is("(") {
			p.advance()
			f.Item = p.ident()
			p.expect(",")
			f.Index = p.ident()
			p.expect(")")
		} else {
			f.Item = p.ident()
		}
		p.expect("in")
		f.Over = p.expr()
		p.expect(":")
		p.skipNewlines()
		if p.is("if") {
			ifAt := p.advance()
			p.expect("(")
			cond := p.expr()
			p.expect(")")
			f.Body = &If{P: ifAt.pos, Cond: cond, Body: p.expr()}
		} else {
			f.Body = p.expr()
		}
		p.skipNewlines()
		p.expect("]")
		return f
	}
	a := &Array{P: at.pos}
	for {
		p.skipNewlines()
		if p.is("]") {
			p.advance()
			return a
		}
		if p.is("...") {
			at := p.advance()
			a.Items = append(a.Items, &Spread{P: at.pos, X: p.expr()})
			continue
		}
		a.Items = append(a.Items, p.expr())
		if p.is(",") {
			p.advance()
		}
	}
}
