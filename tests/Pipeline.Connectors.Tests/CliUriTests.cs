using System.Diagnostics;
using Pipeline.TestSupport;

namespace Pipeline.Connectors.Tests;

/// <summary>The <c>pipeline</c> executable with URIs: <c>schema</c> and <c>convert</c> against the real servers, and
/// the exit codes of a bad URI (2) and an unreachable server (3).</summary>
[Collection("mysql")]
public sealed class CliUriTests(MySqlServer mysql)
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        start.Environment["PIPELINE_HISTORY"] = "off";
        start.Environment["CONN20_CLI_PASS"] = "cli;pass,word";
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000)) { process.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        return (process.ExitCode, output, err.Result);
    }

    [Fact]
    public void Schema_and_convert_take_a_mysql_uri()
    {
        var db = mysql.CreateDatabase();
        mysql.Execute(db, "CREATE TABLE t (id INT, ok TINYINT(1), name VARCHAR(10)); INSERT INTO t VALUES (1, 1, 'a'), (2, 0, 'ß')");
        var schema = Cli("schema", mysql.Uri(db, "table=t"));
        Assert.Equal(0, schema.Code);
        Assert.Contains("connector: MySQL", schema.Out, StringComparison.Ordinal);
        Assert.Contains("ok: bool", schema.Out, StringComparison.Ordinal);
        Assert.Contains("estimated rows:", schema.Out, StringComparison.Ordinal);
        using var dir = new TempDirectory();
        var convert = Cli("convert", mysql.Uri(db, "table=t"), dir.File("t.csv"));
        Assert.True(convert.Code == 0, convert.Err);
        Assert.Equal(["id,ok,name", "1,true,a", "2,false,ß"], File.ReadAllLines(dir.File("t.csv")));
        var profile = Cli("profile", mysql.Uri(db, "table=t"), "--out", dir.File("profile"));
        Assert.True(profile.Code == 0, profile.Err);
        Assert.Contains("\"name\"", File.ReadAllText(Path.Combine(dir.File("profile"), "profile.json")), StringComparison.Ordinal);
        var suggest = Cli("suggest", mysql.Uri(db, "table=t"));
        Assert.True(suggest.Code == 0, suggest.Err);
        Assert.Contains("rules", suggest.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_uri_exits_2_and_an_unreachable_server_exits_3_without_the_password()
    {
        var bad = Cli("schema", "mysql://h/db?table=a&query=b");
        Assert.Equal(2, bad.Code);
        Assert.Contains("not both", bad.Err, StringComparison.Ordinal);
        var unknown = Cli("convert", "nosuch://h/x", "out.csv");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("mysql://", unknown.Err, StringComparison.Ordinal);
        var down = Cli("schema", "redis://app:${CONN20_CLI_PASS}@127.0.0.1:1/0?keys=x*");
        Assert.Equal(3, down.Code);
        Assert.Contains("redis://app@127.0.0.1:1/0", down.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("cli;pass", down.Err, StringComparison.Ordinal);
    }
}
