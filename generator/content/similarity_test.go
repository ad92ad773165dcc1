package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestSimilarityConfig(t *testing.T) {
	for _, tc := range []struct {
		yaml                   string
		threshold, boilerplate float64
		err                    string // a substring of the one error, "" for none
	}{
		{"", 0, 0, ""},
		{"similarity:\n", 0, 0, ""},
		{"similarity:\n  threshold: 0.7\n  boilerplate: 0.1\n", 0.7, 0.1, ""},
		{"similarity:\n  threshold: 1\n", 1, 0, ""},
		{"similarity:\n  threshold: 0\n", 0, 0, "config.yaml:2:14: error: similarity: threshold must be a number above 0 and at most 1"},
		{"similarity:\n  threshold: 1.5\n", 0, 0, "threshold must be a number"},
		{"similarity:\n  boilerplate: \"0.1\"\n", 0, 0, "boilerplate must be a number"},
		{"similarity:\n  treshold: 0.5\n", 0, 0, "config.yaml:2:3: error: similarity: unknown key treshold; did you mean threshold?"},
		{"similarity: 0.6\n", 0, 0, "config similarity must be threshold: and boilerplate: lines"},
	} {
		fsys := fstest.MapFS{ConfigFile: &fstest.MapFile{Data: []byte(tc.yaml)}}
		cfg, _, diags := LoadConfig(fsys)
		if cfg.Similarity.Threshold != tc.threshold || cfg.Similarity.Boilerplate != tc.boilerplate {
			t.Errorf("%q: got %+v", tc.yaml, cfg.Similarity)
		}
		switch {
		case tc.err == "" && len(diags) > 0:
			t.Errorf("%q: unexpected %v", tc.yaml, diags)
		case tc.err != "" && (len(diags) != 1 || !strings.Contains(diags[0].String(), tc.err)):
			t.Errorf("%q: got %v, want an error with %q", tc.yaml, diags, tc.err)
		}
	}
}
