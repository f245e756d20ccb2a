namespace KerjasamaGraph.Grains.Interfaces;

/// <summary>
/// A region (kota, kabupaten, provinsi) in one run, addressable for queries. Key: "{runId}/{regionId}". Its monthly
/// step runs inside the shard that owns it (<see cref="IShardGrain"/>); the grain answers by asking that shard.
/// </summary>
public interface IRegionGrain : IGrainWithStringKey
{
    /// <summary>The region's capacity per lane, its agreements and the states of the agreements it runs, after the last completed month.</summary>
    Task<RegionStatus> GetStatus();
}

/// <summary>A partner (foreign city, donor, network, university, firm, central agency) in one run. Key: "{runId}/{partnerId}".</summary>
public interface IPartnerGrain : IGrainWithStringKey
{
    /// <summary>The partner's capacity and the agreements it is a party to.</summary>
    Task<PartnerStatus> GetStatus();
}
