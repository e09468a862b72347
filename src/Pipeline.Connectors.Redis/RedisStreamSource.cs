using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using StackExchange.Redis;

namespace Pipeline.Connectors.Redis;

/// <summary>
/// A Redis Stream read through a consumer group, as rows: <c>id</c>, then one text column per message field. The
/// group is created when missing (at <c>?start=</c>). A run first re-reads this consumer's pending messages (delivered
/// to an earlier run that did not finish), then new ones, <c>?count=</c> per XREADGROUP, until the group has read
/// everything, <c>?max_messages=</c> are read, or <c>?max_seconds=</c> passed (waiting for new messages until then).
/// Nothing is acknowledged while the run reads: the host calls <see cref="AcknowledgeAsync"/> once the run's outputs
/// committed, which XACKs every pending message of this consumer up to the last one delivered, so a failed run's
/// messages come again (at-least-once). Memory holds one XREADGROUP reply and one batch; the acknowledgment pages
/// through XPENDING instead of remembering ids.
/// </summary>
internal sealed class RedisStreamSource : IAcknowledgedSource
{
    private readonly RedisEndpoint _endpoint;
    private readonly RedisStreamOptions _options;
    private RedisValue _lastDelivered = RedisValue.Null;
    private long _delivered;

    public RedisStreamSource(RedisEndpoint endpoint, RedisStreamOptions options)
    {
        _endpoint = endpoint;
        _options = options;
    }

    /// <inheritdoc />
    public string Format => "redis-stream";

    /// <inheritdoc />
    public IReadOnlyList<string> Files => [];

    /// <summary>The address without password, with the stream and group.</summary>
    public string Description => $"{_endpoint.Address.Description} (stream {_options.Stream}, group {_options.Group})";

    /// <summary>Messages delivered by this source's streams so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages acknowledged by the last <see cref="AcknowledgeAsync"/>.</summary>
    public long Acknowledged { get; private set; }

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        var connection = _endpoint.Connect();
        try
        {
            var db = connection.GetDatabase(_endpoint.Database);
            EnsureGroup(db);
            return new Stream(this, connection, db, Math.Max(1, context.Options.BatchSize));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask AcknowledgeAsync(CancellationToken cancellationToken)
    {
        if (_lastDelivered.IsNull) return;
        using var connection = _endpoint.Connect();
        var db = connection.GetDatabase(_endpoint.Database);
        long acknowledged = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pending = await db.StreamPendingMessagesAsync(_options.Stream, _options.Group, 10_000, _options.Consumer,
                    minId: "-", maxId: _lastDelivered).ConfigureAwait(false);
                if (pending.Length == 0) break;
                acknowledged += await db.StreamAcknowledgeAsync(_options.Stream, _options.Group, [.. pending.Select(p => p.MessageId)]).ConfigureAwait(false);
            }
        }
        catch (RedisException ex)
        {
            throw _endpoint.Failure($"cannot acknowledge the messages (after {acknowledged}; the rest are delivered again next run)", ex);
        }
        Acknowledged = acknowledged;
    }

    /// <summary>The stream's length and the group's lag, for <c>pipeline schema</c>.</summary>
    public long? EstimatedRows()
    {
        using var connection = _endpoint.Connect();
        var db = connection.GetDatabase(_endpoint.Database);
        try { return db.KeyExists(_options.Stream) ? db.StreamLength(_options.Stream) : 0; }
        catch (RedisException ex) { throw _endpoint.Failure("cannot read the stream's length", ex); }
    }

    /// <summary>The schema from <c>?fields=</c> or the stream's first messages (XRANGE: the group does not move).</summary>
    public Schema PeekSchema()
    {
        var names = new List<string> { "id" };
        if (_options.Fields is { } fixedFields) names.AddRange(fixedFields);
        else
        {
            using var connection = _endpoint.Connect();
            try
            {
                foreach (var entry in connection.GetDatabase(_endpoint.Database).StreamRange(_options.Stream, "-", "+", _options.Count))
                    foreach (var value in entry.Values)
                        if (!names.Contains(value.Name.ToString())) names.Add(value.Name.ToString());
            }
            catch (RedisException ex) { throw _endpoint.Failure("cannot read the stream", ex); }
        }
        return RedisRowBuilder.TextSchema(names);
    }

    private void EnsureGroup(IDatabase db)
    {
        try { db.StreamCreateConsumerGroup(_options.Stream, _options.Group, _options.Start, createStream: true); }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal)) { /* exists */ }
        catch (RedisException ex) { throw _endpoint.Failure($"cannot create the consumer group '{_options.Group}'", ex); }
    }

    private void Delivered1(RedisValue id)
    {
        _lastDelivered = id;
        Interlocked.Increment(ref _delivered);
    }

    private sealed class Stream : IArrowArrayStream
    {
        private readonly RedisStreamSource _source;
        private readonly ConnectionMultiplexer _connection;
        private readonly IDatabase _db;
        private readonly int _batchRows;
        private readonly Queue<StreamEntry> _pending = new();
        private readonly Dictionary<string, int> _columns;
        private readonly RedisRowBuilder _rows;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConnectionWatch _watch;
        private RedisValue _position = "0"; // this consumer's pending messages first, then ">" for new ones
        private long _read;
        private bool _done;

        public Stream(RedisStreamSource source, ConnectionMultiplexer connection, IDatabase db, int batchRows)
        {
            _source = source;
            _connection = connection;
            _db = db;
            _batchRows = batchRows;
            _watch = new ConnectionWatch(connection, source._endpoint, "nothing was acknowledged: the next run reads these messages again");
            var names = new List<string> { "id" };
            if (source._options.Fields is { } fixedFields) names.AddRange(fixedFields);
            else
            {
                Fill();
                foreach (var entry in _pending)
                    foreach (var value in entry.Values)
                        if (!names.Contains(value.Name.ToString())) names.Add(value.Name.ToString());
            }
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{source.Description}: a message field is named 'id', like the id column; list the fields with ?fields= leaving it out");
            _columns = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
            _rows = new RedisRowBuilder(RedisRowBuilder.TextSchema(names));
        }

        public Schema Schema => _rows.Schema;

        public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            _watch.ThrowIfLost($"{_read} messages");
            while (_rows.Rows < _batchRows && _rows.Bytes < 64L << 20)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_pending.Count == 0 && !Fill()) break;
                var entry = _pending.Dequeue();
                var row = new string?[_columns.Count];
                row[0] = entry.Id.ToString();
                foreach (var value in entry.Values)
                {
                    var name = value.Name.ToString();
                    if (_columns.TryGetValue(name, out var column)) row[column] = value.Value.ToString();
                    else if (_source._options.Fields is null)
                        throw new PipelineException(PipelineErrorKind.Schema,
                            $"{_source.Description}: message {entry.Id} has the field '{name}', which the first messages did not have; list the columns with ?fields=a,b (nothing was acknowledged)");
                }
                _rows.Append(row);
                _source.Delivered1(entry.Id);
            }
            return ValueTask.FromResult(_rows.Rows == 0 ? null : _rows.Build());
        }

        /// <summary>Reads the next XREADGROUP reply into the queue; false when the run's reading is over.</summary>
        private bool Fill()
        {
            var options = _source._options;
            while (!_done)
            {
                long left = options.MaxMessages is { } max ? max - _read : long.MaxValue;
                if (left <= 0 || (options.MaxSeconds is { } s && _clock.Elapsed.TotalSeconds >= s)) { _done = true; break; }
                StreamEntry[] entries;
                try
                {
                    entries = _db.StreamReadGroup(options.Stream, options.Group, options.Consumer, _position, (int)Math.Min(options.Count, left));
                }
                catch (RedisException ex)
                {
                    throw _source._endpoint.Failure($"cannot read the stream (after {_read} messages; none acknowledged)", ex);
                }
                _watch.ThrowIfLost($"{_read} messages");
                if (entries.Length > 0)
                {
                    foreach (var entry in entries) _pending.Enqueue(entry);
                    _read += entries.Length;
                    // Pending messages are read by id: continue after the last one.
                    if (_position != ">") _position = entries[^1].Id;
                    return true;
                }
                if (_position != ">") { _position = ">"; continue; }
                // Caught up: a run without max_seconds ends here; with it, wait for new messages until the time is up.
                if (options.MaxSeconds is null) { _done = true; break; }
                Thread.Sleep(50);
            }
            return false;
        }

        public void Dispose() => _connection.Dispose();
    }
}
