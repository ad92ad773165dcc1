package archive

import (
	"slices"
	"testing"
)

// TestUnitSlugs checks the file names of unit pages: characters that
// Windows forbids become "-", and names that differ only in case or
// slugify alike get a number, since Windows and macOS keep one file.
func TestUnitSlugs(t *testing.T) {
	for _, tc := range []struct {
		units []string
		want  []string // slugs in the order of the sorted unit names
	}{
		{[]string{"××镇领导班子"}, []string{"××镇领导班子"}},
		{[]string{"A:B班子", "C*D?班子"}, []string{"A-B班子", "C-D-班子"}},
		{[]string{"ABC班子", "abc班子"}, []string{"ABC班子", "abc班子-2"}},
		{[]string{"甲 乙", "甲/乙"}, []string{"甲-乙", "甲-乙-2"}},
	} {
		var pairs []string
		for i, u := range tc.units {
			p, s := doc(2021, "d"+string(rune('a'+i)), u, "正文。\n")
			pairs = append(pairs, p, s)
		}
		a, _ := build(t, pairs...)
		var got []string
		for _, u := range a.Units {
			got = append(got, u.Slug)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("units %q: slugs %q, want %q", tc.units, got, tc.want)
		}
	}
}
