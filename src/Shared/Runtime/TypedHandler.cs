using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Shared.Runtime;

/// <summary>Adapts a typed handler to the raw payloads of the Runtime API, through source-generated JSON only.</summary>
public static class TypedHandler
{
    public const string InvalidEventErrorType = "InvalidEvent";

    public static InvocationHandler For<TEvent, TResponse>(
        JsonTypeInfo<TEvent> eventType,
        JsonTypeInfo<TResponse> responseType,
        Func<TEvent, LambdaContext, CancellationToken, Task<TResponse>> handle)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(responseType);
        ArgumentNullException.ThrowIfNull(handle);
        return async (invocation, context, cancellationToken) =>
        {
            TEvent? input;
            try
            {
                input = JsonSerializer.Deserialize(invocation.Payload, eventType);
            }
            catch (JsonException exception)
            {
                throw new FunctionException(InvalidEventErrorType, $"The event is not a valid {typeof(TEvent).Name}: {exception.Message}");
            }

            if (input is null)
            {
                throw new FunctionException(InvalidEventErrorType, $"The event is not a valid {typeof(TEvent).Name}: it is null");
            }

            var response = await handle(input, context, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToUtf8Bytes(response, responseType);
        };
    }
}
