package content

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// blockedURL decides whether the destination of a Markdown link or image
// is removed from the page, whatever unsafe_html says about raw HTML:
//
//   - javascript: and vbscript: run a script when the link is followed;
//   - data: is kept only for an image that is PNG, GIF, JPEG or WebP;
//   - file: is kept only under unsafe_html: true (a trusted archive may link
//     to a file on the shared drive it is opened from); goldmark removes it
//     otherwise.
//
// The destination is read as goldmark writes it into the page (character
// references resolved) and as it stands, and its scheme as a browser reads
// it: tabs and line breaks anywhere and leading control characters and
// spaces are ignored, letter case too.
func blockedURL(dest []byte, image, unsafeHTML bool) (scheme string, blocked bool) {
	if scheme, blocked = blockedScheme(util.URLEscape(dest, true), image, unsafeHTML); blocked {
		return scheme, true
	}
	return blockedScheme(dest, image, unsafeHTML)
}

func blockedScheme(dest []byte, image, unsafeHTML bool) (scheme string, blocked bool) {
	u := bytes.TrimLeft(dest, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = bytes.ToLower(bytes.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u))
	colon := bytes.IndexByte(u, ':')
	if colon <= 0 {
		return "", false
	}
	for i, c := range u[:colon] {
		letter := c >= 'a' && c <= 'z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false // not a scheme: a relative URL
		}
	}
	scheme = string(u[:colon])
	switch scheme {
	case "javascript", "vbscript":
		return scheme, true
	case "data":
		if image {
			for _, t := range []string{"image/png", "image/gif", "image/jpeg", "image/webp"} {
				if bytes.HasPrefix(u[colon+1:], []byte(t)) {
					return scheme, false
				}
			}
		}
		return scheme, true
	case "file":
		return scheme, !unsafeHTML
	}
	return scheme, false
}

// checkURL removes the destination of link or image n when blockedURL
// says so. Like goldmark, it does so silently: the text stays, linking
// nowhere.
func (b *builder) checkURL(n ast.Node) {
	switch n := n.(type) {
	case *ast.Link:
		if _, blocked := blockedURL(n.Destination, false, b.unsafeHTML); blocked {
			n.Destination = nil
		}
	case *ast.Image:
		if _, blocked := blockedURL(n.Destination, true, b.unsafeHTML); blocked {
			n.Destination = nil
		}
	}
}

// blockedAutoLink reports whether autolink <scheme:…> n is to be replaced
// by its text linking nowhere.
func (b *builder) blockedAutoLink(n *ast.AutoLink) bool {
	_, blocked := blockedURL(n.URL(b.src), false, b.unsafeHTML)
	return blocked
}
