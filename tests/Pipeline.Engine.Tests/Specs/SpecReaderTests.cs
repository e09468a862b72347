using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Hosting.Specs;

namespace Pipeline.Engine.Tests.Specs;

public class SpecReaderTests
{
    private const string SpecPath = "/data/specs/orders.yaml";

    [Fact]
    public void ReadsTheShortFormWithPathsRelativeToTheSpec()
    {
        var spec = SpecReader.Parse("source: ../raw/orders.csv\nsinks:\n  - out/orders.parquet\n", SpecPath);
        Assert.Equal("/data/raw/orders.csv", spec.Source.Path);
        Assert.Equal("/data/specs/out/orders.parquet", Assert.Single(spec.Sinks).Path);
        Assert.Equal(SpecPath, spec.SpecPath);
    }

    [Fact]
    public void ReadsTheLongFormWithReaderWriterAndEngineSettings()
    {
        var spec = SpecReader.Parse("""
            name: orders
            source:
              path: /in/orders.txt
              format: csv
              columns: [id, amount]
              csv: {delimiter: ';', header: false, types: {amount: double}}
            sinks:
              - {path: /out/o.parquet, row_group_size: 1000, compression: zstd}
              - {path: /out/o.csv, delimiter: "\t"}
            options: {batch_size: 1024, parallelism: 3, memory_limit: 64MiB, type_mismatch: quarantine}
            """, SpecPath);
        Assert.Equal("csv", spec.Source.Options.Format);
        Assert.Equal(["id", "amount"], spec.Source.Options.Columns);
        Assert.Equal(';', spec.Source.Options.Csv.Delimiter);
        Assert.False(spec.Source.Options.Csv.HasHeader);
        Assert.Equal("double", spec.Source.Options.Csv.ColumnTypes["amount"]);
        Assert.Equal(1000, spec.Sinks[0].Options.ParquetRowGroupSize);
        Assert.Equal("zstd", spec.Sinks[0].Options.ParquetCompression);
        Assert.Equal('\t', spec.Sinks[1].Options.CsvDelimiter);
        Assert.Equal(1024, spec.Options.BatchSize);
        Assert.Equal(3, spec.Options.MaxDegreeOfParallelism);
        Assert.Equal(64L << 20, spec.Options.MemoryLimit);
        Assert.Equal(TypeMismatchPolicy.Quarantine, spec.Options.TypeMismatch);
    }

    [Fact]
    public void AnUnknownKeyIsReportedWithLineColumnAndASuggestion()
    {
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse("source: a.csv\nsinkz: [b.parquet]\n", SpecPath));
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith($"{SpecPath}:2:1:", error.Message);
        Assert.Contains("did you mean 'sinks'?", error.Message);
    }

    [Fact]
    public void AWrongValueNamesTheSettingAndItsPosition()
    {
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse("source: a.csv\noptions:\n  memory_limit: lots\n", SpecPath));
        Assert.StartsWith($"{SpecPath}:3:17:", error.Message);
        Assert.Contains("memory_limit", error.Message);
    }

    [Fact]
    public void MissingSourceIsAnError()
        => Assert.Contains("needs 'source:'", Assert.Throws<PipelineException>(() => SpecReader.Parse("sinks: [x.csv]\n", SpecPath)).Message);

    [Fact]
    public void BrokenYamlIsReportedWithItsPosition()
        => Assert.StartsWith($"{SpecPath}:", Assert.Throws<PipelineException>(() => SpecReader.Parse("source: [a.csv\n", SpecPath)).Message);

    [Fact]
    public void AnUnknownColumnTypeGetsASuggestion()
    {
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse("source:\n  path: a.csv\n  csv:\n    types: {x: int46}\n", SpecPath));
        Assert.Contains("did you mean 'int64'?", error.Message);
    }
}
