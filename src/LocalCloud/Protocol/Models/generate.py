"""Writes the shape constraints of AWS's API models that the local cloud checks requests against,
and that Step Functions' TestState holds a mocked Task result to (fieldValidationMode).

Usage: python3 generate.py   (from any folder; needs botocore, whose models are the source)

For each service below it keeps, from botocore's service-2.json, every operation's input and output
shapes and every shape reachable from them, with only what validation reads: type, required
members, member locations and wire names, min/max, pattern and enum. Documentation is dropped.
RESULT_ONLY services are not served here; only their output shapes are kept, for the Step Functions
integrations that call them (events:putEvents, dynamodb:putItem, ...).
The files are data from botocore (Apache-2.0; see LICENSE and NOTICE beside them).
"""
import json
import os

import botocore
import botocore.session

SERVICES = ["kinesis", "stepfunctions", "logs", "kms", "firehose", "sqs", "sns", "cloudformation", "lambda", "s3"]
RESULT_ONLY = ["events", "dynamodb"]
SHAPE_KEYS = ("type", "required", "min", "max", "pattern", "enum", "flattened", "locationName", "sensitive", "payload")
MEMBER_KEYS = ("shape", "location", "locationName", "flattened", "queryName")


def trimmed(model, inputs=True):
    shapes = model["shapes"]
    keep = {}

    def walk(name):
        if name in keep:
            return
        shape = shapes[name]
        out = {k: v for k, v in shape.items() if k in SHAPE_KEYS}
        keep[name] = out
        if "members" in shape:
            out["members"] = {m: {k: v for k, v in ref.items() if k in MEMBER_KEYS} for m, ref in shape["members"].items()}
            for ref in shape["members"].values():
                walk(ref["shape"])
        for part in ("member", "key", "value"):
            if part in shape:
                out[part] = {k: v for k, v in shape[part].items() if k in MEMBER_KEYS}
                walk(shape[part]["shape"])

    operations = {}
    for name, op in sorted(model["operations"].items()):
        entry = {}
        if inputs and "input" in op:
            entry["input"] = op["input"]["shape"]
            walk(op["input"]["shape"])
        if "output" in op:
            entry["output"] = op["output"]["shape"]
            walk(op["output"]["shape"])
        http = op.get("http", {})
        if inputs and model["metadata"]["protocol"].startswith("rest"):
            entry["method"] = http.get("method")
            entry["uri"] = http.get("requestUri")
        operations[name] = entry
    return {
        "botocore": botocore.__version__,
        "protocol": model["metadata"]["protocol"],
        "apiVersion": model["metadata"]["apiVersion"],
        "operations": operations,
        "shapes": dict(sorted(keep.items())),
    }


def main():
    loader = botocore.session.get_session().get_component("data_loader")
    here = os.path.dirname(os.path.abspath(__file__))
    for service in SERVICES + RESULT_ONLY:
        model = trimmed(loader.load_service_model(service, "service-2"), inputs=service not in RESULT_ONLY)
        with open(os.path.join(here, service + ".json"), "w", encoding="utf-8") as f:
            json.dump(model, f, separators=(",", ":"), sort_keys=False)
            f.write("\n")
        print(service, len(model["operations"]), "operations,", len(model["shapes"]), "shapes")


if __name__ == "__main__":
    main()
