namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>The parts of an event source ARN (<c>arn:aws:service:region:account:resource</c>).</summary>
internal static class EventSourceArn
{
    public static string Service(string arn) => Part(arn, 2);

    public static string Region(string arn) => Part(arn, 3);

    public static string Resource(string arn) => Part(arn, 5);

    private static string Part(string arn, int index)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn"
            ? parts[index]
            : throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{arn}' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}})?:(\\d{{12}})?:(.*)");
    }
}
