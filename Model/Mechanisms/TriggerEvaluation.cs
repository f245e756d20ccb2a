using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Trigger evaluation (MODEL.md section 4, "Shocks and triggers"): each month a region evaluates the triggers it owns on
/// this month's inflation (<see cref="Triggers.Indicator"/>): the streak of consecutive months with the indicator above the
/// threshold grows, or restarts at 0; when it reaches the trigger's <c>months</c> in a lane where the trigger has not fired,
/// it fires (once per lane): the owner picks the potential agreements (<see cref="Triggers.Choose"/>, the same choice in
/// every lane of the month) and initiates them from next month (<see cref="Lifecycle.Initiate"/>).
/// </summary>
public static class TriggerEvaluation
{
    /// <param name="cpi">This month's CPI columns, [FoodColumns × lanes].</param>
    internal static void Apply(StepContext ctx, double[] cpi)
    {
        var world = ctx.World;
        var lanes = ctx.Lanes;
        var st = ctx.State;
        var tick = ctx.Tick;
        var triggers = world.OwnedTriggers[ctx.Region];
        for (var k = 0; k < triggers.Length; k++)
        {
            var trigger = world.Triggers[triggers[k]];
            int[]? chosen = null;
            for (var l = 0; l < lanes; l++)
            {
                var i = k * lanes + l;
                var value = Triggers.Indicator(trigger.Indicator, cpi[FoodColumns.MonthOnMonth * lanes + l], cpi[FoodColumns.YearOnYear * lanes + l]);
                st.TriggerStreak[i] = value > trigger.Threshold ? st.TriggerStreak[i] + 1 : 0;
                if (st.TriggerFired[i] != 0 || st.TriggerStreak[i] < trigger.Months) continue;
                st.TriggerFired[i] = 1;
                chosen ??= Triggers.Choose(world, triggers[k], tick);
                foreach (var a in chosen)
                    Lifecycle.Initiate(world, world.Agreements[a], ref st.Progress[world.OwnedPosition[a] * lanes + l], tick + 1, l);
            }
        }
    }
}
