#!/usr/bin/env python3
"""xml_fields.py flows|count < REPLY — the fields of an `ams … | display xml` reply, read the way PyEZ and
Juniper's Toby library read Junos replies (ElementTree, element names), one line per row:
    flows: protocol state direction frames   (each <sfw-flow-entry>, in document order)
    count: interface service-set sess-count  (each <service-msp-sess-count>)
For `count` it also checks the two readers of the count reply that junos-research.md §1.3 quotes, and exits 1
if they disagree with the rows: PyEZ's `findtext('service-msp-sess-count/sess-count')` (the first row) and
Toby's `get_sessions_count` (the sum of every row's sess-count).
"""
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(element, name):
    return next((c.text or "" for c in element if local(c.tag) == name), "")


def main():
    mode = sys.argv[1]
    root = ET.fromstring(sys.stdin.read())
    if mode == "flows":
        for entry in root.iter():
            if local(entry.tag) == "sfw-flow-entry":
                print(*(child(entry, f"sfw-flow-{name}") for name in ("protocol", "state", "direction", "frame-counter")))
        return 0
    info = next(e for e in root.iter() if local(e.tag) == "service-msp-sess-count-information")
    rows = [e for e in info if local(e.tag) == "service-msp-sess-count"]
    for row in rows:
        print(child(row, "interface-name"), child(row, "service-set-name"), child(row, "sess-count"))
    counts = [int(child(row, "sess-count")) for row in rows]
    if rows and info.findtext("service-msp-sess-count/sess-count") != str(counts[0]):
        print("xml_fields: PyEZ's findtext disagrees with the first row", file=sys.stderr)
        return 1
    if sum(int(e.text) for e in info.iter("sess-count")) != sum(counts):
        print("xml_fields: Toby's sum disagrees with the rows", file=sys.stderr)
        return 1
    return 0


sys.exit(main())
