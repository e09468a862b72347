using Npgsql;
using Pipeline.Core.Errors;
using Pipeline.Databases.Postgres;

namespace Pipeline.Databases.Tests;

/// <summary>Secrets from <c>${NAME}</c> are set through the driver's builder (a <c>;</c> cannot inject options) and
/// every expanded value is redacted from what people see.</summary>
public class ConnectionTemplateTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values)
        => name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void APasswordWithSeparatorsStaysOneValueAndInjectsNothing()
    {
        var secret = "pa;ss=word;Host=evil.example;SSL Mode=Disable";
        var (text, secrets) = PostgresConnectionTemplate.Expand("Host=db.internal;Username=app;Password=${PGPASSWORD};Database=sales",
            "source.postgres.connection", Env(("PGPASSWORD", secret)));
        var built = new NpgsqlConnectionStringBuilder(text);
        Assert.Equal("db.internal", built.Host);
        Assert.Equal(secret, built.Password);
        Assert.Equal(SslMode.Prefer, built.SslMode);
        Assert.Contains(secret, secrets);
    }

    [Fact]
    public void EveryExpandedValueIsRedactedFromDescriptionsAndErrors()
    {
        var (text, secrets) = PostgresConnectionTemplate.Expand("Host=${DBHOST};Port=1;Username=${DBUSER};Password=${PGPASSWORD};Timeout=1",
            "sink.postgres.connection", Env(("DBHOST", "127.0.0.1"), ("DBUSER", "svc_reporting"), ("PGPASSWORD", "hunter2-long")));
        var source = new PostgresSource(text, "select 1", secrets);
        Assert.DoesNotContain("127.0.0.1", source.Description);
        // Nothing listens on port 1: the driver's error must not carry any of the values either.
        using var context = new Core.Execution.PipelineContext();
        var error = Assert.ThrowsAny<PipelineException>(() => source.Open(context).Dispose());
        foreach (var value in new[] { "127.0.0.1", "svc_reporting", "hunter2-long" }) Assert.DoesNotContain(value, error.Message);
    }

    [Fact]
    public void AnUnsetVariableIsNamedNeverAValue()
    {
        var error = Assert.Throws<PipelineException>(() => PostgresConnectionTemplate.Expand("Host=db;Password=${NOPE_NOT_SET}", "spec.yaml:3:5: source.postgres.connection", Env()));
        Assert.Contains("NOPE_NOT_SET", error.Message);
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
    }
}
