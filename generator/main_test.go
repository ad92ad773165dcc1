package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const goodDoc = "---\ntitle: 甲\nyear: 2021\nunit: 测试镇领导班子\nkind: 班子\nmeeting: 民主生活会\n---\n\n## 存在的主要问题\n\n### （一）学习方面 {#p1}\n\n正文。\n"

func TestBuildCommand(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"content/2021/banzi.md": goodDoc})
	var stdout, stderr bytes.Buffer
	if err := Run(context.Background(), []string{"build", "-s", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "1 documents, 1 problems, 0 reports") {
		t.Errorf("summary: %q", stdout.String())
	}
	index := filepath.Join(dir, "public", "index.html")
	before, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}

	// A broken edit: the build fails with every error and public/ stays.
	writeFiles(t, dir, map[string]string{
		"content/2021/banzi.md":  strings.Replace(goodDoc, "正文。", "正文 [[2020/banzi#p1]]。", 1),
		"content/2022/banzi.md":  "---\ntitle: 乙\nyear: 2022\nunit: 测试镇领导班子\nkind: 班子\nmeeting: 会\n---\n\n## 落实情况\n\n- 【已整该】[[2021/banzi#p1]] 甲。\n",
		"content/2021/extra.txt": "x",
	})
	stdout.Reset()
	stderr.Reset()
	err = Run(context.Background(), []string{"build", "--source", dir, "--destination", filepath.Join(dir, "public")}, &stdout, &stderr)
	if err == nil {
		t.Fatal("build of a broken site succeeded")
	}
	for _, want := range []string{
		"content/2021/banzi.md:13:4: error: reference [[2020/banzi#p1]]: there is no document 2020/banzi",
		"content/2022/banzi.md:11:4: error: unknown status word 已整该; did you mean 已整改?",
		"content/2021/extra.txt: warning: ignored",
		"build failed: 2 errors",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	after, _ := os.ReadFile(index)
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed public/index.html")
	}
}

func TestCheckCommandJSON(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"content/2021/banzi.md": strings.Replace(goodDoc, "kind: 班子", "kind: 团队", 1)})
	var stdout, stderr bytes.Buffer
	err := Run(context.Background(), []string{"check", "-s", dir, "--format", "json"}, &stdout, &stderr)
	if err == nil {
		t.Fatal("check passed a broken site")
	}
	var diags []struct {
		Path     string
		Line     int
		Col      int
		Severity string
		Message  string
	}
	if err := json.Unmarshal(stdout.Bytes(), &diags); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, stdout.String())
	}
	if len(diags) != 1 || diags[0].Line != 5 || diags[0].Col != 7 || diags[0].Severity != "error" {
		t.Errorf("diagnostics %+v", diags)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("check wrote output")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"bild"}, {"build", "--nope"}, {"build", "extra"}} {
		var stdout, stderr bytes.Buffer
		if err := Run(context.Background(), args, &stdout, &stderr); err == nil {
			t.Errorf("Run(%q) succeeded", args)
		}
		if !strings.Contains(stderr.String(), "usage: generator") {
			t.Errorf("Run(%q) printed no usage: %q", args, stderr.String())
		}
	}
}

func TestCommandFlags(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args    []string
		wantErr bool
		out     string // in stdout
	}{
		{[]string{"build", "-h"}, false, "-destination"},
		{[]string{"serve", "--help"}, false, "-allowed-host"},
		{[]string{"check", "-h"}, false, "-format"},
		{[]string{"version"}, false, "generator"},
		{[]string{"check", "--bind", "x"}, true, ""},      // a serve flag
		{[]string{"build", "--format", "json"}, true, ""}, // a check flag
		{[]string{"check", "-p", "1"}, true, ""},
		{[]string{"version", "extra"}, true, ""},
	} {
		var stdout, stderr bytes.Buffer
		args := tc.args
		if args[0] != "version" {
			args = append(args, "-s", dir)
		}
		err := Run(context.Background(), args, &stdout, &stderr)
		if (err != nil) != tc.wantErr {
			t.Errorf("Run(%q): err = %v, want error %v\n%s", tc.args, err, tc.wantErr, stderr.String())
		}
		if !strings.Contains(stdout.String(), tc.out) {
			t.Errorf("Run(%q) printed %q, want %q in it", tc.args, stdout.String(), tc.out)
		}
	}
	// Flags may follow positional arguments; a stray argument is an error.
	var stdout, stderr bytes.Buffer
	if err := Run(context.Background(), []string{"check", "stray", "-s", dir}, &stdout, &stderr); !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), `unexpected argument "stray"`) {
		t.Errorf("stray argument: %v %q", err, stderr.String())
	}
}
