using Microsoft.Extensions.Hosting;

namespace Pipeline.Server.Runs;

/// <summary>Drains the runs when the host stops (SIGTERM, Ctrl-C, <see cref="PipelineServer.StopAsync"/>): by then
/// Kestrel accepts no new connections; a request on a connection still open that submits a run gets 503.</summary>
internal sealed class RunDrain(RunManager runs, ServeSettings settings) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => runs.DrainAsync(settings.ShutdownTimeout);
}
