package site

import (
	"mzshh/generator/output"
	"strings"
	"testing"
	"testing/fstest"
)

// fm builds a front matter block; extra lines are appended before the
// closing ---.
func fm(year, unit string, extra ...string) string {
	lines := append([]string{"---", "title: 材料", "year: " + year, "unit: " + unit, "kind: 班子", "meeting: 民主生活会"}, extra...)
	return strings.Join(append(lines, "---", ""), "\n")
}

const base2020 = "---\ntitle: 材料\nyear: 2020\nunit: 镇班子\nkind: 班子\nmeeting: 民主生活会\n---\n\n## 存在的主要问题\n\n### （一）学习方面 {#p1}\n\n#### 一是甲。 {#p1-1}\n\n正文。\n\n## 原因\n\n### （一）原因甲。 {#c1}\n\n正文。\n"

// report2021 is a 2021 document of the same unit whose report section
// holds items.
func report2021(items ...string) string {
	return fm("2021", "镇班子") + "\n## 存在的主要问题\n\n### （一）新问题 {#p1}\n\n## 落实情况\n\n" + strings.Join(items, "\n") + "\n"
}

// TestDiagnostics holds the bad input real users produce, each with the
// exact diagnostics expected: path, line, column (in characters) and
// message. Every diagnostic of a run is reported, sorted.
func TestDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"bad YAML", map[string]string{"content/2021/a.md": "---\ntitle: [未闭合\nyear: 2021\n---\n"},
			"content/2021/a.md:1:1: warning: the document has no problems section (a ## heading with 存在的主要问题 or 问题)\n" +
				"content/2021/a.md:2:8: error: front matter is not valid YAML: did not find expected ',' or ']'"},
		{"missing year", map[string]string{"content/2021/a.md": "---\ntitle: 甲\nunit: 乙\nkind: 班子\nmeeting: 会\n---\n## 问题\n"},
			"content/2021/a.md:2:1: error: front matter has no year"},
		{"impossible year", map[string]string{"content/2021/a.md": fm("3021", "乙") + "## 问题\n"},
			"content/2021/a.md:3:7: error: year \"3021\" is not a year; write it as four digits, e.g. year: 2021"},
		{"year not matching folder", map[string]string{"content/2021/a.md": fm("2020", "乙") + "## 问题\n"},
			"content/2021/a.md:3:1: error: year 2020 does not match the folder 2021; move the file or correct the year"},
		{"unknown key with suggestion", map[string]string{"content/2021/a.md": fm("2021", "乙", "meting: 会") + "## 问题\n"},
			"content/2021/a.md:7:1: error: unknown front matter key meting; did you mean meeting?"},
		{"unknown key", map[string]string{"content/2021/a.md": fm("2021", "乙", "作者: 张三") + "## 问题\n"},
			"content/2021/a.md:7:1: error: unknown front matter key 作者; the keys are title, year, unit, kind, meeting, date, 密级, classification"},
		{"key twice", map[string]string{"content/2021/a.md": fm("2021", "乙", "unit: 丙") + "## 问题\n"},
			"content/2021/a.md:7:1: error: front matter key unit is given twice"},
		{"bad kind", map[string]string{"content/2021/a.md": strings.Replace(fm("2021", "乙"), "kind: 班子", "kind: 班子成员", 1) + "## 问题\n"},
			"content/2021/a.md:5:7: error: kind \"班子成员\" must be 班子 (a team's material) or 个人 (a member's own)"},
		{"bad date", map[string]string{"content/2021/a.md": fm("2021", "乙", "date: 2022/1/18") + "## 问题\n"},
			"content/2021/a.md:7:7: error: date \"2022/1/18\" must be written YYYY-MM-DD, e.g. 2022-01-18"},
		{"missing front matter", map[string]string{"content/2021/a.md": "## 问题\n"},
			"content/2021/a.md:1:1: error: missing front matter: the file must start with a --- line, then title, year, unit, kind and meeting, then ---"},
		{"front matter not closed (half-saved file)", map[string]string{"content/2021/a.md": "---\ntitle: 甲\nyear: 20"},
			"content/2021/a.md:1:1: error: front matter is not closed: add a line --- after it"},
		{"TOML front matter", map[string]string{"content/2021/a.md": "+++\ntitle = \"甲\"\n+++\n"},
			"content/2021/a.md:1:1: error: TOML front matter (+++) is not supported: write the front matter in YAML between --- lines"},
		{"empty file", map[string]string{"content/2021/a.md": ""},
			"content/2021/a.md:1:1: error: the file is empty: a document needs front matter (title, year, unit, kind, meeting) and its text"},
		{"reference to a missing document", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整改】[[2020/banz#p1]] 甲。")},
			"content/2020/banzi.md:13:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-1; add a report item such as 【整改中】[[2020/banzi#p1-1]] to its report section\n" +
				"content/2021/banzi.md:15:8: error: reference [[2020/banz#p1]]: there is no document 2020/banz (content/2020/banz.md); did you mean 2020/banzi?"},
		{"reference to a missing problem", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整改】[[2020/banzi#p2]] 甲。")},
			"content/2020/banzi.md:13:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-1; add a report item such as 【整改中】[[2020/banzi#p1-1]] to its report section\n" +
				"content/2021/banzi.md:15:8: error: reference [[2020/banzi#p2]]: 2020/banzi has no problem p2; did you mean p1?"},
		{"reference without an ID", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n见 [[2020/banzi]]。\n"},
			"content/2021/a.md:10:3: error: reference [[2020/banzi]] names no problem: write [[<year>/<name>#<id>]], e.g. [[2020/banzi#p1]], or [[#p1]] within this document"},
		{"reference with a bad key", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n见 [[二〇二〇/banzi#p1]]。\n"},
			"content/2021/a.md:10:3: error: reference [[二〇二〇/banzi#p1]]: \"二〇二〇/banzi\" is not a document key; write <year>/<name>, e.g. 2020/banzi"},
		{"duplicate problem ID", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#p1}\n\n### 乙 {#p1}\n"},
			"content/2021/a.md:12:5: error: duplicate ID p1: it is already used at line 10; IDs must be unique within a document"},
		{"unknown status word", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整该】[[2020/banzi#p1]] 甲。")},
			"content/2021/banzi.md:15:4: error: unknown status word 已整该; did you mean 已整改?"},
		{"unknown status word, nothing near", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【很好】[[2020/banzi#p1]] 甲。")},
			"content/2021/banzi.md:15:4: error: unknown status word 很好; known words: 基本完成、基本整改、完成整改、已完成、已整改、已销号、持续整改、整改中、未完成、未整改、正在整改、部分整改、长期坚持、阶段性完成"},
		{"report item without status", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- [[2020/banzi#p1]] 甲。")},
			"content/2020/banzi.md:13:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-1; add a report item such as 【整改中】[[2020/banzi#p1-1]] to its report section\n" +
				"content/2021/banzi.md:15:3: error: report item has no status: start it with a status word such as 【已整改】 or 【整改中】"},
		{"report item without reference", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整改】 甲。", "- 【已整改】[[2020/banzi#p1]] 乙。")},
			"content/2021/banzi.md:15:3: error: report item 【已整改】 names no problem: add a reference such as [[2020/banzi#p1]]"},
		{"status marker not closed", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整改 [[2020/banzi#p1]] 甲。")},
			"content/2020/banzi.md:13:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-1; add a report item such as 【整改中】[[2020/banzi#p1-1]] to its report section\n" +
				"content/2021/banzi.md:15:3: error: status marker is not closed: write 【已整改】 with both brackets"},
		{"report on a problem of the same year", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整改】[[2020/banzi#p1]] 甲。", "- 【已整改】[[#p1]] 乙。")},
			"content/2021/banzi.md:16:8: error: report item [[#p1]]: a report can only name problems of earlier years; 2021/banzi#p1 is from 2021"},
		{"report on a cause", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整改】[[2020/banzi#p1]][[2020/banzi#c1]] 甲。")},
			"content/2021/banzi.md:15:25: error: report item [[2020/banzi#c1]] must name a problem, not a cause or measure"},
		{"continuation of a later problem", map[string]string{
			"content/2020/banzi.md": base2020 + "\n## 问题\n\n### 甲 {#p9}\n\n延续 [[2021/banzi#p1]]\n",
			"content/2021/banzi.md": report2021("- 【已整改】[[2020/banzi#p1]] 甲。", "- 【已整改】[[2020/banzi#p9]] 乙。")},
			"content/2020/banzi.md:27:4: error: problem p9 refers to 2021/banzi#p1 of 2021: a problem can only continue a problem of an earlier year"},
		{"item before any group", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n#### 一是甲。\n"},
			"content/2021/a.md:10:6: error: problem item \"一是甲。\" comes before any problem group: add a ### group heading above it, or make it a ### heading"},
		{"GBK file from Windows", map[string]string{"content/2021/a.md": "---\ntitle: \xd6\xd0\xce\xc4\n---\n"},
			"content/2021/a.md:2:8: error: the file is not UTF-8: it looks like GBK/GB18030 (as saved by Chinese Windows); convert it with: iconv -f GB18030 -t UTF-8 \"a.md\" > converted.md"},
		{"UTF-16 file", map[string]string{"content/2021/a.md": "\xff\xfe-\x00-\x00-\x00"},
			"content/2021/a.md:1:4: error: the file contains NUL bytes: it is binary, or saved in UTF-16; save it as UTF-8 text"},
		{"invalid UTF-8", map[string]string{"content/2021/a.md": "---\ntitle: \xff\xff\n---\n"},
			"content/2021/a.md:2:8: error: the file is not valid UTF-8 text; save it as UTF-8"},
		{"layout that does not parse", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "layouts/home.html": "{{template \"base\" .}}\n{{define \"main\"}}{{if}}{{end}}\n"},
			"layouts/home.html:2: error: template: missing value for if"},
		{"layout that fails on a page", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "layouts/home.html": "{{template \"base\" .}}\n{{define \"main\"}}\n<p>{{.Nope}}</p>{{end}}\n"},
			"layouts/home.html:3:5: error: template: executing \"main\" at <.Nope>: can't evaluate field Nope in type *render.Page"},
		{"config with an unknown key", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "title: 甲\ntheme: red\n"},
			"config.yaml:2:1: error: unknown config key theme; the keys are title, organization, statuses, unsafe_html, similarity, editions, as_of"},
		{"config with an unknown status class", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses:\n  finished: [办结]\n"},
			"config.yaml:2:3: error: statuses: unknown class finished; use done, mostly, ongoing, progress or notdone"},
		{"config redefining a built-in status word", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses:\n  notdone: [尚未整改, 已整改]\n"},
			"config.yaml:2:19: error: statuses: 已整改 is a built-in word of done (已整改); it cannot also mean notdone"},
		{"config making the empty word a status", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses:\n  done: [\"\"]\n"},
			"config.yaml:2:10: error: statuses: an empty status word would make 【】 a status; remove it"},
		{"config giving one word two classes", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses:\n  done: [办结]\n  notdone: [办结]\n"},
			"config.yaml:3:13: error: statuses: 办结 is already a word of done (config.yaml:2:10)"},
		{"config with a bracketed status word", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses:\n  done: [【办结】]\n"},
			"config.yaml:2:10: error: statuses: \"【办结】\" holds a bracket; write the word alone, without 【】"},

		// Hostile input: YAML mistakes at the line and column they are on.
		{"YAML list not closed on line 6", map[string]string{"content/2021/a.md": "---\ntitle: 甲\nunit: 乙\nkind: 班子\nmeeting: 会\nyear: [2021\n---\n## 问题\n"},
			"content/2021/a.md:6:7: error: front matter is not valid YAML: did not find expected ',' or ']'"},
		{"YAML alias to no anchor", map[string]string{"content/2021/a.md": "---\ntitle: *nope\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 会\n---\n## 问题\n"},
			"content/2021/a.md:2:8: error: front matter is not valid YAML: unknown anchor 'nope' referenced"},
		{"YAML quote not closed", map[string]string{"content/2021/a.md": "---\ntitle: 甲\nunit: \"乙\nyear: 2021\nkind: 班子\nmeeting: 会\n---\n## 问题\n"},
			"content/2021/a.md:3:7: error: front matter is not valid YAML: found unexpected end of stream"},
		{"YAML tab indentation", map[string]string{"content/2021/a.md": "---\ntitle: 甲\n\tyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 会\n---\n## 问题\n"},
			"content/2021/a.md:3:1: error: front matter is not valid YAML: found a tab character that violates indentation"},
		{"YAML list item among keys", map[string]string{"content/2021/a.md": "---\ntitle: 甲\nyear: 2021\nunit: 乙\n- 丙\nkind: 班子\nmeeting: 会\n---\n## 问题\n"},
			"content/2021/a.md:5:1: error: front matter is not valid YAML: did not find expected key"},
		{"YAML colon inside a value", map[string]string{"content/2021/a.md": "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 会议: 民主生活会\n---\n## 问题\n"},
			"content/2021/a.md:6:12: error: front matter is not valid YAML: mapping values are not allowed in this context"},
		{"YAML control character", map[string]string{"content/2021/a.md": "---\ntitle: 甲\x07\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 会\n---\n## 问题\n"},
			"content/2021/a.md:2:9: error: front matter is not valid YAML: control characters are not allowed"},
		{"YAML document end hides keys", map[string]string{"content/2021/a.md": "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\n...\nmeeting: 会\n---\n## 问题\n"},
			"content/2021/a.md:2:1: error: front matter has no meeting\n" +
				"content/2021/a.md:6:1: error: front matter holds a second YAML document after a ... line: it would be ignored; remove the ... line"},
		{"empty title", map[string]string{"content/2021/a.md": strings.Replace(fm("2021", "乙"), "title: 材料", "title: \"\"", 1) + "## 问题\n"},
			"content/2021/a.md:2:8: error: front matter title is empty; write it, e.g. title: ××镇领导班子2021年度民主生活会对照检查材料"},
		{"null unit", map[string]string{"content/2021/a.md": fm("2021", "~") + "## 问题\n"},
			"content/2021/a.md:4:7: error: front matter unit is empty; write it, e.g. unit: ××镇领导班子"},
		{"empty meeting", map[string]string{"content/2021/a.md": strings.Replace(fm("2021", "乙"), "meeting: 民主生活会", "meeting:", 1) + "## 问题\n"},
			"content/2021/a.md:6:1: error: front matter meeting is empty; write it, e.g. meeting: 2021年度民主生活会"},

		// Hostile input: heading IDs.
		{"ID with a space", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#p 1}\n"},
			"content/2021/a.md:10:7: error: ID \"p 1\" holds a space: an ID is letters, digits, - and _ only; write it as {#p-1}"},
		{"empty ID", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#}\n"},
			"content/2021/a.md:10:7: error: empty ID {#}: write the ID after #, e.g. {#p1}"},
		{"ID not closed", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#p1\n"},
			"content/2021/a.md:10:7: error: ID {#p1 is not closed: end it with }, e.g. {#p1}"},
		{"ID before more words", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#p1} 方面\n"},
			"content/2021/a.md:10:7: error: ID {#p1} must end the heading line: move \"方面\" before it"},
		{"ID with a slash", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#p1/2}\n"},
			"content/2021/a.md:10:7: error: ID \"p1/2\" holds '/': an ID is letters, digits, - and _ only; write it as {#p1-2}"},
		{"two IDs on a heading", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#p1 id=p2}\n"},
			"content/2021/a.md:10:7: error: heading has 2 IDs (p1, p2); keep one"},
		{"ID given a number", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {id=1}\n"},
			"content/2021/a.md:10:7: error: ID 1 is not written as an ID: write it as {#p1}, letters, digits, - and _ only"},
		{"ID the layout uses", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#main}\n"},
			"content/2021/a.md:10:5: error: ID main is reserved: the page layout uses it; choose another ID"},
		{"ID of a report item", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#r1}\n"},
			"content/2021/a.md:10:5: error: ID r1 is reserved: report items are numbered r1, r2, …; choose another ID"},
		{"section ID that a problem takes", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题 {#p1}\n\n### 甲\n"},
			"content/2021/a.md:10:5: error: duplicate ID p1: it is already used at line 8; IDs must be unique within a document"},
		{"ID in a nested heading", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n> ### 引 {#q.1}\n"},
			"content/2021/a.md:10:9: error: ID \"q.1\" holds '.': an ID is letters, digits, - and _ only; write it as {#q-1}"},
		{"problem heading without words", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### {#p1}\n"},
			"content/2021/a.md:10:5: error: problem group p1 has no title: write its words after the ###"},

		// Hostile input: references where a link cannot be.
		{"reference inside a link", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021("- 【已整改】[[2020/banzi#p1]] [见 [[2020/banzi#p1-1]]](x.html)")},
			"content/2021/banzi.md:15:29: error: reference [[2020/banzi#p1-1]] inside the text of a link: a reference is a link itself, and a link cannot hold another; move it out of the […](…)"},
		{"reference inside an image description", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n### 甲 {#p1}\n\n![图 [[#p1]]](a.png)\n"},
			"content/2021/a.md:12:5: error: reference [[#p1]] inside the description of an image: a reference is a link, which an image description cannot hold; move it out of the ![…](…)"},
		{"repeated continuation of a later problem", map[string]string{
			"content/2020/banzi.md": base2020 + "\n## 问题\n\n### 甲 {#p9}\n\n延续 [[2021/banzi#p1]] [[2021/banzi#p1]]\n",
			"content/2021/banzi.md": report2021("- 【已整改】[[2020/banzi#p1]] 甲。", "- 【已整改】[[2020/banzi#p9]] 乙。")},
			"content/2020/banzi.md:27:4: error: problem p9 refers to 2021/banzi#p1 of 2021: a problem can only continue a problem of an earlier year"},

		// Hostile input: config.yaml, every error at its line and column.
		{"config that is not YAML", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "title: 甲\norganization: [乙\n"},
			"config.yaml:2:15: error: config is not valid YAML: did not find expected ',' or ']'"},
		{"config alias to no anchor", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "title: *t\n"},
			"config.yaml:1:8: error: config is not valid YAML: unknown anchor 't' referenced"},
		{"config key misspelt", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "title: 甲\norganisation: 乙\n"},
			"config.yaml:2:1: error: unknown config key organisation; did you mean organization?"},
		{"config title as a list", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "title: [甲, 乙]\n"},
			"config.yaml:1:8: error: config title must be text, not a list"},
		{"config unsafe_html yes", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "unsafe_html: yes\n"},
			"config.yaml:1:14: error: config unsafe_html must be true or false, not \"yes\""},
		{"config key twice", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "title: 甲\ntitle: 乙\n"},
			"config.yaml:2:1: error: config key title is given twice (first at line 1)"},
		{"config as a list", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "- title: 甲\n"},
			"config.yaml:1:1: error: config.yaml must be key: value lines; the keys are title, organization, statuses, unsafe_html, similarity, editions, as_of"},
		{"config statuses as a list", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses: [办结]\n"},
			"config.yaml:1:11: error: config statuses must be class: [words] lines, e.g. done: [已销号]; found a list"},
		{"config status class misspelt", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses:\n  don: [办结]\n"},
			"config.yaml:2:3: error: statuses: unknown class don; did you mean done?"},
		{"config status words not a list", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "config.yaml": "statuses:\n  done: 办结\n"},
			"config.yaml:2:9: error: statuses: done must be a list of words, e.g. done: [已整改]; found \"办结\""},

		// Warnings: the build goes on.
		{"problem not reported next year", map[string]string{"content/2020/banzi.md": base2020, "content/2021/banzi.md": report2021()},
			"content/2020/banzi.md:13:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-1; add a report item such as 【整改中】[[2020/banzi#p1-1]] to its report section"},
		{"rebound", map[string]string{"content/2020/banzi.md": base2020,
			"content/2021/banzi.md": fm("2021", "镇班子") + "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p1]] 甲。\n\n## 存在的主要问题\n\n### （一）又出现 {#p1}\n\n延续 [[2020/banzi#p1-1]]\n"},
			"content/2021/banzi.md:17:4: warning: rebound: 2021/banzi#p1 continues 2020/banzi#p1-1, which 2021/banzi reported done (已整改)"},
		{"report on a problem already done", map[string]string{"content/2020/banzi.md": base2020,
			"content/2021/banzi.md": report2021("- 【已整改】[[2020/banzi#p1]] 甲。"),
			"content/2022/banzi.md": fm("2022", "镇班子") + "\n## 存在的主要问题\n\n### 甲 {#p1}\n\n## 落实情况\n\n- 【已整改】[[2020/banzi#p1]] 再报。\n- 【整改中】[[2021/banzi#p1]] 乙。\n"},
			"content/2022/banzi.md:15:3: warning: report on 2020/banzi#p1, which 2021/banzi already reported done"},
		{"document without problems section", map[string]string{"content/2021/a.md": fm("2021", "乙") + "正文。\n"},
			"content/2021/a.md:1:1: warning: the document has no problems section (a ## heading with 存在的主要问题 or 问题)"},
		{"fullwidth heading and list look-alikes", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n\n＃＃ 二、原因\n\n１．第一条\n\n－ 一项\n"},
			"content/2021/a.md:10:1: warning: line starts with a fullwidth ＃, which does not make a heading; use ASCII # (## 一、…) if a heading is meant\n" +
				"content/2021/a.md:12:1: warning: line starts with a fullwidth number \"１．\", which does not make a numbered list; use ASCII digits and a period (1. ) if a list is meant\n" +
				"content/2021/a.md:14:1: warning: line starts with a fullwidth －, which does not make a list item; use ASCII - if a list is meant"},
		{"ignored files", map[string]string{"content/2021/a.md": fm("2021", "乙") + "## 问题\n", "content/2021/a.docx": "PK", "content/旧材料/b.md": "x", "content/readme.md": "x"},
			"content/2021/a.docx: warning: ignored: only content/<year>/<name>.md files are documents\n" +
				"content/readme.md: warning: ignored: only content/<year>/<name>.md files are documents\n" +
				"content/旧材料/b.md: warning: ignored: only content/<year>/<name>.md files are documents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			s, diags := Load(fsys)
			if s != nil {
				_, rd := s.Render(&output.Mem{})
				diags = append(diags, rd...)
			}
			if got := strings.TrimSpace(diags.Error()); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
