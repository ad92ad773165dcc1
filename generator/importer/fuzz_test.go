package importer

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzImport checks that no text makes Import panic, and that whatever it
// imports is the source word for word and parses without errors (Import
// checks both itself and fails otherwise; a failure must say "internal
// error" only for a bug).
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/variants/*.txt")
	corpus, _ := filepath.Glob("testdata/corpus/[0-9]*.txt")
	for _, file := range append(append(files, corpus...), seedText) {
		f.Add(readFileF(f, file))
	}
	f.Add([]byte("一、存在的主要问题\n（一）（二）一是二是。一是\n二、原因\n（一）\n"))
	f.Add([]byte("2021年度民主生活会整改措施落实情况\n“一是【未整改】二是。\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Import("fuzz.txt", data, Options{Year: 2021, Unit: "××镇领导班子"})
		if err != nil {
			if res != nil {
				t.Fatalf("%v\n%s", err, res.Markdown)
			}
			return
		}
		if res.Counts.Reports < res.Counts.Linked {
			t.Fatalf("counts %+v", res.Counts)
		}
	})
}

func readFileF(f *testing.F, name string) []byte {
	b, err := readFileBytes(name)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzLayout checks the reading of text laid out as pages: whatever the
// lines, the paragraphs hold every character of every line not reported
// as furniture, in order, and each reported line is a line of the text.
func FuzzLayout(f *testing.F) {
	f.Add("　　一、存在的主要问题\n　　（一）理论学习不够深入。班子成员自学时间少，集中学习多是\n传达文件，结合实际开展研讨不够，学习成果转化为推动工作的思路\n\n— 2 —\n\n页眉\n和举措不多。\n")
	f.Add("标题\n— 1 —\n正文没有结束\n页眉\n2\n继续。\n页眉\n3\n")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // sources are decoded before they are laid out
		}
		lines := splitLines(text)
		l := layoutText(lines)
		var kept, got strings.Builder
		gone := map[int]bool{}
		for _, r := range l.removed {
			if r.Line < 1 || r.Line > len(lines) || trimBlank(lines[r.Line-1]) != r.Text || gone[r.Line] {
				t.Fatalf("removal %+v is no line of the text", r)
			}
			gone[r.Line] = true
		}
		for i, line := range lines {
			if !gone[i+1] {
				kept.WriteString(line)
			}
		}
		for _, p := range l.paras {
			got.WriteString(p.text)
		}
		if squeeze(kept.String()) != squeeze(got.String()) {
			t.Fatalf("the paragraphs are not the text:\n%q\n%q", squeeze(kept.String()), squeeze(got.String()))
		}
	})
}
