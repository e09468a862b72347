namespace Pipeline.Engine.Enrich.Pii;

/// <summary><c>pii: {detect, mask: {kind: policy}, salt, columns}</c> as written (checked).</summary>
/// <param name="Detect">Report every kind found, not only the masked ones.</param>
/// <param name="Masks">Kind → policy.</param>
/// <param name="Salt">The key of <c>hash</c> and <c>token</c>, or null when no policy needs one.</param>
/// <param name="Columns">The text columns scanned; null scans every text column.</param>
/// <param name="Location">Where it is written.</param>
public sealed record PiiSpec(bool Detect, IReadOnlyDictionary<string, string> Masks, PiiSalt? Salt, IReadOnlyList<string>? Columns, string? Location)
    : EnrichmentSpec("pii", Location)
{
    /// <inheritdoc />
    public override IEnrichment Create(string step) => new PiiEnrichment(this, step);
}
