package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mzshh/generator/diag"
	"mzshh/generator/search"
)

// syncBuffer is a log shared by the server and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// copyDir copies the example site (content/ and config.yaml).
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

type preview struct {
	t      *testing.T
	dir    string
	url    string
	log    *syncBuffer
	events chan event
}

// startPreview serves a temporary copy of the example archive.
func startPreview(t *testing.T) *preview {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, "../../content", filepath.Join(dir, "content"))
	b, _ := os.ReadFile("../../config.yaml")
	os.WriteFile(filepath.Join(dir, "config.yaml"), b, 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	log := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Dir: dir, Addr: "127.0.0.1:0", Log: log, Ready: func(u string) { ready <- u }})
	}()
	p := &preview{t: t, dir: dir, log: log, events: make(chan event, 100)}
	select {
	case p.url = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve stopped with %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop on cancel")
		}
	})

	// Listen to the reload stream as a browser does.
	resp, err := http.Get(p.url + "__mzshh/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				p.events <- event{name, strings.TrimPrefix(line, "data: ")}
			}
		}
		close(p.events)
	}()
	p.next("hello")
	return p
}

// next waits for the next event with the given name, skipping others.
func (p *preview) next(name string) event {
	p.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e, ok := <-p.events:
			if !ok {
				p.t.Fatalf("event stream closed while waiting for %s", name)
			}
			if e.name == name {
				return e
			}
		case <-timeout:
			p.t.Fatalf("no %s event; log:\n%s", name, p.log.String())
		}
	}
}

// get fetches a page; status and body.
func (p *preview) get(path string) (int, string) {
	p.t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// until waits for reloads until check passes on the served site.
func (p *preview) until(what string, check func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !check() {
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: not served after 20s; log:\n%s", what, p.log.String())
		}
		select {
		case <-p.events:
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (p *preview) path(rel string) string { return filepath.Join(p.dir, filepath.FromSlash(rel)) }

func (p *preview) write(rel, data string) {
	p.t.Helper()
	if err := os.WriteFile(p.path(rel), []byte(data), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *preview) read(rel string) string {
	b, err := os.ReadFile(p.path(rel))
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

func (p *preview) contains(page, text string) func() bool {
	return func() bool {
		code, body := p.get(page)
		return code == 200 && strings.Contains(body, text)
	}
}

const doc2023 = "---\ntitle: 二〇二三年材料\nyear: 2023\nunit: ××镇领导班子\nkind: 班子\nmeeting: 2023年度民主生活会\n---\n\n## 存在的主要问题\n\n### （一）新的问题 {#p1}\n\n正文。\n"

func TestServeFollowsEdits(t *testing.T) {
	p := startPreview(t)
	if code, body := p.get(""); code != 200 || !strings.Contains(body, `<script src="/__mzshh/live.js"></script></body>`) {
		t.Fatalf("home page: %d, live reload script injected: %v", code, strings.Contains(body, "live.js"))
	}
	orig := p.read("content/2021/banzi.md")

	t.Run("in-place write", func(t *testing.T) {
		p.write("content/2021/banzi.md", strings.Replace(orig, "现形成镇班子对照检查材料如下：", "现形成镇班子对照检查材料如下：（就地保存）", 1))
		p.next("reload")
		p.until("in-place write", p.contains("2021/banzi.html", "（就地保存）"))
	})

	t.Run("vim save by rename", func(t *testing.T) {
		p.write("content/2021/4913", "")
		os.Remove(p.path("content/2021/4913"))
		os.Rename(p.path("content/2021/banzi.md"), p.path("content/2021/banzi.md~"))
		p.write("content/2021/banzi.md", strings.Replace(orig, "现形成镇班子对照检查材料如下：", "现形成镇班子对照检查材料如下：（vim 保存）", 1))
		os.Remove(p.path("content/2021/banzi.md~"))
		p.until("vim save", p.contains("2021/banzi.html", "（vim 保存）"))
	})

	t.Run("JetBrains safe write", func(t *testing.T) {
		p.write("content/2021/banzi.md___jb_tmp___", strings.Replace(orig, "现形成镇班子对照检查材料如下：", "现形成镇班子对照检查材料如下：（JetBrains 保存）", 1))
		os.Rename(p.path("content/2021/banzi.md"), p.path("content/2021/banzi.md___jb_old___"))
		os.Rename(p.path("content/2021/banzi.md___jb_tmp___"), p.path("content/2021/banzi.md"))
		os.Remove(p.path("content/2021/banzi.md___jb_old___"))
		p.until("JetBrains save", p.contains("2021/banzi.html", "（JetBrains 保存）"))
	})

	t.Run("new year directory", func(t *testing.T) {
		os.MkdirAll(p.path("content/2023"), 0o755)
		p.write("content/2023/banzi.md", doc2023)
		p.until("new year", p.contains("2023/banzi.html", "二〇二三年材料"))
		p.until("new year on the home page", p.contains("index.html", "2023年度"))
	})

	t.Run("directory renamed", func(t *testing.T) {
		os.Rename(p.path("content/2023"), p.path("content/old-2023"))
		p.until("renamed away", func() bool { code, _ := p.get("2023/banzi.html"); return code == 404 })
		os.Rename(p.path("content/old-2023"), p.path("content/2023"))
		p.until("renamed back", p.contains("2023/banzi.html", "二〇二三年材料"))
		// The renamed directory is watched: edits inside it show.
		p.write("content/2023/banzi.md", strings.Replace(doc2023, "正文。", "改名后编辑。", 1))
		p.until("edit after rename", p.contains("2023/banzi.html", "改名后编辑。"))
	})

	t.Run("document deleted", func(t *testing.T) {
		os.Remove(p.path("content/2023/banzi.md"))
		p.until("deleted", func() bool { code, _ := p.get("2023/banzi.html"); return code == 404 })
	})

	t.Run("broken front matter, then fixed", func(t *testing.T) {
		p.write("content/2021/banzi.md", strings.Replace(orig, "kind: 班子", "kind: 班子\ncolour: red", 1))
		e := p.next("builderror")
		if !strings.Contains(e.data, "content/2021/banzi.md:6:1: error: unknown front matter key colour") {
			t.Errorf("error event: %s", e.data)
		}
		// The last good site is still served.
		if code, body := p.get("2021/banzi.html"); code != 200 || !strings.Contains(body, "（JetBrains 保存）") {
			t.Errorf("last good page not served during the error")
		}
		p.write("content/2021/banzi.md", orig)
		p.next("ok")
		p.until("fixed", func() bool {
			code, body := p.get("2021/banzi.html")
			return code == 200 && !strings.Contains(body, "（JetBrains 保存）")
		})
	})

	t.Run("100 saves in one second", func(t *testing.T) {
		for i := range 100 {
			p.write("content/2021/banzi.md", strings.Replace(orig, "现形成镇班子对照检查材料如下：", fmt.Sprintf("现形成镇班子对照检查材料如下：（第%d次保存）", i), 1))
			time.Sleep(10 * time.Millisecond)
		}
		p.until("final save", p.contains("2021/banzi.html", "（第99次保存）"))
	})
	if !strings.Contains(p.log.String(), "rebuilt in ") {
		t.Errorf("rebuilds are not logged with their time:\n%s", p.log.String())
	}
}

func TestServeNeverWritesPublic(t *testing.T) {
	p := startPreview(t)
	p.write("content/2021/banzi.md", p.read("content/2021/banzi.md")+"\n追加。\n")
	p.until("edit", p.contains("2021/banzi.html", "追加。"))
	if _, err := os.Stat(p.path("public")); !os.IsNotExist(err) {
		t.Errorf("serve created public/: %v", err)
	}
}

func TestSearchIndexFollowsEdits(t *testing.T) {
	p := startPreview(t)
	orig := p.read("content/2021/banzi.md")
	p.write("content/2021/banzi.md", strings.Replace(orig, "虽能坚持定期学习，", "虽能坚持定期学习，鸿鹄", 1))
	p.until("page", p.contains("2021/banzi.html", "鸿鹄"))
	p.until("search index", func() bool {
		_, manifest := p.get("search/manifest.js")
		var shards int
		if i := strings.Index(manifest, `"shards":`); i >= 0 {
			fmt.Sscanf(manifest[i+len(`"shards":`):], "%d", &shards)
		}
		if shards == 0 {
			return false
		}
		_, shard := p.get(fmt.Sprintf("search/s/%d.js", search.ShardOf("鸿鹄", shards)))
		return strings.Contains(shard, `"鸿鹄":`)
	})
}

// TestWarnPrintsChanges: the first build prints every warning; later ones
// print the warnings they made and count those gone, and print nothing of
// warnings that stayed.
func TestWarnPrintsChanges(t *testing.T) {
	w := func(path string, line int) diag.Diagnostic {
		return diag.Diagnostic{Path: path, Line: line, Col: 1, Severity: diag.Warning, Message: "overdue"}
	}
	var log bytes.Buffer
	s := &Server{opts: Options{Log: &log}}
	steps := []struct {
		warnings diag.List
		changed  bool
		printed  []string
	}{
		{diag.List{w("a.md", 1), w("b.md", 2)}, true, []string{"a.md:1:1", "b.md:2:1"}},
		{diag.List{w("a.md", 1), w("b.md", 2)}, false, nil},
		{diag.List{w("a.md", 1), w("b.md", 2), w("c.md", 3)}, true, []string{"c.md:3:1"}},
		{diag.List{w("b.md", 2), w("c.md", 3)}, true, []string{"1 warnings fixed or gone, 2 left"}},
		{nil, true, []string{"2 warnings fixed or gone, 0 left"}},
	}
	for i, st := range steps {
		log.Reset()
		if got := s.warn(st.warnings); got != st.changed {
			t.Errorf("step %d: warn reported %v", i, got)
		}
		lines := strings.Split(strings.TrimSpace(log.String()), "\n")
		if log.Len() == 0 {
			lines = nil
		}
		if len(lines) != len(st.printed) {
			t.Fatalf("step %d: printed %q, want lines starting %q", i, lines, st.printed)
		}
		for k, want := range st.printed {
			if !strings.HasPrefix(lines[k], want) {
				t.Errorf("step %d: line %d is %q, want it to start %q", i, k, lines[k], want)
			}
		}
	}
}
