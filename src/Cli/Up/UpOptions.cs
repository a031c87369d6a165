using System.CommandLine;
using Sluice.Asl;
using Sluice.Cli.Connection;

namespace Sluice.Cli.Up;

/// <summary>The options `up` and `demo` share: which template, which port, which parameter overrides.</summary>
internal sealed class UpOptions(int defaultPort, string portDescription)
{
    public Option<string> Template { get; } = new("--template")
    {
        Description = "CloudFormation/SAM template to deploy [default: infra/template.yaml, searched upward from the working directory]",
        HelpName = "path",
    };

    public Option<int> Port { get; } = CreatePort(defaultPort, portDescription);

    public Option<string[]> Parameter { get; } = new("--parameter")
    {
        Description = "Template parameter override Key=Value (repeatable)",
        HelpName = "Key=Value",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<int> ExecutionHistories { get; } = CreateExecutionHistories();

    public IEnumerable<Option> All => [Template, Port, Parameter, ExecutionHistories];

    /// <summary>The settings of one invocation; bad values are a usage error of one line.</summary>
    /// <param name="needsTemplate">False for `up --no-stack`, which deploys nothing.</param>
    public UpSettings Read(CommandContext context, bool needsTemplate = true)
    {
        var parse = context.Parse;
        var template = parse.GetValue(Template) is { Length: > 0 } given
            ? Path.GetFullPath(given, context.Host.WorkingDirectory)
            : ResourceNames.FindTemplate(context.Host.WorkingDirectory)
              ?? (needsTemplate ? null : "")
              ?? throw new CliException("no infra/template.yaml in this directory or above it; run from the Sluice clone or pass --template <path>", CliException.Usage);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parse.GetValue(Parameter) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--parameter takes Key=Value, not '{pair}'", CliException.Usage);
            }
            parameters[pair[..equals]] = pair[(equals + 1)..];
        }
        return new UpSettings(template, parse.GetValue(Port), parameters, context.Stack) { ExecutionHistories = parse.GetValue(ExecutionHistories) };
    }

    private static Option<int> CreateExecutionHistories() =>
        NumberOptions.Int("--execution-histories",
            "Closed Step Functions executions that keep their history (older ones release it, so a long load test does not grow memory without bound)",
            AslEngineOptions.DefaultRetainedExecutionHistories, 0, int.MaxValue);

    private static Option<int> CreatePort(int defaultPort, string description) => NumberOptions.Int("--port", description, defaultPort, 0, 65535);
}
