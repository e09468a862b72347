using System.Text;
using System.Text.Json.Nodes;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>The optimize stage through the real CLI: a wide dataset's second run picks smaller batches from the first
/// run's history and says why in results.json; the output is the same.</summary>
public class CliTuningTests
{
    [Fact]
    public async Task TheSecondRunOfAWideDatasetUsesBatchesSizedFromTheFirst()
    {
        using var dir = new TempDirectory();
        var csv = new StringBuilder(string.Join(',', Enumerable.Range(0, 300).Select(c => $"c{c}")) + "\n");
        var random = new Random(3);
        for (int r = 0; r < 300; r++) csv.Append(string.Join(',', Enumerable.Range(0, 300).Select(_ => random.Next(1000)))).Append('\n');
        var data = dir.WriteText("wide.csv", csv.ToString());
        var history = dir.File("history.duckdb");

        async Task<JsonObject> Run(string name)
        {
            var result = await CliProcess.RunAsync(["run", data, "--out", dir.File(name), "--history", history, "--dataset", "wide"]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            return JsonNode.Parse(File.ReadAllText(dir.File(name + "/results.json")))!.AsObject();
        }

        var first = await Run("first");
        Assert.False(first["tuning"]!["applied"]!.GetValue<bool>());
        Assert.Contains("no earlier run", first["tuning"]!["reason"]!.GetValue<string>());
        Assert.Equal(65_536, first["options"]!["batch_size"]!.GetValue<int>());

        var second = await Run("second");
        Assert.True(second["tuning"]!["applied"]!.GetValue<bool>());
        Assert.Contains("wide rows", second["tuning"]!["reason"]!.GetValue<string>());
        int tuned = second["tuning"]!["batch_size"]!.GetValue<int>();
        Assert.True(tuned < 65_536, $"batch size {tuned}");
        Assert.Equal(tuned, second["options"]!["batch_size"]!.GetValue<int>());
        Assert.Equal(first["rows"]!.ToJsonString(), second["rows"]!.ToJsonString());

        // The choice is recorded with the run, so the next run can compare speeds per batch size.
        var listed = await CliProcess.RunAsync(["history", "--history", history, "--json"]);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
    }
}
