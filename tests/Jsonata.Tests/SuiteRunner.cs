using System.Text.Json;

namespace Sluice.Jsonata.Tests;

/// <summary>
/// Runs one reference case as the reference runner (test/run-test-suite.js) does: a parse or evaluation
/// error must carry the expected code; a result must deep-equal the expected one; undefinedResult wants no value.
/// </summary>
internal static class SuiteRunner
{
    // Evaluation runs on a thread with a deep stack, as JavaScript engines give the reference implementation.
    private const int StackSize = 256 * 1024 * 1024;

    // A case's "timelimit" guards against runaway (endless) expressions, not speed: on a shared machine the
    // limit is stretched so that a busy CPU cannot turn a finite case into a timeout.
    private const int TimeLimitScale = 10;

    public static string? Failure(SuiteCase testCase)
    {
        string? failure = null;
        var thread = new Thread(() => failure = Run(testCase), StackSize);
        thread.Start();
        if (!thread.Join(TimeSpan.FromMinutes(5)))
        {
            return "did not finish within 5 minutes";
        }
        return failure;
    }

    private static string? Run(SuiteCase testCase)
    {
        var spec = testCase.Spec;
        var expectedCode = spec.TryGetProperty("code", out var code) ? code.GetString() : null;
        if (expectedCode is null && spec.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var errorCode))
        {
            expectedCode = errorCode.GetString();
        }
        var guarded = spec.TryGetProperty("timelimit", out var timelimit) && spec.TryGetProperty("depth", out var depth);
        var options = guarded
            ? new JsonataOptions { MaxDepth = spec.GetProperty("depth").GetInt32(), Timeout = TimeSpan.FromMilliseconds(spec.GetProperty("timelimit").GetDouble() * TimeLimitScale) }
            : new JsonataOptions();
        object? result;
        try
        {
            var expression = JsonataExpression.Parse(testCase.Expression);
            result = expression.EvaluateValue(testCase.Input(), testCase.Bindings(), options);
        }
        catch (JsonataException ex)
        {
            // The reference runner's own guard reports a runaway expression as U1001.
            var actualCode = guarded && ex.Code is "D1011" or "D1012" ? "U1001" : ex.Code;
            if (expectedCode is null)
            {
                return $"unexpected error {ex.Code}: {ex.Message}";
            }
            return actualCode == expectedCode ? null : $"error {ex.Code} ({ex.Message}), expected {expectedCode}";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
        if (expectedCode is not null)
        {
            return $"expected error {expectedCode}, got {Describe(result)}";
        }
        if (spec.TryGetProperty("undefinedResult", out _))
        {
            return result is null ? null : $"expected undefined, got {Describe(result)}";
        }
        if (!spec.TryGetProperty("result", out var expectedElement))
        {
            return "case has nothing to test";
        }
        var expected = JsonValues.FromElement(expectedElement);
        var actual = Normalize(result);
        return actual is not null && Functions.DeepEquals(actual, expected)
            ? null
            : $"expected {Truncate(expectedElement.GetRawText())}, got {Describe(result)}";
    }

    /// <summary>The result as chai's deep equality sees it against JSON: no undefined members, functions as "".</summary>
    private static object? Normalize(object? value) => value switch
    {
        JsonataArray array => new JsonataArray(array.Select(Normalize)),
        JsonataObject obj => NormalizeObject(obj),
        JsonataFunction => "",
        _ => value,
    };

    private static JsonataObject NormalizeObject(JsonataObject obj)
    {
        var result = new JsonataObject();
        foreach (var (key, item) in obj)
        {
            if (item is not null)
            {
                result[key] = Normalize(item);
            }
        }
        return result;
    }

    private static string Describe(object? value) => value is null ? "undefined" : Truncate(JsonValues.Stringify(value));

    private static string Truncate(string text)
    {
        var flat = JsonSerializer.Serialize(text)[1..^1];
        return flat.Length > 120 ? flat[..120] + "..." : flat;
    }
}
