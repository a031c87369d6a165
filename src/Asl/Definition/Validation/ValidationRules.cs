namespace Sluice.Asl.Definition.Validation;

/// <summary>
/// Every check CreateStateMachine, UpdateStateMachine and ValidateStateMachineDefinition make, from
/// the Amazon States Language specification and the Step Functions Developer Guide. Each has a
/// test that shows it failing (tests/Asl.Tests/Definition/ValidationRuleTests).
/// </summary>
internal static class ValidationRules
{
    private const string E = Diagnostic.Error;
    private const string W = Diagnostic.Warning;

    // Structure of the document.
    public static readonly ValidationRule JsonObject = new("S01", DiagnosticCodes.Schema, E, "The definition is a JSON object (an empty definition is refused).");
    public static readonly ValidationRule JsonSyntax = new("S02", DiagnosticCodes.InvalidJson, E, "The definition is well-formed JSON; the message and location name the line and column.");
    public static readonly ValidationRule DuplicateKey = new("S03", DiagnosticCodes.InvalidJson, E, "No JSON object repeats a key.");
    public static readonly ValidationRule TooDeep = new("S04", DiagnosticCodes.TooDeeplyNested, E, "The JSON document nests at most 256 levels.");
    public static readonly ValidationRule TopRequired = new("S05", DiagnosticCodes.Schema, E, "The top level has StartAt and States.");
    public static readonly ValidationRule TopFields = new("S06", DiagnosticCodes.Schema, E, "The top level has only Comment, StartAt, States, TimeoutSeconds, Version and QueryLanguage.");
    public static readonly ValidationRule FieldType = new("S07", DiagnosticCodes.Schema, E, "Every field has its documented JSON type (StartAt and Next strings, States an object, End a boolean, Comment a string, ...).");
    public static readonly ValidationRule MachineTimeout = new("S08", DiagnosticCodes.Schema, E, "The top-level TimeoutSeconds is a positive integer of at most 99999999.");
    public static readonly ValidationRule StatesNotEmpty = new("S09", DiagnosticCodes.Schema, E, "States (top level, each branch, each item processor) holds at least one state.");
    public static readonly ValidationRule QueryLanguageValue = new("S10", DiagnosticCodes.Schema, E, "QueryLanguage is JSONPath or JSONata.");
    public static readonly ValidationRule QueryLanguageDowngrade = new("S11", DiagnosticCodes.Schema, E, "A state cannot set QueryLanguage to JSONPath when the state machine sets JSONata.");
    public static readonly ValidationRule DefinitionSize = new("S12", "ValidationException", E, "The definition is at most 1,048,576 characters (refused by the API with ValidationException).");

    // Names.
    public static readonly ValidationRule StateNameLength = new("N01", DiagnosticCodes.InvalidStateName, E, "A state name is 1 to 80 characters.");
    public static readonly ValidationRule StateNameUnique = new("N02", DiagnosticCodes.DuplicateStateName, E, "State names are unique across the whole state machine, including every Parallel branch and Map item processor.");
    public static readonly ValidationRule LabelName = new("N03", DiagnosticCodes.InvalidLabelName, E, "A Map Label is 1 to 40 characters with no whitespace, brackets, wildcards, special (\" # % \\ ^ | ~ ` $ & , ; : /) or control characters.");
    public static readonly ValidationRule LabelUnique = new("N04", DiagnosticCodes.DuplicateLabelName, E, "Map Labels are unique in the state machine.");

    // Transitions.
    public static readonly ValidationRule StartAtTarget = new("T01", DiagnosticCodes.MissingTransitionTarget, E, "StartAt names a state of its own States object.");
    public static readonly ValidationRule NextTarget = new("T02", DiagnosticCodes.MissingTransitionTarget, E, "Next, Default and a catcher's Next name a state of the same States object (a branch or item processor cannot leave itself).");
    public static readonly ValidationRule Reachable = new("T03", DiagnosticCodes.MissingTransitionTarget, E, "Every state can be reached from StartAt.");
    public static readonly ValidationRule Terminal = new("T04", DiagnosticCodes.MissingEndState, E, "Every States object has a terminal state (End: true, Succeed or Fail).");
    public static readonly ValidationRule NextOrEnd = new("T05", DiagnosticCodes.Schema, E, "Task, Pass, Wait, Parallel and Map states have exactly one of Next or End (End: true).");
    public static readonly ValidationRule NoTransition = new("T06", DiagnosticCodes.Schema, E, "Choice, Succeed and Fail states have neither Next nor End.");

    // Fields of each state type.
    public static readonly ValidationRule StateType = new("F01", DiagnosticCodes.Schema, E, "Every state has a Type, one of Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map.");
    public static readonly ValidationRule StateFields = new("F02", DiagnosticCodes.Schema, E, "A state has only the fields its type supports (e.g. no Retry on a Pass, no Assign on Succeed or Fail, no ResultPath on a Choice).");
    public static readonly ValidationRule JsonPathOnly = new("F03", DiagnosticCodes.Schema, E, "JSONata states refuse the JSONPath fields: InputPath, OutputPath, Parameters, ResultPath, ResultSelector, Result, ItemsPath, and every *Path field.");
    public static readonly ValidationRule JsonataOnly = new("F04", DiagnosticCodes.Schema, E, "JSONPath states refuse the JSONata fields: Arguments, Output, Items and Condition.");
    public static readonly ValidationRule TaskResource = new("F05", DiagnosticCodes.Schema, E, "A Task has a Resource that is a Lambda function, activity, optimised integration or aws-sdk ARN this service recognises.");
    public static readonly ValidationRule TaskTimeouts = new("F06", DiagnosticCodes.Schema, E, "TimeoutSeconds and HeartbeatSeconds are positive integers of at most 99999999 (or, in JSONata, an expression).");
    public static readonly ValidationRule TaskTimeoutExclusive = new("F07", DiagnosticCodes.Schema, E, "TimeoutSeconds and TimeoutSecondsPath, HeartbeatSeconds and HeartbeatSecondsPath, are mutually exclusive.");
    public static readonly ValidationRule HeartbeatBelowTimeout = new("F08", DiagnosticCodes.Schema, E, "HeartbeatSeconds is less than TimeoutSeconds.");
    public static readonly ValidationRule Credentials = new("F09", DiagnosticCodes.Schema, E, "Task Credentials is an object with RoleArn (or RoleArn.$ in JSONPath).");
    public static readonly ValidationRule WaitOneOf = new("F10", DiagnosticCodes.Schema, E, "A Wait has exactly one of Seconds, SecondsPath, Timestamp, TimestampPath.");
    public static readonly ValidationRule WaitValues = new("F11", DiagnosticCodes.Schema, E, "Wait Seconds is a non-negative integer of at most 99999999 and Timestamp an RFC 3339 timestamp (or, in JSONata, an expression).");
    public static readonly ValidationRule FailExclusive = new("F12", DiagnosticCodes.Schema, E, "A Fail has at most one of Error and ErrorPath, and at most one of Cause and CausePath.");
    public static readonly ValidationRule Branches = new("F13", DiagnosticCodes.Schema, E, "A Parallel has Branches, a non-empty array of objects each with StartAt and States (and Comment).");
    public static readonly ValidationRule Templates = new("F14", DiagnosticCodes.Schema, E, "ResultSelector, ItemSelector and a Map's Parameters are JSON objects.");
    public static readonly ValidationRule ExpressPatterns = new("F15", DiagnosticCodes.Schema, E, "An EXPRESS state machine (and an EXPRESS item processor) uses no .waitForTaskToken, no .sync and no activity.");
    public static readonly ValidationRule ChoiceFields = new("F16", DiagnosticCodes.Schema, E, "A Choice has Choices, a non-empty array of rules, and Default names a state.");

    // Choice rules.
    public static readonly ValidationRule RuleNext = new("C01", DiagnosticCodes.Schema, E, "A top-level choice rule has Next.");
    public static readonly ValidationRule NestedRule = new("C02", DiagnosticCodes.Schema, E, "A rule inside And, Or or Not has no Next and no Assign.");
    public static readonly ValidationRule RuleOperator = new("C03", DiagnosticCodes.Schema, E, "A JSONPath choice rule has exactly one of: a comparison operator, And, Or, Not.");
    public static readonly ValidationRule RuleVariable = new("C04", DiagnosticCodes.Schema, E, "A comparison has a Variable that is a path; a rule with And, Or or Not has no Variable.");
    public static readonly ValidationRule RuleCombinators = new("C05", DiagnosticCodes.Schema, E, "And and Or are non-empty arrays of rules; Not is one rule.");
    public static readonly ValidationRule RuleOperand = new("C06", DiagnosticCodes.Schema, E, "Each operator's operand has its type: String* a string, Numeric* a number, BooleanEquals a boolean, Timestamp* an RFC 3339 timestamp, *Path a path, Is* a boolean.");
    public static readonly ValidationRule RuleCondition = new("C07", DiagnosticCodes.Schema, E, "A JSONata choice rule has Condition (a boolean or an expression) and no Variable or operator.");
    public static readonly ValidationRule RuleFields = new("C08", DiagnosticCodes.Schema, E, "A choice rule has only its known fields (Next, Comment, Assign, and Output in JSONata).");

    // Retriers and catchers.
    public static readonly ValidationRule ErrorEquals = new("E01", DiagnosticCodes.Schema, E, "Retry and Catch are arrays of objects, each with ErrorEquals, a non-empty array of strings.");
    public static readonly ValidationRule AllAlone = new("E02", DiagnosticCodes.Schema, E, "States.ALL appears alone in its ErrorEquals.");
    public static readonly ValidationRule AllLast = new("E03", DiagnosticCodes.Schema, E, "States.ALL appears only in the last retrier, and only in the last catcher.");
    public static readonly ValidationRule RetrierValues = new("E04", DiagnosticCodes.Schema, E, "IntervalSeconds is a positive integer, MaxAttempts a non-negative integer (both at most 99999999), BackoffRate at least 1.0, MaxDelaySeconds a positive integer below 31622401, JitterStrategy FULL or NONE.");
    public static readonly ValidationRule CatcherNext = new("E05", DiagnosticCodes.Schema, E, "A catcher has Next.");
    public static readonly ValidationRule HandlerFields = new("E06", DiagnosticCodes.Schema, E, "Retriers and catchers have only their known fields (a catcher's ResultPath in JSONPath, Output in JSONata).");

    // Map.
    public static readonly ValidationRule Processor = new("M01", DiagnosticCodes.Schema, E, "A Map has ItemProcessor or the older Iterator, not both, with StartAt, States, Comment and ProcessorConfig only.");
    public static readonly ValidationRule ProcessorConfig = new("M02", DiagnosticCodes.Schema, E, "ProcessorConfig.Mode is INLINE or DISTRIBUTED; a DISTRIBUTED processor has ExecutionType STANDARD or EXPRESS, an INLINE one none.");
    public static readonly ValidationRule SelectorExclusive = new("M03", DiagnosticCodes.Schema, E, "A Map has at most one of ItemSelector and Parameters.");
    public static readonly ValidationRule MaxConcurrency = new("M04", DiagnosticCodes.Schema, E, "MaxConcurrency is a non-negative integer, not given with MaxConcurrencyPath.");
    public static readonly ValidationRule Tolerance = new("M05", DiagnosticCodes.Schema, E, "ToleratedFailureCount is a non-negative integer and ToleratedFailurePercentage a number from 0 to 100, neither given with its Path form.");
    public static readonly ValidationRule DistributedOnly = new("M06", DiagnosticCodes.Schema, E, "ItemReader, ItemBatcher, ResultWriter, ToleratedFailureCount/Percentage(Path) and Label need a DISTRIBUTED item processor.");
    public static readonly ValidationRule ItemReader = new("M07", DiagnosticCodes.Schema, E, "ItemReader has Resource s3:getObject or s3:listObjectsV2 and a valid ReaderConfig: InputType CSV, JSON, JSONL, PARQUET or MANIFEST; CSVHeaderLocation FIRST_ROW or GIVEN (CSVHeaders with GIVEN); CSVDelimiter; ManifestType; Transformation; MaxItems an integer from 0 (no limit) to 100,000,000, not with MaxItemsPath.");
    public static readonly ValidationRule ItemBatcher = new("M08", DiagnosticCodes.Schema, E, "ItemBatcher has MaxItemsPerBatch(Path) or MaxInputBytesPerBatch(Path) (positive integers, at most 262,144 bytes, each without its Path form) and optionally BatchInput.");
    public static readonly ValidationRule ResultWriter = new("M09", DiagnosticCodes.Schema, E, "ResultWriter has Resource s3:putObject with Bucket and Prefix, or a WriterConfig (Transformation NONE, COMPACT or FLATTEN; OutputType JSON or JSONL), or both.");

    // JSONPath paths, templates and JSONata expressions.
    public static readonly ValidationRule InputOutputPath = new("P01", DiagnosticCodes.Schema, E, "InputPath and OutputPath are paths (or null).");
    public static readonly ValidationRule ResultPath = new("P02", DiagnosticCodes.Schema, E, "ResultPath is a reference path into the state input (or null).");
    public static readonly ValidationRule ReferencePaths = new("P03", DiagnosticCodes.Schema, E, "ItemsPath, Variable and every *Path field are reference paths (ErrorPath and CausePath may also be intrinsic functions).");
    public static readonly ValidationRule TemplateValues = new("P04", DiagnosticCodes.Schema, E, "In a payload template (Parameters, ItemSelector, ResultSelector, Assign, Credentials, ItemReader and ResultWriter Parameters, BatchInput) a key ending in .$ holds a path or an intrinsic function call.");
    public static readonly ValidationRule JsonataExpressions = new("P05", DiagnosticCodes.Schema, E, "A JSONata field holding a string that opens with {% closes with %} around an expression.");

    // Variables.
    public static readonly ValidationRule AssignObject = new("V01", DiagnosticCodes.Schema, E, "Assign is a JSON object.");
    public static readonly ValidationRule VariableName = new("V02", DiagnosticCodes.Schema, E, "A variable name starts with a letter or underscore, continues with letters, digits and underscores, is at most 80 characters, is not the reserved name states, and names no sub-path (x.y, x[0]).");
    public static readonly ValidationRule VariableScope = new("V03", DiagnosticCodes.Schema, E, "A Parallel branch or Map item processor does not assign a variable that an enclosing scope assigns (inner scopes read outer variables and cannot shadow or write them).");

    // Warnings (returned by ValidateStateMachineDefinition with severity WARNING; never refuse a definition).
    public static readonly ValidationRule NoDollar = new("W01", DiagnosticCodes.NoDollar, W, "A payload-template key without .$ holds a string that looks like a path or an intrinsic function.");
    public static readonly ValidationRule NoPath = new("W02", DiagnosticCodes.NoPath, W, "Error or Cause holds a string that looks like a path (use ErrorPath or CausePath).");
    public static readonly ValidationRule PassResultIsStatic = new("W03", DiagnosticCodes.PassResultIsStatic, W, "A Pass state's Result holds a key ending in .$ (Result is never evaluated).");

    public static IReadOnlyList<ValidationRule> All { get; } =
    [
        JsonObject, JsonSyntax, DuplicateKey, TooDeep, TopRequired, TopFields, FieldType, MachineTimeout, StatesNotEmpty, QueryLanguageValue, QueryLanguageDowngrade, DefinitionSize,
        StateNameLength, StateNameUnique, LabelName, LabelUnique,
        StartAtTarget, NextTarget, Reachable, Terminal, NextOrEnd, NoTransition,
        StateType, StateFields, JsonPathOnly, JsonataOnly, TaskResource, TaskTimeouts, TaskTimeoutExclusive, HeartbeatBelowTimeout, Credentials,
        WaitOneOf, WaitValues, FailExclusive, Branches, Templates, ExpressPatterns, ChoiceFields,
        RuleNext, NestedRule, RuleOperator, RuleVariable, RuleCombinators, RuleOperand, RuleCondition, RuleFields,
        ErrorEquals, AllAlone, AllLast, RetrierValues, CatcherNext, HandlerFields,
        Processor, ProcessorConfig, SelectorExclusive, MaxConcurrency, Tolerance, DistributedOnly, ItemReader, ItemBatcher, ResultWriter,
        InputOutputPath, ResultPath, ReferencePaths, TemplateValues, JsonataExpressions,
        AssignObject, VariableName, VariableScope,
        NoDollar, NoPath, PassResultIsStatic,
    ];
}
