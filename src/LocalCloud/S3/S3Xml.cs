using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

/// <summary>S3's XML: the namespace, timestamps, reading request documents and writing answers.</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>Request documents (tag sets, delete lists, configurations) are small; larger ones are refused.</summary>
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    public const string DefaultPublicAccessBlock =
        "<PublicAccessBlockConfiguration xmlns=\"" + Namespace + "\"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>";

    public const string DefaultOwnershipControls =
        "<OwnershipControls xmlns=\"" + Namespace + "\"><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>";

    public const string DefaultEncryption =
        "<ServerSideEncryptionConfiguration xmlns=\"" + Namespace + "\"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>";

    /// <summary>ISO 8601 with milliseconds, as S3 writes timestamps in XML.</summary>
    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 1123, as S3 writes Last-Modified and other date headers.</summary>
    public static string HttpDate(DateTimeOffset t) => t.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    public static StringBuilder Start(string root)
    {
        var sb = new StringBuilder(512);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").Append(root).Append(" xmlns=\"").Append(Namespace).Append("\">");
        return sb;
    }

    public static string End(StringBuilder sb, string root) => sb.Append("</").Append(root).Append('>').ToString();

    public static StringBuilder Bool(this StringBuilder sb, string name, bool value) => sb.Element(name, value ? "true" : "false");

    public static StringBuilder Number(this StringBuilder sb, string name, long value) => sb.Element(name, value.ToString(CultureInfo.InvariantCulture));

    public static StringBuilder Owner(this StringBuilder sb, string accountId) =>
        sb.Append("<Owner><ID>").Append(CanonicalId(accountId)).Append("</ID><DisplayName>local</DisplayName></Owner>");

    /// <summary>A stable 64-hex canonical user id for the account, shaped like AWS's.</summary>
    public static string CanonicalId(string accountId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("sluice-s3-owner:" + accountId)));

    /// <summary>Parses a request document; an empty or malformed body is S3's error for it.</summary>
    public static XElement Parse(ReadOnlySpan<byte> body, string expectedRoot)
    {
        if (body.IsEmpty)
        {
            throw new S3Exception("MissingRequestBodyError", "Request Body is empty");
        }
        XDocument doc;
        try
        {
            using var stream = new MemoryStream(body.ToArray());
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }
        if (doc.Root is null || doc.Root.Name.LocalName != expectedRoot)
        {
            throw S3Errors.MalformedXml();
        }
        return doc.Root;
    }

    /// <summary>Child elements by local name (clients differ in whether they send S3's namespace).</summary>
    public static IEnumerable<XElement> Children(this XElement e, string name) => e.Elements().Where(c => c.Name.LocalName == name);

    public static XElement? Child(this XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name);

    public static string? ChildValue(this XElement e, string name) => e.Child(name)?.Value;

    /// <summary>The document with S3's namespace on every element, as S3 returns stored configurations.</summary>
    public static string Normalize(XElement root)
    {
        XNamespace ns = Namespace;
        var copy = new XElement(root);
        foreach (var element in copy.DescendantsAndSelf())
        {
            element.Name = ns + element.Name.LocalName;
            element.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        }
        return copy.ToString(SaveOptions.DisableFormatting);
    }
}
