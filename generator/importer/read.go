package importer

import (
	"mzshh/generator/content"

	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/unicode"
)

// block is one paragraph of the source, or a table.
type block struct {
	text  string
	line  int    // line (text, Markdown) or paragraph (docx) number, from 1
	level int    // heading level the source gives it (docx style, Markdown #); 0 if none
	title bool   // the source marks it as the document title
	bold  []span // byte ranges of bold text
	table [][]string
	// status is a 【status】 word a Markdown source starts the paragraph
	// with; it is markup there, not text.
	status string
	// role is the role class a Markdown source writes after a section
	// heading ("problems" for {.problems}); it decides the section's role.
	role string
}

type span struct{ start, end int }

// source is a file read into blocks.
type source struct {
	format string // what the file was read as, for the report
	where  string // "line" or "paragraph": what block.line counts
	blocks []block
	front  map[string]string // a Markdown source's front matter

	// A text source laid out as pages: its page furniture, taken out, and
	// the width its lines were cut at (0 if they were not) with the number
	// of lines joined into paragraphs again.
	removed []Removal
	wrap    int
	joined  int
}

// text is every character of the source's text, in order: what the
// imported Markdown must hold, markup aside.
func (s *source) text() string {
	var b strings.Builder
	for _, bl := range s.blocks {
		b.WriteString(bl.text)
		for _, row := range bl.table {
			for _, c := range row {
				b.WriteString(c)
			}
		}
	}
	return b.String()
}

// readSource reads a .docx, .txt or .md file. The extension decides, but
// the content may overrule it: a zip file is read as .docx.
func readSource(name string, data []byte) (*source, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readDocx(data)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")):
		return nil, errors.New("this is an old Word .doc (or .wps) file: open it in Word or WPS and save it as .docx, then import the .docx")
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return nil, errors.New("this is an RTF file: save it as .docx or as plain text (.txt) and import that")
	case ext == ".docx":
		return nil, errors.New("not a valid .docx file (it is not a zip archive)")
	case len(data) > limits.text:
		return nil, limitError(fmt.Sprintf("the file has %d bytes, more than the %s of text a material may have", len(data), mb(uint64(limits.text))))
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	if ext == ".md" || ext == ".markdown" {
		return readMarkdown(text, enc)
	}
	return readText(text, enc), nil
}

// decodeText detects the encoding of a text file: UTF-8 (with or without a
// byte order mark), UTF-16 with a byte order mark, or GBK/GB18030.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", "", errors.New("the file starts with a UTF-8 byte order mark but is not valid UTF-8")
		}
		return string(data), "UTF-8", nil
	case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
		return decodeUTF16(data)
	case bytes.IndexByte(data, 0) >= 0:
		return "", "", errors.New("the file contains NUL bytes: it is binary, or UTF-16 without a byte order mark; save it as UTF-8 text")
	case utf8.Valid(data):
		return string(data), "UTF-8", nil
	case content.LooksGB18030(data):
		s, ok := decodeGB18030(data)
		if !ok {
			return "", "", errors.New("the file looks like GBK/GB18030 but has codes that are not; save it as UTF-8")
		}
		return s, "GB18030", nil
	}
	return "", "", errors.New("the file is neither UTF-8 nor GBK/GB18030 text; save it as UTF-8")
}

// decodeUTF16 decodes UTF-16 that starts with a byte order mark. A byte
// left over at the end or a surrogate without its pair is no character:
// the file is refused rather than read with it lost or replaced.
func decodeUTF16(data []byte) (string, string, error) {
	if len(data)%2 != 0 {
		return "", "", fmt.Errorf("the file is UTF-16 but has an odd number of bytes: its last byte (0x%02X) is part of no character; the file may be cut short. Save it again as UTF-8", data[len(data)-1])
	}
	endian := unicode.LittleEndian
	if data[0] == 0xFE {
		endian = unicode.BigEndian
	}
	enc := unicode.UTF16(endian, unicode.ExpectBOM)
	text, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("the file is not UTF-16: %v", err)
	}
	// The decoder replaces what is no character by U+FFFD; encoding the
	// text again finds where.
	if back, err := enc.NewEncoder().Bytes(text); err != nil || !bytes.Equal(back, data) {
		i := 0
		for i < len(back) && i < len(data) && back[i] == data[i] {
			i++
		}
		if i &^= 1; i+1 >= len(data) {
			return "", "", errors.New("the file is UTF-16 but does not read back as it is; save it again as UTF-8")
		}
		unit := uint16(data[i])<<8 | uint16(data[i+1])
		if endian == unicode.LittleEndian {
			unit = unit>>8 | unit<<8
		}
		return "", "", fmt.Errorf("the file is UTF-16 but byte %d holds 0x%04X, a surrogate (half of a character) without its other half; save it again as UTF-8", i, unit)
	}
	return string(text), "UTF-16", nil
}

func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// readText reads plain text: one paragraph per line, or, when the lines
// are cut at a page width, the lines of each paragraph joined; page
// furniture is left out (see layoutText).
func readText(text, enc string) *source {
	s := &source{format: enc + " text", where: "line"}
	l := layoutText(splitLines(text))
	s.blocks, s.removed, s.wrap, s.joined = l.paras, l.removed, l.wrap, l.lines
	return s
}

var (
	atxHeading   = regexp.MustCompile(`^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	headingAttrs = regexp.MustCompile(`[ \t]*\{[#.][^{}]*\}[ \t]*$`)
	roleAttr     = regexp.MustCompile(`\{(?:#[^{}\s]*\s+)?\.(report|problems|causes|measures|other)(?:\s[^{}]*)?\}[ \t]*$`)
	bulletItem   = regexp.MustCompile(`^[ \t]{0,3}[-*+][ \t]+`)
	orderedItem  = regexp.MustCompile(`^[ \t]{0,3}(\d{1,9})([.)])[ \t]+`)
	setextLine   = regexp.MustCompile(`^[ \t]{0,3}(=+|-+)[ \t]*$`)
	tableDelim   = regexp.MustCompile(`^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	refOnlyLine  = regexp.MustCompile(`^(?:针对问题|针对|延续|见)?[ \t　：:、，,；;]*(?:\[\[[^\[\]\n]*\]\][ \t　、，,；;]*)+$`)
	mdRef        = regexp.MustCompile(`\[\[[^\[\]\n]*\]\][ \t]*`)
	mdStatus     = regexp.MustCompile(`^【([^】\n]{1,8})】`)
)

// readMarkdown reads Markdown, normalising it to paragraphs: headings keep
// their level as a hint, lists become paragraphs, inline markup goes. The
// archive's own markup is markup here too: {#id} attributes, [[…]]
// references and lines of them, and a leading 【status】 (kept as a hint).
func readMarkdown(text, enc string) (*source, error) {
	s := &source{format: "Markdown (" + enc + ")", where: "line"}
	lines := splitLines(text)
	start := 0
	if len(lines) > 1 && strings.TrimRight(lines[0], " \t") == "---" {
		for i := 1; i < len(lines); i++ {
			if t := strings.TrimRight(lines[i], " \t"); t == "---" || t == "..." {
				var m map[string]any
				if err := yaml.Unmarshal([]byte(strings.Join(lines[1:i], "\n")), &m); err != nil {
					return nil, fmt.Errorf("line 1: the front matter is not valid YAML: %v", err)
				}
				s.front = map[string]string{}
				for k, v := range m {
					if t, ok := v.(time.Time); ok {
						v = t.Format("2006-01-02")
					}
					s.front[k] = strings.TrimSpace(fmt.Sprint(v))
				}
				start = i + 1
				break
			}
		}
	}
	if t := s.front["title"]; t != "" {
		s.blocks = append(s.blocks, block{text: t, line: 1, title: true})
	}
	var para []string
	paraLine := 0
	flush := func() {
		if len(para) == 0 {
			return
		}
		s.addMarkdownPara(joinLines(para), paraLine, 0)
		para = nil
	}
	inFence := false
	for i := start; i < len(lines); i++ {
		line := lines[i]
		n := i + 1
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			flush()
			inFence = !inFence
			continue
		}
		if inFence {
			if trimmed != "" {
				s.blocks = append(s.blocks, block{text: trimmed, line: n})
			}
			continue
		}
		switch {
		case trimBlank(line) == "":
			flush()
		case atxHeading.MatchString(trimmed):
			flush()
			m := atxHeading.FindStringSubmatch(trimmed)
			s.addMarkdownPara(headingAttrs.ReplaceAllString(m[2], ""), n, len(m[1]))
			if rm := roleAttr.FindStringSubmatch(m[2]); rm != nil && len(s.blocks) > 0 && s.blocks[len(s.blocks)-1].line == n {
				s.blocks[len(s.blocks)-1].role = rm[1]
			}
		case len(para) > 0 && setextLine.MatchString(line):
			level := 1
			if strings.Contains(line, "-") {
				level = 2
			}
			s.addMarkdownPara(joinLines(para), paraLine, level)
			para = nil
		case strings.HasPrefix(trimmed, "|"):
			flush()
			var rows [][]string
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				row := strings.TrimSpace(lines[i])
				if tableDelim.MatchString(row) {
					continue
				}
				var cells []string
				for _, c := range splitTableRow(row) {
					c, _ = inlinePlain(c)
					cells = append(cells, trimBlank(c))
				}
				rows = append(rows, cells)
			}
			i--
			s.blocks = append(s.blocks, block{line: n, table: rows})
		case refOnlyLine.MatchString(trimmed):
			flush() // 延续 [[2020/banzi#p3]]: archive markup
		case bulletItem.MatchString(line):
			flush()
			para, paraLine = []string{bulletItem.ReplaceAllString(line, "")}, n
		case orderedItem.MatchString(line):
			flush()
			m := orderedItem.FindStringSubmatch(line)
			para, paraLine = []string{m[1] + m[2] + line[len(m[0]):]}, n
		default:
			if len(para) == 0 {
				paraLine = n
			}
			l := strings.TrimLeft(line, " \t")
			l = strings.TrimPrefix(strings.TrimPrefix(l, ">"), " ")
			para = append(para, l)
		}
	}
	flush()
	return s, nil
}

// addMarkdownPara adds one paragraph of Markdown, stripping inline markup.
func (s *source) addMarkdownPara(md string, line, level int) {
	md = trimBlank(md)
	if strings.HasPrefix(md, reviewPrefix) {
		return // a note of an earlier import
	}
	status := ""
	if m := mdStatus.FindStringSubmatch(md); m != nil {
		status, md = m[1], trimBlank(md[len(m[0]):])
	}
	md = mdRef.ReplaceAllString(md, "")
	text, bold := inlinePlain(md)
	if text = trimBlank(text); text == "" {
		return
	}
	s.blocks = append(s.blocks, block{text: text, line: line, level: level, bold: bold, status: status})
}

// joinLines joins the lines of a paragraph: Chinese text wraps without a
// space.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\\")
		if i > 0 && b.Len() > 0 && l != "" {
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			next, _ := utf8.DecodeRuneInString(l)
			if prev < 0x2E80 || next < 0x2E80 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(strings.TrimLeft(l, " \t"))
	}
	return b.String()
}

// splitTableRow splits "| a | b |" at unescaped pipes.
func splitTableRow(row string) []string {
	row = strings.TrimPrefix(strings.TrimSpace(row), "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row) && row[i+1] == '|':
			cur.WriteString(`\|`)
			i++
		case row[i] == '|':
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(row[i])
		}
	}
	return append(cells, cur.String())
}

var (
	mdImage = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdTag   = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>`)
)

// inlinePlain strips Markdown inline markup from s: emphasis (recording
// strong emphasis as bold), code spans, links, images, HTML tags,
// backslash escapes and character references.
func inlinePlain(s string) (string, []span) {
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdTag.ReplaceAllString(s, "")
	var b strings.Builder
	var bold []span
	boldStart := -1
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
		case c == '&':
			if r, n := charRef(s[i:]); n > 0 {
				b.WriteRune(r)
				i += n
			} else {
				b.WriteByte(c)
				i++
			}
		case (c == '*' || c == '_') && i+1 < len(s) && s[i+1] == c:
			if boldStart < 0 {
				boldStart = b.Len()
			} else {
				bold = append(bold, span{boldStart, b.Len()})
				boldStart = -1
			}
			i += 2
		case c == '*' || c == '`':
			i++
		case c == '_' && (i == 0 || i+1 == len(s) || s[i-1] == ' ' || s[i+1] == ' '):
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), bold
}

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

var charRefs = map[string]rune{"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\'', "nbsp": '\u00a0'}

// charRef decodes a character reference at the start of s: &amp; &#12304;
// &#x3010;.
func charRef(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	name := s[1:end]
	if r, ok := charRefs[name]; ok {
		return r, end + 1
	}
	var v int
	var err error
	switch {
	case strings.HasPrefix(name, "#x"), strings.HasPrefix(name, "#X"):
		_, err = fmt.Sscanf(name[2:], "%x", &v)
	case strings.HasPrefix(name, "#"):
		_, err = fmt.Sscanf(name[1:], "%d", &v)
	default:
		return 0, 0
	}
	if err != nil || v <= 0 || v > utf8.MaxRune {
		return 0, 0
	}
	return rune(v), end + 1
}
