package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
)

// FuzzNestingScanner checks the scanner against the parsers themselves:
// whatever it accepts, HCL parses on a small stack. Each input is also
// tried followed by 10,000 nested brackets, which the scanner must count
// unless the input truly hides them from the parser (in a string, a
// comment, a heredoc as HCL reads them): an input that makes the scanner
// lose track crashes the fuzz worker.
func FuzzNestingScanner(f *testing.F) {
	for _, seed := range []string{
		"a = 1\n", "a = \"unterminated\n", "a = \"x\\\n", "a = <<EOT\nx\nEOT\n", "a = <<-EOT\n  x\n  EOT\n",
		"a = <<--X\n", "a = <<EOT\n${\n", "a = \"${\"", "a = \"%{if x}\"", "a = \"%{if x}%{endfor}\"", "/*", "# x", "// x",
		"a = \"$${\"", "a = \"%%{\"", "a = \"${<<EOT\nx\nEOT\n}\"", "a = <<EOT\n$${x}\nEOT\n", "a = x ? y : z\n", "a = !-!-x\n",
		"b {\n c {\n", "a = [for x in y : x]\n", "a = x[*][*].b[*]\n", "a = \"\\u0022\"\n", "a = <<EOT\r\nx\r\nEOT\r\n",
	} {
		f.Add([]byte(seed))
	}
	deep := strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000)
	deepJSON := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	splats := "x" + strings.Repeat("[*]", 10000)
	f.Fuzz(func(t *testing.T, data []byte) {
		// What the limits let through parses in well under 1 MB of stack;
		// 10,000 levels need more than 4.
		defer debug.SetMaxStack(debug.SetMaxStack(4 << 20))
		for _, src := range []string{string(data), string(data) + "\nb = " + deep + "\n", string(data) + deep, string(data) + splats} {
			if checkHCLNesting([]byte(src), hclConfig, "f.tf", hcl.InitialPos) == nil {
				hclsyntax.ParseConfig([]byte(src), "f.tf", hcl.InitialPos)
			}
			if checkHCLNesting([]byte(src), hclTemplate, "f.tf", hcl.InitialPos) == nil {
				hclsyntax.ParseTemplate([]byte(src), "f.tf", hcl.InitialPos)
			}
		}
		for _, src := range []string{string(data), string(data) + deepJSON, `{"a": "` + string(data) + `${` + deep + `}"}`} {
			if checkJSONNesting([]byte(src), true, "f.tf.json") == nil {
				json.Parse([]byte(src), "f.tf.json")
			}
		}
	})
}

// FuzzShallowConfig checks the byte scan that spares most files the token
// check: whatever it accepts, the token check accepts too. Each input is
// also tried after 250 open parentheses, in a string and in a heredoc, so
// that a few levels it misses cross the limit.
func FuzzShallowConfig(f *testing.F) {
	for _, seed := range []string{
		"a = 1\n", "a = \"x\\\"${b}\"\n", "a = <<EOT\nx ${y}\nEOT\n", "a = <<-EOT\n  x\n  EOT\n", "a = \"$${x}\"\n",
		"a = x ? y : z\n", "a = !-!-x\n", "a = x[*][*].b[*]\n", "b {\n c {\n", "a = [for x in y : x] # c\n", "/* ) */ a = 1\n",
		"a = <<EOT\r\nx\r\nEOT\r\n", "a = \"${\"${\"x\"}\"}\"\n", "a = {\n b = 1 ? 2 : 3 // x\n}\n", "a = <<EOT\n${x}EOT\nEOT\n",
		// A few levels more than the 250 parentheses each input is also tried after.
		// A byte that is not UTF-8 leaves the lexer at the start of a heredoc line.
		"<<EOT\n\xc3EOT\n\n", "<<EOT\n\xffEOT\n(",
		"x ? x ? x ? x ? x ? x ? x", "- ! - ! - ! - # c\n - !", "x[*][*][*][*][*][*][*]", "\"${\"${\"${\"${\"${\"${\"${",
		"<<EOT\n${<<EOT\n${<<EOT\n${", "{\n{\n{\n{\n{\n{\n{", "f(x ? y : z, a ? b : c ? d ? e ? f ? g", "x # c\n ? y ? z ? w ? v ? u ? t",
	} {
		f.Add([]byte(seed))
	}
	open := strings.Repeat("(", 250)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, src := range []string{string(data), "a = " + open + string(data), "a = " + open + "\"${" + string(data),
			"a = " + open + "<<EOT\n${" + string(data), string(data) + "\nb = " + open + "1" + strings.Repeat(")", 250) + "\n"} {
			if shallowConfig([]byte(src)) {
				if err := checkHCLTokens([]byte(src), hclConfig, "f.tf", hcl.InitialPos); err != nil {
					t.Fatalf("accepted %q, which the token check refuses: %v", src, err)
				}
			}
		}
	})
}

// TestShallowConfigCommon: the configurations of the fixtures and the
// shared corpus mostly take the byte scan (each one it refuses costs a
// lex), and never one the token check refuses.
func TestShallowConfigCommon(t *testing.T) {
	var files, fast int
	for _, root := range []string{"../../fixtures", "../../../shared/corpus"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || (filepath.Ext(p) != ".tf" && filepath.Ext(p) != ".tfvars") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil || shallow(data) {
				return nil
			}
			files++
			if shallowConfig(data) {
				fast++
				if err := checkHCLTokens(data, hclConfig, p, hcl.InitialPos); err != nil {
					t.Errorf("%s: accepted, refused by the token check: %v", p, err)
				}
			}
			return nil
		})
	}
	t.Logf("%d of %d files past shallow() took the byte scan", fast, files)
	if files > 0 && fast*10 < files*9 {
		t.Errorf("only %d of %d files took the byte scan", fast, files)
	}
}
