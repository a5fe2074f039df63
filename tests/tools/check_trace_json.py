#!/usr/bin/env python3
"""Checks that a Chrome trace-event JSON file from spmsim is what Perfetto and
chrome://tracing need: valid JSON, a traceEvents list, every event with its
phase, pid, tid and timestamp, a thread_name for every track used, B/E
slices balanced and nested per track, time never going back.

Usage: check_trace_json.py FILE...   Exit status 0 when every file is fine.
"""
import json
import sys


def check(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    events = doc["traceEvents"]
    assert isinstance(events, list) and events, "no traceEvents"
    named = set()
    used = set()
    stacks = {}
    last_ts = 0.0
    for i, ev in enumerate(events):
        where = "event %d (%s)" % (i, json.dumps(ev)[:120])
        ph = ev.get("ph")
        assert ph in ("M", "B", "E", "i"), where + ": phase"
        assert isinstance(ev.get("pid"), int), where + ": pid"
        assert isinstance(ev.get("tid"), int), where + ": tid"
        if ph == "M":
            if ev["name"] == "thread_name":
                assert ev["args"]["name"], where + ": thread name"
                named.add(ev["tid"])
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
        else:
            assert ev.get("s") in ("t", "g", "p"), where + ": instant scope"
    for tid, stack in stacks.items():
        assert not stack, "track %d: %d slices never end" % (tid, len(stack))
    missing = used - named
    assert not missing, "tracks without thread_name: %s" % sorted(missing)


def main():
    rc = 0
    for path in sys.argv[1:]:
        try:
            check(path)
        except (AssertionError, KeyError, ValueError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
