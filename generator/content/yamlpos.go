package content

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The YAML library reports a syntax error as "yaml: line N: problem", and
// N is not reliable: a parser error counts lines from 0 and a scanner error
// from 1; an error on the first line has no line at all; and a problem
// found inside a construct (a block mapping, a quoted scalar) is reported
// at the construct's start. It never gives a column. yamlErrorPos recovers
// the position the author needs: the line where the YAML stops making
// sense, and the character on it that the problem names.

// yamlParserProblems are the problems the library's parser (as opposed to
// its scanner) reports; their line is counted from 0.
var yamlParserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found incompatible YAML document",
	"found duplicate %YAML directive",
	"found duplicate %TAG directive",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected key",
	"did not find expected '-' indicator",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
}

var (
	yamlLineRE  = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlAliasRE = regexp.MustCompile(`^(?:yaml: )?(?:unknown anchor '(.*)' referenced|anchor '(.*)' value contains itself)$`)
)

// yamlProblem splits a YAML error message into its line (0 when it has
// none) and its problem.
func yamlProblem(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// parseYAML parses src into a node, with the error the library gives.
// Only the first document is read; more is reported by the callers.
func parseYAML(src []byte) (*yaml.Node, error) {
	var n yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&n)
	if errors.Is(err, io.EOF) {
		return &n, nil
	}
	return &n, err
}

// maxPrefixBytes bounds the YAML re-parsed while looking for the line of an
// error: front matter and config.yaml are a few hundred bytes; past this
// the line is the library's, corrected.
const maxPrefixBytes = 64 << 10

// yamlErrorPos returns the 1-based line and column (in characters) of the
// syntax error err that parsing src gave, and its message without the
// library's line.
func yamlErrorPos(src []byte, err error) (line, col int, problem string) {
	_, problem = yamlProblem(err)
	lines := splitLines(src)

	if m := yamlAliasRE.FindStringSubmatch(problem); m != nil {
		if off := findAlias(src, m[1]+m[2]); off >= 0 {
			line, col = offsetPos(src, off)
			return line, col, problem
		}
	}
	if strings.HasPrefix(problem, "control characters are not allowed") {
		if off := firstNonPrintable(src); off >= 0 {
			line, col = offsetPos(src, off)
			return line, col, problem
		}
	}

	// Parse again after a blank line: every mark is then past line 0, so
	// the library always gives a line, and the line it gives is the
	// 1-based line of src for a parser error, one more for a scanner one.
	_, perr := parseYAML(append([]byte("\n"), src...))
	if perr != nil {
		n, p := yamlProblem(perr)
		if p == problem && n > 0 {
			line = n
			if !slices.Contains(yamlParserProblems, problem) {
				line--
			}
		}
	}
	line = min(max(line, 1), max(len(lines), 1))

	// The library's line is where the construct holding the problem
	// starts, which is at or before the problem; the first prefix of src
	// that fails the same way ends on the line of the problem.
	if len(src) <= maxPrefixBytes && len(lines) > 0 {
		line = firstFailingPrefix(src, lines, line, problem)
	}
	text := ""
	if line <= len(lines) {
		text = strings.TrimRight(string(lines[line-1]), "\n")
	}
	return line, yamlProblemCol(text, problem), problem
}

// firstFailingPrefix returns the first k >= from such that the first k
// lines of src fail to parse with problem, or from if none does. It tries
// the lines one by one near from, then halves the rest: past the problem
// every prefix fails the same way.
func firstFailingPrefix(src []byte, lines [][]byte, from int, problem string) int {
	ends := make([]int, len(lines)+1)
	for i, l := range lines {
		ends[i+1] = ends[i] + len(l)
	}
	fails := func(k int) bool {
		_, err := parseYAML(src[:ends[k]])
		if err == nil {
			return false
		}
		_, p := yamlProblem(err)
		return p == problem
	}
	const nearby = 16
	for k := from; k <= len(lines) && k < from+nearby; k++ {
		if fails(k) {
			return k
		}
	}
	lo, hi := from+nearby, len(lines)
	if lo > hi || !fails(hi) {
		return from
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// splitLines cuts src after each newline.
func splitLines(src []byte) [][]byte {
	var lines [][]byte
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			i = len(src) - 1
		}
		lines = append(lines, src[:i+1])
		src = src[i+1:]
	}
	return lines
}

// offsetPos is the 1-based line and column of byte offset off in src.
func offsetPos(src []byte, off int) (line, col int) {
	before := src[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(src[start:off]) + 1
}

// findAlias finds the alias *name where a YAML token can start.
func findAlias(src []byte, name string) int {
	pat := []byte("*" + name)
	for from := 0; ; {
		i := bytes.Index(src[from:], pat)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(pat)
		startOK := i == 0 || bytes.IndexByte([]byte(" \t\n[{,:-?"), src[i-1]) >= 0
		endOK := end == len(src) || bytes.IndexByte([]byte(" \t\r\n,]}"), src[end]) >= 0
		if startOK && endOK {
			return i
		}
		from = i + 1
	}
}

// firstNonPrintable finds the first character YAML does not allow.
func firstNonPrintable(src []byte) int {
	for i, r := range string(src) {
		switch {
		case r == '\t', r == '\n', r == '\r', r >= 0x20 && r <= 0x7E, r == 0x85,
			r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return i
		}
	}
	return -1
}

// yamlProblemCol picks the character of line that problem is about; it
// falls back to the line's first non-blank character.
func yamlProblemCol(line, problem string) int {
	at := -1
	switch {
	case strings.Contains(problem, "',' or ']'"):
		at = unclosed(line, '[', ']')
	case strings.Contains(problem, "',' or '}'"):
		at = unclosed(line, '{', '}')
	case problem == "found unexpected end of stream":
		at = unclosedQuote(line)
	case strings.HasPrefix(problem, "found a tab character"):
		at = strings.IndexByte(line, '\t')
	case problem == "found character that cannot start any token":
		at = strings.IndexAny(line, "@`\t")
	case problem == "found unknown escape character", problem == "found invalid Unicode character escape code":
		at = strings.IndexByte(line, '\\')
	case problem == "found an indentation indicator equal to 0":
		if i := strings.IndexAny(line, "|>"); i >= 0 {
			at = i + 1
		}
	case problem == "block sequence entries are not allowed in this context":
		at = strings.IndexByte(line, '-')
	case problem == "mapping values are not allowed in this context":
		at = badColon(line)
	case problem == "did not find expected key", problem == "did not find expected <document start>":
		at = strayCloser(line)
	}
	if at < 0 {
		at = len(line) - len(strings.TrimLeft(line, " \t"))
	}
	return utf8.RuneCountInString(line[:min(at, len(line))]) + 1
}

// unclosed finds the last opening bracket of line left unclosed on it.
func unclosed(line string, open, close byte) int {
	var stack []int
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case open:
			stack = append(stack, i)
		case close:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) > 0 {
		return stack[0]
	}
	return strings.IndexByte(line, open)
}

// strayCloser finds the first ] or } of line that closes nothing.
func strayCloser(line string) int {
	depth := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// unclosedQuote finds the quote of line that opens a scalar never closed.
func unclosedQuote(line string) int {
	open := -1
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case open < 0 && (c == '"' || c == '\''):
			open = i
		case open >= 0 && line[open] == '"' && c == '\\':
			i++
		case open >= 0 && line[open] == '\'' && c == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i++
		case open >= 0 && c == line[open]:
			open = -1
		}
	}
	return open
}

// badColon finds the ": " that may not stand where it is: the first one on
// an indented line (a key where none may start), else the second.
func badColon(line string) int {
	var colons []int
	for i := 0; i < len(line); i++ {
		if line[i] == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t') {
			colons = append(colons, i)
		}
	}
	switch {
	case len(colons) == 0:
		return -1
	case len(colons) == 1 || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t"):
		return colons[0]
	}
	return colons[1]
}
