using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Sluice.Shared.Aws.Logs;

namespace Sluice.Cli.Logs;

/// <summary>
/// <c>sluice logs [function] [--follow]</c>: the functions' CloudWatch Logs, from the local cloud or
/// AWS, interleaved in time order; with --follow, new lines as they arrive (as <c>aws logs tail --follow</c>).
/// </summary>
internal static class LogsCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice logs                       # the three functions, the last 10 minutes",
        "sluice logs processor --follow",
        "sluice logs ingest --since 1h --filter '{ $.level = \"Error\" }'",
    ];

    /// <summary>The stack's functions; their log groups are <c>/aws/lambda/&lt;stack&gt;-&lt;function&gt;</c> (infra/template.yaml).</summary>
    internal static IReadOnlyList<string> Functions { get; } = ["ingest", "processor", "orchestrator"];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var function = new Argument<string?>("function")
        {
            Description = "ingest, processor or orchestrator, or a log group name (starting with /); all three functions when omitted",
            Arity = ArgumentArity.ZeroOrOne,
        };
        function.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !value.StartsWith('/') && !Functions.Contains(value, StringComparer.Ordinal))
            {
                r.AddError($"function must be one of {string.Join(", ", Functions)} or a log group name starting with /, not '{value}'");
            }
        });
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as they arrive (Ctrl-C stops)" };
        var since = new Option<TimeSpan?>("--since")
        {
            Description = "How far back to start: a number with s, m, h or d (e.g. 30s, 10m, 2h) [default: 10m]",
            HelpName = "duration",
            CustomParser = ParseSince,
        };
        var filter = new Option<string?>("--filter") { Description = "A CloudWatch Logs filter pattern (terms, ?alternatives, -exclusions, or a JSON pattern like '{ $.level = \"Error\" }')" };
        var interval = NumberOptions.Double("--interval", "With --follow: seconds between polls", 1, 0.1, 60);
        var command = new Command("logs", "Print the functions' log lines (CloudWatch Logs), oldest first; --follow keeps printing new ones")
        {
            function, follow, since, filter, interval,
        };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var groups = p.GetValue(function) is { } chosen
                ? [chosen.StartsWith('/') ? chosen : Group(context.Stack, chosen)]
                : Functions.Select(f => Group(context.Stack, f)).ToArray();
            var start = context.Host.Clock.GetUtcNow() - (p.GetValue(since) ?? TimeSpan.FromMinutes(10));
            var reader = new LogsReader(context.Logs(), groups, start.ToUnixTimeMilliseconds(), p.GetValue(filter));
            var printed = 0;
            var found = false;
            do
            {
                var batch = await reader.ReadNewAsync(cancellationToken).ConfigureAwait(false);
                found |= reader.FoundAny;
                foreach (var (group, e) in batch)
                {
                    Print(context, group, e);
                    printed++;
                }
                if (p.GetValue(follow))
                {
                    await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await context.Host.Delay(TimeSpan.FromSeconds(p.GetValue(interval)), cancellationToken).ConfigureAwait(false);
                }
            }
            while (p.GetValue(follow) && !cancellationToken.IsCancellationRequested);

            if (!found)
            {
                context.Status($"sluice: no log group {string.Join(" or ", groups)} at {context.EndpointText} yet (a function's group appears with its first invocation)");
                return CliException.Failure;
            }
            if (printed == 0)
            {
                context.Status($"sluice: no log lines since {start:u} in {string.Join(", ", groups)}");
            }
            return 0;
        }));
        return command;
    }

    internal static string Group(string stack, string function) => $"/aws/lambda/{stack}-{function}";

    private static void Print(CommandContext context, string group, FilteredLogEvent e)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp);
        if (context.Json)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("logGroup", group);
                w.WriteString("logStream", e.LogStreamName);
                w.WriteString("time", time);
                w.WriteString("message", e.Message);
                w.WriteEndObject();
            }
            context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }
        var name = group.StartsWith("/aws/lambda/", StringComparison.Ordinal) ? group[(group.LastIndexOf('-') + 1)..] : group;
        context.Out.WriteLine($"{time:HH:mm:ss.fff} {name,-12} {e.Message.TrimEnd('\n', '\r')}");
    }

    private static TimeSpan? ParseSince(ArgumentResult r)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value.Trim() : "";
        if (text.Length >= 2 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && double.IsFinite(n))
        {
            TimeSpan? span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
            if (span is { } value && value <= TimeSpan.FromDays(3653))
            {
                return value;
            }
        }
        r.AddError($"--since takes a number with s, m, h or d (e.g. 30s, 10m, 2h), not '{text}'");
        return null;
    }
}
