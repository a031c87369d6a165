"""boto3 against the local cloud's CloudFormation: one scenario per call, each asserting as it goes.

Usage: python3 stack_api.py <endpoint> <scenario> <stack-name-prefix>
Exits 0 when every assertion held; prints what it saw otherwise.
"""
import json
import sys

import boto3
import botocore.exceptions

endpoint, scenario, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
# The scenarios with a function take the path of a published bootstrap (the Flaky test function).
bootstrap = sys.argv[4] if len(sys.argv) > 4 else None
session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
cfn = session.client("cloudformation", endpoint_url=endpoint)
sqs = session.client("sqs", endpoint_url=endpoint)
sfn = session.client("stepfunctions", endpoint_url=endpoint)
FAST = {"Delay": 1, "MaxAttempts": 60}

TEMPLATE = """
AWSTemplateFormatVersion: "2010-09-09"
Description: stack api test
Parameters:
  Stage:
    Type: String
    Default: dev
    AllowedValues: [dev, staging, prod]
  Secret:
    Type: String
    NoEcho: true
    Default: hush
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: %(visibility)s
  Topic:
    Type: AWS::SNS::Topic%(topic)s
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: %(protocol)s
      Endpoint: !GetAtt Queue.Arn
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::000000000000:role/x
      Definition:
        StartAt: Wait
        States:
          Wait: {Type: Wait, Seconds: %(wait)s, Next: Done}
          Done: {Type: Pass, Result: %(result)s, End: true}
Outputs:
  QueueUrl:
    Value: !Ref Queue
    Export:
      Name: !Sub "${AWS::StackName}-queue"
  MachineArn:
    Value: !Ref Machine
"""


def template(visibility=30, topic="", protocol="sqs", wait=0, result=1):
    return TEMPLATE % {"visibility": visibility, "topic": topic, "protocol": protocol, "wait": wait, "result": result}


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError(f"{call.__name__} should have failed")


def outputs(name):
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def create(name, body, **kwargs):
    cfn.create_stack(StackName=name, TemplateBody=body, **kwargs)
    cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=FAST)


def lifecycle():
    name = prefix + "-life"
    create(name, template(), Parameters=[{"ParameterKey": "Stage", "ParameterValue": "staging"}])
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    params = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    assert params == {"Stage": "staging", "Secret": "****"}, params
    assert [o for o in stack["Outputs"] if o["OutputKey"] == "QueueUrl"][0]["ExportName"] == name + "-queue"
    resources = cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]
    assert sorted(r["LogicalResourceId"] for r in resources) == ["Machine", "Queue", "Sub", "Topic"], resources
    assert all(r["ResourceStatus"] == "CREATE_COMPLETE" for r in resources)
    detail = cfn.describe_stack_resource(StackName=name, LogicalResourceId="Queue")["StackResourceDetail"]
    assert detail["PhysicalResourceId"] == outputs(name)["QueueUrl"], detail
    events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    assert events[0]["ResourceStatus"] == "CREATE_COMPLETE" and events[0]["LogicalResourceId"] == name, events[0]
    assert events[-1]["ResourceStatus"] == "CREATE_IN_PROGRESS" and events[-1]["ResourceStatusReason"] == "User Initiated", events[-1]
    assert "Wait" in cfn.get_template(StackName=name)["TemplateBody"]
    # botocore hands a JSON template body back already parsed.
    processed = cfn.get_template(StackName=name, TemplateStage="Processed")["TemplateBody"]
    processed = json.loads(processed) if isinstance(processed, str) else processed
    assert processed["Resources"]["Queue"]["Type"] == "AWS::SQS::Queue"
    summary = cfn.get_template_summary(StackName=name)
    assert {p["ParameterKey"] for p in summary["Parameters"]} == {"Stage", "Secret"}, summary
    exports = {e["Name"]: e["Value"] for e in cfn.list_exports()["Exports"]}
    assert exports[name + "-queue"] == outputs(name)["QueueUrl"], exports
    statuses = {s["StackName"]: s["StackStatus"] for s in cfn.list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]}
    assert statuses.get(name) == "CREATE_COMPLETE", statuses
    code, message = error_of(cfn.create_stack, StackName=name, TemplateBody=template())
    assert (code, message) == ("AlreadyExistsException", f"Stack [{name}] already exists"), (code, message)
    code, message = error_of(cfn.update_stack, StackName=name, TemplateBody=template(),
                             Parameters=[{"ParameterKey": "Stage", "UsePreviousValue": True}])
    assert (code, message) == ("ValidationError", "No updates are to be performed."), (code, message)

    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
    code, message = error_of(cfn.describe_stacks, StackName=name)
    assert (code, message) == ("ValidationError", f"Stack with id {name} does not exist"), (code, message)
    assert not [q for q in sqs.list_queues().get("QueueUrls", []) if name in q]


def update():
    name = prefix + "-update"
    create(name, template(wait=3))
    url = outputs(name)["QueueUrl"]
    machine = outputs(name)["MachineArn"]
    for i in range(5):
        sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
    running = sfn.start_execution(stateMachineArn=machine, input="{}")["executionArn"]

    change = cfn.create_change_set(StackName=name, ChangeSetName="workflow", TemplateBody=template(wait=3, result=2),
                                   ChangeSetType="UPDATE")
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change["Id"], WaiterConfig=FAST)
    described = cfn.describe_change_set(ChangeSetName="workflow", StackName=name)
    changes = [c["ResourceChange"] for c in described["Changes"]]
    assert [(c["Action"], c["LogicalResourceId"], c["Replacement"]) for c in changes] == [("Modify", "Machine", "False")], changes
    detail = changes[0]["Details"][0]
    assert detail["Target"] == {"Attribute": "Properties", "Name": "Definition", "RequiresRecreation": "Never"}, detail
    assert (detail["Evaluation"], detail["ChangeSource"]) == ("Static", "DirectModification"), detail
    assert [s["ChangeSetName"] for s in cfn.list_change_sets(StackName=name)["Summaries"]] == ["workflow"]
    cfn.execute_change_set(ChangeSetName=change["Id"])
    cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)

    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"] == "5"
    old = sfn.describe_execution(executionArn=running)
    while old["status"] == "RUNNING":
        old = sfn.describe_execution(executionArn=running)
    assert (old["status"], old["output"]) == ("SUCCEEDED", "1"), old
    new = sfn.start_execution(stateMachineArn=machine, input="{}")["executionArn"]
    result = sfn.describe_execution(executionArn=new)
    while result["status"] == "RUNNING":
        result = sfn.describe_execution(executionArn=new)
    assert result["output"] == "2", result

    # A queue attribute changes in place, the messages stay; a new topic name replaces the topic and its subscription.
    change = cfn.create_change_set(StackName=name, ChangeSetName="replace", ChangeSetType="UPDATE",
                                   TemplateBody=template(visibility=60, wait=3, result=2, topic="\n    Properties:\n      TopicName: " + name + "-renamed"))
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change["Id"], WaiterConfig=FAST)
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in cfn.describe_change_set(ChangeSetName=change["Id"])["Changes"]}
    assert {k: v["Replacement"] for k, v in changes.items()} == {"Queue": "False", "Topic": "True", "Sub": "Conditional"}, changes
    sub = changes["Sub"]["Details"][0]
    assert (sub["Evaluation"], sub["ChangeSource"], sub["CausingEntity"]) == ("Dynamic", "ResourceReference", "Topic"), sub
    old_topic = cfn.describe_stack_resource(StackName=name, LogicalResourceId="Topic")["StackResourceDetail"]["PhysicalResourceId"]
    cfn.execute_change_set(ChangeSetName=change["Id"])
    cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
    statuses = [e["ResourceStatus"] for e in cfn.describe_stack_events(StackName=name)["StackEvents"] if e["LogicalResourceId"] == name]
    assert statuses[:3] == ["UPDATE_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_IN_PROGRESS"], statuses
    new_topic = cfn.describe_stack_resource(StackName=name, LogicalResourceId="Topic")["StackResourceDetail"]["PhysicalResourceId"]
    assert new_topic.endswith(":" + name + "-renamed") and new_topic != old_topic, new_topic
    topics = [t["TopicArn"] for t in session.client("sns", endpoint_url=endpoint).list_topics()["Topics"]]
    assert old_topic not in topics and new_topic in topics, topics
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout", "ApproximateNumberOfMessages"])["Attributes"]
    assert attributes == {"VisibilityTimeout": "60", "ApproximateNumberOfMessages": "5"}, attributes

    # Out of band: drift.
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "99"})
    detection = cfn.detect_stack_drift(StackName=name)["StackDriftDetectionId"]
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert (status["DetectionStatus"], status["StackDriftStatus"], status["DriftedStackResourceCount"]) == ("DETECTION_COMPLETE", "DRIFTED", 1), status
    drifts = cfn.describe_stack_resource_drifts(StackName=name)["StackResourceDrifts"]
    by_id = {d["LogicalResourceId"]: d for d in drifts}
    assert by_id["Queue"]["StackResourceDriftStatus"] == "MODIFIED"
    assert by_id["Queue"]["PropertyDifferences"] == [{"PropertyPath": "/VisibilityTimeout", "ExpectedValue": "60", "ActualValue": "99", "DifferenceType": "NOT_EQUAL"}], by_id["Queue"]
    assert by_id["Machine"]["StackResourceDriftStatus"] == "IN_SYNC", by_id["Machine"]

    # The same template as a plain change set changes nothing; a drift-aware one (REVERT_DRIFT) sets the queue back.
    same = template(visibility=60, wait=3, result=2, topic="\n    Properties:\n      TopicName: " + name + "-renamed")
    plain = cfn.create_change_set(StackName=name, ChangeSetName="plain", ChangeSetType="UPDATE", TemplateBody=same)
    try:
        cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=plain["Id"], WaiterConfig=FAST)
        raise AssertionError("a change set with the deployed template has no changes")
    except botocore.exceptions.WaiterError:
        assert "didn't contain changes" in cfn.describe_change_set(ChangeSetName=plain["Id"])["StatusReason"]
    code, message = error_of(cfn.create_change_set, StackName=name, ChangeSetName="bad", ChangeSetType="UPDATE", TemplateBody=same, DeploymentMode="FIX")
    assert code == "ValidationError" and "[REVERT_DRIFT]" in message, (code, message)
    revert = cfn.create_change_set(StackName=name, ChangeSetName="revert", ChangeSetType="UPDATE", TemplateBody=same, DeploymentMode="REVERT_DRIFT")
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=revert["Id"], WaiterConfig=FAST)
    changes = [c["ResourceChange"] for c in cfn.describe_change_set(ChangeSetName=revert["Id"])["Changes"]]
    assert [(c["Action"], c["LogicalResourceId"], c["ResourceDriftStatus"]) for c in changes] == [("Modify", "Queue", "MODIFIED")], changes
    target = changes[0]["Details"][0]["Target"]
    assert (target["Name"], target["BeforeValue"], target["AfterValue"], target["BeforeValueFrom"]) == ("VisibilityTimeout", "99", "60", "ACTUAL_STATE"), target
    assert (target["Drift"]["PreviousValue"], target["Drift"]["ActualValue"]) == ("60", "99"), target
    cfn.execute_change_set(ChangeSetName=revert["Id"])
    cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout", "ApproximateNumberOfMessages"])["Attributes"]
    assert attributes == {"VisibilityTimeout": "60", "ApproximateNumberOfMessages": "5"}, attributes
    detection = cfn.detect_stack_drift(StackName=name)["StackDriftDetectionId"]
    assert cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)["StackDriftStatus"] == "IN_SYNC"
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)


def failures():
    name = prefix + "-fail"
    # A resource that cannot be created: the stack rolls back, nothing stays.
    cfn.create_stack(StackName=name, TemplateBody=template(protocol="http"))
    try:
        cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=FAST)
        raise AssertionError("the create should fail")
    except botocore.exceptions.WaiterError:
        pass
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE", stack
    failed = [e for e in cfn.describe_stack_events(StackName=name)["StackEvents"] if e["ResourceStatus"] == "CREATE_FAILED"]
    assert failed and failed[0]["LogicalResourceId"] == "Sub" and "http" in failed[0]["ResourceStatusReason"], failed
    assert cfn.list_stack_resources(StackName=name)["StackResourceSummaries"] == []
    assert not [q for q in sqs.list_queues().get("QueueUrls", []) if name in q]
    code, message = error_of(cfn.update_stack, StackName=name, TemplateBody=template())
    assert code == "ValidationError" and "ROLLBACK_COMPLETE state and can not be updated" in message, message
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)

    # A failed update returns the stack to what it was.
    create(name, template())
    url = outputs(name)["QueueUrl"]
    cfn.update_stack(StackName=name, TemplateBody=template(visibility=50, protocol="http"))
    try:
        cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
        raise AssertionError("the update should fail")
    except botocore.exceptions.WaiterError:
        pass
    cfn.get_waiter("stack_rollback_complete").wait(StackName=name, WaiterConfig=FAST)
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "30"
    assert "http" not in cfn.get_template(StackName=name)["TemplateBody"].split("Protocol:")[1].split("\n")[0]

    # Bad input: each gets AWS's error.
    code, message = error_of(cfn.create_stack, StackName=prefix + "-x", TemplateBody="Resources:\n  R:\n    Type: AWS::Foo::Bar\n")
    assert (code, message) == ("ValidationError", "Template format error: Unrecognized resource types: [AWS::Foo::Bar]"), message
    code, message = error_of(cfn.validate_template, TemplateBody="{not yaml: [")
    assert code == "ValidationError" and message.startswith("Template format error"), message
    code, message = error_of(cfn.create_stack, StackName=prefix + "-x", TemplateBody=template(), Parameters=[{"ParameterKey": "Nope", "ParameterValue": "1"}])
    assert (code, message) == ("ValidationError", "Parameters: [Nope] do not exist in the template"), message
    code, message = error_of(cfn.create_stack, StackName=prefix + "-x", TemplateBody=template(), Parameters=[{"ParameterKey": "Stage", "ParameterValue": "qa"}])
    assert code == "ValidationError" and "AllowedValues" in message, message
    role = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n"
    code, message = error_of(cfn.create_stack, StackName=prefix + "-x", TemplateBody=role)
    assert (code, message) == ("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]"), message
    code, message = error_of(cfn.create_change_set, StackName=prefix + "-x", ChangeSetName="c", ChangeSetType="CREATE",
                             TemplateBody=role.replace("{}\n", "{}\n      RoleName: named\n"))
    assert (code, message) == ("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]"), message
    change = cfn.create_change_set(StackName=name, ChangeSetName="same", ChangeSetType="UPDATE", TemplateBody=template())
    try:
        cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change["Id"], WaiterConfig=FAST)
        raise AssertionError("an empty change set should fail")
    except botocore.exceptions.WaiterError as e:
        assert e.last_response["Status"] == "FAILED"
        assert e.last_response["StatusReason"] == "The submitted information didn't contain changes. Submit different information to create a change set.", e.last_response
    code, _ = error_of(cfn.execute_change_set, ChangeSetName=change["Id"])
    assert code == "InvalidChangeSetStatus", code

    # Exports are unique across stacks.
    other = prefix + "-other"
    cfn.create_stack(StackName=other, TemplateBody=template().replace("${AWS::StackName}-queue", name + "-queue"))
    try:
        cfn.get_waiter("stack_create_complete").wait(StackName=other, WaiterConfig=FAST)
        raise AssertionError("a duplicate export should fail")
    except botocore.exceptions.WaiterError:
        pass
    stack = cfn.describe_stacks(StackName=other)["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE", stack
    cfn.delete_stack(StackName=other)
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)


IMPORTER = """
Parameters:
  Exporter: {Type: String}
Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  Imported:
    Value: !ImportValue {"Fn::Sub": "${Exporter}-queue"}
"""

LOOPS = """
Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "a,b"}
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - Queue${Name}:
        Type: AWS::SQS::Queue
        DeletionPolicy: !If [Never, Retain, Delete]
Conditions:
  Never: !Equals [x, y]
Outputs:
  Count:
    Value: !Length {Ref: Names}
"""


def imports():
    exporter, importer = prefix + "-exp", prefix + "-imp"
    create(exporter, template())
    create(importer, IMPORTER, Parameters=[{"ParameterKey": "Exporter", "ParameterValue": exporter}])
    assert outputs(importer)["Imported"] == outputs(exporter)["QueueUrl"], outputs(importer)
    assert cfn.list_imports(ExportName=exporter + "-queue")["Imports"] == [importer]
    code, message = error_of(cfn.create_stack, StackName=prefix + "-missing", TemplateBody=IMPORTER,
                             Parameters=[{"ParameterKey": "Exporter", "ParameterValue": "nobody"}])
    assert (code, message) == ("ValidationError", "No export named nobody-queue found."), (code, message)
    # An export in use keeps its stack.
    cfn.delete_stack(StackName=exporter)
    try:
        cfn.get_waiter("stack_delete_complete").wait(StackName=exporter, WaiterConfig=FAST)
        raise AssertionError("deleting a stack whose export is imported should fail")
    except botocore.exceptions.WaiterError:
        pass
    stack = cfn.describe_stacks(StackName=exporter)["Stacks"][0]
    assert stack["StackStatus"] == "DELETE_FAILED", stack
    cfn.delete_stack(StackName=importer)
    cfn.get_waiter("stack_delete_complete").wait(StackName=importer, WaiterConfig=FAST)
    cfn.delete_stack(StackName=exporter)
    cfn.get_waiter("stack_delete_complete").wait(StackName=exporter, WaiterConfig=FAST)

    loops = prefix + "-loops"
    code, message = error_of(cfn.create_stack, StackName=loops, TemplateBody=LOOPS)
    assert code == "InsufficientCapabilitiesException", (code, message)
    # The reason names the transform the template declares, not SAM's.
    for facts in (cfn.validate_template(TemplateBody=LOOPS), cfn.get_template_summary(TemplateBody=LOOPS)):
        assert facts["Capabilities"] == ["CAPABILITY_AUTO_EXPAND"], facts
        assert facts["CapabilitiesReason"] == "The following resource(s) require capabilities: [AWS::LanguageExtensions]", facts
    create(loops, LOOPS, Capabilities=["CAPABILITY_AUTO_EXPAND"])
    resources = cfn.list_stack_resources(StackName=loops)["StackResourceSummaries"]
    assert sorted(r["LogicalResourceId"] for r in resources) == ["Queuea", "Queueb"], resources
    assert outputs(loops)["Count"] == "2", outputs(loops)
    processed = cfn.get_template(StackName=loops, TemplateStage="Processed")["TemplateBody"]
    processed = json.loads(processed) if isinstance(processed, str) else processed
    assert "Transform" not in processed, processed
    assert processed["Resources"]["Queuea"] == {"Type": "AWS::SQS::Queue", "Properties": {}, "DeletionPolicy": "Delete"}, processed
    cfn.delete_stack(StackName=loops)
    cfn.get_waiter("stack_delete_complete").wait(StackName=loops, WaiterConfig=FAST)


POLICIES = """
Resources:
  Kept:
    Type: AWS::SQS::Queue
    DeletionPolicy: Retain
    Properties: {QueueName: %(p)s-kept}
  KeptUnlessNew:
    Type: AWS::SQS::Queue
    DeletionPolicy: RetainExceptOnCreate
    Properties: {QueueName: %(p)s-unless-new}
  Gone:
    Type: AWS::SQS::Queue
    Properties: {QueueName: %(p)s-gone}
  Renamed:
    Type: AWS::SQS::Queue
    UpdateReplacePolicy: Retain
    Properties: {QueueName: %(p)s-%(version)s}
%(extra)s
"""

FAILING = """
  Topic:
    Type: AWS::SNS::Topic
  Sub:
    Type: AWS::SNS::Subscription
    DependsOn: [Kept, KeptUnlessNew, Gone, Renamed]
    Properties: {TopicArn: !Ref Topic, Protocol: http, Endpoint: !GetAtt Gone.Arn}
"""


def queues(p):
    return sorted(u.rsplit("/", 1)[1] for u in sqs.list_queues(QueueNamePrefix=p).get("QueueUrls", []))


def skipped(name):
    return sorted(e["LogicalResourceId"] for e in cfn.describe_stack_events(StackName=name)["StackEvents"] if e["ResourceStatus"] == "DELETE_SKIPPED")


def policies():
    name, p = prefix + "-pol", prefix + "-pq"
    # A failed create rolls back: Retain keeps its queue, RetainExceptOnCreate does not.
    cfn.create_stack(StackName=name, TemplateBody=POLICIES % {"p": p, "version": 1, "extra": FAILING})
    try:
        cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=FAST)
        raise AssertionError("the create should fail")
    except botocore.exceptions.WaiterError:
        pass
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "ROLLBACK_COMPLETE"
    assert queues(p) == [p + "-kept"], queues(p)
    assert skipped(name) == ["Kept"], skipped(name)
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
    sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName=p + "-kept")["QueueUrl"])

    # A replacement keeps the old queue under UpdateReplacePolicy Retain; a removed resource follows its DeletionPolicy.
    create(name, POLICIES % {"p": p, "version": 1, "extra": ""})
    sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName=p + "-1")["QueueUrl"], MessageBody="stays")
    cfn.update_stack(StackName=name, TemplateBody=(POLICIES % {"p": p, "version": 2, "extra": ""}).split("  Gone:")[0] + "  Renamed:" + (POLICIES % {"p": p, "version": 2, "extra": ""}).split("  Renamed:")[1])
    cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
    assert queues(p) == [p + "-1", p + "-2", p + "-kept", p + "-unless-new"], queues(p)
    assert skipped(name) == ["Renamed"], skipped(name)
    old = sqs.get_queue_url(QueueName=p + "-1")["QueueUrl"]
    assert sqs.receive_message(QueueUrl=old)["Messages"][0]["Body"] == "stays"
    resources = sorted(r["LogicalResourceId"] for r in cfn.list_stack_resources(StackName=name)["StackResourceSummaries"])
    assert resources == ["Kept", "KeptUnlessNew", "Renamed"], resources

    # Deleting the stack: both retaining policies keep their queues and say so.
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
    assert queues(p) == [p + "-1", p + "-kept", p + "-unless-new"], queues(p)
    assert skipped(stack_id) == ["Kept", "KeptUnlessNew", "Renamed"], skipped(stack_id)
    for q in queues(p):
        sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName=q)["QueueUrl"])


MACHINE = """
Parameters:
  Greeting: {Type: String, Default: hello}
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:%(name)s
      RoleArn: arn:aws:iam::000000000000:role/machine
      StateMachineType: STANDARD
      %(definition)s
      DefinitionSubstitutions:
        Greeting: !Ref Greeting
        Count: 3
      LoggingConfiguration:
        Level: ERROR
        IncludeExecutionData: true
        Destinations:
          - CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt Logs.Arn}
      Tags:
        - {Key: team, Value: orders}
Outputs:
  Ref: {Value: !Ref Machine}
  Arn: {Value: !GetAtt Machine.Arn}
  Name: {Value: !GetAtt Machine.Name}
  Revision: {Value: !GetAtt Machine.StateMachineRevisionId}
"""

STRING_DEFINITION = """DefinitionString: '{"StartAt": "Say", "States": {"Say": {"Type": "Pass", "Result": {"greeting": "${Greeting}", "count": ${Count}}, "End": true}}}'"""


def machine_template(name="", definition=STRING_DEFINITION):
    return MACHINE % {"name": name, "definition": definition}


def run(arn):
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    result = sfn.describe_execution(executionArn=execution)
    while result["status"] == "RUNNING":
        result = sfn.describe_execution(executionArn=execution)
    assert result["status"] == "SUCCEEDED", result
    return json.loads(result["output"])


def statemachine():
    name = prefix + "-sm"
    create(name, machine_template())
    out = outputs(name)
    arn = out["Ref"]
    assert out["Arn"] == arn and arn.endswith(":stateMachine:" + out["Name"]), out
    assert out["Name"].startswith("Machine-") and out["Revision"] == "INITIAL", out
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert (described["roleArn"], described["type"]) == ("arn:aws:iam::000000000000:role/machine", "STANDARD"), described
    assert described["loggingConfiguration"]["level"] == "ERROR", described
    assert run(arn) == {"greeting": "hello", "count": 3}

    # A new substitution value and a definition given as a mapping: updated in place, a new revision.
    change = cfn.create_change_set(StackName=name, ChangeSetName="greet", ChangeSetType="UPDATE",
                                   TemplateBody=machine_template(), Parameters=[{"ParameterKey": "Greeting", "ParameterValue": "hi"}])
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change["Id"], WaiterConfig=FAST)
    changes = [c["ResourceChange"] for c in cfn.describe_change_set(ChangeSetName=change["Id"])["Changes"]]
    assert [(c["Action"], c["LogicalResourceId"], c["Replacement"]) for c in changes] == [("Modify", "Machine", "False")], changes
    cfn.execute_change_set(ChangeSetName=change["Id"])
    cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
    out = outputs(name)
    assert out["Ref"] == arn and out["Revision"] not in ("", "INITIAL"), out
    assert out["Revision"] == sfn.describe_state_machine(stateMachineArn=arn)["revisionId"], out
    assert run(arn) == {"greeting": "hi", "count": 3}

    # The definition read from S3 (as `package` uploads it), and a new name: replaced, the old machine deleted.
    s3 = session.client("s3", endpoint_url=endpoint)
    bucket = name + "-definitions"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="machine.yaml", Body=b"StartAt: Say\nStates:\n  Say: {Type: Pass, Result: {from: s3, greeting: '${Greeting}'}, End: true}\n")
    renamed = machine_template(name="\n      StateMachineName: " + name + "-renamed",
                               definition="DefinitionS3Location: {Bucket: %s, Key: machine.yaml}" % bucket)
    change = cfn.create_change_set(StackName=name, ChangeSetName="rename", ChangeSetType="UPDATE", TemplateBody=renamed)
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change["Id"], WaiterConfig=FAST)
    changes = [c["ResourceChange"] for c in cfn.describe_change_set(ChangeSetName=change["Id"])["Changes"]]
    assert [(c["LogicalResourceId"], c["Replacement"]) for c in changes] == [("Machine", "True")], changes
    cfn.execute_change_set(ChangeSetName=change["Id"])
    cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
    out = outputs(name)
    assert out["Name"] == name + "-renamed" and out["Ref"] != arn and out["Revision"] == "INITIAL", out
    assert error_of(sfn.describe_state_machine, stateMachineArn=arn)[0] == "StateMachineDoesNotExist"
    assert run(out["Ref"]) == {"from": "s3", "greeting": "hello"}

    # Drift: the definition changed out of band is MODIFIED under the property the template used.
    sfn.update_state_machine(stateMachineArn=out["Ref"], definition=json.dumps({"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}))
    detection = cfn.detect_stack_drift(StackName=name)["StackDriftDetectionId"]
    assert cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)["StackDriftStatus"] == "DRIFTED"
    drift = {d["LogicalResourceId"]: d for d in cfn.describe_stack_resource_drifts(StackName=name)["StackResourceDrifts"]}["Machine"]
    assert sorted((p["PropertyPath"], p["DifferenceType"]) for p in drift["PropertyDifferences"]) == \
        [("/Definition/StartAt", "NOT_EQUAL"), ("/Definition/States/Say", "REMOVE"), ("/Definition/States/X", "ADD")], drift

    # Two definitions: the resource fails with the reason, the stack rolls back to what it was.
    both = machine_template(definition=STRING_DEFINITION + "\n      Definition: {StartAt: A, States: {A: {Type: Succeed}}}")
    cfn.update_stack(StackName=name, TemplateBody=both)
    try:
        cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
        raise AssertionError("an update with two definitions should fail")
    except botocore.exceptions.WaiterError:
        pass
    cfn.get_waiter("stack_rollback_complete").wait(StackName=name, WaiterConfig=FAST)
    failed = [e for e in cfn.describe_stack_events(StackName=name)["StackEvents"] if e["ResourceStatus"] == "UPDATE_FAILED"]
    assert failed and "only one of Definition, DefinitionString and DefinitionS3Location" in failed[0]["ResourceStatusReason"], failed

    renamed_arn = outputs(name)["Ref"]
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
    assert error_of(sfn.describe_state_machine, stateMachineArn=renamed_arn)[0] == "StateMachineDoesNotExist"
    s3.delete_object(Bucket=bucket, Key="machine.yaml")
    s3.delete_bucket(Bucket=bucket)


FUNCTION = """
Parameters:
  CodeKey: {Type: String}
  Greeting: {Type: String, Default: hello}
  Memory: {Type: Number, Default: 256}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: provided.al2023
      Handler: bootstrap
      Code: {S3Bucket: %(code_bucket)s, S3Key: !Ref CodeKey}
      Role: !GetAtt Role.Arn
      MemorySize: !Ref Memory
      Timeout: 10
      Environment:
        Variables: {GREETING: !Ref Greeting}
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Function.Arn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: !GetAtt Bucket.Arn
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Sid: %(sid)s, Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt Bucket.Arn, !Sub "${Bucket.Arn}/*"], Condition: {Bool: {"aws:SecureTransport": "false"}}}
Outputs:
  FunctionName: {Value: !Ref Function}
  FunctionArn: {Value: !GetAtt Function.Arn}
  RoleName: {Value: !Ref Role}
  RoleArn: {Value: !GetAtt Role.Arn}
  Permission: {Value: !Ref Permission}
  PermissionId: {Value: !GetAtt Permission.Id}
  Bucket: {Value: !Ref Bucket}
  Policy: {Value: !Ref BucketPolicy}
"""


def invoke(lam, name, command):
    response = lam.invoke(FunctionName=name, Payload=json.dumps(command).encode())
    assert "FunctionError" not in response, response
    return json.loads(response["Payload"].read())


def zipped_bootstrap():
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("bootstrap")
        info.external_attr = 0o755 << 16
        with open(bootstrap, "rb") as f:
            archive.writestr(info, f.read())
    return buffer.getvalue()


def function():
    name = prefix + "-fn"
    s3 = session.client("s3", endpoint_url=endpoint)
    lam = session.client("lambda", endpoint_url=endpoint)
    code_bucket = name + "-code"
    s3.create_bucket(Bucket=code_bucket)
    s3.put_object(Bucket=code_bucket, Key="v1.zip", Body=zipped_bootstrap())
    body = FUNCTION % {"code_bucket": code_bucket, "sid": "TlsOnly"}
    code, message = error_of(cfn.create_stack, StackName=name, TemplateBody=body, Parameters=[{"ParameterKey": "CodeKey", "ParameterValue": "v1.zip"}])
    assert (code, message) == ("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]"), (code, message)
    create(name, body, Parameters=[{"ParameterKey": "CodeKey", "ParameterValue": "v1.zip"}], Capabilities=["CAPABILITY_IAM"])
    out = outputs(name)
    assert out["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:" + out["FunctionName"], out
    assert out["FunctionName"].startswith(name + "-Function-"), out
    assert out["RoleArn"] == "arn:aws:iam::000000000000:role/" + out["RoleName"], out
    assert out["Permission"] == out["FunctionArn"] + "|" + out["PermissionId"], out
    config = lam.get_function_configuration(FunctionName=out["FunctionName"])
    assert (config["Runtime"], config["Handler"], config["MemorySize"], config["Timeout"], config["Role"]) == \
        ("provided.al2023", "bootstrap", 256, 10, out["RoleArn"]), config
    assert config["Environment"]["Variables"] == {"GREETING": "hello"}, config
    assert invoke(lam, out["FunctionName"], "env:GREETING") == "hello"
    assert invoke(lam, out["FunctionName"], "env:AWS_LAMBDA_FUNCTION_MEMORY_SIZE") == "256"
    policy = json.loads(s3.get_bucket_policy(Bucket=out["Bucket"])["Policy"])
    assert out["Policy"] == out["Bucket"] and policy["Statement"][0]["Sid"] == "TlsOnly", (out, policy)
    assert policy["Statement"][0]["Resource"] == ["arn:aws:s3:::" + out["Bucket"], "arn:aws:s3:::" + out["Bucket"] + "/*"], policy

    # New code, configuration and policy: each changed in place, nothing replaced.
    s3.put_object(Bucket=code_bucket, Key="v2.zip", Body=zipped_bootstrap())
    body = FUNCTION % {"code_bucket": code_bucket, "sid": "TlsOnlyV2"}
    parameters = [{"ParameterKey": "CodeKey", "ParameterValue": "v2.zip"}, {"ParameterKey": "Greeting", "ParameterValue": "hi"},
                  {"ParameterKey": "Memory", "ParameterValue": "512"}]
    change = cfn.create_change_set(StackName=name, ChangeSetName="config", ChangeSetType="UPDATE", TemplateBody=body,
                                   Parameters=parameters, Capabilities=["CAPABILITY_IAM"])
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change["Id"], WaiterConfig=FAST)
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"]["Replacement"] for c in cfn.describe_change_set(ChangeSetName=change["Id"])["Changes"]}
    assert changes == {"Function": "False", "BucketPolicy": "False"}, changes
    cfn.execute_change_set(ChangeSetName=change["Id"])
    try:
        cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
    except botocore.exceptions.WaiterError:
        raise AssertionError([e for e in cfn.describe_stack_events(StackName=name)["StackEvents"] if e["ResourceStatus"].endswith("FAILED")])
    assert outputs(name)["FunctionArn"] == out["FunctionArn"]
    assert lam.get_function_configuration(FunctionName=out["FunctionName"])["MemorySize"] == 512
    assert invoke(lam, out["FunctionName"], "env:GREETING") == "hi"
    assert json.loads(s3.get_bucket_policy(Bucket=out["Bucket"])["Policy"])["Statement"][0]["Sid"] == "TlsOnlyV2"

    # A policy S3 refuses fails the update with S3's reason; the stack goes back to what it was.
    bad = body.replace("Statement:\n          - {Sid", "Statements:\n          - {Sid")
    cfn.update_stack(StackName=name, TemplateBody=bad, Parameters=parameters, Capabilities=["CAPABILITY_IAM"])
    try:
        cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
        raise AssertionError("a policy without Statement should fail")
    except botocore.exceptions.WaiterError:
        pass
    cfn.get_waiter("stack_rollback_complete").wait(StackName=name, WaiterConfig=FAST)
    failed = [e for e in cfn.describe_stack_events(StackName=name)["StackEvents"] if e["ResourceStatus"] == "UPDATE_FAILED"]
    assert failed[0]["LogicalResourceId"] == "BucketPolicy" and "Missing required field Statement" in failed[0]["ResourceStatusReason"], failed
    assert json.loads(s3.get_bucket_policy(Bucket=out["Bucket"])["Policy"])["Statement"][0]["Sid"] == "TlsOnlyV2"

    # Inline code is Node.js and Python only: refused by name, the create rolls back.
    inline = prefix + "-inline"
    cfn.create_stack(StackName=inline, Capabilities=["CAPABILITY_IAM"], Parameters=[{"ParameterKey": "CodeKey", "ParameterValue": "v1.zip"}],
                     TemplateBody=(FUNCTION % {"code_bucket": code_bucket, "sid": "S"}).replace("Code: {S3Bucket: %s, S3Key: !Ref CodeKey}" % code_bucket, "Code: {ZipFile: 'echo hi'}"))
    try:
        cfn.get_waiter("stack_create_complete").wait(StackName=inline, WaiterConfig=FAST)
        raise AssertionError("inline code for provided.al2023 should fail")
    except botocore.exceptions.WaiterError:
        pass
    failed = [e for e in cfn.describe_stack_events(StackName=inline)["StackEvents"] if e["ResourceStatus"] == "CREATE_FAILED"]
    assert failed[0]["LogicalResourceId"] == "Function" and "Node.js and Python" in failed[0]["ResourceStatusReason"], failed
    cfn.delete_stack(StackName=inline)
    cfn.get_waiter("stack_delete_complete").wait(StackName=inline, WaiterConfig=FAST)

    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
    assert error_of(lam.get_function, FunctionName=out["FunctionName"])[0] == "ResourceNotFoundException"
    assert out["Bucket"] not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    for key in ("v1.zip", "v2.zip"):
        s3.delete_object(Bucket=code_bucket, Key=key)
    s3.delete_bucket(Bucket=code_bucket)


RETAIN = """
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Bucket:
    Type: AWS::S3::Bucket
Outputs:
  Bucket: {Value: !Ref Bucket}
  Queue: {Value: !Ref Queue}
"""


def retain():
    name = prefix + "-retain"
    s3 = session.client("s3", endpoint_url=endpoint)
    create(name, RETAIN)
    out = outputs(name)
    s3.put_object(Bucket=out["Bucket"], Key="kept.txt", Body=b"kept")
    code, message = error_of(cfn.delete_stack, StackName=name, RetainResources=["Bucket"])
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    assert (code, message) == ("ValidationError", f"Invalid operation on stack {stack_id}. When you delete a stack, specify which resources "
                               "to retain only when the stack is in the DELETE_FAILED state."), (code, message)

    # A bucket holding objects fails the deletion with S3's reason; everything else goes.
    cfn.delete_stack(StackName=name)
    try:
        cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
        raise AssertionError("deleting a stack whose bucket holds objects should fail")
    except botocore.exceptions.WaiterError:
        pass
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "DELETE_FAILED" and "[Bucket]" in stack["StackStatusReason"], stack
    failed = [e for e in cfn.describe_stack_events(StackName=name)["StackEvents"] if e["ResourceStatus"] == "DELETE_FAILED" and e["LogicalResourceId"] == "Bucket"]
    assert failed and failed[0]["ResourceStatusReason"].startswith("The bucket you tried to delete is not empty"), failed
    assert [(r["LogicalResourceId"], r["ResourceStatus"]) for r in cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]] == [("Bucket", "DELETE_FAILED")]
    assert out["Queue"] not in sqs.list_queues().get("QueueUrls", [])

    # Retaining what was already deleted is refused; retaining the bucket deletes the stack and keeps the bucket with its objects.
    code, message = error_of(cfn.delete_stack, StackName=name, RetainResources=["Queue"])
    assert (code, message) == ("ValidationError", "The specified resources to retain must be in a valid state. "
                               "Do not specify resources that are in the DELETE_COMPLETE state."), (code, message)
    cfn.delete_stack(StackName=name, RetainResources=["Bucket"])
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
    assert skipped(stack_id) == ["Bucket"], skipped(stack_id)
    assert s3.get_object(Bucket=out["Bucket"], Key="kept.txt")["Body"].read() == b"kept"
    s3.delete_object(Bucket=out["Bucket"], Key="kept.txt")
    s3.delete_bucket(Bucket=out["Bucket"])


DRIFT = """
Parameters:
  CodeBucket: {Type: String}
Resources:
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: provided.al2023
      Handler: bootstrap
      Code: {S3Bucket: !Ref CodeBucket, S3Key: code.zip}
      Role: arn:aws:iam::000000000000:role/drift
      Description: drift test
      MemorySize: 256
      Timeout: 10
      Architectures: [x86_64]
      Environment:
        Variables: {GREETING: hello, KEEP: same}
  Queue:
    Type: AWS::SQS::Queue
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Function
      EventSourceArn: !GetAtt Queue.Arn
      BatchSize: 5
      MaximumBatchingWindowInSeconds: 1
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - {ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}, BucketKeyEnabled: false}
      LifecycleConfiguration:
        Rules: [{Id: expire, Status: Enabled, ExpirationInDays: 30}]
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
      Tags: [{Key: team, Value: a}]
Outputs:
  FunctionName: {Value: !Ref Function}
  Mapping: {Value: !Ref Mapping}
  Bucket: {Value: !Ref Bucket}
"""


def detect(name):
    """DetectStackDrift, then each resource's drift by logical id."""
    detection = cfn.detect_stack_drift(StackName=name)["StackDriftDetectionId"]
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert status["DetectionStatus"] == "DETECTION_COMPLETE", status
    drifts = {d["LogicalResourceId"]: d for d in cfn.describe_stack_resource_drifts(StackName=name)["StackResourceDrifts"]}
    return status["StackDriftStatus"], drifts


def differences(drift):
    return sorted((p["PropertyPath"], p.get("ExpectedValue"), p.get("ActualValue"), p["DifferenceType"]) for p in drift["PropertyDifferences"])


def drift():
    name = prefix + "-drift"
    s3 = session.client("s3", endpoint_url=endpoint)
    lam = session.client("lambda", endpoint_url=endpoint)
    code_bucket = name + "-code"
    s3.create_bucket(Bucket=code_bucket)
    s3.put_object(Bucket=code_bucket, Key="code.zip", Body=zipped_bootstrap())
    parameters = [{"ParameterKey": "CodeBucket", "ParameterValue": code_bucket}]
    create(name, DRIFT, Parameters=parameters)
    out = outputs(name)
    function_name, bucket = out["FunctionName"], out["Bucket"]
    status, drifts = detect(name)
    assert status == "IN_SYNC", drifts
    assert [(d, drifts[d]["StackResourceDriftStatus"]) for d in ("Function", "Mapping", "Bucket")] == \
        [("Function", "IN_SYNC"), ("Mapping", "IN_SYNC"), ("Bucket", "IN_SYNC")], drifts

    # UpdateFunctionConfiguration as Lambda serves it: what cannot run locally is refused, a stale revision too.
    code, message = error_of(lam.update_function_configuration, FunctionName=function_name, VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]})
    assert code == "InvalidParameterValueException" and "VpcConfig" in message, (code, message)
    code, _ = error_of(lam.update_function_configuration, FunctionName=function_name, MemorySize=1024, RevisionId="0" * 36)
    assert code == "PreconditionFailedException", code
    assert lam.get_function_configuration(FunctionName=function_name)["MemorySize"] == 256
    updated = lam.update_function_configuration(FunctionName=function_name, MemorySize=1024, Description="changed",
                                                Environment={"Variables": {"GREETING": "hi", "EXTRA": "x"}})
    assert (updated["MemorySize"], updated["Description"], updated["Environment"]["Variables"]) == (1024, "changed", {"GREETING": "hi", "EXTRA": "x"}), updated
    assert invoke(lam, function_name, "env:GREETING") == "hi"

    # UpdateEventSourceMapping: batch settings change in place (202); Enabled only by replacing the mapping, refused saying so.
    code, message = error_of(lam.update_event_source_mapping, UUID=out["Mapping"], Enabled=False)
    assert code == "InvalidParameterValueException" and "Enabled" in message, (code, message)
    mapping = lam.update_event_source_mapping(UUID=out["Mapping"], BatchSize=7, MaximumBatchingWindowInSeconds=2)
    assert (mapping["ResponseMetadata"]["HTTPStatusCode"], mapping["BatchSize"], mapping["MaximumBatchingWindowInSeconds"]) == (202, 7, 2), mapping
    assert lam.get_event_source_mapping(UUID=out["Mapping"])["BatchSize"] == 7

    # The bucket's settings through the S3 API.
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": False}]})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [{"ID": "expire", "Filter": {"Prefix": ""}, "Status": "Enabled", "Expiration": {"Days": 7}}]})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "zeta", "Value": "x"}, {"Key": "team", "Value": "b"}]})

    # Drift: only what the template sets, each difference under its path.
    status, drifts = detect(name)
    assert status == "DRIFTED" and drifts["Function"]["StackResourceDriftStatus"] == "MODIFIED", drifts
    assert cfn.describe_stack_drift_detection_status(StackDriftDetectionId=cfn.detect_stack_drift(StackName=name)["StackDriftDetectionId"])["DriftedStackResourceCount"] == 3
    assert drifts["Mapping"]["StackResourceDriftStatus"] == "MODIFIED" and differences(drifts["Mapping"]) == [
        ("/BatchSize", "5", "7", "NOT_EQUAL"),
        ("/MaximumBatchingWindowInSeconds", "1", "2", "NOT_EQUAL"),
    ], drifts["Mapping"]
    assert drifts["Bucket"]["StackResourceDriftStatus"] == "MODIFIED" and differences(drifts["Bucket"]) == [
        ("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm", "AES256", "aws:kms", "NOT_EQUAL"),
        ("/LifecycleConfiguration/Rules/0/ExpirationInDays", "30", "7", "NOT_EQUAL"),
        ("/PublicAccessBlockConfiguration/BlockPublicAcls", "true", "false", "NOT_EQUAL"),
        ("/Tags/0/Value", "a", "b", "NOT_EQUAL"),
        ("/Tags/1", None, json.dumps({"Key": "zeta", "Value": "x"}, separators=(",", ":")), "ADD"),
        ("/VersioningConfiguration/Status", "Enabled", "Suspended", "NOT_EQUAL"),
    ], differences(drifts["Bucket"])
    assert drifts["Queue"]["StackResourceDriftStatus"] == "IN_SYNC", drifts["Queue"]
    assert differences(drifts["Function"]) == [
        ("/Description", "drift test", "changed", "NOT_EQUAL"),
        ("/Environment/Variables/EXTRA", None, "x", "ADD"),
        ("/Environment/Variables/GREETING", "hello", "hi", "NOT_EQUAL"),
        ("/Environment/Variables/KEEP", "same", None, "REMOVE"),
        ("/MemorySize", "256", "1024", "NOT_EQUAL"),
    ], differences(drifts["Function"])

    # A drift-aware change set sets the function back to the template.
    revert = cfn.create_change_set(StackName=name, ChangeSetName="revert", ChangeSetType="UPDATE", TemplateBody=DRIFT, Parameters=parameters,
                                   DeploymentMode="REVERT_DRIFT")
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=revert["Id"], WaiterConfig=FAST)
    changes = [c["ResourceChange"] for c in cfn.describe_change_set(ChangeSetName=revert["Id"])["Changes"]]
    assert sorted((c["Action"], c["LogicalResourceId"], c["ResourceDriftStatus"], c["Replacement"]) for c in changes) == \
        [("Modify", "Bucket", "MODIFIED", "False"), ("Modify", "Function", "MODIFIED", "False"), ("Modify", "Mapping", "MODIFIED", "False")], changes
    by_id = {c["LogicalResourceId"]: sorted(d["Target"]["Name"] for d in c["Details"]) for c in changes}
    assert by_id == {"Function": ["Description", "Environment", "MemorySize"], "Mapping": ["BatchSize", "MaximumBatchingWindowInSeconds"],
                     "Bucket": ["BucketEncryption", "LifecycleConfiguration", "PublicAccessBlockConfiguration", "Tags", "VersioningConfiguration"]}, by_id
    cfn.execute_change_set(ChangeSetName=revert["Id"])
    cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=FAST)
    config = lam.get_function_configuration(FunctionName=function_name)
    assert (config["MemorySize"], config["Description"], config["Environment"]["Variables"]) == (256, "drift test", {"GREETING": "hello", "KEEP": "same"}), config
    assert invoke(lam, function_name, "env:GREETING") == "hello"
    assert lam.get_event_source_mapping(UUID=out["Mapping"])["BatchSize"] == 5
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "a"}]
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    status, drifts = detect(name)
    assert status == "IN_SYNC", drifts

    # A function, mapping and bucket deleted out of band are DELETED.
    lam.delete_function(FunctionName=function_name)
    s3.delete_bucket(Bucket=bucket)
    status, drifts = detect(name)
    assert status == "DRIFTED" and (drifts["Function"]["StackResourceDriftStatus"], drifts["Bucket"]["StackResourceDriftStatus"]) == ("DELETED", "DELETED"), drifts
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=FAST)
    s3.delete_object(Bucket=code_bucket, Key="code.zip")
    s3.delete_bucket(Bucket=code_bucket)


{"lifecycle": lifecycle, "function": function, "retain": retain, "update": update, "failures": failures, "imports": imports, "policies": policies,
 "statemachine": statemachine, "drift": drift}[scenario]()
print("ok")
