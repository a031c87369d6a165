using System.Text;

namespace Sluice.Shared.Tests.Aws;

/// <summary>One case of the AWS SigV4 test suite in TestData/sigv4, read from its files.</summary>
internal sealed class SigV4SuiteCase
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "sigv4", "aws-sig-v4-test-suite");

    private SigV4SuiteCase(string name, string directory)
    {
        Name = name;
        var file = Path.Combine(directory, Path.GetFileName(directory));
        Request = SuiteRequest.Parse(Read(file + ".req"));
        SignedRequest = SuiteRequest.Parse(Read(file + ".sreq"));
        CanonicalRequest = Read(file + ".creq");
        StringToSign = Read(file + ".sts");
        Authorization = Read(file + ".authz");
    }

    public string Name { get; }

    public SuiteRequest Request { get; }

    /// <summary>The request after signing (.sreq), including its Authorization header.</summary>
    public SuiteRequest SignedRequest { get; }

    public string CanonicalRequest { get; }

    public string StringToSign { get; }

    public string Authorization { get; }

    /// <summary>Case names relative to the suite root, e.g. "normalize-path/get-slash".</summary>
    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Root, "*.req", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static SigV4SuiteCase Load(string name) => new(name, Path.Combine(Root, name));

    private static string Read(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path));
}
