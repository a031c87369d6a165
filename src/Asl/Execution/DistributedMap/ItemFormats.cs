using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Execution.DistributedMap;

/// <summary>
/// The data formats an ItemReader reads from S3 as AWS documents them: a JSON array (or object),
/// JSON Lines, CSV with a header row or given headers, an S3 inventory manifest's CSV files, and an
/// Athena manifest's list of data files. Each item is a value and, for object entries, a key.
/// </summary>
internal static class ItemFormats
{
    public static List<(JsonNode? Value, string? Key)> Json(ReadOnlySpan<byte> content, string? pointer)
    {
        JsonNode? root;
        try
        {
            root = JsonSyntax.ParseLastWins(Encoding.UTF8.GetString(content));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ItemReaderException($"The JSON file could not be parsed: {e.Message}");
        }

        if (!string.IsNullOrEmpty(pointer))
        {
            root = Resolve(root, pointer);
        }

        return root switch
        {
            JsonArray array => [.. array.Select(v => (v?.DeepClone(), (string?)null))],
            JsonObject obj => [.. obj.Select(p => (p.Value?.DeepClone(), (string?)p.Key))],
            _ => throw new ItemReaderException("Attempting to map over non-iterable node."),
        };
    }

    /// <summary>RFC 6901: /a/0/b~1c selects a, then element 0, then "b/c".</summary>
    private static JsonNode? Resolve(JsonNode? node, string pointer)
    {
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new ItemReaderException($"The ItemsPointer '{pointer}' does not point to a value in the JSON file."),
            };
        }

        return node;
    }

    public static List<(JsonNode? Value, string? Key)> JsonLines(ReadOnlySpan<byte> content)
    {
        var items = new List<(JsonNode?, string?)>();
        var lineNumber = 0;
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n'))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (JsonSyntax.Check(line) is { Kind: not JsonSyntax.ProblemKind.DuplicateKey } problem)
            {
                throw new ItemReaderException($"The JSON Lines file holds invalid JSON on line {lineNumber}: {problem.Reason}");
            }

            items.Add((JsonSyntax.ParseLastWins(line), null));
        }

        return items;
    }

    /// <summary>
    /// CSV rows as objects of strings. With headers null the first row names the columns. A row's
    /// values beyond the headers are dropped and missing ones are empty; keys come out sorted, as AWS
    /// reports them.
    /// </summary>
    public static List<(JsonNode? Value, string? Key)> Csv(ReadOnlySpan<byte> content, IReadOnlyList<string>? headers, char delimiter)
    {
        var rows = CsvRows(Encoding.UTF8.GetString(content), delimiter);
        var names = headers;
        if (names is null)
        {
            if (rows.Count == 0)
            {
                return [];
            }

            names = rows[0];
            rows.RemoveAt(0);
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ItemReaderException("CSV headers cannot contain duplicates.");
        }

        var order = names.Select((name, column) => (name, column)).OrderBy(p => p.name, StringComparer.Ordinal).ToList();
        return [.. rows.Select(row =>
        {
            var item = new JsonObject();
            foreach (var (name, column) in order)
            {
                item[name] = column < row.Count ? row[column] : string.Empty;
            }

            return ((JsonNode?)item, (string?)null);
        })];
    }

    /// <summary>RFC 4180 rows: quoted fields may hold the delimiter, quotes ("") and line breaks.</summary>
    private static List<List<string>> CsvRows(string text, char delimiter)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var rowHasContent = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    rowHasContent = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (rowHasContent || field.Length > 0 || row.Count > 0)
                    {
                        row.Add(field.ToString());
                        rows.Add(row);
                    }

                    row = [];
                    field.Clear();
                    rowHasContent = false;
                    break;
                default:
                    if (c == delimiter)
                    {
                        row.Add(field.ToString());
                        field.Clear();
                    }
                    else
                    {
                        field.Append(c);
                    }

                    rowHasContent = true;
                    break;
            }
        }

        if (rowHasContent || field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    public static char Delimiter(string? name) => name switch
    {
        "PIPE" => '|',
        "SEMICOLON" => ';',
        "SPACE" => ' ',
        "TAB" => '\t',
        _ => ',',
    };

    /// <summary>An S3 inventory manifest.json: its destination bucket, its data files and the columns they hold.</summary>
    public static (string Bucket, List<string> Files, List<string> Columns) InventoryManifest(ReadOnlySpan<byte> content)
    {
        JsonNode? manifest;
        try
        {
            manifest = JsonNode.Parse(Encoding.UTF8.GetString(content));
        }
        catch (JsonException e)
        {
            throw new ItemReaderException($"The S3 inventory manifest is not valid JSON: {e.Message}");
        }

        if (manifest is not JsonObject m || !JsonValues.TryString(m["destinationBucket"], out var destination) || m["files"] is not JsonArray files)
        {
            throw new ItemReaderException("The S3 inventory manifest must have destinationBucket and files.");
        }

        if (JsonValues.TryString(m["fileFormat"], out var format) && !format.Equals("CSV", StringComparison.OrdinalIgnoreCase))
        {
            throw new ItemReaderException($"S3 inventory files in {format} format are not supported by this local Step Functions; use CSV.");
        }

        var columns = JsonValues.TryString(m["fileSchema"], out var schema)
            ? [.. schema.Split(',').Select(c => c.Trim())]
            : new List<string> { "Bucket", "Key" };
        var bucket = destination.StartsWith("arn:", StringComparison.Ordinal) ? destination[(destination.LastIndexOf(':') + 1)..] : destination;
        return (bucket, [.. files.Select(f => JsonValues.TryString(f?["key"], out var key) ? key : throw new ItemReaderException("Each file of the S3 inventory manifest needs a key."))], columns);
    }

    /// <summary>The rows of an inventory data file (gzip-compressed when its key ends in .gz), keyed by the manifest's columns.</summary>
    public static List<(JsonNode? Value, string? Key)> InventoryRows(ReadOnlySpan<byte> content, string key, IReadOnlyList<string> columns)
    {
        var bytes = content.ToArray();
        if (key.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            bytes = output.ToArray();
        }

        return [.. CsvRows(Encoding.UTF8.GetString(bytes), ',').Select(row =>
        {
            var item = new JsonObject();
            for (var i = 0; i < columns.Count; i++)
            {
                item[columns[i]] = i < row.Count ? row[i] : string.Empty;
            }

            return ((JsonNode?)item, (string?)null);
        })];
    }

    /// <summary>An Athena UNLOAD manifest: one s3://bucket/key data file per line.</summary>
    public static List<(string Bucket, string Key)> AthenaManifest(ReadOnlySpan<byte> content) =>
        [.. Encoding.UTF8.GetString(content).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(ParseS3Uri)];

    public static (string Bucket, string Key) ParseS3Uri(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || uri.IndexOf('/', 5) is var slash && slash < 0)
        {
            throw new ItemReaderException($"'{uri}' is not an S3 URI (s3://bucket/key).");
        }

        return (uri[5..slash], uri[(slash + 1)..]);
    }
}
