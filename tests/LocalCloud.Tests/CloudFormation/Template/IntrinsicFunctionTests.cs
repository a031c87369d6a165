using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>Each intrinsic function and condition, short and long form, evaluated through Outputs.</summary>
public sealed class IntrinsicFunctionTests : IDisposable
{
    private const string Header = """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Stage:
            Type: String
            Default: dev
          Count:
            Type: Number
            Default: 3
          Names:
            Type: CommaDelimitedList
            Default: "a,b,c"
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
          IsNotProd: !Not [!Condition IsProd]
          IsDevAndThree: !And [!Equals [!Ref Stage, dev], !Equals [!Ref Count, 3]]
          IsProdOrThree: {"Fn::Or": [{"Condition": "IsProd"}, {"Fn::Equals": [{"Ref": "Count"}, "3"]}]}
        Mappings:
          Sizes:
            dev:
              Memory: 128
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub "${AWS::StackName}-q"
        Outputs:

        """;

    private readonly StackRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private async Task<string> OutputAsync(string value, params (string, string)[] parameters)
    {
        var stack = await _rig.DeployTextAsync(Header + "  Out:\n    Value: " + value + "\n", parameters);
        return stack.Outputs["Out"];
    }

    [Theory]
    [InlineData("!Ref Stage", "dev")]
    [InlineData("{\"Ref\": \"Count\"}", "3")]
    [InlineData("!Ref AWS::Region", "us-east-1")]
    [InlineData("!Ref AWS::AccountId", "000000000000")]
    [InlineData("!Ref AWS::StackName", "sluice-dev")]
    [InlineData("!Ref AWS::Partition", "aws")]
    [InlineData("!Ref AWS::URLSuffix", "amazonaws.com")]
    [InlineData("!Ref Queue", "http://127.0.0.1:4566/000000000000/sluice-dev-q")]
    [InlineData("!GetAtt Queue.Arn", "arn:aws:sqs:us-east-1:000000000000:sluice-dev-q")]
    [InlineData("{\"Fn::GetAtt\": [\"Queue\", \"QueueName\"]}", "sluice-dev-q")]
    [InlineData("!Sub \"${Stage}-${Queue.QueueName}-${!Literal}\"", "dev-sluice-dev-q-${Literal}")]
    [InlineData("!Sub [\"${Prefix}/${AWS::Region}/${Stage}\", {Prefix: !Ref Count}]", "3/us-east-1/dev")]
    [InlineData("{\"Fn::Sub\": \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}", "arn:aws:iam::000000000000:root")]
    [InlineData("!Join [\":\", [a, !Ref Stage, !GetAtt Queue.QueueName]]", "a:dev:sluice-dev-q")]
    [InlineData("!Join [\"+\", !Ref Names]", "a+b+c")]
    [InlineData("!Select [1, !Ref Names]", "b")]
    [InlineData("!Select [2, !Split [\"-\", !GetAtt Queue.QueueName]]", "q")]
    [InlineData("{\"Fn::Select\": [\"0\", {\"Fn::Split\": [\"/\", \"x/y\"]}]}", "x")]
    [InlineData("!Join [\",\", !Split [\"|\", \"1|2|3\"]]", "1,2,3")]
    [InlineData("!If [IsProd, big, small]", "small")]
    [InlineData("!If [IsNotProd, yes, no]", "yes")]
    [InlineData("!If [IsDevAndThree, yes, no]", "yes")]
    [InlineData("{\"Fn::If\": [\"IsProdOrThree\", \"yes\", \"no\"]}", "yes")]
    [InlineData("!FindInMap [Sizes, !Ref Stage, Memory]", "128")]
    [InlineData("!Base64 abc", "YWJj")]
    [InlineData("!Join [\",\", !GetAZs \"\"]", "us-east-1a,us-east-1b,us-east-1c,us-east-1d,us-east-1e,us-east-1f")]
    [InlineData("!Select [0, !GetAZs {Ref: AWS::Region}]", "us-east-1a")]
    [InlineData("{\"Fn::Join\": [\",\", {\"Fn::GetAZs\": \"us-west-1\"}]}", "us-west-1a,us-west-1c")]
    [InlineData("!Join [\",\", !Cidr [\"192.168.0.0/24\", 6, 5]]", "192.168.0.0/27,192.168.0.32/27,192.168.0.64/27,192.168.0.96/27,192.168.0.128/27,192.168.0.160/27")]
    [InlineData("!Join [\",\", !Cidr [\"10.0.0.0/16\", 3, 8]]", "10.0.0.0/24,10.0.1.0/24,10.0.2.0/24")]
    [InlineData("!Select [1, !Cidr [\"10.0.0.0/16\", 2, 12]]", "10.0.16.0/20")]
    [InlineData("!Join [\",\", !Cidr [\"10.0.0.0/30\", 4, 0]]", "10.0.0.0/32,10.0.0.1/32,10.0.0.2/32,10.0.0.3/32")]
    [InlineData("!Join [\",\", !Cidr [\"2600:1f18:abcd:1200::/56\", 2, 64]]", "2600:1f18:abcd:1200::/64,2600:1f18:abcd:1201::/64")]
    public async Task Output_Intrinsic_Resolves(string expression, string expected)
    {
        Assert.Equal(expected, await OutputAsync(expression));
    }

    [Fact]
    public async Task ImportValue_ExportedName_IsTheExportersValue()
    {
        _rig.Exports["shared-queue"] = "http://127.0.0.1:4566/000000000000/shared";
        _rig.Exports["dev-topic"] = "arn:aws:sns:us-east-1:000000000000:t";

        Assert.Equal("http://127.0.0.1:4566/000000000000/shared", await OutputAsync("!ImportValue shared-queue"));
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:t", await OutputAsync("{\"Fn::ImportValue\": {\"Fn::Sub\": \"${Stage}-topic\"}}"));
    }

    [Theory]
    [InlineData("!GetAZs mars-north-1", "Fn::GetAZs: mars-north-1 is not a region")]
    [InlineData("!Cidr [\"10.0.0.0/24\", 0, 4]", "count must be between 1 and 256, found 0")]
    [InlineData("!Cidr [\"10.0.0.0/8\", 257, 4]", "count must be between 1 and 256, found 257")]
    [InlineData("!Cidr [\"10.0.0.0/24\", 17, 4]", "10.0.0.0/24 holds fewer than 17 blocks of /28")]
    [InlineData("!Cidr [\"10.0.0.0/24\", 1, 9]", "cidrBits must be between 0 and 8 for 10.0.0.0/24, found 9")]
    [InlineData("!Cidr [\"10.0.0.0\", 1, 4]", "'10.0.0.0' is not an IP address block in CIDR notation")]
    [InlineData("!Cidr [\"10.0.0.0/24\", two, 4]", "count 'two' is not an integer")]
    [InlineData("!Cidr [\"10.0.0.0/24\", 2]", "Fn::Cidr takes [ipBlock, count, cidrBits]")]
    [InlineData("!Length [a, b]", "Fn::Length needs the template's Transform to include AWS::LanguageExtensions")]
    [InlineData("!ToJsonString {a: b}", "Fn::ToJsonString needs the template's Transform to include AWS::LanguageExtensions")]
    [InlineData("!FindInMap [Sizes, prod, Memory, {DefaultValue: 1}]", "a DefaultValue needs Transform AWS::LanguageExtensions")]
    [InlineData("!FindInMap [Sizes, prod, Memory]", "Unable to get mapping for Sizes::prod::Memory")]
    public async Task Output_IntrinsicMisused_IsATemplateError(string expression, string expected)
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => OutputAsync(expression));

        Assert.StartsWith("Template error: Outputs.Out", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_ParameterOverridden_Flips()
    {
        Assert.Equal("big", await OutputAsync("!If [IsProd, big, small]", ("Stage", "prod")));
        Assert.Equal("no", await OutputAsync("!If [IsDevAndThree, yes, no]", ("Count", "4")));
        Assert.Equal("no", await OutputAsync("!If [IsProdOrThree, yes, no]", ("Count", "4")));
    }

    [Fact]
    public async Task NoValue_InAnIf_DropsTheProperty()
    {
        var stack = await _rig.DeployTextAsync("""
            Conditions:
              Never: !Equals [a, b]
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: plain
                  VisibilityTimeout: !If [Never, 99, !Ref AWS::NoValue]
                  DelaySeconds: !If [Never, !Ref AWS::NoValue, 7]
            """);

        var attributes = _rig.Sqs.GetQueueAttributes(stack["Queue"].PhysicalId, ["All"]);
        Assert.Equal("30", attributes["VisibilityTimeout"]);
        Assert.Equal("7", attributes["DelaySeconds"]);
    }

    [Fact]
    public async Task Resource_WithoutName_GetsCloudFormationsGeneratedNameTheSameEachTime()
    {
        const string Yaml = """
            Resources:
              Work:
                Type: AWS::SQS::Queue
              Fifo:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
              Topic:
                Type: AWS::SNS::Topic
            """;
        var first = await _rig.DeployTextAsync(Yaml);
        using var other = new StackRig();
        var second = await other.DeployTextAsync(Yaml);

        Assert.Matches("^sluice-dev-Work-[A-Z0-9]{12}$", first["Work"].Attributes["QueueName"]);
        Assert.Matches("^sluice-dev-Fifo-[A-Z0-9]{12}\\.fifo$", first["Fifo"].Attributes["QueueName"]);
        Assert.Matches("^arn:aws:sns:us-east-1:000000000000:sluice-dev-Topic-[A-Z0-9]{12}$", first["Topic"].PhysicalId);
        Assert.Equal(first["Work"].PhysicalId, second["Work"].PhysicalId);
        Assert.Equal(first["Topic"].PhysicalId, second["Topic"].PhysicalId);
    }

    [Fact]
    public void GeneratedName_LongerThanTheLimit_IsCutToFit()
    {
        var name = PhysicalNames.Generate(new string('s', 70), new string('L', 70), 80);

        Assert.Equal(80, name.Length);
        Assert.Matches("^s+-L+-[A-Z0-9]{12}$", name);
    }

    [Fact]
    public async Task Globals_ResourceValues_OverrideScalarsAndMergeMaps()
    {
        await _rig.DeployTextAsync("""
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Runtime: provided.al2023
                Handler: bootstrap
                MemorySize: 256
                Timeout: 5
                Environment:
                  Variables:
                    SHARED: from-globals
                    OVERRIDDEN: from-globals
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: ../src/Ingest
                  MemorySize: 512
                  ReservedConcurrentExecutions: 2
                  Environment:
                    Variables:
                      OVERRIDDEN: from-function
                      OWN: mine
            """);

        var function = _rig.Lambda.Function("Fn");
        Assert.Equal(512, function.MemorySizeMb);
        Assert.Equal(5, function.TimeoutSeconds);
        Assert.Equal(2, function.ReservedConcurrentExecutions);
        Assert.Equal("x86_64", function.Architecture);
        Assert.Equal(new Dictionary<string, string> { ["SHARED"] = "from-globals", ["OVERRIDDEN"] = "from-function", ["OWN"] = "mine" }, function.Environment);
        Assert.Matches("^sluice-dev-Fn-[A-Z0-9]{12}$", function.FunctionName);
        Assert.Matches("^arn:aws:iam::000000000000:role/sluice-dev-FnRole-[A-Z0-9]{12}$", function.RoleArn);
    }

    [Fact]
    public async Task StateMachine_InlineDefinition_IsCreatedWithGeneratedName()
    {
        var stack = await _rig.DeployTextAsync("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Machine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition:
                    StartAt: Done
                    States:
                      Done:
                        Type: Pass
                        Result: ${Greeting}
                        End: true
                  DefinitionSubstitutions:
                    Greeting: !Sub "hello from ${AWS::Region}"
            """);

        Assert.Matches("^Machine-[A-Z0-9]{12}$", stack["Machine"].Attributes["Name"]);
        Assert.Equal(ResourceStatus.NotEmulated, stack["MachineRole"].Status);
        var described = await _rig.StepFunctions.HandleAsync("DescribeStateMachine",
            System.Text.Encoding.UTF8.GetBytes($$"""{"stateMachineArn":"{{stack["Machine"].PhysicalId}}"}"""), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("hello from us-east-1", described.Body, StringComparison.Ordinal);
    }
}
