package site

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// goldenText is a generated file as a golden file holds it: a CSV with its
// CRLF line ends visible, a workbook (.xlsx, a zip of XML parts) as its
// parts in order, each tag on a line; anything else as it is.
func goldenText(name string, b []byte) []byte {
	switch {
	case strings.HasSuffix(name, ".csv"):
		return bytes.ReplaceAll(b, []byte("\r\n"), []byte("⏎\n")) // keep CRLF visible and intact in the golden
	case strings.HasSuffix(name, ".xlsx"):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return []byte("not a zip: " + err.Error() + "\n")
		}
		var out bytes.Buffer
		for _, f := range zr.File {
			fmt.Fprintf(&out, "== %s (%s)\n", f.Name, f.Modified.UTC().Format("2006-01-02"))
			rc, err := f.Open()
			if err != nil {
				fmt.Fprintf(&out, "cannot open: %v\n", err)
				continue
			}
			part, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				fmt.Fprintf(&out, "cannot read: %v\n", err)
				continue
			}
			out.Write(bytes.ReplaceAll(part, []byte("><"), []byte(">\n<")))
			out.WriteString("\n")
		}
		return out.Bytes()
	}
	return b
}
