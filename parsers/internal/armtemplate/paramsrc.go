package armtemplate

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
	"github.com/poollint/poollint/parsers/internal/armexpr"
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
	data, err := readCompanion(opts, path)
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
	data, err := readCompanion(in.Options, tmpl)
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
	out := evaluate(tmpl, root, []paramSet{{files: []string{in.Path}, variant: filepath.Base(in.Path)}}, in.Options, newShared(in.Context()))
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

// parseBicepParamText reads `using '…'` and `param name = value` statements
// with the Bicep parser. Literal values (strings without interpolation,
// numbers, booleans, null, arrays and objects of those) are known; any other
// expression is unknown. A statement the parser cannot read is an error.
func parseBicepParamText(data []byte) (*bicepParams, error) {
	f, err := syntax.Parse(string(data))
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			return nil, &bicepParamError{line: se.Pos.Line, col: se.Pos.Col, msg: se.Msg}
		}
		return nil, err
	}
	if len(f.Skipped) > 0 {
		se := f.Skipped[0]
		return nil, &bicepParamError{line: se.Pos.Line, col: se.Pos.Col, msg: se.Msg}
	}
	bp := &bicepParams{}
	for _, d := range f.Decls {
		switch d.Kind {
		case "using":
			bp.using, bp.usingLine, bp.usingCol = d.Type, d.P.Line, d.P.Col
		case "param":
			if d.Value == nil {
				return nil, &bicepParamError{line: d.P.Line, col: d.P.Col, msg: fmt.Sprintf("param %s needs a value (param %s = …)", d.Name, d.Name)}
			}
			bp.params = append(bp.params, paramValue{name: d.Name, value: literal(d.Value)})
		}
	}
	return bp, nil
}

// literal is the value of a Bicep literal, or armexpr.Unknown for any
// other expression.
func literal(e syntax.Expr) any {
	switch x := e.(type) {
	case *syntax.String:
		if len(x.Parts) == 1 {
			if s, ok := x.Parts[0].(string); ok {
				return s
			}
		}
		if len(x.Parts) == 0 {
			return ""
		}
	case *syntax.Number:
		if n, err := strconv.ParseInt(x.Text, 10, 64); err == nil {
			return n
		}
	case *syntax.Unary:
		if n, ok := x.X.(*syntax.Number); ok && x.Op == "-" {
			if v, err := strconv.ParseInt("-"+n.Text, 10, 64); err == nil {
				return v
			}
		}
	case *syntax.Bool:
		return x.V
	case *syntax.Null:
		return nil
	case *syntax.Array:
		out := []any{}
		for _, it := range x.Items {
			if _, spread := it.(*syntax.Spread); spread {
				return armexpr.Unknown
			}
			out = append(out, literal(it))
		}
		return out
	case *syntax.Object:
		out := map[string]any{}
		for _, p := range x.Props {
			if p.Spread || p.KeyExpr != nil || p.Decl.Kind != "" {
				return armexpr.Unknown
			}
			out[p.Key] = literal(p.Value)
		}
		return out
	}
	return armexpr.Unknown
}
