using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests;

/// <summary>Fresh parses of the files under test, so each test may break its own copy.</summary>
internal static class Inputs
{
    public const string TemplatePath = "infra/template.yaml";
    public const string PipelinePath = "infra/pipeline.yaml";
    public const string AslPath = "statemachines/order-fulfilment.asl.json";

    /// <summary>The workflow written in JSONata, kept to compare the two query languages (docs/step-functions.md).</summary>
    public const string JsonataAslPath = "tests/Infra.Tests/TestData/order-fulfilment.jsonata.asl.json";

    public static CfnTemplate Template() => CfnTemplate.Load(TemplatePath);

    public static CfnTemplate Pipeline() => CfnTemplate.Load(PipelinePath);

    public static JsonObject Asl() => ParseAsl(RepositoryRoot.Read(AslPath));

    public static JsonObject ParseAsl(string text) =>
        JsonNode.Parse(text) as JsonObject ?? throw new FormatException($"{AslPath}: not a JSON object.");

    public static IEnumerable<string> WorkflowPaths() =>
        Directory.GetFiles(RepositoryRoot.PathOf(".github/workflows"), "*.y*ml")
            .Select(p => Path.GetRelativePath(RepositoryRoot.Directory, p))
            .Order(StringComparer.Ordinal);

    public static JsonObject Workflow(string relativePath) =>
        CfnYaml.LoadObject(RepositoryRoot.Read(relativePath), relativePath);

    /// <summary>Reads a file the template points at (DefinitionUri), from disk.</summary>
    public static string ReadFromDisk(string absolutePath) => File.ReadAllText(absolutePath);
}
