package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"mzshh/generator/diag"
	"mzshh/generator/status"
)

// parseSrc parses a whole file, front matter included.
func parseSrc(t *testing.T, cfg Config, src string) (*Document, string) {
	t.Helper()
	d, diags := NewParser(cfg, DefaultVocabulary(), nil).Parse("content/2021/banzi.md", []byte(src))
	diags.Sort()
	return d, strings.TrimSpace(diags.Error())
}

// TestYAMLErrorPositions: a YAML mistake in the front matter is reported
// at the file line and column where it is, not where the library says.
func TestYAMLErrorPositions(t *testing.T) {
	const rest = "kind: 班子\nmeeting: 丙\n---\n## 问题\n"
	for _, tc := range []struct{ name, src, want string }{
		{"unclosed list on line 6", "---\ntitle: 甲\nunit: 乙\nkind: 班子\nmeeting: 丙\nyear: [2021\n---\n## 问题\n",
			"content/2021/banzi.md:6:7: error: front matter is not valid YAML: did not find expected ',' or ']'"},
		{"unclosed list on the first line", "---\nyear: [2021\ntitle: 甲\nunit: 乙\n" + rest,
			"content/2021/banzi.md:2:7: error: front matter is not valid YAML: did not find expected ',' or ']'"},
		{"unknown alias", "---\ntitle: *nope\nyear: 2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:2:8: error: front matter is not valid YAML: unknown anchor 'nope' referenced"},
		{"unknown alias further down", "---\ntitle: 甲\nyear: 2021\nunit: *nope\n" + rest,
			"content/2021/banzi.md:4:7: error: front matter is not valid YAML: unknown anchor 'nope' referenced"},
		{"unclosed quote", "---\ntitle: \"甲\nyear: 2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:2:8: error: front matter is not valid YAML: found unexpected end of stream"},
		{"tab indentation", "---\ntitle: 甲\n\tyear: 2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:3:1: error: front matter is not valid YAML: found a tab character that violates indentation"},
		{"list item among keys", "---\ntitle: 甲\nyear: 2021\n- 乙\n" + rest,
			"content/2021/banzi.md:4:1: error: front matter is not valid YAML: did not find expected key"},
		{"stray bracket", "---\ntitle: 甲\nyear: 2021\nunit: [乙, 丙]]\n" + rest,
			"content/2021/banzi.md:4:13: error: front matter is not valid YAML: did not find expected key"},
		{"colon in a value", "---\ntitle: 甲: 乙\nyear: 2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:2:9: error: front matter is not valid YAML: mapping values are not allowed in this context"},
		{"indented key", "---\ntitle: 甲\n year: 2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:3:6: error: front matter is not valid YAML: mapping values are not allowed in this context"},
		{"control character", "---\ntitle: 甲\nyear: 2021\nunit: 乙\x01\n" + rest,
			"content/2021/banzi.md:4:8: error: front matter is not valid YAML: control characters are not allowed"},
		{"bad escape", "---\ntitle: \"甲\\q\"\nyear: 2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:2:10: error: front matter is not valid YAML: found unknown escape character"},
		{"character that starts no token", "---\ntitle: 甲\nyear: @2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:3:7: error: front matter is not valid YAML: found character that cannot start any token"},
		{"key without colon", "---\ntitle: 甲\nyear\nunit: 乙\n" + rest,
			"content/2021/banzi.md:3:1: error: front matter is not valid YAML: could not find expected ':'"},
		{"block scalar badly indented", "---\ntitle: |\n  甲\n 乙: 丙\nyear: 2021\nunit: 乙\n" + rest,
			"content/2021/banzi.md:4:2: error: front matter is not valid YAML: did not find expected key"},
		{"second document", "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 丙\n...\ndate: 2022-01-01\n---\n## 问题\n",
			"content/2021/banzi.md:7:1: error: front matter holds a second YAML document after a ... line: it would be ignored; remove the ... line"},
		{"year key found by its node, not its text", "---\ntitle: 学年year总结\nyear: 2020\nunit: 乙\n" + rest,
			"content/2021/banzi.md:3:1: error: year 2020 does not match the folder 2021; move the file or correct the year"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, got := parseSrc(t, Config{}, tc.src); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestYAMLErrorPosFallsBack: a problem the library gives no line for, and
// a long document, still get a position inside the YAML.
func TestYAMLErrorPosFallsBack(t *testing.T) {
	long := strings.Repeat("a: 1\n", 3000) + "b: [1\n" + strings.Repeat("c: 2\n", 3000)
	_, err := parseYAML([]byte(long))
	if err == nil {
		t.Fatal("no error")
	}
	if line, col, _ := yamlErrorPos([]byte(long), err); line != 3001 || col != 4 {
		t.Errorf("long document: %d:%d, want 3001:4", line, col)
	}
	src := []byte("a: 1\nb: &x [*x]\n")
	if _, err := parseYAML(src); err != nil {
		t.Fatal(err) // the library finds it only when decoding into values
	}
	line, col, _ := yamlErrorPos(src, errString("yaml: anchor 'x' value contains itself"))
	if line != 2 || col != 8 {
		t.Errorf("self-containing anchor at %d:%d, want 2:8", line, col)
	}
	line, col, _ = yamlErrorPos(src, errString("yaml: something new"))
	if line < 1 || col < 1 {
		t.Errorf("unknown problem at %d:%d", line, col)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// TestFrontMatterEmptyValues: a required key with no value is an error at
// its position, not a document with an empty unit.
func TestFrontMatterEmptyValues(t *testing.T) {
	d, got := parseSrc(t, Config{}, "---\ntitle: \"\"\nyear: 2021\nunit: ~\nkind:\nmeeting: \"  \"\ndate: null\n---\n## 问题\n")
	want := "content/2021/banzi.md:2:8: error: front matter title is empty; write it, e.g. title: ××镇领导班子2021年度民主生活会对照检查材料\n" +
		"content/2021/banzi.md:4:7: error: front matter unit is empty; write it, e.g. unit: ××镇领导班子\n" +
		"content/2021/banzi.md:5:1: error: front matter kind is empty; write it, e.g. kind: 班子\n" +
		"content/2021/banzi.md:6:10: error: front matter meeting is empty; write it, e.g. meeting: 2021年度民主生活会\n" +
		"content/2021/banzi.md:7:7: error: front matter date is empty; write it, e.g. date: 2022-01-18, or remove the line"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if d.Unit != "" {
		t.Errorf("unit: ~ gave unit %q", d.Unit)
	}
}

func TestConfigDiagnostics(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key with suggestion", "titel: 甲\n", "config.yaml:1:1: error: unknown config key titel; did you mean title?"},
		{"not YAML", "title: 甲\norganization: [乙\n", "config.yaml:2:15: error: config is not valid YAML: did not find expected ',' or ']'"},
		{"unknown alias", "title: *t\n", "config.yaml:1:8: error: config is not valid YAML: unknown anchor 't' referenced"},
		{"title is a list", "title: [甲, 乙]\n", "config.yaml:1:8: error: config title must be text, not a list"},
		{"organization is a mapping", "organization:\n  name: 乙\n", "config.yaml:2:3: error: config organization must be text, not a mapping"},
		{"unsafe_html not a boolean", "unsafe_html: yes\n", "config.yaml:1:14: error: config unsafe_html must be true or false, not \"yes\""},
		{"key twice", "title: 甲\ntitle: 乙\n", "config.yaml:2:1: error: config key title is given twice (first at line 1)"},
		{"not a mapping", "- title\n", "config.yaml:1:1: error: config.yaml must be key: value lines; the keys are title, organization, statuses, unsafe_html, similarity, editions, as_of"},
		{"statuses not a mapping", "statuses: [已销号]\n", "config.yaml:1:11: error: config statuses must be class: [words] lines, e.g. done: [已销号]; found a list"},
		{"class near a known one", "statuses:\n  don: [办结]\n", "config.yaml:2:3: error: statuses: unknown class don; did you mean done?"},
		{"class unknown", "statuses:\n  finished: [办结]\n", "config.yaml:2:3: error: statuses: unknown class finished; use done, mostly, ongoing, progress or notdone"},
		{"words not a list", "statuses:\n  done: 办结\n", "config.yaml:2:9: error: statuses: done must be a list of words, e.g. done: [已整改]; found \"办结\""},
		{"word not a word", "statuses:\n  progress:\n    - [推进中]\n", "config.yaml:3:7: error: statuses: each word of progress must be a single word, e.g. 整改中; found a list"},
		{"class twice", "statuses:\n  done: [办结]\n  done: [销号]\n", "config.yaml:3:3: error: statuses: class done is given twice; put all its words in one list"},
		{"second document", "title: 甲\n---\ntitle: 乙\n", "config.yaml:2:1: error: config.yaml holds more than one YAML document; keep one, without --- or ... lines"},
		{"every error", "theme: red\nunsafe_html: 1\nstatuses:\n  finished: [x]\n",
			"config.yaml:1:1: error: unknown config key theme; the keys are title, organization, statuses, unsafe_html, similarity, editions, as_of\n" +
				"config.yaml:2:14: error: config unsafe_html must be true or false, not \"1\"\n" +
				"config.yaml:4:3: error: statuses: unknown class finished; use done, mostly, ongoing, progress or notdone"},
		{"as_of not a date", "as_of: 2023-6-30\n", "config.yaml:1:8: error: config as_of must be a date written YYYY-MM-DD, e.g. 2023-06-30, not \"2023-6-30\""},
		{"as_of a list", "as_of: [2023-06-30]\n", "config.yaml:1:8: error: config as_of must be a date written YYYY-MM-DD, e.g. 2023-06-30, not a list"},
		{"as_of", "as_of: 2023-06-30\n", ""},
		{"empty", "", ""},
		{"only comments", "# nothing\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, diags := LoadConfig(fstest.MapFS{ConfigFile: {Data: []byte(tc.src)}})
			diags.Sort()
			if got := diags.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestConfigPositions: the loaded config keeps where each setting and
// status word is written, for checks made after loading.
func TestConfigPositions(t *testing.T) {
	src := "title: 甲\nstatuses:\n  done: [已办结, \"\"]\n  notdone:\n    - 已整改\nunsafe_html: true\n"
	cfg, vocab, diags := LoadConfig(fstest.MapFS{ConfigFile: {Data: []byte(src)}})
	// The empty word and the built-in 已整改 under notdone are refused,
	// at the positions the config keeps.
	if got := diags.Error(); !strings.Contains(got, "config.yaml:3:15: error: statuses: an empty status word") || !strings.Contains(got, "config.yaml:5:7: error: statuses: 已整改 is a built-in word of done") {
		t.Fatal(got)
	}
	if !cfg.UnsafeHTML || cfg.Title != "甲" || vocab["已办结"] != status.Done {
		t.Errorf("config %+v", cfg)
	}
	for _, tc := range []struct {
		path      []string
		key       bool
		line, col int
	}{
		{[]string{"title"}, false, 1, 8},
		{[]string{"title"}, true, 1, 1},
		{[]string{"statuses", "done"}, true, 3, 3},
		{[]string{"statuses", "done", "1"}, false, 3, 15},
		{[]string{"statuses", "notdone", "0"}, false, 5, 7},
		{[]string{"unsafe_html"}, false, 6, 14},
	} {
		pos, ok := cfg.Pos(tc.path...)
		if tc.key {
			pos, ok = cfg.KeyPos(tc.path...)
		}
		if want := (diag.Pos{Path: ConfigFile, Line: tc.line, Col: tc.col}); !ok || pos != want {
			t.Errorf("%v (key %v): %v %v, want %v", tc.path, tc.key, pos, ok, want)
		}
	}
	if _, ok := cfg.Pos("statuses", "mostly"); ok {
		t.Errorf("a path that is not there was found")
	}
	want := []ConfigWord{
		{"done", "已办结", diag.Pos{Path: ConfigFile, Line: 3, Col: 10}},
		{"done", "", diag.Pos{Path: ConfigFile, Line: 3, Col: 15}},
		{"notdone", "已整改", diag.Pos{Path: ConfigFile, Line: 5, Col: 7}},
	}
	if !slices.Equal(cfg.StatusWords, want) {
		t.Errorf("status words %+v, want %+v", cfg.StatusWords, want)
	}
	if _, ok := (Config{}).Pos("title"); ok {
		t.Errorf("a config without a file has positions")
	}
}
