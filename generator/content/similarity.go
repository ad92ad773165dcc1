package content

import (
	"strconv"
	"strings"

	"mzshh/generator/diag"

	"go.yaml.in/yaml/v3"
)

// SimilarityConfig tunes the 雷同 check (package similar). A zero field
// means the measured default.
type SimilarityConfig struct {
	// Threshold is the share of a text's wording, from 0 to 1, found in
	// another text at or above which the pair is reported.
	Threshold float64
	// Boilerplate is the share of the archive's documents, from 0 to 1,
	// above which a passage counts as a formula and is not compared.
	Boilerplate float64
}

var similarityKeys = []string{"threshold", "boilerplate"}

// loadSimilarity reads the similarity mapping of config.yaml.
func loadSimilarity(cfg *Config, v *yaml.Node, diags *diag.List) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.MappingNode {
		diags.Errorf(nodePos(v), "config similarity must be threshold: and boilerplate: lines, e.g. threshold: 0.6; found %s", describe(v))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], deref(v.Content[i+1])
		if seen[k.Value] {
			diags.Errorf(nodePos(k), "similarity: %s is given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		var dst *float64
		switch k.Value {
		case "threshold":
			dst = &cfg.Similarity.Threshold
		case "boilerplate":
			dst = &cfg.Similarity.Boilerplate
		default:
			msg := "similarity: unknown key " + k.Value
			if s := Nearest(k.Value, similarityKeys); s != "" {
				msg += "; did you mean " + s + "?"
			} else {
				msg += "; the keys are " + strings.Join(similarityKeys, " and ")
			}
			diags.Errorf(nodePos(k), "%s", msg)
			continue
		}
		if isNull(val) {
			continue
		}
		f, err := strconv.ParseFloat(val.Value, 64)
		if val.Kind != yaml.ScalarNode || (val.Tag != "!!float" && val.Tag != "!!int") || err != nil || f <= 0 || f > 1 {
			diags.Errorf(nodePos(val), "similarity: %s must be a number above 0 and at most 1, e.g. %s: %s; found %s", k.Value, k.Value, map[string]string{"threshold": "0.6", "boilerplate": "0.05"}[k.Value], describe(val))
			continue
		}
		*dst = f
	}
}
