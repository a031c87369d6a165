using System.Text.Json.Nodes;

namespace Sluice.Infra.Tests;

public sealed class CfnYamlTests
{
    [Fact]
    public void LoadObject_ShortTags_BecomeLongFormIntrinsics()
    {
        var yaml = """
            A: !Ref Stream
            B: !GetAtt Queue.Arn
            C: !Sub ${AWS::StackName}-x
            D: !Sub ["${X}", { X: !Ref Y }]
            E: !If [HasEmail, !Ref Email, !Ref AWS::NoValue]
            F: !Select [0, !Split [",", "a,b"]]
            G: !Join ["", [a, b]]
            H: !Not [!Equals [!Ref P, ""]]
            """;

        var root = CfnYaml.LoadObject(yaml, "t.yaml");

        Assert.Equal("""{"Ref":"Stream"}""", root["A"]!.ToJsonString());
        Assert.Equal("""{"Fn::GetAtt":["Queue","Arn"]}""", root["B"]!.ToJsonString());
        Assert.Equal("""{"Fn::Sub":"${AWS::StackName}-x"}""", root["C"]!.ToJsonString());
        Assert.Equal("""{"Fn::Sub":["${X}",{"X":{"Ref":"Y"}}]}""", root["D"]!.ToJsonString());
        Assert.Equal("""{"Fn::If":["HasEmail",{"Ref":"Email"},{"Ref":"AWS::NoValue"}]}""", root["E"]!.ToJsonString());
        Assert.Equal("""{"Fn::Select":[0,{"Fn::Split":[",","a,b"]}]}""", root["F"]!.ToJsonString());
        Assert.Equal("""{"Fn::Join":["",["a","b"]]}""", root["G"]!.ToJsonString());
        Assert.Equal("""{"Fn::Not":[{"Fn::Equals":[{"Ref":"P"},""]}]}""", root["H"]!.ToJsonString());
    }

    [Fact]
    public void LoadObject_Scalars_KeepYamlTypes()
    {
        var root = CfnYaml.LoadObject("a: 90\nb: true\nc: \"90\"\nd: 2010-09-09\ne: on\nf: 1.5\n", "t.yaml");

        Assert.Equal(90, root["a"]!.GetValue<long>());
        Assert.True(root["b"]!.GetValue<bool>());
        Assert.Equal("90", root["c"]!.GetValue<string>());
        Assert.Equal("2010-09-09", root["d"]!.GetValue<string>());
        Assert.Equal("on", root["e"]!.GetValue<string>());
        Assert.Equal(1.5, root["f"]!.GetValue<double>());
    }

    [Fact]
    public void LoadObject_UnknownTag_FailsWithLine()
    {
        var e = Assert.Throws<FormatException>(() => CfnYaml.LoadObject("a: 1\nb: !Bogus x\n", "t.yaml"));
        Assert.Contains("t.yaml:2", e.Message, StringComparison.Ordinal);
        Assert.Contains("!Bogus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadObject_DuplicateKey_Fails()
    {
        var e = Assert.Throws<FormatException>(() => CfnYaml.LoadObject("a: 1\na: 2\n", "t.yaml"));
        Assert.Contains("duplicate key a", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LoadObject_GetAttWithoutAttribute_Fails()
    {
        Assert.Throws<FormatException>(() => CfnYaml.LoadObject("a: !GetAtt Queue\n", "t.yaml"));
    }

    [Fact]
    public void LoadObject_BrokenYaml_FailsWithSource()
    {
        var e = Assert.Throws<FormatException>(() => CfnYaml.LoadObject("a: [1, 2\n", "t.yaml"));
        Assert.StartsWith("t.yaml:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadObject_RealTemplates_ParseWithResources()
    {
        Assert.NotEmpty(Inputs.Template().Resources);
        Assert.NotEmpty(Inputs.Pipeline().Resources);
        Assert.IsType<JsonObject>(Inputs.Template().Root["Globals"]);
    }
}
