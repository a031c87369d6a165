using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>Transform AWS::LanguageExtensions: Fn::ForEach, Fn::Length, Fn::ToJsonString, FindInMap's DefaultValue and intrinsic policies.</summary>
public sealed class LanguageExtensionTests : IDisposable
{
    private const string Header = """
        Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
        Parameters:
          Stage:
            Type: String
            Default: dev
          Names:
            Type: CommaDelimitedList
            Default: "orders,pay-ments"
        Mappings:
          Sizes:
            dev:
              Memory: 128

        """;

    private readonly StackRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task ForEach_ResourcesConditionsAndOutputs_ExpandOncePerItem()
    {
        var stack = await _rig.DeployTextAsync(Header + """
            Conditions:
              Fn::ForEach::Checks:
                - Name
                - !Ref Names
                - Is&{Name}: !Equals [!Ref Name, orders]
            Resources:
              Fn::ForEach::Queues:
                - Name
                - !Ref Names
                - Queue&{Name}:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: !Sub "${Stage}-${Name}"
            Outputs:
              Fn::ForEach::Urls:
                - Name
                - !Ref Names
                - Url&{Name}:
                    Value: {Ref: !Sub "Queue&{Name}"}
                  Arn&{Name}:
                    Value: !GetAtt [!Sub "Queue&{Name}", Arn]
              OrdersIsOrders:
                Value: !If [Isorders, yes, no]
              PaymentsIsOrders:
                Value: !If [Ispayments, yes, no]
            """);

        Assert.Equal(["Queueorders", "Queuepayments"], stack.Resources.Select(r => r.LogicalId).Order(StringComparer.Ordinal));
        Assert.Equal("http://127.0.0.1:4566/000000000000/dev-orders", stack.Outputs["Urlorders"]);
        Assert.Equal("http://127.0.0.1:4566/000000000000/dev-pay-ments", stack.Outputs["Urlpayments"]);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:dev-pay-ments", stack.Outputs["Arnpayments"]);
        Assert.Equal("yes", stack.Outputs["OrdersIsOrders"]);
        Assert.Equal("no", stack.Outputs["PaymentsIsOrders"]);
    }

    [Fact]
    public async Task ForEach_NestedAndInProperties_CombinesEveryItemAndRefsTheIdentifier()
    {
        var stack = await _rig.DeployTextAsync(Header + """
            Resources:
              Fn::ForEach::Stages:
                - Env
                - [a, b]
                - Fn::ForEach::Kinds:
                    - Kind
                    - [x, y]
                    - ${Env}${Kind}:
                        Type: AWS::SNS::Topic
                        Properties:
                          Tags:
                            - Key: kind
                              Value: !Ref Kind
                            - Key: env
                              Value: !Ref Env
            """);

        Assert.Equal(["ax", "ay", "bx", "by"], stack.Resources.Select(r => r.LogicalId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("!Length [a, b, c]", "3")]
    [InlineData("!Length {Ref: Names}", "2")]
    [InlineData("!ToJsonString {a: 1, b: [true, !Ref Stage], c: \"<&>\"}", "{\"a\":1,\"b\":[true,\"dev\"],\"c\":\"<&>\"}")]
    [InlineData("!ToJsonString [!Ref AWS::Region]", "[\"us-east-1\"]")]
    [InlineData("!FindInMap [Sizes, prod, Memory, {DefaultValue: 256}]", "256")]
    [InlineData("!FindInMap [Sizes, dev, Memory, {DefaultValue: 256}]", "128")]
    [InlineData("!FindInMap [Nothing, !Ref Stage, Memory, {DefaultValue: !Ref Stage}]", "dev")]
    public async Task Output_LanguageExtensionFunction_Resolves(string expression, string expected)
    {
        var stack = await _rig.DeployTextAsync(Header + """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            Outputs:
              Out:
                Value:
            """ + " " + expression + "\n");

        Assert.Equal(expected, stack.Outputs["Out"]);
    }

    [Fact]
    public void Policies_GivenAsIntrinsics_AreResolvedBeforeTheResourcesAreRead()
    {
        var template = TemplateLoader.Load(Header + """
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                DeletionPolicy: !If [IsProd, Retain, Delete]
                UpdateReplacePolicy: !FindInMap [Policies, !Ref Stage, Replace, {DefaultValue: Retain}]
            """, "test.yaml", StackRig.Settings(("Stage", "prod")));

        var queue = Assert.Single(template.Resources);
        Assert.Equal("Retain", queue.DeletionPolicy);
        Assert.Equal("Retain", queue.UpdateReplacePolicy);
    }

    [Theory]
    [InlineData("Fn::ForEach::Q: [Name, [a, a], {\"Q${Name}\": {Type: AWS::SQS::Queue}}]", "the key Qa appears twice after Fn::ForEach is expanded")]
    [InlineData("Fn::ForEach::Q: [Name, [a], {\"Q${Name}\": {Type: AWS::SQS::Queue}}, extra]", "Fn::ForEach takes [Identifier, Collection, {OutputKey: OutputValue}]")]
    [InlineData("Fn::ForEach::Q: [Stage, [a], {\"Q${Stage}\": {Type: AWS::SQS::Queue}}]", "the identifier Stage is already the name of a parameter")]
    [InlineData("Fn::ForEach::Q: [Name, !Ref Stage, {\"Q${Name}\": {Type: AWS::SQS::Queue}}]", "the Fn::ForEach collection must be a list or return one")]
    [InlineData("Fn::ForEach::Q: [Name, !GetAtt Other.Arn, {\"Q${Name}\": {Type: AWS::SQS::Queue}}]", "a Fn::ForEach collection can refer to parameters, pseudo-parameters and mappings, not to the resource Other")]
    [InlineData("Q: {Type: AWS::SQS::Queue, DeletionPolicy: !Ref Stage}", "Resources.Q.DeletionPolicy: 'dev' is not a DeletionPolicy")]
    [InlineData("Q: {Type: AWS::SQS::Queue, UpdateReplacePolicy: RetainExceptOnCreate}", "'RetainExceptOnCreate' is not a UpdateReplacePolicy; use Delete or Retain")]
    [InlineData("Q: {Type: AWS::SQS::Queue, DeletionPolicy: Snapshot}", "Resources.Q.DeletionPolicy: Snapshot is not supported for resource type AWS::SQS::Queue")]
    public void Load_MisusedExtension_IsATemplateError(string resource, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => TemplateLoader.Load(Header + "Resources:\n  " + resource + "\n", "test.yaml", StackRig.Settings()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForEachNestedSixDeep_IsRefused()
    {
        var loop = "{\"Q${A}${B}${C}${D}${E}${F}\": {Type: AWS::SQS::Queue}}";
        foreach (var id in new[] { "F", "E", "D", "C", "B", "A" })
        {
            loop = $"{{\"Fn::ForEach::L{id}\": [{id}, [x], {loop}]}}";
        }

        var error = Assert.Throws<TemplateException>(() => TemplateLoader.Load(Header + "Resources: " + loop + "\n", "test.yaml", StackRig.Settings()));

        Assert.Contains("Fn::ForEach loops can be nested at most 5 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PolicyIntrinsicWithoutTheTransform_IsRefused()
    {
        var error = Assert.Throws<TemplateException>(() => TemplateLoader.Load("""
            Resources:
              Q:
                Type: AWS::SQS::Queue
                DeletionPolicy: !If [Always, Retain, Delete]
            """, "test.yaml", StackRig.Settings()));

        Assert.Contains("Resources.Q.DeletionPolicy: Every DeletionPolicy member must be a string", error.Message, StringComparison.Ordinal);
    }
}
