package similar

// Shared returns the passages of texts i and j (byte spans of their
// String) covered by a shingle both hold that is not boilerplate.
func (x *Index) Shared(i, j int) (a, b []Span) {
	n := x.opt.Shingle
	na, nb := Normalize(x.texts[i].String()), Normalize(x.texts[j].String())
	ha, hb := windows(na.Runes, n, nil), windows(nb.Runes, n, nil)
	in := func(hs []uint64) map[uint64]bool {
		m := make(map[uint64]bool, len(hs))
		for _, h := range hs {
			if !x.boilerplate[h] {
				m[h] = true
			}
		}
		return m
	}
	sa, sb := in(ha), in(hb)
	return spans(na, ha, sb, n), spans(nb, hb, sa, n)
}

// spans marks the characters of t covered by a shingle in other and
// returns them as byte spans of the original text; punctuation between
// two marked characters is part of the span.
func spans(t Normalized, hs []uint64, other map[uint64]bool, n int) []Span {
	covered := make([]bool, len(t.Runes))
	for i, h := range hs {
		if other[h] {
			for k := i; k < min(i+n, len(covered)); k++ {
				covered[k] = true
			}
		}
	}
	var out []Span
	for k := 0; k < len(covered); {
		if !covered[k] {
			k++
			continue
		}
		start := k
		for k < len(covered) && covered[k] {
			k++
		}
		out = append(out, Span{Start: t.At[start], End: t.End[k-1]})
	}
	return out
}
