namespace Pipeline.Databases.History;

/// <summary>One step of the history file's schema: the statements that take a file from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
/// <param name="Version">The schema version this step produces.</param>
/// <param name="Sql">Its statements, separated by semicolons.</param>
internal sealed record HistoryMigration(int Version, string Sql);
