package deadline

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// ref is the date of a 2021 document, held on 18 January 2022.
var ref = civil(2022, 1, 18)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		text string
		kind Kind
		date string
	}{
		// With a year.
		{"2023年6月底", Dated, "2023-06-30"},
		{"2023年6月30日前", Dated, "2023-06-30"},
		{"2023年6月30日", Dated, "2023-06-30"},
		{"2023年6月30号前完成", Dated, "2023-06-30"},
		{"2023年3月", Dated, "2023-03-31"},
		{"2023年2月底", Dated, "2023-02-28"},
		{"2024年2月底", Dated, "2024-02-29"},
		{"2023年6月前", Dated, "2023-06-30"},
		{"2023年6月末", Dated, "2023-06-30"},
		{"2023年6月上旬", Dated, "2023-06-10"},
		{"2023年6月中旬", Dated, "2023-06-20"},
		{"2023年6月下旬", Dated, "2023-06-30"},
		{"2023年底", Dated, "2023-12-31"},
		{"2023年年底前", Dated, "2023-12-31"},
		{"2023年末", Dated, "2023-12-31"},
		{"2023年内", Dated, "2023-12-31"},
		{"2023年", Dated, "2023-12-31"},
		{"2023年度", Dated, "2023-12-31"},
		{"2023年上半年", Dated, "2023-06-30"},
		{"2023年下半年", Dated, "2023-12-31"},
		{"2023年年中", Dated, "2023-06-30"},
		{"2023年第一季度", Dated, "2023-03-31"},
		{"2023年一季度", Dated, "2023-03-31"},
		{"2023年第3季度末", Dated, "2023-09-30"},
		{"2023年春节前", Dated, "2023-01-21"},
		{"2024年春节前", Dated, "2024-02-09"},
		{"2024年元旦前", Dated, "2023-12-31"},
		{"2023年七一前", Dated, "2023-06-30"},
		{"2023年国庆前", Dated, "2023-09-30"},
		{"2023-06-30", Dated, "2023-06-30"},
		{"2023/6/30", Dated, "2023-06-30"},
		{"2023.6.30", Dated, "2023-06-30"},
		{"2023.6", Dated, "2023-06-30"},
		{"2023-06", Dated, "2023-06-30"},
		// Full-width digits and Chinese numerals.
		{"２０２３年６月底", Dated, "2023-06-30"},
		{"二〇二三年六月底", Dated, "2023-06-30"},
		{"二〇二三年十二月三十一日前", Dated, "2023-12-31"},
		{"二○二三年十一月", Dated, "2023-11-30"},
		{"2023 年 6 月底", Dated, "2023-06-30"},
		// Several dates: the latest; a later form inherits the year.
		{"2023年3月底前完成方案，6月底前全面完成", Dated, "2023-06-30"},
		{"2023年6-7月", Dated, "2023-07-31"},
		{"2023年3月至6月", Dated, "2023-06-30"},
		{"2022年底前完成，长期坚持", Dated, "2022-12-31"},
		{"长期坚持，2023年6月底前取得阶段性成效", Dated, "2023-06-30"},
		// Without a year: the first such day on or after ref.
		{"年底前", Dated, "2022-12-31"},
		{"年底", Dated, "2022-12-31"},
		{"年内", Dated, "2022-12-31"},
		{"今年年底", Dated, "2022-12-31"},
		{"明年6月底", Dated, "2023-06-30"},
		{"明年上半年", Dated, "2023-06-30"},
		{"上半年", Dated, "2022-06-30"},
		{"下半年", Dated, "2022-12-31"},
		{"一季度", Dated, "2022-03-31"},
		{"第二季度末", Dated, "2022-06-30"},
		{"春节前", Dated, "2022-01-31"},
		{"元旦前", Dated, "2022-12-31"},
		{"6月底前", Dated, "2022-06-30"},
		{"1月10日前", Dated, "2023-01-10"},
		{"1月底前", Dated, "2022-01-31"},
		{"十二月底", Dated, "2022-12-31"},
		{"七一前", Dated, "2022-06-30"},
		{"3个月内", Dated, "2022-04-18"},
		{"三个月内", Dated, "2022-04-18"},
		{"半年内", Dated, "2022-07-18"},
		{"一年内", Dated, "2023-01-18"},
		{"30天内", Dated, "2022-02-17"},
		// No date.
		{"长期坚持", Ongoing, ""},
		{"持续推进", Ongoing, ""},
		{"常态化推进", Ongoing, ""},
		{"长期", Ongoing, ""},
		{"立行立改", Immediate, ""},
		{"立行立改、长期坚持", Immediate, ""},
		{"立即整改", Immediate, ""},
		{"即知即改", Immediate, ""},
		{"", Empty, ""},
		{"　", Empty, ""},
		// Unreadable: kept as text.
		{"尽快", Unknown, ""},
		{"待定", Unknown, ""},
		{"2023年2月30日", Unknown, ""},
		{"13月底", Unknown, ""},
		{"9999年6月底", Unknown, ""},
	} {
		d := Parse(tc.text, ref)
		if d.Text != tc.text || d.Kind != tc.kind || d.Format() != tc.date {
			t.Errorf("Parse(%q) = %v %q, want %v %q", tc.text, d.Kind, d.Format(), tc.kind, tc.date)
		}
	}
}

// TestSpringFestivals checks the table against its known properties: the
// festival falls between 21 January and 20 February, and the lunar year
// is 354 or 355 days, or 383–385 with a leap month.
func TestSpringFestivals(t *testing.T) {
	prev := time.Time{}
	for i, md := range springFestivals {
		y := 2000 + i
		d := civil(y, md/100, md%100)
		if d.Before(civil(y, 1, 21)) || d.After(civil(y, 2, 20)) || !validDay(y, md/100, md%100) {
			t.Errorf("%d: 春节 %s out of range", y, d.Format(time.DateOnly))
		}
		if !prev.IsZero() {
			days := int(d.Sub(prev).Hours() / 24)
			if !(days >= 353 && days <= 355) && !(days >= 383 && days <= 385) {
				t.Errorf("%d: %d days after the previous festival", y, days)
			}
		}
		prev = d
	}
	if got := springFestivalEve(2050).Format(time.DateOnly); got != "2050-02-19" {
		t.Errorf("outside the table: %s", got)
	}
}

func TestCNNumber(t *testing.T) {
	for in, want := range map[string]int{"一": 1, "十": 10, "十二": 12, "二十": 20, "三十一": 31, "二〇二三": 2023, "两": 2, "一百零五": 105} {
		if got, ok := cnNumber([]rune(in)); !ok || got != want {
			t.Errorf("cnNumber(%s) = %d, %v; want %d", in, got, ok, want)
		}
	}
	if _, ok := cnNumber([]rune("三四十")); ok {
		t.Error("三四十 read as a number")
	}
}

// FuzzParse: Parse never panics, keeps the text, gives a date exactly for
// Dated, a date that is a real day in the years it reads, and ignores
// spaces.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2023年6月底", "二〇二三年六月底", "年底前", "一季度", "春节前", "长期坚持", "立行立改", "3个月内", "2023.6.30", "2023年3月底前完成方案，6月底前全面完成", "明年上半年", "９９９９年", "十二月三十一日", "2023年第5季度"} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, text string, days int64) {
		r := ref.AddDate(0, 0, int(days%20000))
		d := Parse(text, r)
		if d.Text != text {
			t.Fatalf("text changed: %q → %q", text, d.Text)
		}
		if (d.Kind == Dated) != !d.Date.IsZero() {
			t.Fatalf("%q: kind %v with date %v", text, d.Kind, d.Date)
		}
		if d.Kind == Dated {
			if d.Date.Hour() != 0 || d.Date.Location() != time.UTC {
				t.Fatalf("%q: not a calendar date: %v", text, d.Date)
			}
			if y := d.Date.Year(); y < minYear-1 || y > max(maxYear, r.Year()+1000)+1 {
				t.Fatalf("%q: year %d out of range", text, y)
			}
		}
		if strings.TrimSpace(text) == "" && d.Kind != Empty {
			t.Fatalf("%q: blank text is %v", text, d.Kind)
		}
		if utf8.ValidString(text) && !strings.ContainsAny(text, "\u3000") {
			spaced := strings.Join(strings.Split(text, ""), " ")
			if e := Parse(spaced, r); e.Kind != d.Kind || !e.Date.Equal(d.Date) {
				t.Fatalf("%q and %q differ: %v %v, %v %v", text, spaced, d.Kind, d.Format(), e.Kind, e.Format())
			}
		}
	})
}
