using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Shared.Runtime;

namespace Sluice.Shared.Logging;

/// <summary>
/// Structured logging with Powertools for AWS Lambda's key names, one JSON object per line.
/// Messages are templates (<c>"Published {count} events"</c>): the template is filled from the
/// fields, and every field is also written as its own key, so lines stay queryable.
/// </summary>
public sealed class LambdaLogger
{
    private readonly JsonLineSink _sink;
    private readonly TimeProvider _clock;
    private readonly FunctionSettings _function;
    private LambdaContext? _invocation;
    private bool _coldStart = true;

    public LambdaLogger(string service, LogLevel minimumLevel, FunctionSettings function, JsonLineSink sink, TimeProvider clock)
    {
        Service = service;
        MinimumLevel = minimumLevel;
        _function = function;
        _sink = sink;
        _clock = clock;
    }

    public string Service { get; }

    public LogLevel MinimumLevel { get; }

    public static LambdaLogger FromEnvironment(IEnvironmentVariables env, FunctionSettings function, JsonLineSink sink, TimeProvider clock) =>
        new(ServiceName(env, function), LogLevels.Effective(env), function, sink, clock);

    /// <summary><c>POWERTOOLS_SERVICE_NAME</c>, else the function name (Powertools falls back to <c>service_undefined</c>).</summary>
    public static string ServiceName(IEnvironmentVariables env, FunctionSettings function) =>
        env.Get("POWERTOOLS_SERVICE_NAME") is { Length: > 0 } name ? name : function.FunctionName;

    /// <summary>Called by the runtime loop as each invocation starts; the first one is the cold start.</summary>
    public void BeginInvocation(LambdaContext context, bool isColdStart)
    {
        _invocation = context;
        _coldStart = isColdStart;
    }

    public bool IsEnabled(LogLevel level) => level >= MinimumLevel && level != LogLevel.None;

    public void Debug(string template, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Debug, null, template, fields);

    public void Information(string template, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Information, null, template, fields);

    public void Warning(string template, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Warning, null, template, fields);

    public void Error(Exception? exception, string template, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Error, exception, template, fields);

    public void Log(LogLevel level, Exception? exception, string template, ReadOnlySpan<LogField> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var line = new Line(this, level, exception, Render(template, fields), fields.ToArray());
        _sink.Write(line, static (writer, l) => l.Owner.WriteLine(writer, l));
    }

    internal static string Render(string template, ReadOnlySpan<LogField> fields)
    {
        if (fields.IsEmpty || !template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var text = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (close < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }

            text.Append(template, i, open - i);
            var name = template.AsSpan(open + 1, close - open - 1);
            var found = false;
            foreach (var field in fields)
            {
                if (name.SequenceEqual(field.Name))
                {
                    text.Append(field.ToString());
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                text.Append(template, open, close - open + 1);
            }

            i = close + 1;
        }

        return text.ToString();
    }

    private void WriteLine(Utf8JsonWriter writer, Line line)
    {
        writer.WriteString("level", line.Level.ToString());
        writer.WriteString("message", line.Message);
        writer.WriteString("timestamp", _clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteString("service", Service);
        writer.WriteBoolean("cold_start", _coldStart);
        writer.WriteString("function_name", _function.FunctionName);
        writer.WriteNumber("function_memory_size", _function.MemorySizeMb);
        writer.WriteString("function_version", _function.FunctionVersion);
        if (_invocation is { } context)
        {
            writer.WriteString("function_arn", context.InvokedFunctionArn);
            writer.WriteString("function_request_id", context.RequestId);
            if (context.TraceId is { } trace)
            {
                writer.WriteString("xray_trace_id", XrayTraceId(trace));
            }
        }

        foreach (var field in line.Fields)
        {
            field.WriteTo(writer);
        }

        if (line.Exception is { } exception)
        {
            writer.WriteStartObject("exception");
            writer.WriteString("type", exception is FunctionException typed ? typed.ErrorType : exception.GetType().FullName);
            writer.WriteString("message", exception.Message);
            writer.WriteString("stack_trace", exception.StackTrace);
            writer.WriteEndObject();
        }
    }

    /// <summary>Powertools logs the <c>Root=</c> part of the trace header.</summary>
    private static string XrayTraceId(string header)
    {
        foreach (var part in header.Split(';'))
        {
            if (part.StartsWith("Root=", StringComparison.Ordinal))
            {
                return part[5..];
            }
        }

        return header;
    }

    private readonly record struct Line(LambdaLogger Owner, LogLevel Level, Exception? Exception, string Message, LogField[] Fields);
}
