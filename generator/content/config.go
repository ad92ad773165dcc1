package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"mzshh/generator/diag"
	"mzshh/generator/status"

	"go.yaml.in/yaml/v3"
)

// ConfigFile is the name of the site settings file in the site directory.
const ConfigFile = "config.yaml"

// defaultTitle is the site's name when config.yaml gives none.
const defaultTitle = "民主生活会材料档案"

// Config holds the site settings from config.yaml. Every field is optional.
type Config struct {
	// Title is the site's name, shown in every page header.
	Title string `yaml:"title"`
	// Organization is the owning Party organisation, shown in the footer.
	Organization string `yaml:"organization"`
	// Statuses adds status words to the default vocabulary, keyed by class
	// name: done, mostly, progress, ongoing, notdone.
	Statuses map[string][]string `yaml:"statuses"`
	// StatusWords are the words of Statuses in the order written, each with
	// its position in config.yaml, for checks that point at a word.
	StatusWords []ConfigWord `yaml:"-"`
	// UnsafeHTML lets raw HTML in Markdown through. Off by default: raw
	// HTML is omitted from the output. Links and images with a script or
	// data URL are removed either way (see blockedURL).
	UnsafeHTML bool `yaml:"unsafe_html"`
	// Similarity tunes the 雷同 check.
	Similarity SimilarityConfig `yaml:"similarity"`
	// Editions are the sites built for each audience (editions.go); none
	// means one site of every document.
	Editions []Edition `yaml:"-"`
	// AsOf is the date the ledger's overdue problems are counted at
	// (as_of: 2023-06-30); zero for the newest document's date (package
	// overdue).
	AsOf time.Time `yaml:"-"`

	// root is config.yaml as parsed, for Pos and KeyPos; nil without one.
	root *yaml.Node
}

// ConfigWord is one status word of config.yaml.
type ConfigWord struct {
	Class string   // the class name as written: done, mostly, …
	Word  string   // the word as written, spaces included
	Pos   diag.Pos // where the word is written
}

var configKeys = []string{"title", "organization", "statuses", "unsafe_html", "similarity", "editions", "as_of"}

// reportClassKeys lists the report classes' keys, for messages and
// suggestions.
func reportClassKeys() []string {
	var keys []string
	for _, in := range status.Reports() {
		keys = append(keys, in.Key)
	}
	return keys
}

// Pos returns the position in config.yaml of the value at path, each step
// a mapping key or the index of a list entry: Pos("statuses", "done", "0")
// is the first word of the done class, Pos() the whole file's first value.
// ok is false when config.yaml does not hold the path.
func (c Config) Pos(path ...string) (diag.Pos, bool) {
	_, v := c.lookup(path)
	if v == nil {
		return diag.Pos{Path: ConfigFile}, false
	}
	return nodePos(v), true
}

// KeyPos returns the position in config.yaml of the mapping key that ends
// path: KeyPos("statuses", "done") is where "done" is written. For a list
// index it is the entry's position, as for Pos.
func (c Config) KeyPos(path ...string) (diag.Pos, bool) {
	k, v := c.lookup(path)
	if k == nil {
		k = v
	}
	if k == nil {
		return diag.Pos{Path: ConfigFile}, false
	}
	return nodePos(k), true
}

// lookup follows path from the root of config.yaml; it returns the key
// node of the last step (nil for a list entry) and the value node.
func (c Config) lookup(path []string) (key, val *yaml.Node) {
	n := c.root
	for _, step := range path {
		if n == nil {
			return nil, nil
		}
		n = deref(n)
		key = nil
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == step {
					key, next = n.Content[i], n.Content[i+1]
					break
				}
			}
			n = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, nil
			}
			n = n.Content[i]
		default:
			return nil, nil
		}
	}
	return key, n
}

func nodePos(n *yaml.Node) diag.Pos { return diag.Pos{Path: ConfigFile, Line: n.Line, Col: n.Column} }

// LoadConfig reads config.yaml from the site file system. A missing file
// gives the defaults. Every problem is reported at its line and column.
func LoadConfig(fsys fs.FS) (Config, Vocabulary, diag.List) {
	var diags diag.List
	cfg := Config{Title: defaultTitle}
	vocab := DefaultVocabulary()
	src, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, vocab, nil
	}
	file := diag.NewFile(ConfigFile, src)
	if err != nil {
		diags.Errorf(file.Whole(), "cannot read: %v", err)
		return cfg, vocab, diags
	}
	at := func(line, col int) diag.Pos { return diag.Pos{Path: ConfigFile, Line: line, Col: col} }
	src = normalize(src)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, vocab, nil // empty, or only comments
		}
		line, col, msg := yamlErrorPos(src, err)
		diags.Errorf(at(line, col), "config is not valid YAML: %s", msg)
		return cfg, vocab, diags
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		line, col := documentEnd(src)
		if err == nil && line == 1 && more.Line > 0 {
			line, col = more.Line, more.Column
		}
		diags.Errorf(at(line, col), "config.yaml holds more than one YAML document; keep one, without --- or ... lines")
	}
	if len(doc.Content) == 0 {
		return cfg, vocab, diags
	}
	root := doc.Content[0]
	cfg.root = root
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return cfg, vocab, diags
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(nodePos(root), "config.yaml must be key: value lines; the keys are %s", strings.Join(configKeys, ", "))
		return cfg, vocab, diags
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		if first, dup := seen[k.Value]; dup {
			diags.Errorf(nodePos(k), "config key %s is given twice (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		switch k.Value {
		case "title", "organization":
			s, ok := configText(v, k.Value, &diags)
			if !ok {
				continue
			}
			if k.Value == "title" {
				if s != "" {
					cfg.Title = s
				}
			} else {
				cfg.Organization = s
			}
		case "unsafe_html":
			switch {
			case isNull(v):
			case v.Kind == yaml.ScalarNode && v.Tag == "!!bool":
				cfg.UnsafeHTML = strings.EqualFold(v.Value, "true")
			default:
				diags.Errorf(nodePos(v), "config unsafe_html must be true or false, not %s", describe(v))
			}
		case "statuses":
			loadStatuses(&cfg, v, &diags)
		case "similarity":
			loadSimilarity(&cfg, v, &diags)
		case "editions":
			loadEditions(&cfg, v, &diags)
		case "as_of":
			if isNull(v) {
				continue
			}
			t, err := ParseAsOf(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				diags.Errorf(nodePos(v), "config as_of must be a date written YYYY-MM-DD, e.g. 2023-06-30, not %s", describe(v))
				continue
			}
			cfg.AsOf = t
		default:
			msg := "unknown config key " + k.Value
			if s := Nearest(k.Value, configKeys); s != "" {
				msg += "; did you mean " + s + "?"
			} else {
				msg += "; the keys are " + strings.Join(configKeys, ", ")
			}
			diags.Errorf(nodePos(k), "%s", msg)
		}
	}
	added := map[string]ConfigWord{}
	for _, w := range cfg.StatusWords {
		c, ok := status.ParseReport(w.Class)
		if !ok {
			continue // reported by loadStatuses
		}
		word := strings.TrimSpace(w.Word)
		switch builtin, isBuiltin := vocab[word]; {
		case word == "":
			diags.Errorf(w.Pos, "statuses: an empty status word would make 【】 a status; remove it")
		case strings.ContainsAny(word, "【】[]"):
			diags.Errorf(w.Pos, "statuses: %q holds a bracket; write the word alone, without 【】", word)
		case isBuiltin && builtin != c && added[word].Word == "":
			diags.Errorf(w.Pos, "statuses: %s is a built-in word of %s (%s); it cannot also mean %s", word, builtin.Key(), builtin.Label(), w.Class)
		case isBuiltin && builtin != c:
			prev := added[word]
			diags.Errorf(w.Pos, "statuses: %s is already a word of %s (%s:%d:%d)", word, prev.Class, prev.Pos.Path, prev.Pos.Line, prev.Pos.Col)
		default:
			vocab[word] = c
			added[word] = w
		}
	}
	return cfg, vocab, diags
}

// loadStatuses reads the statuses mapping: class name to a list of words.
func loadStatuses(cfg *Config, v *yaml.Node, diags *diag.List) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.MappingNode {
		diags.Errorf(nodePos(v), "config statuses must be class: [words] lines, e.g. done: [已销号]; found %s", describe(v))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, words := v.Content[i], deref(v.Content[i+1])
		name := k.Value
		if seen[name] {
			diags.Errorf(nodePos(k), "statuses: class %s is given twice; put all its words in one list", name)
			continue
		}
		seen[name] = true
		if _, ok := status.ParseReport(name); !ok {
			msg := "statuses: unknown class " + name
			keys := reportClassKeys()
			if s := Nearest(name, keys); s != "" {
				msg += "; did you mean " + s + "?"
			} else {
				msg += "; use " + strings.Join(keys[:len(keys)-1], ", ") + " or " + keys[len(keys)-1]
			}
			diags.Errorf(nodePos(k), "%s", msg)
			continue
		}
		if isNull(words) {
			continue
		}
		if words.Kind != yaml.SequenceNode {
			diags.Errorf(nodePos(words), "statuses: %s must be a list of words, e.g. %s: [%s]; found %s", name, name, exampleWord(name), describe(words))
			continue
		}
		if cfg.Statuses == nil {
			cfg.Statuses = map[string][]string{}
		}
		for _, w := range words.Content {
			at := nodePos(w)
			w = deref(w)
			if w.Kind != yaml.ScalarNode || isNull(w) {
				diags.Errorf(at, "statuses: each word of %s must be a single word, e.g. %s; found %s", name, exampleWord(name), describe(w))
				continue
			}
			cfg.Statuses[name] = append(cfg.Statuses[name], w.Value)
			cfg.StatusWords = append(cfg.StatusWords, ConfigWord{Class: name, Word: w.Value, Pos: at})
		}
	}
}

// configText reads a text setting; a list or mapping is an error.
func configText(v *yaml.Node, key string, diags *diag.List) (string, bool) {
	if isNull(v) {
		return "", true
	}
	if v.Kind != yaml.ScalarNode {
		diags.Errorf(nodePos(v), "config %s must be text, not %s", key, describe(v))
		return "", false
	}
	return strings.TrimSpace(v.Value), true
}

// deref follows an alias (*name) to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// describe names what a node holds, for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if isNull(n) {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// exampleWord is a word of class name, for messages.
func exampleWord(name string) string {
	if c, ok := status.ParseReport(name); ok {
		return c.Info().Words[0]
	}
	return "…"
}

// ParseAsOf reads an as-of date (config as_of, flag --as-of): YYYY-MM-DD.
func ParseAsOf(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, strings.TrimSpace(s))
}
