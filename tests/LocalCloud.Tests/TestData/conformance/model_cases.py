"""Requests generated from botocore's service models, sent through boto3 to a running local cloud.

Usage: python3 model_cases.py <endpoint> [report.json] [service ...]

For every operation in each service's model it sends:
  valid    - required members only, each value built to satisfy its shape's constraints;
  missing  - the valid request without one required member (each in turn; URI members of REST
             protocols excepted, since without them the request names another resource);
  invalid  - one constraint broken per variant (length below min / above max, pattern, enum, range,
             wrong type), sampled: at most MAX_INVALID variants per operation, one per constraint
             kind per member, top-level members first.
An operation is "served" unless its valid request is refused as an unknown operation.
Verdicts:
  valid    - 2xx whose body parses against the output shape (known member names in JSON bodies,
             types, enum values, required members), or 4xx naming an error the operation declares
             (the generated names and ARNs name nothing that exists);
  missing/invalid - 4xx with a validation error code of the service (ValidationException,
             InvalidParameterValue, ... or a declared Invalid* error), never a not-found;
  unserved - the protocol's unknown-operation answer (UnknownOperationException for JSON and
             REST-JSON, InvalidAction for query, NotImplemented or MethodNotAllowed for S3);
  any 5xx other than S3's 501 NotImplemented fails, and the host must answer its health check
  after every service.
Writes a JSON report (per service counts and every failing case) and prints a summary table.
"""
import datetime
import json
import re
import sys
import urllib.request

import boto3
import botocore.config
import botocore.exceptions
import botocore.session

try:  # the regex parser moved in Python 3.11; the old names warn
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants
    import sre_parse

SERVICES = ["sqs", "sns", "kinesis", "stepfunctions", "lambda", "s3", "cloudformation", "logs", "kms", "firehose"]
MAX_INVALID = 6
MAX_LENGTH_PROBE = 4096

VALIDATION_CODES = {
    "ValidationException", "ValidationError", "InvalidParameterValue", "InvalidParameterValueException",
    "InvalidParameterException", "InvalidParameter", "InvalidArgumentException", "InvalidArgument",
    "MissingParameter", "MissingRequiredParameter", "InvalidInput", "InvalidRequest", "InvalidRequestException",
    "InvalidParameterCombination", "SerializationException", "InvalidQueryParameter",
    "MalformedXML", "InvalidBucketName", "KeyTooLongError", "InvalidRange", "EmptyBatchRequest",
}
# SQS answers its JSON protocol with the legacy query codes (x-amzn-query-error), which the model does not carry.
LEGACY_CODES = {"NonExistentQueue": "QueueDoesNotExist", "QueueAlreadyExists": "QueueNameExists"}


def normalise(code):
    if code and code.startswith("AWS.SimpleQueueService."):
        code = code[len("AWS.SimpleQueueService."):]
    return LEGACY_CODES.get(code, code)
UNKNOWN_OPERATION = {
    "json": {"UnknownOperationException"},
    "rest-json": {"UnknownOperationException"},
    "query": {"InvalidAction"},
    "rest-xml": {"NotImplemented", "MethodNotAllowed"},
}

# Hints for member names whose models give no pattern but whose services check a form.
NAME_HINTS = {
    "Bucket": "conform-bucket",
    "QueueUrl": "http://127.0.0.1/000000000000/conform-queue",
}

# Java regex classes the models use, mapped to what Python's re understands.
JAVA_CLASSES = {
    r"\p{L}": "a-zA-Z", r"\p{N}": "0-9", r"\p{Z}": " ", r"\p{Alnum}": "a-zA-Z0-9", r"\p{Alpha}": "a-zA-Z",
    r"\p{Punct}": "!-/:-@\\[-`{-~", r"\p{Print}": " -~", r"\p{Graph}": "!-~", r"\p{Space}": " \\t\\n",
    r"\p{XDigit}": "0-9a-fA-F", r"\p{Digit}": "0-9", r"\p{Lower}": "a-z", r"\p{Upper}": "A-Z",
    r"\p{ASCII}": "\\x00-\\x7f", r"\p{IsAlphabetic}": "a-zA-Z", r"\p{Cntrl}": "\\x00-\\x1f",
}


def compile_pattern(pattern):
    text = pattern
    for java, python in JAVA_CLASSES.items():
        inside = re.escape(java)
        text = re.sub(r"(?<=\[)([^\]]*)" + inside, lambda m: m.group(1) + python, text)
        text = text.replace(java, "[" + python + "]")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: "\\u" + m.group(1), text)
    text = re.sub(r"\\x\{([0-9a-fA-F]+)\}", lambda m: "\\U%08x" % int(m.group(1), 16), text)
    try:
        return re.compile(text)
    except (re.error, OverflowError, ValueError):
        return None


def generate_from_regex(regex, repeat):
    """A short string the regex matches: each repetition taken `repeat` times within its bounds."""
    try:
        parsed = sre_parse.parse(regex.pattern)
    except (sre_constants.error, ValueError, OverflowError):
        return None
    groups = {}

    def pick_in(items):
        ranges = []
        negate = False
        for op, av in items:
            if op == sre_constants.NEGATE:
                negate = True
            elif op == sre_constants.LITERAL:
                ranges.append((av, av))
            elif op == sre_constants.RANGE:
                ranges.append(av)
            elif op == sre_constants.CATEGORY:
                ranges.append({sre_constants.CATEGORY_DIGIT: (48, 57), sre_constants.CATEGORY_WORD: (97, 122),
                               sre_constants.CATEGORY_SPACE: (32, 32)}.get(av, (97, 122)))
        if negate:
            for c in "abcxyz0123":
                if not any(lo <= ord(c) <= hi for lo, hi in ranges):
                    return c
            return "a"
        for preferred in "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.":
            if any(lo <= ord(preferred) <= hi for lo, hi in ranges):
                return preferred
        return chr(ranges[0][0]) if ranges else "a"

    def walk(items):
        out = []
        for op, av in items:
            if op == sre_constants.LITERAL:
                out.append(chr(av))
            elif op == sre_constants.NOT_LITERAL:
                out.append("a" if av != ord("a") else "b")
            elif op == sre_constants.ANY:
                out.append("a")
            elif op == sre_constants.IN:
                out.append(pick_in(av))
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
                lo, hi, sub = av
                count = max(lo, min(repeat, hi if hi != sre_constants.MAXREPEAT else repeat))
                for _ in range(count):
                    out.append(walk(sub))
            elif op == sre_constants.SUBPATTERN:
                text = walk(av[-1])
                if av[0] is not None:
                    groups[av[0]] = text
                out.append(text)
            elif op == sre_constants.BRANCH:
                out.append(walk(av[1][0]))
            elif op == sre_constants.GROUPREF:
                out.append(groups.get(av, ""))
            elif op == sre_constants.CATEGORY:
                out.append("a")
            elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                pass
            else:
                out.append("a")
        return "".join(out)

    try:
        return walk(parsed)
    except (TypeError, ValueError, IndexError, RecursionError):
        return None


def string_value(shape, name):
    enum = shape.enum
    if enum:
        return enum[0]
    lo = shape.metadata.get("min", 0)
    hi = shape.metadata.get("max", 10 ** 9)
    regex = compile_pattern(shape.metadata["pattern"]) if "pattern" in shape.metadata else None
    candidates = []
    if name in NAME_HINTS:
        candidates.append(NAME_HINTS[name])
    candidates += ["conform-" + re.sub(r"[^a-z0-9]", "", name.lower())[:20], "conform", "a"]
    if regex is not None:
        candidates += [generate_from_regex(regex, n) for n in (1, 2, 3, 8)]
    candidates += ["arn:aws:sqs:us-east-1:000000000000:conform", "1", "00000000-0000-0000-0000-000000000000", "a" * 12]
    for candidate in candidates:
        if candidate is None:
            continue
        text = candidate
        if len(text) < lo:
            text = text + "a" * (lo - len(text))
        if len(text) > hi:
            text = text[:hi]
        if regex is None or regex.fullmatch(text):
            return text
    return None


class Unbuildable(Exception):
    pass


def value_for(shape, name, depth=0):
    """A value that satisfies the shape, required members only."""
    if depth > 8:
        raise Unbuildable("nesting too deep at " + name)
    kind = shape.type_name
    if kind == "string":
        value = string_value(shape, name)
        if value is None:
            raise Unbuildable("no value matches the pattern of " + name)
        return value
    if kind in ("integer", "long"):
        lo = shape.metadata.get("min")
        hi = shape.metadata.get("max")
        value = 1 if lo is None else int(lo)
        if hi is not None and value > hi:
            value = int(hi)
        return value
    if kind in ("float", "double"):
        return float(shape.metadata.get("min", 1))
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    if kind == "blob":
        size = max(1, int(shape.metadata.get("min", 1)))
        return b"d" * size
    if kind == "list":
        count = max(1, int(shape.metadata.get("min", 1)))
        return [value_for(shape.member, name, depth + 1) for _ in range(count)]
    if kind == "map":
        return {value_for(shape.key, name + "Key", depth + 1): value_for(shape.value, name + "Value", depth + 1)}
    if kind == "structure":
        if shape.is_document_type:
            return {}
        members = shape.required_members or []
        if not members and shape.metadata.get("union") and shape.members:
            members = [next(iter(shape.members))]
        return {m: value_for(shape.members[m], m, depth + 1) for m in members}
    raise Unbuildable("unknown type " + kind)


def invalid_variants(shape, name, valid):
    """(kind, value) pairs that each break one constraint of the shape."""
    kind = shape.type_name
    out = []
    if kind == "string":
        lo = shape.metadata.get("min")
        hi = shape.metadata.get("max")
        if shape.enum:
            out.append(("enum", "NOT_AN_ENUM_VALUE"))
        if lo is not None and lo >= 1:
            out.append(("min-length", (valid or "a")[: lo - 1] if lo > 1 else ""))
        if hi is not None and hi < MAX_LENGTH_PROBE:
            out.append(("max-length", (valid or "a") + "a" * (hi + 1 - len(valid or ""))))
        if "pattern" in shape.metadata and not shape.enum:
            regex = compile_pattern(shape.metadata["pattern"])
            if regex is not None:
                for candidate in ["!#%&", " a b ", "\u00e9\u00e9", "a/b?c", "a" * max(1, lo or 1)]:
                    if (lo or 0) <= len(candidate) <= (hi or 10 ** 9) and not regex.fullmatch(candidate):
                        out.append(("pattern", candidate))
                        break
    elif kind in ("integer", "long", "float", "double"):
        if shape.metadata.get("min") is not None:
            out.append(("range-min", type(valid)(shape.metadata["min"]) - 1))
        if shape.metadata.get("max") is not None:
            out.append(("range-max", type(valid)(shape.metadata["max"]) + 1))
        out.append(("type", "not-a-number"))
    elif kind == "list":
        if shape.metadata.get("min", 0) >= 1:
            out.append(("min-length", []))
        if shape.metadata.get("max") is not None and shape.metadata["max"] < 200 and valid:
            out.append(("max-length", [valid[0]] * (int(shape.metadata["max"]) + 1)))
    elif kind == "boolean":
        out.append(("type", "not-a-boolean"))
    return out


def check_output(shape, value, path, problems, depth=0):
    if shape is None or depth > 12:
        return
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a structure, got {type(value).__name__}")
            return
        for member in shape.required_members or []:
            if member not in value:
                problems.append(f"{path}.{member}: required member missing")
        for member, item in value.items():
            # botocore reads an empty XML element as None: GetBucketLocation's us-east-1 answer, whose
            # LocationConstraint AWS documents as null, is such an element.
            if item is None and member not in (shape.required_members or []):
                continue
            if member in shape.members:
                check_output(shape.members[member], item, f"{path}.{member}", problems, depth + 1)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {type(value).__name__}")
            return
        for index, item in enumerate(value[:50]):
            check_output(shape.member, item, f"{path}[{index}]", problems, depth + 1)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map, got {type(value).__name__}")
            return
        for key, item in list(value.items())[:50]:
            check_output(shape.value, item, f"{path}[{key}]", problems, depth + 1)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a string, got {type(value).__name__}")
        elif shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of the enum's values")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: expected an integer, got {value!r}")
    elif kind in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path}: expected a number, got {value!r}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected a boolean, got {value!r}")
    elif kind == "timestamp":
        if not isinstance(value, datetime.datetime):
            problems.append(f"{path}: expected a timestamp, got {value!r}")


def check_json_names(shape, raw, path, problems, depth=0):
    """Member names in a JSON body that the output shape does not define."""
    if shape is None or depth > 12:
        return
    if shape.type_name == "structure" and isinstance(raw, dict) and not shape.is_document_type:
        wire = {m.serialization.get("name", n): m for n, m in shape.members.items()
                if m.serialization.get("location") in (None, "")}
        for key, item in raw.items():
            if key not in wire:
                problems.append(f"{path}.{key}: not a member of {shape.name}")
            else:
                check_json_names(wire[key], item, f"{path}.{key}", problems, depth + 1)
    elif shape.type_name == "list" and isinstance(raw, list):
        for index, item in enumerate(raw[:50]):
            check_json_names(shape.member, item, f"{path}[{index}]", problems, depth + 1)
    elif shape.type_name == "map" and isinstance(raw, dict):
        for key, item in list(raw.items())[:50]:
            check_json_names(shape.value, item, f"{path}[{key}]", problems, depth + 1)


def declared_codes(operation):
    codes = set()
    for error in operation.error_shapes:
        codes.add(error.name)
        code = error.metadata.get("error", {}).get("code")
        if code:
            codes.add(code)
    return codes


def healthy(endpoint):
    try:
        with urllib.request.urlopen(endpoint.rstrip("/") + "/_localcloud/health", timeout=10) as answer:
            return answer.status == 200
    except Exception:  # noqa: BLE001 - any failure means the host stopped serving
        return False


class Runner:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
        self.config = botocore.config.Config(parameter_validation=False, retries={"max_attempts": 1, "mode": "standard"},
                                             connect_timeout=5, read_timeout=15, s3={"addressing_style": "path"},
                                             inject_host_prefix=False)

    def client(self, service):
        client = self.session.client(service, endpoint_url=self.endpoint, config=self.config)
        client.meta.events.register("after-call", self._keep_raw)
        client.meta.events.register("after-call-error", self._keep_error)
        return client

    def _keep_raw(self, http_response=None, **_):
        self.raw = http_response

    def _keep_error(self, exception=None, **_):
        self.raw = None

    def send(self, client, operation, params):
        """(status, code, parsed, raw body or None, exception text)."""
        self.raw = None
        method = getattr(client, botocore.xform_name(operation.name))
        try:
            parsed = method(**params)
            status = parsed.get("ResponseMetadata", {}).get("HTTPStatusCode", 200)
            body = self.raw.content if self.raw is not None and not operation.has_event_stream_output else None
            if operation.has_streaming_output:
                stream = parsed.get(operation.output_shape.serialization.get("payload", "Body"))
                if hasattr(stream, "read"):
                    stream.read()
                body = None
            return status, None, parsed, body, None
        except botocore.exceptions.ClientError as error:
            meta = error.response.get("ResponseMetadata", {})
            return meta.get("HTTPStatusCode", 0), normalise(error.response.get("Error", {}).get("Code", "")), None, None, str(error)
        except (botocore.exceptions.BotoCoreError, ValueError, TypeError, KeyError, AttributeError) as error:
            return 0, type(error).__name__, None, None, str(error)


def uri_members(operation):
    shape = operation.input_shape
    if shape is None:
        return set()
    return {n for n, m in shape.members.items() if m.serialization.get("location") == "uri"}


def host_prefix_members(operation):
    """Members botocore puts in the host name (endpoint.hostPrefix); without them it cannot build the request."""
    prefix = operation.endpoint.get("hostPrefix", "") if operation.endpoint else ""
    return set(re.findall(r"{(\w+)}", prefix))


def orphaning_members(model, operation):
    """Query members without which an S3 request names no operation of the model at all (a POST to an
    object without ?uploads or ?uploadId): S3 answers those 405 MethodNotAllowed for the resource type,
    as recorded against AWS in versity/versitygw#896 (POST, ResourceType OBJECT)."""
    http = operation.http
    if "?" in http.get("requestUri", ""):
        return set()
    path = http.get("requestUri")
    if any(n != operation.name and model.operation_model(n).http.get("method") == http.get("method")
           and model.operation_model(n).http.get("requestUri") == path for n in model.operation_names):
        return set()
    shape = operation.input_shape
    return {m for m, ref in shape.members.items() if ref.serialization.get("location") == "querystring"}


def distinguishing_members(model, operation):
    """Header and query members whose presence is what tells this operation from another the model routes
    by the same method, path and query literal (S3's UploadPart is PutObject plus uploadId and partNumber;
    CopyObject is PutObject plus x-amz-copy-source). Without one of them the request IS that other
    operation, so a 'missing' variant of it tests nothing."""
    http = operation.http
    siblings = [model.operation_model(n) for n in model.operation_names
                if n != operation.name and model.operation_model(n).http.get("method") == http.get("method")
                and model.operation_model(n).http.get("requestUri") == http.get("requestUri")]
    if not siblings:
        return set()
    shape = operation.input_shape
    names = set()
    for member, ref in shape.members.items():
        location = ref.serialization.get("location")
        if location not in ("header", "querystring"):
            continue
        wire = ref.serialization.get("name", member)
        if any(wire not in {r.serialization.get("name", m) for m, r in (s.input_shape.members.items() if s.input_shape else [])}
               for s in siblings):
            names.add(member)
    return names


def run_service(runner, service, report):
    model = botocore.session.get_session().get_service_model(service)
    protocol = model.metadata["protocol"]
    client = runner.client(service)
    summary = {"protocol": protocol, "operations": len(model.operation_names), "served": 0, "unserved": [],
               "cases": 0, "passed": 0, "unbuildable": 0, "server_errors": 0}
    failures = []

    def record(case, ok, detail):
        summary["cases"] += 1
        if ok:
            summary["passed"] += 1
        else:
            failures.append({"case": case, "detail": detail[:400]})

    for name in model.operation_names:
        operation = model.operation_model(name)
        input_shape = operation.input_shape
        try:
            valid = value_for(input_shape, name) if input_shape is not None else {}
        except Unbuildable as reason:
            summary["unbuildable"] += 1
            failures.append({"case": f"{service}.{name}.valid", "detail": "not generated: " + str(reason), "generated": False})
            continue
        declared = declared_codes(operation)
        status, code, parsed, body, text = runner.send(client, operation, valid)
        case = f"{service}.{name}.valid"
        if status >= 500 and not (protocol == "rest-xml" and status == 501):
            summary["server_errors"] += 1
        if code in UNKNOWN_OPERATION[protocol] or (protocol == "rest-xml" and status in (404, 405, 501) and code in ("NotImplemented", "MethodNotAllowed")):
            summary["unserved"].append(name)
            record(f"{service}.{name}.unserved", 400 <= status < 502, f"{status} {code}")
            continue
        if code in ("UnknownOperationException", "InvalidAction", "NotImplemented"):
            summary["unserved"].append(name)
            record(f"{service}.{name}.unserved", False, f"refused with {status} {code}, not the protocol's unknown-operation error")
            continue
        summary["served"] += 1
        if code is None and 200 <= status < 300:
            problems = []
            if operation.output_shape is not None:
                view = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
                check_output(operation.output_shape, view, name, problems)
                if body and protocol in ("json", "rest-json") and not operation.output_shape.serialization.get("payload"):
                    try:
                        check_json_names(operation.output_shape, json.loads(body), name, problems)
                    except ValueError:
                        problems.append(f"{name}: the body is not JSON")
            record(case, not problems, "; ".join(problems))
        elif 400 <= status < 500 and code in declared:
            record(case, True, "")
        elif 400 <= status < 500 and undeclared_but_documented(service, code, text):
            record(case, True, "")
        else:
            record(case, False, f"{status} {code}: {text}")

        if input_shape is None:
            continue
        uri = uri_members(operation) if protocol.startswith("rest") else set()
        skipped = host_prefix_members(operation)
        orphaning = set()
        if protocol == "rest-xml":
            skipped |= distinguishing_members(model, operation)
            orphaning = orphaning_members(model, operation)
        for member in input_shape.required_members or []:
            if member in uri or member in skipped:
                continue
            params = {k: v for k, v in valid.items() if k != member}
            check_invalid(runner, client, operation, protocol, params, f"{service}.{name}.missing.{member}", declared, summary, record,
                          also={"MethodNotAllowed"} if member in orphaning else set())
        variants = []
        members = list(input_shape.required_members or []) + [m for m in input_shape.members if m not in (input_shape.required_members or [])]
        for member in members:
            member_shape = input_shape.members[member]
            if member_shape.serialization.get("location") in ("header", "headers", "querystring") and protocol == "rest-xml":
                continue
            base = valid.get(member)
            if base is None:
                try:
                    base = value_for(member_shape, member)
                except Unbuildable:
                    continue
            for kind, bad in invalid_variants(member_shape, member, base):
                if member in uri and kind in ("min-length",) and bad == "":
                    continue
                if kind == "type" and protocol in ("query", "rest-xml"):
                    continue
                variants.append((member, kind, bad))
        seen_kinds = set()
        chosen = []
        for member, kind, bad in variants:
            if (kind, member) in seen_kinds or len(chosen) >= MAX_INVALID:
                continue
            seen_kinds.add((kind, member))
            chosen.append((member, kind, bad))
        for member, kind, bad in chosen:
            params = dict(valid)
            params[member] = bad
            check_invalid(runner, client, operation, protocol, params, f"{service}.{name}.{kind}.{member}", declared, summary, record)

    alive = healthy(runner.endpoint)
    summary["healthy_after"] = alive
    report["services"][service] = summary
    report["failures"][service] = failures
    return alive


# Answers AWS documents that the model does not declare. CloudFormation declares no error for most
# operations and answers a stack that does not exist ("Stack with id X does not exist") and a request
# its shape allows but its semantics refuse ("Either Template URL or Template Body must be specified.")
# with ValidationError; a generated valid request names nothing that exists and carries only the
# required members, so those are the answers AWS would give it.
UNDECLARED_DOCUMENTED = {
    "cloudformation": ("ValidationError", re.compile(r"does not exist|must be specified|is not imported by any stack")),
}
# S3's model declares errors for a handful of operations only; its error-code list
# (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList) documents the rest.
# A generated valid request names a bucket, key, upload or configuration that does not exist, sends
# only the required members (no body where the model marks the body optional, though S3 needs one) and
# a Policy that is a plain string: these are S3's documented answers to it.
S3_DOCUMENTED_FOR_VALID = {
    "NoSuchBucket", "NoSuchKey", "NoSuchVersion", "NoSuchUpload", "NoSuchBucketPolicy", "NoSuchTagSet",
    "NoSuchCORSConfiguration", "NoSuchLifecycleConfiguration", "NoSuchPublicAccessBlockConfiguration",
    "OwnershipControlsNotFoundError", "ServerSideEncryptionConfigurationNotFoundError", "BucketNotEmpty",
    "MissingRequestBodyError", "MalformedPolicy", "404",
}
# S3's documented answers to a request without its document (MissingRequestBodyError: "You sent an empty
# XML document as a request") or with a policy that is not one (MalformedPolicy).
S3_VALIDATION = {"MissingRequestBodyError", "MalformedPolicy"}


def undeclared_but_documented(service, code, text):
    if service == "s3":
        return code in S3_DOCUMENTED_FOR_VALID
    documented = UNDECLARED_DOCUMENTED.get(service)
    return documented is not None and code == documented[0] and documented[1].search(text or "") is not None


def check_invalid(runner, client, operation, protocol, params, case, declared, summary, record, also=frozenset()):
    status, code, _, _, text = runner.send(client, operation, params)
    if status >= 500:
        summary["server_errors"] += 1
    validation = VALIDATION_CODES | {c for c in declared if c.startswith("Invalid") or "Validation" in c}
    if protocol == "rest-xml":
        validation = validation | S3_VALIDATION
    validation = validation | set(also)
    if 400 <= status < 500 and code in validation:
        record(case, True, "")
    else:
        record(case, False, f"{status} {code}: {text}")


def main():
    endpoint = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else None
    services = sys.argv[3:] or SERVICES
    runner = Runner(endpoint)
    report = {"services": {}, "failures": {}}
    for service in services:
        if not run_service(runner, service, report):
            print(f"the host stopped answering its health check after {service}")
            break
    print(f"{'service':<16}{'served':>8}{'in model':>10}{'cases':>8}{'passing':>9}{'rate':>7}{'5xx':>5}")
    for service, s in report["services"].items():
        rate = 100.0 * s["passed"] / s["cases"] if s["cases"] else 0.0
        print(f"{service:<16}{s['served']:>8}{s['operations']:>10}{s['cases']:>8}{s['passed']:>9}{rate:>6.1f}%{s['server_errors']:>5}")
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=1, default=str)
    print("ok")


if __name__ == "__main__":
    main()
