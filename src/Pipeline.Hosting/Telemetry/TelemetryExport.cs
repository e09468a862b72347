using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pipeline.Core.Metrics;

namespace Pipeline.Hosting.Telemetry;

/// <summary>
/// Exports the <see cref="PipelineTelemetry"/> meter and activity source over OTLP/HTTP (protobuf) for the length of a
/// run, with the OpenTelemetry .NET SDK: to the spec's <c>options.telemetry.otlp_endpoint</c>, else to the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; nothing is exported when neither is set. Disposing flushes: the run's metrics
/// and spans are sent when it ends.
/// </summary>
public static class TelemetryExport
{
    /// <summary>The standard variable the OpenTelemetry SDKs read.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Starts exporting; null when no endpoint is configured.</summary>
    /// <param name="specEndpoint">The spec's endpoint (the collector's base URL, e.g. <c>http://collector:4318</c>).</param>
    public static IDisposable? Start(string? specEndpoint)
    {
        var endpoint = specEndpoint ?? Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint.TrimEnd('/'), UriKind.Absolute, out var root)) return null;
        var resource = ResourceBuilder.CreateDefault().AddService("pipeline", serviceVersion: Engine.Results.EngineVersion.Current);
        var meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(PipelineTelemetry.Name)
            .AddOtlpExporter(o => Configure(o, root, "v1/metrics"))
            .Build();
        var traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(PipelineTelemetry.Name)
            .AddOtlpExporter(o => Configure(o, root, "v1/traces"))
            .Build();
        return new Export(meters, traces);
    }

    private static void Configure(OtlpExporterOptions options, Uri root, string signal)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = new Uri(root.AbsoluteUri.TrimEnd('/') + "/" + signal);
        options.TimeoutMilliseconds = 5000;
    }

    private sealed class Export(MeterProvider? meters, TracerProvider? traces) : IDisposable
    {
        public void Dispose()
        {
            // Flush first: disposing a provider alone may drop what the periodic reader has not sent yet.
            meters?.ForceFlush(5000);
            traces?.ForceFlush(5000);
            meters?.Dispose();
            traces?.Dispose();
        }
    }
}
