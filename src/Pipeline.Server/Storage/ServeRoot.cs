namespace Pipeline.Server.Storage;

/// <summary>The folder the server owns (<c>--root</c>): <c>datasets/</c>, <c>specs/</c>, <c>runs/</c>. Every path the server touches is checked with <see cref="Contains"/>, symbolic links included.</summary>
internal sealed class ServeRoot
{
    private ServeRoot(string path)
    {
        Path = path;
        Datasets = Create("datasets");
        Specs = Create("specs");
        Runs = Create("runs");
        History = System.IO.Path.Combine(Path, "history.duckdb");
    }

    /// <summary>The run history of served runs (docs/history.md), created by the first recorded run.</summary>
    public string History { get; }

    /// <summary>The root, absolute, with links resolved.</summary>
    public string Path { get; }

    /// <summary>Uploaded datasets.</summary>
    public string Datasets { get; }

    /// <summary>The specs of submitted runs, as received.</summary>
    public string Specs { get; }

    /// <summary>One folder per run.</summary>
    public string Runs { get; }

    /// <summary>Creates (when missing) and opens the root folder.</summary>
    public static ServeRoot Open(string folder)
    {
        Directory.CreateDirectory(folder);
        return new ServeRoot(RealPath.Resolve(folder));
    }

    /// <summary>True when <paramref name="path"/>, after resolving links, is the root or inside it.</summary>
    public bool Contains(string path)
    {
        var real = RealPath.Resolve(path);
        return real == Path || real.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>The path of <paramref name="name"/> inside <paramref name="folder"/> (a folder of this root), or
    /// null when the name is not a safe name or the result leads outside the root (a link).</summary>
    public string? Child(string folder, string name)
    {
        if (!SafeNames.IsValid(name)) return null;
        var path = System.IO.Path.Combine(folder, name);
        return Contains(path) ? path : null;
    }

    private string Create(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        if (!Contains(path)) throw new IOException($"{path}: leads outside the serve root {Path} (a symbolic link)");
        return path;
    }
}
