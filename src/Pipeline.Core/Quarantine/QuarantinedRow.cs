namespace Pipeline.Core.Quarantine;

/// <summary>One rejected row.</summary>
/// <param name="Stage">The stage that rejected it (<c>read</c>, or a rule or transform name).</param>
/// <param name="Source">The file (or <c>-</c> for standard input) the row came from.</param>
/// <param name="Line">1-based line number in the source where the row starts, when the format has lines.</param>
/// <param name="Reason">What was wrong, naming the column where one is to blame.</param>
/// <param name="Record">The raw text of the row, when available (capped, see <see cref="QuarantineCollector.MaxRecordChars"/>).</param>
public readonly record struct QuarantinedRow(string Stage, string Source, long? Line, string Reason, string? Record);
