namespace Pipeline.Engine.Clean;

/// <summary>Parse text into numbers or dates; <paramref name="Format"/> null detects it from the input's first batch
/// (numbers: <c>plain</c>, <c>thousands_comma</c> 1,234.5, <c>decimal_comma</c> 1.234,5; dates: strftime formats).</summary>
/// <param name="Target">What to produce.</param>
/// <param name="Format">A number style or a strftime date format; null to detect.</param>
public sealed record ParseStep(ParseTarget Target, string? Format);
