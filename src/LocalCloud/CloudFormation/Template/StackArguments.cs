namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// The template options of the local cloud's command line; the rest of the arguments are the host's.
/// <c>--template &lt;path&gt; [--stack-name &lt;name&gt;] [--parameter Key=Value ...] [--without-lambda]</c>
/// </summary>
internal sealed record StackArguments(string? TemplatePath, StackSettings Settings, bool WithoutLambda)
{
    public const string Usage = "       [--template <path> [--stack-name <name>] [--parameter Key=Value ...] [--without-lambda]]";

    public static bool TryParse(string[] args, out StackArguments parsed, out string[] rest, out string error)
    {
        string? template = null;
        var settings = new StackSettings();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var withoutLambda = false;
        var others = new List<string>();
        parsed = new StackArguments(null, settings, false);
        rest = [];
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--template" when i + 1 < args.Length:
                    template = args[++i];
                    break;
                case "--stack-name" when i + 1 < args.Length:
                    settings = settings with { StackName = args[++i] };
                    break;
                case "--parameter" when i + 1 < args.Length:
                    var pair = args[++i];
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        error = $"--parameter takes Key=Value, not '{pair}'";
                        return false;
                    }
                    parameters[pair[..equals]] = pair[(equals + 1)..];
                    break;
                case "--without-lambda":
                    withoutLambda = true;
                    break;
                case "--template" or "--stack-name" or "--parameter":
                    error = $"{args[i]} needs a value";
                    return false;
                default:
                    others.Add(args[i]);
                    break;
            }
        }
        if (template is null && (parameters.Count > 0 || withoutLambda))
        {
            error = "--parameter and --without-lambda apply to a --template";
            return false;
        }
        parsed = new StackArguments(template, settings with { Parameters = parameters }, withoutLambda);
        rest = [.. others];
        return true;
    }
}
