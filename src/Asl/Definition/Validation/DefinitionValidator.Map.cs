using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Asl.Definition.Validation;

internal sealed partial class DefinitionValidator
{
    private static readonly string[] s_distributedOnlyFields =
    [
        "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount", "ToleratedFailurePercentage",
        "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Label",
    ];

    private void CheckMap(JsonObject state, string at, string language, ProgramScope scope, bool expressContext)
    {
        var jsonata = language == Jsonata;
        var hasProcessor = state.TryGetPropertyValue("ItemProcessor", out var processorNode);
        var hasIterator = state.TryGetPropertyValue("Iterator", out var iteratorNode);
        if (hasProcessor && hasIterator)
        {
            Add(ValidationRules.Processor, at, "Only one of these fields is allowed: [ItemProcessor, Iterator]");
        }

        var field = hasProcessor ? "ItemProcessor" : "Iterator";
        var node = hasProcessor ? processorNode : iteratorNode;
        var mode = "INLINE";
        var executionType = (string?)null;
        if (!hasProcessor && !hasIterator)
        {
            Add(ValidationRules.Processor, at, "These fields are required: [ItemProcessor]");
        }
        else if (node is not JsonObject processor)
        {
            TypeError(node, $"{at}/{field}", "Object");
        }
        else
        {
            foreach (var (key, _) in processor)
            {
                if (key is not ("StartAt" or "States" or "Comment" or "ProcessorConfig"))
                {
                    NotSupported(ValidationRules.Processor, key, $"{at}/{field}");
                }
            }

            (mode, executionType) = CheckProcessorConfig(processor, $"{at}/{field}");
            var childExpress = expressContext || executionType == "EXPRESS";
            ValidateProgram(processor, $"{at}/{field}", language, scope.Child(), childExpress, ValidationRules.Processor);
        }

        if (state.ContainsKey("ItemSelector") && state.ContainsKey("Parameters"))
        {
            Add(ValidationRules.SelectorExclusive, at, "Only one of these fields is allowed: [ItemSelector, Parameters]");
        }

        CheckCount(state, "MaxConcurrency", at, jsonata, ValidationRules.MaxConcurrency, min: 0, max: null);
        CheckCount(state, "ToleratedFailureCount", at, jsonata, ValidationRules.Tolerance, min: 0, max: null);
        CheckPercentage(state, at, jsonata);

        if (mode != "DISTRIBUTED")
        {
            foreach (var distributedField in s_distributedOnlyFields)
            {
                if (state.ContainsKey(distributedField))
                {
                    Add(ValidationRules.DistributedOnly, $"{at}/{distributedField}", $"The field '{distributedField}' is only supported when the ProcessorConfig Mode is DISTRIBUTED");
                }
            }
        }

        if (state.TryGetPropertyValue("Label", out var label))
        {
            CheckLabel(label, $"{at}/Label");
        }

        if (jsonata && state.TryGetPropertyValue("Items", out var items) && items is not (JsonArray or JsonObject) && !IsJsonataExpression(items))
        {
            Add(ValidationRules.FieldType, $"{at}/Items", "The value for the field 'Items' must be an array, an object or a JSONata expression");
        }

        if (state.TryGetPropertyValue("ItemReader", out var reader))
        {
            CheckItemReader(reader, $"{at}/ItemReader", jsonata);
        }

        if (state.TryGetPropertyValue("ItemBatcher", out var batcher))
        {
            CheckItemBatcher(batcher, $"{at}/ItemBatcher", jsonata);
        }

        if (state.TryGetPropertyValue("ResultWriter", out var writer))
        {
            CheckResultWriter(writer, $"{at}/ResultWriter", jsonata);
        }
    }

    private (string Mode, string? ExecutionType) CheckProcessorConfig(JsonObject processor, string at)
    {
        if (!processor.TryGetPropertyValue("ProcessorConfig", out var node))
        {
            return ("INLINE", null);
        }

        if (node is not JsonObject config)
        {
            TypeError(node, $"{at}/ProcessorConfig", "Object");
            return ("INLINE", null);
        }

        foreach (var (key, _) in config)
        {
            if (key is not ("Mode" or "ExecutionType"))
            {
                NotSupported(ValidationRules.ProcessorConfig, key, $"{at}/ProcessorConfig");
            }
        }

        var mode = "INLINE";
        if (config.TryGetPropertyValue("Mode", out var modeNode))
        {
            if (JsonValues.TryString(modeNode, out var m) && m is "INLINE" or "DISTRIBUTED")
            {
                mode = m;
            }
            else
            {
                Add(ValidationRules.ProcessorConfig, $"{at}/ProcessorConfig/Mode", "The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]");
            }
        }

        string? executionType = null;
        if (config.TryGetPropertyValue("ExecutionType", out var typeNode))
        {
            if (JsonValues.TryString(typeNode, out var t) && t is "STANDARD" or "EXPRESS")
            {
                executionType = t;
            }
            else
            {
                Add(ValidationRules.ProcessorConfig, $"{at}/ProcessorConfig/ExecutionType", "The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS]");
            }
        }

        if (mode == "DISTRIBUTED" && !config.ContainsKey("ExecutionType"))
        {
            Add(ValidationRules.ProcessorConfig, $"{at}/ProcessorConfig", "These fields are required: [ExecutionType]");
        }

        return (mode, executionType);
    }

    /// <summary>A non-negative (or positive) integer field, or its Path form, or (JSONata) an expression.</summary>
    private void CheckCount(JsonObject obj, string field, string at, bool jsonata, ValidationRule rule, long min, long? max)
    {
        var hasValue = obj.TryGetPropertyValue(field, out var value);
        if (hasValue && obj.TryGetPropertyValue(field + "Path", out var path))
        {
            Add(rule, at, $"Only one of these fields is allowed: [{field}, {field}Path]");
        }

        if (!jsonata && obj.TryGetPropertyValue(field + "Path", out path))
        {
            CheckReferencePath(path, $"{at}/{field}Path", field + "Path", allowIntrinsic: false);
        }

        if (!hasValue || (jsonata && IsJsonataExpression(value)))
        {
            return;
        }

        if (!(JsonValues.IsInteger(value, out var n) && n >= min && (max is null || n <= max)))
        {
            Add(rule, $"{at}/{field}", max is null
                ? $"The value for the field '{field}' must be an integer greater than or equal to {min}"
                : $"The value for the field '{field}' must be an integer between {min} and {max}");
        }
    }

    private void CheckPercentage(JsonObject state, string at, bool jsonata)
    {
        const string Field = "ToleratedFailurePercentage";
        var hasValue = state.TryGetPropertyValue(Field, out var value);
        if (hasValue && state.ContainsKey(Field + "Path"))
        {
            Add(ValidationRules.Tolerance, at, $"Only one of these fields is allowed: [{Field}, {Field}Path]");
        }

        if (hasValue && !(jsonata && IsJsonataExpression(value)) && !(JsonValues.TryNumber(value, out var p) && p is >= 0 and <= 100))
        {
            Add(ValidationRules.Tolerance, $"{at}/{Field}", $"The value for the field '{Field}' must be a number between 0 and 100");
        }
    }

    private void CheckLabel(JsonNode? node, string at)
    {
        if (!ExpectString(node, at))
        {
            return;
        }

        var label = node!.GetValue<string>();
        if (label.Length is 0 or > 40)
        {
            Add(ValidationRules.LabelName, at, label.Length == 0 ? "Label cannot be empty" : "Label cannot exceed 40 characters");
        }
        else if (InvalidNameCharacter().Match(label) is { Success: true } bad)
        {
            Add(ValidationRules.LabelName, at, $"Label contains invalid character: '{bad.Value}'");
        }
        else if (!_labels.Add(label))
        {
            Add(ValidationRules.LabelUnique, at, $"Duplicate Label: {label}");
        }
    }

    private void CheckItemReader(JsonNode? node, string at, bool jsonata)
    {
        if (!ExpectObject(node, at))
        {
            return;
        }

        var reader = node!.AsObject();
        var payloadField = jsonata ? "Arguments" : "Parameters";
        foreach (var (key, value) in reader)
        {
            if (key is "Resource" or "ReaderConfig")
            {
                continue;
            }

            if (key == payloadField)
            {
                if (jsonata)
                {
                    CheckJsonataValue(value, $"{at}/{key}");
                }
                else
                {
                    CheckTemplate(value, $"{at}/{key}");
                }
            }
            else
            {
                NotSupported(ValidationRules.ItemReader, key, at);
            }
        }

        if (!reader.TryGetPropertyValue("Resource", out var resource))
        {
            Add(ValidationRules.ItemReader, at, "These fields are required: [Resource]");
        }
        else if (!(JsonValues.TryString(resource, out var arn) && S3Resource().Match(arn) is { Success: true } m && m.Groups[1].Value is "getObject" or "listObjectsV2"))
        {
            Add(ValidationRules.ItemReader, $"{at}/Resource", "The field 'Resource' should have one of these values: [arn:aws:states:::s3:getObject, arn:aws:states:::s3:listObjectsV2]");
        }

        if (!reader.TryGetPropertyValue("ReaderConfig", out var configNode))
        {
            return;
        }

        if (!ExpectObject(configNode, $"{at}/ReaderConfig"))
        {
            return;
        }

        var config = configNode!.AsObject();
        var configAt = $"{at}/ReaderConfig";
        foreach (var (key, _) in config)
        {
            if (key is not ("InputType" or "CSVHeaderLocation" or "CSVHeaders" or "CSVDelimiter" or "MaxItems" or "MaxItemsPath" or "ManifestType" or "Transformation" or "ItemsPointer")
                || (jsonata && key == "MaxItemsPath"))
            {
                NotSupported(ValidationRules.ItemReader, key, configAt);
            }
        }

        CheckEnum(config, "InputType", configAt, ValidationRules.ItemReader, "CSV", "JSON", "JSONL", "PARQUET", "MANIFEST");
        CheckEnum(config, "CSVHeaderLocation", configAt, ValidationRules.ItemReader, "FIRST_ROW", "GIVEN");
        CheckEnum(config, "CSVDelimiter", configAt, ValidationRules.ItemReader, "COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB");
        CheckEnum(config, "ManifestType", configAt, ValidationRules.ItemReader, "ATHENA_DATA", "S3_INVENTORY");
        CheckEnum(config, "Transformation", configAt, ValidationRules.ItemReader, "NONE", "LOAD_AND_FLATTEN");
        if (JsonValues.TryString(config["CSVHeaderLocation"], out var location) && location == "GIVEN"
            && !(config["CSVHeaders"] is JsonArray { Count: > 0 } headers && headers.All(h => JsonValues.TryString(h, out _))))
        {
            Add(ValidationRules.ItemReader, configAt, "CSVHeaders must be a non-empty array of strings when CSVHeaderLocation is GIVEN");
        }

        CheckCount(config, "MaxItems", configAt, jsonata, ValidationRules.ItemReader, min: 0, max: 100_000_000);
        if (config.TryGetPropertyValue("ItemsPointer", out var pointer) && !(JsonValues.TryString(pointer, out var p) && (p.Length == 0 || p[0] == '/')))
        {
            Add(ValidationRules.ItemReader, $"{configAt}/ItemsPointer", "The value for the field 'ItemsPointer' must be a JSON Pointer (empty or starting with '/')");
        }
    }

    private void CheckItemBatcher(JsonNode? node, string at, bool jsonata)
    {
        if (!ExpectObject(node, at))
        {
            return;
        }

        var batcher = node!.AsObject();
        foreach (var (key, value) in batcher)
        {
            if (key == "BatchInput")
            {
                if (jsonata)
                {
                    CheckJsonataValue(value, $"{at}/BatchInput");
                }
                else if (ExpectObject(value, $"{at}/BatchInput"))
                {
                    CheckTemplate(value, $"{at}/BatchInput");
                }
            }
            else if (key is not ("MaxItemsPerBatch" or "MaxInputBytesPerBatch") && !(key is "MaxItemsPerBatchPath" or "MaxInputBytesPerBatchPath" && !jsonata))
            {
                NotSupported(ValidationRules.ItemBatcher, key, at);
            }
        }

        if (!new[] { "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath" }.Any(batcher.ContainsKey))
        {
            Add(ValidationRules.ItemBatcher, at, "At least one of these fields is required: [MaxItemsPerBatch, MaxItemsPerBatchPath, MaxInputBytesPerBatch, MaxInputBytesPerBatchPath]");
        }

        CheckCount(batcher, "MaxItemsPerBatch", at, jsonata, ValidationRules.ItemBatcher, min: 1, max: null);
        CheckCount(batcher, "MaxInputBytesPerBatch", at, jsonata, ValidationRules.ItemBatcher, min: 1, max: 262_144);
    }

    private void CheckResultWriter(JsonNode? node, string at, bool jsonata)
    {
        if (!ExpectObject(node, at))
        {
            return;
        }

        var writer = node!.AsObject();
        var payloadField = jsonata ? "Arguments" : "Parameters";
        foreach (var (key, value) in writer)
        {
            if (key is "Resource")
            {
                continue;
            }

            if (key == "WriterConfig")
            {
                if (ExpectObject(value, $"{at}/WriterConfig"))
                {
                    foreach (var (configKey, _) in value!.AsObject())
                    {
                        if (configKey is not ("Transformation" or "OutputType"))
                        {
                            NotSupported(ValidationRules.ResultWriter, configKey, $"{at}/WriterConfig");
                        }
                    }

                    CheckEnum(value.AsObject(), "Transformation", $"{at}/WriterConfig", ValidationRules.ResultWriter, "NONE", "COMPACT", "FLATTEN");
                    CheckEnum(value.AsObject(), "OutputType", $"{at}/WriterConfig", ValidationRules.ResultWriter, "JSON", "JSONL");
                }
            }
            else if (key == payloadField)
            {
                if (ExpectObject(value, $"{at}/{key}"))
                {
                    var payload = value!.AsObject();
                    if (jsonata)
                    {
                        CheckJsonataValue(payload, $"{at}/{key}");
                    }
                    else
                    {
                        CheckTemplate(payload, $"{at}/{key}");
                    }

                    var missing = new[] { "Bucket", "Prefix" }.Where(f => !payload.ContainsKey(f) && !payload.ContainsKey(f + ".$")).ToList();
                    if (missing.Count > 0)
                    {
                        Add(ValidationRules.ResultWriter, $"{at}/{key}", $"These fields are required: [{string.Join(", ", missing)}]");
                    }
                }
            }
            else
            {
                NotSupported(ValidationRules.ResultWriter, key, at);
            }
        }

        var hasResource = writer.TryGetPropertyValue("Resource", out var resource);
        if (hasResource && !(JsonValues.TryString(resource, out var arn) && S3Resource().Match(arn) is { Success: true } m && m.Groups[1].Value == "putObject"))
        {
            Add(ValidationRules.ResultWriter, $"{at}/Resource", "The field 'Resource' should have one of these values: [arn:aws:states:::s3:putObject]");
        }

        if (hasResource != writer.ContainsKey(payloadField))
        {
            Add(ValidationRules.ResultWriter, at, $"These fields are required together: [Resource, {payloadField}]");
        }

        if (!hasResource && !writer.ContainsKey("WriterConfig"))
        {
            Add(ValidationRules.ResultWriter, at, "At least one of these fields is required: [Resource, WriterConfig]");
        }
    }

    private void CheckEnum(JsonObject obj, string field, string at, ValidationRule rule, params string[] values)
    {
        if (obj.TryGetPropertyValue(field, out var node) && !(JsonValues.TryString(node, out var s) && values.Contains(s)))
        {
            Add(rule, $"{at}/{field}", $"The field '{field}' should have one of these values: [{string.Join(", ", values)}]");
        }
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:states:::s3:(\w+)$")]
    private static partial Regex S3Resource();

    /// <summary>The characters AWS refuses in names and labels: whitespace, brackets, wildcards, specials, controls.</summary>
    [GeneratedRegex(@"[\s<>{}\[\]?*""#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]")]
    internal static partial Regex InvalidNameCharacter();
}
