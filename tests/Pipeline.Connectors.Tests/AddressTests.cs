using MySqlConnector;
using Pipeline.Core.Connectors;
using Pipeline.Core.Errors;
using Pipeline.Databases.Connections;
using Pipeline.Hosting.Connectors;

namespace Pipeline.Connectors.Tests;

/// <summary>Connector URIs: parsing, options, secrets from the environment or a secrets file, redaction, and
/// connection strings built with the driver's builder (no server needed).</summary>
public sealed class AddressTests
{
    private static SecretLookup Env(params (string Name, string Value)[] values)
        => new(name => values.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void A_uri_is_split_into_its_parts_and_decoded()
    {
        var address = ConnectorAddress.Parse("mysql://app:s%40cret@db.example:3307/sales?query=select%20*%20from%20t&table=x", Env());
        Assert.Equal("mysql", address.Scheme);
        Assert.Equal("app", address.User);
        Assert.Equal("s@cret", address.Password);
        Assert.Equal("db.example", address.Host);
        Assert.Equal(3307, address.Port);
        Assert.Equal("sales", address.Path);
        Assert.Equal("select * from t", address.Parameter("query"));
        Assert.Equal("mysql://app@db.example:3307/sales", address.Description);
        Assert.DoesNotContain("s@cret", address.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void References_come_from_the_environment_and_are_redacted_by_value()
    {
        var address = ConnectorAddress.Parse("mysql://app:${DB_PASS}@${DB_HOST}/sales?table=t", Env(("DB_PASS", "hunter2;x=y"), ("DB_HOST", "10.1.2.3")));
        Assert.Equal("hunter2;x=y", address.Password);
        Assert.Equal("10.1.2.3", address.Host);
        Assert.Equal("error: login as app with *** failed", address.Redact("error: login as app with hunter2;x=y failed"));
        Assert.DoesNotContain("hunter2", address.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_variable_is_named_without_any_value()
    {
        var ex = Assert.Throws<PipelineException>(() => ConnectorAddress.Parse("mysql://app:${NOPE}@h/db?table=t", Env()));
        Assert.Contains("NOPE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_fall_back_to_the_secrets_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["# secrets", "OTHER=1", "REDIS_PASS = \"from file\""]);
            var address = ConnectorAddress.Parse("redis://u:${REDIS_PASS}@h:6379/0", Env((SecretLookup.FileVariable, file)));
            Assert.Equal("from file", address.Password);
            Assert.Contains("from file", address.Secrets);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_password_with_semicolons_stays_one_value_in_the_driver_connection_string()
    {
        var address = ConnectorAddress.Parse("mysql://app:${P}@db:3306/sales?table=t",
            Env(("P", "x;Server=evil.example;Database=mysql;Password=y")));
        var text = AddressConnectionStrings.Build(address, new MySqlConnectionStringBuilder(), ("Server", "Port", "User ID", "Password", "Database"), 3306, ["table"]);
        var parsed = new MySqlConnectionStringBuilder(text);
        Assert.Equal("db", parsed.Server);
        Assert.Equal("sales", parsed.Database);
        Assert.Equal("x;Server=evil.example;Database=mysql;Password=y", parsed.Password);
    }

    [Fact]
    public void Unknown_driver_settings_are_refused_with_the_connector_options_named()
    {
        var address = ConnectorAddress.Parse("mysql://app@db/sales?table=t&Bogus=1", Env());
        var ex = Assert.Throws<PipelineException>(() => new MySql.MySqlUriConnector().CreateSource(address));
        Assert.Contains("Bogus", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scheme_lists_the_known_ones()
    {
        var ex = Assert.Throws<PipelineException>(() => Addresses.Source("ftp://host/file.csv", new IO.Formats.SourceOptions()));
        Assert.Contains("mysql://", ex.Message, StringComparison.Ordinal);
        Assert.Contains("redis-stream://", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_redis_option_is_an_error_not_ignored()
    {
        var ex = Assert.Throws<PipelineException>(() => Addresses.Source("redis://127.0.0.1:1/0?kyes=user:*", new IO.Formats.SourceOptions()));
        Assert.Contains("kyes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_table_and_query_together_are_refused()
    {
        var ex = Assert.Throws<PipelineException>(() => Addresses.Source("postgres://u@h/db?table=a&query=select%201", new IO.Formats.SourceOptions()));
        Assert.Contains("not both", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_stay_paths()
    {
        var spec = Addresses.Source("/data/orders.csv", new IO.Formats.SourceOptions());
        Assert.Null(spec.Instance);
        Assert.Equal("/data/orders.csv", spec.Path);
    }

    [Fact]
    public void A_literal_password_never_shows_in_the_description_or_errors()
    {
        var spec = Addresses.Source("postgres://app:topsecret99@127.0.0.1:1/db?table=t", new IO.Formats.SourceOptions());
        Assert.DoesNotContain("topsecret99", spec.Path, StringComparison.Ordinal);
        var ex = Assert.ThrowsAny<PipelineException>(() => Pipeline.TestSupport.BatchReading.ReadAll(spec.Instance!));
        Assert.DoesNotContain("topsecret99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
    }
}
