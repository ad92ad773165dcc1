package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"sync"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/overdue"
	"mzshh/generator/status"
)

// The statistics page (统计, stats.html): how rectification went year by
// year and unit by unit, for an 组织部 reviewing many units. Its two charts
// are SVG drawn here — no script, no chart library, and they print — each
// with a <title>, a <desc> and a data table beside it:
//
//   - per year, a stacked bar of the problems raised that year by their
//     current status;
//   - per unit, its completion rate, with a table of its problems by
//     status, overdue and rebounded, sorted by most open problems first.
//
// The completion rate is done ÷ the problems raised before the archive's
// last year (the ones a report could have covered yet).

const statsPath = "stats.html"

// Stats is what the statistics page shows.
type Stats struct {
	// Statuses are the status columns, in display order: those that occur.
	Statuses []status.Info
	Years    []StatsRow
	Units    []StatsRow
	// YearChart and UnitChart are the SVG charts; UnitRows the units'
	// table rows.
	YearChart, UnitChart, YearRows, UnitRows template.HTML
	// UnitChartUnits is how many units the unit chart shows (the most open
	// first); the table shows them all.
	UnitChartUnits int
	LastYear       int
	// More is set on the later pages of a unit table split into pages:
	// the year table and the charts are on the first.
	More bool
}

// StatsRow counts the tracked problems of a year or a unit.
type StatsRow struct {
	Label    string
	Unit     *archive.Unit // a unit's row
	Year     int           // a year's row
	Total    int
	Counts   map[status.Class]int
	Open     int // not done
	Overdue  int
	Rebounds int
	// Due counts the problems raised before the archive's last year, Done
	// those of them that are done.
	Due, Done int
}

// Rate is the completion rate in percent, -1 when no problem is due.
func (r StatsRow) Rate() float64 {
	if r.Due == 0 {
		return -1
	}
	return 100 * float64(r.Done) / float64(r.Due)
}

// RateText is the completion rate as the page shows it.
func (r StatsRow) RateText() string {
	if r.Due == 0 {
		return "—"
	}
	return strconv.FormatFloat(r.Rate(), 'f', 1, 64) + "%"
}

// unitChartMax is the most units the unit chart draws.
const unitChartMax = 60

func (r *Renderer) stats() *Stats {
	a, due := r.a, r.dueTable()
	st := &Stats{}
	if len(a.Years) > 0 {
		st.LastYear = a.Years[len(a.Years)-1]
	}
	byYear := map[int]*StatsRow{}
	byUnit := map[*archive.Unit]*StatsRow{}
	seen := map[status.Class]bool{}
	add := func(row *StatsRow, p *archive.Problem) {
		row.Total++
		row.Counts[p.Current.Class]++
		seen[p.Current.Class] = true
		if !p.Current.Done() {
			row.Open++
		}
		if due.Of(p).State == overdue.Overdue {
			row.Overdue++
		}
		if p.Rebound {
			row.Rebounds++
		}
		if p.Year() < st.LastYear {
			row.Due++
			if p.Current.Done() {
				row.Done++
			}
		}
	}
	for _, d := range a.Docs {
		yr := byYear[d.Year]
		if yr == nil {
			yr = &StatsRow{Label: fmt.Sprintf("%d年度", d.Year), Year: d.Year, Counts: map[status.Class]int{}}
			byYear[d.Year] = yr
		}
		ur := byUnit[d.Unit]
		if ur == nil {
			ur = &StatsRow{Label: d.Unit.Name, Unit: d.Unit, Counts: map[status.Class]int{}}
			byUnit[d.Unit] = ur
		}
		for _, p := range d.Tracked {
			add(yr, p)
			add(ur, p)
		}
	}
	for _, s := range status.All() {
		if seen[s.Class] {
			st.Statuses = append(st.Statuses, s)
		}
	}
	for _, y := range a.Years {
		if yr := byYear[y]; yr != nil {
			st.Years = append(st.Years, *yr)
		}
	}
	for _, u := range a.Units {
		if ur := byUnit[u]; ur != nil {
			st.Units = append(st.Units, *ur)
		}
	}
	// Most open problems first; then most overdue, lowest rate, name.
	slices.SortStableFunc(st.Units, func(x, y StatsRow) int {
		switch {
		case x.Open != y.Open:
			return y.Open - x.Open
		case x.Overdue != y.Overdue:
			return y.Overdue - x.Overdue
		}
		return 0
	})
	st.UnitChartUnits = min(len(st.Units), unitChartMax)
	var b bytes.Buffer
	writeYearChart(&b, st)
	st.YearChart = template.HTML(b.String())
	b.Reset()
	writeUnitChart(&b, st)
	st.UnitChart = template.HTML(b.String())
	b.Reset()
	writeStatsRows(&b, r, st, st.Years)
	st.YearRows = template.HTML(b.String())
	b.Reset()
	writeStatsRows(&b, r, st, st.Units)
	st.UnitRows = template.HTML(b.String())
	return st
}

// The charts' geometry, in the SVG's own units: a chart is 440 wide and
// scales to its box (which scrolls rather than shrink it much).
const (
	chartW     = 440
	chartLabel = 150 // the label column
	chartRight = 96  // the value column
	chartRow   = 22
	chartBar   = 14
	chartTop   = 8
)

// writeYearChart draws a horizontal stacked bar per year.
func writeYearChart(b *bytes.Buffer, st *Stats) {
	maxTotal := 1
	for _, y := range st.Years {
		maxTotal = max(maxTotal, y.Total)
	}
	h := chartTop*2 + chartRow*len(st.Years) + 18
	barW := float64(chartW - chartLabel - chartRight)
	var desc bytes.Buffer
	for i, y := range st.Years {
		if i > 0 {
			desc.WriteString("；")
		}
		fmt.Fprintf(&desc, "%s %d 项", y.Label, y.Total)
		for _, s := range st.Statuses {
			if n := y.Counts[s.Class]; n > 0 {
				fmt.Fprintf(&desc, "，%s %d", s.Label, n)
			}
		}
	}
	fmt.Fprintf(b, `<svg class="chart chart-years" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-years-t chart-years-d" preserveAspectRatio="xMinYMin meet">`, chartW, h)
	fmt.Fprintf(b, "\n<title id=\"chart-years-t\">各年度查摆问题的当前整改状态</title>\n<desc id=\"chart-years-d\">%s。</desc>", esc(desc.String()))
	for i, y := range st.Years {
		top := chartTop + i*chartRow
		fmt.Fprintf(b, "\n<g class=\"bar-row\" data-year=\"%d\"><text class=\"lbl\" x=\"%d\" y=\"%d\">%s</text>", y.Year, chartLabel-8, top+chartBar-3, esc(y.Label))
		x := float64(chartLabel)
		for _, s := range st.Statuses {
			n := y.Counts[s.Class]
			if n == 0 {
				continue
			}
			w := barW * float64(n) / float64(maxTotal)
			fmt.Fprintf(b, `<rect class="b-%s" x="%.1f" y="%d" width="%.1f" height="%d"><title>%s %s：%d 项</title></rect>`, s.Key, x, top, w, chartBar, esc(y.Label), esc(s.Label), n)
			x += w
		}
		fmt.Fprintf(b, `<text class="val" x="%.1f" y="%d">%d</text></g>`, x+4, top+chartBar-3, y.Total)
	}
	writeAxis(b, chartTop+chartRow*len(st.Years), fmt.Sprintf("问题（项），最长的条为 %d 项", maxTotal))
	b.WriteString("\n</svg>")
}

// writeAxis writes the chart's base line and its note.
func writeAxis(b *bytes.Buffer, y int, note string) {
	fmt.Fprintf(b, "\n<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/><text class=\"note\" x=\"%d\" y=\"%d\">%s</text>",
		chartLabel, y, chartW-chartRight, y, chartLabel, y+14, esc(note))
}

// writeUnitChart draws each unit's completion rate as a bar of 0–100 %.
func writeUnitChart(b *bytes.Buffer, st *Stats) {
	units := st.Units[:st.UnitChartUnits]
	h := chartTop*2 + chartRow*len(units) + 18
	barW := float64(chartW - chartLabel - chartRight)
	var desc bytes.Buffer
	for i, u := range units {
		if i > 0 {
			desc.WriteString("；")
		}
		fmt.Fprintf(&desc, "%s 完成率 %s，未完成 %d 项，超期 %d 项", u.Label, u.RateText(), u.Open, u.Overdue)
	}
	fmt.Fprintf(b, `<svg class="chart chart-units" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-units-t chart-units-d" preserveAspectRatio="xMinYMin meet">`, chartW, h)
	fmt.Fprintf(b, "\n<title id=\"chart-units-t\">各单位整改完成率（未完成问题多的在前）</title>\n<desc id=\"chart-units-d\">%s。</desc>", esc(desc.String()))
	for _, pct := range []int{50, 100} {
		x := float64(chartLabel) + barW*float64(pct)/100
		fmt.Fprintf(b, "\n<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, chartTop-4, x, chartTop+chartRow*len(units))
	}
	for i, u := range units {
		top := chartTop + i*chartRow
		label := content.ShortTitle(u.Label, 12)
		fmt.Fprintf(b, "\n<g class=\"bar-row\" data-unit=\"%s\"><text class=\"lbl\" x=\"%d\" y=\"%d\">%s<title>%s</title></text>", esc(u.Label), chartLabel-8, top+chartBar-3, esc(label), esc(u.Label))
		fmt.Fprintf(b, `<rect class="track" x="%d" y="%d" width="%.1f" height="%d"/>`, chartLabel, top, barW, chartBar)
		if rate := u.Rate(); rate > 0 {
			fmt.Fprintf(b, `<rect class="b-done" x="%d" y="%d" width="%.1f" height="%d"><title>%s 完成率 %s（已整改 %d / 应报告 %d）</title></rect>`,
				chartLabel, top, barW*rate/100, chartBar, esc(u.Label), u.RateText(), u.Done, u.Due)
		}
		fmt.Fprintf(b, `<text class="val" x="%d" y="%d">%s</text>`, chartW-chartRight+4, top+chartBar-3, u.RateText())
		if u.Overdue > 0 {
			fmt.Fprintf(b, `<text class="val od-mark" x="%d" y="%d">超期 %d</text>`, chartW-chartRight+48, top+chartBar-3, u.Overdue)
		}
		b.WriteString("</g>")
	}
	writeAxis(b, chartTop+chartRow*len(units), "完成率：0–100%，竖线为 50% 和 100%")
	b.WriteString("\n</svg>")
}

// writeStatsRows writes the rows of a year or unit table: numbers carry
// data-v, so that a script can sort by them.
func writeStatsRows(b *bytes.Buffer, r *Renderer, st *Stats, rows []StatsRow) {
	for _, row := range rows {
		b.WriteString("\n<tr>")
		switch {
		case row.Unit != nil:
			fmt.Fprintf(b, `<th scope="row" data-unit="%s"><a href="%s">%s</a></th>`, esc(row.Label), escURL(unitPath(row.Unit)), esc(row.Label))
		default:
			fmt.Fprintf(b, `<th scope="row" data-v="%d"><a href="%s">%s</a></th>`, row.Year, escURL(ledgerPath(row.Year)), esc(row.Label))
		}
		num := func(n int) { fmt.Fprintf(b, `<td class="num" data-v="%d">%d</td>`, n, n) }
		num(row.Total)
		for _, s := range st.Statuses {
			num(row.Counts[s.Class])
		}
		num(row.Open)
		num(row.Overdue)
		num(row.Rebounds)
		fmt.Fprintf(b, `<td class="num" data-v="%.4f">%s</td></tr>`, row.Rate(), row.RateText())
	}
}

// statsJob adds the statistics page with page. A province's thousands of
// units are split into pages of rowsPerPage (stats.html, stats-2.html…),
// the year table and charts on the first; rows sort within their page.
func (r *Renderer) statsJob(page func(kind, path, title string, inputs func(*planner), fill func(*Page))) {
	a := r.a
	info := r.ledgerInfo()
	stats := sync.OnceValue(r.stats) // of the whole archive, for every page
	inputs := func(pl *planner) {
		pl.str(info.AsOf)
		for _, d := range a.Docs {
			pl.perDoc(docStats, d, func() {
				pl.str(d.Key)
				pl.str(d.Unit.Name)
				for _, p := range d.Tracked {
					pl.brief(p)
				}
			})
		}
	}
	ranges, pagers := paginate(statsPath, len(a.Units))
	for i, rg := range ranges {
		page("stats", pagePath(statsPath, i+1), "整改统计", inputs, func(p *Page) {
			st := stats()
			if len(ranges) > 1 {
				part := *st
				units := st.Units[min(rg[0], len(st.Units)):min(rg[1], len(st.Units))]
				var b bytes.Buffer
				writeStatsRows(&b, r, &part, units)
				part.UnitRows = template.HTML(b.String())
				part.More = i > 0
				st = &part
			}
			p.Stats, p.Ledger, p.Pager = st, info, pagers[i]
		})
	}
}
