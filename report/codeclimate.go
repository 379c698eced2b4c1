package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

// codeClimateIssue is one entry of GitLab's code quality report (a subset
// of the Code Climate issue format): GitLab reads description, check_name,
// fingerprint, severity and location (path relative to the project,
// lines.begin) and shows the issues in the merge request widget.
type codeClimateIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Categories  []string            `json:"categories"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeClimateLocation `json:"location"`
}

type codeClimateLocation struct {
	Path  string           `json:"path"`
	Lines codeClimateLines `json:"lines"`
}

type codeClimateLines struct {
	Begin int `json:"begin"`
}

// CodeClimate writes GitLab's code quality report (artifacts:reports:
// codequality): a JSON array with one issue per finding not suppressed,
// and one per file that could not be read (check_name "poollint/input").
// Severities: error is critical, warning major, note minor; an unreadable
// file is major. The fingerprint is the finding's line-independent one, so
// GitLab tells new issues from fixed ones across line moves.
func CodeClimate(w io.Writer, in *Input) error {
	issues := []codeClimateIssue{}
	seen := map[string]int{}
	add := func(is codeClimateIssue) {
		// GitLab drops issues with a duplicate fingerprint: keep each one
		// unique by numbering repeats.
		if n := seen[is.Fingerprint]; n > 0 {
			sum := sha256.Sum256([]byte(is.Fingerprint + "#" + strconv.Itoa(n)))
			is.Fingerprint = hex.EncodeToString(sum[:16])
		}
		seen[is.Fingerprint]++
		issues = append(issues, is)
	}
	for _, f := range in.Findings {
		if f.Suppression != nil {
			continue
		}
		add(codeClimateIssue{
			Type:        "issue",
			CheckName:   f.RuleID + " " + f.RuleName,
			Description: f.Message,
			Categories:  []string{"Bug Risk"},
			Fingerprint: f.Fingerprint(),
			Severity:    codeClimateSeverity(f.Severity),
			Location:    in.codeClimateLocation(f.Pos),
		})
	}
	for _, d := range in.Diags {
		if d.Level != "error" {
			continue
		}
		sum := sha256.Sum256([]byte("poollint/input\x00" + d.Pos.File + "\x00" + d.Message))
		add(codeClimateIssue{
			Type:        "issue",
			CheckName:   "poollint/input",
			Description: firstLine(d.Message),
			Categories:  []string{"Bug Risk"},
			Fingerprint: hex.EncodeToString(sum[:16]),
			Severity:    "major",
			Location:    in.codeClimateLocation(d.Pos),
		})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(issues); err != nil {
		return err
	}
	return writeInert(w, b.Bytes(), `\u0023#[`)
}

func codeClimateSeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "critical"
	case finding.Warning:
		return "major"
	}
	return "minor"
}

// codeClimateLocation is a position with its path relative to the working
// directory (the project directory in GitLab CI) and a line of at least 1.
func (in *Input) codeClimateLocation(p nodepool.Pos) codeClimateLocation {
	path := p.File
	if filepath.IsAbs(path) && in.WorkDir != "" {
		if rel, err := filepath.Rel(in.WorkDir, path); err == nil && !strings.HasPrefix(rel, "..") {
			path = rel
		}
	}
	return codeClimateLocation{Path: filepath.ToSlash(path), Lines: codeClimateLines{Begin: max(p.Line, 1)}}
}
