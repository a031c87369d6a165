using System.Diagnostics;
using Sluice.LocalCloud.CloudFormation.Stacks;

namespace Sluice.LocalCloud.Tests.CloudFormation;

/// <summary>The replacement table matches the createOnlyProperties of AWS's provider schemas, as cfn-lint ships them.</summary>
public sealed class ReplacementRulesTests
{
    [Fact]
    public async Task CreateOnly_EveryCloudFormationType_MatchesTheProviderSchema()
    {
        var types = ReplacementRules.CreateOnly.Keys.Where(t => !t.StartsWith("AWS::Serverless::", StringComparison.Ordinal)).ToList();
        var script = "import sys\nfrom cfnlint.schema import PROVIDER_SCHEMA_MANAGER as m\nfor t in sys.argv[1:]:\n"
            + "    s = m.get_resource_schema('us-east-1', t).schema\n"
            + "    print(t + '=' + ','.join(sorted(set(p.split('/')[-1] for p in s.get('createOnlyProperties', [])))))\n";
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var type in types)
        {
            start.ArgumentList.Add(type);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (errors.Contains("No module named 'cfnlint'", StringComparison.Ordinal))
        {
            Assert.Skip("cfn-lint is not installed for python3: the table is checked against the schemas it ships (pip install cfn-lint)");
        }
        Assert.True(process.ExitCode == 0, errors);
        var schemas = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('='))
            .ToDictionary(p => p[0], p => p[1]);
        foreach (var type in types)
        {
            Assert.Equal(schemas[type], string.Join(',', ReplacementRules.CreateOnly[type].Order(StringComparer.Ordinal)));
        }
    }
}
