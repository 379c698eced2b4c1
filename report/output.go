package report

import (
	"fmt"
	"io/fs"
	"os"
)

// CreateOutput creates (or truncates) the file a report or baseline is
// written to, refusing a symbolic link: a repository can commit a link
// named like the report (poollint.sarif → any file of the runner), which
// writing through would overwrite. The link check is done twice, before
// opening and by the open itself (O_NOFOLLOW, where the system has it).
func CreateOutput(path string) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil {
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("refused to write %s: it is a symbolic link", path)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|oNoFollow, 0o644)
	if err != nil {
		if isLoop(err) {
			return nil, fmt.Errorf("refused to write %s: it is a symbolic link", path)
		}
		return nil, err
	}
	return f, nil
}
