using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition.Validation;

internal sealed partial class DefinitionValidator
{
    private static readonly string[] s_retrierFields = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"];

    private void CheckRetry(JsonObject state, string at)
    {
        if (!state.TryGetPropertyValue("Retry", out var node))
        {
            return;
        }

        if (node is not JsonArray retriers)
        {
            TypeError(node, $"{at}/Retry", "Array");
            return;
        }

        for (var i = 0; i < retriers.Count; i++)
        {
            var retrierAt = $"{at}/Retry[{i}]";
            if (retriers[i] is not JsonObject retrier)
            {
                Add(ValidationRules.ErrorEquals, retrierAt, "Expected value of type Object");
                continue;
            }

            foreach (var (key, _) in retrier)
            {
                if (!s_retrierFields.Contains(key))
                {
                    NotSupported(ValidationRules.HandlerFields, key, retrierAt);
                }
            }

            CheckErrorEquals(retrier, retrierAt, last: i == retriers.Count - 1, "retrier");
            CheckInteger(retrier, "IntervalSeconds", retrierAt, 1, 99999999);
            CheckInteger(retrier, "MaxAttempts", retrierAt, 0, 99999999);
            CheckInteger(retrier, "MaxDelaySeconds", retrierAt, 1, 31622400);
            if (retrier.TryGetPropertyValue("BackoffRate", out var backoff) && !(JsonValues.TryNumber(backoff, out var rate) && rate >= 1.0))
            {
                Add(ValidationRules.RetrierValues, $"{retrierAt}/BackoffRate", "The value must be a number greater than or equal to 1.0");
            }

            if (retrier.TryGetPropertyValue("JitterStrategy", out var jitter) && !(JsonValues.TryString(jitter, out var j) && j is "FULL" or "NONE"))
            {
                Add(ValidationRules.RetrierValues, $"{retrierAt}/JitterStrategy", "The field 'JitterStrategy' should have one of these values: [FULL, NONE]");
            }
        }
    }

    private void CheckInteger(JsonObject obj, string field, string at, long min, long max)
    {
        if (obj.TryGetPropertyValue(field, out var value) && !(JsonValues.IsInteger(value, out var n) && n >= min && n <= max))
        {
            Add(ValidationRules.RetrierValues, $"{at}/{field}", $"The value must be an integer between {min} and {max}");
        }
    }

    private void CheckCatch(JsonObject state, string at, bool jsonata)
    {
        if (!state.TryGetPropertyValue("Catch", out var node))
        {
            return;
        }

        if (node is not JsonArray catchers)
        {
            TypeError(node, $"{at}/Catch", "Array");
            return;
        }

        for (var i = 0; i < catchers.Count; i++)
        {
            var catcherAt = $"{at}/Catch[{i}]";
            if (catchers[i] is not JsonObject catcher)
            {
                Add(ValidationRules.ErrorEquals, catcherAt, "Expected value of type Object");
                continue;
            }

            foreach (var (key, value) in catcher)
            {
                switch (key)
                {
                    case "ErrorEquals" or "Next" or "Comment":
                        break;
                    case "Assign":
                        CheckAssign(value, $"{catcherAt}/Assign", jsonata, scope: null);
                        break;
                    case "ResultPath" when !jsonata:
                        CheckResultPath(value, $"{catcherAt}/ResultPath");
                        break;
                    case "Output" when jsonata:
                        CheckJsonataValue(value, $"{catcherAt}/Output");
                        break;
                    case "ResultPath":
                        Add(ValidationRules.JsonPathOnly, catcherAt, "The field 'ResultPath' is not supported by Step Functions when the QueryLanguage is JSONata");
                        break;
                    case "Output":
                        Add(ValidationRules.JsonataOnly, catcherAt, "The field 'Output' is not supported by Step Functions when the QueryLanguage is JSONPath");
                        break;
                    default:
                        NotSupported(ValidationRules.HandlerFields, key, catcherAt);
                        break;
                }
            }

            CheckErrorEquals(catcher, catcherAt, last: i == catchers.Count - 1, "catcher");
            if (!catcher.TryGetPropertyValue("Next", out var next))
            {
                Add(ValidationRules.CatcherNext, catcherAt, "These fields are required: [Next]");
            }
            else if (!(JsonValues.TryString(next, out var n) && n.Length > 0))
            {
                TypeError(next, $"{catcherAt}/Next", "String");
            }
        }
    }

    private void CheckErrorEquals(JsonObject handler, string at, bool last, string kind)
    {
        if (!handler.TryGetPropertyValue("ErrorEquals", out var node))
        {
            Add(ValidationRules.ErrorEquals, at, "These fields are required: [ErrorEquals]");
            return;
        }

        if (node is not JsonArray names || names.Count == 0)
        {
            Add(ValidationRules.ErrorEquals, $"{at}/ErrorEquals", node is JsonArray ? "Value cannot be empty" : "Expected value of type Array");
            return;
        }

        var all = false;
        foreach (var name in names)
        {
            if (!JsonValues.TryString(name, out var s))
            {
                Add(ValidationRules.ErrorEquals, $"{at}/ErrorEquals", "Expected value of type String");
                return;
            }

            all |= s == StatesErrors.All;
        }

        if (!all)
        {
            return;
        }

        if (names.Count > 1)
        {
            Add(ValidationRules.AllAlone, $"{at}/ErrorEquals", "States.ALL must appear alone in the ErrorEquals array");
        }

        if (!last)
        {
            Add(ValidationRules.AllLast, $"{at}/ErrorEquals", $"States.ALL must appear in the last {kind}");
        }
    }
}
