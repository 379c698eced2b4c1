package bicep

import (
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// notesWith lists the notes whose message contains s.
func notesWith(res parsers.Result, s string) []parsers.Diagnostic {
	var out []parsers.Diagnostic
	for _, d := range res.Diags {
		if d.Level == parsers.LevelNote && strings.Contains(d.Message, s) {
			out = append(out, d)
		}
	}
	return out
}

// A local module whose file does not exist gets a note at its declaration
// (it was ignored without a word); the file's own cluster is still read.
func TestMissingLocalModuleNote(t *testing.T) {
	root, _, opts := attacker(t)
	main := write(t, root, "main.bicep", aksBicep("'mine'", "'Standard_D4s_v5'")+moduleDecl("network", "./network.bicep"))
	res := scanFile(t, main, opts)
	notes := notesWith(res, "module network: ")
	if len(notes) != 1 || notes[0].Pos.File != main || notes[0].Pos.Line != 13 ||
		!strings.Contains(notes[0].Message, "network.bicep was not found; what it deploys is unknown") {
		t.Errorf("notes %+v", res.Diags)
	}
	if len(res.Clusters) != 1 {
		t.Errorf("%d clusters", len(res.Clusters))
	}
}
