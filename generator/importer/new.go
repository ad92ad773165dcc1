package importer

import (
	"fmt"
	"strconv"
	"strings"

	"mzshh/generator/archive"
	"mzshh/generator/content"
)

// Placeholder is the status word a new document's report items start with.
// It is not a status word, so check and build fail on every item until it
// is replaced by a real one; the parser's message is "unknown status word
// 待填写; known words: …".
const Placeholder = "待填写"

// Draft is the start of a unit's next material, made by Next.
type Draft struct {
	Markdown []byte
	Meta     Meta
	Path     string             // "content/<year>/<name>.md"
	Prev     *archive.Doc       // the document it follows
	Listed   []*archive.Problem // the problems its report section lists
	Done     []*archive.Problem // the problems left out because they are done
}

// Next drafts content/<year>/<name>.md, the next material of the unit
// whose earlier document has that name: the document of year-1 with the
// same name, or else the latest earlier one. The front matter comes from
// it; the report section has one item per problem of it that is not done
// (an item, or a group without items), each with its reference and the
// Placeholder status; the other three sections are empty.
func Next(a *archive.Archive, year int, name string) (*Draft, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	key := strconv.Itoa(year) + "/" + name
	var prev *archive.Doc
	for _, d := range a.Docs {
		if d.Key == key {
			return nil, fmt.Errorf("%s already exists", d.Path)
		}
		if d.Name == name && d.Year < year && (prev == nil || d.Year > prev.Year) {
			prev = d
		}
	}
	if prev == nil {
		return nil, fmt.Errorf("there is no earlier document named %s (content/<year>/%s.md) to start from; import the unit's material instead, or write the file by hand", name, name)
	}
	word := "民主生活会"
	if strings.Contains(prev.Meeting, "组织生活会") {
		word = "组织生活会"
	}
	m := Meta{Year: year, Name: name, Unit: prev.Unit.Name, Kind: prev.Kind, Meeting: strconv.Itoa(year) + "年度" + word}
	m.Title = m.Unit + m.Meeting
	if m.Kind == content.KindIndividual {
		m.Title += "个人"
	}
	m.Title += "对照检查材料"
	d := &Draft{Meta: m, Path: content.Dir + "/" + key + ".md", Prev: prev}

	prevMeeting := prev.Meeting
	if !strings.Contains(prevMeeting, strconv.Itoa(prev.Year)) {
		prevMeeting = strconv.Itoa(prev.Year) + "年" + prevMeeting
	}
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: " + yamlScalar(m.Title) + "\n")
	b.WriteString("year: " + strconv.Itoa(year) + "\n")
	b.WriteString("unit: " + yamlScalar(m.Unit) + "\n")
	b.WriteString("kind: " + m.Kind + "\n")
	b.WriteString("meeting: " + yamlScalar(m.Meeting) + "\n")
	b.WriteString("---\n\n")
	b.WriteString("## 一、" + escapeHeading(prevMeeting) + "整改措施落实情况\n\n")
	for _, p := range prev.Problems {
		if len(p.Items) > 0 {
			continue // its items are listed
		}
		if p.Current.Done() {
			d.Done = append(d.Done, p)
			continue
		}
		d.Listed = append(d.Listed, p)
		fmt.Fprintf(&b, "- 【%s】[[%s]] 关于%s的问题。\n", Placeholder, p.GID, escapeInline(problemWords(p.Title)))
	}
	if len(d.Listed) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("## 二、存在的主要问题\n\n")
	b.WriteString("## 三、产生问题的原因剖析\n\n")
	b.WriteString("## 四、整改措施及努力方向\n")
	d.Markdown = []byte(b.String())
	return d, nil
}

// problemWords is a problem's title without its numbering and final
// punctuation: "一是在“学懂”上需要加强。" → "在“学懂”上需要加强".
func problemWords(title string) string {
	t := trimBlank(title)
	t = t[leadingMarker(t).len:]
	return strings.TrimRight(t, "。；;：:，,.!！？? \t")
}
