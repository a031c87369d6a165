using System.Text.Json.Nodes;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.StepFunctions;

/// <summary>
/// A Distributed Map over the host's own S3 through the real AWS CLI: the ItemReader reads a CSV the
/// CLI uploaded, the ResultWriter exports the results the CLI then downloads, and the map run answers
/// describe-map-run and list-map-runs.
/// </summary>
public sealed class DistributedMapS3Tests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/local";
    private readonly AwsCli _aws = new(cloud.Endpoint);
    private readonly string _dir = Directory.CreateTempSubdirectory("sfn-s3-").FullName;

    private const string Definition = """
        {"StartAt":"Lines","States":{"Lines":{"Type":"Map","Label":"Lines","MaxConcurrency":2,
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
            "Parameters":{"Bucket.$":"$.bucket","Key.$":"$.key"}},
          "ItemBatcher":{"MaxItemsPerBatch":2},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Count",
            "States":{"Count":{"Type":"Pass","Parameters":{"skus.$":"$.Items[*].sku"},"End":true}}},
          "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket.$":"$.bucket","Prefix":"results"}},
          "End":true}}}
        """;

    [Fact]
    public async Task DistributedMap_CsvInS3_ProcessesBatchesAndExportsResultsToS3()
    {
        AwsCli.RequireInstalled();
        var csv = Path.Combine(_dir, "lines.csv");
        await File.WriteAllTextAsync(csv, "sku,qty\nA-1,2\nB-2,1\nC-3,5\n", TestContext.Current.CancellationToken);
        await _aws.TextAsync("s3", "mb", "s3://sfn-map-data");
        await _aws.TextAsync("s3", "cp", csv, "s3://sfn-map-data/in/lines.csv", "--only-show-errors");
        var machine = (await _aws.JsonAsync("stepfunctions", "create-state-machine", "--name", "csv-lines", "--role-arn", Role, "--definition", Definition))
            .GetProperty("stateMachineArn").GetString()!;

        var execution = (await _aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine,
            "--input", """{"bucket":"sfn-map-data","key":"in/lines.csv"}""")).GetProperty("executionArn").GetString()!;
        await cloud.Host.StepFunctions.WaitForExecutionAsync(execution, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var described = await _aws.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", execution);
        var runs = await _aws.JsonAsync("stepfunctions", "list-map-runs", "--execution-arn", execution);
        var mapRunArn = runs.GetProperty("mapRuns")[0].GetProperty("mapRunArn").GetString()!;
        var mapRun = await _aws.JsonAsync("stepfunctions", "describe-map-run", "--map-run-arn", mapRunArn);
        var manifestKey = JsonNode.Parse(described.GetProperty("output").GetString()!)!["ResultWriterDetails"]!["Key"]!.GetValue<string>();
        await _aws.TextAsync("s3", "cp", $"s3://sfn-map-data/{manifestKey}", Path.Combine(_dir, "manifest.json"), "--only-show-errors");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "manifest.json"), TestContext.Current.CancellationToken))!;
        var resultsKey = manifest["ResultFiles"]!["SUCCEEDED"]![0]!["Key"]!.GetValue<string>();
        await _aws.TextAsync("s3", "cp", $"s3://sfn-map-data/{resultsKey}", Path.Combine(_dir, "succeeded.json"), "--only-show-errors");
        var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "succeeded.json"), TestContext.Current.CancellationToken))!.AsArray();

        Assert.Equal("SUCCEEDED", described.GetProperty("status").GetString());
        Assert.StartsWith("results/", manifestKey, StringComparison.Ordinal);
        Assert.Equal("SUCCEEDED", mapRun.GetProperty("status").GetString());
        Assert.Equal(3, mapRun.GetProperty("itemCounts").GetProperty("succeeded").GetInt64());
        Assert.Equal(2, mapRun.GetProperty("executionCounts").GetProperty("succeeded").GetInt64());
        Assert.Equal(
            ["""{"skus":["A-1","B-2"]}""", """{"skus":["C-3"]}"""],
            results.Select(r => r!["Output"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DistributedMap_MissingObject_FailsWithItemReaderFailedAndTheS3Cause()
    {
        AwsCli.RequireInstalled();
        await _aws.TextAsync("s3", "mb", "s3://sfn-map-empty");
        var machine = (await _aws.JsonAsync("stepfunctions", "create-state-machine", "--name", "csv-missing", "--role-arn", Role, "--definition", Definition))
            .GetProperty("stateMachineArn").GetString()!;

        var execution = (await _aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine,
            "--input", """{"bucket":"sfn-map-empty","key":"nothing.csv"}""")).GetProperty("executionArn").GetString()!;
        await cloud.Host.StepFunctions.WaitForExecutionAsync(execution, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var described = await _aws.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", execution);

        Assert.Equal("FAILED", described.GetProperty("status").GetString());
        Assert.Equal("States.ItemReaderFailed", described.GetProperty("error").GetString());
        Assert.StartsWith("The specified key does not exist. (Service: S3, Status Code: 404,", described.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
