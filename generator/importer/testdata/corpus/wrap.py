#!/usr/bin/env python3
"""Lays a material out as Word prints it and exports it as text: each
paragraph indented by two ideographic spaces and cut at a page width, and
every page ending with a page number and starting with a running header.
The corpus's Word exports are made with it from src/; see README.md.

usage: wrap.py [--flush] [--blank] SRC WIDTH PAGELINES NUMBERFORM [HEADER]
NUMBERFORM is a Python format with {n} (and {total}): "— {n} —", "-{n}-".
--flush: paragraphs are not indented; --blank: a blank line after each.
"""
import sys

def width(c):
    return 1 if ord(c) < 0x2010 else 2

CLOSE = "，。、；：？！”’）》」』】"

def wrap(par, cols, indent):
    lines, cur, w = [], indent, sum(width(c) for c in indent)
    for i, c in enumerate(par):
        if w + width(c) > cols and c not in CLOSE:
            lines.append(cur)
            cur, w = "", 0
        cur += c
        w += width(c)
    lines.append(cur)
    return lines

def main():
    args = sys.argv[1:]
    flush, blank = "--flush" in args, "--blank" in args
    args = [a for a in args if a not in ("--flush", "--blank")]
    src, cols, per, form = args[0], int(args[1]), int(args[2]), args[3]
    header = args[4] if len(args) > 4 else ""
    pars = [p.strip() for p in open(src, encoding="utf-8").read().split("\n") if p.strip()]
    body = ["　　　　" + pars[0], ""]
    for p in pars[1:]:
        body += wrap(p, cols, "" if flush else "　　")
        if blank:
            body.append("")
    pages = [body[i:i + per] for i in range(0, len(body), per)]
    out = []
    for k, page in enumerate(pages):
        if k > 0:
            if header:
                out += [header, ""]
        out += page
        out += ["", form.format(n=k + 1, total=len(pages)), ""]
    sys.stdout.write("\n".join(out).rstrip("\n") + "\n")

main()
