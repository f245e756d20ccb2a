using System.Globalization;

namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>Checkpoints as files: <c>ROOT/RUN/tick-000012.kgcp</c>, each written to a temporary file and renamed into place.</summary>
public sealed class DiskCheckpointStore(string root) : ICheckpointStore
{
    private const string Extension = ".kgcp";

    public string Root { get; } = Path.GetFullPath(root);
    public string Description => $"disk {Root}";

    private string Folder(string run)
    {
        CheckpointBlob.CheckRunId(run);
        return Path.Combine(Root, run);
    }

    private static string FileName(int tick) => $"tick-{tick.ToString("D6", CultureInfo.InvariantCulture)}{Extension}";

    public Task SaveAsync(string run, int tick, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SavePartsAsync(run, tick, [payload], cancellationToken);

    public async Task SavePartsAsync(string run, int tick, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default)
    {
        var folder = Folder(run);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{FileName(tick)}.{Guid.NewGuid():N}");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            // The envelope, then the payload's parts as they are (no copy of blobs of megabytes).
            await file.WriteAsync(CheckpointBlob.HeaderOfParts(run, tick, parts), cancellationToken);
            foreach (var part in parts) await file.WriteAsync(part, cancellationToken);
        }
        File.Move(temporary, Path.Combine(folder, FileName(tick)), overwrite: true);
    }

    public async Task<byte[]?> LoadAsync(string run, int tick, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Folder(run), FileName(tick));
        if (!File.Exists(path)) return null;
        return CheckpointBlob.Unwrap(path, run, tick, await File.ReadAllBytesAsync(path, cancellationToken));
    }

    public Task<IReadOnlyList<int>> TicksAsync(string run, CancellationToken cancellationToken = default)
    {
        var folder = Folder(run);
        IReadOnlyList<int> ticks = !Directory.Exists(folder) ? [] : Directory.GetFiles(folder, "tick-*" + Extension)
            .Select(f => Path.GetFileNameWithoutExtension(f)["tick-".Length..])
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var tick) ? tick : -1)
            .Where(t => t >= 0).Order().ToList();
        return Task.FromResult(ticks);
    }

    public Task DeleteAsync(string run, CancellationToken cancellationToken = default)
    {
        var folder = Folder(run);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
