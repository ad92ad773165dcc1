package content

import (
	"testing"
	"testing/fstest"
)

func TestEditionsConfig(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"the issue's shape", "editions:\n  - name: all\n  - name: banzi\n    kinds: [班子]\n  - name: unit\n    per_unit: true\n", ""},
		{"every selector", "editions:\n  - name: 组织部\n    destination: out/zzb\n    units: [××镇*, 城南镇领导班子]\n    kinds: 个人\n    years: 2021-2022\n    documents: [2021/*, 2022/*]\n    exclude: [2022/shuji]\n", ""},
		{"not a list", "editions: all\n", `config.yaml:1:11: error: config editions must be a list of editions, each - name: …; found "all"`},
		{"entry not a mapping", "editions:\n  - all\n", `config.yaml:2:5: error: editions: each edition must be key: value lines starting with name:, e.g. - name: all; found "all"`},
		{"no name", "editions:\n  - kinds: [班子]\n", "config.yaml:2:5: error: editions: an edition needs a name, e.g. - name: all"},
		{"name with a slash", "editions:\n  - name: a/b\n", `config.yaml:2:11: error: editions: name "a/b" may hold only letters, digits, - and _: it names a folder`},
		{"name twice", "editions:\n  - name: all\n  - name: ALL\n", "config.yaml:3:11: error: editions: ALL is named twice (first at line 2); each edition needs its own name"},
		{"unknown key", "editions:\n  - name: all\n    kind: [班子]\n", "config.yaml:3:5: error: editions: unknown key kind; did you mean kinds?"},
		{"unknown kind", "editions:\n  - name: all\n    kinds: [班子, 成员]\n", `config.yaml:3:17: error: editions: kind "成员" must be 班子 (teams' materials) or 个人 (members' own)`},
		{"years reversed", "editions:\n  - name: all\n    years: 2022-2020\n", `config.yaml:3:12: error: editions: years "2022-2020" must be a year or a range: 2021, 2020-2022, 2021- or -2021`},
		{"years a list", "editions:\n  - name: all\n    years: [2020, 2021]\n", "config.yaml:3:12: error: editions: years a list must be a year or a range: 2021, 2020-2022, 2021- or -2021"},
		{"bad pattern", "editions:\n  - name: all\n    units: ['城南[']\n", `config.yaml:3:13: error: editions: units "城南[" is not a valid pattern (syntax error in pattern); * and ? match any text, [ starts a class`},
		{"per_unit not a boolean", "editions:\n  - name: all\n    per_unit: yes\n", `config.yaml:3:15: error: editions: per_unit must be true or false, not "yes"`},
		{"destination in content", "editions:\n  - name: all\n    destination: content/x\n", "config.yaml:3:18: error: editions: destination content/x is inside the site's sources; give a folder of its own such as public/all"},
		{"destination the site", "editions:\n  - name: all\n    destination: .\n", "config.yaml:3:18: error: editions: destination . is the site folder or its parent; the build replaces its destination, so give a folder of its own such as public/all"},
		{"same destination", "editions:\n  - name: all\n  - name: b\n    destination: public/all\n", "config.yaml:4:18: error: editions: b is published to public/all, as all is (line 2); give it a destination of its own"},
		{"nested destinations", "editions:\n  - name: all\n    destination: public\n  - name: b\n", "config.yaml:4:11: error: editions: b (public/b) and all (public, line 3) are published one inside the other; a build replaces its destination whole"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, diags := LoadConfig(fstest.MapFS{ConfigFile: {Data: []byte(tc.src)}})
			diags.Sort()
			if got := diags.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestEditionSelects(t *testing.T) {
	const src = `editions:
  - name: all
  - name: team
    kinds: [班子]
  - name: town
    units: [××镇*]
  - name: recent
    years: 2021-
    exclude: [2022/shuji]
  - name: picked
    documents: [2020/*, 2022/shuji]
  - name: early
    years: -2020
`
	cfg, _, diags := LoadConfig(fstest.MapFS{ConfigFile: {Data: []byte(src)}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	docs := []*Document{
		{Key: "2020/banzi", Year: 2020, Unit: "××镇领导班子", Kind: KindTeam},
		{Key: "2021/banzi", Year: 2021, Unit: "××镇领导班子", Kind: KindTeam},
		{Key: "2022/shuji", Year: 2022, Unit: "书记王××", Kind: KindIndividual},
		{Key: "2022/cn", Year: 2022, Unit: "城南镇领导班子", Kind: KindTeam},
	}
	for _, tc := range []struct {
		edition string
		want    []string
	}{
		{"all", []string{"2020/banzi", "2021/banzi", "2022/shuji", "2022/cn"}},
		{"team", []string{"2020/banzi", "2021/banzi", "2022/cn"}},
		{"town", []string{"2020/banzi", "2021/banzi"}},
		{"recent", []string{"2021/banzi", "2022/cn"}},
		{"picked", []string{"2020/banzi", "2022/shuji"}},
		{"early", []string{"2020/banzi"}},
	} {
		e := cfg.Edition(tc.edition)
		var got []string
		for _, d := range docs {
			if e.Selects(d) {
				got = append(got, d.Key)
			}
		}
		if len(got) != len(tc.want) || func() bool {
			for i := range got {
				if got[i] != tc.want[i] {
					return true
				}
			}
			return false
		}() {
			t.Errorf("edition %s selects %v, want %v", tc.edition, got, tc.want)
		}
	}
}

func TestClassification(t *testing.T) {
	const head = "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 丙\n"
	for _, tc := range []struct {
		name, fm, want string
		level          string
		unpublishable  bool
		mark           string
	}{
		{"none", "", "", "", false, ""},
		{"公开", "密级: 公开\n", "", Public, false, ""},
		{"内部", "密级: 内部\n", "", Internal, false, Internal},
		{"the English key", "classification: 内部\n", "", Internal, false, Internal},
		{"秘密 with a term", "密级: 秘密★1年\n", "", Secret, true, ""},
		{"机密", "密级: 机密\n", "", Confidential, true, ""},
		{"绝密", "classification: 绝密\n", "", TopSecret, true, ""},
		{"unknown", "密级: 保密\n", `content/2021/banzi.md:7:5: error: 密级 "保密" is not a classification level; write one of 公开, 内部, 秘密, 机密, 绝密; did you mean 秘密?`, "", false, ""},
		{"both keys", "密级: 内部\nclassification: 公开\n", "content/2021/banzi.md:8:1: error: front matter gives 密级 twice (as 密级 and as classification); keep one", Internal, false, Internal},
		{"empty", "密级:\n", "content/2021/banzi.md:7:1: error: front matter 密级 is empty; write it, e.g. 密级: 内部, or remove the line", "", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, got := parseSrc(t, Config{}, head+tc.fm+"---\n## 问题\n")
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			c := d.Classification
			if c.Level != tc.level || c.Unpublishable() != tc.unpublishable || c.Mark() != tc.mark {
				t.Errorf("level %q unpublishable %v mark %q; want %q %v %q", c.Level, c.Unpublishable(), c.Mark(), tc.level, tc.unpublishable, tc.mark)
			}
		})
	}
}
