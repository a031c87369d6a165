using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Connection;

namespace Sluice.Cli.Build;

/// <summary>
/// <c>sluice build</c>: what <c>sam build</c> does for a template whose functions build with
/// Makefiles, so <c>aws cloudformation package</c>, <c>sam package</c> and <c>sam deploy</c> take
/// its output as they take SAM's.
/// </summary>
internal static class BuildCommand
{
    public const string DefaultBuildDirectory = ".aws-sam/build";

    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice build",
        "sluice build --build-dir /tmp/sluice-build --build-in-source",
        "sluice build && aws cloudformation package --template-file .aws-sam/build/template.yaml --s3-bucket <bucket> --output-template-file packaged.yaml",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var template = new Option<string>("--template")
        {
            Description = "SAM template to build [default: infra/template.yaml, searched upward from the working directory]",
            HelpName = "path",
        };
        var buildDir = new Option<string>("--build-dir")
        {
            Description = "Folder for the artifacts and the built template.yaml; emptied first",
            HelpName = "path",
            DefaultValueFactory = _ => DefaultBuildDirectory,
        };
        var inSource = new Option<bool>("--build-in-source")
        {
            Description = "Run each Makefile in the source folders instead of a scratch copy (faster: reuses bin/ and obj/)",
        };
        var command = new Command("build", "Build every function as sam build does (make build-<LogicalId> with ARTIFACTS_DIR) and write the built template beside the artifacts");
        command.Options.Add(template);
        command.Options.Add(buildDir);
        command.Options.Add(inSource);
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var templatePath = context.Parse.GetValue(template) is { Length: > 0 } given
                ? Path.GetFullPath(given, host.WorkingDirectory)
                : ResourceNames.FindTemplate(host.WorkingDirectory)
                  ?? throw new CliException("no infra/template.yaml in this directory or above it; run from the Sluice clone or pass --template <path>", CliException.Usage);
            if (!File.Exists(templatePath))
            {
                throw new CliException($"--template: {templatePath} does not exist", CliException.Usage);
            }
            var output = Path.GetFullPath(context.Parse.GetValue(buildDir) ?? DefaultBuildDirectory, host.WorkingDirectory);
            var report = await BuildAsync(context, BuildTemplate.Load(templatePath), output, context.Parse.GetValue(inSource), cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(report, CliJsonContext.Default.BuildReport)).ConfigureAwait(false);
                return 0;
            }
            var shownDir = Shown(host, output);
            var shownTemplate = Shown(host, report.Template);
            await context.Out.WriteLineAsync($"""
                Build Succeeded

                Built Artifacts  : {shownDir}
                Built Template   : {shownTemplate}

                Commands you can use next
                =========================
                [*] Package: aws cloudformation package --template-file {shownTemplate} --s3-bucket <bucket> --output-template-file packaged.yaml
                [*] Deploy: aws cloudformation deploy --template-file packaged.yaml --stack-name <stack> --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND
                """).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task<BuildReport> BuildAsync(CommandContext context, BuildTemplate template, string output, bool inSource, CancellationToken cancellationToken)
    {
        var host = context.Host;
        CheckOutputFolder(host, template, output);
        var functions = template.Functions();
        var make = functions.Count == 0 ? "make"
            : MakeRunner.Find(host.Environment) ?? throw new CliException("make is not on the PATH: sluice build runs each function's Makefile (apt-get install make)");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        Directory.CreateDirectory(output);
        var runner = new MakeRunner(make, host.Environment, context.Status);
        var artifacts = new Dictionary<string, string>(StringComparer.Ordinal);
        var built = new List<BuiltFunction>();
        var total = Stopwatch.StartNew();
        foreach (var function in functions)
        {
            var artifactsDir = Path.Combine(output, function.LogicalId);
            var clock = Stopwatch.StartNew();
            if (inSource)
            {
                context.Status($"build: {function.LogicalId}: make {function.Target} in {function.WorkingDirectory ?? function.SourceDirectory}");
                await runner.RunAsync(function, artifactsDir, function.WorkingDirectory ?? function.SourceDirectory, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await InScratchAsync(context, runner, function, artifactsDir, output, cancellationToken).ConfigureAwait(false);
            }
            if (!Directory.EnumerateFileSystemEntries(artifactsDir).Any())
            {
                throw new CliException($"{function.LogicalId}: make {function.Target} succeeded but put nothing in ARTIFACTS_DIR ({artifactsDir})");
            }
            artifacts[function.LogicalId] = artifactsDir;
            built.Add(new BuiltFunction(function.LogicalId, artifactsDir, Math.Round(clock.Elapsed.TotalSeconds, 1)));
            context.Status(string.Create(CultureInfo.InvariantCulture, $"build: {function.LogicalId} built in {clock.Elapsed.TotalSeconds:0.0} s"));
        }
        var builtTemplate = Path.Combine(output, "template.yaml");
        template.Write(builtTemplate, artifacts);
        return new BuildReport(output, builtTemplate, built, Math.Round(total.Elapsed.TotalSeconds, 1));
    }

    /// <summary>As SAM: the source folder copied to a scratch directory, make run inside the copy, the copy removed.</summary>
    private static async Task InScratchAsync(CommandContext context, MakeRunner runner, BuildableFunction function, string artifactsDir, string output, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("sluice-build-").FullName;
        try
        {
            context.Status($"build: {function.LogicalId}: copying {function.SourceDirectory} to {scratch}");
            SourceCopy.Copy(function.SourceDirectory, scratch, output);
            // A working directory inside the source folder is the same place in the copy (as SAM maps it).
            var working = function.WorkingDirectory is { } dir && IsWithin(dir, function.SourceDirectory)
                ? Path.Combine(scratch, Path.GetRelativePath(function.SourceDirectory, dir))
                : function.WorkingDirectory ?? scratch;
            context.Status($"build: {function.LogicalId}: make {function.Target} in {working}");
            await runner.RunAsync(function, artifactsDir, working, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The build folder is emptied first: never the working directory, the template's folder or a folder above either.</summary>
    private static void CheckOutputFolder(CliHost host, BuildTemplate template, string output)
    {
        foreach (var kept in new[] { Path.GetFullPath(host.WorkingDirectory), template.Directory })
        {
            if (IsWithin(kept, output))
            {
                throw new CliException($"--build-dir {output} would be emptied first, and it holds {kept}: pass a folder of its own (default {DefaultBuildDirectory})", CliException.Usage);
            }
        }
    }

    private static bool IsWithin(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    private static string Shown(CliHost host, string path)
    {
        var relative = Path.GetRelativePath(host.WorkingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
