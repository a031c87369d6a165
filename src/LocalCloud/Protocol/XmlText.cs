using System.Text;

namespace Sluice.LocalCloud.Protocol;

/// <summary>XML escaping for query-protocol answers. A carriage return is written as a character
/// reference so that XML parsers on the client side do not fold it into a line feed.</summary>
internal static class XmlText
{
    public static StringBuilder AppendEscaped(this StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&apos;"),
                '\r' => sb.Append("&#xD;"),
                _ => sb.Append(c),
            };
        }
        return sb;
    }

    public static StringBuilder Element(this StringBuilder sb, string name, string? value)
    {
        if (value is null)
        {
            return sb;
        }
        return sb.Append('<').Append(name).Append('>').AppendEscaped(value).Append("</").Append(name).Append('>');
    }

    /// <summary>The envelope every query-protocol success answer has.</summary>
    public static string Envelope(string action, string xmlNamespace, string requestId, string resultXml)
    {
        var sb = new StringBuilder(resultXml.Length + 256);
        sb.Append("<?xml version=\"1.0\"?>");
        sb.Append('<').Append(action).Append("Response xmlns=\"").Append(xmlNamespace).Append("\">");
        // Always present (possibly empty): clients look for it whenever the action has an output shape.
        sb.Append('<').Append(action).Append("Result>").Append(resultXml).Append("</").Append(action).Append("Result>");
        sb.Append("<ResponseMetadata><RequestId>").Append(requestId).Append("</RequestId></ResponseMetadata>");
        sb.Append("</").Append(action).Append("Response>");
        return sb.ToString();
    }

    public static string Error(string xmlNamespace, AwsServiceException error, string requestId)
    {
        var sb = new StringBuilder(256);
        sb.Append("<?xml version=\"1.0\"?><ErrorResponse xmlns=\"").Append(xmlNamespace).Append("\"><Error>");
        sb.Element("Type", error.SenderFault ? "Sender" : "Receiver");
        sb.Element("Code", error.QueryCode);
        sb.Element("Message", error.Message);
        sb.Append("<Detail/></Error>");
        sb.Element("RequestId", requestId);
        sb.Append("</ErrorResponse>");
        return sb.ToString();
    }
}
