using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Tests.Execution;

public sealed class DistributedMapTests
{
    private const string Distributed = """{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}""";

    /// <summary>A one-state machine: a distributed Map with <paramref name="fields"/> whose items pass through a Pass state.</summary>
    private static string MapMachine(string fields, string processorStates = """{"P":{"Type":"Pass","End":true}}""") =>
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\"," + fields + ",\"ItemProcessor\":{\"ProcessorConfig\":" + Distributed
        + ",\"StartAt\":\"" + (processorStates.Contains("\"C\":", StringComparison.Ordinal) ? "C" : "P") + "\",\"States\":" + processorStates + "},\"End\":true}}}";

    private static string Reader(string inputType, string extraConfig = "") =>
        "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"" + inputType + "\"" + extraConfig
        + "},\"Parameters\":{\"Bucket.$\":\"$.bucket\",\"Key.$\":\"$.key\"}}";

    private const string Input = """{"bucket":"data","key":"items"}""";

    [Fact]
    public async Task ItemReader_JsonArray_RunsOneChildPerElementWithItsSource()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "items", """[{"sku":"A"},{"sku":"B"}]""");
        var definition = MapMachine(Reader("JSON") + ",\"ItemSelector\":{\"sku.$\":\"$$.Map.Item.Value.sku\",\"source.$\":\"$$.Map.Item.Source\"}");
        var result = await new AslTestHost(objects: s3).RunAsync(definition, Input);
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""[{"sku":"A","source":"s3://data/items"},{"sku":"B","source":"s3://data/items"}]""", JsonValues.ToJson(result.Output));
        Assert.Equal(["MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited"], result.Types.Skip(1).Take(6));
        Assert.Equal(0, result.History[2]!["mapStateStartedEventDetails"]!["length"]!.GetValue<int>());
    }

    [Fact]
    public async Task ItemReader_JsonObjectWithItemsPointer_IteratesTheNestedObjectsPairs()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "items", """{"catalog":{"prices":{"A":1,"B":2}}}""");
        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(Reader("JSON", ",\"ItemsPointer\":\"/catalog/prices\"")), Input);
        Assert.Equal("""[{"Key":"A","Value":1},{"Key":"B","Value":2}]""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ItemReader_JsonLinesWithMaxItems_ReadsTheFirstLines()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "items", "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}\n");
        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(Reader("JSONL", ",\"MaxItems\":2")), Input);
        Assert.Equal("""[{"n":1},{"n":2}]""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ItemReader_CsvWithHeaderRow_GivesRowsAsObjectsOfStrings()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "items", "name,qty\r\nwidget,2\r\n\"gadget, large\",\"1\"\"\"\r\n");
        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(Reader("CSV", ",\"CSVHeaderLocation\":\"FIRST_ROW\"")), Input);
        Assert.Equal("""[{"name":"widget","qty":"2"},{"name":"gadget, large","qty":"1\""}]""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ItemReader_CsvWithGivenHeadersAndPipes_UsesThemAndDropsExtraValues()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "items", "a|b|extra\nc|d\n");
        var config = ",\"CSVHeaderLocation\":\"GIVEN\",\"CSVHeaders\":[\"x\",\"y\"],\"CSVDelimiter\":\"PIPE\"";
        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(Reader("CSV", config)), Input);
        Assert.Equal("""[{"x":"a","y":"b"},{"x":"c","y":"d"}]""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ItemReader_CsvWithDuplicateHeaders_FailsTheMapRunAsAws()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "items", "a,a\n1,2\n");
        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(Reader("CSV", ",\"CSVHeaderLocation\":\"FIRST_ROW\"")), Input);
        Assert.Equal(("FAILED", "States.ItemReaderFailed", "CSV headers cannot contain duplicates."), (result.Status, result.Error, result.Cause));
        Assert.Equal(["MapRunStarted", "MapRunFailed", "MapStateFailed", "ExecutionFailed"], result.Types.TakeLast(4));
    }

    [Fact]
    public async Task ItemReader_MissingObject_FailsWithS3Cause()
    {
        var result = await new AslTestHost(objects: new FakeObjectStore()).RunAsync(MapMachine(Reader("JSON")), Input);
        Assert.Equal("States.ItemReaderFailed", result.Error);
        Assert.Contains("The specified key does not exist.", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemReader_ListObjectsV2_IteratesTheListing()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "in/a.txt", "hello");
        s3.Put("data", "in/b.txt", "hi");
        s3.Put("data", "other/c.txt", "x");
        var reader = "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"Parameters\":{\"Bucket\":\"data\",\"Prefix\":\"in/\"}}";
        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(reader), "{}");
        var output = result.Output!.AsArray();
        Assert.Equal(["in/a.txt", "in/b.txt"], output.Select(o => o!["Key"]!.GetValue<string>()));
        Assert.Equal(["Etag", "Key", "LastModified", "Size", "StorageClass"], output[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(5, output[0]!["Size"]!.GetValue<long>());
    }

    [Fact]
    public async Task ItemReader_ListObjectsV2WithLoadAndFlatten_ReadsEachObjectsItems()
    {
        var s3 = new FakeObjectStore();
        s3.Put("data", "in/1.jsonl", "{\"n\":1}\n{\"n\":2}\n");
        s3.Put("data", "in/2.jsonl", "{\"n\":3}\n");
        var reader = "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"ReaderConfig\":{\"InputType\":\"JSONL\",\"Transformation\":\"LOAD_AND_FLATTEN\"},\"Parameters\":{\"Bucket\":\"data\",\"Prefix\":\"in/\"}}";
        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(reader + ",\"ItemSelector\":{\"n.$\":\"$$.Map.Item.Value.n\",\"from.$\":\"$$.Map.Item.Source\"}"), "{}");
        Assert.Equal("""[{"n":1,"from":"s3://data/in/1.jsonl"},{"n":2,"from":"s3://data/in/1.jsonl"},{"n":3,"from":"s3://data/in/2.jsonl"}]""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ItemReader_S3InventoryManifest_ReadsTheGzippedCsvFilesWithItsSchema()
    {
        var s3 = new FakeObjectStore();
        s3.Put("inventory", "manifest.json", """{"sourceBucket":"photos","destinationBucket":"arn:aws:s3:::inventory","fileFormat":"CSV","fileSchema":"Bucket, Key, Size","files":[{"key":"data/part-1.csv.gz","size":1}]}""");
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes("\"photos\",\"cat.jpg\",\"120\"\n\"photos\",\"dog.jpg\",\"80\"\n"));
            }

            s3.Put("inventory", "data/part-1.csv.gz", buffer.ToArray());
        }

        var result = await new AslTestHost(objects: s3).RunAsync(MapMachine(Reader("MANIFEST")), """{"bucket":"inventory","key":"manifest.json"}""");
        Assert.Equal("""[{"Bucket":"photos","Key":"cat.jpg","Size":"120"},{"Bucket":"photos","Key":"dog.jpg","Size":"80"}]""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ItemBatcher_MaxItemsAndBatchInput_GivesEachChildABatch()
    {
        var definition = MapMachine("\"ItemsPath\":\"$.items\",\"ItemBatcher\":{\"MaxItemsPerBatch\":2,\"BatchInput\":{\"run.$\":\"$.run\"}}");
        var result = await new AslTestHost().RunAsync(definition, """{"run":"r1","items":[1,2,3,4,5]}""");
        Assert.Equal(
            """[{"BatchInput":{"run":"r1"},"Items":[1,2]},{"BatchInput":{"run":"r1"},"Items":[3,4]},{"BatchInput":{"run":"r1"},"Items":[5]}]""",
            JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ItemBatcher_MaxInputBytes_SplitsWhereTheNextItemWouldNotFit()
    {
        var definition = MapMachine("\"ItemsPath\":\"$.items\",\"ItemBatcher\":{\"MaxInputBytesPerBatchPath\":\"$.bytes\"}");
        // {"Items":[]} is 12 bytes; "aaaa" adds 6, each further one 7: two fit in 25 bytes, a third does not.
        var result = await new AslTestHost().RunAsync(definition, """{"bytes":25,"items":["aaaa","bbbb","cccc"]}""");
        Assert.Equal("""[{"Items":["aaaa","bbbb"]},{"Items":["cccc"]}]""", JsonValues.ToJson(result.Output));
    }

    [Fact]
    public async Task ResultWriter_ToS3_WritesManifestAndResultFilesAndReturnsTheirPlace()
    {
        var s3 = new FakeObjectStore();
        var definition = MapMachine("\"ItemsPath\":\"$.items\",\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\",\"Parameters\":{\"Bucket\":\"results\",\"Prefix\":\"jobs\"}}");
        var result = await new AslTestHost(objects: s3).RunAsync(definition, """{"items":["a","b"]}""");
        Assert.Equal("SUCCEEDED", result.Status);
        var mapRunArn = result.Output!["MapRunArn"]!.GetValue<string>();
        var runId = mapRunArn[(mapRunArn.LastIndexOf(':') + 1)..];
        Assert.Equal("results", result.Output["ResultWriterDetails"]!["Bucket"]!.GetValue<string>());
        Assert.Equal($"jobs/{runId}/manifest.json", result.Output["ResultWriterDetails"]!["Key"]!.GetValue<string>());
        var manifest = JsonNode.Parse(s3.Text("results", $"jobs/{runId}/manifest.json")!)!;
        Assert.Equal(mapRunArn, manifest["MapRunArn"]!.GetValue<string>());
        Assert.Empty(manifest["ResultFiles"]!["FAILED"]!.AsArray());
        var succeeded = JsonNode.Parse(s3.Text("results", $"jobs/{runId}/SUCCEEDED_0.json")!)!.AsArray();
        Assert.Equal(["\"a\"", "\"b\""], succeeded.Select(r => r!["Output"]!.GetValue<string>()));
        Assert.Equal("SUCCEEDED", succeeded[0]!["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResultWriter_WriterConfigFlatten_FlattensChildArrays()
    {
        var definition = MapMachine("\"ItemsPath\":\"$.items\",\"ResultWriter\":{\"WriterConfig\":{\"Transformation\":\"FLATTEN\",\"OutputType\":\"JSON\"}}");
        var result = await new AslTestHost().RunAsync(definition, """{"items":[[1,2],[3],4]}""");
        Assert.Equal("[1,2,3,4]", JsonValues.ToJson(result.Output));
    }

    private const string FailOnBig = """{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThan":1,"Next":"Bad"}],"Default":"P"},"Bad":{"Type":"Fail","Error":"TooBig","Cause":"over one"},"P":{"Type":"Pass","End":true}}""";

    [Fact]
    public async Task ToleratedFailureCount_NotExceeded_SucceedsWithTheFailedChildsRecord()
    {
        var result = await new AslTestHost().RunAsync(MapMachine("\"ItemsPath\":\"$.items\",\"ToleratedFailureCount\":1", FailOnBig), """{"items":[0,1,2]}""");
        Assert.Equal("SUCCEEDED", result.Status);
        var output = result.Output!.AsArray();
        Assert.Equal("[0,1]", JsonValues.ToJson(new JsonArray(output[0]!.DeepClone(), output[1]!.DeepClone())));
        Assert.Equal(("FAILED", "TooBig", "over one"), (output[2]!["Status"]!.GetValue<string>(), output[2]!["Error"]!.GetValue<string>(), output[2]!["Cause"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ToleratedFailurePercentage_Exceeded_FailsWithThresholdError()
    {
        var result = await new AslTestHost().RunAsync(MapMachine("\"ItemsPath\":\"$.items\",\"ToleratedFailurePercentage\":40", FailOnBig), """{"items":[0,5,6]}""");
        Assert.Equal(("FAILED", StatesErrors.ExceedToleratedFailureThreshold), (result.Status, result.Error));
        Assert.Equal("MapRunFailed", result.Types[^3]);
    }

    [Fact]
    public async Task NoTolerance_ChildFails_FailsWithTheChildsError()
    {
        var result = await new AslTestHost().RunAsync(MapMachine("\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1", FailOnBig), """{"items":[5]}""");
        Assert.Equal(("FAILED", "TooBig", "over one"), (result.Status, result.Error, result.Cause));
    }
}
