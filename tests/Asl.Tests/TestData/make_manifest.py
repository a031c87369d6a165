#!/usr/bin/env python3
"""Builds cases.json: which template each recorded execution ran.

Run once when the recordings change (python3 make_manifest.py). The public test modules say
which template and input each snapshot used; this script recovers the template from the
recording itself: a template named by the test (its name or its parameter), otherwise the
template whose states the history entered, in the folder that matches the test's folder.
Cases it cannot pin to one template are marked "ambiguous" and reported, never guessed silently.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDERS = {
    "base": ["base"], "choice_operators": ["choiceoperators"], "error_handling": ["errorhandling"],
    "intrinsic_functions": ["intrinsicfunctions"], "context_object": ["context_object"], "assign": ["assign"],
    "states_variables": ["statevariables"], "scenarios": ["scenarios"], "services": ["services"],
    "arguments": ["arguments"], "comments": ["comment"], "evaluate_jsonata": ["evaluatejsonata"],
    "outputdecl": ["outputdecl"], "query_language": ["querylanguage"], "timeouts": ["timeouts"],
    "callback": ["callbacks"], "activities": ["activities"], "credentials": ["credentials"],
    "express": ["base"], "logs": ["base"], "local_mocking": ["local_mocked"], "test_state": ["test_state"],
}

def json5(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            s = text[i + 1:j]
            if c == "'":
                s = s.replace('"', '\\"')
            out.append('"' + s + '"'); i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n": i += 1
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
        elif c.isalpha() or c in "_$":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$"): j += 1
            word = text[i:j]
            k = j
            while k < n and text[k] in " \t\r\n": k += 1
            out.append('"%s"' % word if k < n and text[k] == ":" and word not in ("true", "false", "null") else word); i = j
        else:
            out.append(c); i += 1
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", "".join(out)))

def states_of(program, acc):
    for name, st in (program.get("States") or {}).items():
        acc.add((st.get("Type"), name))
        for b in st.get("Branches") or []: states_of(b, acc)
        proc = st.get("ItemProcessor") or st.get("Iterator")
        if proc: states_of(proc, acc)
    return acc

templates = {}
for root, _, files in os.walk(os.path.join(HERE, "templates")):
    for f in files:
        if f.endswith(".json5"):
            path = os.path.relpath(os.path.join(root, f), HERE)
            try:
                d = json5(open(os.path.join(root, f)).read())
            except Exception as e:
                print("unreadable template", path, e, file=sys.stderr); continue
            templates[path] = {"states": states_of(d, set()), "resources": set(re.findall(r'"Resource":\s*"([^"]*)"', json.dumps(d))), "start": d.get("StartAt"), "stem": f[:-6].lower(),
                               "comment": str(d.get("Comment", "")).lower(), "folder": path.split("/")[1]}

def entered(events):
    seq = []
    for e in events:
        t = e.get("type", "")
        if t.endswith("StateEntered"):
            seq.append((t[:-len("StateEntered")], e["stateEnteredEventDetails"]["name"]))
    return seq

def resources_fit(events, resources):
    """A history's task events must come from a resource the template names."""
    for e in events:
        if e.get("type") == "LambdaFunctionScheduled":
            if not any(":function:" in r or r == "__tbd__" for r in resources):
                return False
        elif e.get("type") == "TaskScheduled":
            d = e["taskScheduledEventDetails"]
            rt, res = d["resourceType"], d["resource"].split(".")[0]
            want = ("aws-sdk:%s:%s" % (rt[8:], res)) if rt.startswith("aws-sdk:") else "%s:%s" % (rt, res)
            if not any(r.split(":::")[-1].split(".")[0] == want for r in resources):
                return False
    return True

# Edits the test modules make to a template before running it (read from the public modules).
# Each rule: test function name, then {text in the template: replacement}; {param} is the test parameter.
EDITS = [
    (r"test_json_path_array_(access|wildcard_or_slice_with_no_input)$", {'"$.items[0]"': '"{param}"'}),
    (r"test_(input|output)_path$", {"%CONTEXT_OBJECT_LITERAL_PLACEHOLDER%": "{param}"}),
    (r"test_result_selector$", {"%CONTEXT_OBJECT_LITERAL_PLACEHOLDER%": "$$.Execution.Input"}),
    (r"test_variable$", {"%CONTEXT_OBJECT_LITERAL_PLACEHOLDER%": "$$.Execution.Input.input-value"}),
    # The recorded TaskScheduled shows the values these tests add: heartbeatInSeconds 60, timeoutInSeconds 600.
    (r"test_sqs_wait_for_task_tok_with_heartbeat$",
     {'"Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",': '"Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 600, "HeartbeatSeconds": 60,'}),
    (r"test_(multiple_heartbeat_notifications|multiple_executions_and_heartbeat_notifications)$",
     {'"Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",': '"Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 600, "HeartbeatSeconds": 120,'}),
    (r"test_sqs_failure_in_wait_for_task_tok$", {"<%WaitForTaskTokenFailureErrorName%>": "Failure error"}),
    (r"test_raise_exception_catch_output_path$", {'"OutputPath": "$.Payload"': '"OutputPath": {json_param}'}),
]

def edits_for(test):
    func = test.split("::")[-1]
    name = re.sub(r"\[.*$", "", func)
    param = re.search(r"\[(.*)\]$", func)
    for pattern, replace in EDITS:
        if re.search(pattern, name):
            p = param.group(1) if param else ""
            json_param = "null" if p == "None" else json.dumps(p)
            return {k: v.replace("{param}", p).replace("{json_param}", json_param) for k, v in replace.items()}
    return {}

OVERRIDES = json.load(open(os.path.join(HERE, "overrides.json"))) if os.path.exists(os.path.join(HERE, "overrides.json")) else {}

cases = []
for root, _, files in os.walk(os.path.join(HERE, "recordings")):
    for f in sorted(files):
        if not f.endswith(".snapshot.json"): continue
        rel = os.path.relpath(os.path.join(root, f), HERE)
        folder = rel.split("/")[1] if rel.count("/") > 1 else ""
        snap = json.load(open(os.path.join(root, f)))
        for test, body in snap.items():
            for key, rec in body["recorded-content"].items():
                if not isinstance(rec, dict) or not isinstance(rec.get("events"), list) or not rec["events"]:
                    continue
                if rec["events"][0].get("type") != "ExecutionStarted":
                    continue
                seq = entered(rec["events"])
                func = test.split("::")[-1]
                param = re.search(r"\[(.*)\]$", func)
                hints = [h.lower() for h in ([param.group(1)] if param else []) + [re.sub(r"\[.*$", "", func)[len("test_"):]]]
                hints += [h.split(".")[-1] for h in hints]
                preferred = FOLDERS.get(folder, [])
                fits = [p for p, t in templates.items() if set(seq) <= t["states"] and (not seq or seq[0][1] == t["start"])
                        and resources_fit(rec["events"], t["resources"])]
                method, chosen, others = "none", None, []
                if "jsonata" in rel:
                    hints = [h + "_jsonata" for h in hints] + hints
                named = [p for p in fits if templates[p]["stem"] in hints or templates[p]["comment"] in hints]
                named.sort(key=lambda p: min(hints.index(h) for h in (templates[p]["stem"], templates[p]["comment"]) if h in hints))
                if named:
                    named.sort(key=lambda p: (min(hints.index(h) for h in (templates[p]["stem"], templates[p]["comment"]) if h in hints), templates[p]["folder"] not in preferred, p))
                    method, chosen = "name", named[0]
                elif fits:
                    pool = [p for p in fits if templates[p]["folder"] in preferred] or fits
                    cover = lambda p: len(set(seq)) / max(1, len(templates[p]["states"]))
                    pool.sort(key=lambda p: (-cover(p), p))
                    best = [p for p in pool if cover(p) == cover(pool[0])]
                    if len(best) > 1:
                        words = set(w for h in hints for w in re.split(r"[^a-z0-9]+", h) if w)
                        service = 1 if any(e.get("type") == "TaskScheduled" for e in rec["events"]) else -1
                        score = lambda p: (len(words & set(templates[p]["stem"].split("_"))) - 0.01 * len(set(templates[p]["stem"].split("_")) - words)
                                           + (0.5 * service if "service" in templates[p]["stem"] else 0))
                        best.sort(key=lambda p: -score(p))
                        if score(best[0]) > score(best[1]):
                            best = best[:1]
                    chosen, others = best[0], best[1:]
                    method = "structure" if not others else "ambiguous"
                for suffix, path in OVERRIDES.items():
                    if test.endswith(suffix):
                        chosen, method, others = path, "manual", []
                cases.append({"recording": rel, "test": test, "key": key, "template": chosen, "mapping": method, "alternatives": others[:5], "edits": edits_for(test)})

json.dump(cases, open(os.path.join(HERE, "cases.json"), "w"), indent=1)
from collections import Counter
print(Counter(c["mapping"] for c in cases), len(cases))
