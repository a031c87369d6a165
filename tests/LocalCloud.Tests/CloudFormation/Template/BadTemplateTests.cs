using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>Templates the loader must refuse, each with a message naming what is wrong.</summary>
public sealed class BadTemplateTests : IDisposable
{
    private readonly StackRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private async Task<string> ErrorAsync(string yaml)
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => _rig.DeployTextAsync(yaml));
        return error.Message;
    }

    [Fact]
    public async Task Load_UnknownProperties_ListsEveryOneByNameAndCreatesNothing()
    {
        var message = await ErrorAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: q
                  Colour: blue
              Stream:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  StreamModeDetails:
                    StreamMode: PROVISIONED
                    Speed: fast
            """);

        Assert.Contains("property not understood: Resources.Queue.Properties.Colour", message, StringComparison.Ordinal);
        Assert.Contains("property not understood: Resources.Stream.Properties.StreamModeDetails.Speed", message, StringComparison.Ordinal);
        Assert.Empty(_rig.Sqs.ListQueues(null));
    }

    [Fact]
    public async Task Load_UnknownEventSetting_IsReportedWithItsFunction()
    {
        var message = await ErrorAsync("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Queue:
                Type: AWS::SQS::Queue
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: ../src/Ingest
                  Runtime: provided.al2023
                  Handler: bootstrap
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Queue.Arn
                        TumblingWindowInSeconds: 5
            """);

        Assert.Contains("Resources.FnWork (SAM SQS event Work of Fn).Properties.TumblingWindowInSeconds", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UnknownResourceType_IsReportedByName()
    {
        var message = await ErrorAsync("""
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: t
            """);

        Assert.Contains("resource type not supported: Resources.Table: type AWS::DynamoDB::Table", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RefToNothing_NamesTheMissingTarget()
    {
        var message = await ErrorAsync("""
            Resources:
              Topic:
                Type: AWS::SNS::Topic
              Subscription:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Protocol: sqs
                  Endpoint: !GetAtt MissingQueue.Arn
            """);

        Assert.Contains("Resources.Subscription.Properties.Endpoint", message, StringComparison.Ordinal);
        Assert.Contains("refers to MissingQueue", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_SubVariableToNothing_NamesIt()
    {
        var message = await ErrorAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${Nope}-q"
            """);

        Assert.Contains("refers to Nope", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CircularReference_ShowsTheCycle()
    {
        var message = await ErrorAsync("""
            Resources:
              A:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt B.Arn
                    maxReceiveCount: 1
              B:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt A.Arn
                    maxReceiveCount: 1
            """);

        Assert.Contains("circular dependency between resources: A -> B -> A", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UnknownCondition_IsNamed()
    {
        var message = await ErrorAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Condition: Missing
            """);

        Assert.Contains("Resources.Queue.Condition: no condition named Missing", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CircularCondition_IsNamed()
    {
        var message = await ErrorAsync("""
            Conditions:
              A: !Condition B
              B: !Not [!Condition A]
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Condition: A
            """);

        Assert.Contains("circular condition", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_RefToResourceWhoseConditionIsFalse_SaysSo()
    {
        var message = await ErrorAsync("""
            Conditions:
              Never: !Equals [a, b]
            Resources:
              Dlq:
                Type: AWS::SQS::Queue
                Condition: Never
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Dlq.Arn
                    maxReceiveCount: 1
            """);

        Assert.Contains("refers to Dlq, which is not created because its condition Never is false", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ImportOfAnExportNoStackHas_IsRefusedAsCloudFormationWordsIt()
    {
        var message = await ErrorAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !ImportValue shared-name
            """);

        Assert.Equal("No export named shared-name found.", message);
        Assert.Empty(_rig.Sqs.ListQueues(null));
    }

    [Fact]
    public async Task Deploy_MacroCall_IsRefusedWithWhatToDoInstead()
    {
        var message = await ErrorAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName:
                    Fn::Transform:
                      Name: AWS::Include
                      Parameters: {Location: s3://bucket/snippet.yaml}
            """);

        Assert.Contains("Fn::Transform calls a macro", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UnknownAttribute_ListsTheOnesThatExist()
    {
        var message = await ErrorAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
            Outputs:
              Bad:
                Value: !GetAtt Queue.Colour
            """);

        Assert.Contains("Queue (AWS::SQS::Queue) has no attribute Colour (it has: Arn, QueueName, QueueUrl)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_DefinitionPlaceholderWithoutSubstitution_IsNamed()
    {
        var message = await ErrorAsync("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Machine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: ../statemachines/order-fulfilment.asl.json
            """);

        Assert.Contains("the definition uses ${OrchestratorFunctionArn}, which DefinitionSubstitutions does not define", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ServiceRefusesAValue_NamesTheResource()
    {
        var message = await ErrorAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 50000
            """);

        Assert.Contains("Resources.Queue: AWS::SQS::Queue could not be created", message, StringComparison.Ordinal);
        Assert.Contains("VisibilityTimeout", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_BadMappingTimestamp_IsNamed()
    {
        var message = await ErrorAsync("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Stream:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: ../src/Ingest
                  Runtime: provided.al2023
                  Handler: bootstrap
                  Events:
                    Records:
                      Type: Kinesis
                      Properties:
                        Stream: !GetAtt Stream.Arn
                        StartingPosition: AT_TIMESTAMP
                        StartingPositionTimestamp: yesterday
            """);

        Assert.Contains("Resources.FnRecords (SAM Kinesis event Records of Fn).Properties.StartingPositionTimestamp: expected seconds since the epoch, found 'yesterday'",
            message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_MissingCodeUriFolder_IsNamed()
    {
        var message = await ErrorAsync("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: ../src/NoSuchFunction
                  Runtime: provided.al2023
                  Handler: bootstrap
            """);

        Assert.Contains("Resources.Fn.Properties.CodeUri: ../src/NoSuchFunction resolves to", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_SsmParameter_SaysHowToGiveTheValue()
    {
        var message = await ErrorAsync("""
            Parameters:
              Secret:
                Type: AWS::SSM::Parameter::Value<String>
                Default: /sluice/secret
            Resources:
              Queue:
                Type: AWS::SQS::Queue
            """);

        Assert.Contains("Parameters.Secret: parameters of type AWS::SSM::Parameter::Value<String> read Systems Manager", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Resources: [", "not valid YAML")]
    [InlineData("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Bogus x\n", "unknown tag !Bogus")]
    [InlineData("Transform: AWS::Include\nResources: {}\n", "Transform AWS::Include is not supported")]
    [InlineData("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SQS::Queue\n", "not valid YAML at line 4")]
    public async Task Load_MalformedTemplate_SaysWhy(string yaml, string expected)
    {
        Assert.Contains(expected, await ErrorAsync(yaml), StringComparison.Ordinal);
    }
}
