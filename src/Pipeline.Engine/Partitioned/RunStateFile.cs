using Pipeline.Core.Errors;
using Pipeline.Kernels;
using Pipeline.Engine.Validate.Evaluation;

namespace Pipeline.Engine.Partitioned;

/// <summary>
/// The binary form of a <see cref="RunState"/> (<c>--state FILE</c>, <c>pipeline merge</c>): magic <c>PLRUN</c>, a
/// format version, the number of partitions, then each partition's state (<see cref="PartitionState"/>), with the
/// profile state embedded in its own versioned form. Reading checks every count against the bytes that remain, so a
/// damaged or foreign file is a clear error (exit 2), never a crash or a huge allocation.
/// </summary>
public static class RunStateFile
{
    private const string Magic = "PLRUN";
    private const int Version = 1;

    /// <summary>Writes <paramref name="state"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(RunState state, string path)
    {
        var bytes = ToBytes(state);
        Core.Files.AtomicWrite.Write(path, file => file.Write(bytes));
    }

    /// <summary>The bytes <see cref="Write"/> writes.</summary>
    public static byte[] ToBytes(RunState state)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(state.Partitions.Count);
            foreach (var p in state.Partitions) WritePartition(w, p);
        }
        return buffer.ToArray();
    }

    /// <summary>Whether <paramref name="head"/> starts like a run state.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head) => head.Length > Magic.Length && head[0] == Magic.Length && head[1..(1 + Magic.Length)].SequenceEqual("PLRUN"u8);

    /// <summary>Reads a run state, or a profile state (<c>profile.state</c>: a partition that knows no range, placed
    /// in row order by <paramref name="sequence"/>, its position among the merge's arguments).</summary>
    /// <exception cref="PipelineException">Missing, foreign, of another version, or damaged.</exception>
    public static RunState Read(string path, int sequence = 0)
    {
        if (!File.Exists(path)) throw PipelineException.InvalidInput(path, "state not found (write it with --state FILE, or `pipeline profile --state`)");
        return FromBytes(File.ReadAllBytes(path), path, sequence);
    }

    /// <summary>Reads a state from its bytes; <paramref name="label"/> names it in errors.</summary>
    /// <exception cref="PipelineException">Foreign, of another version, or damaged.</exception>
    public static RunState FromBytes(byte[] bytes, string label, int sequence = 0)
    {
        if (Analyze.Profile.ProfileStateFile.LooksLike(bytes))
        {
            var profiler = Analyze.Profile.ProfileStateFile.FromBytes(bytes, label);
            return new RunState([new PartitionState
            {
                File = label, Unit = "order", Start = sequence, End = sequence + 1L, Command = "profile", StartedAt = DateTimeOffset.UnixEpoch, Status = "ok",
                SchemaBytes = Analyze.Profile.ProfileStateFile.SchemaBytes(profiler.Schema), Read = profiler.Rows, Written = profiler.Rows,
                Passed = profiler.Rows, Profile = bytes,
            }]);
        }
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var r = new BinaryReader(stream);
            if (!LooksLike(bytes) || r.ReadString() != Magic)
                throw PipelineException.InvalidInput(label, "not a Pipeline run state (expected a file written with --state FILE, or a profile.state)");
            int version = r.ReadInt32();
            if (version != Version) throw PipelineException.InvalidInput(label, $"run state version {version} is not supported (this build reads {Version})");
            int count = r.ReadCount(16);
            var partitions = new List<PartitionState>(count);
            for (int i = 0; i < count; i++) partitions.Add(Checked(ReadPartition(r, label), label));
            if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} bytes after the last partition");
            return new RunState(partitions);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or InvalidDataException or ArgumentException or FormatException
            or ArithmeticException or IndexOutOfRangeException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            throw PipelineException.InvalidInput(label, $"corrupt run state: {ex.Message}", ex);
        }
    }

    /// <summary>Refuses a partition whose parts do not fit together: a schema that does not decode, rules that do not
    /// read back, or rule states that do not match their rules.</summary>
    private static PartitionState Checked(PartitionState p, string label)
    {
        if (p.SchemaBytes.Length > 0) Analyze.Profile.ProfileStateFile.ReadSchema(p.SchemaBytes);
        var rules = MergedRun.ReadRules(p, label);
        int count = rules?.Rules.Count ?? 0;
        if (count != p.Rules.Count) throw new InvalidDataException($"{p.Rules.Count} rule states for {count} rules");
        for (int i = 0; i < count; i++)
        {
            var scope = Validate.RuleKinds.Scope(rules!.Rules[i].Kind);
            var s = p.Rules[i];
            bool fits = scope switch
            {
                Validate.RuleScope.Row => s.Table is null && s.Keys is null,
                Validate.RuleScope.Table => s.Table is not null,
                _ => s.Table is null && s.Keys is null && s.Failed == 0,
            };
            if (!fits) throw new InvalidDataException($"the state of rule '{rules.Rules[i].Name}' does not fit its kind");
        }
        return p;
    }

    private static void WritePartition(BinaryWriter w, PartitionState p)
    {
        w.Write(p.File); w.Write(p.Unit); w.Write(p.Start); w.Write(p.End);
        w.Write(p.Command); w.Write(p.StartedAt.UtcTicks); w.Write(p.Status);
        w.Write(p.SchemaBytes.Length); w.Write(p.SchemaBytes);
        w.Write(p.RulesJson);
        w.Write(p.Read); w.Write(p.Written); w.Write(p.Passed); w.Write(p.Quarantined); w.Write(p.Dropped); w.Write(p.Deduplicated);
        WriteCounts(w, p.QuarantineByStage);
        w.Write(p.QuarantineFiles.Count);
        foreach (var f in p.QuarantineFiles) w.Write(f);
        w.Write(p.Stages.Count);
        foreach (var (name, kind, rowsIn, rowsOut) in p.Stages) { w.Write(name); w.Write(kind); w.Write(rowsIn); w.Write(rowsOut); }
        w.Write(p.NullRows);
        WriteCounts(w, p.Nulls);
        w.Write(p.Rules.Count);
        foreach (var rule in p.Rules) WriteRule(w, rule);
        w.Write(p.Profile is not null);
        if (p.Profile is not null) { w.Write(p.Profile.Length); w.Write(p.Profile); }
    }

    private static PartitionState ReadPartition(BinaryReader r, string label)
    {
        string file = r.ReadString(), unit = r.ReadString();
        long start = r.ReadInt64(), end = r.ReadInt64();
        if (unit is not ("row_groups" or "bytes" or "whole" or "order")) throw new InvalidDataException($"unknown partition unit '{unit}'");
        if (start < 0 || end < start) throw new InvalidDataException($"bad range {start}:{end}");
        string command = r.ReadString();
        var started = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        string status = r.ReadString();
        var schema = r.ReadBytes(r.ReadCount());
        string rules = r.ReadString();
        long read = r.ReadInt64(), written = r.ReadInt64(), passed = r.ReadInt64(), quarantined = r.ReadInt64(), dropped = r.ReadInt64(), deduplicated = r.ReadInt64();
        if (read < 0 || written < 0 || passed < 0 || quarantined < 0 || dropped < 0 || deduplicated < 0) throw new InvalidDataException("negative row counts");
        var byStage = ReadCounts(r);
        var files = new List<string>();
        int nFiles = r.ReadCount();
        for (int i = 0; i < nFiles; i++) files.Add(r.ReadString());
        var stages = new List<(string, string, long, long)>();
        int nStages = r.ReadCount(18);
        for (int i = 0; i < nStages; i++) stages.Add((r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt64()));
        long nullRows = r.ReadInt64();
        var nulls = ReadCounts(r);
        int nRules = r.ReadCount(8);
        var ruleStates = new List<RuleState>(nRules);
        for (int i = 0; i < nRules; i++) ruleStates.Add(ReadRule(r));
        byte[]? profile = r.ReadBoolean() ? r.ReadBytes(r.ReadCount()) : null;
        // The embedded profile state is checked where it is decoded (MergedRun.Finish, with the partition's name), so
        // the inner nodes of a merge tree only move its bytes.
        if (profile is not null && !Analyze.Profile.ProfileStateFile.LooksLike(profile)) throw new InvalidDataException($"the profile of {file} is not a profile state");
        return new PartitionState
        {
            File = file, Unit = unit, Start = start, End = end, Command = command, StartedAt = started, Status = status,
            SchemaBytes = schema, RulesJson = rules, Read = read, Written = written, Passed = passed, Quarantined = quarantined,
            Dropped = dropped, Deduplicated = deduplicated, QuarantineByStage = byStage, QuarantineFiles = files, Stages = stages,
            NullRows = nullRows, Nulls = nulls, Rules = ruleStates, Profile = profile,
        };
    }

    private static void WriteRule(BinaryWriter w, RuleState s)
    {
        w.Write(s.Failed);
        w.Write(s.RowExamples.Count);
        foreach (var (row, value) in s.RowExamples) { w.Write(row); w.Write(value is not null); if (value is not null) w.Write(value); }
        w.Write(s.Table is not null);
        s.Table?.Write(w);
        w.Write(s.Keys is not null);
        if (s.Keys is not null)
        {
            w.Write(s.KeysAdded); w.Write(s.KeysAreHashes);
            w.Write(s.Keys.Length);
            foreach (var k in s.Keys) w.Write(k);
            w.Write(s.KeyExamples.Count);
            foreach (var e in s.KeyExamples) w.Write(e);
            w.Write(s.KeyExampleValues.Count);
            foreach (var v in s.KeyExampleValues) w.Write(v);
        }
        w.Write(s.ReferenceRows.HasValue);
        if (s.ReferenceRows is { } n) w.Write(n);
    }

    private static RuleState ReadRule(BinaryReader r)
    {
        var s = new RuleState { Failed = r.ReadInt64() };
        if (s.Failed < 0) throw new InvalidDataException("negative failed rows");
        int examples = r.ReadCount(9);
        for (int i = 0; i < examples; i++) s.RowExamples.Add((r.ReadInt64(), r.ReadBoolean() ? r.ReadString() : null));
        if (r.ReadBoolean()) s.Table = TableRuleState.Read(r);
        if (r.ReadBoolean())
        {
            s.KeysAdded = r.ReadInt64();
            s.KeysAreHashes = r.ReadBoolean();
            int n = r.ReadCount(8);
            if (s.KeysAdded < n) throw new InvalidDataException($"{n} distinct keys but only {s.KeysAdded} added");
            s.Keys = new long[n];
            for (int i = 0; i < n; i++) s.Keys[i] = r.ReadInt64();
            int e = r.ReadCount();
            for (int i = 0; i < e; i++) s.KeyExamples.Add(r.ReadString());
            int v = r.ReadCount(8);
            for (int i = 0; i < v; i++) s.KeyExampleValues.Add(r.ReadInt64());
        }
        if (r.ReadBoolean()) s.ReferenceRows = r.ReadInt64();
        return s;
    }

    private static void WriteCounts(BinaryWriter w, IReadOnlyDictionary<string, long> counts)
    {
        w.Write(counts.Count);
        foreach (var (k, v) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { w.Write(k); w.Write(v); }
    }

    private static Dictionary<string, long> ReadCounts(BinaryReader r)
    {
        int n = r.ReadCount(9);
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var key = r.ReadString();
            long v = r.ReadInt64();
            if (v < 0) throw new InvalidDataException($"negative count for '{key}'");
            d[key] = v;
        }
        return d;
    }
}
