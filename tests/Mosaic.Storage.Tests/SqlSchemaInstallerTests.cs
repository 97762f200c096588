using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mosaic.Storage.Tests;

public sealed class SqlSchemaInstallerTests : IDisposable
{
    internal static readonly string[] PersistenceKeys =
        ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    internal static readonly string[] ClusteringKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-schema"));

    [Fact]
    public void Scripts_are_embedded_in_apply_order()
    {
        Assert.Equal(["01-main.sql", "02-persistence.sql", "03-jobs.sql", "04-clustering.sql", "05-batches.sql"], SqlSchemaInstaller.GetScriptNames(MosaicStorageProvider.Sqlite));
        Assert.Equal(
            ["01-main.sql", "02-persistence.sql", "03-clustering.sql", "04-jobs.sql", "05-batches.sql"],
            SqlSchemaInstaller.GetScriptNames(MosaicStorageProvider.Postgres));
        Assert.Contains("CREATE TABLE IF NOT EXISTS OrleansQuery", SqlSchemaInstaller.GetScript(MosaicStorageProvider.Postgres, "01-main.sql"));
        Assert.Throws<ArgumentException>(() => SqlSchemaInstaller.GetScriptNames(MosaicStorageProvider.Memory));
    }

    [Fact]
    public async Task Sqlite_schema_applies_twice_without_error()
    {
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = Path.Combine(dataFolder, "nested") };

        await SqlSchemaInstaller.ApplyAsync(options);
        await SqlSchemaInstaller.ApplyAsync(options);

        var file = Path.Combine(dataFolder, "nested", MosaicStorage.SqliteFileName);
        Assert.Equal(PersistenceKeys.Concat(ClusteringKeys).Order(StringComparer.Ordinal), await SqliteGrainStorageTests.SqliteQueryKeysAsync(file));
        await using var connection = new SqliteConnection(options.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'mosaic%' ORDER BY name";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["mosaic_batch", "mosaic_file", "mosaic_grain_state", "mosaic_job", "mosaic_job_output", "mosaic_job_result", "mosaic_membership", "mosaic_membership_version", "mosaic_schema_info"],
            tables);
    }

    /// <summary>
    /// The job tables as revision 1 of 03-jobs.sql created them, before questions without an answer were counted apart,
    /// and the batch table of revision 1 of 05-batches.sql, before a batch named its input file.
    /// </summary>
    private const string SqliteJobTablesRevision1 = """
        CREATE TABLE mosaic_job (service_id TEXT NOT NULL, job_id TEXT NOT NULL, spec BLOB NOT NULL, running INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, answered INTEGER NOT NULL DEFAULT 0, correct INTEGER NOT NULL DEFAULT 0,
            with_gold INTEGER NOT NULL DEFAULT 0, aggregator_calls INTEGER NOT NULL DEFAULT 0, cancelled_calls INTEGER NOT NULL DEFAULT 0,
            failed_calls INTEGER NOT NULL DEFAULT 0, trimmed_prompts INTEGER NOT NULL DEFAULT 0, last_experts_done_at INTEGER NULL,
            last_completed_at INTEGER NULL, PRIMARY KEY (service_id, job_id)) WITHOUT ROWID;
        CREATE TABLE mosaic_job_result (service_id TEXT NOT NULL, job_id TEXT NOT NULL, question_index INTEGER NOT NULL,
            question_id TEXT NOT NULL, payload BLOB NOT NULL, correct INTEGER NULL, aggregator_called INTEGER NOT NULL,
            cancelled_calls INTEGER NOT NULL, failed_calls INTEGER NOT NULL, experts_done_at INTEGER NOT NULL,
            completed_at INTEGER NOT NULL, prompt_trimmed INTEGER NOT NULL, PRIMARY KEY (service_id, job_id, question_index));
        INSERT INTO mosaic_job (service_id, job_id, spec, answered) VALUES ('svc', 'old-job', x'00', 1);
        INSERT INTO mosaic_job_result VALUES ('svc', 'old-job', 0, 'q0', x'00', 1, 0, 0, 0, 1, 2, 0);
        CREATE TABLE mosaic_batch (service_id TEXT NOT NULL, batch_id TEXT NOT NULL, status TEXT NOT NULL, is_open INTEGER NOT NULL,
            payload BLOB NOT NULL, created_at INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (service_id, batch_id));
        INSERT INTO mosaic_batch VALUES ('svc', 'old-batch', 'in_progress', 1, x'00', 1, 1);
        """;

    [Fact]
    public async Task Sqlite_database_of_revision_1_gains_the_columns_added_since_and_keeps_its_rows()
    {
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = dataFolder };
        Directory.CreateDirectory(dataFolder);
        await using (var old = new SqliteConnection(options.GetConnectionString()))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = SqliteJobTablesRevision1;
            await create.ExecuteNonQueryAsync();
        }

        // Silos starting together on the old file take turns; none fails on a column another has just added.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqlSchemaInstaller.ApplyAsync(options))));
        await SqlSchemaInstaller.ApplyAsync(options);

        await using var connection = new SqliteConnection(options.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT unanswered FROM mosaic_job WHERE job_id = 'old-job'),
                   (SELECT unanswered FROM mosaic_job_result WHERE job_id = 'old-job'),
                   (SELECT revision FROM mosaic_schema_info WHERE script = 'jobs'),
                   (SELECT expires_at IS NULL FROM mosaic_job WHERE job_id = 'old-job'),
                   (SELECT input_file_id IS NULL FROM mosaic_batch WHERE batch_id = 'old-batch'),
                   (SELECT revision FROM mosaic_schema_info WHERE script = 'batches')
            """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((0L, 0L, 3L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        Assert.Equal((1L, 2L), (reader.GetInt64(4), reader.GetInt64(5)));
    }

    [PostgresFact]
    public async Task Postgres_database_of_revision_1_gains_the_columns_added_since_and_keeps_its_rows()
    {
        var schema = "mosaic_rev1_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString);
        var scoped = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = schema };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"""
                CREATE SCHEMA {schema};
                CREATE TABLE {schema}.mosaic_job (service_id varchar(150) NOT NULL, job_id varchar(256) NOT NULL, spec bytea NOT NULL,
                    running boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now(), answered integer NOT NULL DEFAULT 0,
                    correct integer NOT NULL DEFAULT 0, with_gold integer NOT NULL DEFAULT 0, aggregator_calls integer NOT NULL DEFAULT 0,
                    cancelled_calls integer NOT NULL DEFAULT 0, failed_calls integer NOT NULL DEFAULT 0, trimmed_prompts integer NOT NULL DEFAULT 0,
                    last_experts_done_at timestamptz NULL, last_completed_at timestamptz NULL,
                    CONSTRAINT mosaic_job_pk PRIMARY KEY (service_id, job_id));
                CREATE TABLE {schema}.mosaic_job_result (service_id varchar(150) NOT NULL, job_id varchar(256) NOT NULL,
                    question_index integer NOT NULL, question_id varchar(256) NOT NULL, payload bytea NOT NULL, correct boolean NULL,
                    aggregator_called boolean NOT NULL, cancelled_calls integer NOT NULL, failed_calls integer NOT NULL,
                    experts_done_at timestamptz NOT NULL, completed_at timestamptz NOT NULL, prompt_trimmed boolean NOT NULL,
                    CONSTRAINT mosaic_job_result_pk PRIMARY KEY (service_id, job_id, question_index));
                INSERT INTO {schema}.mosaic_job (service_id, job_id, spec, answered) VALUES ('svc', 'old-job', '\x00', 1);
                INSERT INTO {schema}.mosaic_job_result VALUES ('svc', 'old-job', 0, 'q0', '\x00', true, false, 0, 0, now(), now(), false);
                CREATE TABLE {schema}.mosaic_batch (service_id varchar(150) NOT NULL, batch_id varchar(256) NOT NULL, status varchar(64) NOT NULL,
                    is_open boolean NOT NULL, payload bytea NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
                    version bigint NOT NULL, CONSTRAINT mosaic_batch_pk PRIMARY KEY (service_id, batch_id));
                INSERT INTO {schema}.mosaic_batch (service_id, batch_id, status, is_open, payload, created_at, version)
                    VALUES ('svc', 'old-batch', 'in_progress', true, '\x00', now(), 1);
                """, connection);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = scoped.ConnectionString };
            await SqlSchemaInstaller.ApplyAsync(options);
            await SqlSchemaInstaller.ApplyAsync(options);

            await using var connection = new NpgsqlConnection(scoped.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT (SELECT unanswered FROM mosaic_job WHERE job_id = 'old-job'),
                       (SELECT unanswered FROM mosaic_job_result WHERE job_id = 'old-job'),
                       (SELECT revision FROM mosaic_schema_info WHERE script = 'jobs'),
                       (SELECT expires_at IS NULL FROM mosaic_job WHERE job_id = 'old-job'),
                       (SELECT input_file_id IS NULL FROM mosaic_batch WHERE batch_id = 'old-batch'),
                       (SELECT revision FROM mosaic_schema_info WHERE script = 'batches')
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((0, false, 3, true), (reader.GetInt32(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetBoolean(3)));
            Assert.Equal((true, 2), (reader.GetBoolean(4), reader.GetInt32(5)));
        }
        finally
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// A job-table write that holds a result table's lock and then needs the job table's, while the installer holds the
    /// job table and waits for the result table: PostgreSQL ends the deadlock by rolling the installer back, which runs
    /// its scripts again instead of failing the silo's start (a CI run on 2026-12-06 failed there).
    /// </summary>
    [PostgresFact]
    public async Task Postgres_install_rolled_back_by_a_deadlock_with_a_job_write_runs_again()
    {
        var schema = "mosaic_deadlock_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString);
        var scoped = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = schema };
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = scoped.ConnectionString };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            await SqlSchemaInstaller.ApplyAsync(options);
            await using var writer = new NpgsqlConnection(scoped.ConnectionString);
            await writer.OpenAsync();
            await using var transaction = await writer.BeginTransactionAsync();
            await Execute(writer, "LOCK TABLE mosaic_job_result IN ROW EXCLUSIVE MODE");

            var install = SqlSchemaInstaller.ApplyAsync(options);
            await using (var watcher = new NpgsqlConnection(admin.ConnectionString))
            {
                await watcher.OpenAsync();
                await using var waiting = new NpgsqlCommand(
                    $"SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '{schema}.mosaic_job_result'::regclass", watcher);
                for (var deadline = DateTime.UtcNow.AddSeconds(30); Convert.ToInt64(await waiting.ExecuteScalarAsync()) == 0;)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the installer never waited for the result table");
                    await Task.Delay(20);
                }
            }

            await Execute(writer, "LOCK TABLE mosaic_job IN ROW EXCLUSIVE MODE"); // the cycle: the installer is rolled back
            await transaction.CommitAsync();

            await install.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        static async Task Execute(NpgsqlConnection connection, string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [PostgresFact]
    public async Task Postgres_schema_applies_twice_and_concurrently_without_error()
    {
        var options = new MosaicStorageOptions
        {
            Provider = MosaicStorageProvider.Postgres,
            ConnectionString = PostgresFactAttribute.ConnectionString,
        };

        await SqlSchemaInstaller.ApplyAsync(options);
        await SqlSchemaInstaller.ApplyAsync(options);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SqlSchemaInstaller.ApplyAsync(options)));

        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(PersistenceKeys.Concat(ClusteringKeys).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task Postgres_unreachable_server_is_a_one_line_error_naming_the_provider()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString)
        {
            Port = TestClusters.FreeTcpPort(),
            Timeout = 3,
        };
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = builder.ConnectionString };

        var error = await Assert.ThrowsAsync<MosaicStorageException>(() => SqlSchemaInstaller.ApplyAsync(options));
        Assert.StartsWith("PostgreSQL storage: cannot connect to 127.0.0.1:", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(error.BadSettings); // nothing listens there: the store is down, not misconfigured
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [PostgresFact]
    public async Task Postgres_wrong_password_is_a_one_line_error_naming_the_provider()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { Password = "not-the-password" };
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = builder.ConnectionString };

        var error = await Assert.ThrowsAsync<MosaicStorageException>(() => SqlSchemaInstaller.ApplyAsync(options));
        Assert.StartsWith("PostgreSQL storage: cannot connect to", error.Message);
        Assert.DoesNotContain("not-the-password", error.Message);
        Assert.True(error.BadSettings);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }
}
