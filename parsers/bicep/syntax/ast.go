package syntax

// Expr is a Bicep expression.
type Expr interface{ Position() Pos }

type (
	// Ident is a name: a parameter, variable, resource, module, lambda or
	// loop variable.
	Ident struct {
		P    Pos
		Name string
	}
	// String is a string literal; Parts alternate text and expressions when
	// it is interpolated.
	String struct {
		P     Pos
		Parts []any // string or Expr
	}
	Number struct {
		P    Pos
		Text string
	}
	Bool struct {
		P Pos
		V bool
	}
	Null   struct{ P Pos }
	Object struct {
		P     Pos
		Props []Prop
	}
	// Prop is one object property; a nested resource declaration inside a
	// resource body is kept in Decl instead. An interpolated key
	// ('${id}': …) is kept in KeyExpr with Key empty; a spread (...x) has
	// Spread set, no key and x in Value.
	Prop struct {
		Spread  bool
		Key     string
		KeyExpr Expr
		KeyPos  Pos
		Value   Expr
		Decl    Decl
	}
	Array struct {
		P     Pos
		Items []Expr
	}
	// Spread is ...X as an array item.
	Spread struct {
		P Pos
		X Expr
	}
	// For is [for Item in Over: Body] or [for (Item, Index) in Over: Body].
	For struct {
		P           Pos
		Item, Index string
		Over, Body  Expr
	}
	// If is `if (Cond) Body` on a resource, module or loop body.
	If struct {
		P          Pos
		Cond, Body Expr
	}
	Call struct {
		P        Pos
		Ns, Name string
		Args     []Expr
	}
	Member struct {
		P    Pos
		X    Expr
		Name string
		Safe bool // .?
	}
	Index struct {
		P    Pos
		X, I Expr
		Safe bool
	}
	Unary struct {
		P  Pos
		Op string
		X  Expr
	}
	Binary struct {
		P    Pos
		Op   string
		X, Y Expr
	}
	Ternary struct {
		P                Pos
		Cond, Then, Else Expr
	}
	Lambda struct {
		P      Pos
		Params []string
		Body   Expr
	}
)

func (e *Ident) Position() Pos   { return e.P }
func (e *String) Position() Pos  { return e.P }
func (e *Number) Position() Pos  { return e.P }
func (e *Bool) Position() Pos    { return e.P }
func (e *Null) Position() Pos    { return e.P }
func (e *Object) Position() Pos  { return e.P }
func (e *Array) Position() Pos   { return e.P }
func (e *Spread) Position() Pos  { return e.P }
func (e *For) Position() Pos     { return e.P }
func (e *If) Position() Pos      { return e.P }
func (e *Call) Position() Pos    { return e.P }
func (e *Member) Position() Pos  { return e.P }
func (e *Index) Position() Pos   { return e.P }
func (e *Unary) Position() Pos   { return e.P }
func (e *Binary) Position() Pos  { return e.P }
func (e *Ternary) Position() Pos { return e.P }
func (e *Lambda) Position() Pos  { return e.P }

// Decorator is @name(args) before a declaration.
type Decorator struct {
	P    Pos
	Name string
	Args []Expr
}

// Decl is a top-level (or nested resource) declaration.
type Decl struct {
	P        Pos
	Kind     string // targetScope, param, var, resource, module, output, type, func, import, using, metadata
	Name     string
	Type     string // resource 'type@version', module path, using path
	Existing bool
	// Nullable is a parameter whose type ends in ? (null when not given).
	Nullable   bool
	Value      Expr // default, value, body
	Decorators []Decorator
	// Params are a user-defined function's parameter names (its body is
	// Value).
	Params []string
}

// File is a parsed Bicep file.
type File struct {
	Decls []Decl
	// Skipped are statements the parser did not understand and skipped.
	Skipped []Error
}
