#!/usr/bin/env python3
"""Print what Python's zipfile sees in a zip file, for comparing an original with a
crafted variant (see craft_zip.py).

Usage:
    python3 list_zip.py ZIP

Prints one JSON object on stdout: {"names": [every name zipfile lists, sorted, duplicates
kept], "sha256": {name: hex SHA-256 of its content}} (for a duplicated name, the content
zipfile.read returns, which is the last one listed). Every entry is read in full, so a bad
CRC, a local header that zipfile rejects or a broken deflate stream counts as unreadable.
If zipfile cannot read the archive, prints "error: TYPE: MESSAGE" on stderr and exits 3.
"""

import hashlib
import json
import sys
import zipfile


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python3 list_zip.py ZIP", file=sys.stderr)
        return 2
    try:
        with zipfile.ZipFile(argv[0]) as z:
            infos = z.infolist()
            digests = {}
            for info in infos:
                with z.open(info) as f:
                    digests[info.filename] = hashlib.sha256(f.read()).hexdigest()
            names = sorted(info.filename for info in infos)
    except Exception as err:  # anything zipfile raises means it cannot read the archive
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 3
    print(json.dumps({"names": names, "sha256": digests}, indent=1, sort_keys=True, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
