package content

import (
	"bytes"
	"fmt"
	"regexp"
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
var frontMatterKeys = []string{"title", "year", "unit", "kind", "meeting", "date"}

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
// first line.
func decodeFrontMatter(f *diag.File, yamlSrc []byte, firstLine int, d *Document, diags *diag.List) {
	pos := func(line, col int) diag.Pos { return diag.Pos{Path: f.Path, Line: firstLine + line - 1, Col: col} }
	var root yaml.Node
	if err := yaml.Unmarshal(yamlSrc, &root); err != nil {
		line, msg := yamlErrorLine(err)
		diags.Errorf(pos(max(line, 1), 1), "front matter is not valid YAML: %s", msg)
		return
	}
	if len(root.Content) == 0 {
		diags.Errorf(pos(1, 1), "front matter is empty; it needs title, year, unit, kind and meeting")
		return
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
			y, err := strconv.Atoi(val)
			if err != nil || y < 1921 || y > 2200 {
				diags.Errorf(at, "year %q is not a year; write it as four digits, e.g. year: 2021", val)
				continue
			}
			d.Year = y
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
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorLine pulls the line number out of a YAML error message.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}
