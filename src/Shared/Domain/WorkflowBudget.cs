using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>
/// Whether an <c>order.placed</c> event fits the order-fulfilment workflow. Step Functions refuses
/// any state's input or output over 256 KiB (States.DataLimitExceeded), and the workflow's state is
/// the event plus what each step adds to it: the validated order, a reservation per line and the
/// authorization (or a failure's error and cause, and what was released), then the outcome. An
/// order that would outgrow the limit must be refused before the first step, while nothing has been
/// reserved or authorized, rather than fail half-way with nothing to undo it. The bound below
/// follows statemachines/order-fulfilment.asl.json and the Orchestrator's results; it is
/// deliberately generous, and a test runs the largest accepted orders through the real workflow.
/// </summary>
public static class WorkflowBudget
{
    /// <summary>AWS's limit on a state's input or output, and on an execution's input.</summary>
    public const int StateLimitBytes = 262_144;

    /// <summary>Keys, punctuation and numbers of the validated order, the authorization, the release and the outcome, with room to spare.</summary>
    public const int FixedBytes = 2_048;

    /// <summary>Keys, punctuation and numbers of one reservation (<c>{"reservationId":"res-…","sku":…,"quantity":…}</c>), with room to spare.</summary>
    public const int PerLineBytes = 96;

    /// <summary>
    /// A failure's error and cause, beyond the values they quote: the Lambda error JSON (type,
    /// message, stack trace) escaped into the state.
    /// </summary>
    public const int FailureBytes = 16 * 1024;

    private static readonly JavaScriptEncoder s_encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The largest the workflow's state can grow to for this event, in bytes (an upper bound).</summary>
    public static int Estimate(CloudEvent placed)
    {
        ArgumentNullException.ThrowIfNull(placed);
        var data = placed.Data;
        var orderId = Text(data, "orderId");
        var customerId = Text(data, "customerId");
        var currency = Text(data, "currency");
        var longestSku = 0;
        var reservations = 0;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array)
        {
            foreach (var line in lines.EnumerateArray())
            {
                var sku = line.ValueKind == JsonValueKind.Object ? Text(line, "sku") : 0;
                longestSku = Math.Max(longestSku, sku);
                // "res-<orderId>-<sku>" and the sku again.
                reservations += PerLineBytes + orderId + (2 * sku);
            }
        }

        // The validated order repeats the ids, the authorization and the outcome name the order.
        var validatedAndOutcome = FixedBytes + (4 * orderId) + customerId + currency;
        // A cause quotes at most a few of the order's values, and is escaped twice (the error JSON, then the state).
        var failure = FailureBytes + (4 * (longestSku + orderId + customerId + currency));
        return System.Text.Encoding.UTF8.GetByteCount(placed.Json) + validatedAndOutcome + Math.Max(reservations, failure);
    }

    /// <summary>Why the workflow could not run this event, or null when it fits.</summary>
    public static string? Problem(CloudEvent placed)
    {
        var estimate = Estimate(placed);
        return estimate <= StateLimitBytes
            ? null
            : $"the order would outgrow the workflow: its state could reach {estimate} bytes, over Step Functions' {StateLimitBytes}-byte limit "
              + "(the event, plus what the workflow adds for its lines); send fewer or smaller lines";
    }

    /// <summary>A string member's length as the state writes it (quotes and escapes included); 0 when absent or not a string.</summary>
    private static int Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? JsonEncodedText.Encode(value.GetString()!, s_encoder).EncodedUtf8Bytes.Length + 2
            : 0;
}
