namespace Pipeline.Engine.Analyze.Profile;

/// <summary>The profiled input.</summary>
/// <param name="Path">File, folder or glob as given.</param>
/// <param name="Format">Format name.</param>
/// <param name="Bytes">Total size of the input files.</param>
/// <param name="Seconds">Time the profile took.</param>
public sealed record ProfileInput(string Path, string Format, long? Bytes, double Seconds);
