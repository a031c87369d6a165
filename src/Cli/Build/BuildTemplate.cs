using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Cli.Build;

/// <summary>
/// A SAM template as <c>sam build</c> reads and writes it: the functions it builds, and the copy
/// written beside the artifacts with every local path made relative to its new folder and each
/// built function's CodeUri pointing at its artifact folder. Intrinsics are written in their long
/// form (<c>Ref:</c>, <c>Fn::GetAtt: [a, b]</c>), as SAM CLI's YAML dump writes them.
/// </summary>
internal sealed class BuildTemplate
{
    private readonly YamlMappingNode _root;

    private BuildTemplate(string path, YamlMappingNode root)
    {
        Path = path;
        _root = root;
    }

    /// <summary>The template's own path (absolute).</summary>
    public string Path { get; }

    /// <summary>Relative paths in the template are relative to this folder.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static BuildTemplate Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the template {path}: {e.Message}", CliException.Usage);
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new CliException($"{path}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new CliException($"{path}: a template is one YAML (or JSON) mapping");
        }
        if (Child(root, "Resources") is not YamlMappingNode)
        {
            throw new CliException($"{path}: the template has no Resources mapping");
        }
        return new BuildTemplate(System.IO.Path.GetFullPath(path), (YamlMappingNode)LongForm.Of(root));
    }

    private YamlMappingNode Resources => (YamlMappingNode)Child(_root, "Resources")!;

    /// <summary>
    /// The functions <c>sam build</c> builds: every zip-packaged AWS::Serverless::Function whose code
    /// is a local folder (an s3:// CodeUri is already built). Only the makefile build method is
    /// run here; a function that needs another builder is refused with its name.
    /// </summary>
    public IReadOnlyList<BuildableFunction> Functions()
    {
        var functions = new List<BuildableFunction>();
        var globals = Child(Child(_root, "Globals"), "Function") as YamlMappingNode;
        foreach (var (key, value) in Resources.Children)
        {
            var logicalId = ((YamlScalarNode)key).Value!;
            if (value is not YamlMappingNode resource || Text(Child(resource, "Type")) != "AWS::Serverless::Function")
            {
                continue;
            }
            var properties = Child(resource, "Properties") as YamlMappingNode;
            if ((Text(Child(properties, "PackageType")) ?? Text(Child(globals, "PackageType"))) == "Image")
            {
                continue;
            }
            var codeUri = Child(properties, "CodeUri") ?? Child(globals, "CodeUri");
            if (codeUri is YamlMappingNode || Text(codeUri) is { } uri && IsRemote(uri))
            {
                continue;
            }
            if (Text(codeUri) is not { } localCode)
            {
                throw new CliException($"{logicalId}: CodeUri is not a path (sluice build reads literal CodeUri values, as sam build does)");
            }
            var metadata = Child(resource, "Metadata") as YamlMappingNode;
            var runtime = Text(Child(properties, "Runtime")) ?? Text(Child(globals, "Runtime")) ?? "";
            var method = Text(Child(metadata, "BuildMethod"));
            if (method != "makefile" && !(method is null && runtime.StartsWith("provided", StringComparison.Ordinal)))
            {
                throw new CliException($"{logicalId}: sluice build runs the makefile build method only (Metadata BuildMethod: makefile, the default for provided runtimes); "
                    + $"this function has {(method is null ? $"runtime {runtime}" : $"BuildMethod {method}")}: build it with sam build");
            }
            var code = Resolve(localCode);
            var projectRoot = Text(Child(metadata, "ProjectRootDirectory")) is { } root ? Resolve(root) : code;
            var context = Text(Child(metadata, "ContextPath")) is { } contextPath ? Resolve(contextPath) : projectRoot;
            var working = Text(Child(metadata, "WorkingDirectory")) is { } workingDirectory ? Resolve(workingDirectory) : null;
            functions.Add(new BuildableFunction(logicalId, projectRoot, System.IO.Path.Combine(context, "Makefile"), working));
        }
        return functions;
    }

    /// <summary>
    /// Writes the template to <paramref name="destination"/> as <c>sam build</c> does: built
    /// functions' CodeUri set to their artifact folders, every other local path made relative to
    /// the destination's folder.
    /// </summary>
    public void Write(string destination, IReadOnlyDictionary<string, string> artifacts)
    {
        var newRoot = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(destination))!;
        foreach (var (key, value) in Resources.Children)
        {
            if (value is not YamlMappingNode resource || Text(Child(resource, "Type")) is not { } type)
            {
                continue;
            }
            var properties = Child(resource, "Properties") as YamlMappingNode;
            if (artifacts.TryGetValue(((YamlScalarNode)key).Value!, out var artifact))
            {
                if (properties is null)
                {
                    properties = new YamlMappingNode();
                    resource.Children[new YamlScalarNode("Properties")] = properties;
                }
                properties.Children[new YamlScalarNode("CodeUri")] = new YamlScalarNode(System.IO.Path.GetRelativePath(newRoot, artifact));
                continue;
            }
            foreach (var property in LocalPathProperties.Of(type))
            {
                var (owner, name) = Locate(properties, property);
                if (Text(Child(owner, name)) is { } path && !IsRemote(path) && !System.IO.Path.IsPathRooted(path))
                {
                    owner!.Children[new YamlScalarNode(name)] = new YamlScalarNode(System.IO.Path.GetRelativePath(newRoot, Resolve(path)));
                }
            }
        }
        System.IO.Directory.CreateDirectory(newRoot);
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(_root)).Save(writer, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        // The representation model closes its document with "...": the template is the one document.
        if (text.EndsWith("...\n", StringComparison.Ordinal))
        {
            text = text[..^4];
        }
        File.WriteAllText(destination, text);
    }

    private string Resolve(string path) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, path));

    /// <summary>A dotted property (<c>Command.ScriptLocation</c>): the mapping holding its last part, and that name.</summary>
    private static (YamlMappingNode? Owner, string Name) Locate(YamlMappingNode? properties, string dotted)
    {
        var parts = dotted.Split('.');
        var owner = properties;
        foreach (var part in parts[..^1])
        {
            owner = Child(owner, part) as YamlMappingNode;
        }
        return (owner, parts[^1]);
    }

    private static bool IsRemote(string path) =>
        path.StartsWith("s3://", StringComparison.Ordinal) || path.StartsWith("http://", StringComparison.Ordinal) || path.StartsWith("https://", StringComparison.Ordinal);

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Text(YamlNode? node) => node is YamlScalarNode { Tag.IsEmpty: true } scalar ? scalar.Value : null;
}
