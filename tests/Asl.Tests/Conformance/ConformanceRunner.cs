using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Asl.Api;
using Sluice.Asl.Time;

namespace Sluice.Asl.Tests.Conformance;

/// <summary>Replays one recorded case against a fresh service and reports the first difference, if any.</summary>
internal static partial class ConformanceRunner
{
    private static readonly HashSet<string> s_supportedTaskTypes = ["lambda", "sns", "sqs", "aws-sdk:sqs", "aws-sdk:sns", "aws-sdk:kinesis"];

    /// <summary>Why a case is outside this engine's scope, or null when it should run.</summary>
    /// <summary>True when the case's template uses JSONata anywhere (a QueryLanguage or a {% %} expression).</summary>
    public static bool UsesJsonata(ConformanceCase c)
    {
        if (c.Template is null)
        {
            return false;
        }

        var template = Json5Reader.ToJson(File.ReadAllText(TestData.Path(c.Template)));
        return template.Contains("JSONata", StringComparison.Ordinal) || template.Contains("{%", StringComparison.Ordinal);
    }

    public static string? Unsupported(ConformanceCase c, JsonArray events)
    {
        if (c.Template is null)
        {
            return "the test builds its definition in code; no recorded template matches its history";
        }

        var template = Json5Reader.ToJson(File.ReadAllText(TestData.Path(c.Template)));
        if (template.Contains("\"Credentials\"", StringComparison.Ordinal) || template.Contains("Credentials:", StringComparison.Ordinal))
        {
            return "Task Credentials (cross-account roles)";
        }

        if (template.Contains("ItemReader", StringComparison.Ordinal) || template.Contains("ResultWriter", StringComparison.Ordinal)
            || template.Contains("ItemBatcher", StringComparison.Ordinal))
        {
            return "Distributed Map reading or writing S3 (ItemReader/ItemBatcher/ResultWriter)";
        }

        if (template.Contains(":activity:", StringComparison.Ordinal) || c.Folder == "activities")
        {
            return "activities";
        }

        if (template.Contains(".sync", StringComparison.Ordinal))
        {
            return ".sync integration pattern (nested executions and jobs)";
        }

        if (template.Contains("lambda:invoke.waitForTaskToken", StringComparison.Ordinal))
        {
            return "harness limit: a Lambda callback's token travels inside the payload the recorded function received";
        }

        foreach (var e in events)
        {
            if (e?["taskScheduledEventDetails"]?["resourceType"]?.GetValue<string>() is { } type && !s_supportedTaskTypes.Contains(type))
            {
                return $"service integration '{type}' is not part of this local cloud";
            }
        }

        var resources = ResourceRegex().Matches(template).Select(m => m.Groups[1].Value);
        foreach (var r in resources)
        {
            if (r.StartsWith("arn:aws:states:::", StringComparison.Ordinal))
            {
                var rest = r["arn:aws:states:::".Length..];
                var service = rest.StartsWith("aws-sdk:", StringComparison.Ordinal) ? "aws-sdk:" + rest.Split(':')[1] : rest.Split(':')[0];
                if (!s_supportedTaskTypes.Contains(service))
                {
                    return $"service integration '{service}' is not part of this local cloud";
                }
            }
        }

        return null;
    }

    public static async Task<string?> RunAsync(ConformanceCase c, JsonArray events, CancellationToken ct)
    {
        var stubs = new RecordedStubs(events);

        // A callback's worker answers asynchronously; its task's timers must not fire first.
        var callbacks = File.ReadAllText(TestData.Path(c.Template!)).Contains(".waitForTaskToken", StringComparison.Ordinal);
        var service = new StepFunctionsService(new AslEngineOptions
        {
            Account = "111111111111",
            Region = "us-east-1",
            Clock = new ScaledClock(callbacks ? 0.01 : 0),
            LambdaInvoker = stubs,
            ServiceInvoker = stubs,
        });
        stubs.Api = (action, body) => service.HandleAsync(action, Encoding.UTF8.GetBytes(body.ToJsonString()), ct);
        var definition = Definition(c, events);
        var created = await Call(service, "CreateStateMachine", new JsonObject
        {
            ["name"] = "conformance",
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::111111111111:role/snf_role",
        }, ct);
        if (created["stateMachineArn"] is null)
        {
            return $"CreateStateMachine failed: {created.ToJsonString()}";
        }

        var started = await Call(service, "StartExecution", new JsonObject
        {
            ["stateMachineArn"] = created["stateMachineArn"]!.GetValue<string>(),
            ["input"] = Input(events),
        }, ct);
        if (started["executionArn"] is null)
        {
            return $"StartExecution failed: {started.ToJsonString()}";
        }

        var arn = started["executionArn"]!.GetValue<string>();
        try
        {
            await service.WaitForExecutionAsync(arn, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        }
        catch (TimeoutException)
        {
            return "the execution did not finish within 20 s";
        }

        var history = await Call(service, "GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["maxResults"] = 1000 }, ct);
        var ours = history["events"]!.AsArray();
        return HistoryComparer.Compare(events, ours) is { } difference
            ? $"{difference} || our last event: {ours[^1]!.ToJsonString()[..Math.Min(700, ours[^1]!.ToJsonString().Length)]}"
            : null;
    }

    private static async Task<JsonObject> Call(StepFunctionsService service, string action, JsonObject body, CancellationToken ct)
    {
        var response = await service.HandleAsync(action, Encoding.UTF8.GetBytes(body.ToJsonString()), ct);
        return JsonNode.Parse(response.Body)!.AsObject();
    }

    /// <summary>The execution input as the recording shows it (the recorder parsed JSON text into JSON).</summary>
    private static string Input(JsonArray events)
    {
        var input = events[0]!["executionStartedEventDetails"]!["input"];
        if (input is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var s = v.GetValue<string>();
            try
            {
                JsonNode.Parse(s);
                return s;
            }
            catch (JsonException)
            {
                return input.ToJsonString();
            }
        }

        return input?.ToJsonString() ?? "null";
    }

    private const string FunctionNameKey = "\u0000FunctionName";

    /// <summary>The template, with each "__tbd__" Task resource set to the function the recording invoked.</summary>
    internal static string Definition(ConformanceCase c, JsonArray events)
    {
        var text = Json5Reader.ToJson(File.ReadAllText(TestData.Path(c.Template!)));
        foreach (var (find, replacement) in c.Edits)
        {
            text = text.Replace(find, replacement, StringComparison.Ordinal);
        }

        var definition = JsonNode.Parse(text)!;
        var resources = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var e in events)
        {
            if (e!["type"]!.GetValue<string>() == "TaskStateEntered")
            {
                current = e["stateEnteredEventDetails"]!["name"]!.GetValue<string>();
            }
            else if (e["lambdaFunctionScheduledEventDetails"]?["resource"]?.GetValue<string>() is { } r && current is not null)
            {
                resources.TryAdd(current, Concrete(r));
            }
            else if (e["taskScheduledEventDetails"]?["parameters"] is { } p
                && (p is JsonValue ? JsonNode.Parse(p.GetValue<string>()) : p) is JsonObject parameters
                && parameters["FunctionName"] is JsonValue fn && fn.GetValueKind() == JsonValueKind.String && fn.GetValue<string>() is { } f)
            {
                // lambda:invoke names its function in the Arguments/Parameters payload.
                resources.TryAdd(FunctionNameKey, Concrete(f));
            }
        }

        Replace(definition, resources, null);
        return definition.ToJsonString();
    }

    private static void Replace(JsonNode node, Dictionary<string, string> resources, string? stateName)
    {
        if (node is JsonObject o)
        {
            if (o["Resource"] is JsonValue rv && rv.GetValueKind() == JsonValueKind.String && rv.GetValue<string>() is "__tbd__" or "_tbd_" or "%LAMBDA_FUNCTION_ARN_LITERAL_PLACEHOLDER%")
            {
                o["Resource"] = stateName is not null && resources.TryGetValue(stateName, out var r)
                    ? r
                    : "arn:aws:lambda:us-east-1:111111111111:function:not_invoked";
            }

            if (o["FunctionName"] is JsonValue fv && fv.GetValueKind() == JsonValueKind.String && fv.GetValue<string>() is "%LAMBDA_FUNCTION_ARN_LITERAL_PLACEHOLDER%" or "__tbd__" or "_tbd_"
                && resources.TryGetValue(FunctionNameKey, out var function))
            {
                o["FunctionName"] = function;
            }

            foreach (var (key, value) in o.ToList())
            {
                if (key == "States" && value is JsonObject states)
                {
                    foreach (var (name, state) in states)
                    {
                        if (state is not null)
                        {
                            Replace(state, resources, name);
                        }
                    }
                }
                else if (value is not null)
                {
                    Replace(value, resources, stateName);
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                if (item is not null)
                {
                    Replace(item, resources, stateName);
                }
            }
        }
    }

    private static string Concrete(string normalised) =>
        PlaceholderRegex().Replace(normalised.Replace("<partition>", "aws", StringComparison.Ordinal).Replace("<region>", "us-east-1", StringComparison.Ordinal), m => m.Groups[1].Value);

    [GeneratedRegex("<([^<>]+)>")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex("\"Resource\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex ResourceRegex();
}
