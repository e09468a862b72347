using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Joins the stream it is executed on (the probe side, streamed) with a build side read fully first, on one or more
/// key pairs, as an inner, left, semi or anti join (<see cref="JoinKind"/>; SQL semantics: a null key never
/// matches). Output columns and names: see <see cref="OutputSchema"/>. Keys compare by value across types (see
/// <see cref="KeyPairing"/>: integer widths, integer and float as numbers, date and timestamp units, plain and
/// dictionary strings).
/// <para>
/// Order: when the build side fits in the memory budget, the output follows probe order, each probe row followed
/// by its matches in build order. Otherwise the join spills (a grace hash join: both sides partitioned by key hash
/// to Arrow IPC spill files, partitions joined one by one, split again with another seed when still too big, a
/// single over-budget key joined block by block) and the output comes partition by partition, deterministic for a
/// given input, budget and batch size; see <see cref="HashJoin"/>. Spilled bytes count in the run's spill metrics
/// and in <see cref="Statistics"/>.
/// </para>
/// </summary>
public sealed class HashJoinOperator : IOperator
{
    private readonly Func<PipelineContext, IArrowArrayStream> _openBuild;
    private readonly IReadOnlyList<(string Probe, string Build)> _keys;
    private readonly JoinKind _kind;
    private readonly string _buildName;

    /// <summary>Creates a join; nothing is opened until <see cref="Execute"/>.</summary>
    /// <param name="openBuild">Opens the build (right) side for a run; the join owns and disposes the stream.</param>
    /// <param name="keys">Key pairs: a probe column and the build column it must equal.</param>
    /// <param name="kind">Which rows come out.</param>
    /// <param name="buildName">Names the build side: in colliding column names (<c>name_{buildName}</c>), errors and spill files.</param>
    /// <exception cref="Errors.PipelineException">InvalidInput: no key pair.</exception>
    public HashJoinOperator(Func<PipelineContext, IArrowArrayStream> openBuild, IReadOnlyList<(string Probe, string Build)> keys, JoinKind kind, string buildName)
    {
        ArgumentNullException.ThrowIfNull(openBuild);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(buildName);
        if (keys.Count == 0) throw new Errors.PipelineException(Errors.PipelineErrorKind.InvalidInput, $"a join with '{buildName}' needs at least one key pair");
        _openBuild = openBuild;
        _keys = keys;
        _kind = kind;
        _buildName = buildName;
    }

    /// <inheritdoc />
    public string Name => $"join[{_buildName}]";

    /// <summary>The probe columns the output keeps, by name; null (the default) keeps them all. A step leaves out
    /// what nothing after the join reads (typically the probe key), so it is never copied. Build columns' names are
    /// decided as if every probe column were there.</summary>
    public IReadOnlySet<string>? ProbeOutput { get; init; }

    /// <summary>The counts of the last output stream read to its end (all zero before).</summary>
    public JoinStatistics Statistics { get; private set; } = new();

    /// <summary>
    /// The output schema: every probe column, then for inner and left joins every build column but the build key
    /// columns (their values equal the probe keys). A build column named like a probe column is renamed
    /// <c>{name}_{buildName}</c>, then <c>{name}_{buildName}_2</c>, <c>_3</c>... while that is taken. In a left
    /// join the build columns are nullable (null for unmatched rows). Semi and anti joins output the probe columns
    /// only. Dictionary-encoded columns come out decoded to their value type.
    /// </summary>
    /// <exception cref="Errors.PipelineException">InvalidInput naming the column: a key column is missing, or a key pair cannot be compared (string against integer).</exception>
    /// <param name="probe">The probe side's schema.</param>
    /// <param name="build">The build side's schema.</param>
    /// <param name="keys">Key pairs.</param>
    /// <param name="kind">Which rows come out.</param>
    /// <param name="buildName">Names the build side.</param>
    /// <param name="probeOutput">The probe columns kept (<see cref="ProbeOutput"/>); null for all.</param>
    public static Schema OutputSchema(Schema probe, Schema build, IReadOnlyList<(string Probe, string Build)> keys, JoinKind kind, string buildName,
        IReadOnlySet<string>? probeOutput = null)
        => new JoinPlan(probe, build, keys, kind, buildName, probeOutput).OutputSchema;

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        IArrowArrayStream? build = null;
        HashJoin? join = null;
        try
        {
            build = _openBuild(context);
            var plan = new JoinPlan(input.Schema, build.Schema, _keys, _kind, _buildName, ProbeOutput);
            join = new HashJoin(context, plan, Name);
            return new HashJoinStream(input, build, join, plan.OutputSchema, context, s => Statistics = s);
        }
        catch
        {
            join?.Dispose();
            build?.Dispose();
            input.Dispose();
            throw;
        }
    }
}
