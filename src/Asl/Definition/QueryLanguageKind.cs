namespace Sluice.Asl.Definition;

internal enum QueryLanguageKind
{
    JsonPath,
    Jsonata,
}
