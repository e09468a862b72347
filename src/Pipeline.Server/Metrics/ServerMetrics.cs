using System.Diagnostics.Metrics;

namespace Pipeline.Server.Metrics;

/// <summary>The server's instruments (System.Diagnostics.Metrics), exported by OpenTelemetry's Prometheus exporter
/// at <c>GET /metrics</c>: runs finished by status, rows read, run seconds, and runs queued or running now.</summary>
internal sealed class ServerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Pipeline.Server";

    private readonly Counter<long> _runs;
    private readonly Counter<long> _rows;
    private readonly Histogram<double> _seconds;
    private readonly UpDownCounter<long> _active;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/> (disposed with the server). The exporter
    /// finds meters by name, so two servers live in one process would see each other's counts: run one per process.</summary>
    public ServerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _runs = meter.CreateCounter<long>("pipeline.runs", "{run}", "Runs finished, by status");
        _rows = meter.CreateCounter<long>("pipeline.rows.read", "{row}", "Rows read by finished runs");
        // Buckets in seconds for runs of a fraction of a second to an hour (the exporter's defaults suit milliseconds).
        _seconds = meter.CreateHistogram("pipeline.run.duration", "s", "Run duration, from start to end (queue time excluded)", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
        _active = meter.CreateUpDownCounter<long>("pipeline.runs.active", "{run}", "Runs queued or running now");
    }

    /// <summary>A run was accepted (queued).</summary>
    public void Accepted() => _active.Add(1);

    /// <summary>A run ended with <paramref name="status"/>.</summary>
    public void Finished(string status, long rowsRead, double seconds)
    {
        _active.Add(-1);
        var tag = new KeyValuePair<string, object?>("status", status);
        _runs.Add(1, tag);
        if (rowsRead > 0) _rows.Add(rowsRead);
        if (seconds > 0) _seconds.Record(seconds, tag);
    }
}
