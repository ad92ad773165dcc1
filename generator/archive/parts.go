package archive

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"mzshh/generator/content"
	"mzshh/generator/diag"
)

// Parts. References almost never cross units, so an archive is resolved
// in parts: a part is the fewest units whose documents reference only one
// another (in the usual archive, one unit). Each part is resolved alone,
// the parts in parallel, and then joined: documents, units and threads in
// the archive's order, positions (Doc.Index) archive-wide. What a part
// shares with the others — the archive's years, the units' slugs, every
// document's position — is decided before, for all of them.
//
// Rebuild takes from a previous archive every part whose documents are
// the very same (*content.Document) and whose shared facts are unchanged,
// as it is: a preview's edit re-resolves the part of the edited document,
// not the archive. A part taken over is never written to, so the previous
// archive stays whole for whoever still reads it. Its problems and reports
// keep their Index; a part resolved again numbers its own from the
// previous archive's counts on, so that a number never names two things
// in archives of one line (NumProblems then counts the gaps too, until a
// Build starts the line again).

// part is a set of documents resolved alone.
type part struct {
	docs  []*content.Document // as given to Build, in that order
	a     *Archive            // the part resolved alone
	diags diag.List
}

// scope is what the parts of an archive share.
type scope struct {
	years    []int
	slugs    map[string]string         // by unit name
	pos      map[*content.Document]int // position in Archive.Docs
	excluded map[string]bool
	keys     func() []string // every document's key, sorted
}

// Rebuild resolves docs as Build does, taking over the parts of prev (an
// archive made by Build, BuildExcluding or Rebuild, or nil) that it can.
// The result is the one Build would give, but for the numbering of
// problems and reports (see NumProblems). prev is not changed.
func Rebuild(prev *Archive, docs []*content.Document) (*Archive, diag.List) {
	return join(prev, docs, nil)
}

// RebuildExcluding is Rebuild for BuildExcluding.
func RebuildExcluding(prev *Archive, docs []*content.Document, excluded map[string]bool) (*Archive, diag.List) {
	return join(prev, docs, excluded)
}

func join(prev *Archive, docs []*content.Document, excluded map[string]bool) (*Archive, diag.List) {
	sc, groups := prev.reshape(docs, excluded)
	if sc == nil {
		sc, groups = newScope(docs, excluded), partition(docs)
	}
	live := 0
	for _, d := range docs {
		live += len(d.Problems)
	}
	// Take nothing over from an archive of another scope, or whose gaps
	// would outgrow what it holds.
	if prev != nil && (!slices.Equal(prev.Years, sc.years) || !maps.Equal(prev.excluded, excluded) || prev.problems > 2*live+4096) {
		prev = nil
	}
	a := &Archive{Years: sc.years, Docs: make([]*Doc, len(docs)), docByKey: make(map[string]*Doc, len(docs)), excluded: excluded}
	if prev != nil {
		a.problems, a.reports = prev.problems, prev.reports
	}
	parts := make([]*part, len(groups))
	var todo []int
	for i, g := range groups {
		if p := prev.reusable(g, sc); p != nil {
			parts[i] = p
			continue
		}
		parts[i] = &part{docs: g}
		todo = append(todo, i)
	}
	// Number the parts resolved again, in order, before resolving them.
	bases := make([][2]int, len(groups))
	for _, i := range todo {
		bases[i] = [2]int{a.problems, a.reports}
		for _, d := range groups[i] {
			a.problems += len(d.Problems)
			a.reports += len(d.Reports)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(todo), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for n := int(next.Add(1)) - 1; n < len(todo); n = int(next.Add(1)) - 1 {
				i := todo[n]
				p := parts[i]
				p.a, p.diags = resolveAlone(p.docs, sc, bases[i])
				for _, d := range p.a.Docs {
					d.part = p
				}
			}
		})
	}
	wg.Wait()

	var diags diag.List
	units := 0
	for _, p := range parts {
		units += len(p.a.Units)
	}
	a.Units = make([]*Unit, 0, units)
	for _, p := range parts {
		for _, d := range p.a.Docs {
			a.Docs[d.Index] = d
			a.docByKey[d.Key] = d
		}
		a.Units = append(a.Units, p.a.Units...)
		diags = append(diags, p.diags...)
	}
	slices.SortFunc(a.Units, CompareUnits)
	// Threads by their first problem, as thread finds them.
	if prev != nil {
		a.Threads = make([]*Thread, 0, len(prev.Threads)+len(prev.Threads)/8)
	}
	for _, d := range a.Docs {
		a.Threads = append(a.Threads, d.threads...)
	}
	a.parts = parts
	return a, diags
}

// newScope decides what the parts of docs share.
func newScope(docs []*content.Document, excluded map[string]bool) *scope {
	sc := &scope{slugs: map[string]string{}, pos: make(map[*content.Document]int, len(docs)), excluded: excluded}
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, compareDocs)
	for i, d := range sorted {
		sc.pos[d] = i
		if len(sc.years) == 0 || sc.years[len(sc.years)-1] != d.Year {
			sc.years = append(sc.years, d.Year)
		}
	}
	// A unit's kind is its first document's; slugs are told apart
	// without case: on Windows and macOS, names that differ only in case
	// are one file.
	var units []*Unit
	seen := map[string]bool{}
	for _, d := range docs {
		if !seen[d.Unit] {
			seen[d.Unit] = true
			units = append(units, &Unit{Name: d.Unit, Kind: d.Kind})
		}
	}
	slices.SortFunc(units, CompareUnits)
	taken := map[string]bool{}
	for _, u := range units {
		base := slugify(u.Name)
		slug := base
		for i := 2; taken[strings.ToLower(slug)]; i++ {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		taken[strings.ToLower(slug)] = true
		sc.slugs[u.Name] = slug
	}
	sc.keys = sortedKeys(docs)
	return sc
}

// sortedKeys returns a function that lists the keys of docs, sorted,
// working them out on the first call (only an error message needs them).
func sortedKeys(docs []*content.Document) func() []string {
	return sync.OnceValue(func() []string {
		keys := make([]string, len(docs))
		for i, d := range docs {
			keys[i] = d.Key
		}
		slices.Sort(keys)
		return keys
	})
}

// reshape returns the scope and parts of docs from a, when docs are a's
// documents, key for key, and each one that changed keeps its year, kind
// and unit and names no document of another part: then a's order, years,
// slugs and parts hold for docs. Else it returns nil. A part may then
// hold units that no longer name each other, which changes nothing of
// what it resolves.
func (a *Archive) reshape(docs []*content.Document, excluded map[string]bool) (*scope, [][]*content.Document) {
	if a == nil || len(docs) != len(a.Docs) || !maps.Equal(a.excluded, excluded) {
		return nil, nil
	}
	partIndex := make(map[*part]int, len(a.parts))
	for i, p := range a.parts {
		partIndex[p] = i
	}
	sc := &scope{years: a.Years, slugs: make(map[string]string, len(a.Units)), pos: make(map[*content.Document]int, len(docs)), excluded: excluded}
	groups := make([][]*content.Document, len(a.parts))
	for _, d := range docs {
		old := a.docByKey[d.Key]
		if old == nil || old.part == nil {
			return nil, nil
		}
		if old.Document != d {
			if d.Year != old.Year || d.Kind != old.Kind || d.Unit != old.Document.Unit {
				return nil, nil
			}
			last := d.Key
			for _, r := range d.Refs {
				if r == nil || r.Doc == last {
					continue
				}
				last = r.Doc
				if t := a.docByKey[r.Doc]; t != nil && t.part != old.part {
					return nil, nil
				}
			}
		}
		sc.pos[d] = old.Index
		i := partIndex[old.part]
		groups[i] = append(groups[i], d)
	}
	for _, u := range a.Units {
		sc.slugs[u.Name] = u.Slug
	}
	sc.keys = sortedKeys(docs)
	return sc, groups
}

// compareDocs orders documents by year, teams before individuals, unit,
// key.
func compareDocs(x, y *content.Document) int {
	return cmp.Or(cmp.Compare(x.Year, y.Year), kindOrder(x.Kind)-kindOrder(y.Kind), strings.Compare(x.Unit, y.Unit), strings.Compare(x.Key, y.Key))
}

// CompareUnits orders units as Archive.Units lists them: teams first,
// then by name.
func CompareUnits(x, y *Unit) int {
	return cmp.Or(kindOrder(x.Kind)-kindOrder(y.Kind), strings.Compare(x.Name, y.Name))
}

// partition splits docs into parts: a unit's documents are in one part,
// and so are two documents when one names the other. Each part keeps the
// order of docs; the parts are in the order of their first documents.
func partition(docs []*content.Document) [][]*content.Document {
	parent := make([]int, len(docs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int) {
		if i, j = find(i), find(j); i != j {
			parent[max(i, j)] = min(i, j)
		}
	}
	byKey := make(map[string]int, len(docs))
	byUnit := map[string]int{}
	for i, d := range docs {
		byKey[d.Key] = i
		if j, ok := byUnit[d.Unit]; ok {
			union(i, j)
		} else {
			byUnit[d.Unit] = i
		}
	}
	// Document.Refs holds every reference: reports', continuations' and
	// measures' too.
	for i, d := range docs {
		last := d.Key
		for _, r := range d.Refs {
			// References to one document come in runs.
			if r == nil || r.Doc == last {
				continue
			}
			last = r.Doc
			if j, ok := byKey[r.Doc]; ok {
				union(i, j)
			}
		}
	}
	index := map[int]int{}
	var groups [][]*content.Document
	for i, d := range docs {
		r := find(i)
		n, ok := index[r]
		if !ok {
			n = len(groups)
			index[r] = n
			groups = append(groups, nil)
		}
		groups[n] = append(groups[n], d)
	}
	return groups
}

// reusable returns the part of a that resolved exactly docs, when what it
// shares with the other parts is as sc has it; else nil.
func (a *Archive) reusable(docs []*content.Document, sc *scope) *part {
	if a == nil {
		return nil
	}
	d := a.docByKey[docs[0].Key]
	if d == nil || d.part == nil || d.Document != docs[0] {
		return nil
	}
	p := d.part
	if !slices.Equal(p.docs, docs) {
		return nil
	}
	for _, d := range p.a.Docs {
		if sc.pos[d.Document] != d.Index {
			return nil
		}
	}
	for _, u := range p.a.Units {
		if sc.slugs[u.Name] != u.Slug {
			return nil
		}
	}
	return p
}

// resolveAlone resolves the documents of one part, numbering its problems
// and reports from base.
func resolveAlone(docs []*content.Document, sc *scope, base [2]int) (*Archive, diag.List) {
	a := &Archive{Years: sc.years, docByKey: make(map[string]*Doc, len(docs)), excluded: sc.excluded, keys: sc.keys, problems: base[0], reports: base[1]}
	var diags diag.List
	for _, d := range docs {
		if strings.ContainsAny(d.Key, "#?%") {
			diags.Errorf(diag.Pos{Path: d.Path, Line: 1, Col: 1}, "the file name %s holds #, ? or %%, which links and [[references]] cannot carry; rename the file", path.Base(d.Path))
		}
	}
	a.index(docs, sc)
	a.resolve(&diags)
	a.contradictions(&diags)
	a.thread(&diags) // marks rebounds, then derives every timeline
	a.check(&diags)
	for _, d := range a.Docs {
		for _, p := range d.Tracked {
			d.Tally[p.Current.Class]++
		}
	}
	for _, t := range a.Threads {
		u := t.found.Doc.Unit
		u.Threads = append(u.Threads, t)
	}
	return a, diags
}
