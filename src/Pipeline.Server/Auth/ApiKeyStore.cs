using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Errors;
using Pipeline.Server.Storage;

namespace Pipeline.Server.Auth;

/// <summary>What a presented key turned out to be.</summary>
public enum KeyCheck
{
    /// <summary>No such key (or not a key at all).</summary>
    Unknown,
    /// <summary>A key that was revoked.</summary>
    Revoked,
    /// <summary>A valid key.</summary>
    Valid,
}

/// <summary>A listed key: its name and dates, never the key.</summary>
/// <param name="Name">The key's name.</param>
/// <param name="Created">When it was added.</param>
/// <param name="Revoked">When it was revoked, or null.</param>
public sealed record ApiKeyInfo(string Name, DateTimeOffset Created, DateTimeOffset? Revoked);

/// <summary>
/// The API keys file of <c>pipeline serve</c>. A key is <c>pk_ID_SECRET</c>: a random public id that finds the
/// entry, and a 256-bit random secret of which only SHA-256(salt ‖ secret) is stored, with a per-key salt. A slow
/// hash (PBKDF2) protects guessable passwords; a 256-bit random secret cannot be guessed, so one fast hash is
/// enough and keeps every request cheap. Hashes are compared in constant time.
/// </summary>
public sealed class ApiKeyStore
{
    private const string Prefix = "pk_";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _path;
    private readonly Lock _gate = new();
    private ApiKeyFile _file = new();
    private (DateTime Time, long Length) _loaded = (DateTime.MinValue, -1);

    private ApiKeyStore(string path) => _path = Path.GetFullPath(path);

    /// <summary>Opens a keys file; <paramref name="mustExist"/> false allows a new one (for <c>keys add</c>).</summary>
    /// <exception cref="PipelineException">Missing (when it must exist) or not a keys file.</exception>
    public static ApiKeyStore Open(string path, bool mustExist)
    {
        var store = new ApiKeyStore(path);
        if (!File.Exists(store._path))
        {
            if (mustExist) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: API keys file not found (create it with 'pipeline serve keys add NAME --api-keys {path}')");
            return store;
        }
        store.Reload(force: true);
        return store;
    }

    /// <summary>The keys not revoked.</summary>
    public int ActiveCount { get { lock (_gate) { Reload(force: false); return _file.Keys.Count(k => k.Revoked is null); } } }

    /// <summary>All keys, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiKeyInfo> List()
    {
        lock (_gate)
        {
            Reload(force: false);
            return _file.Keys.Select(k => new ApiKeyInfo(k.Name, k.Created, k.Revoked)).ToList();
        }
    }

    /// <summary>Adds a key named <paramref name="name"/> and returns it: the only time it is ever available.</summary>
    /// <exception cref="PipelineException">A bad name, or a valid key with that name exists.</exception>
    public string Add(string name)
    {
        if (!SafeNames.IsValid(name)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"key name '{name}': must be {SafeNames.Rule}");
        lock (_gate)
        {
            Reload(force: false);
            if (_file.Keys.Any(k => k.Name == name && k.Revoked is null))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"a key named '{name}' exists (revoke it first, or choose another name)");
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
            var salt = RandomNumberGenerator.GetBytes(16);
            _file.Keys.Add(new ApiKeyEntry
            {
                Name = name, Id = id, Salt = Convert.ToBase64String(salt), Hash = Convert.ToBase64String(Hash(salt, secret)),
                Created = DateTimeOffset.UtcNow,
            });
            Save();
            return Prefix + id + "_" + secret;
        }
    }

    /// <summary>Revokes the valid key named <paramref name="name"/>.</summary>
    /// <exception cref="PipelineException">No valid key has that name.</exception>
    public void Revoke(string name)
    {
        lock (_gate)
        {
            Reload(force: false);
            var entry = _file.Keys.FirstOrDefault(k => k.Name == name && k.Revoked is null)
                        ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"no valid key named '{name}' in {_path}");
            entry.Revoked = DateTimeOffset.UtcNow;
            Save();
        }
    }

    /// <summary>Checks a presented key. The file is re-read when it changed, so keys added or revoked while the
    /// server runs take effect on the next request.</summary>
    public (KeyCheck Result, string? Name) Check(string presented)
    {
        ApiKeyEntry? entry = null;
        string secret = "";
        if (presented.StartsWith(Prefix, StringComparison.Ordinal) && presented.IndexOf('_', Prefix.Length) is int cut and > 0)
        {
            var id = presented[Prefix.Length..cut];
            secret = presented[(cut + 1)..];
            lock (_gate)
            {
                Reload(force: false);
                entry = _file.Keys.FirstOrDefault(k => k.Id == id);
            }
        }
        // Hash even when no entry matched, so an unknown id costs the same time as a wrong secret.
        var salt = entry is null ? new byte[16] : Convert.FromBase64String(entry.Salt);
        var actual = Hash(salt, secret);
        var expected = entry is null ? new byte[actual.Length] : Convert.FromBase64String(entry.Hash);
        bool match = CryptographicOperations.FixedTimeEquals(actual, expected) && entry is not null;
        if (!match) return (KeyCheck.Unknown, null);
        return entry!.Revoked is null ? (KeyCheck.Valid, entry.Name) : (KeyCheck.Revoked, entry.Name);
    }

    private static byte[] Hash(byte[] salt, string secret)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetByteCount(secret)];
        salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(secret, bytes.AsSpan(salt.Length));
        return SHA256.HashData(bytes);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void Reload(bool force)
    {
        var info = new FileInfo(_path);
        if (!info.Exists) { _file = new ApiKeyFile(); _loaded = (DateTime.MinValue, -1); return; }
        if (!force && info.LastWriteTimeUtc == _loaded.Time && info.Length == _loaded.Length) return;
        try
        {
            _file = JsonSerializer.Deserialize<ApiKeyFile>(File.ReadAllBytes(_path)) ?? new ApiKeyFile();
        }
        catch (JsonException ex)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{_path}: not an API keys file ({ex.Message})");
        }
        _loaded = (info.LastWriteTimeUtc, info.Length);
    }

    private void Save()
    {
        var folder = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.tmp");
        // Only the owner may read the hashes (they are not keys, but there is no reason to share them).
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
            JsonSerializer.Serialize(stream, _file, Json);
        File.Move(temp, _path, overwrite: true);
        var info = new FileInfo(_path);
        _loaded = (info.LastWriteTimeUtc, info.Length);
    }
}
