// Package status is the one table of problem statuses. Every stage reads
// it: content maps report words to classes, archive derives a problem's
// status, render draws labels, legends, counts and filters, search
// numbers statuses in its index, the importer guesses words from it.
// Adding a status means a row here and its colours in the stylesheet
// (.s-<key> and --s-<key>), nothing else.
//
// There are two kinds of status. A report class is what a report item
// says of a problem (【已整改】 is Done). The other statuses describe a
// problem no report speaks for: raised this year (Open), raised this year
// continuing an earlier problem (Continued, Rebound), or not reported on
// (Unreported). See package archive for how a problem's status is derived
// year by year.
package status

// Class is one status. The zero Class, None, is the status of a problem
// in a year before it was raised. The numbers are stable: the search
// index stores them (in four bits).
type Class uint8

// The statuses. The report classes run from least to most progress;
// Ongoing (长期坚持) sits between in-progress and mostly-done: the work is
// in place but never ends.
const (
	None Class = iota
	Open
	Continued
	Rebound
	Unreported
	NotDone
	InProgress
	Ongoing
	Mostly
	Done
)

// NumClasses is the number of classes: arrays by Class have this length.
const NumClasses = int(Done) + 1

// Info describes a status.
type Info struct {
	Class Class
	// Key is the short ASCII name used in CSS classes (s-<key>), data
	// attributes, config keys, URLs and the search index.
	Key string
	// Label is the Chinese name shown to readers.
	Label string
	// Report is true for the classes a report item can give.
	Report bool
	// Done is true for the statuses that count as rectified.
	Done bool
	// Words are the built-in report words of a report class; a site's
	// config may add more.
	Words []string
}

// table is indexed by Class.
var table = [...]Info{
	None:       {Class: None, Key: "none", Label: ""},
	Open:       {Class: Open, Key: "open", Label: "新提出"},
	Continued:  {Class: Continued, Key: "continued", Label: "延续"},
	Rebound:    {Class: Rebound, Key: "rebound", Label: "反弹"},
	Unreported: {Class: Unreported, Key: "unreported", Label: "未报告"},
	NotDone:    {Class: NotDone, Key: "notdone", Label: "未整改", Report: true, Words: []string{"未整改", "未完成"}},
	InProgress: {Class: InProgress, Key: "progress", Label: "整改中", Report: true, Words: []string{"整改中", "正在整改", "部分整改", "持续整改"}},
	Ongoing:    {Class: Ongoing, Key: "ongoing", Label: "长期坚持", Report: true, Words: []string{"长期坚持"}},
	Mostly:     {Class: Mostly, Key: "mostly", Label: "基本整改", Report: true, Words: []string{"基本整改", "基本完成", "阶段性完成"}},
	Done:       {Class: Done, Key: "done", Label: "已整改", Report: true, Done: true, Words: []string{"已整改", "已完成", "完成整改", "已销号"}},
}

// displayOrder is the order of statuses in counts, legends and filters:
// reported statuses from most to least progress, then the others.
var displayOrder = []Class{Done, Mostly, Ongoing, InProgress, NotDone, Unreported, Open, Continued, Rebound}

// Info returns the row of c.
func (c Class) Info() Info {
	if int(c) < len(table) {
		return table[c]
	}
	return table[None]
}

// Key is the status's ASCII name.
func (c Class) Key() string { return c.Info().Key }

// Label is the status's Chinese name.
func (c Class) Label() string { return c.Info().Label }

// IsReport reports whether a report item can give c.
func (c Class) IsReport() bool { return c.Info().Report }

// Done reports whether c counts as rectified.
func (c Class) Done() bool { return c.Info().Done }

func (c Class) String() string { return c.Key() }

// All returns every status but None, in display order.
func All() []Info {
	out := make([]Info, len(displayOrder))
	for i, c := range displayOrder {
		out[i] = table[c]
	}
	return out
}

// Reports returns the report classes in display order (most progress
// first).
func Reports() []Info {
	var out []Info
	for _, c := range displayOrder {
		if table[c].Report {
			out = append(out, table[c])
		}
	}
	return out
}

// Keys returns every key indexed by Class, for the search index.
func Keys() []string {
	out := make([]string, len(table))
	for i, in := range table {
		out[i] = in.Key
	}
	return out
}

// Labels returns every label indexed by Class.
func Labels() []string {
	out := make([]string, len(table))
	for i, in := range table {
		out[i] = in.Label
	}
	return out
}

// Parse returns the status with the given key.
func Parse(key string) (Class, bool) {
	for _, in := range table {
		if in.Key == key && in.Class != None {
			return in.Class, true
		}
	}
	return None, false
}

// ParseReport returns the report class with the given key.
func ParseReport(key string) (Class, bool) {
	c, ok := Parse(key)
	return c, ok && c.IsReport()
}
