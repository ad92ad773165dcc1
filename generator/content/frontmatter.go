package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"mzshh/generator/diag"

	"go.yaml.in/yaml/v3"
)

// Kinds of document.
const (
	KindTeam       = "班子"
	KindIndividual = "个人"
)

// frontMatterKeys are the keys a document's front matter may hold.
var frontMatterKeys = []string{"title", "year", "unit", "kind", "meeting", "date", "密级", "classification"}

// splitFrontMatter finds the YAML front matter between "---" lines at the
// start of src. It returns the YAML bytes, the byte offset where they start,
// and the offset where the body starts. ok is false when src has no front
// matter or it is not closed.
func splitFrontMatter(src []byte) (yamlSrc []byte, yamlStart, bodyStart int, ok bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, 0, 0, false
	}
	rest := src[4:]
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		next := len(rest)
		if end >= 0 {
			line = rest[off : off+end]
			next = off + end + 1
		}
		if strings.TrimRight(string(line), " \t") == "---" {
			return rest[:off], 4, 4 + next, true
		}
		if end < 0 {
			break
		}
		off = next
	}
	return nil, 0, 0, false
}

// decodeFrontMatter decodes the YAML front matter into d, reporting every
// problem at its position in f. firstLine is the file line of the YAML's
// first line. It returns the position of the year key, if any.
func decodeFrontMatter(f *diag.File, yamlSrc []byte, firstLine int, d *Document, diags *diag.List) (yearAt diag.Pos) {
	pos := func(line, col int) diag.Pos { return diag.Pos{Path: f.Path, Line: firstLine + line - 1, Col: col} }
	dec := yaml.NewDecoder(bytes.NewReader(yamlSrc))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		line, col, msg := yamlErrorPos(yamlSrc, err)
		diags.Errorf(pos(line, col), "front matter is not valid YAML: %s", msg)
		return
	}
	if len(root.Content) == 0 {
		diags.Errorf(pos(1, 1), "front matter is empty; it needs title, year, unit, kind and meeting")
		return
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil || !errors.Is(err, io.EOF) {
		line, col := documentEnd(yamlSrc)
		diags.Errorf(pos(line, col), "front matter holds a second YAML document after a ... line: it would be ignored; remove the ... line")
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		diags.Errorf(pos(m.Line, m.Column), "front matter must be key: value lines")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		at := pos(v.Line, v.Column)
		if seen[k.Value] {
			diags.Errorf(pos(k.Line, k.Column), "front matter key %s is given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		if v.Kind != yaml.ScalarNode {
			diags.Errorf(at, "front matter %s must be a single value", k.Value)
			continue
		}
		val := strings.TrimSpace(v.Value)
		if v.Tag == "!!null" {
			val = ""
		}
		if val == "" {
			if example, ok := frontMatterExamples[k.Value]; ok {
				// An empty or null value (title:, unit: ~) is no value.
				if v.Value == "" && v.Style == 0 {
					at = pos(k.Line, k.Column)
				}
				msg := fmt.Sprintf("front matter %s is empty; write it, e.g. %s: %s", k.Value, k.Value, example)
				if k.Value == "date" || k.Value == "密级" || k.Value == "classification" {
					msg += ", or remove the line"
				}
				diags.Errorf(at, "%s", msg)
				if k.Value == "year" {
					yearAt = pos(k.Line, k.Column)
				}
				continue
			}
		}
		switch k.Value {
		case "title":
			d.Title = val
		case "unit":
			d.Unit = val
		case "meeting":
			d.Meeting = val
		case "kind":
			if val != KindTeam && val != KindIndividual {
				diags.Errorf(at, "kind %q must be %s (a team's material) or %s (a member's own)", val, KindTeam, KindIndividual)
			}
			d.Kind = val
		case "year":
			yearAt = pos(k.Line, k.Column)
			y, err := strconv.Atoi(val)
			if err != nil || y < 1921 || y > 2200 {
				diags.Errorf(at, "year %q is not a year; write it as four digits, e.g. year: 2021", val)
				continue
			}
			d.Year = y
		case "密级", "classification":
			if d.Classification.Pos.Path != "" {
				diags.Errorf(pos(k.Line, k.Column), "front matter gives 密级 twice (as 密级 and as classification); keep one")
				continue
			}
			c, msg, ok := parseClassification(val)
			if !ok {
				diags.Errorf(at, "%s", msg) // an error: nothing is built
			}
			c.Pos = at
			d.Classification = c
		case "date":
			t, err := time.Parse("2006-01-02", val)
			if err != nil {
				diags.Errorf(at, "date %q must be written YYYY-MM-DD, e.g. 2022-01-18", val)
				continue
			}
			d.Date = t
		default:
			msg := fmt.Sprintf("unknown front matter key %s", k.Value)
			if s := Nearest(k.Value, frontMatterKeys); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			} else {
				msg += "; the keys are " + strings.Join(frontMatterKeys, ", ")
			}
			diags.Errorf(pos(k.Line, k.Column), "%s", msg)
		}
	}
	for _, key := range []string{"title", "year", "unit", "kind", "meeting"} {
		if !seen[key] {
			diags.Errorf(pos(1, 1), "front matter has no %s", key)
		}
	}
	return yearAt
}

// frontMatterExamples are example values of the front matter keys, for
// the message about an empty one.
var frontMatterExamples = map[string]string{
	"title":          "××镇领导班子2021年度民主生活会对照检查材料",
	"year":           "2021",
	"unit":           "××镇领导班子",
	"kind":           KindTeam,
	"meeting":        "2021年度民主生活会",
	"date":           "2022-01-18",
	"密级":             Internal,
	"classification": Internal,
}

// documentEnd finds the "..." line that ends the first YAML document of
// src, or the start of src.
func documentEnd(src []byte) (line, col int) {
	for i, l := range splitLines(src) {
		if strings.TrimRight(string(l), " \t\n") == "..." {
			return i + 1, 1
		}
	}
	return 1, 1
}
