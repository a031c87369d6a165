using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>Parameter values (default or override, checked against the declared constraints) and the pseudo-parameters.</summary>
internal static class TemplateParameters
{
    public static Dictionary<string, JsonNode?> Resolve(JsonObject declared, StackSettings settings)
    {
        foreach (var name in settings.Parameters.Keys)
        {
            if (!declared.ContainsKey(name))
            {
                throw new TemplateException($"--parameter {name}: the template declares no such parameter (it has: {string.Join(", ", declared.Select(p => p.Key))})");
            }
        }
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, node) in declared)
        {
            var where = $"Parameters.{name}";
            var spec = node as JsonObject ?? throw new TemplateException($"{where}: expected a mapping");
            var type = TemplateValues.OptionalText(spec, "Type", where) ?? throw new TemplateException($"{where}: no Type");
            if (type.StartsWith("AWS::SSM::", StringComparison.Ordinal))
            {
                throw new TemplateException($"{where}: parameters of type {type} read Systems Manager, which the local cloud does not have; give the value with --parameter {name}=... after changing the type to String");
            }
            var text = settings.Parameters.TryGetValue(name, out var given) ? given
                : spec["Default"] is { } fallback ? DefaultText(fallback, where)
                : throw new TemplateException($"{where}: no value given (--parameter {name}=...) and no Default");
            Check(spec, type, text, where);
            values[name] = type switch
            {
                "CommaDelimitedList" or "List<Number>" or "List<String>" => new JsonArray([.. Split(text).Select(s => (JsonNode?)JsonValue.Create(s))]),
                _ => JsonValue.Create(text),
            };
        }
        values["AWS::Region"] = settings.Region;
        values["AWS::AccountId"] = settings.AccountId;
        values["AWS::StackName"] = settings.StackName;
        values["AWS::StackId"] = settings.StackId ?? $"arn:{settings.Partition}:cloudformation:{settings.Region}:{settings.AccountId}:stack/{settings.StackName}/{PhysicalNames.DeterministicId(settings.StackName, "AWS::StackId")}";
        values["AWS::Partition"] = settings.Partition;
        values["AWS::URLSuffix"] = settings.UrlSuffix;
        values["AWS::NotificationARNs"] = new JsonArray();
        return values;
    }

    private static string DefaultText(JsonNode node, string where) => node is JsonArray list
        ? string.Join(',', list.Select((n, i) => TemplateValues.Text(n, $"{where}.Default[{i}]")))
        : TemplateValues.Text(node, $"{where}.Default");

    private static decimal? Bound(JsonObject spec, string name, string where)
    {
        if (TemplateValues.OptionalText(spec, name, where) is not { } text)
        {
            return null;
        }
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound)
            ? bound
            : throw new TemplateException($"{where}.{name}: '{text}' is not a number");
    }

    private static IEnumerable<string> Split(string text) => text.Length == 0 ? [] : text.Split(',').Select(s => s.Trim());

    private static void Check(JsonObject spec, string type, string value, string where)
    {
        var items = type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList" ? Split(value).ToList() : [value];
        foreach (var item in items)
        {
            if (type is "Number" or "List<Number>" && !decimal.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw new TemplateException($"{where}: '{item}' is not a number");
            }
            if (spec["AllowedValues"] is JsonArray allowed && !allowed.Any(a => TemplateValues.Text(a, where) == item))
            {
                throw new TemplateException($"{where}: '{item}' is not one of the AllowedValues [{string.Join(", ", allowed.Select(a => TemplateValues.Text(a, where)))}]");
            }
            if (TemplateValues.OptionalText(spec, "AllowedPattern", where) is { } pattern && !Regex.IsMatch(item, "^(?:" + pattern + ")$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                throw new TemplateException($"{where}: '{item}' does not match the AllowedPattern {pattern}");
            }
            if (type is "Number" or "List<Number>")
            {
                var number = decimal.Parse(item, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (Bound(spec, "MinValue", where) is { } min && number < min)
                {
                    throw new TemplateException($"{where}: {item} is below the MinValue {min}");
                }
                if (Bound(spec, "MaxValue", where) is { } max && number > max)
                {
                    throw new TemplateException($"{where}: {item} is above the MaxValue {max}");
                }
            }
        }
        if (TemplateValues.OptionalInt(spec, "MinLength", where) is { } minLength && value.Length < minLength)
        {
            throw new TemplateException($"{where}: '{value}' is shorter than the MinLength {minLength}");
        }
        if (TemplateValues.OptionalInt(spec, "MaxLength", where) is { } maxLength && value.Length > maxLength)
        {
            throw new TemplateException($"{where}: '{value}' is longer than the MaxLength {maxLength}");
        }
    }
}
