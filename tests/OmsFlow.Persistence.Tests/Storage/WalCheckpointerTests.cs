using Microsoft.Data.Sqlite;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Persistence.Tests.Storage;

/// <summary>
/// The writer's commits no longer checkpoint; the checkpointer copies the log into the database file on its own
/// connection, and the writer falls back to checkpointing itself when that does not happen.
/// </summary>
/// <remarks>
/// Observed through the database file: in WAL mode committed pages stay in the <c>-wal</c> file until a checkpoint
/// copies them, so the main file only grows by checkpoints.
/// </remarks>
public sealed class WalCheckpointerTests : IDisposable
{
    private const int Transactions = 600;
    private const long CopiedBytes = 1_000_000;
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-wal-tests", Guid.NewGuid().ToString("N"));
    private readonly string _file;
    private readonly string _connectionString;

    public WalCheckpointerTests()
    {
        Directory.CreateDirectory(_folder);
        _file = Path.Combine(_folder, "wal.db");
        _connectionString = $"Data Source={_file};Pooling=False";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private SqliteConnection OpenWriter()
    {
        var writer = new SqliteConnection(_connectionString);
        writer.Open();
        using var command = writer.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL);";
        command.ExecuteNonQuery();
        WalCheckpointer.ConfigureWriter(writer);
        return writer;
    }

    /// <summary>About 2.4 MB in separate transactions: far past SQLite's own 1,000-page automatic checkpoint.</summary>
    private static void WriteTransactions(SqliteConnection writer, WalCheckpointer checkpointer)
    {
        var body = new string('x', 4000);
        for (var i = 0; i < Transactions; i++)
        {
            using var command = writer.CreateCommand();
            command.CommandText = "INSERT INTO rows (body) VALUES ($body)";
            command.Parameters.AddWithValue("$body", body);
            command.ExecuteNonQuery();
            checkpointer.AfterCommit(writer);
        }
    }

    private long DatabaseFileBytes() => new FileInfo(_file).Length;

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return condition();
    }

    [Fact]
    public async Task Commits_AreCopiedIntoTheDatabaseFile_ByTheBackgroundCheckpoint()
    {
        await using var checkpointer = new WalCheckpointer(_connectionString, TimeSpan.FromMilliseconds(10), fallbackFrames: int.MaxValue, fallbackAfter: Never);
        using var writer = OpenWriter();

        WriteTransactions(writer, checkpointer);

        Assert.True(await EventuallyAsync(() => DatabaseFileBytes() > CopiedBytes), $"database file is {DatabaseFileBytes()} bytes after {checkpointer.Checkpoints} checkpoints");
        Assert.True(checkpointer.Checkpoints > 0);
    }

    [Fact]
    public async Task WriterConnection_NoLongerCheckpointsInsideItsCommits()
    {
        await using var checkpointer = new WalCheckpointer(_connectionString, Never, fallbackFrames: int.MaxValue, fallbackAfter: Never);
        using var writer = OpenWriter();

        WriteTransactions(writer, checkpointer);

        Assert.True(DatabaseFileBytes() < CopiedBytes, $"the writer's commits copied the log themselves: database file is {DatabaseFileBytes()} bytes");
        Assert.Equal(0, checkpointer.Checkpoints);
    }

    [Fact]
    public async Task NoBackgroundCheckpointForTooLong_WriterCheckpointsItself()
    {
        await using var checkpointer = new WalCheckpointer(_connectionString, Never, fallbackFrames: int.MaxValue, fallbackAfter: TimeSpan.Zero);
        using var writer = OpenWriter();

        WriteTransactions(writer, checkpointer);

        Assert.True(DatabaseFileBytes() > CopiedBytes, $"database file is {DatabaseFileBytes()} bytes");
        Assert.Equal(Transactions, checkpointer.Checkpoints);
    }

    [Theory]
    [InlineData("Data Source=:memory:", false)]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared", false)]
    [InlineData("Data Source=data/omsflow.db", true)]
    public void Applies_OnlyToDatabaseFiles(string connectionString, bool applies)
        => Assert.Equal(applies, WalCheckpointer.Applies(connectionString));
}
