package site

import (
	"bytes"
	"context"
	"mzshh/generator/output"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// buildExample builds the repository's example archive into memory.
func buildExample(t *testing.T) map[string][]byte {
	t.Helper()
	s, diags := Load(os.DirFS("../.."))
	if s == nil {
		t.Fatalf("example archive has errors:\n%v", diags)
	}
	var out output.Mem
	if _, err := s.Render(&out); err != nil {
		t.Fatal(err)
	}
	return out.Files
}

func parseHTML(t *testing.T, name string, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func walk(n *html.Node, f func(*html.Node) bool) {
	if !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// TestExampleSeedWordForWord checks that every paragraph of the real
// seed material appears word for word on the 2021 team document page, once
// the archive's own annotations (status badges, reference chips, problem
// panels) are set aside.
func TestExampleSeedWordForWord(t *testing.T) {
	files := buildExample(t)
	page := files["2021/banzi.html"]
	if page == nil {
		t.Fatal("2021/banzi.html was not built")
	}
	var body *html.Node
	walk(parseHTML(t, "2021/banzi.html", page), func(n *html.Node) bool {
		if c, _ := attr(n, "class"); n.Type == html.ElementNode && c == "doc-body" {
			body = n
			return false
		}
		return true
	})
	if body == nil {
		t.Fatal("no doc-body on the page")
	}
	var text strings.Builder
	walk(body, func(n *html.Node) bool {
		if c, _ := attr(n, "class"); n.Type == html.ElementNode && strings.Contains(" "+c+" ", " annot ") {
			return false
		}
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
		}
		return true
	})
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	got := squeeze(text.String())
	seed, err := os.ReadFile("testdata/seed-2021-banzi.txt")
	if err != nil {
		t.Fatal(err)
	}
	paragraphs := 0
	for _, para := range strings.Split(string(seed), "\n") {
		para = squeeze(para)
		if para == "" {
			continue
		}
		paragraphs++
		if !strings.Contains(got, para) {
			t.Errorf("seed paragraph missing from 2021/banzi.html:\n%s", para)
		}
	}
	if paragraphs < 30 {
		t.Fatalf("seed has only %d paragraphs; wrong file?", paragraphs)
	}
}

// TestExampleLinks checks every internal link and anchor of the built
// example site, and that no page loads anything from outside it.
func TestExampleLinks(t *testing.T) {
	files := buildExample(t)
	ids := map[string]map[string]bool{}
	type link struct{ from, href string }
	var links []link
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		ids[name] = map[string]bool{}
		walk(parseHTML(t, name, b), func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return true
			}
			if id, ok := attr(n, "id"); ok {
				if ids[name][id] {
					t.Errorf("%s: duplicate id %q", name, id)
				}
				ids[name][id] = true
			}
			for _, key := range []string{"href", "src"} {
				if v, ok := attr(n, key); ok {
					links = append(links, link{name, v})
				}
			}
			return true
		})
	}
	if len(links) < 500 {
		t.Fatalf("only %d links found; the check would prove little", len(links))
	}
	for _, l := range links {
		u, err := url.Parse(l.href)
		if err != nil {
			t.Errorf("%s: bad link %q: %v", l.from, l.href, err)
			continue
		}
		if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
			t.Errorf("%s: link %q leaves the site or is not relative", l.from, l.href)
			continue
		}
		target := l.from
		if u.Path != "" {
			target = path.Join(path.Dir(l.from), u.Path)
			if strings.HasSuffix(u.Path, "/") || !strings.Contains(path.Base(u.Path), ".") {
				t.Errorf("%s: link %q does not name a file; it breaks under file://", l.from, l.href)
			}
		}
		if _, ok := files[target]; !ok {
			t.Errorf("%s: link %q: no file %s", l.from, l.href, target)
			continue
		}
		if u.Fragment != "" && !ids[target][u.Fragment] {
			t.Errorf("%s: link %q: %s has no id %q", l.from, l.href, target, u.Fragment)
		}
	}
}

// TestExampleMatrix checks the home page's status matrix: every 2020 and
// 2021 problem has a status in each later year, and the rebounds show.
func TestExampleMatrix(t *testing.T) {
	s, _ := Load(os.DirFS("../.."))
	if s == nil {
		t.Fatal("example archive has errors")
	}
	for _, d := range s.Archive.Docs {
		if d.Year > 2021 {
			continue
		}
		for _, p := range d.Problems {
			for _, c := range p.Timeline(nil) {
				if c.Key() == "unreported" || c.Key() == "none" {
					t.Errorf("%s has no status in %d", p.GID, c.Year)
				}
			}
		}
	}
	home := string(buildExample(t)["index.html"])
	for _, want := range []string{`<th scope="col" class="y">2020年度</th>`, `<th scope="col" class="y">2022年度</th>`, `反弹`, `s-notdone`, `s-ongoing`, `s-progress`, `s-mostly`, `s-done`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	rebound := regexp.MustCompile(`<td class="c s-rebound" data-problem="2022/banzi#p2-1" data-year="2022" data-year-status="rebound"><a href="2022/banzi.html#p2-1"`)
	if !rebound.MatchString(home) {
		t.Errorf("home page matrix does not flag the 2022 rebound of 2020/banzi#p2-2")
	}
}

// TestExampleLedgerCSV checks that the ledger CSV opens in Excel and WPS:
// a UTF-8 byte order mark, CRLF line ends, Chinese text.
func TestExampleLedgerCSV(t *testing.T) {
	csv := buildExample(t)["ledger/2021.csv"]
	if !bytes.HasPrefix(csv, []byte("\xEF\xBB\xBF序号,")) {
		t.Fatalf("ledger CSV does not start with a BOM and the header: %q", csv[:min(40, len(csv))])
	}
	if n, crlf := bytes.Count(csv, []byte("\n")), bytes.Count(csv, []byte("\r\n")); n != crlf || n < 20 {
		t.Errorf("ledger CSV has %d line ends, %d of them CRLF", n, crlf)
	}
	if !bytes.Contains(csv, []byte("一是在“学懂”上需要加强。")) {
		t.Errorf("ledger CSV lacks the first 2021 problem")
	}
}

// TestBuildIntoPublic runs the real build into a temporary directory.
func TestBuildIntoPublic(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	sum, diags, err := Build(context.Background(), "../..", dest, nil)
	if err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	if sum.Documents != 7 || sum.Files < 20 {
		t.Errorf("summary %s", sum)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Error(err)
	}
}
