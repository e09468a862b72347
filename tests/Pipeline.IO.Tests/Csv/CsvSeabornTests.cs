using Pipeline.IO.Inference;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvSeabornTests
{
    private static string Seaborn(string name) => Corpus.Path("seaborn-data", name);

    [Fact]
    public void Diamonds_reads_all_rows_with_numeric_types_and_quoted_strings_unquoted()
    {
        var table = CsvTestReading.Read(Seaborn("diamonds.csv"));
        Assert.Equal(53940, table.Rows.Count);
        Assert.Equal(["carat", "cut", "color", "clarity", "depth", "table", "price", "x", "y", "z"], table.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal("double", CsvTestReading.TypeOf(table, "carat"));
        Assert.Equal("int64", CsvTestReading.TypeOf(table, "price"));
        Assert.Equal("utf8", CsvTestReading.TypeOf(table, "cut"));
        Assert.Equal(21551, table.Values("cut").Count(v => v == "Ideal"));
        Assert.Equal(326, table.Values("price").Select(long.Parse!).Min());
        Assert.Equal(18823, table.Values("price").Select(long.Parse!).Max());
        Assert.Equal(0, table.Context.Quarantine.Count);
    }

    [Fact]
    public void Penguins_nulls_match_the_known_counts()
    {
        var table = CsvTestReading.Read(Seaborn("penguins.csv"));
        Assert.Equal(344, table.Rows.Count);
        foreach (var c in new[] { "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g" })
            Assert.Equal(2, table.Values(c).Count(v => v is null));
        Assert.Equal(11, table.Values("sex").Count(v => v is null));
        Assert.Equal("double", CsvTestReading.TypeOf(table, "bill_length_mm"));
        Assert.Equal("int64", CsvTestReading.TypeOf(table, "body_mass_g"));
        Assert.Equal(152, table.Values("species").Count(v => v == "Adelie"));
    }

    [Fact]
    public void Exercise_first_empty_header_cell_becomes_column_1()
    {
        var table = CsvTestReading.Read(Seaborn("exercise.csv"));
        Assert.Equal(90, table.Rows.Count);
        Assert.Equal(["column_1", "id", "diet", "pulse", "time", "kind"], table.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal("int64", CsvTestReading.TypeOf(table, "column_1"));
        Assert.Equal(Enumerable.Range(0, 90).Select(i => i.ToString()), table.Values("column_1"));
    }

    [Fact]
    public void Mpg_horsepower_has_six_nulls_and_stays_numeric()
    {
        var table = CsvTestReading.Read(Seaborn("mpg.csv"));
        Assert.Equal(398, table.Rows.Count);
        Assert.Equal(6, table.Values("horsepower").Count(v => v is null));
        Assert.Contains(CsvTestReading.TypeOf(table, "horsepower"), new[] { "int64", "double" });
    }

    [Fact]
    public void Planets_nulls_match_the_known_counts()
    {
        var table = CsvTestReading.Read(Seaborn("planets.csv"));
        Assert.Equal(1035, table.Rows.Count);
        Assert.Equal(522, table.Values("mass").Count(v => v is null));
        Assert.Equal(227, table.Values("distance").Count(v => v is null));
        Assert.Equal(43, table.Values("orbital_period").Count(v => v is null));
    }

    [Fact]
    public void Car_crashes_doubles_keep_their_shortest_round_trip_text()
    {
        var table = CsvTestReading.Read(Seaborn("car_crashes.csv"));
        Assert.Equal(51, table.Rows.Count);
        Assert.Contains(table.Rows.SelectMany(r => r), v => v == "7.332000000000001");
    }

    [Fact]
    public void Brain_networks_with_several_header_rows_reads_every_line_without_loss()
    {
        var table = CsvTestReading.Read(Seaborn("brain_networks.csv"));
        int lines = File.ReadAllLines(Seaborn("brain_networks.csv")).Length;
        Assert.Equal(lines, table.Rows.Count + (table.Schema.FieldsList[0].Name == "column_1" ? 0 : 1) + (int)table.Context.Quarantine.Count);
        // The extra header rows ("node", "hemi") are text in numeric-looking columns: the columns must stay strings.
        Assert.Equal("utf8", table.Schema.FieldsList[1].DataType.Name);
    }

    [Fact]
    public void Iris_tips_geyser_and_attention_read_with_expected_shapes()
    {
        Assert.Equal(150, CsvTestReading.Read(Seaborn("iris.csv")).Rows.Count);
        var tips = CsvTestReading.Read(Seaborn("tips.csv"));
        Assert.Equal(244, tips.Rows.Count);
        Assert.Equal(87, tips.Values("day").Count(v => v == "Sat"));
        Assert.Equal(272, CsvTestReading.Read(Seaborn("geyser.csv")).Rows.Count);
        var attention = CsvTestReading.Read(Seaborn("attention.csv"));
        Assert.Equal(60, attention.Rows.Count);
        Assert.Equal("column_1", attention.Schema.FieldsList[0].Name);
    }

    [Fact]
    public void Sniff_reports_the_dialect_of_diamonds()
    {
        var info = CsvFormat.Sniff(Seaborn("diamonds.csv"));
        Assert.Equal(',', info.Dialect.Delimiter);
        Assert.Equal('"', info.Dialect.Quote);
        Assert.True(info.Dialect.HasHeader);
        Assert.Equal("utf-8", info.Dialect.Encoding);
        Assert.Equal(CsvLineEnding.Lf, info.Dialect.LineEnding);
        Assert.Equal(10, info.Schema.FieldsList.Count);
        Assert.Contains("delimiter=','", info.Dialect.Describe());
        Assert.Null(info.Schema.GetFieldByName("price").Metadata?.GetValueOrDefault(ColumnTypeInference.FormatKey));
    }
}
