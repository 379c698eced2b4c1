package jsonpos

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestPositions(t *testing.T) {
	src := "{\n  // a comment\n  \"a\": [1, \"x\"],\n  /* block\n comment */ \"b\": {\"c\": true}\n}"
	n, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a := n.Get("a")
	if a.Line != 3 || a.Col != 8 {
		t.Errorf("a at %d:%d, want 3:8", a.Line, a.Col)
	}
	if x := a.Arr[1]; x.Line != 3 || x.Col != 12 || x.Str != "x" {
		t.Errorf("a[1] = %+v", x)
	}
	m := n.MemberFold("B")
	if m == nil || m.KeyLine != 5 || m.KeyCol != 13 {
		t.Fatalf("member B = %+v", m)
	}
	if c := m.Value.Get("c"); c.Kind != Bool || !c.Bool || c.Col != 24 {
		t.Errorf("c = %+v", c)
	}
}

func TestErrors(t *testing.T) {
	cases := map[string]string{
		"{\"a\": }":              "1:7: unexpected '}', expected a value",
		"{\"a\": 1,\n \"b\" 2}":  "2:6: unexpected '2', expected ':' after object key",
		"[1, 2":                  "1:6: unexpected end of file, expected ',' or ']'",
		"\"abc":                  "1:1: unterminated string",
		"{} x":                   "1:4: unexpected 'x' after the top-level value",
		"[01x]":                  "1:3: unexpected '1', expected ',' or ']'",
		"\xff":                   "1:1: file is not valid UTF-8",
		strings.Repeat("[", 600): "1:513: nesting deeper than 512 levels",
	}
	for src, want := range cases {
		_, err := Parse([]byte(src))
		var se *SyntaxError
		if !errors.As(err, &se) || err.Error() != want {
			t.Errorf("Parse(%.20q) error = %v, want %s", src, err, want)
		}
	}
}

func TestAgreesWithEncodingJSON(t *testing.T) {
	src := `{"s": "a\"b\u00e9\ud83d\ude00\n", "n": [1, -2.5e3, 0], "t": true, "f": false, "z": null, "o": {}}`
	n, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	got := normalise(n.Interface())
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}

// normalise turns int64 into float64 as encoding/json does.
func normalise(v any) any {
	switch v := v.(type) {
	case int64:
		return float64(v)
	case []any:
		for i := range v {
			v[i] = normalise(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = normalise(v[k])
		}
	}
	return v
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, "// c\n[\"x\\u0041\"]", `{"$schema":"x","resources":[]}`, `-1.5e+3`, `/* */ true`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse(data)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		// Whatever we accept without comments, encoding/json accepts too.
		if !strings.Contains(string(data), "/") && json.Valid(data) != true {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		_ = n.Interface()
	})
}
