using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Mosaic.Storage.Tests;

public sealed class MosaicStorageOptionsTests
{
    [Fact]
    public void Configuration_section_is_read()
    {
        var configuration = Configuration(new()
        {
            ["Mosaic:Storage:Provider"] = "Postgres",
            ["Mosaic:Storage:ConnectionString"] = "Host=db;Database=mosaic;Username=u;Password=p",
            ["Mosaic:Storage:Clustering"] = "false",
            ["Mosaic:Storage:InstallSchema"] = "False",
        });

        var options = MosaicStorageOptions.FromConfiguration(configuration);

        Assert.Equal(MosaicStorageProvider.Postgres, options.Provider);
        Assert.Equal("Host=db;Database=mosaic;Username=u;Password=p", options.GetConnectionString());
        Assert.False(options.UseClustering);
        Assert.False(options.InstallSchema);
    }

    [Fact]
    public void Defaults_are_memory_and_connection_strings_mosaic_is_a_fallback()
    {
        Assert.Equal(MosaicStorageProvider.Memory, MosaicStorageOptions.FromConfiguration(Configuration(new())).Provider);

        var options = MosaicStorageOptions.FromConfiguration(Configuration(new()
        {
            ["Mosaic:Storage:Provider"] = "sqlite",
            ["ConnectionStrings:mosaic"] = "Data Source=/tmp/x/state.db",
        }));
        Assert.Equal(MosaicStorageProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=/tmp/x/state.db", options.GetConnectionString());
    }

    [Fact]
    public void Sqlite_without_connection_string_uses_a_file_in_the_data_folder()
    {
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = "some/folder" };
        var expected = Path.GetFullPath(Path.Combine("some/folder", MosaicStorage.SqliteFileName));
        Assert.Equal($"Data Source={expected}", options.GetConnectionString());
    }

    [Theory]
    [InlineData("Provider", "mongo", "Mosaic:Storage:Provider 'mongo' is not supported; use memory, sqlite or postgres.")]
    [InlineData("Clustering", "maybe", "Mosaic:Storage:Clustering 'maybe' is not true or false.")]
    public void Bad_configuration_values_are_one_line_errors(string key, string value, string message)
    {
        var error = Assert.Throws<MosaicStorageException>(() =>
            MosaicStorageOptions.FromConfiguration(Configuration(new() { [$"Mosaic:Storage:{key}"] = value })));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(MosaicStorageProvider.Postgres, null, "PostgreSQL storage needs a connection string")]
    [InlineData(MosaicStorageProvider.Postgres, "Hots=db;Database=x", "PostgreSQL storage: invalid connection string (")]
    [InlineData(MosaicStorageProvider.Postgres, "this is not a connection string", "PostgreSQL storage: invalid connection string (")]
    [InlineData(MosaicStorageProvider.Postgres, "Database=x;Username=u", "PostgreSQL storage: the connection string has no Host.")]
    [InlineData(MosaicStorageProvider.Sqlite, "Data Sauce=x.db", "SQLite storage: invalid connection string (")]
    [InlineData(MosaicStorageProvider.Sqlite, "Data Source=:memory:", "SQLite storage: the connection string must name a database file")]
    public void Bad_connection_strings_are_one_line_errors_naming_the_provider(MosaicStorageProvider provider, string? connectionString, string start)
    {
        var options = new MosaicStorageOptions { Provider = provider, ConnectionString = connectionString };

        var error = Assert.Throws<MosaicStorageException>(options.Validate);
        Assert.True(error.BadSettings); // the user's to fix: a command line exits with its usage code

        Assert.StartsWith(start, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AddMosaicStorage_rejects_bad_options_while_the_silo_is_configured()
    {
        var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = Configuration(new()
        {
            ["Mosaic:Storage:Provider"] = "postgres",
            ["Mosaic:Storage:ConnectionString"] = "Hots=nowhere",
        });

        var error = Assert.Throws<MosaicStorageException>(() => host.UseOrleans(silo => silo.AddMosaicStorage(configuration)));

        Assert.StartsWith("PostgreSQL storage: invalid connection string", error.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
