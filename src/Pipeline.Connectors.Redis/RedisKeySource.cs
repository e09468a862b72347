using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using StackExchange.Redis;

namespace Pipeline.Connectors.Redis;

/// <summary>
/// The keys matching a pattern as rows: a <c>key</c> column, then the hash's fields, the string's <c>value</c>, or a
/// JSON object's top-level properties (<see cref="RedisValueKind"/>), all as text. Keys are enumerated with SCAN (never
/// KEYS), one page at a time, and their values fetched in one pipelined round trip per page, so memory holds one page
/// and one batch. The columns are the fields of the first <c>sample</c> keys (or <c>?fields=</c>); a later key with a
/// field outside them fails the read, naming the key and field, rather than dropping the value. SCAN's guarantee
/// applies: a key present for the whole read is returned, possibly twice if the keyspace is resized meanwhile; a key
/// deleted between SCAN and the fetch is not a row.
/// </summary>
internal sealed class RedisKeySource : ISource
{
    private readonly RedisEndpoint _endpoint;
    private readonly RedisKeyOptions _options;

    public RedisKeySource(RedisEndpoint endpoint, RedisKeyOptions options)
    {
        _endpoint = endpoint;
        _options = options;
    }

    /// <inheritdoc />
    public string Format => "redis";

    /// <inheritdoc />
    public IReadOnlyList<string> Files => [];

    /// <summary>The address without password or options.</summary>
    public string Description => $"{_endpoint.Address.Description} (keys {_options.Pattern}, {_options.Kind.ToString().ToLowerInvariant()})";

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        var connection = _endpoint.Connect();
        try
        {
            return new Stream(this, connection, Math.Max(1, context.Options.BatchSize));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Key count of the database (DBSIZE), an estimate for <c>?keys=*</c> only.</summary>
    public long? EstimatedRows()
    {
        if (_options.Pattern != "*") return null;
        using var connection = _endpoint.Connect();
        try { return connection.GetServers()[0].DatabaseSize(_endpoint.Database); }
        catch (RedisException ex) { throw _endpoint.Failure("cannot count the keys", ex); }
    }

    private sealed class Stream : IArrowArrayStream
    {
        private readonly RedisKeySource _source;
        private readonly ConnectionMultiplexer _connection;
        private readonly IDatabase _db;
        private readonly IEnumerator<RedisKey> _keys;
        private readonly Queue<(string Key, Dictionary<string, string> Fields)> _pending = new();
        private readonly Dictionary<string, int> _columns;
        private readonly RedisRowBuilder _rows;
        private readonly int _batchRows;
        private readonly ConnectionWatch _watch;
        private long _fetched;
        private bool _scanDone;

        public Stream(RedisKeySource source, ConnectionMultiplexer connection, int batchRows)
        {
            _source = source;
            _connection = connection;
            _batchRows = batchRows;
            _db = connection.GetDatabase(source._endpoint.Database);
            _watch = new ConnectionWatch(connection, source._endpoint, "the run stops rather than trust a scan that crossed a reconnection");
            var server = connection.GetServers()[0];
            _keys = server.Keys(source._endpoint.Database, source._options.Pattern, source._options.PageSize).GetEnumerator();
            // The first keys fix the columns; they are kept and become the first rows.
            var names = new List<string> { "key" };
            if (source._options.Fields is { } fixedFields) names.AddRange(fixedFields);
            else if (source._options.Kind == RedisValueKind.String) names.Add("value");
            while (_pending.Count < source._options.Sample && FetchPage()) { }
            if (source._options.Fields is null && source._options.Kind != RedisValueKind.String)
                foreach (var (_, fields) in _pending)
                    foreach (var name in fields.Keys)
                        if (!names.Contains(name)) names.Add(name);
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{source.Description}: a field is named 'key', like the key column; list the fields with ?fields= leaving it out");
            _columns = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
            _rows = new RedisRowBuilder(RedisRowBuilder.TextSchema(names));
        }

        public Schema Schema => _rows.Schema;

        public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            while (_rows.Rows < _batchRows && _rows.Bytes < 64L << 20)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_pending.Count == 0 && !FetchPage()) break;
                var (key, fields) = _pending.Dequeue();
                var row = new string?[_columns.Count];
                row[0] = key;
                foreach (var (name, value) in fields)
                {
                    if (_columns.TryGetValue(name, out var column)) row[column] = value;
                    else if (_source._options.Fields is null)
                        throw new PipelineException(PipelineErrorKind.Schema,
                            $"{_source.Description}: key '{key}' has the field '{name}', which the first {_source._options.Sample} keys did not have; list the columns with ?fields=a,b or raise ?sample=");
                }
                _rows.Append(row);
            }
            return ValueTask.FromResult(_rows.Rows == 0 ? null : _rows.Build());
        }

        /// <summary>Scans one page of keys and fetches their values in one pipelined round trip; false at the end.</summary>
        private bool FetchPage()
        {
            if (_scanDone) return false;
            var page = new List<RedisKey>(_source._options.PageSize);
            try
            {
                while (page.Count < _source._options.PageSize && _keys.MoveNext()) page.Add(_keys.Current);
                if (page.Count < _source._options.PageSize) _scanDone = true;
                _watch.ThrowIfLost($"{_fetched} keys");
                if (page.Count == 0) return false;
                _fetched += page.Count;
                switch (_source._options.Kind)
                {
                    case RedisValueKind.Hash:
                    {
                        var tasks = page.Select(k => _db.HashGetAllAsync(k)).ToArray();
                        Task.WaitAll(tasks);
                        for (int i = 0; i < page.Count; i++)
                        {
                            var entries = tasks[i].Result;
                            if (entries.Length == 0) continue; // deleted since the scan
                            _pending.Enqueue((page[i].ToString(), entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal)));
                        }
                        break;
                    }
                    default:
                    {
                        var values = _db.StringGet([.. page]);
                        for (int i = 0; i < page.Count; i++)
                        {
                            if (values[i].IsNull) continue; // deleted since the scan
                            var text = values[i].ToString();
                            _pending.Enqueue((page[i].ToString(), _source._options.Kind == RedisValueKind.Json
                                ? JsonFields(page[i].ToString(), text)
                                : new Dictionary<string, string>(StringComparer.Ordinal) { ["value"] = text }));
                        }
                        break;
                    }
                }
                _watch.ThrowIfLost($"{_fetched} keys");
                return true;
            }
            catch (AggregateException ex) when (ex.InnerException is RedisException inner)
            {
                throw _source._endpoint.Failure($"cannot read the keys (after {page.Count} keys of a page)", inner);
            }
            catch (RedisException ex)
            {
                throw _source._endpoint.Failure("cannot read the keys", ex);
            }
        }

        private Dictionary<string, string> JsonFields(string key, string text)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    throw new PipelineException(PipelineErrorKind.InvalidInput, $"{_source.Description}: key '{key}' holds JSON that is not an object ({doc.RootElement.ValueKind})");
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Null) continue;
                    fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
                return fields;
            }
            catch (JsonException ex)
            {
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{_source.Description}: key '{key}' does not hold JSON: {ex.Message}");
            }
        }

        public void Dispose()
        {
            _keys.Dispose();
            _connection.Dispose();
        }
    }
}
