package arm

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/arm/armexpr"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// paramSource is the values one parameter file gives: a deploymentParameters
// JSON file or a .bicepparam file.
type paramSource struct {
	name   string // base name, for messages
	values map[string]paramValue
}

type paramValue struct {
	name  string
	value any  // a plain value, or armexpr.Unknown
	ref   bool // a Key Vault reference: unknown offline
}

// readParamSource reads a parameter file of either kind.
func readParamSource(path string, opts *parsers.Options) (*paramSource, *parsers.Diagnostic) {
	data, err := opts.Read(path)
	if err != nil {
		d := parsers.Errorf(nodepool.Pos{File: path}, "cannot read parameter file: %v", err)
		return nil, &d
	}
	if strings.HasSuffix(strings.ToLower(path), ".bicepparam") {
		bp, err := parseBicepParamText(data)
		if err != nil {
			d := bicepParamDiag(path, err)
			return nil, &d
		}
		return bp.source(path), nil
	}
	root, err := jsonpos.Parse(data)
	if err != nil {
		d := syntaxDiag(path, err)
		return nil, &d
	}
	ps := root.GetFold("parameters")
	if ps == nil || ps.Kind != jsonpos.Object {
		d := parsers.Errorf(nodepool.Pos{File: path, Line: root.Line, Col: root.Col}, "parameter file has no \"parameters\" object")
		return nil, &d
	}
	src := &paramSource{name: filepath.Base(path), values: map[string]paramValue{}}
	for _, m := range ps.Obj {
		pv := paramValue{name: m.Key, value: armexpr.Unknown}
		if v := m.Value.GetFold("value"); v != nil {
			pv.value = v.Interface() // parameter files hold values, not expressions
		} else if m.Value.GetFold("reference") != nil {
			pv.ref = true
		}
		src.values[strings.ToLower(m.Key)] = pv
	}
	return src, nil
}

// applyParams gives the scope's parameters the values of src; parameters the
// template does not declare are ignored (ARM rejects them, but that is not a
// node-pool matter).
func (s *scope) applyParams(src *paramSource) {
	for key, v := range src.values {
		p := s.params[key]
		if p == nil {
			continue
		}
		p.fileName = src.name
		p.fileVal, p.fileHas, p.fileRef = v.value, !v.ref, v.ref
	}
}

// parseBicepParam reads a .bicepparam file: the template its `using` names
// (compiled to JSON beside the .bicep file) is evaluated with its values.
func parseBicepParam(in *parsers.Input) parsers.Result {
	var res parsers.Result
	bp, err := parseBicepParamText(in.Data)
	if err != nil {
		res.Diags = append(res.Diags, bicepParamDiag(in.Path, err))
		return res
	}
	if bp.using == "" || bp.using == "none" {
		return res
	}
	target := filepath.ToSlash(filepath.Join(filepath.Dir(in.Path), filepath.FromSlash(bp.using)))
	tmpl := compiledTemplate(target)
	usingPos := nodepool.Pos{File: in.Path, Line: bp.usingLine, Col: bp.usingCol}
	data, err := in.Options.Read(tmpl)
	if err != nil {
		res.Diags = append(res.Diags, parsers.Notef(usingPos,
			"skipped: the compiled template %s was not found (build %s with `bicep build` to check it with these parameters)", tmpl, filepath.Base(target)))
		return res
	}
	root, err := jsonpos.Parse(data)
	if err != nil {
		res.Diags = append(res.Diags, syntaxDiag(tmpl, err))
		return res
	}
	if root.GetFold("resources") == nil {
		return res
	}
	out := evaluate(tmpl, root, []paramSet{{files: []string{in.Path}, variant: filepath.Base(in.Path)}}, in.Options)
	out.Related = append(out.Related, tmpl)
	return out
}

func bicepParamDiag(path string, err error) parsers.Diagnostic {
	if se, ok := err.(*bicepParamError); ok {
		return parsers.Errorf(nodepool.Pos{File: path, Line: se.line, Col: se.col}, "invalid .bicepparam: %s", se.msg)
	}
	return parsers.Errorf(nodepool.Pos{File: path}, "invalid .bicepparam: %v", err)
}

// bicepParams is what a .bicepparam file says.
type bicepParams struct {
	using               string
	usingLine, usingCol int
	params              []paramValue
}

func (bp *bicepParams) source(path string) *paramSource {
	src := &paramSource{name: filepath.Base(path), values: map[string]paramValue{}}
	for _, p := range bp.params {
		src.values[strings.ToLower(p.name)] = p
	}
	return src
}

type bicepParamError struct {
	line, col int
	msg       string
}

func (e *bicepParamError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

// parseBicepParamText reads `using '…'` and `param name = value` statements.
// Literal values (strings without interpolation, numbers, booleans, null,
// arrays and objects of those) are known; any other expression is unknown.
func parseBicepParamText(data []byte) (*bicepParams, error) {
	l := &bpLexer{src: []rune(string(data)), line: 1, col: 1}
	bp := &bicepParams{}
	for {
		l.skipSpace(true)
		if l.eof() {
			return bp, nil
		}
		line, col := l.line, l.col
		word := l.ident()
		switch word {
		case "using":
			l.skipSpace(false)
			if l.peek() == '\'' {
				v, err := l.value(0)
				if err != nil {
					return nil, err
				}
				s, ok := v.(string)
				if !ok {
					return nil, l.errorf("using needs a literal path")
				}
				bp.using, bp.usingLine, bp.usingCol = s, line, col
			} else {
				bp.using = l.ident()
				bp.usingLine, bp.usingCol = line, col
			}
			l.skipRestOfStatement()
		case "param":
			l.skipSpace(false)
			name := l.ident()
			if name == "" {
				return nil, l.errorf("expected a parameter name")
			}
			l.skipSpace(false)
			if l.peek() != '=' {
				return nil, l.errorf("expected '=' after param %s", name)
			}
			l.next()
			l.skipSpace(false)
			v, err := l.value(0)
			if err != nil {
				return nil, err
			}
			bp.params = append(bp.params, paramValue{name: name, value: v})
			l.skipRestOfStatement()
		case "":
			if l.peek() == '@' { // a decorator line
				l.skipRestOfStatement()
				continue
			}
			return nil, l.errorf("unexpected %q", string(l.peek()))
		default:
			// var, import, type, func … : not parameter values.
			l.skipRestOfStatement()
		}
	}
}

type bpLexer struct {
	src       []rune
	off       int
	line, col int
}

func (l *bpLexer) eof() bool { return l.off >= len(l.src) }
func (l *bpLexer) peek() rune {
	if l.eof() {
		return 0
	}
	return l.src[l.off]
}
func (l *bpLexer) peekAt(n int) rune {
	if l.off+n >= len(l.src) {
		return 0
	}
	return l.src[l.off+n]
}

func (l *bpLexer) next() rune {
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

func (l *bpLexer) errorf(format string, args ...any) error {
	return &bicepParamError{line: l.line, col: l.col, msg: fmt.Sprintf(format, args...)}
}

// skipSpace skips blanks and comments; newlines too when nl is true.
func (l *bpLexer) skipSpace(nl bool) {
	for !l.eof() {
		switch r := l.peek(); {
		case r == ' ' || r == '\t' || r == '\r' || (nl && r == '\n'):
			l.next()
		case r == '/' && l.peekAt(1) == '/':
			for !l.eof() && l.peek() != '\n' {
				l.next()
			}
		case r == '/' && l.peekAt(1) == '*':
			l.next()
			l.next()
			for !l.eof() && !(l.peek() == '*' && l.peekAt(1) == '/') {
				l.next()
			}
			if !l.eof() {
				l.next()
				l.next()
			}
		default:
			return
		}
	}
}

func (l *bpLexer) ident() string {
	start := l.off
	for !l.eof() {
		r := l.peek()
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || (l.off > start && r >= '0' && r <= '9') {
			l.next()
			continue
		}
		break
	}
	return string(l.src[start:l.off])
}

// skipRestOfStatement skips to the end of the line, across brackets and
// strings that span lines.
func (l *bpLexer) skipRestOfStatement() {
	depth := 0
	for !l.eof() {
		switch r := l.peek(); r {
		case '\'':
			if _, err := l.str(); err != nil {
				return
			}
			continue
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '\n':
			if depth <= 0 {
				l.next()
				return
			}
		case '/':
			if l.peekAt(1) == '/' || l.peekAt(1) == '*' {
				l.skipSpace(false)
				continue
			}
		}
		l.next()
	}
}

const maxBicepParamDepth = 64

// value reads a literal, or returns Unknown after skipping an expression.
func (l *bpLexer) value(depth int) (any, error) {
	if depth > maxBicepParamDepth {
		return nil, l.errorf("values nested deeper than %d levels", maxBicepParamDepth)
	}
	switch r := l.peek(); {
	case r == '\'':
		return l.str()
	case r == '-' || r >= '0' && r <= '9':
		start := l.off
		l.next()
		for !l.eof() && l.peek() >= '0' && l.peek() <= '9' {
			l.next()
		}
		var n int64
		if _, err := fmt.Sscan(string(l.src[start:l.off]), &n); err != nil || l.peek() == '.' {
			return l.unknownRest()
		}
		return l.afterValue(n)
	case r == '[':
		l.next()
		out := []any{}
		for {
			l.skipSeparators()
			if l.eof() {
				return nil, l.errorf("unterminated array")
			}
			if l.peek() == ']' {
				l.next()
				return l.afterValue(out)
			}
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	case r == '{':
		l.next()
		out := map[string]any{}
		for {
			l.skipSeparators()
			if l.eof() {
				return nil, l.errorf("unterminated object")
			}
			if l.peek() == '}' {
				l.next()
				return l.afterValue(out)
			}
			var key string
			if l.peek() == '\'' {
				k, err := l.str()
				if err != nil {
					return nil, err
				}
				ks, ok := k.(string)
				if !ok {
					return nil, l.errorf("object keys must be literal")
				}
				key = ks
			} else if key = l.ident(); key == "" {
				return nil, l.errorf("expected an object key, found %q", string(l.peek()))
			}
			l.skipSpace(false)
			if l.peek() != ':' {
				return nil, l.errorf("expected ':' after key %s", key)
			}
			l.next()
			l.skipSpace(false)
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out[key] = v
		}
	}
	start := l.off
	word := l.ident()
	switch word {
	case "true":
		return l.afterValue(true)
	case "false":
		return l.afterValue(false)
	case "null":
		return l.afterValue(nil)
	}
	v, err := l.unknownRest()
	if err == nil && l.off == start {
		// Nothing was consumed (a stray closing bracket): stop here rather
		// than loop.
		return nil, l.errorf("unexpected %q", string(l.peek()))
	}
	return v, err
}

// afterValue makes a literal followed by an operator (`1 + x`, `a ? b : c`)
// unknown.
func (l *bpLexer) afterValue(v any) (any, error) {
	save := *l
	l.skipSpace(false)
	switch l.peek() {
	case 0, '\n', ',', ']', '}', '\r':
		*l = save
		return v, nil
	case '/':
		if l.peekAt(1) == '/' || l.peekAt(1) == '*' {
			*l = save
			return v, nil
		}
	}
	return l.unknownRest()
}

// unknownRest skips the rest of an expression inside the current value.
func (l *bpLexer) unknownRest() (any, error) {
	depth := 0
	for !l.eof() {
		switch l.peek() {
		case '\'':
			if _, err := l.str(); err != nil {
				return nil, err
			}
			continue
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return armexpr.Unknown, nil
			}
			depth--
		case '\n', ',':
			if depth == 0 {
				return armexpr.Unknown, nil
			}
		}
		l.next()
	}
	return armexpr.Unknown, nil
}

func (l *bpLexer) skipSeparators() {
	for {
		l.skipSpace(true)
		if l.peek() != ',' {
			return
		}
		l.next()
	}
}

// str reads a '…' or ”'…”' string; interpolation makes it unknown.
func (l *bpLexer) str() (any, error) {
	line, col := l.line, l.col
	if l.peekAt(1) == '\'' && l.peekAt(2) == '\'' {
		l.next()
		l.next()
		l.next()
		start := l.off
		for !l.eof() {
			if l.peek() == '\'' && l.peekAt(1) == '\'' && l.peekAt(2) == '\'' {
				s := string(l.src[start:l.off])
				l.next()
				l.next()
				l.next()
				return strings.TrimPrefix(strings.TrimPrefix(s, "\r"), "\n"), nil
			}
			l.next()
		}
		return nil, &bicepParamError{line: line, col: col, msg: "unterminated ''' string"}
	}
	l.next()
	var b strings.Builder
	interpolated := false
	for {
		if l.eof() || l.peek() == '\n' {
			return nil, &bicepParamError{line: line, col: col, msg: "unterminated string"}
		}
		r := l.next()
		switch {
		case r == '\'':
			if interpolated {
				return armexpr.Unknown, nil
			}
			return b.String(), nil
		case r == '\\':
			if l.eof() {
				continue
			}
			e := l.next()
			switch e {
			case 'n':
				b.WriteRune('\n')
			case 'r':
				b.WriteRune('\r')
			case 't':
				b.WriteRune('\t')
			default:
				b.WriteRune(e) // \' \\ \$
			}
		case r == '$' && l.peek() == '{':
			interpolated = true
		default:
			b.WriteRune(r)
		}
	}
}
