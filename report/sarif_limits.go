package report

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"sort"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/poollint/poollint/finding"
)

// GitHub code scanning rejects a SARIF upload with more than 25,000
// results in a run, or larger than 10 MB once gzipped
// (docs.github.com, "SARIF support for code scanning", upload limits).
// Variables so that tests can lower them.
var (
	maxSARIFResults   = 25000
	maxSARIFGzipBytes = 10_000_000
)

// sarifWithinLimits renders the SARIF log with as many findings as GitHub
// accepts: over the limits, findings not suppressed come before suppressed
// ones, errors before warnings before notes (the order of the report is
// kept among those written), and a tool execution notification says how
// many were left out.
func sarifWithinLimits(in *Input) ([]byte, error) {
	keep := len(in.Findings)
	if keep > maxSARIFResults {
		keep = maxSARIFResults
	}
	for range 8 { // each round shrinks by the measured ratio; bounded
		findings := mostImportant(in.Findings, keep)
		doc, err := sarifDoc(in, findings, len(in.Findings)-keep)
		if err != nil {
			return nil, err
		}
		size := gzipSize(doc)
		if size <= maxSARIFGzipBytes || keep == 0 {
			return doc, nil
		}
		next := int(float64(keep) * float64(maxSARIFGzipBytes) / float64(size) * 0.95)
		if next >= keep {
			next = keep - 1
		}
		keep = max(next, 0)
	}
	return sarifDoc(in, nil, len(in.Findings))
}

// mostImportant returns n of the findings, chosen by rank (not suppressed
// first, then by severity), in their original order.
func mostImportant(fs []finding.Finding, n int) []finding.Finding {
	if n >= len(fs) {
		return fs
	}
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	rank := func(f finding.Finding) int {
		r := int(f.Severity)
		if f.Suppression != nil {
			r -= 100
		}
		return r
	}
	sort.SliceStable(idx, func(a, b int) bool { return rank(fs[idx[a]]) > rank(fs[idx[b]]) })
	idx = idx[:n]
	sort.Ints(idx)
	out := make([]finding.Finding, n)
	for i, j := range idx {
		out[i] = fs[j]
	}
	return out
}

func gzipSize(doc []byte) int {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write(doc)
	_ = zw.Close()
	return b.Len()
}

func omittedNotification(omitted, kept int) *sarif.Notification {
	return sarif.NewNotification().WithLevel("warning").WithTextMessage(fmt.Sprintf(
		"%d %s not included: GitHub code scanning accepts at most %d results per run and %d MB gzipped; %d written (errors first). The text, JSON or JUnit report has them all.",
		omitted, plural(omitted, "finding"), maxSARIFResults, maxSARIFGzipBytes/1_000_000, kept))
}
