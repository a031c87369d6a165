using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution;

namespace Sluice.Asl.Query;

/// <summary>
/// How a state's fields turn data into data. The engine calls these at fixed points of every state
/// and never reads InputPath, Parameters, Output, Arguments or conditions itself, so a second
/// language (JSONata: Arguments, Output, Condition, {% %} expressions) plugs in as another implementation.
/// </summary>
internal interface IQueryLanguage
{
    /// <summary>The input a state works on (JSONPath: InputPath then Parameters/none).</summary>
    JsonNode? EffectiveInput(StateRun run, JsonNode? rawInput, bool applyParameters);

    /// <summary>The state's output from its raw input and its result (JSONPath: ResultSelector, ResultPath, OutputPath).</summary>
    JsonNode? StateOutput(StateRun run, JsonNode? rawInput, JsonNode? result, bool applyResultSelector);

    /// <summary>The value <c>$</c> stands for in Assign once the state has its result.</summary>
    JsonNode? AssignSubject(StateRun run, JsonNode? rawInput, JsonNode? result, bool applyResultSelector);

    /// <summary>The output after a Catch: the error object placed by the catcher's ResultPath (the state's OutputPath does not apply).</summary>
    JsonNode? CatchOutput(StateRun run, JsonNode? rawInput, JsonObject errorOutput, CatcherDefinition catcher);

    /// <summary>Evaluates an Assign block; every expression sees the variables as they were before it.</summary>
    IReadOnlyList<KeyValuePair<string, JsonNode?>> Assign(StateRun run, JsonNode assign, JsonNode? subject);

    /// <summary>True when a Choice rule matches.</summary>
    bool Condition(StateRun run, JsonObject rule, JsonNode? input);

    /// <summary>
    /// The value of a field that may be given literally or through its Path form (Seconds/SecondsPath,
    /// TimeoutSeconds/TimeoutSecondsPath, Error/ErrorPath, MaxConcurrency/MaxConcurrencyPath ...);
    /// found is false when neither is present.
    /// </summary>
    /// <param name="container">Where the field is: the state (null) or a part of it (ItemReader's ReaderConfig, ItemBatcher).</param>
    JsonNode? FieldValue(StateRun run, JsonNode? input, string field, out bool found, out bool fromPath, JsonObject? container = null);

    /// <summary>
    /// A payload that is not the state's own: ItemReader's and ResultWriter's Parameters (JSONPath) or
    /// Arguments (JSONata), and ItemBatcher's BatchInput, evaluated against <paramref name="input"/>.
    /// </summary>
    JsonNode? Payload(StateRun run, JsonNode? template, JsonNode? input);

    /// <summary>The array (or object: one iteration per key-value pair) a Map iterates over.</summary>
    JsonNode? MapItems(StateRun run, JsonNode? effectiveInput);

    /// <summary>
    /// One Map iteration's input (JSONPath: ItemSelector/Parameters with $$.Map.Item); without a
    /// selector, <see cref="MapItem.DefaultInput"/>. Set <see cref="StateRun.MapItem"/> while evaluating.
    /// </summary>
    JsonNode? MapItemInput(StateRun run, JsonNode? effectiveInput, MapItem item);
}
