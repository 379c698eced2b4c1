package syntax

import (
	"errors"
	"strings"
	"testing"
)

// deepShapes are inputs nested n levels, one per construct that nests the
// syntax tree. Nested far beyond maxDepth, each must be refused with a
// positioned error (or a skipped statement), never overflow the stack, and
// leave no tree deeper than the limit for the translation to walk.
func deepShapes(n int) map[string]string {
	r := func(s string) string { return strings.Repeat(s, n) }
	return map[string]string{
		"parentheses":   "var x = " + r("(") + "1\n",
		"arrays":        "var x = " + r("[") + "\n",
		"objects":       "var x = " + r("{a:") + "\n",
		"objects-lines": "var x = " + r("{\n") + "\n",
		"ternaries":     "var x = " + r("a ? b : ") + "c\n",
		"else-chain":    "var x = a" + r(" ? b : a") + "\n",
		"interpolation": "var x = " + r("'${") + "1" + r("}'") + "\n",
		"not":           "var x = " + r("!") + "true\n",
		"minus":         "var x = " + r("-") + "1\n",
		"members":       "var x = a" + r(".b") + "\n",
		"indexes":       "var x = a" + r("[0]") + "\n",
		"calls":         "var x = " + r("f(") + "\n",
		"operators":     "var x = 1" + r(" + 1") + "\n",
		"coalesce":      "var x = a" + r(" ?? a") + "\n",
		"lambdas":       "var x = " + r("y => ") + "1\n",
		"resources":     r("resource r 'T@1' = {\n") + r("}\n"),
		"decorators":    "param p string = " + r("@a(") + "\n",
		"loops":         "var x = " + r("[for i in a: ") + "\n",
		"spreads":       "var x = " + r("{...") + "\n",
	}
}

func TestDeepNesting(t *testing.T) {
	shapes := deepShapes(20000)
	for name, src := range deepShapes(100000) { // 100,000 brackets: 200 KB
		if name == "parentheses" || name == "arrays" || name == "objects" {
			shapes[name] = src
		}
	}
	for name, src := range shapes {
		t.Run(name, func(t *testing.T) {
			f, err := Parse(src)
			if err != nil {
				var se *Error
				if !errors.As(err, &se) || se.Pos.Line < 1 || !strings.Contains(se.Msg, "deeper than 200") {
					t.Fatalf("error %v", err)
				}
				return
			}
			if len(f.Skipped) == 0 {
				t.Fatalf("nothing refused; decls %d", len(f.Decls))
			}
			for _, s := range f.Skipped {
				if s.Pos.Line < 1 {
					t.Errorf("skipped without a position: %+v", s)
				}
			}
			if d := treeDepth(f); d > 3*maxDepth {
				t.Errorf("tree %d levels deep", d)
			}
		})
	}
}

// TestDeepNestingMessage: the error names the limit at the position where
// it is passed.
func TestDeepNestingMessage(t *testing.T) {
	f, err := Parse("var ok = 1\nvar x = a" + strings.Repeat(".b", 1000) + "\nvar y = 2\n")
	if err != nil || len(f.Skipped) != 1 || len(f.Decls) != 2 {
		t.Fatalf("decls %+v skipped %+v err %v", f.Decls, f.Skipped, err)
	}
	if s := f.Skipped[0]; s.Pos != (Pos{2, 10 + 2*199}) || s.Msg != "expression nested deeper than 200 levels" {
		t.Errorf("skipped %+v", s)
	}
	_, err = Parse("var x = " + strings.Repeat("'${", 300) + "1" + strings.Repeat("}'", 300) + "\n")
	var se *Error
	if !errors.As(err, &se) || se.Pos != (Pos{1, 9 + 3*200 + 1}) || se.Msg != "strings interpolated deeper than 200 levels" {
		t.Errorf("error %v", err)
	}
	// Real nesting stays readable.
	if f, err := Parse("var x = " + strings.Repeat("(", 50) + "a.b[0].c + 1" + strings.Repeat(")", 50) + "\n"); err != nil || len(f.Skipped) != 0 {
		t.Errorf("moderate nesting: skipped %+v err %v", f.Skipped, err)
	}
}

// TestManyDecorators: a long run of decorators before a statement that
// fails is skipped once, not parsed again from each decorator line (which
// was quadratic and reported the failure once per line).
func TestManyDecorators(t *testing.T) {
	src := strings.Repeat("@description('x')\n", 100000) + "param p string = )\nvar ok = 1\n"
	f, err := Parse(src)
	if err != nil || len(f.Skipped) != 1 || len(f.Decls) != 1 || f.Decls[0].Name != "ok" {
		t.Fatalf("decls %d skipped %+v err %v", len(f.Decls), f.Skipped[:min(len(f.Skipped), 3)], err)
	}
	if f.Skipped[0].Pos.Line != 100001 {
		t.Errorf("skipped at %s", f.Skipped[0].Pos)
	}
	// A bad decorator is skipped and the declaration still read with the
	// decorators after it.
	f, err = Parse("@a(\n@b()\n@c(])\n@d()\nparam p string\n")
	if err != nil || len(f.Decls) != 1 || f.Decls[0].Name != "p" || len(f.Decls[0].Decorators) != 1 || f.Decls[0].Decorators[0].Name != "d" || len(f.Skipped) != 1 {
		t.Errorf("decls %+v skipped %+v err %v", f.Decls, f.Skipped, err)
	}
}

// treeDepth is the depth of the deepest node of the syntax tree.
func treeDepth(f *File) int {
	max := 0
	for _, d := range f.Decls {
		max = maxInt(max, declDepth(d))
	}
	return max
}

func declDepth(d Decl) int {
	n := exprDepth(d.Value)
	for _, dec := range d.Decorators {
		for _, a := range dec.Args {
			n = maxInt(n, exprDepth(a))
		}
	}
	return n + 1
}

func exprDepth(e Expr) int {
	kids := []Expr{}
	extra := 0
	switch x := e.(type) {
	case nil:
		return 0
	case *String:
		for _, p := range x.Parts {
			if pe, ok := p.(Expr); ok {
				kids = append(kids, pe)
			}
		}
	case *Object:
		for _, p := range x.Props {
			kids = append(kids, p.Value, p.KeyExpr)
			if p.Decl.Kind != "" {
				extra = maxInt(extra, declDepth(p.Decl))
			}
		}
	case *Array:
		kids = x.Items
	case *Spread:
		kids = []Expr{x.X}
	case *For:
		kids = []Expr{x.Over, x.Body}
	case *If:
		kids = []Expr{x.Cond, x.Body}
	case *Call:
		kids = x.Args
	case *Member:
		kids = []Expr{x.X}
	case *Index:
		kids = []Expr{x.X, x.I}
	case *Unary:
		kids = []Expr{x.X}
	case *Binary:
		kids = []Expr{x.X, x.Y}
	case *Ternary:
		kids = []Expr{x.Cond, x.Then, x.Else}
	case *Lambda:
		kids = []Expr{x.Body}
	}
	n := extra
	for _, k := range kids {
		if k != nil {
			n = maxInt(n, exprDepth(k))
		}
	}
	return n + 1
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// TestBlankRuns: a run of blank or comment lines is one line end for the
// parser, which looks past line ends once per nested expression ending
// there (a 200-level ternary before 1,000,000 blank lines).
func TestBlankRuns(t *testing.T) {
	toks, err := tokenize("var x = a" + strings.Repeat(" ? b : a", 150) + strings.Repeat("\n// c\n\n", 1000000) + "var y = 1\n")
	if err != nil {
		t.Fatal(err)
	}
	newlines := 0
	for _, tk := range toks {
		if tk.kind == tNewline {
			newlines++
		}
	}
	if newlines != 2 {
		t.Errorf("%d line end tokens", newlines)
	}
	f, perr := Parse("var x = 1\n\n\n// c\n\nvar y = 2\n")
	if perr != nil || len(f.Decls) != 2 || f.Decls[1].P != (Pos{6, 1}) {
		t.Errorf("decls %+v err %v", f.Decls, perr)
	}
}
