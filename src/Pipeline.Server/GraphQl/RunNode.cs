using System.Text.Json;
using Pipeline.Hosting.Running;
using Pipeline.Server.Runs;

namespace Pipeline.Server.GraphQl;

/// <summary>A served run as GraphQL sees it: the run's live state, and its <c>results.json</c> read once, when a query
/// first asks for a field that lives there (and only once the run ended and the file was written).</summary>
internal sealed class RunNode(ServedRun run)
{
    private JsonElement? _results;
    private bool _read;

    /// <summary>The run.</summary>
    public ServedRun Run { get; } = run;

    /// <summary>The run's results.json, or null while it runs or when it wrote none.</summary>
    public JsonElement? Results
    {
        get
        {
            if (_read) return _results;
            _read = true;
            var file = Path.Combine(Run.Folder, SpecRunner.ResultsFileName);
            if (!Run.IsFinished || !File.Exists(file)) return null;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                _results = doc.RootElement.Clone();
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                _results = null; // a results file being replaced or damaged: the fields that need it are null
            }
            return _results;
        }
    }

    /// <summary>A top-level section of results.json, or null.</summary>
    public JsonElement? Section(string key) => Results is { } r ? Json.Get(r, key) : null;

    /// <summary>The items of a top-level array of results.json, or none.</summary>
    public IEnumerable<JsonElement> Items(string key) => Results is { } r ? Json.Items(r, key) : [];
}
