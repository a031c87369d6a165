namespace Sluice.Jsonata;

/// <summary>An analysed integer picture (XPath fn:format-integer): decimal digits, letters, roman numerals or words.</summary>
internal sealed class IntegerFormat
{
    public string Primary { get; set; } = "decimal";

    public string Case { get; set; } = "lower";

    public bool Ordinal { get; set; }

    public int ZeroCode { get; set; } = 0x30;

    public int MandatoryDigits { get; set; }

    public int OptionalDigits { get; set; }

    public bool Regular { get; set; }

    /// <summary>The separators by position from the right; when Regular, one entry repeating every Position digits.</summary>
    public List<(int Position, string Character)> GroupingSeparators { get; set; } = [];

    public string? Token { get; set; }

    public int? ParseWidth { get; set; }
}
