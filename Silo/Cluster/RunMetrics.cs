using System.Diagnostics;
using System.Diagnostics.Metrics;
using KerjasamaGraph.Grains.Interfaces;

namespace KerjasamaGraph.Cluster;

/// <summary>
/// The project's own metrics (meter <c>KerjasamaGraph</c>), measured on the silo that coordinates each run:
/// <list type="bullet">
/// <item><c>kerjasama.months</c> (counter): months simulated; its rate is months per second.</item>
/// <item><c>kerjasama.month.duration</c> (histogram, s): wall time of one month of one run, all lanes.</item>
/// <item><c>kerjasama.checkpoint.duration</c> (histogram, s): wall time of capturing a run's state at a month barrier
/// for a checkpoint (every shard's blob); the client then saves it (checkpoints.json records the total).</item>
/// <item><c>kerjasama.runs.active</c> and <c>kerjasama.lanes.active</c> (up-down counters): runs in progress and their lanes.</item>
/// </list>
/// Exported with Orleans' own meter (<c>Microsoft.Orleans</c>) by <see cref="Telemetry"/>.
/// </summary>
public static class RunMetrics
{
    public const string MeterName = "KerjasamaGraph";

    public static readonly Meter Meter = new(MeterName, typeof(RunMetrics).Assembly.GetName().Version?.ToString());
    public static readonly Counter<long> Months = Meter.CreateCounter<long>("kerjasama.months", "{month}", "Months simulated (all lanes of a run step together)");
    public static readonly Histogram<double> MonthDuration = Meter.CreateHistogram<double>("kerjasama.month.duration", "s", "Wall time of one month of one run");
    public static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram<double>("kerjasama.checkpoint.duration", "s", "Wall time of capturing a run's state for a checkpoint");
    public static readonly UpDownCounter<long> ActiveRuns = Meter.CreateUpDownCounter<long>("kerjasama.runs.active", "{run}", "Runs in progress");
    public static readonly UpDownCounter<long> ActiveLanes = Meter.CreateUpDownCounter<long>("kerjasama.lanes.active", "{lane}", "Lanes (replications) of the runs in progress");

}

/// <summary>Records <see cref="RunMetrics"/> from the calls a run's coordinator grain answers.</summary>
public sealed class RunMetricsFilter : IIncomingGrainCallFilter
{
    private readonly Dictionary<GrainId, int> _lanes = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is not IRunCoordinatorGrain)
        {
            await context.Invoke();
            return;
        }
        var method = context.ImplementationMethod.Name;
        var started = Stopwatch.GetTimestamp();
        await context.Invoke();
        switch (method)
        {
            case nameof(IRunCoordinatorGrain.Advance):
                RunMetrics.Months.Add(1);
                RunMetrics.MonthDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                break;
            case nameof(IRunCoordinatorGrain.Capture):
                RunMetrics.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                break;
            case nameof(IRunCoordinatorGrain.Start) or nameof(IRunCoordinatorGrain.Resume) when context.Result is RunLayout layout:
                // The layout the coordinator answers carries the run's lanes (an answer of null: the client asks again with the scenario).
                var lanes = layout.Lanes;
                lock (_lanes) _lanes[context.TargetId] = lanes;
                RunMetrics.ActiveRuns.Add(1);
                RunMetrics.ActiveLanes.Add(lanes);
                break;
            case nameof(IRunCoordinatorGrain.Finish):
                int ended;
                lock (_lanes)
                {
                    if (!_lanes.Remove(context.TargetId, out ended)) break;
                }
                RunMetrics.ActiveRuns.Add(-1);
                RunMetrics.ActiveLanes.Add(-ended);
                break;
        }
    }
}
