using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CodeDeploy;

/// <summary>
/// One of CodeDeploy's predefined Lambda deployment configurations: all at once, a canary (a share of
/// traffic for an interval, then the rest), or linear (equal steps, one per interval).
/// </summary>
internal sealed partial record DeploymentConfig(string Name, int Percent, TimeSpan Interval, bool Linear)
{
    [GeneratedRegex("^CodeDeployDefault\\.Lambda(?:(?<all>AllAtOnce)|Canary(?<cp>[0-9]+)Percent(?<cm>[0-9]+)Minutes?|Linear(?<lp>[0-9]+)PercentEvery(?<lm>[0-9]+)Minutes?)$")]
    private static partial Regex Pattern();

    public static DeploymentConfig Parse(string name, string where)
    {
        var match = Pattern().Match(name);
        if (!match.Success)
        {
            throw new TemplateException($"{where}: deployment configuration {name} is not one of CodeDeploy's predefined Lambda configurations "
                + "(CodeDeployDefault.LambdaAllAtOnce, CodeDeployDefault.LambdaCanary10Percent5Minutes, CodeDeployDefault.LambdaLinear10PercentEvery1Minute, ...); the local cloud runs only those");
        }
        if (match.Groups["all"].Success)
        {
            return new DeploymentConfig(name, 100, TimeSpan.Zero, false);
        }
        var linear = match.Groups["lp"].Success;
        var percent = int.Parse(match.Groups[linear ? "lp" : "cp"].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups[linear ? "lm" : "cm"].Value, CultureInfo.InvariantCulture);
        if (percent is < 1 or > 99)
        {
            throw new TemplateException($"{where}: deployment configuration {name} shifts {percent.ToString(CultureInfo.InvariantCulture)}% per step; 1 to 99 are possible");
        }
        return new DeploymentConfig(name, percent, TimeSpan.FromMinutes(minutes), linear);
    }

    /// <summary>The share of traffic on the new version at each step, ending at 1.0 (one step for all at once).</summary>
    public IReadOnlyList<double> Steps()
    {
        if (Percent == 100)
        {
            return [1.0];
        }
        if (!Linear)
        {
            return [Percent / 100.0, 1.0];
        }
        var steps = new List<double>();
        for (var p = Percent; p < 100; p += Percent)
        {
            steps.Add(p / 100.0);
        }
        steps.Add(1.0);
        return steps;
    }
}
