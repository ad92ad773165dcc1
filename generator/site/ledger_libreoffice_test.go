package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestLibreOfficeLedger converts the example's 2021 workbook to CSV with
// LibreOffice, a reader independent of the writer and of excelize, and
// compares it with the ledger's own CSV, cell by cell. It runs where
// LibreOffice is installed (CI installs it; MZSHH_LIBREOFFICE=1 makes it
// required).
func TestLibreOfficeLedger(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("MZSHH_LIBREOFFICE") != "" {
			t.Fatal("soffice not found")
		}
		t.Skip("LibreOffice is not installed")
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if _, diags, err := Build(context.Background(), "../..", dest, nil); err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	out := filepath.Join(dir, "lo")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out, filepath.Join(dest, "ledger", "2021.xlsx"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	read := func(path string) [][]string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return recs
	}
	ours, theirs := read(filepath.Join(dest, "ledger", "2021.csv")), read(filepath.Join(out, "2021.csv"))
	if !sameCells(ours, theirs) {
		for i := range min(len(ours), len(theirs)) {
			if !sameCells(ours[i:i+1], theirs[i:i+1]) {
				t.Errorf("row %d:\nCSV         %q\nLibreOffice %q", i+1, ours[i], theirs[i])
				break
			}
		}
		t.Errorf("LibreOffice reads %d rows, the CSV has %d", len(theirs), len(ours))
	}
	t.Logf("LibreOffice read ledger/2021.xlsx: %d rows, %d columns, as the CSV", len(theirs), len(theirs[0]))
}
