#!/usr/bin/env python3
"""metrics_check.py — Tests/Integration/metrics.sh's reader of `/metrics`, with prometheus_client's parser.

    metrics_check.py parse METRICS
        parses the exposition (any error fails) and checks the types: `_total` counters, gauges otherwise
    metrics_check.py compare METRICS COUNT_XML ANALYSIS_XML ANALYSIS_TEXT
        the numbers against `show services sessions count | display xml`, `analysis | display xml` and the
        analysis text (Total Predicted Sessions Active is in the text only)
    metrics_check.py monotonic BEFORE AFTER
        no counter of AFTER is below its value in BEFORE
    metrics_check.py value METRICS NAME [LABEL=VALUE…]
        prints one sample's value
Prints one PASS/FAIL line per check and `N passed, M failed` last (but `value`); exits 1 on a failure.
"""
import re
import sys
import xml.etree.ElementTree as ET

from prometheus_client.parser import text_string_to_metric_families

from checks import check, finish



def parse(path):
    """{(sample name, frozenset of labels): value} and {family name: type}."""
    with open(path) as f:
        families = list(text_string_to_metric_families(f.read()))
    samples, types = {}, {}
    for family in families:
        types[family.name] = family.type
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return samples, types


def get(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


def local(tag):
    return tag.rsplit("}", 1)[-1]


def text(element, name):
    return next((int(c.text) for c in element.iter() if local(c.tag) == name), None)


def main():
    mode = sys.argv[1]
    if mode == "value":
        samples, _ = parse(sys.argv[2])
        labels = dict(arg.split("=", 1) for arg in sys.argv[4:])
        value = get(samples, sys.argv[3], **labels)
        print("" if value is None else int(value))
        return 0 if value is not None else 1
    if mode == "parse":
        try:
            samples, types = parse(sys.argv[2])
        except Exception as error:  # the parser's verdict is the check
            check("prometheus_client parses /metrics", False, repr(error))
            samples, types = {}, {}
        else:
            check(f"prometheus_client parses /metrics ({len(types)} metrics, {len(samples)} samples)", len(samples) > 0)
        names = {name for name, _ in samples}
        bad = [n for n in names if not n.startswith("ams_")]
        check("every metric is named ams_…", not bad, bad)
        wrong = [f for f, t in types.items() if t not in ("counter", "gauge")]
        wrong += [n for n in names if n.endswith("_total") != (types.get(n[: -len("_total")]) == "counter")]
        check("counters end in _total, gauges do not", not wrong, wrong)
    elif mode == "compare":
        samples, _ = parse(sys.argv[2])
        count = ET.parse(sys.argv[3]).getroot()
        rows = 0
        for row in count.iter():
            if local(row.tag) != "service-msp-sess-count":
                continue
            fields = {local(c.tag): c.text for c in row}
            want = int(fields["sess-count"])
            got = get(samples, "ams_sessions_active", interface=fields["interface-name"], service_set=fields["service-set-name"])
            check(f"ams_sessions_active {fields['interface-name']} {fields['service-set-name']} = count's {want}", got == want, got)
            labels = dict(interface=fields["interface-name"], service_set=fields["service-set-name"])
            created = get(samples, "ams_service_set_sessions_created_total", **labels)
            deleted = get(samples, "ams_service_set_sessions_deleted_total", **labels)
            check(f"{fields['interface-name']} {fields['service-set-name']}: service set created - deleted = count's {want}",
                  created is not None and deleted is not None and created - deleted == want, (created, deleted))
            rows += 1
        got_rows = sum(1 for name, _ in samples if name == "ams_sessions_active")
        check(f"one ams_sessions_active per row of count ({rows})", rows > 0 and got_rows == rows, got_rows)
        predicted = dict(re.findall(r"Services PIC Name:\s+(\S+)[\s\S]*?Total Predicted Sessions Active\s*:(\d+)",
                                    open(sys.argv[5]).read()))
        analysis = ET.parse(sys.argv[4]).getroot()
        members = 0
        for entry in analysis.iter():
            if local(entry.tag) != "service-session-analysis-entry":
                continue
            members += 1
            member = next(c.text for c in entry.iter() if local(c.tag) == "pic-name")
            active = sum(v for (n, labels), v in samples.items()
                         if n == "ams_sessions_active" and ("interface", member) in labels)
            pairs = [
                ("num-total-session-active", "sum of ams_sessions_active", active),
                ("session-pkts-received", "ams_packets_total", get(samples, "ams_packets_total", interface=member)),
                ("session-slow-path-forward", "ams_slow_path_forward_total",
                 get(samples, "ams_slow_path_forward_total", interface=member)),
                ("session-slow-path-discard", "ams_slow_path_discard_total",
                 get(samples, "ams_slow_path_discard_total", interface=member)),
            ]
            for field, metric, got in pairs:
                want = text(entry, field)
                check(f"{member}: {metric} = analysis {field} {want}", got == want, got)
            received, transmitted = text(entry, "session-pkts-received"), text(entry, "session-pkts-transmitted")
            dropped = get(samples, "ams_packets_dropped_total", interface=member)
            check(f"{member}: ams_packets_dropped_total = received - transmitted ({received - transmitted})",
                  dropped == received - transmitted, dropped)
            created = get(samples, "ams_sessions_created_total", interface=member)
            deleted = get(samples, "ams_sessions_deleted_total", interface=member)
            check(f"{member}: created - deleted = active ({active})", created is not None and created - deleted == active,
                  (created, deleted))
            by_set = sum(v for (n, labels), v in samples.items()
                         if n == "ams_service_set_sessions_created_total" and ("interface", member) in labels)
            check(f"{member}: ams_service_set_sessions_created_total summed = ams_sessions_created_total ({created})",
                  by_set == created, by_set)
            want = int(predicted.get(member, -1))
            got = get(samples, "ams_sessions_predicted", interface=member)
            check(f"{member}: ams_sessions_predicted = Total Predicted Sessions Active {want}", got == want, got)
        check(f"analysis has members ({members})", members > 0)
    elif mode == "monotonic":
        before, types = parse(sys.argv[2])
        after, _ = parse(sys.argv[3])
        counters = [k for k in before if k[0].endswith("_total")]
        lower = [(k[0], dict(k[1]), before[k], after.get(k)) for k in counters if after.get(k, -1) < before[k]]
        check(f"no counter went down between two scrapes ({len(counters)} counters)", counters and not lower, lower[:5])
    finish()


if __name__ == "__main__":
    sys.exit(main())
