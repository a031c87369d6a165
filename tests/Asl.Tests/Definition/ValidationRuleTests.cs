using Sluice.Asl.Definition;
using Sluice.Asl.Definition.Validation;

namespace Sluice.Asl.Tests.Definition;

/// <summary>Each rule of the catalogue, shown failing on a definition that breaks it (and only it, where that can be).</summary>
public sealed class ValidationRuleTests
{
    private const string Pass = """{"Type":"Pass","End":true}""";
    private const string Lambda = "arn:aws:lambda:us-east-1:000000000000:function:f";

    /// <summary>A machine whose only state is <paramref name="state"/>, named A.</summary>
    private static string One(string state, string extraTop = "") => "{" + extraTop + "\"StartAt\":\"A\",\"States\":{\"A\":" + state + "}}";

    private static string Map(string mapFields, string processorConfig = """{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}""") =>
        One("{\"Type\":\"Map\"," + mapFields + "\"ItemProcessor\":{\"ProcessorConfig\":" + processorConfig + ",\"StartAt\":\"P\",\"States\":{\"P\":" + Pass + "}},\"End\":true}");

    public static TheoryData<string, string, string?> Cases() => new()
    {
        { "S01", "[1,2]", null },
        { "S01", "   ", null },
        { "S02", "not a definition", "[Source: (String)\"not a definition\"; line: 1, column: 4]" },
        { "S02", """{"StartAt":"A",}""", "[Source: (String)\"{\"StartAt\":\"A\",}\"; line: 1, column: 17]" },
        { "S03", """{"StartAt":"A","StartAt":"B","States":{"A":{"Type":"Pass","End":true}}}""", "[Source: (String)\"{\"StartAt\":\"A\",\"StartAt\":\"B\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}\"; line: 1, column: 16]" },
        { "S04", new string('[', 300) + new string(']', 300), null },
        { "S05", """{"States":{"A":{"Type":"Pass","End":true}}}""", "/" },
        { "S06", One(Pass, """ "Foo":1, """), "/" },
        { "S07", """{"StartAt":7,"States":{"A":{"Type":"Pass","End":true}}}""", "/StartAt" },
        { "S07", One("""{"Type":"Pass","End":"yes"}"""), "/States/A/End" },
        { "S08", One(Pass, """ "TimeoutSeconds":0, """), "/TimeoutSeconds" },
        { "S09", """{"StartAt":"A","States":{}}""", "/States" },
        { "S10", One(Pass, """ "QueryLanguage":"JSONPATH", """), "/QueryLanguage" },
        { "S11", One("""{"Type":"Pass","QueryLanguage":"JSONPath","End":true}""", """ "QueryLanguage":"JSONata", """), "/States/A" },
        { "N01", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"},"NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN":{"Type":"Pass","End":true}}}""", "/States/NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN" },
        { "N02", """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"A":{"Type":"Pass","End":true}}}""", "/States/A" },
        { "N02", """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}],"End":true}}}""", "/States/P/Branches[0]/States/P" },
        { "N02", """{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"Next":"X"},"X":{"Type":"Pass","End":true}}}""", "/States/X" },
        { "N03", Map(""" "Label":"my label", """), "/States/A/Label" },
        { "N03", Map(""" "Label":"12345678901234567890123456789012345678901", """), "/States/A/Label" },
        { "N04", """{"StartAt":"M1","States":{"M1":{"Type":"Map","Label":"L","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P1","States":{"P1":{"Type":"Pass","End":true}}},"Next":"M2"},"M2":{"Type":"Map","Label":"L","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P2","States":{"P2":{"Type":"Pass","End":true}}},"End":true}}}""", "/States/M2/Label" },
        { "T01", """{"StartAt":"Nowhere","States":{"A":{"Type":"Pass","End":true}}}""", "/StartAt" },
        { "T02", One("""{"Type":"Pass","Next":"B"}"""), "/States/A/Next" },
        { "T02", """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"After"}}}],"Next":"After"},"After":{"Type":"Pass","End":true}}}""", "/States/P/Branches[0]/States/B/Next" },
        { "T03", """{"StartAt":"pass1","States":{"pass1":{"Type":"Pass","End":true},"pass2":{"Type":"Pass","End":true}}}""", "/States/pass2" },
        { "T04", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}""", "/" },
        { "T05", One("""{"Type":"Pass"}"""), "/States/A" },
        { "T05", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B","End":true},"B":{"Type":"Pass","End":true}}}""", "/States/A" },
        { "T06", """{"StartAt":"A","States":{"A":{"Type":"Succeed","Next":"B"},"B":{"Type":"Succeed"}}}""", "/States/A" },
        { "F01", One("""{"End":true}"""), "/States/A" },
        { "F01", One("""{"Type":"Sleep","End":true}"""), "/States/A/Type" },
        { "F02", One("""{"Type":"Pass","Retry":[],"End":true}"""), "/States/A" },
        { "F02", One("""{"Type":"Succeed","Assign":{"x":1}}"""), "/States/A" },
        { "F03", One("""{"Type":"Pass","QueryLanguage":"JSONata","Parameters":{"a":1},"End":true}"""), "/States/A" },
        { "F03", One("""{"Type":"Pass","QueryLanguage":"JSONata","ResultPath":"$.x","End":true}"""), "/States/A" },
        { "F04", One("""{"Type":"Task","Resource":"LAMBDA","Arguments":{"a":1},"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A" },
        { "F04", One("""{"Type":"Pass","Output":{"a":1},"End":true}"""), "/States/A" },
        { "F05", One("""{"Type":"Task","End":true}"""), "/States/A" },
        { "F05", One("""{"Type":"Task","Resource":"arn:aws:states:::dynamodb:query","End":true}"""), "/States/A/Resource" },
        { "F06", One("""{"Type":"Task","Resource":"LAMBDA","TimeoutSeconds":0,"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/TimeoutSeconds" },
        { "F06", One("""{"Type":"Task","Resource":"LAMBDA","QueryLanguage":"JSONata","HeartbeatSeconds":"$.x","End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/HeartbeatSeconds" },
        { "F07", One("""{"Type":"Task","Resource":"LAMBDA","TimeoutSeconds":5,"TimeoutSecondsPath":"$.t","End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A" },
        { "F08", One("""{"Type":"Task","Resource":"LAMBDA","TimeoutSeconds":5,"HeartbeatSeconds":5,"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/HeartbeatSeconds" },
        { "F09", One("""{"Type":"Task","Resource":"LAMBDA","Credentials":{},"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Credentials" },
        { "F10", One("""{"Type":"Wait","Seconds":1,"Timestamp":"2016-03-14T01:59:00Z","End":true}"""), "/States/A" },
        { "F10", One("""{"Type":"Wait","End":true}"""), "/States/A" },
        { "F11", One("""{"Type":"Wait","Seconds":-1,"End":true}"""), "/States/A/Seconds" },
        { "F11", One("""{"Type":"Wait","Timestamp":"2016-03-14 01:59:00Z","End":true}"""), "/States/A/Timestamp" },
        { "F12", One("""{"Type":"Fail","Cause":"c","CausePath":"$.cause"}"""), "/States/A" },
        { "F12", One("""{"Type":"Fail","Error":"e","ErrorPath":"$.error"}"""), "/States/A" },
        { "F13", One("""{"Type":"Parallel","Branches":[],"End":true}"""), "/States/A/Branches" },
        { "F13", One("""{"Type":"Parallel","Branches":[{"StartAt":"B"}],"End":true}"""), "/States/A/Branches[0]" },
        { "F14", One("""{"Type":"Task","Resource":"LAMBDA","ResultSelector":"$.x","End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/ResultSelector" },
        { "F15", Map("", """{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"}""").Replace(Pass, """{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2","End":true}""", StringComparison.Ordinal), "/States/A/ItemProcessor/States/P/Resource" },
        { "F16", One("""{"Type":"Choice","Choices":[]}"""), "/States/A/Choices" },
        { "F16", One("""{"Type":"Choice","Default":"A"}"""), "/States/A" },
        { "C01", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true}],"Default":"D"},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]" },
        { "C02", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Not":{"Variable":"$.x","IsNull":true,"Next":"D"},"Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]/Not" },
        { "C03", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true,"IsString":true,"Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]" },
        { "C03", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]" },
        { "C04", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"IsNull":true,"Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]" },
        { "C05", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"And":[],"Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]/And" },
        { "C06", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":"1","Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]/NumericEquals" },
        { "C06", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","TimestampEquals":"yesterday","Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]/TimestampEquals" },
        { "C07", """{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]" },
        { "C07", """{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Condition":"$states.input.x","Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]/Condition" },
        { "C08", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true,"Next":"D","Output":{}}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]" },
        { "E01", One("""{"Type":"Task","Resource":"LAMBDA","Retry":[{"MaxAttempts":1}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Retry[0]" },
        { "E02", One("""{"Type":"Task","Resource":"LAMBDA","Retry":[{"ErrorEquals":["States.ALL","States.Timeout"]}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Retry[0]/ErrorEquals" },
        { "E03", One("""{"Type":"Task","Resource":"LAMBDA","Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["States.Timeout"]}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Retry[0]/ErrorEquals" },
        { "E03", """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"LAMBDA","Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"},{"ErrorEquals":["X"],"Next":"F"}],"End":true},"F":{"Type":"Fail"}}}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal), "/States/A/Catch[0]/ErrorEquals" },
        { "E04", One("""{"Type":"Task","Resource":"LAMBDA","Retry":[{"ErrorEquals":["X"],"BackoffRate":0.5}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Retry[0]/BackoffRate" },
        { "E04", One("""{"Type":"Task","Resource":"LAMBDA","Retry":[{"ErrorEquals":["X"],"MaxDelaySeconds":31622401}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Retry[0]/MaxDelaySeconds" },
        { "E04", One("""{"Type":"Task","Resource":"LAMBDA","Retry":[{"ErrorEquals":["X"],"JitterStrategy":"HALF"}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Retry[0]/JitterStrategy" },
        { "E05", One("""{"Type":"Task","Resource":"LAMBDA","Catch":[{"ErrorEquals":["X"]}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Catch[0]" },
        { "E06", One("""{"Type":"Task","Resource":"LAMBDA","Retry":[{"ErrorEquals":["X"],"Next":"A"}],"End":true}""".Replace("LAMBDA", Lambda, StringComparison.Ordinal)), "/States/A/Retry[0]" },
        { "M01", One("""{"Type":"Map","End":true}"""), "/States/A" },
        { "M01", One("""{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Iterator":{"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}},"End":true}"""), "/States/A" },
        { "M02", Map("", """{"Mode":"DISTRIBUTED"}"""), "/States/A/ItemProcessor/ProcessorConfig" },
        { "M02", Map("", """{"Mode":"PARALLEL"}"""), "/States/A/ItemProcessor/ProcessorConfig/Mode" },
        { "M03", Map(""" "ItemSelector":{},"Parameters":{}, """), "/States/A" },
        { "M04", Map(""" "MaxConcurrency":-1, """), "/States/A/MaxConcurrency" },
        { "M04", Map(""" "MaxConcurrency":1,"MaxConcurrencyPath":"$.m", """), "/States/A" },
        { "M05", Map(""" "ToleratedFailurePercentage":101, """), "/States/A/ToleratedFailurePercentage" },
        { "M05", Map(""" "ToleratedFailureCount":1,"ToleratedFailureCountPath":"$.c", """), "/States/A" },
        { "M06", Map(""" "ToleratedFailureCount":1, """, """{"Mode":"INLINE"}"""), "/States/A/ToleratedFailureCount" },
        { "M06", Map(""" "ItemBatcher":{"MaxItemsPerBatch":2}, """, """{"Mode":"INLINE"}"""), "/States/A/ItemBatcher" },
        { "M07", Map(""" "ItemReader":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Key":"k"}}, """), "/States/A/ItemReader/Resource" },
        { "M07", Map(""" "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"GIVEN"},"Parameters":{"Bucket":"b","Key":"k"}}, """), "/States/A/ItemReader/ReaderConfig" },
        { "M07", Map(""" "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"XML"},"Parameters":{"Bucket":"b","Key":"k"}}, """), "/States/A/ItemReader/ReaderConfig/InputType" },
        { "M08", Map(""" "ItemBatcher":{"BatchInput":{}}, """), "/States/A/ItemBatcher" },
        { "M08", Map(""" "ItemBatcher":{"MaxInputBytesPerBatch":262145}, """), "/States/A/ItemBatcher/MaxInputBytesPerBatch" },
        { "M09", Map(""" "ResultWriter":{}, """), "/States/A/ResultWriter" },
        { "M09", Map(""" "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}}, """), "/States/A/ResultWriter/Parameters" },
        { "M09", Map(""" "ResultWriter":{"WriterConfig":{"OutputType":"CSV"}}, """), "/States/A/ResultWriter/WriterConfig/OutputType" },
        { "P01", One("""{"Type":"Pass","InputPath":"x","End":true}"""), "/States/A/InputPath" },
        { "P02", One("""{"Type":"Pass","ResultPath":"$.a[*]","End":true}"""), "/States/A/ResultPath" },
        { "P02", One("""{"Type":"Pass","ResultPath":"$$.Execution","End":true}"""), "/States/A/ResultPath" },
        { "P03", One("""{"Type":"Wait","SecondsPath":"$.a[?(@.b)]","End":true}"""), "/States/A/SecondsPath" },
        { "P03", Map(""" "ItemsPath":"items", """), "/States/A/ItemsPath" },
        { "P04", One("""{"Type":"Pass","Parameters":{"x.$":"States.Nope()"},"End":true}"""), "/States/A/Parameters" },
        { "P04", One("""{"Type":"Pass","Parameters":{"x.$":5},"End":true}"""), "/States/A/Parameters" },
        { "P05", One("""{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input","End":true}"""), "/States/A/Output" },
        { "P05", One("""{"Type":"Pass","QueryLanguage":"JSONata","Output":{"a":["{%  %}"]},"End":true}"""), "/States/A/Output/a[0]" },
        { "V01", One("""{"Type":"Pass","Assign":["x"],"End":true}"""), "/States/A/Assign" },
        { "V02", One("""{"Type":"Pass","Assign":{"x.y":1},"End":true}"""), "/States/A/Assign" },
        { "V02", One("""{"Type":"Pass","Assign":{"states":1},"End":true}"""), "/States/A/Assign" },
        { "V02", One("""{"Type":"Pass","Assign":{"1st":1},"End":true}"""), "/States/A/Assign" },
        { "V03", """{"StartAt":"S","States":{"S":{"Type":"Pass","Assign":{"x":1},"Next":"P"},"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Assign":{"x":2},"End":true}}}],"End":true}}}""", "/States/P/Branches[0]/States/B/Assign" },
        { "W01", One("""{"Type":"Pass","Parameters":{"x":"$.y"},"End":true}"""), "/States/A/Parameters" },
        { "W02", One("""{"Type":"Fail","Cause":"$.cause"}"""), "/States/A/Cause" },
        { "W03", One("""{"Type":"Pass","Result":{"x.$":"$.y"},"End":true}"""), "/States/A/Result" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_DefinitionBreakingRule_ReportsItAtItsLocation(string ruleId, string definition, string? location)
    {
        var diagnostics = DefinitionParser.Validate(definition);
        var rule = ValidationRules.All.Single(r => r.Id == ruleId);
        Assert.True(
            diagnostics.Any(d => d.RuleId == ruleId && d.Location == location && d.Code == rule.Code && d.Severity == rule.Severity),
            $"{ruleId} not reported at {location}; got: {string.Join("; ", diagnostics.Select(d => $"{d.RuleId} {d}"))}");
    }

    [Theory]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Express state machine does not support '.waitForTaskToken' service integration ")]
    [InlineData("arn:aws:states:::states:startExecution.sync", "Express state machine does not support '.sync' service integration")]
    [InlineData("arn:aws:states:us-east-1:000000000000:activity:work", "Express state machine does not support Activity ARN")]
    public void Validate_ExpressMachineWithCallbackSyncOrActivity_ReportsF15(string resource, string message)
    {
        var definition = One("""{"Type":"Task","Resource":"RESOURCE","End":true}""".Replace("RESOURCE", resource, StringComparison.Ordinal));
        var diagnostic = Assert.Single(DefinitionParser.Validate(definition, express: true));
        Assert.Equal(("F15", message, "/States/A/Resource"), (diagnostic.RuleId, diagnostic.Message, diagnostic.Location));
        Assert.Empty(DefinitionParser.Validate(definition, express: false));
    }

    [Fact]
    public void Cases_CoverEveryRuleButTheApiSizeLimit()
    {
        var covered = Cases().Select(row => row.Data.Item1).ToHashSet(StringComparer.Ordinal);
        var uncovered = ValidationRules.All.Where(r => r.Id != ValidationRules.DefinitionSize.Id && !covered.Contains(r.Id)).Select(r => r.Id).ToList();
        Assert.Empty(uncovered);
    }

    [Fact]
    public void All_RuleIds_AreUnique()
    {
        Assert.Equal(ValidationRules.All.Count, ValidationRules.All.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Parse_DefinitionWithOnlyWarnings_IsAccepted()
    {
        var definition = One("""{"Type":"Pass","Parameters":{"x":"$.y"},"Result":{"z.$":"$.w"},"End":true}""");
        Assert.NotNull(DefinitionParser.Parse(definition));
        Assert.All(DefinitionParser.Validate(definition), d => Assert.Equal(Diagnostic.Warning, d.Severity));
    }

    [Fact]
    public void Parse_SeveralProblems_ListsEachInAwsMessage()
    {
        var definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"C":{"Type":"Fail","Cause":"c","CausePath":"$.c"}}}""";
        var error = Assert.Throws<DefinitionException>(() => DefinitionParser.Parse(definition));
        Assert.Equal(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [Cause, CausePath] at /States/C, "
            + "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next, MISSING_TRANSITION_TARGET: State \"C\" is not reachable. at /States/C'",
            error.Message);
    }
}
