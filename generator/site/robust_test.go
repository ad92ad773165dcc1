package site

import (
	"io/fs"
	"mzshh/generator/output"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func load(t *testing.T, files map[string]string) (map[string][]byte, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	s, diags := Load(fsys)
	if s == nil {
		return nil, diags.Error()
	}
	var out output.Mem
	_, rd := s.Render(&out)
	diags = append(diags, rd...)
	return out.Files, diags.Error()
}

const okDoc = "---\ntitle: 材料\nyear: 2021\nunit: 镇班子\nkind: 班子\nmeeting: 民主生活会\n---\n\n## 存在的主要问题\n\n### （一）学习方面 {#p1}\n\n"

func TestLargeDocument(t *testing.T) {
	para := strings.Repeat("学懂弄通做实习近平新时代中国特色社会主义思想，坚持和加强党的全面领导。", 40) + "\n\n"
	var b strings.Builder
	b.WriteString(okDoc)
	for b.Len() < 10<<20 {
		b.WriteString(para)
	}
	files, diags := load(t, map[string]string{"content/2021/banzi.md": b.String()})
	if diags != "" || files == nil {
		t.Fatalf("10 MB document: %s", diags)
	}
	if n := len(files["2021/banzi.html"]); n < 10<<20 {
		t.Errorf("document page has %d bytes, want the whole 10 MB text", n)
	}
}

func TestChineseNamesWithSpaces(t *testing.T) {
	files, diags := load(t, map[string]string{
		"content/2021/班子 材料.md": strings.Replace(okDoc, "unit: 镇班子", "unit: ××镇 领导班子/党委", 1),
		"content/2022/班子 材料.md": strings.NewReplacer("year: 2021", "year: 2022", "unit: 镇班子", "unit: ××镇 领导班子/党委").Replace(okDoc) +
			"## 落实情况\n\n- 【已整改】[[2021/班子 材料#p1]] 已完成。\n",
	})
	if diags != "" {
		t.Fatalf("diagnostics: %s", diags)
	}
	for _, name := range []string{"2021/班子 材料.html", "units/××镇-领导班子-党委.html"} {
		if files[name] == nil {
			t.Errorf("%s not generated; have %v", name, sortedKeys(files))
		}
	}
	if page := string(files["2022/班子 材料.html"]); !strings.Contains(page, `href="../2021/%e7%8f%ad%e5%ad%90%20%e6%9d%90%e6%96%99.html#p1"`) {
		t.Errorf("reference link is not escaped as a relative file URL")
	}
}

func TestSymlinkLoopIsReported(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content/2021"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "content/2021/banzi.md"), []byte(okDoc), 0o644)
	// A directory loop and a file link that points to itself.
	if err := os.Symlink("..", filepath.Join(dir, "content/2021/loop")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	os.Symlink("self.md", filepath.Join(dir, "content/2021/self.md"))
	s, diags := Load(os.DirFS(dir))
	if s != nil {
		t.Fatalf("a self-referencing link was not reported: %v", diags)
	}
	got := diags.Error()
	if !strings.Contains(got, "content/2021/self.md: error: cannot read:") || !strings.Contains(got, "content/2021/loop: warning: ignored") {
		t.Errorf("diagnostics:\n%s", got)
	}
}

func TestRawHTMLAndDangerousLinks(t *testing.T) {
	doc := okDoc + "<script>alert(1)</script>\n\n正文<img src=x onerror=alert(1)>。\n\n[点我](javascript:alert(1)) [二](vbscript:msgbox) [三](data:text/html;base64,PHNjcmlwdD4=) [好](https://example.org/) [[#p1]]\n"
	files, diags := load(t, map[string]string{"content/2021/banzi.md": doc})
	if diags != "" {
		t.Fatal(diags)
	}
	page := string(files["2021/banzi.html"])
	for _, bad := range []string{"<script>alert", "onerror", "javascript:", "vbscript:", "data:text/html"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page, `<a href="https://example.org/">好</a>`) {
		t.Errorf("ordinary link lost")
	}
	// The site may opt in to raw HTML.
	files, _ = load(t, map[string]string{"content/2021/banzi.md": doc, "config.yaml": "unsafe_html: true\n"})
	if !strings.Contains(string(files["2021/banzi.html"]), "<script>alert(1)</script>") {
		t.Errorf("unsafe_html: true did not let raw HTML through")
	}
}

func TestNamesCannotEscapeTheOutput(t *testing.T) {
	for _, unit := range []string{"../../etc", "/etc/passwd", "..", `..\..\windows`, "a/../../b"} {
		files, diags := load(t, map[string]string{"content/2021/banzi.md": strings.Replace(okDoc, "unit: 镇班子", "unit: '"+unit+"'", 1)})
		if diags != "" {
			t.Fatalf("unit %q: %s", unit, diags)
		}
		for name := range files {
			if !fs.ValidPath(name) || strings.Contains(name, `\`) {
				t.Errorf("unit %q wrote %q", unit, name)
			}
		}
	}
}
