using Pipeline.IO.Sources.Parquet;

namespace Pipeline.IO.Tests.Sources;

public class TextViewLayoutTests
{
    [Fact]
    public void ParquetSharp_byte_array_views_have_the_layout_the_page_reader_hands_out_without_copying()
    {
        // The page reader reinterprets ParquetSharp's ByteArray buffer as Core's TextView: if a ParquetSharp upgrade
        // changed the struct, the rule scan would read garbage pointers. This keeps that from passing silently.
        Assert.True(ParquetTextColumnReader.ViewLayoutMatches);
    }
}
