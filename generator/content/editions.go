package content

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"mzshh/generator/diag"

	"go.yaml.in/yaml/v3"
)

// Edition is one audience's site: the documents it selects, and where it
// is published. config.yaml lists them under editions:
//
//	editions:
//	  - name: all            # everything → public/all/
//	  - name: banzi
//	    kinds: [班子]        # team materials only → public/banzi/
//	  - name: unit
//	    per_unit: true       # one site per unit → public/unit/<unit slug>/
//
// Every selector given narrows the selection; a list matches when one of
// its entries does:
//
//   - units: unit names, or patterns with * and ? (城南*);
//   - kinds: 班子 and/or 个人;
//   - years: 2021, 2020-2022, 2021- or -2021;
//   - documents: document keys or patterns (2022/banzi, 2021/*): the
//     edition holds only these;
//   - exclude: document keys or patterns the edition never holds.
//
// The contract: an edition's site is the site its selected documents
// would make on their own, but that a reference into a document it does
// not hold renders as 本版未收录 (package site). With no editions, the
// site holds every document, as it always has.
type Edition struct {
	Name        string
	Destination string // as written; "" for <build destination>/<name>
	Units       []Pattern
	Kinds       []string
	YearFrom    int // 0: no lower bound
	YearTo      int // 0: no upper bound
	Documents   []Pattern
	Exclude     []Pattern
	PerUnit     bool     // one site per unit, in <destination>/<unit slug>/
	Pos         diag.Pos // where the entry's name is written
	DestPos     diag.Pos // where destination is written, if it is
}

// Pattern is a name or a pattern of config.yaml with its position.
type Pattern struct {
	Text string
	Pos  diag.Pos
}

// Match reports whether s matches the pattern: equal to it, or matching it
// as path.Match does (* and ? do not cross a /).
func (p Pattern) Match(s string) bool {
	if p.Text == s {
		return true
	}
	ok, _ := path.Match(p.Text, s)
	return ok
}

func matchAny(ps []Pattern, s string) bool {
	return slices.ContainsFunc(ps, func(p Pattern) bool { return p.Match(s) })
}

// Selects reports whether the edition holds d, by its selectors alone: a
// classified document it selects is still never published (package site
// refuses it).
func (e *Edition) Selects(d *Document) bool {
	switch {
	case len(e.Units) > 0 && !matchAny(e.Units, d.Unit),
		len(e.Kinds) > 0 && !slices.Contains(e.Kinds, d.Kind),
		e.YearFrom != 0 && d.Year < e.YearFrom,
		e.YearTo != 0 && d.Year > e.YearTo,
		len(e.Documents) > 0 && !matchAny(e.Documents, d.Key),
		matchAny(e.Exclude, d.Key):
		return false
	}
	return true
}

// DestinationIn returns where the edition is published for a build whose
// destination is root: its destination: relative to the site directory
// dir, or root/<name>.
func (e *Edition) DestinationIn(dir, root string) string {
	if e.Destination == "" {
		return filepath.Join(root, e.Name)
	}
	d := filepath.FromSlash(e.Destination)
	if filepath.IsAbs(d) {
		return filepath.Clean(d)
	}
	return filepath.Join(dir, d)
}

// Edition returns the edition named name, or nil.
func (c Config) Edition(name string) *Edition {
	for i := range c.Editions {
		if c.Editions[i].Name == name {
			return &c.Editions[i]
		}
	}
	return nil
}

// EditionNames lists the editions' names, in config order.
func (c Config) EditionNames() []string {
	var names []string
	for _, e := range c.Editions {
		names = append(names, e.Name)
	}
	return names
}

var editionKeys = []string{"name", "destination", "units", "kinds", "years", "documents", "exclude", "per_unit"}

// editionName is what an edition's name may hold: it names a folder and
// the --edition flag's value.
var editionName = regexp.MustCompile(`^[\p{L}\p{N}_-]+$`)

// loadEditions reads the editions list.
func loadEditions(cfg *Config, v *yaml.Node, diags *diag.List) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.SequenceNode {
		diags.Errorf(nodePos(v), "config editions must be a list of editions, each - name: …; found %s", describe(v))
		return
	}
	seen := map[string]diag.Pos{}
	for _, entry := range v.Content {
		at := nodePos(entry)
		entry = deref(entry)
		if entry.Kind != yaml.MappingNode {
			diags.Errorf(at, "editions: each edition must be key: value lines starting with name:, e.g. - name: all; found %s", describe(entry))
			continue
		}
		e, ok := loadEdition(entry, at, diags)
		if !ok {
			continue
		}
		if first, dup := seen[strings.ToLower(e.Name)]; dup {
			diags.Errorf(e.Pos, "editions: %s is named twice (first at line %d); each edition needs its own name", e.Name, first.Line)
			continue
		}
		seen[strings.ToLower(e.Name)] = e.Pos
		cfg.Editions = append(cfg.Editions, e)
	}
	checkDestinations(cfg.Editions, diags)
}

// loadEdition reads one edition's mapping; ok is false when it has no
// usable name.
func loadEdition(m *yaml.Node, at diag.Pos, diags *diag.List) (Edition, bool) {
	e := Edition{Pos: at}
	named := false
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], deref(m.Content[i+1])
		if seen[k.Value] {
			diags.Errorf(nodePos(k), "editions: key %s is given twice in one edition", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "name":
			s, ok := configText(v, "editions: name", diags)
			switch {
			case !ok:
			case s == "":
				diags.Errorf(nodePos(k), "editions: name is empty; write one, e.g. name: all")
			case !editionName.MatchString(s):
				diags.Errorf(nodePos(v), "editions: name %q may hold only letters, digits, - and _: it names a folder", s)
			default:
				e.Name, e.Pos, named = s, nodePos(v), true
			}
		case "destination":
			s, ok := configText(v, "editions: destination", diags)
			if ok && s != "" {
				if msg := badDestination(s); msg != "" {
					diags.Errorf(nodePos(v), "editions: destination %s %s", s, msg)
				} else {
					e.Destination, e.DestPos = s, nodePos(v)
				}
			}
		case "units", "documents", "exclude":
			ps := loadPatterns(k.Value, v, diags)
			switch k.Value {
			case "units":
				e.Units = ps
			case "documents":
				e.Documents = ps
			default:
				e.Exclude = ps
			}
		case "kinds":
			for _, p := range loadPatterns("kinds", v, diags) {
				if p.Text != KindTeam && p.Text != KindIndividual {
					diags.Errorf(p.Pos, "editions: kind %q must be %s (teams' materials) or %s (members' own)", p.Text, KindTeam, KindIndividual)
					continue
				}
				e.Kinds = append(e.Kinds, p.Text)
			}
		case "years":
			from, to, ok := parseYears(v)
			if !ok {
				diags.Errorf(nodePos(v), "editions: years %s must be a year or a range: 2021, 2020-2022, 2021- or -2021", describe(v))
				continue
			}
			e.YearFrom, e.YearTo = from, to
		case "per_unit":
			switch {
			case isNull(v):
			case v.Kind == yaml.ScalarNode && v.Tag == "!!bool":
				e.PerUnit = strings.EqualFold(v.Value, "true")
			default:
				diags.Errorf(nodePos(v), "editions: per_unit must be true or false, not %s", describe(v))
			}
		default:
			msg := "editions: unknown key " + k.Value
			if s := Nearest(k.Value, editionKeys); s != "" {
				msg += "; did you mean " + s + "?"
			} else {
				msg += "; an edition's keys are " + strings.Join(editionKeys, ", ")
			}
			diags.Errorf(nodePos(k), "%s", msg)
		}
	}
	if !named && !seen["name"] {
		diags.Errorf(at, "editions: an edition needs a name, e.g. - name: all")
	}
	return e, named
}

// loadPatterns reads a list of names or patterns (a single one may be
// written without brackets).
func loadPatterns(key string, v *yaml.Node, diags *diag.List) []Pattern {
	if isNull(v) {
		return nil
	}
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	var out []Pattern
	for _, n := range items {
		at := nodePos(n)
		n = deref(n)
		if n.Kind != yaml.ScalarNode || isNull(n) || strings.TrimSpace(n.Value) == "" {
			diags.Errorf(at, "editions: each entry of %s must be a name or pattern; found %s", key, describe(n))
			continue
		}
		s := strings.TrimSpace(n.Value)
		if _, err := path.Match(s, ""); err != nil {
			diags.Errorf(at, "editions: %s %q is not a valid pattern (%v); * and ? match any text, [ starts a class", key, s, err)
			continue
		}
		out = append(out, Pattern{Text: s, Pos: at})
	}
	return out
}

// parseYears reads 2021, 2020-2022, 2021- or -2021.
func parseYears(v *yaml.Node) (from, to int, ok bool) {
	if v.Kind != yaml.ScalarNode || isNull(v) {
		return 0, 0, false
	}
	s := strings.ReplaceAll(strings.TrimSpace(v.Value), " ", "")
	for _, dash := range []string{"–", "—", "～", "~", "至"} {
		s = strings.ReplaceAll(s, dash, "-")
	}
	year := func(t string) (int, bool) {
		if t == "" {
			return 0, true
		}
		y, err := strconv.Atoi(t)
		return y, err == nil && y >= 1921 && y <= 2200
	}
	a, b, ranged := strings.Cut(s, "-")
	if !ranged {
		b = a
	}
	from, ok1 := year(a)
	to, ok2 := year(b)
	if !ok1 || !ok2 || from == 0 && to == 0 || from != 0 && to != 0 && from > to {
		return 0, 0, false
	}
	return from, to, true
}

// badDestination says what is wrong with a destination: one inside the
// site's sources, or the site itself, would be replaced by the build.
func badDestination(s string) string {
	if filepath.IsAbs(filepath.FromSlash(s)) {
		return ""
	}
	c := path.Clean(filepath.ToSlash(s))
	switch {
	case c == "." || c == "..":
		return "is the site folder or its parent; the build replaces its destination, so give a folder of its own such as public/all"
	case c == Dir || strings.HasPrefix(c, Dir+"/"), c == "layouts" || strings.HasPrefix(c, "layouts/"), c == ConfigFile:
		return "is inside the site's sources; give a folder of its own such as public/all"
	}
	return ""
}

// checkDestinations reports editions published to the same folder, or
// one inside another's: each build replaces its destination whole.
func checkDestinations(eds []Edition, diags *diag.List) {
	dest := func(e Edition) string {
		if e.Destination == "" {
			return "public/" + e.Name
		}
		return path.Clean(filepath.ToSlash(e.Destination))
	}
	at := func(e Edition) diag.Pos {
		if e.Destination != "" {
			return e.DestPos
		}
		return e.Pos
	}
	for i, a := range eds {
		for _, b := range eds[:i] {
			da, db := dest(a), dest(b)
			switch {
			case da == db:
				diags.Errorf(at(a), "editions: %s is published to %s, as %s is (line %d); give it a destination of its own", a.Name, da, b.Name, at(b).Line)
			case strings.HasPrefix(da, db+"/"), strings.HasPrefix(db, da+"/"):
				diags.Errorf(at(a), "editions: %s (%s) and %s (%s, line %d) are published one inside the other; a build replaces its destination whole", a.Name, da, b.Name, db, at(b).Line)
			}
		}
	}
}

// String describes the edition's selection, for messages.
func (e *Edition) String() string {
	var parts []string
	if len(e.Units) > 0 {
		parts = append(parts, "units "+joinPatterns(e.Units))
	}
	if len(e.Kinds) > 0 {
		parts = append(parts, "kinds "+strings.Join(e.Kinds, ", "))
	}
	if e.YearFrom != 0 || e.YearTo != 0 {
		parts = append(parts, fmt.Sprintf("years %s-%s", yearText(e.YearFrom), yearText(e.YearTo)))
	}
	if len(e.Documents) > 0 {
		parts = append(parts, "documents "+joinPatterns(e.Documents))
	}
	if len(e.Exclude) > 0 {
		parts = append(parts, "exclude "+joinPatterns(e.Exclude))
	}
	if len(parts) == 0 {
		return e.Name + " (every document)"
	}
	return e.Name + " (" + strings.Join(parts, "; ") + ")"
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func joinPatterns(ps []Pattern) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Text)
	}
	return strings.Join(s, ", ")
}
