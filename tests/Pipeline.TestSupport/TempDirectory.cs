namespace Pipeline.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pipeline-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>Path of a file inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a text file inside the folder and returns its path.</summary>
    public string WriteText(string name, string content)
    {
        var p = File(name);
        System.IO.File.WriteAllText(p, content);
        return p;
    }

    /// <summary>Writes a binary file inside the folder and returns its path.</summary>
    public string WriteBytes(string name, byte[] content)
    {
        var p = File(name);
        System.IO.File.WriteAllBytes(p, content);
        return p;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
