namespace Sluice.Shared.Tests.Aws;

/// <summary>
/// A raw HTTP request as the SigV4 suite writes it: request line, "Name:value" headers, blank
/// line, body. A line starting with whitespace continues the previous header as another value
/// (the suite's get-header-value-multiline expects them comma-joined).
/// </summary>
internal sealed record SuiteRequest(string Method, string Path, string Query, List<KeyValuePair<string, string>> Headers, string Body)
{
    public static SuiteRequest Parse(string text)
    {
        var lines = text.Split('\n');
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        var version = requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        var target = requestLine[(firstSpace + 1)..version];
        var question = target.IndexOf('?', StringComparison.Ordinal);

        var headers = new List<KeyValuePair<string, string>>();
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            var line = lines[i];
            if (line[0] is ' ' or '\t')
            {
                headers.Add(new(headers[^1].Key, line.Trim()));
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        var body = i < lines.Length ? string.Join('\n', lines[(i + 1)..]) : string.Empty;
        return new SuiteRequest(
            requestLine[..firstSpace],
            question < 0 ? target : target[..question],
            question < 0 ? string.Empty : target[(question + 1)..],
            headers,
            body);
    }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public SuiteRequest WithoutHeader(string name) =>
        this with { Headers = [.. Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))] };

    public SuiteRequest WithHeader(string name, string value) =>
        this with { Headers = [.. WithoutHeader(name).Headers, new(name, value)] };
}
