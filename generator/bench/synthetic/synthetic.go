// Package synthetic generates archives of 民主生活会 对照检查材料 for
// benchmarks: any number of documents, deterministic from a seed, every
// sentence taken from the real seed material and recombined.
//
// An archive has Years years and Units units; each unit writes one document
// a year. Units come in organisations (a township 镇/乡 or a county
// department 局) of seven: the leadership team (班子) and six members (个人),
// as in a county of about a hundred organisations and 700 documents a year.
//
// Every document has a problems section (groups （一） with items 一是, 二是…,
// about 15 items), causes and measures (针对 [[#pN]], 责任人：…　整改时限：…).
// From a unit's second year on it also reports on every problem of its
// previous document with a mix of statuses, some problems continue one of
// last year (延续 [[<prev>#pX-Y]]) and about one document in a hundred has a
// rebound: a continued problem that had been reported done. The archive
// builds without errors; its only warnings are the rebounds, a few 雷同
// pairs (package similar: every sentence comes from the one seed) and the
// open problems past their deadlines (package overdue: statuses are drawn
// at random).
package synthetic

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Options say what to generate.
type Options struct {
	// Docs is the number of documents; 0 means Years × Units. Documents
	// are made year by year, so with fewer than Years × Units the last
	// year has fewer units.
	Docs  int
	Years int
	Units int
	Seed  uint64
	// FirstYear is the first year of the archive; 0 means the archive ends
	// in 2023.
	FirstYear int
}

// normalize fills the defaults and checks the options.
func (o Options) normalize() (Options, error) {
	if o.Years <= 0 {
		o.Years = 1
	}
	if o.Units <= 0 {
		if o.Docs <= 0 {
			return o, fmt.Errorf("synthetic: give the number of documents or of units")
		}
		o.Units = (o.Docs + o.Years - 1) / o.Years
	}
	if o.Docs <= 0 {
		o.Docs = o.Years * o.Units
	}
	if o.Docs > o.Years*o.Units {
		return o, fmt.Errorf("synthetic: %d documents do not fit in %d years × %d units", o.Docs, o.Years, o.Units)
	}
	if o.FirstYear == 0 {
		o.FirstYear = 2024 - o.Years
	}
	return o, nil
}

// Doc is one generated document.
type Doc struct {
	Year  int
	Name  string // the file name without .md: "t012-shuji"
	Unit  string
	Kind  string // 班子 or 个人
	Title string
	Date  string // YYYY-MM-DD
	// Source is the Markdown file, front matter included.
	Source []byte
	// Body is the part of Source after the front matter.
	Body []byte
}

// Key is the document's key, "<year>/<name>".
func (d *Doc) Key() string { return fmt.Sprintf("%d/%s", d.Year, d.Name) }

// Path is the document's path in a site: "content/<year>/<name>.md".
func (d *Doc) Path() string { return "content/" + d.Key() + ".md" }

// Config is the config.yaml of a generated site.
const Config = "title: ××县民主生活会材料档案\norganization: 中共××县委员会\n"

// Each generates the archive described by o, calling fn with every document
// in turn (year by year, units in order). It keeps only the previous year's
// problems of each unit, so an archive of any size streams.
func Each(o Options, fn func(*Doc) error) error {
	o, err := o.normalize()
	if err != nil {
		return err
	}
	units := makeUnits(o.Units, o.Seed)
	prev := make([]*state, o.Units)
	n := 0
	for y := 0; y < o.Years && n < o.Docs; y++ {
		for u := 0; u < o.Units && n < o.Docs; u++ {
			rng := rand.New(rand.NewPCG(o.Seed, uint64(u)<<16|uint64(o.FirstYear+y)))
			g := &docGen{rng: rng, unit: units[u], year: o.FirstYear + y, prev: prev[u]}
			d := g.generate()
			prev[u] = g.next
			if err := fn(d); err != nil {
				return err
			}
			n++
		}
	}
	return nil
}

// Generate returns the whole archive described by o.
func Generate(o Options) ([]*Doc, error) {
	var docs []*Doc
	err := Each(o, func(d *Doc) error {
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

// state is what a unit's next document needs of its previous one.
type state struct {
	key    string
	groups []*prevGroup
}

type prevGroup struct {
	id    string
	title string
	items []*prevItem
}

type prevItem struct {
	id    string
	title string // without the 一是 ordinal
	class int    // the status class the next document reports (set while generating it)
}

// Status classes, as in status.Class.
const (
	notDone = iota + 1
	inProgress
	ongoing
	mostly
	done
)

var statusWords = map[int][]string{
	done:       {"已整改", "已完成", "完成整改", "已销号"},
	mostly:     {"基本整改", "基本完成"},
	inProgress: {"整改中", "正在整改"},
	ongoing:    {"长期坚持"},
	notDone:    {"未整改", "未完成"},
}

// statusClosing ends a report item, by class.
var statusClosing = map[int][]string{
	done: {
		"该问题已整改到位。",
		"经检查验收，已完成整改并销号。",
		"相关制度已建立并有效运行，问题已整改完成。",
	},
	mostly: {
		"问题已基本整改，但个别方面仍有差距，还需进一步巩固。",
		"整改取得阶段性成效，长效机制还需持续完善。",
	},
	inProgress: {
		"目前仍在持续推进整改，力争年内完成。",
		"但整改效果尚不明显，正在持续整改。",
	},
	ongoing: {
		"此项需长期坚持，持续抓好落实。",
		"该项工作永远在路上，列为长期坚持事项。",
	},
	notDone: {
		"受客观条件制约，该问题尚未完成整改，已列入下一年度重点整改任务。",
		"由于资金未能落实，该问题未完成整改，已列入下一年度重点整改任务。",
	},
}

var classLabels = []struct {
	class int
	label string
}{{done, "已完成整改"}, {mostly, "基本完成整改"}, {inProgress, "正在整改"}, {ongoing, "需长期坚持"}, {notDone, "未完成整改"}}

// pickClass draws a status class: 35% done, 25% mostly, 15% in progress,
// 15% ongoing, 10% not done.
func pickClass(rng *rand.Rand) int {
	switch x := rng.IntN(100); {
	case x < 35:
		return done
	case x < 60:
		return mostly
	case x < 75:
		return inProgress
	case x < 90:
		return ongoing
	default:
		return notDone
	}
}

// docGen generates one document.
type docGen struct {
	rng  *rand.Rand
	unit *unit
	year int
	prev *state
	next *state
	b    bytes.Buffer
}

func (g *docGen) pick(pool []string) string { return pool[g.rng.IntN(len(pool))] }

// sentences joins sentences drawn from the pools until they are at least
// minRunes characters long.
func (g *docGen) sentences(minRunes int, pools ...[]string) string {
	var sb strings.Builder
	n, last := 0, ""
	for n < minRunes {
		s := g.pick(pools[g.rng.IntN(len(pools))])
		if s == last {
			continue // never the same sentence twice in a row
		}
		sb.WriteString(s)
		n += runes(s)
		last = s
	}
	return sb.String()
}

func (g *docGen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *docGen) generate() *Doc {
	u := g.unit
	d := &Doc{Year: g.year, Name: u.slug, Unit: u.name, Kind: u.kind}
	meeting := fmt.Sprintf("%d年度民主生活会", g.year)
	if u.kind == kindTeam {
		d.Title = fmt.Sprintf("%s领导班子%s对照检查材料", u.org.name, meeting)
	} else {
		d.Title = fmt.Sprintf("%s%s个人对照检查材料", u.name, meeting)
	}
	d.Date = fmt.Sprintf("%d-01-%02d", g.year+1, g.between(8, 28))
	fmt.Fprintf(&g.b, "---\ntitle: %s\nyear: %d\nunit: %s\nkind: %s\nmeeting: %s\ndate: %s\n---\n\n", d.Title, g.year, u.name, u.kind, meeting, d.Date)
	bodyStart := g.b.Len()

	g.intro(meeting)
	sec := 0
	if g.prev != nil {
		sec++
		g.report(sec)
	}
	sec++
	groups := g.problems(sec)
	sec++
	g.causes(sec)
	sec++
	g.measures(sec, groups)

	d.Source = bytes.Clone(g.b.Bytes())
	d.Body = d.Source[bodyStart:]
	return d
}

func (g *docGen) intro(meeting string) {
	subject := g.unit.subject()
	fmt.Fprintf(&g.b, "按照县委关于开好%s的通知要求，%s认真学习领会党的创新理论，通过发放征求意见表、召开座谈会、谈心谈话等方式广泛征求意见建议。%s现将对照检查情况报告如下：\n\n",
		meeting, subject, g.sentences(g.between(1, 90), seed.intro))
}

// report writes the report on every problem of the unit's previous
// document. It sets each previous item's class, for the threads.
func (g *docGen) report(sec int) {
	p := g.prev
	total := 0
	for _, gr := range p.groups {
		total += len(gr.items)
	}
	// Decide the statuses first: the intro paragraph counts them.
	type entry struct {
		refs  []string
		title string
		class int
	}
	var entries []entry
	for _, gr := range p.groups {
		if g.rng.IntN(100) < 15 {
			// One report on the whole group covers its items.
			c := pickClass(g.rng)
			for _, it := range gr.items {
				it.class = c
			}
			entries = append(entries, entry{refs: []string{gr.id}, title: "“" + shortGroup(gr.title) + "”方面", class: c})
			continue
		}
		for i := 0; i < len(gr.items); i++ {
			it := gr.items[i]
			it.class = pickClass(g.rng)
			e := entry{refs: []string{it.id}, title: strings.TrimSuffix(it.title, "。"), class: it.class}
			if i+1 < len(gr.items) && g.rng.IntN(100) < 5 {
				// Two items reported together.
				next := gr.items[i+1]
				next.class = it.class
				e.refs = append(e.refs, next.id)
				i++
			}
			entries = append(entries, e)
		}
	}
	count := map[int]int{}
	for _, gr := range p.groups {
		for _, it := range gr.items {
			count[it.class]++
		}
	}

	fmt.Fprintf(&g.b, "## %s、%d年度民主生活会整改措施落实情况\n\n", ordinal(sec), g.year-1)
	fmt.Fprintf(&g.b, "%d年度民主生活会召开后，%s对照查摆出的%d个方面%d项问题，逐项明确责任人和整改时限，实行月调度、季通报，完成一项、销号一项。截至目前，%d项问题中",
		g.year-1, g.unit.subject(), len(p.groups), total, total)
	var parts []string
	for _, c := range classLabels {
		if count[c.class] > 0 {
			parts = append(parts, fmt.Sprintf("%s%d项", c.label, count[c.class]))
		}
	}
	fmt.Fprintf(&g.b, "%s。%s具体情况如下：\n\n", strings.Join(parts, "，"), g.sentences(g.between(1, 110), seed.report))
	if g.rng.IntN(100) < 30 {
		g.b.WriteString("| 整改状态 | 项数 |\n|---|---:|\n")
		for _, c := range classLabels {
			fmt.Fprintf(&g.b, "| %s | %d |\n", c.label, count[c.class])
		}
		g.b.WriteString("\n")
	}
	for _, e := range entries {
		fmt.Fprintf(&g.b, "- 【%s】", g.pick(statusWords[e.class]))
		for _, id := range e.refs {
			fmt.Fprintf(&g.b, "[[%s#%s]] ", p.key, id)
		}
		what := ""
		if g.rng.IntN(100) < 50 {
			what = g.sentences(1, seed.measure, seed.report)
		}
		fmt.Fprintf(&g.b, "关于%s的问题。%s%s\n", e.title, what, g.pick(statusClosing[e.class]))
	}
	g.b.WriteString("\n")
}

// shortGroup shortens a group title for a report item.
func shortGroup(t string) string {
	t = strings.TrimSuffix(t, "。")
	if i := strings.Index(t, "方面"); i > 0 {
		t = t[:i]
	}
	t = strings.Trim(t, "在“”")
	r := []rune(t)
	if len(r) > 24 {
		return string(r[:24]) + "……"
	}
	return t
}

// problems writes the problems section and returns the number of groups.
func (g *docGen) problems(sec int) int {
	fmt.Fprintf(&g.b, "## %s、存在的主要问题\n\n", ordinal(sec))
	fmt.Fprintf(&g.b, "对照民主生活会主题和有关要求，结合征求到的意见建议和谈心谈话情况，%s主要存在以下问题：\n\n", g.unit.subject())

	// Candidates for threads: last year's items and whether they were
	// reported done.
	var open, closed []*prevItem
	key := ""
	if g.prev != nil {
		key = g.prev.key
		for _, gr := range g.prev.groups {
			for _, it := range gr.items {
				if it.class == done {
					closed = append(closed, it)
				} else {
					open = append(open, it)
				}
			}
		}
	}
	rebound := len(closed) > 0 && g.rng.IntN(100) < 1

	next := &state{key: fmt.Sprintf("%d/%s", g.year, g.unit.slug)}
	groups := g.between(4, 6)
	for gi := 1; gi <= groups; gi++ {
		gr := &prevGroup{id: fmt.Sprintf("p%d", gi), title: g.pick(seed.groupTitles)}
		fmt.Fprintf(&g.b, "### （%s）%s {#%s}\n\n", ordinal(gi), gr.title, gr.id)
		if g.rng.IntN(100) < 40 {
			fmt.Fprintf(&g.b, "%s\n\n", g.sentences(g.between(1, 60), seed.groupIntro, seed.problem))
		}
		items := g.between(2, 4)
		for ii := 1; ii <= items; ii++ {
			it := &prevItem{id: fmt.Sprintf("%s-%d", gr.id, ii), title: g.pick(seed.itemTitles)}
			var cont *prevItem
			switch {
			case rebound:
				cont, rebound = closed[g.rng.IntN(len(closed))], false
			case len(open) > 0 && g.rng.IntN(100) < 8:
				cont = open[g.rng.IntN(len(open))]
			}
			if cont != nil {
				it.title = cont.title // the same problem, still there
			}
			fmt.Fprintf(&g.b, "#### %s是%s {#%s}\n\n", ordinal(ii), it.title, it.id)
			if cont != nil {
				fmt.Fprintf(&g.b, "延续 [[%s#%s]]\n\n", key, cont.id)
			}
			fmt.Fprintf(&g.b, "%s\n\n", g.sentences(g.between(1, 70), seed.problem))
			gr.items = append(gr.items, it)
		}
		next.groups = append(next.groups, gr)
	}
	g.next = next
	return groups
}

func (g *docGen) causes(sec int) {
	fmt.Fprintf(&g.b, "## %s、产生问题的原因剖析\n\n", ordinal(sec))
	for i := 1; i <= g.between(4, 6); i++ {
		fmt.Fprintf(&g.b, "### （%s）%s {#c%d}\n\n%s\n\n", ordinal(i), g.pick(seed.causeTitles), i, g.sentences(g.between(1, 90), seed.cause))
	}
}

func (g *docGen) measures(sec, groups int) {
	fmt.Fprintf(&g.b, "## %s、整改措施及努力方向\n\n", ordinal(sec))
	for i := 1; i <= groups; i++ {
		fmt.Fprintf(&g.b, "### （%s）%s {#m%d}\n\n针对 [[#p%d]]", ordinal(i), g.pick(seed.measureTitle), i, i)
		if i < groups && g.rng.IntN(100) < 10 {
			fmt.Fprintf(&g.b, "、[[#p%d-1]]", i+1)
		}
		fmt.Fprintf(&g.b, "\n\n%s\n\n", g.sentences(g.between(20, 90), seed.measure))
		fmt.Fprintf(&g.b, "责任人：%s　整改时限：%s\n\n", g.unit.responsible(g.rng), g.deadline())
	}
}

func (g *docGen) deadline() string {
	if g.rng.IntN(100) < 15 {
		return "长期坚持"
	}
	return fmt.Sprintf("%d年%d月底", g.year+1, g.between(3, 12))
}

var ordinals = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// ordinal writes n (1–99) in Chinese numerals.
func ordinal(n int) string {
	switch {
	case n <= 10:
		return ordinals[n]
	case n < 20:
		return "十" + ordinals[n-10]
	case n%10 == 0:
		return ordinals[n/10] + "十"
	}
	return ordinals[n/10] + "十" + ordinals[n%10]
}
