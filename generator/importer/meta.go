package importer

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"mzshh/generator/content"
)

// Meta is a document's front matter and file name.
type Meta struct {
	Title   string
	Year    int
	Unit    string
	Kind    string // 班子 or 个人
	Meeting string
	Date    string // YYYY-MM-DD, or "" when the source gives none
	Name    string // the file name in content/<year>/, without .md
}

// Key is the document's key, "<year>/<name>".
func (m Meta) Key() string { return strconv.Itoa(m.Year) + "/" + m.Name }

var (
	yearMeeting  = regexp.MustCompile(`(\d{4})\s*年度?[^，。；：、“”]{0,20}?(民主生活会|组织生活会)`)
	themeMeeting = regexp.MustCompile(`[^，。；：、“”《》\s]{2,40}?专题(?:民主生活会|组织生活会)`)
	themeVerbs   = regexp.MustCompile(`^.*(?:关于|开好|召开|参加|开展|按照|围绕)`)
	titleSuffix  = regexp.MustCompile(`(?:个人)?(?:对照检查材料|对照检查发言提纲|对照检查|检视剖析材料|剖析材料|发言提纲|发言材料|检查材料|材料)$`)
	reportYear   = regexp.MustCompile(`(\d{4})\s*年`)
	teamUnit     = regexp.MustCompile(`[^，。；：、“”（）\s]{1,15}?领导班子`)
	dateLine     = regexp.MustCompile(`^[（(]?\s*([0-9〇零一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*日\s*[）)]?$`)
	teamWords    = regexp.MustCompile(`领导班子|班子|党组|党委会|委员会|支部`)
)

// themeRoots start the theme of a special meeting (专题民主生活会).
var themeRoots = []string{"党史学习教育", "主题教育", "学习贯彻", "以案促改", "以案为鉴", "巡视整改", "巡察整改", "“不忘初心", "不忘初心", "扫黑除恶", "作风建设", "警示教育"}

// metaInput is what the recogniser found for the front matter.
type metaInput struct {
	title      string // the title line, "" if the source has none
	titleLine  int
	preamble   string // the text before the first section
	reportHd   string // the report section's heading
	text       string // the whole text
	date       string
	front      map[string]string // a Markdown source's front matter
	sourceName string
}

// meetingFrom finds the meeting in a title (its suffix removed) and the
// unit before it.
func meetingFrom(t, preamble string) (meeting, unit string, ok bool) {
	if m := yearMeeting.FindStringSubmatchIndex(t); m != nil {
		return t[m[0]:m[1]], t[:m[0]], true
	}
	// A special meeting's theme, as the preamble names it.
	best := ""
	for _, th := range themeMeeting.FindAllString(preamble, -1) {
		th = themeVerbs.ReplaceAllString(th, "")
		if len(th) > len(best) && strings.Contains(t, th) && !strings.HasPrefix(th, "专题") {
			best = th
		}
	}
	if best != "" {
		i := strings.Index(t, best)
		return best, t[:i], true
	}
	for _, word := range []string{"民主生活会", "组织生活会"} {
		end := strings.Index(t, word)
		if end < 0 {
			continue
		}
		for _, root := range themeRoots {
			if i := strings.Index(t[:end], root); i > 0 {
				return t[i:], t[:i], true
			}
		}
		if i := strings.Index(t[:end], "专题"); i > 0 {
			return t[i:], t[:i], false // the theme's first words are taken for the unit's
		}
		return t[end:], t[:end], false
	}
	return "", "", false
}

// deriveMeta fills the front matter from the options, the source and the
// archive, noting every guess.
func (r *recogniser) deriveMeta(in metaInput, opts Options) (Meta, error) {
	var m Meta
	front := in.front
	pick := func(opt, fm string) string {
		if opt != "" {
			return opt
		}
		return front[fm]
	}
	m.Unit = pick(opts.Unit, "unit")
	m.Kind = pick(opts.Kind, "kind")
	m.Meeting = front["meeting"]
	m.Date = front["date"]
	if m.Date == "" {
		m.Date = in.date
	}
	m.Year = opts.Year
	if m.Year == 0 {
		m.Year, _ = strconv.Atoi(front["year"])
	}
	m.Name = opts.Name

	// Title, meeting and unit from the title line.
	titleUnit := ""
	if in.title != "" {
		t := titleSuffix.ReplaceAllString(squeeze(in.title), "")
		if meeting, unit, sure := meetingFrom(t, in.preamble); meeting != "" {
			if m.Meeting == "" {
				m.Meeting = meeting
			}
			titleUnit = strings.TrimSuffix(unit, "的")
			if !sure && titleUnit != "" && m.Unit == "" {
				r.note(in.titleLine, NoteReview, "unit %q and meeting %q: split from the title by guess; check them in the front matter", titleUnit, meeting)
			}
		}
	}
	// The year.
	if sm := yearMeeting.FindStringSubmatch(in.title); sm != nil && m.Year != 0 && sm[1] != strconv.Itoa(m.Year) {
		r.note(in.titleLine, NoteReview, "the title names %s年度, but the document is filed under %d as asked", sm[1], m.Year)
	}
	if m.Year == 0 {
		switch {
		case yearMeeting.MatchString(in.title):
			m.Year, _ = strconv.Atoi(yearMeeting.FindStringSubmatch(in.title)[1])
		case reportYear.MatchString(in.reportHd):
			y, _ := strconv.Atoi(reportYear.FindStringSubmatch(in.reportHd)[1])
			m.Year = y + 1
			r.note(0, NoteInfo, "year %d: the report section is on %d (%q)", m.Year, y, shorten(in.reportHd, 30))
		case yearMeeting.MatchString(in.preamble):
			m.Year, _ = strconv.Atoi(yearMeeting.FindStringSubmatch(in.preamble)[1])
			r.note(0, NoteInfo, "year %d: from the preamble (%q)", m.Year, yearMeeting.FindString(in.preamble))
		case in.date != "":
			y, _ := strconv.Atoi(in.date[:4])
			mo, _ := strconv.Atoi(in.date[5:7])
			m.Year = y
			if mo <= 6 { // a meeting on year Y is held from December to spring
				m.Year = y - 1
			}
			r.note(0, NoteReview, "year %d: guessed from the date %s; give --year if it is wrong", m.Year, in.date)
		default:
			return m, fmt.Errorf("cannot tell the year of the material: its title and report section name none; give --year")
		}
	}
	if m.Year < 1921 || m.Year > 2200 {
		return m, fmt.Errorf("year %d is not plausible; give --year", m.Year)
	}
	// The kind.
	if m.Kind == "" {
		switch {
		case strings.Contains(in.title, "个人"):
			m.Kind = content.KindIndividual
		case teamWords.MatchString(in.title) || teamWords.MatchString(m.Unit):
			m.Kind = content.KindTeam
		case strings.Count(in.text, "本人") > strings.Count(in.text, "班子"):
			m.Kind = content.KindIndividual
			r.note(0, NoteInfo, "kind 个人: the material speaks as 本人")
		default:
			m.Kind = content.KindTeam
		}
	}
	if m.Kind != content.KindTeam && m.Kind != content.KindIndividual {
		return m, fmt.Errorf("kind %q must be %s or %s", m.Kind, content.KindTeam, content.KindIndividual)
	}
	// The unit.
	prevByName := func(name string) *content.Document {
		var best *content.Document
		for _, d := range opts.Docs {
			if d.Name == name && d.Year < m.Year && (best == nil || d.Year > best.Year) {
				best = d
			}
		}
		return best
	}
	if m.Unit == "" && titleUnit != "" {
		m.Unit = titleUnit
	}
	if m.Unit == "" && m.Name != "" {
		if d := prevByName(m.Name); d != nil {
			m.Unit = d.Unit
			r.note(0, NoteInfo, "unit %q: from %s, the unit's earlier document", m.Unit, d.Path)
		}
	}
	if m.Unit == "" && m.Kind == content.KindTeam {
		var teams []string
		for _, d := range opts.Docs {
			if d.Kind == content.KindTeam && !slices.Contains(teams, d.Unit) {
				teams = append(teams, d.Unit)
			}
		}
		if len(teams) == 1 {
			m.Unit = teams[0]
			r.note(0, NoteReview, "unit %q: the source names none, and it is the archive's only team; give --unit if it is another", m.Unit)
		}
	}
	if m.Unit == "" {
		if u := teamUnit.FindString(in.preamble); u != "" && m.Kind == content.KindTeam {
			m.Unit = u
			r.note(0, NoteReview, "unit %q: from the preamble; give --unit with the unit's full name as the archive writes it", m.Unit)
		}
	}
	if m.Unit == "" {
		return m, fmt.Errorf("cannot tell whose material this is: give --unit (e.g. --unit ××镇领导班子 or --unit 镇党委书记王××)")
	}
	// The meeting.
	if m.Meeting == "" {
		best := ""
		for _, th := range themeMeeting.FindAllString(in.preamble, -1) {
			if th = themeVerbs.ReplaceAllString(th, ""); !strings.HasPrefix(th, "专题") && best == "" {
				best = th
			}
		}
		switch {
		case best != "":
			m.Meeting = best
		case yearMeeting.MatchString(in.preamble):
			sm := yearMeeting.FindStringSubmatch(in.preamble)
			m.Meeting = sm[1] + "年度" + sm[2]
		default:
			m.Meeting = strconv.Itoa(m.Year) + "年度民主生活会"
			r.note(0, NoteReview, "meeting %q: the source does not name it; check the front matter", m.Meeting)
		}
	}
	// The title.
	if in.title != "" {
		m.Title = trimBlank(in.title)
	} else {
		m.Title = m.Unit + m.Meeting
		if m.Kind == content.KindIndividual {
			m.Title += "个人"
		}
		m.Title += "对照检查材料"
		r.note(0, NoteInfo, "title: the source has no title line; made %q from the unit and meeting", m.Title)
	}
	// The name.
	if m.Name == "" {
		// The unit's latest earlier document, or else its earliest later one.
		var best *content.Document
		closer := func(d *content.Document) bool {
			switch {
			case best == nil:
				return true
			case (d.Year < m.Year) != (best.Year < m.Year):
				return d.Year < m.Year
			case d.Year < m.Year:
				return d.Year > best.Year
			}
			return d.Year < best.Year
		}
		for _, d := range opts.Docs {
			if d.Unit == m.Unit && d.Year != m.Year && closer(d) {
				best = d
			}
		}
		if best != nil {
			m.Name = best.Name
			r.note(0, NoteInfo, "name %q: the file name of the unit's document %s", m.Name, best.Key)
		} else {
			var why string
			m.Name, why = newName(m, opts.Docs, in.sourceName)
			r.note(0, NoteInfo, "name %q: %s; give --name to choose another", m.Name, why)
		}
	}
	if err := checkName(m.Name); err != nil {
		return m, err
	}
	return m, nil
}

// newName chooses the file name of a unit new to the archive. A team's
// material is banzi, as the archive's own materials are named, as long as
// no other unit has that name; else, and for a member's material, the
// name is the unit's own letters and digits ("城关街道党工委领导班子"): stable
// from year to year, since the unit is written the same way every year,
// readable to the people who file the materials, and needing no
// transliteration (pinyin is ambiguous for many place and person names).
// A name another unit already has gets -2, -3….
func newName(m Meta, docs []*content.Document, sourceName string) (name, why string) {
	taken := map[string]bool{} // names of other units
	for _, d := range docs {
		if d.Unit != m.Unit {
			taken[d.Name] = true
		}
	}
	if m.Kind == content.KindTeam && !taken["banzi"] {
		return "banzi", "the usual name of a team's material, which no other unit in the archive has"
	}
	base, why := unitSlug(m.Unit), "the unit's own characters"
	if base == "" {
		base, why = fileSlug(sourceName), "from the source file name (the unit has no letters to name it by)"
	}
	if m.Kind == content.KindTeam {
		why += " (banzi is another unit's)"
	}
	name = base
	for i := 2; taken[name]; i++ {
		name = base + "-" + strconv.Itoa(i)
		why = "the unit's own characters, numbered: another unit has " + base
	}
	return name, why
}

// unitSlug is a unit's letters and digits, of any script, at most 24.
func unitSlug(unit string) string {
	var b []rune
	for _, r := range unit {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && len(b) < 24 {
			b = append(b, unicode.ToLower(r))
		}
	}
	return string(b)
}

// fileSlug makes a document name from a file name: letters and digits of
// any script, '-' and '_'.
func fileSlug(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	s := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			return unicode.ToLower(r)
		case isBlank(r) || r == '.':
			return '-'
		}
		return -1
	}, base)
	s = strings.Trim(s, "-_")
	if s == "" {
		s = "doc"
	}
	return s
}

// checkName refuses names that are not a single file name.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\:*?"<>|#[]`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("name %q cannot be a document's file name: use letters, digits, - or _ (e.g. banzi, shuji)", name)
	}
	return nil
}

// findDate reads a date line such as 2022年1月18日 or 二〇二二年一月十八日.
func findDate(t string) string {
	m := dateLine.FindStringSubmatch(squeeze(t))
	if m == nil {
		return ""
	}
	digits := func(s string) int {
		if v, err := strconv.Atoi(s); err == nil {
			return v
		}
		if v, n := cnNumber(s); n == len(s) {
			return v
		}
		v := 0
		for _, r := range s {
			d := strings.IndexRune("〇一二三四五六七八九", r)
			if r == '零' {
				d = 0
			}
			if d < 0 {
				return -1
			}
			v = v*10 + len([]rune("〇一二三四五六七八九"[:d]))
		}
		return v
	}
	y, mo, d := digits(m[1]), digits(m[2]), digits(m[3])
	if y < 1921 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
}
