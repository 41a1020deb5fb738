#!/usr/bin/env python3
"""The error rules of issue #14, for the core's folders (make lint-errors):

1. No `ToolError` (the command line's error) in code: the core throws `SessionError`. Comments may name it.
2. Every `try?` has a `// ignored: <why>` comment on its line or the line before: ignoring an error must be the
   documented behaviour.
3. No option name (`--` and a letter, after a space, a quote or a parenthesis) in an error's words: the strings of a
   `SessionError(...)`, or after `hint:`, `remedy:` or `.words(` (to the end of the line, or on the next line when
   the value starts there). The command line words remedies (`SessionError.Remedy`, CommandLine/ErrorMapping.swift).
4. No bridge from untyped code: `bridged { }`, `SessionError.legacy`, `SessionError(legacy:)`,
   `SessionError(bridging:)`. Everything in the core throws `SessionError` with typed throws.

Usage: lint-errors.py FOLDER... | lint-errors.py --try-only FOLDER... (paths under Sources/SessionModel). Exit 1 with file:line: problem lines.
"""
import os
import re
import sys

OPTION = re.compile(r"(^|[\s\"'(])--[A-Za-z]")
BRIDGE = re.compile(r"\bbridged\s*[{(]|\bSessionError\s*\.\s*legacy\b|\blegacy\s*:|\bbridging\s*:")
WORDS = re.compile(r"\bhint:|\bremedy:|\.words\(")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "SessionModel")


def code_part(line):
    """The line without its `//` comment (a `//` inside a string literal is kept)."""
    in_string = False
    i = 0
    while i < len(line):
        c = line[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif line.startswith("//", i):
            return line[:i]
        i += 1
    return line


def strings(text):
    """The string literals in `text` (one line or several), without interpolations' inner strings mattering."""
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text)


def check(path):
    problems = []
    lines = open(path, encoding="utf-8").read().split("\n")
    codes = [code_part(l) for l in lines]
    for n, code in enumerate(codes):
        if re.search(r"\bToolError\b", code):
            problems.append((n + 1, "ToolError in the core: throw SessionError (the command line maps it)"))
        if re.search(r"\btry\?", code):
            here = lines[n][len(code):]
            # The comment block right above (one or more `//` lines) must start with `// ignored:`.
            k = n - 1
            while k > 0 and lines[k].strip().startswith("//") and lines[k - 1].strip().startswith("//") \
                    and not lines[k].strip().startswith("// ignored:"):
                k -= 1
            before = lines[k].strip() if k >= 0 else ""
            if "// ignored:" not in here and not before.startswith("// ignored:"):
                problems.append((n + 1, "try? without an '// ignored: <why>' comment on this line or starting the comment block above"))
        if BRIDGE.search(code):
            problems.append((n + 1, "a bridge from untyped code: throw SessionError with typed throws instead"))
        words = WORDS.search(code)
        if words:
            # The words from the label on; a value that starts on the next line is that line.
            text = code[words.end():]
            if not text.strip() and n + 1 < len(codes):
                text = codes[n + 1]
            for s in strings(text):
                if OPTION.search(s):
                    problems.append((n + 1, f"option name in an error's words ({s!r}): use a SessionError.Remedy"))
        start = code.find("SessionError(")
        while start >= 0:
            # The construction's text up to its closing parenthesis, across lines.
            depth, text, k, i = 0, "", n, start + len("SessionError")
            while k < len(codes):
                line = codes[k]
                while i < len(line):
                    c = line[i]
                    text += c
                    if c == "(":
                        depth += 1
                    elif c == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                if depth == 0:
                    break
                text += "\n"
                k += 1
                i = 0
            for s in strings(text):
                if OPTION.search(s):
                    problems.append((n + 1, f"option name in an error's words ({s!r}): use a SessionError.Remedy"))
            start = code.find("SessionError(", start + 1)
    return [f"{path}:{line}: {message}" for line, message in sorted(set(problems))]


def main(args):
    # `--try-only FOLDER...`: only rule 2, for the command line's folders (they map errors, so ToolError and option
    # names belong there; ignoring an error must still say why).
    try_only = bool(args) and args[0] == "--try-only"
    folders = args[1:] if try_only else args
    problems = []
    for folder in folders:
        base = os.path.join(ROOT, folder)
        for dirpath, _, names in sorted(os.walk(base)):
            for name in sorted(names):
                if name.endswith(".swift"):
                    found = check(os.path.normpath(os.path.join(dirpath, name)))
                    problems += [p for p in found if not try_only or "try?" in p]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
