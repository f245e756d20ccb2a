#!/usr/bin/env python3
"""Regenerate the README's measured tables from the commands that measure them.

A generated table sits between two HTML comments that name it and the command that produces it:

    <!-- table:bench-engines command: kerjasama bench --regions 100,514,2000 --months 120 --lanes 64 -->
    | ... the table ... |
    <!-- /table:bench-engines -->

Several commands may be joined with " && ": their rows are put in one table (their columns must be the same).
`kerjasama` stands for the Release build of the command-line program (built first if it is missing; with
`bench --cluster`, the silo program too).

The command's output must hold a fixed-width table whose columns are separated by at least two spaces, with a
rule of dashes or box-drawing characters under its header (what `kerjasama bench` prints); the table, and the
note printed right under it (e.g. the silo start-up time), replace the block's contents as Markdown. Nothing
outside the markers changes.

    scripts/update-readme-tables.py                      # every block, running its command
    scripts/update-readme-tables.py bench-engines        # only these blocks
    scripts/update-readme-tables.py --from bench-engines=out.txt   # use output saved earlier (a quiet machine's)
    scripts/update-readme-tables.py --from bench-lanes=a.txt --from bench-lanes=b.txt   # a joined block, one file per command
    scripts/update-readme-tables.py --list               # the blocks and their commands

Measure on a quiet machine: other work on the cores changes wall times.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

MARKER = re.compile(r"<!-- table:(?P<name>[\w.-]+) command: (?P<command>.*?) -->\n(?P<body>.*?)<!-- /table:(?P=name) -->", re.S)
RULE = re.compile(r"^\s*[─━\-=]{3,}[─━\-=\s]*$")
# A number, or two added ("166 + 649": bench's peak memory of the client + the silo processes).
NUMBER = re.compile(r"^[−\-+]?[\d,.]+(x|%| s)?$|^[–-]$|^[\d,.]+ \+ [\d,.]+$")


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def program(root, silos=False):
    """The Release build of `kerjasama` (and, for `bench --cluster`, of the silo it starts beside it), built if missing."""
    exe = os.path.join(root, "Client", "bin", "Release", "net10.0", "kerjasama")
    silo = os.path.join(root, "Silo", "bin", "Release", "net10.0", "kerjasama-silo.dll")
    for project, built in [("Client", exe)] + ([("Silo", silo)] if silos else []):
        if not os.path.exists(built):
            subprocess.run(["dotnet", "build", os.path.join(root, project), "-c", "Release", "-v", "q"], check=True, cwd=root)
    return exe


def run(command, root):
    words = shlex.split(command)
    if words and words[0] == "kerjasama":
        words[0] = program(root, silos="--cluster" in words)
    print("running: " + command, file=sys.stderr)
    result = subprocess.run(words, cwd=root, capture_output=True, text=True, env=dict(os.environ, COLUMNS="400"))
    if result.returncode != 0:
        raise SystemExit(f"{command}: exit {result.returncode}\n{result.stderr}")
    return result.stdout


def split_columns(lines):
    """Cells of fixed-width lines: columns are separated where every line has at least two spaces."""
    width = max(len(l) for l in lines)
    padded = [l.ljust(width) for l in lines]
    blank = [all(l[i] == " " for l in padded) for i in range(width)]
    spans, start, i = [], None, 0
    while i < width:
        if blank[i]:
            j = i
            while j < width and blank[j]:
                j += 1
            if start is not None and (j - i >= 2 or j == width):
                spans.append((start, i))
                start = None
            elif start is not None:
                pass  # a single space inside a cell ("Wall s")
            i = j
        else:
            if start is None:
                start = i
            i += 1
    if start is not None:
        spans.append((start, width))
    return [[l[a:b].strip() for a, b in spans] for l in padded]


def parse_table(output):
    """The first table in the output: (header, rows, note)."""
    lines = output.splitlines()
    for k in range(1, len(lines)):
        if RULE.match(lines[k]) and lines[k - 1].strip():
            header_line = lines[k - 1]
            body = []
            m = k + 1
            while m < len(lines) and lines[m].strip():
                body.append(lines[m])
                m += 1
            while m < len(lines) and not lines[m].strip():
                m += 1
            note = lines[m].strip() if m < len(lines) and lines[m].startswith(" ") else ""
            cells = split_columns([header_line] + body)
            return cells[0], cells[1:], note
    raise SystemExit("no table (header, rule, rows) in the command's output")


UP_TO = re.compile(r"^(?P<what>.*: up to )(?P<value>[\d.]+)(?P<unit> s)$")


def merge_notes(notes):
    """The notes of joined commands, each once: notes that say "...: up to X s" (the silo start-up) become one, with the largest X."""
    merged, largest = [], {}
    for note in notes:
        m = UP_TO.match(note or "")
        if not m:
            if note and note not in merged:
                merged.append(note)
            continue
        key = (m["what"], m["unit"])
        if key not in largest:
            largest[key] = len(merged)
            merged.append(note)
        elif float(m["value"]) > float(UP_TO.match(merged[largest[key]])["value"]):
            merged[largest[key]] = note
    return merged


def markdown(header, rows, notes):
    notes = merge_notes(notes)
    numeric = [bool(rows) and all(NUMBER.match(r[c]) for r in rows if c < len(r) and r[c]) for c in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join(out) + "\n"
    for note in notes:
        if note:
            text += "\n" + note + "\n"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="blocks to regenerate (default: all)")
    parser.add_argument("--readme", default=os.path.join(repo_root(), "README.md"))
    parser.add_argument("--from", dest="saved", action="append", default=[], metavar="NAME=FILE",
                        help="use saved output for a block instead of running its command (a block of joined commands: once per command, in order)")
    parser.add_argument("--list", action="store_true", help="list the blocks and their commands")
    args = parser.parse_args()

    text = open(args.readme, encoding="utf-8").read()
    blocks = list(MARKER.finditer(text))
    if args.list:
        for b in blocks:
            print(f"{b['name']}: {b['command']}")
        return 0
    saved = {}
    for s in args.saved:
        name, path = s.split("=", 1)
        saved.setdefault(name, []).append(path)
    known = {b["name"] for b in blocks}
    for name in list(args.names) + list(saved):
        if name not in known:
            raise SystemExit(f"{args.readme}: no block named {name} (blocks: {', '.join(sorted(known)) or 'none'})")
    wanted = set(args.names) | set(saved) or known

    def replace(b):
        if b["name"] not in wanted:
            return b.group(0)
        outputs = [open(path, encoding="utf-8").read() for path in saved[b["name"]]] if b["name"] in saved \
            else [run(c.strip(), repo_root()) for c in b["command"].split(" && ")]
        header, rows, notes = None, [], []
        for output in outputs:
            h, r, note = parse_table(output)
            if header is not None and h != header:
                raise SystemExit(f"{b['name']}: the commands print different columns: {header} and {h}")
            header = h
            rows += r
            notes.append(note)
        print(f"{b['name']}: {len(rows)} rows", file=sys.stderr)
        return f"<!-- table:{b['name']} command: {b['command']} -->\n{markdown(header, rows, notes)}<!-- /table:{b['name']} -->"

    new = MARKER.sub(replace, text)
    with open(args.readme, "w", encoding="utf-8") as f:
        f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
