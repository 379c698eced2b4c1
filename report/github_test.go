package report

import "testing"

func TestWorkflowCommandEscaping(t *testing.T) {
	if got := escapeProperty("a,b:c%\n"); got != "a%2Cb%3Ac%25%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
	if got := escapeData("50%\nx:y,z"); got != "50%25%0Ax:y,z" {
		t.Errorf("escapeData = %q", got)
	}
}
