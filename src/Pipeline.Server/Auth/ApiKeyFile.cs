using System.Text.Json.Serialization;

namespace Pipeline.Server.Auth;

/// <summary>The keys file as stored: names, salts and hashes, never a key.</summary>
internal sealed class ApiKeyFile
{
    /// <summary>Format version.</summary>
    [JsonPropertyName("version")] public int Version { get; set; } = 1;

    /// <summary>Every key ever added, revoked ones included (so a revoked name reads as revoked, not unknown).</summary>
    [JsonPropertyName("keys")] public List<ApiKeyEntry> Keys { get; set; } = [];
}

/// <summary>One key: its public id (the part of the key before the secret, used to find the entry without trying
/// every hash), a per-key salt and SHA-256(salt ‖ secret).</summary>
internal sealed class ApiKeyEntry
{
    /// <summary>The name given at <c>keys add</c>.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary>The key's public id (hex).</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = "";

    /// <summary>The salt, base64.</summary>
    [JsonPropertyName("salt")] public string Salt { get; set; } = "";

    /// <summary>SHA-256 of salt and secret, base64.</summary>
    [JsonPropertyName("sha256")] public string Hash { get; set; } = "";

    /// <summary>When it was added (UTC).</summary>
    [JsonPropertyName("created")] public DateTimeOffset Created { get; set; }

    /// <summary>When it was revoked (UTC); null while valid.</summary>
    [JsonPropertyName("revoked")] public DateTimeOffset? Revoked { get; set; }
}
