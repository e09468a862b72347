using Pipeline.Engine.Learn.History;

namespace Pipeline.Engine.Tests.Learn.History;

public class DatasetNamesTests
{
    [Theory]
    [InlineData("sales_2024-03-01.csv", "sales")]
    [InlineData("/data/in/orders-20240301.parquet", "orders")]
    [InlineData("sales_2024-03-01_eu.csv.gz", "sales_eu")]
    [InlineData("events_2024-03-01T10-30-00.jsonl", "events")]
    [InlineData("report-2024-03.csv", "report")]
    [InlineData("customers.csv", "customers")]
    [InlineData("products_v2.csv", "products_v2")]
    [InlineData("2024-03-01.csv", "2024-03-01")]
    [InlineData("/data/sales/*.csv", "sales")]
    [InlineData("-", "stdin")]
    public void Dates_and_extensions_are_removed_from_the_file_name(string input, string expected)
        => Assert.Equal(expected, DatasetNames.FromInput(input));
}
