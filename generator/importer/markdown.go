package importer

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// reviewPrefix starts the line that marks a report item for review. It is
// plain text: the document builds with it, and it shows on the page until
// someone checks the item and deletes the line.
const reviewPrefix = "待核实："

// yamlScalar writes a front matter value, quoted when YAML needs it.
func yamlScalar(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// writeMarkdown writes the document in the archive's content format.
func writeMarkdown(m Meta, out []outBlock) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: " + yamlScalar(m.Title) + "\n")
	b.WriteString("year: " + strconv.Itoa(m.Year) + "\n")
	b.WriteString("unit: " + yamlScalar(m.Unit) + "\n")
	b.WriteString("kind: " + m.Kind + "\n")
	b.WriteString("meeting: " + yamlScalar(m.Meeting) + "\n")
	if m.Date != "" {
		b.WriteString("date: " + m.Date + "\n")
	}
	b.WriteString("---\n")
	for i := 0; i < len(out); i++ {
		o := out[i]
		b.WriteByte('\n')
		switch o.kind {
		case outPara:
			b.WriteString(escapeBlock(o.text, o.inReport) + "\n")
		case outSection:
			b.WriteString("## " + escapeHeading(o.text))
			if o.role != "" {
				b.WriteString(" {." + o.role + "}")
			}
			b.WriteString("\n")
		case outGroup, outCause, outMeasure:
			b.WriteString("### " + escapeHeading(o.text) + " {#" + o.id + "}\n")
		case outItem:
			b.WriteString("#### " + escapeHeading(o.text) + " {#" + o.id + "}\n")
		case outTable:
			writeTable(&b, o.table)
		case outReport:
			j := i
			loose := false
			for ; j < len(out) && out[j].kind == outReport; j++ {
				loose = loose || len(out[j].cont) > 0 || out[j].review != ""
			}
			for k := i; k < j; k++ {
				if k > i && loose {
					b.WriteByte('\n')
				}
				writeReportItem(&b, out[k])
			}
			i = j - 1
		}
	}
	return []byte(b.String())
}

func writeReportItem(b *strings.Builder, o outBlock) {
	b.WriteString("- ")
	if o.ref != "" {
		b.WriteString("【" + o.status + "】[[" + o.ref + "]] " + escapeInline(o.text) + "\n")
	} else {
		b.WriteString(escapeBlock(o.text, true) + "\n")
	}
	for _, c := range o.cont {
		b.WriteString("\n  " + escapeBlock(c, false) + "\n")
	}
	if o.review != "" {
		b.WriteString("\n  " + o.review + "\n")
	}
}

func writeTable(b *strings.Builder, rows [][]string) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	for i, r := range rows {
		b.WriteString("|")
		for c := range cols {
			cell := ""
			if c < len(r) {
				cell = escapeInline(trimBlank(r[c]))
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", cols) + "\n")
		}
	}
}

// escapeInline backslash-escapes what Markdown or the archive's syntax
// would read as markup anywhere in a line: emphasis, code, links and
// references, raw HTML, entities, table cells.
func escapeInline(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>&|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var listStart = regexp.MustCompile(`^(\d{1,9})([.)])(\s|$)`)

// escapeBlock escapes a paragraph: inline markup, and what would make its
// start a heading, list, quote or rule. A paragraph of the report section
// must not start with 【, which would make it a report item.
func escapeBlock(s string, inReport bool) string {
	s = escapeInline(s)
	switch {
	case inReport && strings.HasPrefix(s, "【"):
		s = "&#x3010;" + s[len("【"):]
	case s != "" && strings.ContainsRune("#>-+=", rune(s[0])):
		s = `\` + s
	case listStart.MatchString(s):
		m := listStart.FindStringSubmatchIndex(s)
		s = s[:m[4]] + `\` + s[m[4]:]
	}
	return s
}

// escapeHeading escapes a heading's text, which must also not end in
// closing #s or an {attribute} list.
func escapeHeading(s string) string {
	s = escapeInline(s)
	var b strings.Builder
	for _, r := range s {
		if r == '#' || r == '{' || r == '}' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var (
	headingMark = regexp.MustCompile(`^#{1,6}[ \t]+`)
	idAttr      = regexp.MustCompile(`[ \t]*\{[#.][^{}]*\}$`)
	statusRef   = regexp.MustCompile(`(?:【[^】\[\n]*】)?\[\[[^\]\n]*\]\][ \t]*`)
)

// plainText undoes what the importer adds: it returns the front matter's
// title and the text of the body without markup (headings' #s and IDs,
// list markers, 【status】 and references, review lines, table rules and
// pipes, backslash escapes and character references). For an imported
// document, title and body are the source's text.
func plainText(md []byte) (title, body string) {
	lines := splitLines(string(md))
	start := 0
	if len(lines) > 0 && lines[0] == "---" {
		for i := 1; i < len(lines); i++ {
			if lines[i] == "---" {
				var fm struct{ Title string }
				if yaml.Unmarshal([]byte(strings.Join(lines[1:i], "\n")), &fm) == nil {
					title = fm.Title
				}
				start = i + 1
				break
			}
		}
	}
	var b strings.Builder
	for _, line := range lines[start:] {
		t := strings.TrimSpace(line)
		switch {
		case t == "", strings.HasPrefix(line, "  "+reviewPrefix):
			continue
		case strings.HasPrefix(t, "|"):
			if tableDelim.MatchString(t) {
				continue
			}
			for _, c := range splitTableRow(t) {
				b.WriteString(unescape(trimBlank(c)))
			}
			continue
		case headingMark.MatchString(t):
			t = idAttr.ReplaceAllString(headingMark.ReplaceAllString(t, ""), "")
		case strings.HasPrefix(t, "- "):
			t = t[2:]
		}
		t = statusRef.ReplaceAllString(t, "")
		b.WriteString(unescape(t))
	}
	return title, b.String()
}

// unescape resolves backslash escapes and character references.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
		case s[i] == '&':
			if r, n := charRef(s[i:]); n > 0 {
				b.WriteRune(r)
				i += n
				continue
			}
			fallthrough
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}
