using Apache.Arrow;
using Pipeline.Engine.Analyze.Data;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>Missing values explained by another column are found exactly, whatever the batch split and merge order,
/// and only when the explanation has no exception.</summary>
public class MissingByCategoryTests
{
    private static RecordBatch Batch(IEnumerable<(string Status, string? Shipped, string? Note)> rows)
    {
        var list = rows.ToList();
        return new RecordBatch.Builder()
            .Append("status", true, c => c.String(b => { foreach (var r in list) b.Append(r.Status); }))
            .Append("shipped_at", true, c => c.String(b => { foreach (var r in list) if (r.Shipped is null) b.AppendNull(); else b.Append(r.Shipped); }))
            .Append("note", true, c => c.String(b => { foreach (var r in list) if (r.Note is null) b.AppendNull(); else b.Append(r.Note); }))
            .Build();
    }

    private static IEnumerable<(string, string?, string?)> Orders(int from, int to)
    {
        string[] statuses = ["new", "paid", "shipped", "delivered"];
        for (int i = from; i < to; i++)
        {
            var status = statuses[i % 4];
            bool sent = status is "shipped" or "delivered";
            // note is missing at random (every 3rd row): not explained by status
            yield return (status, sent ? $"2024-01-{1 + i % 28:00}" : null, i % 3 == 0 ? null : "n");
        }
    }

    [Fact]
    public void AColumnMissingExactlyForSomeCategoriesIsFoundAcrossWorkers()
    {
        var a = new MissingByCategoryAnalyzer();
        var b = (MissingByCategoryAnalyzer)a.CreateEmpty();
        a.Update(Batch(Orders(0, 100)));
        b.Update(Batch(Orders(100, 160)));
        b.Update(Batch(Orders(160, 200)));
        a.Merge(b);
        var found = Assert.Single(a.Results());
        Assert.Equal("shipped_at", found.Column);
        Assert.Equal("status", found.ByColumn);
        Assert.Equal(["new", "paid"], found.WhenValues);
        Assert.Equal(100, found.NullRows);
        Assert.Equal(200, found.Rows);
    }

    [Fact]
    public void OneExceptionIsNotStructure()
    {
        var a = new MissingByCategoryAnalyzer();
        var rows = Orders(0, 200).ToList();
        rows[2] = ("shipped", null, "n"); // a shipped order without a date: a real defect
        a.Update(Batch(rows));
        Assert.Empty(a.Results());
    }
}
