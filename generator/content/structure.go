package content

import (
	"bytes"
	"strconv"
	"strings"

	"mzshh/generator/diag"

	"github.com/yuin/goldmark/ast"
)

// builder turns goldmark's flat block list into sections and entries and
// collects the document's problems, measures, reports and references.
type builder struct {
	doc   *Document
	src   []byte
	file  *diag.File
	vocab Vocabulary
	diags *diag.List

	unsafeHTML bool // config's unsafe_html, for the URLs it lets through

	explicit  map[*ast.Heading]string // the valid IDs written on headings
	sectionOf map[*ast.Heading]int    // a "##" heading's index in doc.Sections

	scratch []byte // plain's buffer, reused
}

// open is the innermost open container while grouping top-level blocks.
type open struct {
	sec      *SectionNode
	group    *EntryNode // problem group
	entry    *EntryNode // item, cause or measure
	lead     *LeadNode  // a heading waiting for its paragraph
	leadFor  *EntryNode
	deferred []ast.Node // reference lines between the heading and its paragraph
}

func (o *open) container(root ast.Node) ast.Node {
	switch {
	case o.entry != nil:
		return o.entry
	case o.group != nil:
		return o.group
	case o.sec != nil:
		return o.sec
	}
	return root
}

func (b *builder) build(root ast.Node) {
	b.explicitIDs(root)
	b.sectionOf = map[*ast.Heading]int{}
	var blocks []ast.Node
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		blocks = append(blocks, c)
	}
	root.RemoveChildren(root)

	var o open
	var group *Problem
	groups, items := 0, 0
	for _, n := range blocks {
		h, isHeading := n.(*ast.Heading)
		if o.lead != nil && b.isRefLine(n) {
			// "针对 [[#p1]]" or "延续 [[2020/banzi#p3]]" right under a
			// heading annotates the entry; the lead runs into the text after.
			setRole(n, RoleRefLine)
			o.deferred = append(o.deferred, n)
			continue
		}
		if o.lead != nil {
			b.placeLead(&o, n)
			if _, ok := n.(*ast.Paragraph); ok {
				continue
			}
		}
		if isHeading && h.Level <= 2 {
			o = open{sec: &SectionNode{Section: b.sectionKind(h)}}
			root.AppendChild(root, o.sec)
			o.sec.AppendChild(o.sec, h)
			id, _ := h.AttributeString("id")
			idBytes, _ := id.([]byte)
			b.sectionOf[h] = len(b.doc.Sections)
			b.doc.Sections = append(b.doc.Sections, Section{Kind: o.sec.Section, Heading: b.plain(h), ID: string(idBytes)})
			continue
		}
		var kind EntryKind
		isEntry := false
		if isHeading && o.sec != nil {
			switch {
			case o.sec.Section == SectionProblems && h.Level == 3:
				kind, isEntry = EntryGroup, true
			case o.sec.Section == SectionProblems && h.Level == 4:
				kind, isEntry = EntryItem, true
				if o.group == nil {
					b.diags.Errorf(b.pos(h), "problem item %q comes before any problem group: add a ### group heading above it, or make it a ### heading", b.plain(h))
					kind = EntryGroup
				}
			case o.sec.Section == SectionCauses && h.Level == 3:
				kind, isEntry = EntryCause, true
			case o.sec.Section == SectionMeasures && h.Level == 3:
				kind, isEntry = EntryMeasure, true
			}
		}
		if !isEntry {
			c := o.container(root)
			if _, inEntry := c.(*EntryNode); inEntry && b.isRefLine(n) {
				setRole(n, RoleRefLine)
			}
			c.AppendChild(c, n)
			continue
		}

		pos := b.pos(h)
		title := b.plain(h)
		var fallback string
		switch kind {
		case EntryGroup:
			groups, items = groups+1, 0
			fallback = "p" + strconv.Itoa(groups)
		case EntryItem:
			items++
			fallback = o.group.ID + "-" + strconv.Itoa(items)
		case EntryCause:
			fallback = "c" + strconv.Itoa(len(b.doc.Causes)+1)
		case EntryMeasure:
			fallback = "m" + strconv.Itoa(len(b.doc.Measures)+1)
		}
		id := b.entryID(h, fallback)
		if title == "" {
			b.diags.Errorf(pos, "%s %s has no title: write its words after the %s", kind, id, strings.Repeat("#", h.Level))
		}
		e := &EntryNode{Entry: kind, ID: id, pos: pos}
		entry := Entry{ID: id, Title: title, Pos: pos}
		switch kind {
		case EntryGroup:
			o.sec.AppendChild(o.sec, e)
			e.AppendChild(e, h)
			e.AppendChild(e, &AnnotNode{ID: id})
			o.group, o.entry = e, nil
			group = &Problem{Entry: entry}
			b.doc.Problems = append(b.doc.Problems, group)
		case EntryItem:
			o.group.AppendChild(o.group, e)
			o.entry = e
			item := &Problem{Entry: entry, Group: group}
			group.Items = append(group.Items, item)
			b.doc.Problems = append(b.doc.Problems, item)
		case EntryCause:
			o.sec.AppendChild(o.sec, e)
			o.entry = e
			b.doc.Causes = append(b.doc.Causes, &entry)
		case EntryMeasure:
			o.sec.AppendChild(o.sec, e)
			o.entry = e
			b.doc.Measures = append(b.doc.Measures, &Measure{Entry: entry})
		}
		if kind != EntryGroup {
			// Run the heading into the paragraph that follows it.
			lead := &LeadNode{Level: h.Level}
			for c := h.FirstChild(); c != nil; {
				next := c.NextSibling()
				h.RemoveChild(h, c)
				lead.AppendChild(lead, c)
				c = next
			}
			o.lead, o.leadFor = lead, e
		}
	}
	if o.lead != nil {
		b.placeLead(&o, nil)
	}
	b.collect(root)
	b.checkIDs(root)
	b.lint(root)
}

// placeLead puts the pending lead sentence at the start of paragraph n, or
// in a paragraph of its own when n is not a paragraph.
func (b *builder) placeLead(o *open, n ast.Node) {
	e, lead := o.leadFor, o.lead
	o.lead, o.leadFor = nil, nil
	p, ok := n.(*ast.Paragraph)
	if ok {
		p.InsertBefore(p, p.FirstChild(), lead)
	} else {
		p = ast.NewParagraph()
		p.AppendChild(p, lead)
	}
	e.AppendChild(e, p)
	if e.Entry == EntryItem {
		e.AppendChild(e, &AnnotNode{ID: e.ID})
	}
	for _, d := range o.deferred {
		e.AppendChild(e, d)
	}
	o.deferred = nil
}

// refLineWords are the words that may stand beside the references of a
// reference line.
var refLineWords = map[string]bool{"": true, "针对": true, "针对问题": true, "延续": true, "见": true}

// isRefLine reports whether n is a paragraph of only references and one
// of refLineWords.
func (b *builder) isRefLine(n ast.Node) bool {
	p, ok := n.(*ast.Paragraph)
	if !ok {
		return false
	}
	hasRef := false
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*RefNode); ok {
			hasRef = true
		}
	}
	return hasRef && refLineWords[strings.Trim(b.plain(p), " \t　：:、，,；;")]
}

// entryID returns the ID written on heading h, or fallback; the ID goes on
// the entry's wrapper, so the heading loses its own.
func (b *builder) entryID(h *ast.Heading, fallback string) string {
	id := fallback
	if written, ok := b.explicit[h]; ok {
		id = written
	}
	attrs := h.Attributes()
	h.RemoveAttributes()
	for _, a := range attrs {
		if string(a.Name) != "id" {
			h.SetAttribute(a.Name, a.Value)
		}
	}
	return id
}

// collect walks the structured tree: it numbers references and gives them
// their role, finds report items and measures' responsibility lines, and
// gathers each entry's text.
func (b *builder) collect(root ast.Node) {
	var entries []*EntryNode
	var report *Report
	var reportNode ast.Node
	problemByID := map[string]*Problem{}
	for _, p := range b.doc.Problems {
		problemByID[p.ID] = p
	}
	measureByID := map[string]*Measure{}
	for _, m := range b.doc.Measures {
		measureByID[m.ID] = m
	}
	entryText := map[string][]string{} // each entry's paragraphs
	// Each problem, measure and report names a target once, however often
	// it is written: the archive links them pairwise.
	type named struct {
		by      any
		doc, id string
	}
	seen := map[named]bool{}
	first := func(by any, ref *Ref) bool {
		k := named{by, ref.Doc, ref.ID}
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	var links []ast.Node // the links and images the walk is inside
	var autoLinks []*ast.AutoLink

	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Link, *ast.Image:
			if entering {
				b.checkURL(n)
				links = append(links, n)
			} else {
				links = links[:len(links)-1]
			}
			return ast.WalkContinue, nil
		case *ast.AutoLink:
			if entering && b.blockedAutoLink(n) {
				autoLinks = append(autoLinks, n)
			}
			return ast.WalkSkipChildren, nil
		case *EntryNode:
			if entering {
				entries = append(entries, n)
			} else {
				entries = entries[:len(entries)-1]
			}
			return ast.WalkContinue, nil
		case *ast.ListItem, *ast.Paragraph:
			if !b.isReportCandidate(n) {
				break
			}
			if entering {
				report, reportNode = b.startReport(n), n
			} else if n == reportNode {
				b.endReport(report, n)
				report, reportNode = nil, nil
			}
		case *RefNode:
			if !entering {
				return ast.WalkContinue, nil
			}
			ref := b.parseRef(n)
			n.Index = len(b.doc.Refs)
			b.doc.Refs = append(b.doc.Refs, ref)
			if len(links) > 0 {
				b.refInLink(n, links[len(links)-1])
			}
			if ref == nil {
				return ast.WalkSkipChildren, nil
			}
			if report != nil {
				if first(report, ref) {
					report.Refs = append(report.Refs, ref)
				}
			} else if len(entries) > 0 {
				e := entries[len(entries)-1]
				switch e.Entry {
				case EntryGroup, EntryItem:
					if p := problemByID[e.ID]; ref.Doc != b.doc.Key && first(p, ref) {
						p.Continues = append(p.Continues, ref)
					}
				case EntryMeasure:
					if m := measureByID[e.ID]; first(m, ref) {
						m.Addresses = append(m.Addresses, ref)
					}
				}
			}
			return ast.WalkSkipChildren, nil
		}
		if p, ok := n.(*ast.Paragraph); ok && entering && len(entries) > 0 {
			if Role(p) == RoleRefLine {
				return ast.WalkContinue, nil
			}
			e := entries[len(entries)-1]
			t := b.plain(p)
			if lead, ok := p.FirstChild().(*LeadNode); ok {
				t = strings.TrimPrefix(t, b.plain(lead))
			}
			if e.Entry == EntryMeasure {
				if resp, deadline, ok := parseDuty(t); ok {
					m := measureByID[e.ID]
					m.Responsible, m.Deadline = resp, deadline
					m.DeadlinePos = b.textPos(p, deadline)
					return ast.WalkSkipChildren, nil
				}
			}
			entryText[e.ID] = append(entryText[e.ID], t)
		}
		return ast.WalkContinue, nil
	})
	for _, a := range autoLinks {
		// As goldmark renders a dangerous autolink: its text, linking nowhere.
		link := ast.NewLink()
		link.AppendChild(link, ast.NewString(a.Label(b.src)))
		a.Parent().ReplaceChild(a.Parent(), a, link)
	}
	for _, p := range b.doc.Problems {
		p.Text = strings.Join(entryText[p.ID], "")
	}
	for _, c := range b.doc.Causes {
		c.Text = strings.Join(entryText[c.ID], "")
	}
	for _, m := range b.doc.Measures {
		m.Text = strings.Join(entryText[m.ID], "")
	}
}

// refInLink reports reference n written inside the text of a link or the
// description of an image: it would render as a link inside a link.
func (b *builder) refInLink(n *RefNode, in ast.Node) {
	if _, ok := in.(*ast.Image); ok {
		b.diags.Errorf(b.file.Pos(n.Offset), "reference [[%s]] inside the description of an image: a reference is a link, which an image description cannot hold; move it out of the ![…](…)", n.Target)
		return
	}
	b.diags.Errorf(b.file.Pos(n.Offset), "reference [[%s]] inside the text of a link: a reference is a link itself, and a link cannot hold another; move it out of the […](…)", n.Target)
}

// isReportCandidate reports whether n is a top-level list item or paragraph
// of a report section.
func (b *builder) isReportCandidate(n ast.Node) bool {
	parent := n.Parent()
	if _, ok := n.(*ast.ListItem); ok {
		parent = parent.Parent()
	}
	s, ok := parent.(*SectionNode)
	return ok && s.Section == SectionReport
}

// startReport reads the 【status】 marker at the start of n. It returns nil
// when n has no marker.
func (b *builder) startReport(n ast.Node) *Report {
	block := n
	if _, ok := n.(*ast.ListItem); ok {
		block = n.FirstChild()
	}
	if block == nil {
		return nil
	}
	t, ok := block.FirstChild().(*ast.Text)
	if !ok {
		return b.unmarked(n)
	}
	val := t.Segment.Value(b.src)
	if !bytes.HasPrefix(val, []byte("【")) {
		return b.unmarked(n)
	}
	pos := b.file.Pos(t.Segment.Start)
	end := bytes.Index(val, []byte("】"))
	if end < 0 {
		b.diags.Errorf(pos, "status marker is not closed: write 【已整改】 with both brackets")
		return nil
	}
	word := string(bytes.TrimSpace(val[len("【"):end]))
	r := &Report{ID: "r" + strconv.Itoa(len(b.doc.Reports)+1), Word: word, Pos: pos}
	class, err := b.vocab.Lookup(word)
	if err != nil {
		b.diags.Errorf(b.file.Pos(t.Segment.Start+len("【")), "%v", err)
	}
	r.Class = class
	t.Segment = t.Segment.WithStart(t.Segment.Start + end + len("】"))
	block.InsertBefore(block, t, &StatusNode{Word: word, Class: class})
	n.SetAttributeString("id", []byte(r.ID))
	setRole(n, RoleReport)
	b.doc.Reports = append(b.doc.Reports, r)
	return r
}

// unmarked checks that an item without a status names no problem: a report
// item without a status is a mistake, narrative without references is not.
func (b *builder) unmarked(n ast.Node) *Report {
	var ref *RefNode
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := c.(*RefNode); ok && entering && ref == nil {
			ref = r
		}
		return ast.WalkContinue, nil
	})
	if ref != nil {
		b.diags.Errorf(b.file.Pos(ref.Offset), "report item has no status: start it with a status word such as 【已整改】 or 【整改中】")
	}
	return nil
}

func (b *builder) endReport(r *Report, n ast.Node) {
	if r == nil {
		return
	}
	r.Text = b.plain(n)
	if len(r.Refs) == 0 {
		b.diags.Errorf(r.Pos, "report item 【%s】 names no problem: add a reference such as [[2020/banzi#p1]]", r.Word)
	}
}

// parseRef checks the syntax of a reference. It returns nil, after
// reporting, for a malformed one.
func (b *builder) parseRef(n *RefNode) *Ref {
	pos := b.file.Pos(n.Offset)
	docKey, id, ok := strings.Cut(n.Target, "#")
	docKey, id = strings.TrimSpace(docKey), strings.TrimSpace(id)
	if !ok || id == "" {
		b.diags.Errorf(pos, "reference [[%s]] names no problem: write [[<year>/<name>#<id>]], e.g. [[2020/banzi#p1]], or [[#p1]] within this document", n.Target)
		return nil
	}
	if docKey == "" {
		docKey = b.doc.Key
	} else if _, _, ok := keyOf(Dir + "/" + docKey + ".md"); !ok {
		b.diags.Errorf(pos, "reference [[%s]]: %q is not a document key; write <year>/<name>, e.g. 2020/banzi", n.Target, docKey)
		return nil
	}
	return &Ref{Doc: docKey, ID: id, Raw: n.Target, Pos: pos}
}

// parseDuty reads "责任人：…　整改时限：…".
func parseDuty(s string) (responsible, deadline string, ok bool) {
	s = strings.TrimSpace(s)
	rest, found := strings.CutPrefix(s, "责任人：")
	if !found {
		if rest, found = strings.CutPrefix(s, "责任人:"); !found {
			return "", "", false
		}
	}
	const trim = " \t　；;，,。"
	for _, key := range []string{"整改时限：", "整改时限:", "完成时限：", "完成时限:"} {
		if i := strings.Index(rest, key); i >= 0 {
			return strings.Trim(rest[:i], trim), strings.Trim(rest[i+len(key):], trim), true
		}
	}
	return strings.Trim(rest, trim), "", true
}

// pos is the position of the start of block n's first line.
func (b *builder) pos(n ast.Node) diag.Pos {
	if lines := n.Lines(); lines != nil && lines.Len() > 0 {
		return b.file.Pos(lines.At(0).Start)
	}
	return b.file.Whole()
}

// textPos is the position of text within block n's source, or of n's
// start when text is not written there plainly.
func (b *builder) textPos(n ast.Node, text string) diag.Pos {
	lines := n.Lines()
	if text == "" || lines == nil || lines.Len() == 0 {
		return b.pos(n)
	}
	start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	if i := bytes.Index(b.src[start:stop], []byte(text)); i >= 0 {
		return b.file.Pos(start + i)
	}
	return b.pos(n)
}

// plain returns the text of n's inline content, without markup, references
// or status markers.
func (b *builder) plain(n ast.Node) string {
	// Gathered in a reused buffer, so that the string kept is its exact
	// size: a county's archive keeps some 100 MB of these texts.
	buf := b.scratch[:0]
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *RefNode, *StatusNode:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			buf = append(buf, c.Segment.Value(b.src)...)
		case *ast.String:
			buf = append(buf, c.Value...)
		}
		return ast.WalkContinue, nil
	})
	b.scratch = buf
	return string(bytes.TrimSpace(buf))
}
