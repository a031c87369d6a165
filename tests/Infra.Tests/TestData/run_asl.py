"""Runs statemachines/order-fulfilment.asl.json on moto's Step Functions interpreter (a port of
LocalStack's ASL engine) with an in-process Orchestrator that follows docs/contracts.md, and
prints one JSON line per scenario: the execution's status, error and cause, and the requests the
workflow sent. Used by Infra.Tests (AslExecutionTests); no AWS account, no Docker.

usage: python3 run_asl.py <asl file> <scenario>...
       python3 run_asl.py --serve
exit codes: 0 ran, 2 bad usage, 3 moto lacks what this needs (missing or changed)

--serve answers one JSON line per request line on stdin, for another engine (Sluice.Asl in
AslExecutionFixture) to run the same scenarios against the same Orchestrator:
{"scenario": name} -> the scenario's order.placed event; {"reset": true} -> {} (forgets which orders
crashed once, and a heal); {"heal": true} -> {} (the function stops crashing, as after a fix, for a
redrive); {"invoke": {"FunctionName", "Payload"}} -> {"payload": ..., "functionError": ...}.
"""
import json
import os
import sys
import time

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orchestrator"
requests = []
crashed = set()
healed = []


def failure(error_type, message):
    return {"StatusCode": 200, "FunctionError": "Unhandled",
            "Payload": {"errorType": error_type, "errorMessage": message}}


def success(payload):
    return {"StatusCode": 200, "Payload": payload}


def orchestrator(request):
    """The contract's deterministic domain rules, small enough to read at a glance."""
    action = request.get("action")
    if action == "validate":
        order = request["order"]
        lines = order.get("lines") or []
        if not lines or order.get("currency") not in ("EUR", "USD", "GBP") or any(l["quantity"] < 1 for l in lines):
            return failure("ValidationFailed", "the order is not valid")
        total = sum(l["quantity"] * l["unitPrice"] for l in lines)
        return success({"orderId": order["orderId"], "customerId": order["customerId"],
                        "currency": order["currency"], "total": total, "lineCount": len(lines)})
    if action == "reserve-stock":
        sku = request["line"]["sku"]
        if sku.startswith("OOS-"):
            return failure("OutOfStock", f"{sku} is out of stock")
        return success({"reservationId": f"res-{sku}", "sku": sku, "quantity": request["line"]["quantity"]})
    if action == "authorize-payment":
        token = request["paymentToken"]
        # A process that died mid-request: Lambda answers Runtime.ExitError (once, or every time).
        if not healed and (token == "tok_crash" or (token == "tok_crash_once" and request["orderId"] not in crashed)):
            crashed.add(request["orderId"])
            return failure("Runtime.ExitError", "RequestId: 0b7f Error: Runtime exited with error: signal: killed")
        if request["paymentToken"] == "tok_declined":
            return failure("PaymentDeclined", "the card was declined")
        if request["paymentToken"] == "tok_bug":
            return failure("InvalidRequest", "a bug the workflow does not model")
        return success({"authorizationId": "auth-1", "amount": request["amount"], "currency": request["currency"]})
    if action == "release-stock":
        return success({"orderId": request["orderId"], "released": len(request["lines"])})
    if action == "record-outcome":
        return success({"eventId": f"{request['orderId']}/outcome", "shardId": "shardId-000000000000",
                        "sequenceNumber": "49590338271490256608559692538361571095921575989136588898"})
    return failure("InvalidRequest", f"unknown action {action!r}")


def invoke(parameters, region, state_credentials):
    if parameters.get("FunctionName") != FUNCTION_ARN:
        return failure("ResourceNotFoundException", f"no function {parameters.get('FunctionName')}")
    payload = parameters["Payload"]
    request = json.loads(payload) if isinstance(payload, (str, bytes)) else payload
    requests.append(request)
    return orchestrator(request)



def placed(order_id, sku="SKU-2", token="tok_ok", currency="EUR"):
    return {"specversion": "1.0", "id": f"{order_id}-placed", "source": "sluice/test", "type": "order.placed",
            "subject": order_id,
            "data": {"orderId": order_id, "customerId": "cust-1", "currency": currency, "paymentToken": token,
                     "lines": [{"sku": "SKU-1", "quantity": 2, "unitPrice": 5.0},
                               {"sku": sku, "quantity": 1, "unitPrice": 1.5}]}}


SCENARIOS = {
    "confirmed": placed("ord-1"),
    "out-of-stock": placed("ord-2", sku="OOS-2"),
    "declined": placed("ord-3", token="tok_declined"),
    "invalid": placed("ord-4", currency="JPY"),
    "unknown-error": placed("ord-5", token="tok_bug"),
    "crash-once": placed("ord-6", token="tok_crash_once"),
    "crash-always": placed("ord-7", token="tok_crash"),
}


def run(definition, name):
    from moto import mock_aws
    import boto3
    event = SCENARIOS[name]
    requests.clear()
    # One mock per scenario: moto's interpreter cannot start a second execution of one machine.
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        client = boto3.client("stepfunctions")
        machine = client.create_state_machine(name="order-fulfilment", definition=definition,
                                              roleArn="arn:aws:iam::123456789012:role/order-fulfilment")
        execution = client.start_execution(stateMachineArn=machine["stateMachineArn"], name=event["id"],
                                           input=json.dumps(event))
        deadline = time.monotonic() + 30
        while True:
            described = client.describe_execution(executionArn=execution["executionArn"])
            if described["status"] != "RUNNING" or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    return {"scenario": name, "status": described["status"], "error": described.get("error"),
            "cause": described.get("cause"), "requests": list(requests)}


def serve():
    for line in sys.stdin:
        request = json.loads(line)
        if "scenario" in request:
            answer = SCENARIOS[request["scenario"]]
        elif "reset" in request:
            crashed.clear()
            healed.clear()
            answer = {}
        elif "heal" in request:
            healed.append(True)
            answer = {}
        else:
            result = invoke(request["invoke"], None, None)
            answer = {"payload": result["Payload"], "functionError": result.get("FunctionError")}
        print(json.dumps(answer), flush=True)
    return 0


def use_moto():
    try:
        import boto3  # noqa: F401
        from moto import mock_aws  # noqa: F401
        import moto.stepfunctions.parser.asl.component.state.exec.state_task.lambda_eval_utils as lambda_eval
    except ImportError as e:
        print(f"moto with the Step Functions interpreter is not importable: {e}", file=sys.stderr)
        sys.exit(3)
    if not hasattr(lambda_eval, "_invoke_lambda_function"):
        print("moto changed: lambda_eval_utils._invoke_lambda_function is gone", file=sys.stderr)
        sys.exit(3)
    lambda_eval._invoke_lambda_function = invoke


def main(argv):
    if argv[1:] == ["--serve"]:
        return serve()
    use_moto()
    if len(argv) < 3 or any(s not in SCENARIOS for s in argv[2:]):
        print(f"usage: run_asl.py <asl file> <scenario>... (scenarios: {', '.join(SCENARIOS)})", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        definition = f.read().replace("${OrchestratorFunctionArn}", FUNCTION_ARN)
    for name in argv[2:]:
        print(json.dumps(run(definition, name)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
