package render

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEscURL compares escURL with percent-encoding and then escaping for
// an attribute, two steps, on random strings of the bytes that matter.
func TestEscURL(t *testing.T) {
	plain := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if c := s[i]; urlRaw(c) {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "%%%02x", c)
			}
		}
		return esc(b.String())
	}
	pieces := []string{"a", "Z", "9", "-", "/", "#", "&", "'", "\"", "<", ">", "%", " ", "\x00", "单位", "×", "?", "=", "\xff"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		want := plain(s)
		if got := escURL(s); got != want {
			t.Fatalf("escURL(%q) = %q, want %q", s, got, want)
		}
		// In parts: cut anywhere, even inside a character.
		var parts bytes.Buffer
		cut := rng.IntN(len(s) + 1)
		writeEscURL(&parts, s[:cut], s[cut:])
		if got := parts.String(); got != want {
			t.Fatalf("writeEscURL(%q, %q) = %q, want %q", s[:cut], s[cut:], got, want)
		}
	}
}
