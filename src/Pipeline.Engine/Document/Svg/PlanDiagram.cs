using Pipeline.Engine.Results;

namespace Pipeline.Engine.Document.Svg;

/// <summary>
/// The plan of a run with steps as a small diagram: sources on the left, each step one column right of the furthest
/// input it reads, an arrow per input, and each box coloured by the step's status with its rows in and out.
/// </summary>
public static class PlanDiagram
{
    private const double BoxWidth = 150, BoxHeight = 40, ColumnGap = 60, RowGap = 16, Margin = 10;

    /// <summary>The diagram of <paramref name="steps"/> reading <paramref name="sources"/> (the names steps read that
    /// are not steps).</summary>
    public static string Render(IReadOnlyList<StepResult> steps, IReadOnlyList<string> sources)
    {
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in sources) level[source] = 0;
        foreach (var step in steps)
            level[step.Name] = 1 + step.From.Select(f => level.GetValueOrDefault(f)).DefaultIfEmpty(0).Max();
        var columns = level.GroupBy(kv => kv.Value).OrderBy(g => g.Key).ToList();
        int tallest = columns.Max(c => c.Count());
        double width = Margin * 2 + columns.Count * BoxWidth + (columns.Count - 1) * ColumnGap;
        double height = Margin * 2 + tallest * BoxHeight + (tallest - 1) * RowGap;
        var at = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            int row = 0;
            foreach (var (name, l) in column.OrderBy(kv => Order(kv.Key, sources, steps)))
                at[name] = (Margin + l * (BoxWidth + ColumnGap), Margin + row++ * (BoxHeight + RowGap));
        }

        var svg = new SvgCanvas(width, height, $"Plan: {sources.Count} sources, {steps.Count} steps");
        foreach (var step in steps)
        {
            var (x, y) = at[step.Name];
            foreach (var input in step.From.Distinct())
            {
                if (!at.TryGetValue(input, out var from)) continue;
                double x1 = from.X + BoxWidth, y1 = from.Y + BoxHeight / 2, x2 = x - 2, y2 = y + BoxHeight / 2;
                svg.Line(x1, y1, x2, y2, "#888", 1.2);
                svg.Polyline([(x2 - 6, y2 - 4), (x2, y2), (x2 - 6, y2 + 4)], "#888", 1.2);
            }
        }
        foreach (var source in sources)
        {
            var (x, y) = at[source];
            svg.Rect(x, y, BoxWidth, BoxHeight, "#eef1f5", $"source {source}");
            svg.Text(x + 8, y + 17, SvgCanvas.Clip(source, 22), size: 12, fill: "#223");
            svg.Text(x + 8, y + 32, "source", size: 10, fill: "#667");
        }
        foreach (var step in steps)
        {
            var (x, y) = at[step.Name];
            svg.Rect(x, y, BoxWidth, BoxHeight, Fill(step.Status),
                $"{step.Name}: {step.Status}, {step.RowsIn:N0} rows in, {step.RowsOut:N0} out, {step.Seconds:0.###} s");
            svg.Text(x + 8, y + 17, SvgCanvas.Clip(step.Name, 22), size: 12, fill: "#111");
            svg.Text(x + 8, y + 32, $"{step.RowsIn:N0} → {step.RowsOut:N0} rows", size: 10, fill: "#333");
        }
        return svg.ToString();
    }

    private static int Order(string name, IReadOnlyList<string> sources, IReadOnlyList<StepResult> steps)
    {
        int s = sources.ToList().IndexOf(name);
        return s >= 0 ? s : sources.Count + steps.ToList().FindIndex(x => x.Name == name);
    }

    private static string Fill(string status) => status switch
    {
        "done" => "#d9f0dd",
        "reused" => "#dbe8f7",
        "failed" => "#f6d5d5",
        _ => "#eeeeee",
    };
}
