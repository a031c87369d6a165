using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Docs;

/// <summary>
/// docs/cli.md says what the command does: each command's option table lists exactly its options,
/// each with the default `--help` shows; `--help` shows each default once, and examples.
/// </summary>
public sealed partial class CliDocsTests
{
    private static readonly string s_doc = File.ReadAllText(Path.Combine(RepositoryRoot.Directory, "docs", "cli.md"));

    public static TheoryData<string> Commands() => new(Root().Subcommands.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Commands))]
    public void OptionTable_ListsEachOptionOfTheCommandWithItsHelpDefault(string name)
    {
        var command = Root().Subcommands.Single(c => c.Name == name);
        var own = command.Options.Where(o => o is not System.CommandLine.Help.HelpOption).ToList();
        var table = Table(Section($"## `sluice {name}"));

        Assert.Equal(own.Select(o => o.Name).Order(StringComparer.Ordinal), table.Keys.Order(StringComparer.Ordinal));
        foreach (var option in own)
        {
            Assert.True(HelpDefault(option) == table[option.Name], $"{name} {option.Name}: --help says '{HelpDefault(option)}', docs/cli.md says '{table[option.Name]}'");
        }
    }

    [Fact]
    public void CommonOptionsTable_ListsEachCommonOptionWithItsHelpDefault()
    {
        var common = Root().Options.Where(o => o.Recursive && o is not System.CommandLine.Help.HelpOption).ToList();
        var table = Table(Section("## Common options"));

        Assert.Equal(common.Select(o => o.Name).Order(StringComparer.Ordinal), table.Keys.Order(StringComparer.Ordinal));
        Assert.All(common, o => Assert.Equal(HelpDefault(o), table[o.Name]));
    }

    [Fact]
    public void EveryCommand_HasASection()
    {
        foreach (var command in Root().Subcommands)
        {
            Assert.Contains($"\n## `sluice {command.Name}", s_doc, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EachDefaultOnceAndExamples(string name)
    {
        var result = await CliRunner.RunAsync([name, "--help"]);

        Assert.Equal(0, result.ExitCode);
        var options = result.Out.Split('\n').Where(l => l.TrimStart().StartsWith("--", StringComparison.Ordinal) || l.TrimStart().StartsWith("-?", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(options);
        Assert.All(options, l => Assert.True(Regex.Count(l, @"\[default:") <= 1, l));
        var examples = result.Out[result.Out.IndexOf("Examples:", StringComparison.Ordinal)..].Split('\n').Skip(1).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, l => Assert.Matches(@"^  (sluice |AWS_)", l));
    }

    /// <summary>What `--help` shows as the default: the default value, else the description's "[default: ...]", else nothing.</summary>
    private static string HelpDefault(Option option)
    {
        if (option.HasDefaultValue && option.ValueType != typeof(bool) && option.GetDefaultValue() is { } value)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        var described = DefaultPattern().Match(option.Description ?? string.Empty);
        return described.Success ? described.Groups[1].Value : string.Empty;
    }

    private static string Section(string heading)
    {
        var start = s_doc.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/cli.md has no section '{heading}'");
        var end = s_doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return s_doc[start..(end < 0 ? s_doc.Length : end)];
    }

    /// <summary>The section's table with the header <c>| option | meaning | default |</c>: option name to default, backticks removed.</summary>
    private static Dictionary<string, string> Table(string section)
    {
        var lines = section.Split('\n').Select(l => l.Trim()).ToList();
        var header = lines.FindIndex(l => l == "| option | meaning | default |");
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header < 0)
        {
            return rows;
        }

        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToList();
            var name = OptionPattern().Match(cells[0]).Groups[1].Value;
            rows.Add(name, cells[^1].Replace("`", string.Empty, StringComparison.Ordinal));
        }

        return rows;
    }

    private static RootCommand Root() => SluiceCommand.Create(new CliHost
    {
        Out = TextWriter.Null,
        Error = TextWriter.Null,
        Environment = new Sluice.Shared.DictionaryEnvironment(new Dictionary<string, string?>()),
        WorkingDirectory = CliRunner.EmptyHome,
    });

    [GeneratedRegex(@"\[default: (.*)\]$")]
    private static partial Regex DefaultPattern();

    [GeneratedRegex(@"^`(--[a-z-]+)")]
    private static partial Regex OptionPattern();
}
