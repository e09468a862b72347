using System.CommandLine;
using Pipeline.Cli.Commands;
using Pipeline.Cli.Terminal;

namespace Pipeline.Cli;

/// <summary>The <c>pipeline</c> executable: parsing and wiring only; the work is in Engine and IO.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Offer the GPU lazily: ILGPU and the driver load only when a workload is big enough (PIPELINE_GPU=off disables).
        Pipeline.Accelerators.GpuRegistration.Register();
        var common = new CommonOptions();
        var root = new RootCommand("Pipeline: read, check, clean, analyse and document data, streaming over Apache Arrow.")
        {
            ConvertCommand.Create(common),
            SchemaCommand.Create(common),
            RunCommand.Create(common),
            ValidateCommand.Create(common),
            SuggestCommand.Create(common),
            ProfileCommand.Create(common),
            DetectCommand.Create(common),
            MergeCommand.Create(),
            PlanCommand.Create(common),
            IpcCommand.Create(common),
            HistoryCommand.Create(),
            ServeCommand.Create(),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"pipeline: usage error: {error.Message}");
            Console.Error.WriteLine("Run 'pipeline --help' for usage.");
            return ExitCodes.BadInput;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        // Help and any library output go to stderr: stdout may be carrying Arrow IPC.
        var config = new InvocationConfiguration { Output = Console.Error, Error = Console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancel.Token);
        }
        catch (Exception ex)
        {
            ErrorOutput.Error(ex);
            return ExitCodes.For(ex);
        }
    }
}
