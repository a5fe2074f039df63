#!/usr/bin/env python3
"""Checks that a Chrome trace-event JSON file from spmsim is what Perfetto and
chrome://tracing need, and reads at a glance: valid JSON, a traceEvents list,
the virtual clock declared (1 us per event, no displayTimeUnit to mislead),
every event with its phase, pid, tid and timestamp, a thread_name and a
distinct thread_sort_index for every track used (NS first, the SPM last),
B/E slices balanced and nested per track, time never going back, and every
flow point (s, f) inside a slice of its track, each flow started once and
finished at most once, after its start.

Usage: check_trace_json.py FILE...   Exit status 0 when every file is fine.
"""
import json
import sys


def check_clock(doc):
    assert "displayTimeUnit" not in doc, "displayTimeUnit: stamps are us"
    other = doc.get("otherData", {})
    assert other.get("clock") == "virtual", "the clock is not declared"
    assert other.get("us_per_event") == 1, "the clock's step is not declared"


def check_order(names, sort):
    """Every named track has a distinct sort index; NS first, SPM last."""
    missing = set(names) - set(sort)
    assert not missing, "tracks without thread_sort_index: %s" % sorted(missing)
    assert len(set(sort.values())) == len(sort), "sort indexes repeat"
    by_name = {name: sort[tid] for tid, name in names.items()}
    if "NS" in by_name:
        assert by_name["NS"] == min(sort.values()), "NS is not the first track"
    if "SPM" in by_name:
        assert by_name["SPM"] == max(sort.values()), "SPM is not the last track"


def check_flow(ev, where, stacks, flows):
    assert ev.get("name") and ev.get("cat"), where + ": a flow needs a name"
    assert isinstance(ev.get("id"), int), where + ": a flow needs an id"
    stack = stacks.get(ev["tid"], [])
    assert stack and stack[-1] < ev["ts"], where + ": flow outside a slice"
    state = flows.get(ev["id"])
    if ev["ph"] == "s":
        assert state is None, where + ": flow started twice"
        flows[ev["id"]] = "s"
    else:
        assert ev.get("bp") == "e", where + ": a flow ends in its slice"
        assert state == "s", where + ": flow ends before it starts"
        flows[ev["id"]] = "f"


def check(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    check_clock(doc)
    events = doc["traceEvents"]
    assert isinstance(events, list) and events, "no traceEvents"
    names = {}
    sort = {}
    used = set()
    stacks = {}
    flows = {}
    last_ts = 0.0
    for i, ev in enumerate(events):
        where = "event %d (%s)" % (i, json.dumps(ev)[:120])
        ph = ev.get("ph")
        assert ph in ("M", "B", "E", "i", "s", "f"), where + ": phase"
        assert isinstance(ev.get("pid"), int), where + ": pid"
        assert isinstance(ev.get("tid"), int), where + ": tid"
        if ph == "M":
            if ev["name"] == "thread_name":
                assert ev["args"]["name"], where + ": thread name"
                names[ev["tid"]] = ev["args"]["name"]
            elif ev["name"] == "thread_sort_index":
                sort[ev["tid"]] = ev["args"]["sort_index"]
            continue
        ts = ev.get("ts")
        assert isinstance(ts, (int, float)), where + ": ts"
        assert ts >= last_ts, where + ": time goes back"
        last_ts = ts
        used.add(ev["tid"])
        stack = stacks.setdefault(ev["tid"], [])
        if ph == "B":
            assert ev.get("name"), where + ": a slice needs a name"
            stack.append(ts)
        elif ph == "E":
            assert stack, where + ": E without B"
            assert stack.pop() <= ts, where + ": slice ends before it begins"
        elif ph in ("s", "f"):
            check_flow(ev, where, stacks, flows)
        else:
            assert ev.get("s") in ("t", "g", "p"), where + ": instant scope"
    for tid, stack in stacks.items():
        assert not stack, "track %d: %d slices never end" % (tid, len(stack))
    missing = used - set(names)
    assert not missing, "tracks without thread_name: %s" % sorted(missing)
    check_order(names, sort)


def main():
    rc = 0
    for path in sys.argv[1:]:
        try:
            check(path)
        except (AssertionError, KeyError, ValueError, TypeError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
