using Pipeline.Core.Errors;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases.Tests;

public sealed class ConnectionSecretsTests
{
    [Fact]
    public void ReferencesAreExpandedFromTheEnvironment()
    {
        var env = new Dictionary<string, string> { ["PGUSER"] = "app", ["PGPASSWORD"] = "p;w" };
        Assert.Equal("Host=db;Username=app;Password=p;w", ConnectionSecrets.Interpolate("Host=db;Username=${PGUSER};Password=${PGPASSWORD}", "x", n => env.GetValueOrDefault(n)));
        Assert.Equal("Host=$db;{x}", ConnectionSecrets.Interpolate("Host=$db;{x}", "x", _ => null));
    }

    [Fact]
    public void AnUnsetVariableIsNamedButNoValueIsShown()
    {
        var error = Assert.Throws<PipelineException>(() => ConnectionSecrets.Interpolate("Password=${NOPE}", "sink.postgres.connection", _ => null));
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.Contains("'NOPE'", error.Message);
        Assert.Contains("sink.postgres.connection", error.Message);
    }

    [Theory]
    [InlineData("Host=db;Password=hunter22;Username=x", "Host=db;Password=***;Username=x")]
    [InlineData("host=db; PWD = 'hunter22' ;user=x", "host=db; PWD=*** ;user=x")]
    [InlineData("failed for postgres://app:hunter22@db:5432/sales", "failed for postgres://app:***@db:5432/sales")]
    [InlineData("the server said: password authentication failed", "the server said: password authentication failed")]
    public void PasswordsAreRedacted(string text, string expected)
        => Assert.Equal(expected, ConnectionSecrets.Redact(text));

    [Fact]
    public void KnownSecretValuesAreRemovedWherever_They_Appear()
    {
        var secrets = ConnectionSecrets.PasswordsIn("Host=db;Password=\"s3cr3t!\"");
        Assert.Equal(["s3cr3t!"], secrets);
        Assert.Equal("driver echoed *** back", ConnectionSecrets.Redact("driver echoed s3cr3t! back", secrets));
    }
}
