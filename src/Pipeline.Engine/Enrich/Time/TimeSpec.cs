namespace Pipeline.Engine.Enrich.Time;

/// <summary><c>time: {column, from_zone, to_zone, parts, holidays, business_day, as}</c> as written (checked).</summary>
/// <param name="Column">The timestamp column read.</param>
/// <param name="FromZone">The IANA zone a timestamp without a zone is wall time in (a timestamp with a zone is an instant).</param>
/// <param name="ToZone">The IANA zone the local time and parts are computed in.</param>
/// <param name="Parts">Parts added as <c>COLUMN_PART</c>, in order.</param>
/// <param name="Holidays">The country code of the holiday calendar, or null.</param>
/// <param name="BusinessDay">Whether <c>COLUMN_business_day</c> is added.</param>
/// <param name="As">The name of the local-time column, or null for none.</param>
/// <param name="Location">Where it is written.</param>
public sealed record TimeSpec(string Column, string FromZone, string ToZone, IReadOnlyList<TimePart> Parts, string? Holidays, bool BusinessDay, string? As, string? Location)
    : EnrichmentSpec("time", Location)
{
    /// <inheritdoc />
    public override IEnrichment Create(string step) => new TimeEnrichment(this, step);
}
