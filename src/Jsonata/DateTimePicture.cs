namespace Sluice.Jsonata;

/// <summary>An analysed date/time picture (XPath fn:format-dateTime): literals and [component] markers.</summary>
internal sealed class DateTimePicture
{
    public List<Part> Parts { get; } = [];

    internal sealed class Part
    {
        public bool IsLiteral { get; init; }

        public string Value { get; init; } = "";

        public char Component { get; init; }

        public int? MinWidth { get; set; }

        public int? MaxWidth { get; set; }

        public bool HasWidth { get; set; }

        public string Presentation1 { get; set; } = "";

        public char? Presentation2 { get; set; }

        public bool Ordinal { get; set; }

        /// <summary>lower, upper or title when the component is written as a name.</summary>
        public string? Names { get; set; }

        public IntegerFormat? IntegerFormat { get; set; }

        /// <summary>For years: how many digits to keep (-1: all).</summary>
        public int N { get; set; }
    }

    private static readonly Dictionary<char, string> s_defaultPresentation = new()
    {
        ['Y'] = "1",
        ['M'] = "1",
        ['D'] = "1",
        ['d'] = "1",
        ['F'] = "n",
        ['W'] = "1",
        ['w'] = "1",
        ['X'] = "1",
        ['x'] = "1",
        ['H'] = "1",
        ['h'] = "1",
        ['P'] = "n",
        ['m'] = "01",
        ['s'] = "01",
        ['f'] = "1",
        ['Z'] = "01:01",
        ['z'] = "01:01",
        ['C'] = "n",
        ['E'] = "n",
    };

    public static DateTimePicture Analyse(string picture)
    {
        var result = new DateTimePicture();
        var spec = result.Parts;
        void AddLiteral(int from, int to)
        {
            if (to > from)
            {
                spec.Add(new Part { IsLiteral = true, Value = picture[from..to].Replace("]]", "]", StringComparison.Ordinal) });
            }
        }
        int start = 0, pos = 0;
        while (pos < picture.Length)
        {
            if (picture[pos] == '[')
            {
                if (pos + 1 < picture.Length && picture[pos + 1] == '[')
                {
                    AddLiteral(start, pos);
                    spec.Add(new Part { IsLiteral = true, Value = "[" });
                    pos += 2;
                    start = pos;
                    continue;
                }
                AddLiteral(start, pos);
                start = pos;
                pos = picture.IndexOf(']', start);
                if (pos == -1)
                {
                    throw new JsonataException("D3135");
                }
                var marker = string.Concat(picture[(start + 1)..pos].Where(c => !char.IsWhiteSpace(c)));
                var def = new Part { Component = marker.Length > 0 ? marker[0] : '\0' };
                var comma = marker.LastIndexOf(',');
                string presentation;
                if (comma != -1)
                {
                    var widthModifier = marker[(comma + 1)..];
                    var dash = widthModifier.IndexOf('-', StringComparison.Ordinal);
                    string min;
                    string? max = null;
                    if (dash == -1)
                    {
                        min = widthModifier;
                    }
                    else
                    {
                        min = widthModifier[..dash];
                        max = widthModifier[(dash + 1)..];
                    }
                    def.HasWidth = true;
                    def.MinWidth = ParseWidth(min);
                    def.MaxWidth = ParseWidth(max);
                    presentation = marker[1..comma];
                }
                else
                {
                    presentation = marker.Length > 1 ? marker[1..] : "";
                }
                if (presentation.Length == 1)
                {
                    def.Presentation1 = presentation;
                }
                else if (presentation.Length > 1)
                {
                    var last = presentation[^1];
                    if ("atco".Contains(last, StringComparison.Ordinal))
                    {
                        def.Presentation2 = last;
                        def.Ordinal = last == 'o';
                        def.Presentation1 = presentation[..^1];
                    }
                    else
                    {
                        def.Presentation1 = presentation;
                    }
                }
                else if (s_defaultPresentation.TryGetValue(def.Component, out var fallback))
                {
                    def.Presentation1 = fallback;
                }
                else
                {
                    throw new JsonataException("D3132").WithValue(def.Component.ToString());
                }
                if (def.Presentation1[0] == 'n')
                {
                    def.Names = "lower";
                }
                else if (def.Presentation1[0] == 'N')
                {
                    def.Names = def.Presentation1.Length > 1 && def.Presentation1[1] == 'n' ? "title" : "upper";
                }
                else if ("YMDdFWwXxHhmsf".Contains(def.Component, StringComparison.Ordinal))
                {
                    var integerPattern = def.Presentation1;
                    if (def.Presentation2 is { } p2)
                    {
                        integerPattern += ";" + p2;
                    }
                    def.IntegerFormat = IntegerFormatter.Analyse(integerPattern);
                    if (def.MinWidth is { } minWidth && def.IntegerFormat.MandatoryDigits < minWidth)
                    {
                        def.IntegerFormat.MandatoryDigits = minWidth;
                    }
                    if (def.Component == 'Y')
                    {
                        def.N = -1;
                        if (def.MaxWidth is { } maxWidth)
                        {
                            def.N = maxWidth;
                            def.IntegerFormat.MandatoryDigits = maxWidth;
                        }
                        else
                        {
                            var w = def.IntegerFormat.MandatoryDigits + def.IntegerFormat.OptionalDigits;
                            if (w >= 2)
                            {
                                def.N = w;
                            }
                        }
                    }
                    if (spec.Count > 0 && spec[^1].IntegerFormat is { } previous)
                    {
                        previous.ParseWidth = previous.MandatoryDigits;
                    }
                }
                if (def.Component is 'Z' or 'z')
                {
                    def.IntegerFormat = IntegerFormatter.Analyse(def.Presentation1);
                }
                spec.Add(def);
                start = pos + 1;
            }
            pos++;
        }
        AddLiteral(start, pos);
        return result;
    }

    private static int? ParseWidth(string? text)
    {
        if (text is null || text == "*")
        {
            return null;
        }
        var value = IntegerFormatter.ParseIntPrefix(text);
        return double.IsNaN(value) ? null : (int)value;
    }
}
