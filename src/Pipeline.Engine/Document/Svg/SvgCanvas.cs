using System.Globalization;
using System.Text;

namespace Pipeline.Engine.Document.Svg;

/// <summary>
/// Writes SVG markup with invariant number formatting (two decimals at most), so a chart of the same input is the
/// same bytes on every machine. Text is escaped; nothing refers to an external resource.
/// </summary>
public sealed class SvgCanvas
{
    private readonly StringBuilder _svg = new();

    /// <summary>Starts an SVG of the given size with an accessible title.</summary>
    public SvgCanvas(double width, double height, string title)
    {
        Width = width;
        Height = height;
        _svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"img\">");
        _svg.Append("<title>").Append(Escape(title)).Append("</title>");
    }

    /// <summary>Width in pixels.</summary>
    public double Width { get; }
    /// <summary>Height in pixels.</summary>
    public double Height { get; }

    /// <summary>A rectangle, with an optional tooltip.</summary>
    public SvgCanvas Rect(double x, double y, double w, double h, string fill, string? tooltip = null)
    {
        _svg.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, w))}\" height=\"{N(Math.Max(0, h))}\" fill=\"{fill}\"");
        if (tooltip is null) _svg.Append("/>");
        else _svg.Append("><title>").Append(Escape(tooltip)).Append("</title></rect>");
        return this;
    }

    /// <summary>A straight line.</summary>
    public SvgCanvas Line(double x1, double y1, double x2, double y2, string stroke, double width = 1)
    {
        _svg.Append($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"/>");
        return this;
    }

    /// <summary>A polyline through the points (NaN points break the line into pieces).</summary>
    public SvgCanvas Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width = 1)
    {
        var piece = new List<(double X, double Y)>();
        void Flush()
        {
            if (piece.Count > 1)
                _svg.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width)).Append("\" points=\"")
                    .Append(string.Join(" ", piece.Select(p => $"{N(p.X)},{N(p.Y)}"))).Append("\"/>");
            piece.Clear();
        }
        foreach (var p in points)
        {
            if (double.IsFinite(p.Y)) piece.Add(p);
            else Flush();
        }
        Flush();
        return this;
    }

    /// <summary>A circle, with an optional tooltip.</summary>
    public SvgCanvas Circle(double cx, double cy, double r, string fill, string? tooltip = null)
    {
        _svg.Append($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{fill}\"");
        if (tooltip is null) _svg.Append("/>");
        else _svg.Append("><title>").Append(Escape(tooltip)).Append("</title></circle>");
        return this;
    }

    /// <summary>Text; <paramref name="anchor"/> is <c>start</c>, <c>middle</c> or <c>end</c>.</summary>
    public SvgCanvas Text(double x, double y, string text, string anchor = "start", double size = 11, string fill = "#333", double rotate = 0)
    {
        _svg.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (rotate != 0) _svg.Append($" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"");
        _svg.Append('>').Append(Escape(text)).Append("</text>");
        return this;
    }

    /// <summary>The finished SVG element.</summary>
    public override string ToString() => _svg + "</svg>";

    /// <summary>A number with at most two decimals, invariant culture.</summary>
    public static string N(double value) => Math.Round(double.IsFinite(value) ? value : 0, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for XML and HTML.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>Text cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
