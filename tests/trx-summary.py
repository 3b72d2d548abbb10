#!/usr/bin/env python3
"""./lab test's closing lines, from the .trx files every test project wrote into one folder: each failed
test (name, duration, message, first stack frames), then "N passed, N failed, N skipped" over them all.
CI keeps only the tail of the output, so the failures must be repeated here, next to the totals.
Usage: trx-summary.py RESULTS_DIRECTORY"""
import glob, re, sys
import xml.etree.ElementTree as ET
p = f = s = 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(trx, encoding="utf-8").read()
    c = re.search(r'<Counters [^>]*', text)
    if c:
        a = dict(re.findall(r'(\w+)="(\d+)"', c.group(0)))
        p += int(a.get("passed", 0)); f += int(a.get("failed", 0)); s += int(a.get("notExecuted", 0))
    # CI keeps only the tail of the output: repeat each failure (name, message, first frames) here.
    for r in ET.fromstring(text).iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
        message = r.findtext(".//t:Message", "", ns).strip()
        stack = r.findtext(".//t:StackTrace", "", ns).strip().splitlines()[:6]
        print(f"FAILED {r.get('testName')} ({r.get('duration')})")
        for line in message.splitlines()[:12] + stack:
            print(f"    {line}")
print(f"{p} passed, {f} failed, {s} skipped")
