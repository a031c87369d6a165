using System.Text;
using System.Text.Json;
using Sluice.Shared.Events;
using Sluice.Shared.Runtime;

namespace Sluice.Flaky;

/// <summary>
/// Handles a Kinesis or SQS batch, or a direct invocation whose payload is a JSON string command.
/// Every record it looks at is written as one line <c>FLAKY key text</c>, so tests can read the
/// order in which records arrived from the function's log.
/// </summary>
internal sealed class FlakyHandler(TextWriter log)
{
    private readonly HashSet<string> _failedOnce = new(StringComparer.Ordinal);

    public async Task<byte[]> HandleAsync(Invocation invocation, LambdaContext context, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(invocation.Payload);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.String)
        {
            var text = root.GetString() ?? "";
            log.WriteLine($"FLAKY direct {text}");
            var command = FlakyCommand.Parse(text);
            if (command.Verb == "env")
            {
                return JsonSerializer.SerializeToUtf8Bytes(Environment.GetEnvironmentVariable(command.Text), FlakyJsonContext.Default.String);
            }
            await ObeyAsync(command, cancellationToken).ConfigureAwait(false);
            return invocation.Payload;
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Records", out var records))
        {
            return invocation.Payload;
        }

        var failures = new List<BatchItemFailure>();
        var items = new List<(string Id, string Key, FlakyCommand Command, string Text)>();
        foreach (var record in records.EnumerateArray())
        {
            if (record.TryGetProperty("kinesis", out var kinesis))
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(kinesis.GetProperty("data").GetString()!));
                items.Add((kinesis.GetProperty("sequenceNumber").GetString()!, kinesis.GetProperty("partitionKey").GetString()!, FlakyCommand.Parse(text), text));
            }
            else
            {
                var text = record.GetProperty("body").GetString()!;
                items.Add((record.GetProperty("messageId").GetString()!, "sqs", FlakyCommand.Parse(text), text));
            }
        }
        log.WriteLine($"FLAKY batch {items.Count}");
        foreach (var (_, key, _, text) in items)
        {
            log.WriteLine($"FLAKY {key} {text}");
        }
        await log.FlushAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (id, _, command, text) in items)
        {
            await ObeyAsync(command, cancellationToken).ConfigureAwait(false);
            switch (command.Verb)
            {
                case "fail":
                    failures.Add(new BatchItemFailure(id));
                    break;
                case "fail-once" when _failedOnce.Add(text):
                    failures.Add(new BatchItemFailure(id));
                    break;
                case "bad-id":
                    failures.Add(new BatchItemFailure("not-an-item-of-this-batch"));
                    break;
            }
        }
        return JsonSerializer.SerializeToUtf8Bytes(new BatchResponse(failures), EventsJsonContext.Default.BatchResponse);
    }

    private async Task ObeyAsync(FlakyCommand command, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case "throw":
                throw new FunctionException("FlakyError", "told to throw");
            case "sleep":
                await Task.Delay(command.Argument, cancellationToken).ConfigureAwait(false);
                break;
            case "alloc":
                // Touch every page, so the memory is resident and not only reserved.
                var block = new byte[command.Argument * 1024 * 1024];
                for (var i = 0; i < block.Length; i += 4096)
                {
                    block[i] = 1;
                }
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
                GC.KeepAlive(block);
                break;
            case "lines":
                // A burst of output just before the response, for reading it all to the invocation.
                for (var i = 1; i <= command.Argument; i++)
                {
                    log.WriteLine($"FLAKY line {i} of {command.Argument} {new string('x', 80)}");
                }
                break;
            case "exit":
                await log.FlushAsync(cancellationToken).ConfigureAwait(false);
                Environment.Exit(command.Argument);
                break;
        }
    }
}
