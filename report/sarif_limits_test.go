package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/rules"
)

type limitedLog struct {
	Runs []struct {
		Results []struct {
			RuleID string `json:"ruleId"`
			Level  string `json:"level"`
		} `json:"results"`
		Invocations []struct {
			ToolExecutionNotifications []struct {
				Level   string                `json:"level"`
				Message struct{ Text string } `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

func manyFindings(n int, message func(i int) string) []rules.Finding {
	fs := make([]rules.Finding, n)
	for i := range fs {
		sev := rules.Note
		switch i % 3 {
		case 1:
			sev = rules.Warning
		case 2:
			sev = rules.Error
		}
		fs[i] = rules.Finding{RuleID: "PL001", RuleName: "r", Severity: sev, Message: message(i),
			Pos: nodepool.Pos{File: "infra/main.json", Line: i + 1, Col: 1}, Key: fmt.Sprint(i)}
	}
	return fs
}

func renderLimited(t *testing.T, in *Input) (limitedLog, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := SARIF(&b, in); err != nil {
		t.Fatal(err)
	}
	var log limitedLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return log, b.Bytes()
}

// TestSARIFResultLimit: 25,001 results are one more than GitHub accepts in
// a run; errors are kept first and a notification says one was left out.
func TestSARIFResultLimit(t *testing.T) {
	in := &Input{Findings: manyFindings(maxSARIFResults+1, func(i int) string { return "m" })}
	log, _ := renderLimited(t, in)
	run := log.Runs[0]
	if len(run.Results) != maxSARIFResults {
		t.Fatalf("%d results, want %d", len(run.Results), maxSARIFResults)
	}
	levels := map[string]int{}
	for _, r := range run.Results {
		levels[r.Level]++
	}
	// 25,001 findings: 8,334 notes (i%3 == 0), 8,334 warnings, 8,333 errors;
	// one note is left out.
	if levels["error"] != 8333 || levels["warning"] != 8334 || levels["note"] != 8333 {
		t.Errorf("levels kept %v", levels)
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || !strings.HasPrefix(notes[0].Message.Text, "1 finding not included: GitHub code scanning accepts at most 25000 results") {
		t.Errorf("notifications %+v", notes)
	}
}

// TestSARIFSizeLimit: findings whose messages do not compress make a log
// over the gzipped size limit (lowered here); fewer are written, errors
// first, the log fits, and the notification counts what was left out.
func TestSARIFSizeLimit(t *testing.T) {
	defer func(old int) { maxSARIFGzipBytes = old }(maxSARIFGzipBytes)
	maxSARIFGzipBytes = 200_000
	noise := func(i int) string {
		var b strings.Builder
		for j := range 16 {
			sum := sha256.Sum256([]byte(fmt.Sprint(i, "/", j)))
			b.WriteString(hex.EncodeToString(sum[:]))
		}
		return b.String()
	}
	in := &Input{Findings: manyFindings(900, noise)}
	log, doc := renderLimited(t, in)
	if size := gzipSize(doc); size > maxSARIFGzipBytes {
		t.Errorf("gzipped %d bytes, over %d", size, maxSARIFGzipBytes)
	}
	run := log.Runs[0]
	kept := len(run.Results)
	if kept == 0 || kept >= 900 {
		t.Fatalf("%d results kept of 900", kept)
	}
	for _, r := range run.Results {
		if kept <= 300 && r.Level != "error" {
			t.Errorf("a %s kept while errors were left out", r.Level)
			break
		}
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	want := fmt.Sprintf("%d findings not included", 900-kept)
	if len(notes) != 1 || !strings.HasPrefix(notes[0].Message.Text, want) {
		t.Errorf("notifications %+v, want %q", notes, want)
	}
	// Within the limits nothing is left out and no notification is added.
	log, _ = renderLimited(t, &Input{Findings: manyFindings(10, noise)})
	if len(log.Runs[0].Results) != 10 || len(log.Runs[0].Invocations[0].ToolExecutionNotifications) != 0 {
		t.Errorf("small log changed: %+v", log.Runs[0])
	}
}
