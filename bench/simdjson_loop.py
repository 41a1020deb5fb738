#!/usr/bin/env python3
"""The parse floor of `make bench` (issue #17): every line of a JSONL file parsed by simdjson (pysimdjson), the
fields an export reads looked up, nothing written. Run by the bench venv's Python: `simdjson_loop.py FILE`."""

import sys

import simdjson


def text_length(doc):
    """Characters of the message text in one parsed line (the proxies die with this frame, so the parser is free)."""
    message = doc.get("message") if isinstance(doc, simdjson.Object) else None
    if not isinstance(message, simdjson.Object):
        return 0
    content = message.get("content")
    if isinstance(content, str):
        return len(content)
    total = 0
    if isinstance(content, simdjson.Array):
        for item in content:
            if isinstance(item, simdjson.Object):
                t = item.get("text")
                if isinstance(t, str):
                    total += len(t)
    return total


def main():
    parser = simdjson.Parser()
    lines = 0
    text = 0
    with open(sys.argv[1], "rb") as f:
        for line in f:
            if not line.strip():
                continue
            lines += 1
            text += text_length(parser.parse(line))
    print(lines, text)


if __name__ == "__main__":
    main()
