using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using UnionOne.Platform.Database;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Faults;

/// <summary>
/// The whole app in process on a throwaway PostgreSQL cluster whose data directory is a small tmpfs, so a test can fill the
/// disk. The tmpfs is mounted before initdb and unmounted when the fixture is disposed, whether the test passed or not.
/// </summary>
public sealed class SmallDiskApp : UnionOneApp
{
    /// <summary>Room for initdb (about 40 MB), the migrated database and a few WAL segments; the test fills the rest.</summary>
    public const int SizeMegabytes = 192;

    private readonly OwnCluster cluster = new();
    private bool mounted;

    internal OwnCluster Cluster => cluster;

    /// <summary>The PostgreSQL data directory, the mount point of the tmpfs.</summary>
    public string DataDirectory => Path.Combine(cluster.DataRoot, "pg");

    public override async Task InitializeAsync()
    {
        if (TmpfsFactAttribute.Unavailable is not null) return; // the test is skipped; nothing to start
        Directory.CreateDirectory(DataDirectory);
        await RunAsync("mount", "-t", "tmpfs", "-o", $"size={SizeMegabytes}m,mode=0700", "tmpfs", DataDirectory);
        mounted = true;
        try
        {
            await cluster.StartAsync();
            ConnectionString = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = "faults", MaxPoolSize = 40 }.ConnectionString;
            await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        }
        catch
        {
            await DropDatabaseAsync();
            throw;
        }
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (mounted) await cluster.StopAsync();
        }
        finally
        {
            try
            {
                if (mounted) await UnmountAsync();
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }
    }

    private async Task UnmountAsync()
    {
        try
        {
            await RunAsync("umount", DataDirectory);
        }
        catch (InvalidOperationException)
        {
            // Something still holds a file open (a postmaster that would not stop): detach now, freed when it lets go.
            await RunAsync("umount", "-l", DataDirectory);
        }
        mounted = false;
    }

    internal static Task<string> RunAsync(string file, params string[] args) => ChildProcess.RunCheckedAsync(ChildProcess.Start(file, args));
}

/// <summary>
/// A fact that needs to mount a tmpfs (root, or CAP_SYS_ADMIN). Where mounting is not possible the test is reported as
/// skipped, with the reason, at discovery: a trial mount of a 1 MB tmpfs decides.
/// </summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Probe = new(TryMount);

    public TmpfsFactAttribute()
    {
        if (Unavailable is { } why) Skip = why;
    }

    /// <summary>Why a tmpfs cannot be mounted here, or null when it can.</summary>
    public static string? Unavailable => Probe.Value;

    private static string? TryMount()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux (mount -t tmpfs)";
        if (Environment.UserName != "root") return $"needs root to mount a tmpfs (running as {Environment.UserName})";
        var dir = Directory.CreateTempSubdirectory("unionone-tmpfs-probe-").FullName;
        try
        {
            SmallDiskApp.RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).GetAwaiter().GetResult();
            SmallDiskApp.RunAsync("umount", dir).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "cannot mount a tmpfs here: " + e.Message.Trim();
        }
        finally
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
            }
        }
    }
}
