package importer

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestTextEncodingsAreDetected(t *testing.T) {
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	utf16be := func(s string) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	for _, tc := range []struct {
		name string
		data []byte
		text string
		enc  string
	}{
		{"UTF-8", []byte("存在的主要问题"), "存在的主要问题", "UTF-8"},
		{"UTF-8 with a byte order mark", []byte("\xEF\xBB\xBF存在的主要问题"), "存在的主要问题", "UTF-8"},
		{"UTF-16, little-endian", utf16le("存在的主要问题𠀀"), "存在的主要问题𠀀", "UTF-16"},
		{"UTF-16, big-endian", utf16be("存在的主要问题"), "存在的主要问题", "UTF-16"},
		// 存在的主要问题 in GBK, as Notepad on Chinese Windows saves it.
		{"GBK", []byte("\xB4\xE6\xD4\xDA\xB5\xC4\xD6\xF7\xD2\xAA\xCE\xCA\xCC\xE2"), "存在的主要问题", "GB18030"},
		// A GB18030 four-byte code (0x81308130 is U+0080), and € as code
		// page 936 writes it.
		{"GB18030 four-byte codes", []byte("\x81\x30\x81\x30\x80"), "\u0080€", "GB18030"},
	} {
		text, enc, err := decodeText(tc.data)
		if err != nil || text != tc.text || enc != tc.enc {
			t.Errorf("%s: %q %s %v, want %q %s", tc.name, text, enc, err, tc.text, tc.enc)
		}
	}
}

func TestGBKSeedDecodesToTheSeed(t *testing.T) {
	text, enc, err := decodeText(readFile(t, seedGBK))
	if err != nil || enc != "GB18030" {
		t.Fatalf("%s %v", enc, err)
	}
	if text != string(readFile(t, seedText)) {
		t.Errorf("the GBK seed does not decode to the seed:\n%s", firstDiff(string(readFile(t, seedText)), text))
	}
}

// TestGB18030DecoderMatchesIconv encodes every character of the Basic
// what Chinese office materials hold — ASCII, CJK punctuation, every CJK
// Unified Ideograph of GBK, fullwidth forms, the usual symbols, and some
// characters beyond the BMP — with the system's iconv and decodes them
// again. (The versions of GB18030 differ on a few rare code points outside
// these ranges, and so do iconv and golang.org/x/text.)
func TestGB18030DecoderMatchesIconv(t *testing.T) {
	if _, err := exec.LookPath("iconv"); err != nil {
		t.Skip("no iconv")
	}
	var want strings.Builder
	for _, rg := range [][2]rune{{0x20, 0x7E}, {0x3000, 0x3017}, {0x4E00, 0x9FA5}, {0xFF01, 0xFF5E}} {
		for r := rg[0]; r <= rg[1]; r++ {
			want.WriteRune(r)
			if r%64 == 0 {
				want.WriteByte('\n')
			}
		}
	}
	want.WriteString("“”‘’—…·×÷±≤≥℃№ⅠⅡⅢ①②③€𠀀𪚥😀")
	cmd := exec.Command("iconv", "-f", "UTF-8", "-t", "GB18030")
	cmd.Stdin = strings.NewReader(want.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	gb, err := cmd.Output()
	if err != nil {
		t.Skipf("iconv cannot encode GB18030 here: %v %s", err, stderr.String())
	}
	got, ok := decodeGB18030(gb)
	if !ok {
		t.Error("the decoder reports codes it does not know")
	}
	if got != want.String() {
		w, g := []rune(want.String()), []rune(got)
		for i := range min(len(w), len(g)) {
			if w[i] != g[i] {
				t.Fatalf("first difference: U+%04X decodes as U+%04X", w[i], g[i])
			}
		}
		t.Fatalf("lengths differ: %d, want %d", len(g), len(w))
	}
}
