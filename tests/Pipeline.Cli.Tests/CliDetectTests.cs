using System.Globalization;
using System.Text.Json;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

public class CliDetectTests
{
    [Fact]
    public async Task DetectWritesOneScoreRowPerInputRowAndTheEpisodes()
    {
        using var dir = new TempDirectory();
        var input = Corpus.Path("nab", "data", "realTraffic", "speed_7578.csv");
        var r = await CliProcess.RunAsync(["detect", input, "--time", "timestamp", "--value", "value", "--out", dir.Path]);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var inputLines = File.ReadAllLines(input);
        var lines = File.ReadAllLines(dir.File("scores.csv"));
        Assert.Equal("timestamp,value,anomaly_score", lines[0]);
        Assert.Equal(inputLines.Length, lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            var source = inputLines[i].Split(',');
            Assert.Equal(source[0], fields[0]);
            Assert.Equal(double.Parse(source[1], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture));
            Assert.InRange(double.Parse(fields[2], CultureInfo.InvariantCulture), 0.0, 1.0);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        var root = doc.RootElement;
        Assert.Equal("detect", root.GetProperty("command").GetString());
        Assert.Equal(1127, root.GetProperty("rows").GetInt32());
        var anomalies = root.GetProperty("anomalies").EnumerateArray().ToList();
        Assert.NotEmpty(anomalies);
        foreach (var a in anomalies)
        {
            var start = DateTime.Parse(a.GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
            var peak = DateTime.Parse(a.GetProperty("peak").GetString()!, CultureInfo.InvariantCulture);
            var end = DateTime.Parse(a.GetProperty("end").GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(peak, start, end);
            Assert.InRange(a.GetProperty("peak_score").GetDouble(), 0.5, 1.0);
        }
    }

    [Fact]
    public async Task SeveralValueColumnsWriteAScoresFilePerColumnAndGroupsScoreApart()
    {
        using var dir = new TempDirectory();
        // Two interleaved groups; group b alone must score the same as inside the mixed file.
        var mixed = new List<string> { "time,host,cpu,mem" };
        var alone = new List<string> { "time,host,cpu,mem" };
        var random = new Random(3);
        for (int i = 0; i < 600; i++)
        {
            var t = new DateTime(2024, 1, 1).AddMinutes(5 * i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            double a = 10 + random.NextDouble() + (i == 500 ? 30 : 0), b = 50 + 5 * Math.Sin(i / 20.0) + random.NextDouble();
            mixed.Add(FormattableString.Invariant($"{t},a,{a},{a * 2}"));
            mixed.Add(FormattableString.Invariant($"{t},b,{b},{b * 2}"));
            alone.Add(FormattableString.Invariant($"{t},b,{b},{b * 2}"));
        }
        File.WriteAllLines(dir.File("mixed.csv"), mixed);
        File.WriteAllLines(dir.File("alone.csv"), alone);

        var r = await CliProcess.RunAsync(["detect", dir.File("mixed.csv"), "--time", "time", "--value", "cpu,mem", "--group", "host", "--out", dir.File("m")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        r = await CliProcess.RunAsync(["detect", dir.File("alone.csv"), "--time", "time", "--value", "cpu", "mem", "--out", dir.File("b")]);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var mixedCpu = File.ReadAllLines(Path.Combine(dir.File("m"), "scores_cpu.csv"));
        Assert.True(File.Exists(Path.Combine(dir.File("m"), "scores_mem.csv")));
        Assert.False(File.Exists(Path.Combine(dir.File("m"), "scores.csv")));
        Assert.Equal(1201, mixedCpu.Length);
        var aloneCpu = File.ReadAllLines(Path.Combine(dir.File("b"), "scores_cpu.csv"));
        Assert.Equal(aloneCpu.Skip(1), mixedCpu.Skip(2).Where((_, i) => i % 2 == 0));

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("m"), "results.json")));
        Assert.Equal(4, doc.RootElement.GetProperty("series").GetArrayLength());
        // The jump of group a at row 500 is found in both columns.
        var episodes = doc.RootElement.GetProperty("anomalies").EnumerateArray().Where(a => a.GetProperty("group").GetString() == "a").ToList();
        Assert.Contains(episodes, e => e.GetProperty("value_column").GetString() == "cpu" && e.GetProperty("peak").GetString() == "2024-01-02T17:40:00Z");
    }

    [Theory]
    [InlineData("t,v\n2024-01-01 00:00:00,1\n", "--value", "w", "no column 'w'")]
    [InlineData("t,v\n2024-01-01 00:00:00,1\nyesterday,2\n", "--value", "v", "row 2, column 't'")]
    [InlineData("t,v\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,abc\n", "--value", "v", "row 2, column 'v'")]
    public async Task BadInputIsExitTwoNamingTheRowOrColumn(string csv, string option, string column, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("in.csv"), csv);
        var r = await CliProcess.RunAsync(["detect", dir.File("in.csv"), "--time", "t", option, column, "--out", dir.File("out"), "--no-infer"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
    }
}
