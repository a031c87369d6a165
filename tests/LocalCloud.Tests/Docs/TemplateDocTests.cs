using System.Text.RegularExpressions;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.Tests.Docs;

/// <summary>docs/local-cloud-template.md's resource tables say which types the loader knows: they list exactly ResourceTypes'.</summary>
public sealed partial class TemplateDocTests
{
    [Fact]
    public void ResourceTables_ListedTypes_AreTheLoadersTypes()
    {
        var doc = File.ReadAllLines(Path.Combine(RepositoryRoot.Directory, "docs", "local-cloud-template.md"));
        var documented = doc.Select(line => TableRowType().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(documented);
        Assert.Equal(ResourceTypes.Shapes.Keys.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    /// <summary>A table row whose first cell is a resource type, e.g. "| `AWS::SQS::Queue` | ...".</summary>
    [GeneratedRegex(@"^\| `(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)`")]
    private static partial Regex TableRowType();
}
