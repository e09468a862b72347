using Pipeline.Engine.Document.Svg;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Long bar labels are shown whole up to the widened label column, not cut at 18 characters.</summary>
public class BarLabelTests
{
    [Fact]
    public void ALongLabelWidensTheChartInsteadOfBeingCut()
    {
        const string label = "Garden furniture and outdoor living";
        var svg = BarChart.Render("Top values of category", [(label, 40), ("Toys", 10)], 50);
        Assert.Contains($">{label}</text>", svg);
        var veryLong = new string('x', 80);
        var clipped = BarChart.Render("t", [(veryLong, 1)], 1);
        Assert.DoesNotContain($">{veryLong}</text>", clipped);
        Assert.Contains(veryLong, clipped); // whole in the tooltip
    }
}
