using System.Reflection;

namespace Pipeline.Engine.Results;

/// <summary>The Pipeline version recorded in <c>results.json</c> and the report.</summary>
public static class EngineVersion
{
    /// <summary>The informational version without its build metadata (e.g. <c>0.1.0</c>).</summary>
    public static string Current { get; } =
        typeof(EngineVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
