package synthetic

import (
	"fmt"
	"math/rand/v2"
)

const (
	kindTeam       = "班子"
	kindIndividual = "个人"
)

// org is a township or a county department: a team and its members.
type org struct {
	name  string // "青石镇", "县教育局"
	code  string // "t012", "d003": the start of its units' file names
	place string // how its members write their posts: 镇, 乡, 局
}

// unit writes one document a year.
type unit struct {
	org  *org
	kind string
	role string // the member's post; "" for the team
	name string // the unit's name, the same every year
	slug string // the documents' file name
}

// subject is how the unit's material names its author.
func (u *unit) subject() string {
	if u.kind == kindTeam {
		return u.org.place + "领导班子"
	}
	return "本人"
}

// responsible names who carries out a measure.
func (u *unit) responsible(rng *rand.Rand) string {
	if u.kind == kindIndividual {
		return "本人"
	}
	people := teamPosts[u.org.place]
	a := people[rng.IntN(len(people))]
	b := people[rng.IntN(len(people))]
	if a == b {
		return a
	}
	return a + "、" + b
}

// teamPosts are the posts named as responsible in a team's measures.
var teamPosts = map[string][]string{
	"镇": {"镇党委书记", "镇长", "镇党委副书记", "镇纪委书记", "镇党委组织委员", "镇党委宣传委员", "分管副镇长", "各班子成员"},
	"乡": {"乡党委书记", "乡长", "乡党委副书记", "乡纪委书记", "乡党委组织委员", "乡党委宣传委员", "分管副乡长", "各班子成员"},
	"局": {"局党组书记", "局长", "分管副局长", "派驻纪检监察组组长", "办公室主任", "各班子成员"},
}

// memberPosts are the six members of an organisation, with the file name
// part of their documents.
var memberPosts = map[string][]struct{ post, slug string }{
	"镇": {{"党委书记", "shuji"}, {"党委副书记、镇长", "zhenzhang"}, {"党委副书记", "fushuji"}, {"纪委书记", "jiwei"}, {"组织委员", "zuzhi"}, {"宣传委员", "xuanchuan"}},
	"乡": {{"党委书记", "shuji"}, {"党委副书记、乡长", "xiangzhang"}, {"党委副书记", "fushuji"}, {"纪委书记", "jiwei"}, {"组织委员", "zuzhi"}, {"宣传委员", "xuanchuan"}},
	"局": {{"党组书记、局长", "juzhang"}, {"党组副书记", "fushuji"}, {"副局长", "fujuzhang"}, {"派驻纪检监察组组长", "jijian"}, {"党组成员", "dangzu"}, {"办公室主任", "bangongshi"}},
}

var departments = []string{
	"发展和改革局", "教育局", "科学技术局", "工业和信息化局", "民政局", "司法局", "财政局",
	"人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
	"水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康局", "退役军人事务局",
	"应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局", "信访局",
	"行政审批局", "城市管理综合执法局", "乡村振兴局",
}

// Two-character place names are made from these.
var (
	placeFirst  = []rune("青石白马柳黄新安平永清河东西南北龙凤金银桃李杨梅桂兴和长高双三大小")
	placeSecond = []rune("山庄店桥湾岭集口坡庙营寨堡沟港滩林洼屯楼堤塘泉峪铺头阳川岗")
	surnames    = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
)

// makeUnits makes n units: organisations of seven (team first), one
// department among every four organisations while departments last.
func makeUnits(n int, seed uint64) []*unit {
	rng := rand.New(rand.NewPCG(seed, 0x6f726773))
	// Every place name once, in an order fixed by the seed.
	var places []string
	for _, a := range placeFirst {
		for _, b := range placeSecond {
			if a != b {
				places = append(places, string([]rune{a, b}))
			}
		}
	}
	rng.Shuffle(len(places), func(i, j int) { places[i], places[j] = places[j], places[i] })

	var units []*unit
	dept, town := 0, 0
	for j := 0; len(units) < n; j++ {
		var o *org
		if j%4 == 3 && dept < len(departments) {
			o = &org{name: "县" + departments[dept], code: fmt.Sprintf("d%03d", dept+1), place: "局"}
			dept++
		} else {
			place := "镇"
			if town%5 == 4 {
				place = "乡"
			}
			name := places[town%len(places)]
			if town >= len(places) {
				name += fmt.Sprint(town / len(places))
			}
			o = &org{name: name + place, code: fmt.Sprintf("t%03d", town+1), place: place}
			town++
		}
		units = append(units, &unit{org: o, kind: kindTeam, name: o.name + "领导班子", slug: o.code + "-banzi"})
		for _, m := range memberPosts[o.place] {
			if len(units) == n {
				break
			}
			person := string(surnames[rng.IntN(len(surnames))]) + "××"
			units = append(units, &unit{org: o, kind: kindIndividual, role: m.post,
				name: o.name + m.post + person, slug: o.code + "-" + m.slug})
		}
	}
	return units
}
