#!/bin/sh
# Makes the fixtures derived from the seed material (seed-2021-banzi.txt,
# a copy of generator/site/testdata/seed-2021-banzi.txt):
#
#   seed-2021-banzi.docx     the seed as Word would hold it: section headings
#                            in the Heading 1 style, group headings and the
#                            lead sentences of items, causes and measures in
#                            bold, made with pandoc (apt-get install pandoc)
#   seed-2021-banzi.gbk.txt  the seed saved as GBK/GB18030, as by Chinese Windows
#
# Run it from this folder. The text of both is the seed's, character for
# character: the tests compare them with it.
set -eu
seed=seed-2021-banzi.txt
{
	echo '<html><head><meta charset="utf-8"></head><body>'
	perl -CSD -pe '
		s{^([一二三四五六七八九十]+、.*)$}{<h1>$1</h1>};
		s{^([（(][一二三四五六七八九十]+[）)][^。]*。)}{<strong>$1</strong>};
		s{(?:^|(?<=。))([一二三四五六七八九十]是[^。]*。)}{<strong>$1</strong>}g;
		s{^(?!<h1>)(.+)$}{<p>$1</p>};
	' "$seed"
	echo '</body></html>'
} > seed.html
pandoc -f html -t docx -o seed-2021-banzi.docx seed.html
rm seed.html
iconv -f UTF-8 -t GB18030 "$seed" > seed-2021-banzi.gbk.txt
