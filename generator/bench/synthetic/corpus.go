package synthetic

import (
	_ "embed"
	"regexp"
	"strings"
	"unicode/utf8"
)

// seedText is the real seed material (a township team's 2021 对照检查材料),
// word for word. Every sentence of a synthetic document comes from it.
//
//go:embed seed.txt
var seedText string

// corpus holds the seed's sentences sorted by the part of a material they
// come from.
type corpus struct {
	intro        []string // the opening paragraph
	report       []string // the report on last year's problems
	groupTitles  []string // problem group headings, without their （一） ordinal
	groupIntro   []string // sentences that open a group's text
	itemTitles   []string // problem item lead sentences, without 一是
	problem      []string // the body sentences of the problems section
	causeTitles  []string
	cause        []string
	measureTitle []string
	measure      []string
}

var (
	sectionRE  = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	ordinalRE  = regexp.MustCompile(`^[（(][一二三四五六七八九十]+[)）]`)
	itemLeadRE = regexp.MustCompile(`^[一二三四五六七八九十]+是`)
)

// seed is the corpus parsed from seedText.
var seed = parseCorpus(seedText)

func parseCorpus(text string) *corpus {
	c := &corpus{}
	section := 0
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if sectionRE.MatchString(line) {
			section++
			continue
		}
		sentences := splitSentences(line)
		headed := ordinalRE.MatchString(line)
		if headed {
			sentences[0] = strings.TrimSpace(ordinalRE.ReplaceAllString(sentences[0], ""))
		}
		switch section {
		case 0:
			c.intro = append(c.intro, sentences...)
		case 1:
			c.report = append(c.report, sentences...)
		case 2:
			if headed {
				c.groupTitles = append(c.groupTitles, sentences[0])
				sentences = sentences[1:]
			}
			for _, s := range sentences {
				if itemLeadRE.MatchString(s) {
					c.itemTitles = append(c.itemTitles, itemLeadRE.ReplaceAllString(s, ""))
				} else if strings.HasPrefix(s, "存在的主要问题是") || strings.HasPrefix(s, "但是") {
					c.groupIntro = append(c.groupIntro, s)
				} else {
					c.problem = append(c.problem, s)
				}
			}
		case 3:
			if headed {
				c.causeTitles = append(c.causeTitles, sentences[0])
				sentences = sentences[1:]
			}
			c.cause = append(c.cause, sentences...)
		case 4:
			if headed {
				c.measureTitle = append(c.measureTitle, sentences[0])
				sentences = sentences[1:]
			}
			c.measure = append(c.measure, sentences...)
		}
	}
	return c
}

// splitSentences splits a paragraph after each 。 (keeping a closing quote
// that follows it).
func splitSentences(p string) []string {
	var out []string
	for len(p) > 0 {
		i := strings.Index(p, "。")
		if i < 0 {
			out = append(out, p)
			break
		}
		end := i + len("。")
		if strings.HasPrefix(p[end:], "”") {
			end += len("”")
		}
		if s := strings.TrimSpace(p[:end]); s != "" {
			out = append(out, s)
		}
		p = p[end:]
	}
	return out
}

// runes is the number of characters of s.
func runes(s string) int { return utf8.RuneCountInString(s) }
