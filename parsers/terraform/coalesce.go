package terraform

import (
	"errors"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// coalesceFunc is Terraform's coalesce(), which is not go-cty's: it passes
// over empty strings as well as nulls, so coalesce(var.name, "fallback")
// with name = "" is the fallback; and an unknown argument met before the
// one chosen makes the result unknown (it may be null or empty). go-cty's
// returns the first non-null argument, "" included.
var coalesceFunc = function.New(&function.Spec{
	Description: "Returns the first argument that is neither null nor an empty string.",
	VarParam: &function.Parameter{
		Name:             "vals",
		Type:             cty.DynamicPseudoType,
		AllowUnknown:     true,
		AllowDynamicType: true,
		AllowNull:        true,
		AllowMarked:      true,
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		types := make([]cty.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		t, _ := convert.UnifyUnsafe(types)
		if t == cty.NilType {
			return cty.NilType, errors.New("all arguments must have the same type")
		}
		return t, nil
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		marks := cty.ValueMarks{} // NewValueMarks() with no argument is a nil map
		for _, a := range args {
			v, m := a.Unmark()
			for k := range m {
				marks[k] = struct{}{}
			}
			v, err := convert.Convert(v, retType)
			if err != nil {
				return cty.NilVal, err
			}
			switch {
			case !v.IsKnown():
				return cty.UnknownVal(retType).WithMarks(marks), nil
			case v.IsNull():
				continue
			case retType == cty.String && v.RawEquals(cty.StringVal("")):
				continue
			}
			return v.WithMarks(marks), nil
		}
		return cty.NilVal, errors.New("no non-null, non-empty-string arguments")
	},
})
