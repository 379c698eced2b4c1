package report

import (
	"fmt"
	"io"

	"github.com/poollint/poollint/finding"
)

// Counts writes the number of findings per severity (suppressed ones
// apart) and of input files that could not be read, one key=value a line:
// a script reads it, and a GitHub Actions step appends it to
// $GITHUB_OUTPUT as step outputs.
//
//	errors=3
//	warnings=1
//	notes=0
//	suppressed=0
//	input-errors=1
func Counts(w io.Writer, in *Input) error {
	counts, suppressed := in.tally()
	_, err := fmt.Fprintf(w, "errors=%d\nwarnings=%d\nnotes=%d\nsuppressed=%d\ninput-errors=%d\n",
		counts[finding.Error], counts[finding.Warning], counts[finding.Note], suppressed, countErrors(in))
	return err
}
