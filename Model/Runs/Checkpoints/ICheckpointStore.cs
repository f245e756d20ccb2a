namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>
/// Where a run's checkpoints are kept: one versioned blob (<see cref="CheckpointBlob"/>) per (run, tick), in Redis when
/// the cluster uses Redis (every silo reaches it) and on disk otherwise. Saving a tick again replaces it whole.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>"redis HOST:PORT" or "disk FOLDER", for messages and manifests.</summary>
    string Description { get; }
    Task SaveAsync(string run, int tick, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
    /// <summary>Saves the payload made of <paramref name="parts"/> one after the other (e.g. <c>RunCheckpoint.ToParts</c>), without joining them first where the store can.</summary>
    Task SavePartsAsync(string run, int tick, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default);
    /// <summary>The payload saved for (run, tick), or null when there is none; a damaged blob is an <see cref="InvalidDataException"/>.</summary>
    Task<byte[]?> LoadAsync(string run, int tick, CancellationToken cancellationToken = default);
    /// <summary>The ticks checkpointed for a run, ascending.</summary>
    Task<IReadOnlyList<int>> TicksAsync(string run, CancellationToken cancellationToken = default);
    /// <summary>Removes every checkpoint of a run.</summary>
    Task DeleteAsync(string run, CancellationToken cancellationToken = default);
}
