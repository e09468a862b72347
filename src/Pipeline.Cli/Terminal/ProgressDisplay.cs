using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Spectre.Console;

namespace Pipeline.Cli.Terminal;

/// <summary>
/// A byte progress bar on standard error, shown only when standard error is a terminal (and <c>CI</c> is unset), so
/// logs and pipes stay clean. Readers report bytes; a background loop repaints a few times a second.
/// </summary>
internal sealed class ProgressDisplay : IProgressReporter, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop = Task.CompletedTask;
    private long _total, _done;

    private ProgressDisplay(string label, bool enabled)
    {
        if (!enabled) return;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        _loop = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(label, maxValue: 1);
                while (!_stop.IsCancellationRequested)
                {
                    long total = Interlocked.Read(ref _total), done = Interlocked.Read(ref _done);
                    task.MaxValue = Math.Max(1, total);
                    task.Value = Math.Min(done, task.MaxValue);
                    try { await Task.Delay(200, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
                }
            });
    }

    /// <summary>Starts a display if standard error is an interactive terminal; otherwise a silent counter.</summary>
    public static ProgressDisplay Start(string label)
        => new(label, !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null);

    /// <inheritdoc />
    public void AddTotal(long bytes) => Interlocked.Add(ref _total, bytes);

    /// <inheritdoc />
    public void Advance(long bytes) => Interlocked.Add(ref _done, bytes);

    /// <summary>Bytes reported so far, formatted.</summary>
    public string Summary => ByteSize.Format(Interlocked.Read(ref _done));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
