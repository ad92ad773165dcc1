package similar

import "slices"

// Shingles are hashed with a polynomial rolling hash over their runes,
// finished by a mixer: fixed, so that results do not depend on the run,
// and one multiplication per character whatever the shingle length.
const hashBase = 0x100000001b3

// windows appends to dst the hash of the shingle of n characters starting
// at each position of r; a text shorter than n is one shingle.
func windows(r []rune, n int, dst []uint64) []uint64 {
	dst = dst[:0]
	if len(r) == 0 {
		return dst
	}
	if len(r) < n {
		var h uint64
		for _, c := range r {
			h = h*hashBase + uint64(c)
		}
		return append(dst, mix(h))
	}
	dst = slices.Grow(dst, len(r)-n+1)
	top := uint64(1) // hashBase^(n-1)
	for range n - 1 {
		top *= hashBase
	}
	var h uint64
	for i, c := range r {
		if i >= n {
			h -= uint64(r[i-n]) * top
		}
		h = h*hashBase + uint64(c)
		if i >= n-1 {
			dst = append(dst, mix(h))
		}
	}
	return dst
}

// mix spreads the bits of a polynomial hash (the finaliser of splitmix64).
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}
