namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// Where an agreement stands in its legal procedure (MODEL.md section 3; UU 23/2014, PP 28/2018,
/// Permendagri 22/2020): initiative → review (One Gate only) → offer → joint_agreement (KB) →
/// [council_approval] → implementing_agreement (PKS; not for sinergi) → active → expired | renewed | revoked,
/// or rejected by the One Gate screen.
/// </summary>
public enum LifecycleState : byte
{
    NotStarted = 0,
    Initiative = 1,
    Review = 2,
    Offer = 3,
    JointAgreement = 4,
    CouncilApproval = 5,
    ImplementingAgreement = 6,
    Active = 7,
    Expired = 8,
    /// <summary>The term ended and the renewal procedure started (it goes through every stage again).</summary>
    Renewed = 9,
    Revoked = 10,
    Rejected = 11,
}

public static class LifecycleStates
{
    public static readonly LifecycleState[] All = Enum.GetValues<LifecycleState>();

    private static readonly string[] Names =
    [
        "not_started", "initiative", "review", "offer", "joint_agreement", "council_approval",
        "implementing_agreement", "active", "expired", "renewed", "revoked", "rejected",
    ];

    public static string Name(this LifecycleState state) => Names[(int)state];

    public static bool IsTerminal(this LifecycleState state) =>
        state is LifecycleState.Expired or LifecycleState.Revoked or LifecycleState.Rejected;

    /// <summary>In the procedure but not yet active (the states a duplicate proposal would collide with, with Active).</summary>
    public static bool IsPending(this LifecycleState state) =>
        state is >= LifecycleState.Initiative and <= LifecycleState.ImplementingAgreement or LifecycleState.Renewed;
}
