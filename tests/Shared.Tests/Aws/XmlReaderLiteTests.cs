using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class XmlReaderLiteTests
{
    [Fact]
    public void Parse_PrefixesEntitiesCdataAndComments_ReadsTextAndTree()
    {
        var root = XmlReaderLite.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- leading comment -->
            <ns:Root xmlns:ns="urn:x" attr="a > b">
              <A>&lt;x&gt; &amp; &quot;y&quot; &apos;z&apos; &#65;&#x42;&#x1F600;</A>
              <B><![CDATA[<raw> & stuff]]></B>
              <C/>
              <D attr='1' />
            </ns:Root>
            """);

        Assert.Equal("Root", root.Name);
        Assert.Equal(["A", "B", "C", "D"], root.Children.Select(c => c.Name));
        Assert.Equal("<x> & \"y\" 'z' AB\U0001F600", root.ChildText("A"));
        Assert.Equal("<raw> & stuff", root.ChildText("B"));
        Assert.Equal(string.Empty, root.ChildText("C"));
    }

    [Fact]
    public void Members_ListOfMembers_ReturnsThemInOrder()
    {
        var root = XmlReaderLite.Parse("<R><L><member><Id>1</Id></member><member><Id>2</Id></member></L></R>");

        Assert.Equal(["1", "2"], root.Members("L").Select(m => m.ChildText("Id")));
        Assert.Empty(root.Members("Missing"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("just text")]
    [InlineData("<a><b></a>")]
    [InlineData("<a>")]
    [InlineData("<a></a><b></b>")]
    [InlineData("<a>&bogus;</a>")]
    [InlineData("<a>&#xD800;</a>")]
    [InlineData("<a attr=\"x></a>")]
    public void Parse_Malformed_ThrowsFormatException(string xml)
    {
        Assert.Throws<FormatException>(() => XmlReaderLite.Parse(xml));
    }
}
