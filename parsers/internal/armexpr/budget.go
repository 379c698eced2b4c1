package armexpr

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
)

// Limits bound what evaluating the expressions of one file may cost. A
// template is untrusted input: a few lines of concat() doublings, replace()
// chains or recursive functions would otherwise build values of many
// gigabytes, and nested lambdas would run for hours.
//
// Sizes are checked before a value is built: a function whose result would
// pass a limit returns Unknown and records a LimitError. The per-file
// budgets (steps, work, the context) are sticky: once spent, everything
// left in the file is Unknown.
type Limits struct {
	// MaxString is the longest string one function may build, in bytes.
	MaxString int
	// MaxItems bounds the elements of one value, those of nested arrays
	// and objects included: a value built by sharing (an array holding the
	// same large array twice, and so on) counts every element it reaches.
	MaxItems int
	// MaxDepth bounds the nesting of arrays and objects in one value.
	MaxDepth int
	// MaxSteps bounds the function and lambda calls of one file.
	MaxSteps int
	// MaxWork bounds, for one file, the bytes of strings built, plus 16
	// for each element of an array built, 128 for each member of an
	// object built, and from 1 to 64 for each element visited (inspected,
	// serialised, compared): about the memory the evaluation allocates,
	// and its time.
	MaxWork int64
	// MaxCallDepth bounds nested user-defined function and lambda calls.
	MaxCallDepth int
	// MaxNesting bounds nested function calls while one value is being
	// evaluated, through variables, parameters, functions and lambdas:
	// the depth of the Go stack.
	MaxNesting int
}

// DefaultLimits leave a wide margin for real templates. The heaviest file
// of the shared corpus makes 2,219 calls (the limit is 90 times that),
// charges 137 KB of work (500 times), nests calls 17 deep (60 times),
// nests user functions and lambdas 2 deep, and builds no string over 171
// bytes nor array over 49 elements. A file that reaches a limit costs at
// most about half a second of CPU and some 64 MB, so that one file never
// takes the scan down.
var DefaultLimits = Limits{
	MaxString:    1 << 20,
	MaxItems:     100_000,
	MaxDepth:     1_000,
	MaxSteps:     200_000,
	MaxWork:      64 << 20,
	MaxCallDepth: 64,
	MaxNesting:   1_000,
}

// The work charged for building one element of an array (the size of an
// interface value) and one member of an object (a map entry with its share
// of the map, measured).
const (
	elemCost   = 16
	memberCost = 128
)

// LimitError is a limit reached while evaluating: the value is Unknown.
type LimitError struct {
	Msg string
	// Cut is set when the file's budget is spent or its time is up:
	// nothing more of the file is evaluated.
	Cut bool
}

func (e *LimitError) Error() string { return e.Msg }

// Budget is what the evaluators of one file share: the step and work
// counters, the nesting of calls, the scan's context and the limit errors
// not yet reported.
type Budget struct {
	ctx    context.Context
	limits Limits

	steps int
	work  int64
	// nextCheck is the work after which the context is looked at again.
	nextCheck int64
	calls     int // active user-function and lambda calls
	nest      int // active function calls
	fn        string

	cut      *LimitError // the file's budget is spent
	cutTaken bool
	pending  []*LimitError

	// Peak values, for measurements and tests.
	PeakNest, PeakCalls, PeakString, PeakItems int
}

// NewBudget returns the budget of one file's evaluation. A nil ctx never
// ends.
func NewBudget(ctx context.Context, l Limits) *Budget {
	if ctx == nil {
		ctx = context.Background()
	}
	return &Budget{ctx: ctx, limits: l, nextCheck: ctxEvery}
}

// ctxEvery is how much work (and steps times 64) passes between looks at
// the context.
const ctxEvery = 1 << 16

// Limits returns the limits the budget applies.
func (b *Budget) Limits() Limits { return b.limits }

// Steps and Work report what has been spent so far.
func (b *Budget) Steps() int { return b.steps }

// Work reports the work charged so far (see Limits.MaxWork).
func (b *Budget) Work() int64 { return b.work }

// Spent reports whether the file's budget is spent (or its context done):
// nothing more is evaluated.
func (b *Budget) Spent() bool { return b.cut != nil }

// Take returns the limit errors recorded since the last call, the error
// that spent the budget included once.
func (b *Budget) Take() []*LimitError {
	out := b.pending
	b.pending = nil
	if b.cut != nil && !b.cutTaken {
		b.cutTaken = true
		out = append(out, b.cut)
	}
	return out
}

// Charge adds work (see Limits.MaxWork) done outside the evaluator, such
// as building the positioned value trees of package arm. It reports false
// once the budget is spent.
func (b *Budget) Charge(units int64) bool {
	if b.cut != nil {
		return false
	}
	if units > 0 {
		b.work += units
	}
	if b.work > b.limits.MaxWork {
		b.spend(fmt.Sprintf("evaluation cut short: the file's expressions build or visit more than %d MiB of values; what is left is unknown", b.limits.MaxWork>>20))
		return false
	}
	if b.work >= b.nextCheck {
		b.nextCheck = b.work + ctxEvery
		return b.alive()
	}
	return true
}

// step counts one function or lambda call.
func (b *Budget) step() bool {
	if b.cut != nil {
		return false
	}
	b.steps++
	if b.steps > b.limits.MaxSteps {
		b.spend(fmt.Sprintf("evaluation cut short: the file's expressions make more than %d function calls; what is left is unknown", b.limits.MaxSteps))
		return false
	}
	if b.steps%1024 == 1 {
		return b.alive()
	}
	return true
}

// alive looks at the context.
func (b *Budget) alive() bool {
	if err := b.ctx.Err(); err != nil {
		why := "the scan was cancelled"
		if errors.Is(err, context.DeadlineExceeded) {
			why = "the time allowed for the file or the scan ran out"
		}
		b.spend("evaluation cut short: " + why + "; what is left is unknown")
		return false
	}
	return true
}

func (b *Budget) spend(msg string) {
	if b.cut == nil {
		b.cut = &LimitError{Msg: msg, Cut: true}
	}
}

// fail records a limit reached by one value.
func (b *Budget) fail(format string, args ...any) {
	if len(b.pending) < 16 {
		b.pending = append(b.pending, &LimitError{Msg: fmt.Sprintf(format, args...)})
	}
}

// budget returns the evaluator's budget, creating a default one.
func (ev *Evaluator) budget() *Budget {
	if ev.Budget == nil {
		ev.Budget = NewBudget(context.Background(), DefaultLimits)
	}
	return ev.Budget
}

// fitsString checks, before it is built, a string of n bytes that the
// current function would make, and charges for it.
func (b *Budget) fitsString(n int) bool {
	if n < 0 || n > b.limits.MaxString {
		if n < 0 {
			b.fail("%s() would build a string longer than the limit of %d bytes", b.fn, b.limits.MaxString)
		} else {
			b.fail("%s() would build a string of %d bytes, above the limit of %d", b.fn, n, b.limits.MaxString)
		}
		return false
	}
	b.PeakString = max(b.PeakString, n)
	return b.Charge(int64(n))
}

// fitsMembers checks, before it is built, an object of n members that the
// current function would make, and charges for it.
func (b *Budget) fitsMembers(n int) bool {
	return b.fitsItems(n) && b.Charge(int64(n)*(memberCost-elemCost))
}

// fitsItems checks, before it is built, an array or object of n elements
// that the current function would make, and charges for it.
func (b *Budget) fitsItems(n int) bool {
	if n < 0 || n > b.limits.MaxItems {
		if n < 0 {
			b.fail("%s() would build an array or object larger than the limit of %d elements", b.fn, b.limits.MaxItems)
		} else {
			b.fail("%s() would build an array or object of %d elements, above the limit of %d", b.fn, n, b.limits.MaxItems)
		}
		return false
	}
	b.PeakItems = max(b.PeakItems, n)
	return b.Charge(int64(n) * elemCost)
}

// addLen adds lengths without overflowing: -1 stands for "too long".
func addLen(a, b int) int {
	if a < 0 || b < 0 || a > maxLen-b {
		return -1
	}
	return a + b
}

const maxLen = int(^uint(0) >> 2)

// inspect visits a value: unknown reports whether it holds Unknown (the
// visit stops there). ok is false, with an error recorded, when the value
// reaches more than MaxItems elements or MaxDepth levels; every element
// visited is charged.
func (ev *Evaluator) inspect(v any) (unknown, ok bool) {
	return ev.inspectAll(v, true)
}

func (ev *Evaluator) inspectAll(v any, stopAtUnknown bool) (unknown, ok bool) {
	b := ev.budget()
	w := walker{b: b, left: b.limits.MaxItems, stop: stopAtUnknown}
	unknown = w.visit(v, 0)
	// The value itself is not charged: only the elements it holds.
	if visited := b.limits.MaxItems - w.left - 1; visited > 0 {
		b.Charge(int64(visited))
	}
	switch {
	case w.tooDeep:
		b.fail("a value nested deeper than %d levels is not evaluated", b.limits.MaxDepth)
		return false, false
	case w.left < 0:
		b.fail("a value of more than %d elements (those of nested arrays and objects counted) is not evaluated", b.limits.MaxItems)
		return false, false
	}
	return unknown, b.cut == nil
}

type walker struct {
	b       *Budget
	left    int
	tooDeep bool
	stop    bool // at the first Unknown
}

func (w *walker) visit(v any, depth int) bool {
	if w.left < 0 || w.tooDeep {
		return false
	}
	w.left--
	switch v := v.(type) {
	case unknownT:
		return true
	case []any:
		if depth >= w.b.limits.MaxDepth {
			w.tooDeep = true
			return false
		}
		unknown := false
		for _, e := range v {
			if w.visit(e, depth+1) {
				if unknown = true; w.stop {
					return true
				}
			}
		}
		return unknown
	case map[string]any:
		if depth >= w.b.limits.MaxDepth {
			w.tooDeep = true
			return false
		}
		unknown := false
		for _, e := range v {
			if w.visit(e, depth+1) {
				if unknown = true; w.stop {
					return true
				}
			}
		}
		return unknown
	}
	return false
}

// known reports whether v is fully known and within the limits. A string
// is charged its length: the functions taking one read it through.
func (ev *Evaluator) known(v any) bool {
	if !ev.scan(v) {
		return false
	}
	unknown, ok := ev.inspect(v)
	return ok && !unknown
}

// scan charges for reading a string argument through.
func (ev *Evaluator) scan(v any) bool {
	if s, ok := v.(string); ok && len(s) > 64 {
		return ev.budget().Charge(int64(len(s)))
	}
	return true
}

// Check is inspect for package arm: it reports whether v is within the
// limits (its size charged), before v is turned into a positioned tree.
func (ev *Evaluator) Check(v any) bool {
	_, ok := ev.inspectAll(v, false)
	return ok
}

// Key encodes values as a text that is equal exactly when the values are
// (types included), for caching the results of user-defined functions. ok
// is false when the text would pass max bytes or a value holds a lambda.
func Key(vs []any, max int) (string, bool) {
	k := keyer{max: max}
	for _, v := range vs {
		if !k.value(v) {
			return "", false
		}
		k.buf = append(k.buf, ';')
	}
	return string(k.buf), len(k.buf) <= max
}

type keyer struct {
	buf []byte
	max int
}

func (k *keyer) value(v any) bool {
	if len(k.buf) > k.max {
		return false
	}
	switch v := v.(type) {
	case nil:
		k.buf = append(k.buf, 'n')
	case bool:
		k.buf = strconv.AppendBool(append(k.buf, 'b'), v)
	case int64:
		k.buf = strconv.AppendInt(append(k.buf, 'i'), v, 10)
	case float64:
		k.buf = strconv.AppendFloat(append(k.buf, 'f'), v, 'g', -1, 64)
	case string:
		if len(v) > k.max {
			return false
		}
		k.buf = strconv.AppendInt(append(k.buf, 's'), int64(len(v)), 10)
		k.buf = append(append(k.buf, ':'), v...)
	case unknownT:
		k.buf = append(k.buf, 'u')
	case []any:
		if len(v) > k.max {
			return false
		}
		k.buf = strconv.AppendInt(append(k.buf, '['), int64(len(v)), 10)
		for _, e := range v {
			if !k.value(e) {
				return false
			}
		}
	case map[string]any:
		if len(v) > k.max {
			return false
		}
		k.buf = strconv.AppendInt(append(k.buf, '{'), int64(len(v)), 10)
		keys := make([]string, 0, len(v))
		for key := range v {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			if !k.value(key) || !k.value(v[key]) {
				return false
			}
		}
	default:
		return false
	}
	return true
}
