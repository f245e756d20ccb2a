using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Loss streaks and withdrawal (MODEL.md section 4, "Shared services": a saving can be negative; section 3: revoked): a
/// member counts the consecutive months in which a shared-service agreement was active and its direct benefit from it
/// (saving plus capital funding, <see cref="ServiceChoice"/>) was negative; after <c>revoke_after_loss_months</c> such
/// months (0: never) it asks to withdraw, and the agreement's owner revokes it for the next month
/// (<see cref="Lifecycle"/>). The request travels in the member's snapshot.
/// </summary>
public static class LossStreaks
{
    /// <summary>Updates the streaks; returns the agreements the region withdraws from (ascending) and the lanes it does so in.</summary>
    internal static (int[] Agreements, byte[] Flags) Update(StepContext ctx)
    {
        var world = ctx.World;
        var lanes = ctx.Lanes;
        var st = ctx.State;
        var shared = st.SharedMember;
        var slots = world.SharedSlot[ctx.Region];
        var limit = world.Scenario.Policies.RevokeAfterLossMonths;
        var flags = StepContext.Ensure(ref ctx.Flags, shared.Length * lanes);
        var withdrawing = 0;
        for (var m = 0; m < shared.Length; m++)
        {
            var states = ctx.States(shared[m]);
            var any = false;
            for (var l = 0; l < lanes; l++)
            {
                ref var streak = ref st.LossStreak[m * lanes + l];
                var saving = ctx.Direct[slots[m] * lanes + l];
                streak = states[l] == (byte)LifecycleState.Active && saving < 0 ? streak + 1 : 0;
                var leave = limit > 0 && streak >= limit;
                flags[m * lanes + l] = leave ? (byte)1 : (byte)0;
                any |= leave;
            }
            if (any) withdrawing++;
            else flags[m * lanes] = 2; // marks "no withdrawal from this agreement" for the copy below
        }
        if (withdrawing == 0) return ([], []);

        var agreements = new int[withdrawing];
        var result = new byte[withdrawing * lanes];
        var n = 0;
        for (var m = 0; m < shared.Length; m++)
        {
            if (flags[m * lanes] == 2) continue;
            agreements[n] = shared[m];
            flags.AsSpan(m * lanes, lanes).CopyTo(result.AsSpan(n * lanes, lanes));
            n++;
        }
        return (agreements, result);
    }
}
