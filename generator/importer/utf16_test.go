package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(big bool, units ...uint16) []byte {
	var b []byte
	for _, u := range units {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestUTF16IsDecodedWhole decodes UTF-16 of either byte order, and refuses
// a file with a byte left over or half a character, saying where, rather
// than drop or replace it.
func TestUTF16IsDecodedWhole(t *testing.T) {
	text := "存在的主要问题𠀀\r\n一是学习不够。\uFFFD"
	units := append([]uint16{0xFEFF}, utf16.Encode([]rune(text))...)
	for _, big := range []bool{false, true} {
		data := utf16Bytes(big, units...)
		got, enc, err := decodeText(data)
		if err != nil || got != text || enc != "UTF-16" {
			t.Errorf("big-endian %v: %q %s %v", big, got, enc, err)
		}
		_, _, err = decodeText(append(data, '\n'))
		if err == nil || err.Error() != "the file is UTF-16 but has an odd number of bytes: its last byte (0x0A) is part of no character; the file may be cut short. Save it again as UTF-8" {
			t.Errorf("big-endian %v, a byte left over: %v", big, err)
		}
		for _, bad := range [][]uint16{{0xFEFF, 'a', 0xD840}, {0xFEFF, 'a', 0xD840, 'b'}, {0xFEFF, 'a', 0xDC00, 0xD840}} {
			_, _, err := decodeText(utf16Bytes(big, bad...))
			want := fmt.Sprintf("the file is UTF-16 but byte 4 holds 0x%04X, a surrogate (half of a character) without its other half", bad[2])
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("big-endian %v, %04X: %v, want %s", big, bad, err, want)
			}
		}
	}

	// The command names the file.
	dir := t.TempDir()
	file := filepath.Join(dir, "cut.txt")
	if err := os.WriteFile(file, append(utf16Bytes(false, units...), 0x4E), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err := RunImport([]string{"-s", dir, "-o", "-", file}, &stdout, &stderr)
	if !errors.Is(err, ErrReported) || !strings.HasPrefix(stderr.String(), file+": the file is UTF-16 but has an odd number of bytes") {
		t.Errorf("import: %v, %q", err, stderr.String())
	}
}
