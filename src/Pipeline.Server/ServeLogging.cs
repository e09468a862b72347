using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Server;

/// <summary>The logs of <c>pipeline serve</c>: one JSON object a line on stderr (stdout stays free for data, as in
/// every command). Requests are logged by the runs they start and finish, with run ids, never with keys.</summary>
public static class ServeLogging
{
    /// <summary>Adds the stderr JSON logger: the server's own messages from Information, the framework's from Warning.</summary>
    public static void ToStandardError(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddJsonConsole(o => o.IncludeScopes = false);
        logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>("Pipeline", LogLevel.Information);
        logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>("Microsoft.Hosting.Lifetime", LogLevel.Information);
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
