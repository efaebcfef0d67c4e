using OmsFlow.Orders.Sourcing;

namespace OmsFlow.Orders.Tests.Sourcing;

/// <summary>Stock held back for higher demand classes is a hard constraint of the planner.</summary>
public sealed class AllocationProtectionTests
{
    private static readonly SourcingNode Venlo = new("DC-VENLO", "dc", 51.37, 6.17, 1000, false, 4m, 0.2m, 0.001m);
    private static readonly SourcingNode Dallas = new("DC-DALLAS", "dc", 32.78, -96.80, 1000, false, 4m, 0.2m, 0.001m);

    private static SourcingPlan Plan(SourcingLine line, SourcingPolicy? policy = null, params NodeStock[] stock)
        => SourcingPlanner.Plan(new SourcingRequest([line], 52.09, 5.12, false, [Venlo, Dallas], stock), policy ?? new SourcingPolicy());

    [Fact]
    public void StandardOrder_CannotTakeProtectedUnits_AndBackordersTheRest()
    {
        var plan = Plan(new SourcingLine("1", "A", 8, ProtectedUnits: 4), null, new NodeStock("DC-VENLO", "A", 10, 0));

        Assert.Equal(6, plan.Allocations.Sum(a => a.Quantity));
        Assert.Equal(2, plan.Unsourced["1"]);
        Assert.Contains("DC-VENLO: 4 x A held back for higher demand classes.", plan.Notes);
    }

    [Fact]
    public void PremiumOrder_WithNothingProtected_IsFilledFromTheSameStock()
    {
        var plan = Plan(new SourcingLine("1", "A", 8), null, new NodeStock("DC-VENLO", "A", 10, 0));

        Assert.Equal(0, plan.UnsourcedUnits);
        Assert.Equal(("DC-VENLO", 8), (plan.Allocations.Single().NodeId, plan.Allocations.Single().Quantity));
    }

    [Fact]
    public void ProtectedShare_IsTakenFromEachNode_AndTheLineSplitsAcrossThem()
    {
        // 25% of 10 at Venlo (3 rounded up) and of 8 at Dallas (2) are held back: 7 + 6 remain for 12 units.
        var plan = Plan(new SourcingLine("1", "A", 12, ProtectedPercent: 25m), null, new NodeStock("DC-VENLO", "A", 10, 0), new NodeStock("DC-DALLAS", "A", 8, 0));

        Assert.Equal(0, plan.UnsourcedUnits);
        Assert.Equal(7, plan.Allocations.Single(a => a.NodeId == "DC-VENLO").Quantity);
        Assert.Equal(5, plan.Allocations.Single(a => a.NodeId == "DC-DALLAS").Quantity);
    }

    [Fact]
    public void Protection_IsHard_AndStaysWhenSoftConstraintsAreRelaxed()
    {
        var policy = new SourcingPolicy { MaxDistanceKm = 500, SoftConstraints = ["max-distance", "capacity"] };

        var plan = Plan(new SourcingLine("1", "A", 10, ProtectedUnits: 3), policy, new NodeStock("DC-VENLO", "A", 5, 0), new NodeStock("DC-DALLAS", "A", 5, 0));

        Assert.True(plan.RelaxedSoftConstraints);
        Assert.Equal(6, plan.UnsourcedUnits);
        Assert.All(plan.Allocations, a => Assert.Equal(2, a.Quantity));
    }
}
