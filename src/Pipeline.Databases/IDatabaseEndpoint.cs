namespace Pipeline.Databases;

/// <summary>
/// A database source or sink. Its <see cref="Description"/> is what results, logs and errors show instead of a
/// file path: it names the server, database and table or query, and never carries a password
/// (e.g. <c>postgres://db.example:5432/sales (select * from orders)</c>).
/// </summary>
public interface IDatabaseEndpoint
{
    /// <summary>A password-free label for results and messages.</summary>
    string Description { get; }
}
