using System.CommandLine;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests;

/// <summary>A command line that does not parse is one line on standard error and exit code 2, never a stack trace.</summary>
public sealed class UsageErrorTests
{
    /// <summary>Every numeric option of every command, found from the command tree so a new one is covered too.</summary>
    public static TheoryData<string, string> NumericOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, option) in AllOptions())
        {
            if (option.ValueType == typeof(int) || option.ValueType == typeof(int?) || option.ValueType == typeof(double) || option.ValueType == typeof(double?))
            {
                data.Add(path, option.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task NumericOption_NotANumber_OneLineAndExitTwo(string command, string option)
    {
        foreach (var bad in new[] { "abc", "1e999", "12x", "" })
        {
            var result = await RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), option, bad]);

            Assert.True(result.ExitCode == 2, $"{command} {option} '{bad}': {result}");
            var line = Assert.Single(Lines(result.Error));
            Assert.StartsWith($"sluice: {option} takes ", line, StringComparison.Ordinal);
            Assert.EndsWith($"not '{bad}' (see 'sluice {command} --help')", line, StringComparison.Ordinal);
            Assert.Empty(result.Out);
        }
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task NumericOption_OutOfRange_SaysTheRange(string command, string option)
    {
        var result = await RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), option, "99999999999"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"^sluice: --[a-z-]+ takes (a whole number|a number) from -?[0-9.]+ to [0-9.]+, not '99999999999'", Assert.Single(Lines(result.Error)));
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task NumericOption_Missing_NeedsAValue(string command, string option)
    {
        var result = await RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), option]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"sluice: {option} needs a value (see 'sluice {command} --help')", Assert.Single(Lines(result.Error)));
    }

    [Theory]
    [InlineData("put --count 0", "sluice: --count takes a whole number from 1 to 10000000, not '0' (see 'sluice put --help')")]
    [InlineData("put --rate -5", "sluice: --rate takes a number from 0.001 to 1000000, not '-5' (see 'sluice put --help')")]
    [InlineData("watch --interval 0.01", "sluice: --interval takes a number from 0.1 to 3600, not '0.01' (see 'sluice watch --help')")]
    [InlineData("up --port 65536", "sluice: --port takes a whole number from 0 to 65535, not '65536' (see 'sluice up --help')")]
    [InlineData("demo --execution-histories -1", "sluice: --execution-histories takes a whole number from 0 to 2147483647, not '-1' (see 'sluice demo --help')")]
    [InlineData("wach", "sluice: unknown command 'wach'; did you mean 'watch'? (see 'sluice --help')")]
    [InlineData("histroy ord-1", "sluice: unknown command 'histroy'; did you mean 'history'? (see 'sluice --help')")]
    [InlineData("put --cout 3", "sluice: unknown option '--cout' for 'sluice put'; did you mean '--count'? (see 'sluice put --help')")]
    [InlineData("put --count 3 --endpont http://x", "sluice: unknown option '--endpont' for 'sluice put'; did you mean '--endpoint'? (see 'sluice put --help')")]
    [InlineData("watch --max-execution 3", "sluice: unknown option '--max-execution' for 'sluice watch'; did you mean '--max-executions'? (see 'sluice watch --help')")]
    [InlineData("put --zzz", "sluice: unknown option '--zzz' for 'sluice put' (see 'sluice put --help')")]
    [InlineData("put extra", "sluice: unexpected argument 'extra' for 'sluice put' (see 'sluice put --help')")]
    [InlineData("replay", "sluice: Option '--from' is required (see 'sluice replay --help')")]
    public async Task BadCommandLine_OneLineWithASuggestion(string args, string expected)
    {
        var result = await RunAsync(args.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, Assert.Single(Lines(result.Error)));
    }

    [Fact]
    public async Task SeedOption_NegativeNumber_IsAValueNotAnOption()
    {
        var result = await RunAsync(["put", "--seed", "-5", "--count", "1", "--endpoint", "http://127.0.0.1:9"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: cannot reach http://127.0.0.1:9", result.Error, StringComparison.Ordinal);
    }

    private static Task<CliResult> RunAsync(string[] args) =>
        CliRunner.RunAsync(args, environment: new Dictionary<string, string?> { ["HOME"] = CliRunner.EmptyHome, ["PATH"] = CliRunner.EmptyHome });

    internal static IEnumerable<(string Path, Option Option)> AllOptions()
    {
        var root = SluiceCommand.Create(new CliHost
        {
            Out = TextWriter.Null,
            Error = TextWriter.Null,
            Environment = new Sluice.Shared.DictionaryEnvironment(new Dictionary<string, string?>()),
            WorkingDirectory = CliRunner.EmptyHome,
        });
        foreach (var command in root.Subcommands)
        {
            foreach (var option in command.Options.Concat(root.Options.Where(o => o.Recursive)))
            {
                yield return (command.Name, option);
            }
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
