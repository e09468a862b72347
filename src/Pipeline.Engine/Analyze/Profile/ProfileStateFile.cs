using Pipeline.Kernels;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// The mergeable state behind a profile, saved as <c>profile.state</c> beside <c>profile.json</c>
/// (<c>pipeline profile --state</c>) so partitions profiled by separate processes or machines combine exactly with
/// <c>pipeline merge</c>. Binary, versioned (magic <c>PLPROF</c> + format version); every sketch is stored in its own
/// versioned form. Holds the row-hash set of the duplicate count (8 bytes a distinct row) while that count is exact.
/// </summary>
public static class ProfileStateFile
{
    /// <summary>File name beside profile.json.</summary>
    public const string FileName = "profile.state";
    private const string Magic = "PLPROF";
    private const int Version = 2; // 2: row-order segments, one-to-one mappings, null co-occurrence

    /// <summary>Writes the state of a profiler.</summary>
    public static void Write(TableProfiler profiler, string path)
    {
        var bytes = ToBytes(profiler);
        Core.Files.AtomicWrite.Write(path, file => file.Write(bytes));
    }

    /// <summary>The state of a profiler as the bytes <see cref="Write"/> writes (embedded in a run state).</summary>
    public static byte[] ToBytes(TableProfiler profiler)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            var schema = SchemaBytes(profiler.Schema);
            w.Write(schema.Length);
            w.Write(schema);
            profiler.WriteState(w);
        }
        return buffer.ToArray();
    }

    /// <summary>Whether <paramref name="head"/> starts like a profile state.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head) => head.Length > Magic.Length && head[0] == Magic.Length && head[1..(1 + Magic.Length)].SequenceEqual("PLPROF"u8);

    /// <summary>Reads a state written by <see cref="Write"/>.</summary>
    /// <exception cref="PipelineException">The file is missing, not a profile state, or of another version.</exception>
    public static TableProfiler Read(string path, ProfileOptions? options = null)
    {
        if (!File.Exists(path)) throw PipelineException.InvalidInput(path, "profile state not found (write it with `pipeline profile --state`)");
        return FromBytes(File.ReadAllBytes(path), path, options);
    }

    /// <summary>Reads a state from its bytes; <paramref name="label"/> names it in errors.</summary>
    /// <exception cref="PipelineException">Not a profile state, another version, or damaged.</exception>
    public static TableProfiler FromBytes(byte[] bytes, string label, ProfileOptions? options = null)
    {
        try
        {
            // Read whole (a state is small), so every count can be checked against the bytes that really remain.
            using var file = new MemoryStream(bytes, writable: false);
            using var r = new BinaryReader(file);
            if (r.ReadString() != Magic) throw PipelineException.InvalidInput(label, "not a Pipeline profile state");
            int version = r.ReadInt32();
            if (version != Version) throw PipelineException.InvalidInput(label, $"profile state version {version} is not supported (this build reads {Version})");
            var schema = ReadSchema(r.ReadBytes(r.ReadCount()));
            var profiler = new TableProfiler(schema, options);
            profiler.ReadState(r);
            return profiler;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or InvalidDataException or ArgumentException or FormatException
            or ArithmeticException or IndexOutOfRangeException or InvalidOperationException or KeyNotFoundException)
        {
            throw PipelineException.InvalidInput(label, $"corrupt profile state: {ex.Message}", ex);
        }
    }

    internal static byte[] SchemaBytes(Schema schema)
    {
        using var buffer = new MemoryStream();
        using (var writer = new ArrowStreamWriter(buffer, schema, leaveOpen: true))
        {
            writer.WriteStart();
            writer.WriteEnd();
        }
        return buffer.ToArray();
    }

    internal static Schema ReadSchema(byte[] bytes)
    {
        // The Arrow reader allocates what the message's length prefix says before reading it: a damaged prefix
        // would ask for gigabytes from a file of a few hundred bytes. The length must fit in the bytes there are.
        if (bytes.Length < 8) throw new InvalidDataException("the schema is cut short");
        int length = BitConverter.ToInt32(bytes, 0), offset = 4;
        if (length == -1) { length = BitConverter.ToInt32(bytes, 4); offset = 8; }
        if (length <= 0 || length > bytes.Length - offset) throw new InvalidDataException($"the schema message claims {length} bytes, {bytes.Length - offset} remain");
        try
        {
            using var reader = new ArrowStreamReader(new MemoryStream(bytes));
            return reader.Schema ?? throw new InvalidDataException("no schema");
        }
        catch (Exception ex) when (ex is not (InvalidDataException or OutOfMemoryException))
        {
            // Arrow's decoder reports a damaged flatbuffer with whatever it trips on (a plain Exception for a message
            // of another type, index errors for bad offsets): all of it means the schema bytes are damaged.
            throw new InvalidDataException($"the schema does not decode: {ex.Message}", ex);
        }
    }

    internal static void WriteMoments(BinaryWriter w, in MomentState m)
    {
        w.Write(m.Count); w.Write(m.Mean); w.Write(m.M2); w.Write(m.M3); w.Write(m.M4); w.Write(m.Sum); w.Write(m.Min); w.Write(m.Max);
        w.Write(m.Zeros); w.Write(m.Negatives); w.Write(m.PositiveInfinity); w.Write(m.NegativeInfinity); w.Write(m.NaN);
    }

    internal static MomentState ReadMoments(BinaryReader r)
    {
        var m = new MomentState
        {
            Count = r.ReadInt64(), Mean = r.ReadDouble(), M2 = r.ReadDouble(), M3 = r.ReadDouble(), M4 = r.ReadDouble(),
            Sum = r.ReadDouble(), Min = r.ReadDouble(), Max = r.ReadDouble(),
            Zeros = r.ReadInt64(), Negatives = r.ReadInt64(), PositiveInfinity = r.ReadInt64(), NegativeInfinity = r.ReadInt64(), NaN = r.ReadInt64(),
        };
        return m;
    }

    internal static void WriteBytes(BinaryWriter w, byte[] bytes) { w.Write(bytes.Length); w.Write(bytes); }

    internal static byte[] ReadBytes(BinaryReader r) => r.ReadBytes(r.ReadCount());

    internal static void WriteSketch(BinaryWriter w, KllSketch? s)
    {
        w.Write(s is not null);
        if (s is not null) WriteBytes(w, s.Serialize());
    }

    internal static KllSketch? ReadSketch(BinaryReader r) => r.ReadBoolean() ? KllSketch.Deserialize(ReadBytes(r)) : null;
}
