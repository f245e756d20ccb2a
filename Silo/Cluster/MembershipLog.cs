using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace KerjasamaGraph.Cluster;

/// <summary>
/// One log line (at Warning, so it shows at the silo's default level) for each change of the cluster's membership:
/// a silo joining, becoming active, shutting down or being declared dead, with the silos active after it. Orleans'
/// own connection errors about a dead peer are filtered out (<see cref="SiloLogging"/>); this is what remains.
/// </summary>
public sealed partial class MembershipLog(IClusterMembershipService membership, ILocalSiloDetails local, ILogger<MembershipLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var known = new Dictionary<SiloAddress, SiloStatus>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var active = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToString()).Order().ToList();
                foreach (var (address, member) in snapshot.Members.OrderBy(m => m.Key.ToString()))
                {
                    if (known.TryGetValue(address, out var before) && before == member.Status) continue;
                    known[address] = member.Status;
                    // Long-dead silos of earlier generations are history, not news.
                    if (before == default && member.Status == SiloStatus.Dead) continue;
                    Changed(logger, address.ToString(), address.Equals(local.SiloAddress) ? " (this silo)" : "", member.Status.ToString(), active.Count, string.Join(", ", active));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "silo {Silo}{Self} is {Status}; {Count} active: {Active}")]
    private static partial void Changed(ILogger logger, string silo, string self, string status, int count, string active);
}
