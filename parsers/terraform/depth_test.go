package terraform

import (
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
