// Package importer brings 对照检查材料 into the archive: Import turns a Word
// .docx file, plain text (UTF-8, UTF-16 or GBK/GB18030, detected) or Markdown
// into a document content/<year>/<name>.md, and Next drafts a unit's next
// document. RunImport and RunNew are the commands "import" and "new".
//
// # The contract of Import
//
//   - It never rewords. The Markdown holds every character of the source
//     text, in order, except the page furniture of a text laid out as pages
//     (page numbers, running headers and footers), which is left out and
//     reported line by line (Result.Removed, and the notes). What it adds
//     is markup only: the front matter (the title line becomes its title),
//     "##", "###" and "####" before headings, {#id} after them and a role
//     class ({.problems}) after a section heading whose words alone would
//     not give the archive its role, "- " before report items and two spaces before
//     their further paragraphs, 【status】 and [[reference]] at the start of
//     report items, a "待核实：…" line under report items that need a look,
//     Markdown table syntax, and backslash escapes (or &#x3010; for a 【 that
//     would start a report item) where the text would otherwise read as
//     markup. Import checks on every run that the Markdown without this
//     markup is the source text (furniture aside), whitespace aside, and
//     fails rather than lose a character. Text is never moved either: a closing signature
//     stays in the last measure, where the format puts whatever follows it.
//   - The result builds. Import parses it with the project's parser and
//     resolves it with the archive's documents (Options.Docs) and fails,
//     writing nothing, on any error. A report item gets a reference only
//     when the document it reports on (the year its section heading names,
//     or the year before, with the same name) is in the archive, is the
//     same unit's, and one problem of it matches clearly; otherwise it is written as a plain list
//     item, which the parser reads as narrative, followed by a 待核实 line.
//   - It is stable: IDs come from order (p1, p1-2, c1, m1), so importing the
//     same file twice gives the same Markdown.
//   - It says what it did: Result.Counts, and Result.Notes with the source
//     line (or .docx paragraph) of every guess to check and of everything
//     it could not place.
//
// # Recognition
//
// Structure comes from the numbering conventions of official writing, not
// from a template. The title is a first line that reads as one (对照检查材料…).
// A section starts at a line numbered 一、 (or 第一部分, and then 一、
// numbers entries), at a line in the source's top heading style, or at a
// short unnumbered line with a section's own words.
//
// A section's role is read from three kinds of evidence (roles.go): the
// words of its heading, from a broad vocabulary of the headings real
// materials use (落实情况, 整改情况, 查摆问题整改情况, 上年度 for the report;
// 存在的主要问题, 突出问题, 查摆的问题, 对照检查情况, 差距和不足 for the
// problems; 原因, 根源, 剖析, 深层次 for the causes; 整改措施, 努力方向,
// 下一步, 今后, 整改举措 for the measures; 基本情况, 需要说明 for none of
// them), which count double; its content (statuses and last year's meeting
// in a report; the words of problems, causes — 理想信念, 宗旨意识, 党性 —
// or measures — verbs such as 加强, 坚持, 筑牢, 作表率, 责任人 and 时限
// lines — in the lead sentences of its entries); and its place (report,
// problems, causes, measures, each once). The most likely reading is
// taken; when the heading's words and the content or place disagree, or
// the heading names no section, a note gives the line and the
// alternative. When the archive's parser would read the heading's words
// otherwise (content.ClassifySection), the heading gets its role class:
// "## 二、对照检查情况 {.problems}". Numbering that is missing, skipped,
// repeated or wrong is kept as written and noted. A heading that runs on
// into its paragraph ("二、存在的主要问题。（一）…") is cut after its first
// sentence.
//
// In the problems section, the outermost paragraph numbering present —
// （一） (also (一) and （一)), then 1. or 1、, then （1）, then 1), then ①,
// then a bullet (——, ●, ■, ▲, ◆, •, ★) — marks the groups, the next one
// inward and 一是/二是 mark the items; without group
// numbering, 一是 paragraphs are the groups. Items and groups may also run
// on inside a paragraph ("…有差距。一是…。二是…。（二）…", also （1） items
// inside a 1. group) when they follow a sentence or clause end and their
// number follows on. Causes and measures are the paragraphs numbered or
// bulleted in the section's outermost style, also run on ("一是…；二是…"). A group's, item's,
// cause's or measure's heading is its lead sentence (a leading bold run in
// .docx and Markdown, or else the first sentence, ending at 。！？ or ：
// outside quotation marks); the rest of the paragraph follows it as text.
//
// In the report section, numbered or bulleted paragraphs and run-on
// 一是… are report items; an item that is only a heading takes the paragraphs after it. Its
// status is read from its wording: 已整改 and 已完成 are done, 已基本整改 and
// 基本完成 mostly done, 正在整改 and 持续整改 in progress, 长期坚持 ongoing,
// 未整改 and 未完成 not done, read after the opening that names the
// problem ("关于…有待提高的问题。"); weaker words (正在, 还需, 整改到位, 常态化…) and
// a status the narrative states for all items ("所有问题已基本整改") are
// guesses, marked 待核实, as is an item whose wording has none.
//
// Year, unit, kind and meeting come from the title ("××镇领导班子2022年度民主
// 生活会对照检查材料"), the preamble (its 专题 theme, 本人), the report
// heading (on 2020 → 2021), a closing date, and the archive (the unit's
// earlier documents; the only team); Options override them. The file name
// is the unit's earlier one; for a unit new to the archive, banzi for a
// team when no other unit has that name, and otherwise the unit's own
// letters and digits ("城南镇领导班子", "县委办公室机关党支部党员刘"), numbered
// -2, -3 if another unit has them: stable from year to year because the
// unit is, readable by the people who file the materials, and needing no
// transliteration, whose readings of place and person names are often
// ambiguous.
//
// # Formats
//
// A .docx is read with archive/zip and encoding/xml: paragraphs, heading
// and title styles (also 标题 n and outline levels), automatic numbering as
// Word shows it (kept as text: "（一）"), bold runs, line breaks (which end
// a paragraph), tabs, tables (as Markdown tables), text boxes (after their
// paragraph) and tracked insertions; tracked deletions and field codes are
// not text. A .txt has one paragraph per line, unless its lines are cut at
// a page width, as Word and WPS export text and PDF copies read: most lines
// that end no sentence and run on are of one wide width. Then a line runs
// on into the next unless it ends a sentence and is short (or, when
// paragraphs start indented, the next is not indented), the next starts a
// heading, a numbered item or a bullet, or a blank line comes between.
// Page furniture is left out of any .txt: page numbers (— 2 —, -2-, ·2·,
// 第2页, 第2页 共10页, 共10页 第2页, 2/10, Page 2 of 10, and bare numbers
// rising far apart) and a short line repeated next to page numbers or at
// regular page-like intervals (a running header or footer; its first
// occurrence stays when it is the title). Blank lines around furniture are
// the page break's, so a paragraph cut by a page runs on across it. A .md is normalised: front
// matter gives defaults, heading levels are hints, inline markup goes, and
// the archive's own markup — {#id}, a role class, [[references]], lines of
// only references (延续, 针对), a leading 【status】, 待核实 lines — is
// markup (a role class decides its section's role), so
// the archive's documents import to the same structure.
//
// A .docx past Word's own proportions is refused with an error naming the
// part and the limit, before it is read for long: an XML part of more than
// 32 MB uncompressed (as the zip says, and as read), elements nested more
// than 256 levels deep, more than a million elements in a part, more than
// 8 MB of text, or a list number text of more than 256 bytes; so is a text
// or Markdown file of more than 8 MB, and the import command reads no file
// of more than 256 MB. The XML tree is built without recursion, and the
// readers that walk it recurse at most as deep as it is. Every step takes
// time linear in the size of the file.
//
// Text and Markdown files are decoded by golang.org/x/text: UTF-8 (a
// byte order mark is dropped), UTF-16 with a byte order mark (either byte
// order; encoding/unicode), and, when every non-ASCII byte forms a GBK or
// GB18030 sequence (content.LooksGB18030), GB18030, which includes GBK and
// GB2312 (encoding/simplifiedchinese). Bytes that do not decode — a
// sequence that is not GB18030, a UTF-16 file of an odd number of bytes or
// with half a character — are an error saying so, never a silent U+FFFD or
// a dropped byte.
//
// # New
//
// Next drafts the next document of a unit from its previous one (the same
// name, the year before or else the latest earlier year): the front
// matter, the four sections, and in the report section one item per
// problem not done (an item, or a group without items), each with its
// reference and the status 【待填写】 (Placeholder). That is no status word,
// so check and build fail on each until it is filled in, with "unknown
// status word 待填写; known words: …".
package importer
