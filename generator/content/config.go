package content

import (
	"errors"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"mzshh/generator/diag"

	"go.yaml.in/yaml/v3"
)

// ConfigFile is the name of the site settings file in the site directory.
const ConfigFile = "config.yaml"

// Config holds the site settings from config.yaml. Every field is optional.
type Config struct {
	// Title is the site's name, shown in every page header.
	Title string `yaml:"title"`
	// Organization is the owning Party organisation, shown in the footer.
	Organization string `yaml:"organization"`
	// Statuses adds status words to the default vocabulary, keyed by class
	// name: done, mostly, progress, ongoing, notdone.
	Statuses map[string][]string `yaml:"statuses"`
	// UnsafeHTML lets raw HTML in Markdown through. Off by default: raw
	// HTML is omitted from the output.
	UnsafeHTML bool `yaml:"unsafe_html"`
}

var (
	configKeys     = []string{"title", "organization", "statuses", "unsafe_html"}
	unknownFieldRE = regexp.MustCompile(`^line (\d+): field (.+) not found in type`)
)

// LoadConfig reads config.yaml from the site file system. A missing file
// gives the defaults.
func LoadConfig(fsys fs.FS) (Config, Vocabulary, diag.List) {
	var diags diag.List
	cfg := Config{Title: "民主生活会材料档案"}
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
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		var typeErr *yaml.TypeError
		if errors.As(err, &typeErr) {
			for _, e := range typeErr.Errors {
				if m := unknownFieldRE.FindStringSubmatch(e); m != nil {
					line, _ := strconv.Atoi(m[1])
					msg := "unknown config key " + m[2]
					if s := Nearest(m[2], configKeys); s != "" {
						msg += "; did you mean " + s + "?"
					} else {
						msg += "; the keys are " + strings.Join(configKeys, ", ")
					}
					diags.Errorf(diag.Pos{Path: ConfigFile, Line: line, Col: 1}, "%s", msg)
					continue
				}
				diags.Errorf(diag.Pos{Path: ConfigFile}, "%s", e)
			}
			return cfg, vocab, diags
		}
		line, msg := yamlErrorLine(err)
		diags.Errorf(diag.Pos{Path: ConfigFile, Line: line}, "config is not valid YAML: %s", msg)
		return cfg, vocab, diags
	}
	if cfg.Title == "" {
		cfg.Title = "民主生活会材料档案"
	}
	classes := make([]string, 0, len(cfg.Statuses))
	for name := range cfg.Statuses {
		classes = append(classes, name)
	}
	slices.Sort(classes)
	for _, name := range classes {
		c, ok := ParseClass(name)
		if !ok {
			diags.Errorf(file.Whole(), "statuses: unknown class %s; use done, mostly, progress, ongoing or notdone", name)
			continue
		}
		for _, w := range cfg.Statuses[name] {
			vocab[strings.TrimSpace(w)] = c
		}
	}
	return cfg, vocab, diags
}
