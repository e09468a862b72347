using System.Buffers;
using System.Text.Json;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sources.Json;

/// <summary>
/// Streams the records of one JSON document with <see cref="Utf8JsonReader"/> over a refilled buffer, never loading
/// the document: the records are the elements of the top-level array, or of the array at a records path of dotted
/// keys (<c>data.items</c>). Without a path, a top-level object's first key holding an array is taken (reported as
/// <see cref="RecordsPath"/>). Each record's raw bytes are handed out as one JSON lines line would be, so the
/// JSON lines rules (flattening, types, quarantine) apply unchanged. Reading stops at the end of the array; the rest
/// of the document is not read. Invalid JSON cannot be resynchronised inside a document: it stops the read with the
/// line it is on.
/// </summary>
internal sealed class JsonDocumentRecordReader : IJsonRecordReader
{
    /// <summary>Largest record (16 MiB, as for a JSON lines line); a larger one stops the read with its line.</summary>
    public const int MaxRecordBytes = LineReader.MaxLineBytes;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    private readonly Stream _stream;
    private readonly string _file;
    private readonly string[]? _path;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start, _end;
    private bool _eof, _first = true, _positioned, _done;
    private JsonReaderState _state = new(ReaderOptions);
    private long _line = 1;

    public JsonDocumentRecordReader(Stream stream, string file, string? recordsPath)
    {
        _stream = stream;
        _file = file;
        _path = string.IsNullOrWhiteSpace(recordsPath) || recordsPath is "$" or "."
            ? null
            : recordsPath.TrimStart('$').Trim('.').Split('.');
        RecordsPath = _path is null ? null : string.Join('.', _path);
    }

    /// <summary>The dotted path of the array read (null: the document is the array).</summary>
    public string? RecordsPath { get; private set; }

    /// <inheritdoc />
    public long LineNumber { get; private set; }

    /// <inheritdoc />
    public bool TryReadRecord(out ReadOnlySpan<byte> record, out bool tooLong)
    {
        tooLong = false;
        record = default;
        try
        {
            if (!_positioned) Position();
            if (_done) return false;
            while (true)
            {
                var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
                if (!reader.Read()) { Refill("inside the array of records"); continue; }
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Commit(ref reader);
                    _done = true;
                    return false;
                }
                int tokenStart = (int)reader.TokenStartIndex;
                if (!reader.TrySkip()) { Refill("inside a record"); continue; }
                int end = (int)reader.BytesConsumed;
                LineNumber = _line + _buffer.AsSpan(_start, tokenStart).Count((byte)'\n');
                record = _buffer.AsSpan(_start + tokenStart, end - tokenStart);
                Commit(ref reader);
                return true;
            }
        }
        catch (JsonException ex)
        {
            _done = true;
            throw PipelineException.InvalidInput(_file, $"line {(ex.LineNumber ?? _line - 1) + 1}: invalid JSON: {FirstSentence(ex.Message)}", ex);
        }
    }

    /// <summary>Reads up to the start of the array of records.</summary>
    private void Position()
    {
        int segment = 0;
        bool inObject = false;
        var found = new List<string>();
        while (!_positioned)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            if (!inObject)
            {
                // The document itself, or the value of the key just matched.
                if (!reader.Read()) { Refill(found.Count == 0 ? "before its first value" : $"after '{string.Join('.', found)}'"); continue; }
                if (reader.TokenType == JsonTokenType.StartArray && (_path is null || segment == _path.Length))
                {
                    Commit(ref reader);
                    _positioned = true;
                    return;
                }
                if (reader.TokenType == JsonTokenType.StartObject && (_path is null || segment < _path.Length))
                {
                    Commit(ref reader);
                    inObject = true;
                    continue;
                }
                throw PipelineException.InvalidInput(_file, found.Count == 0
                    ? $"line {_line}: a JSON document must be an array of records or an object holding one; found {Describe(reader.TokenType)}"
                    : $"line {_line}: '{string.Join('.', found)}' is {Describe(reader.TokenType)}, not {(segment == _path!.Length ? "an array of records" : "an object")}");
            }
            if (!reader.Read()) { Refill("inside an object"); continue; }
            if (reader.TokenType == JsonTokenType.EndObject)
                throw PipelineException.InvalidInput(_file, _path is null
                    ? $"the JSON document is an object with no array of records{(found.Count > 0 ? $" under '{string.Join('.', found)}'" : "")}; name it with --records-path (records_path:)"
                    : $"no key '{_path[segment]}'{(found.Count > 0 ? $" under '{string.Join('.', found)}'" : "")} in the JSON document (records path '{RecordsPath}')");
            var name = reader.GetString()!;
            if (!reader.Read()) { Refill("inside an object"); continue; }
            bool wanted = _path is null ? reader.TokenType == JsonTokenType.StartArray : name == _path[segment];
            if (!wanted)
            {
                if (!reader.TrySkip()) { Refill("inside an object"); continue; }
                Commit(ref reader);
                continue;
            }
            found.Add(name);
            if (_path is null)
            {
                Commit(ref reader);
                RecordsPath = string.Join('.', found);
                _positioned = true;
                return;
            }
            segment++;
            if (reader.TokenType == JsonTokenType.StartArray && segment == _path.Length)
            {
                Commit(ref reader);
                _positioned = true;
                return;
            }
            if (reader.TokenType == JsonTokenType.StartObject && segment < _path.Length)
            {
                Commit(ref reader);
                continue;
            }
            throw PipelineException.InvalidInput(_file, $"line {_line}: '{string.Join('.', found)}' is {Describe(reader.TokenType)}, not {(segment == _path.Length ? "an array of records" : "an object")}");
        }
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        int consumed = (int)reader.BytesConsumed;
        _line += _buffer.AsSpan(_start, consumed).Count((byte)'\n');
        _start += consumed;
        _state = reader.CurrentState;
    }

    private void Refill(string where)
    {
        if (_eof) throw PipelineException.InvalidInput(_file, $"line {_line}: the JSON document ends {where}");
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length > MaxRecordBytes)
                throw PipelineException.InvalidInput(_file, $"line {_line}: a JSON record (or the part of the document before the records) is larger than {MaxRecordBytes >> 20} MiB");
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) { _eof = true; return; }
        if (_first)
        {
            _first = false;
            if (n >= 3 && _buffer[_end] == 0xEF && _buffer[_end + 1] == 0xBB && _buffer[_end + 2] == 0xBF) _start += 3;
        }
        _end += n;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
