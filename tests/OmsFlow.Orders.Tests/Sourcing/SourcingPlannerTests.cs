using OmsFlow.Orders.Sourcing;

namespace OmsFlow.Orders.Tests.Sourcing;

public sealed class SourcingPlannerTests
{
    // Utrecht; Venlo is ~100 km away, Dallas ~7,900 km, the London store ~350 km.
    private const double Lat = 52.09;
    private const double Lon = 5.12;

    private static readonly SourcingNode Venlo = new("DC-VENLO", "dc", 51.37, 6.17, 1000, false, 4m, 0.2m, 0.001m);
    private static readonly SourcingNode Dallas = new("DC-DALLAS", "dc", 32.78, -96.80, 1000, false, 4m, 0.2m, 0.001m);
    private static readonly SourcingNode London = new("ST-LONDON", "store", 51.51, -0.13, 1000, false, 2m, 0.1m, 0.001m);

    private static SourcingRequest Request(IReadOnlyList<SourcingLine> lines, params NodeStock[] stock)
        => new(lines, Lat, Lon, false, [Venlo, Dallas, London], stock);

    [Fact]
    public void NearestNodeWithFullStock_ShipsTheWholeOrder()
    {
        var plan = SourcingPlanner.Plan(
            Request([new("1", "A", 2), new("2", "B", 1)],
                new("DC-VENLO", "A", 5, 0), new("DC-VENLO", "B", 5, 0), new("DC-DALLAS", "A", 50, 0), new("DC-DALLAS", "B", 50, 0)),
            new SourcingPolicy());

        Assert.Equal(0, plan.UnsourcedUnits);
        Assert.All(plan.Allocations, a => Assert.Equal("DC-VENLO", a.NodeId));
        Assert.Equal(1, plan.Shipments);
    }

    [Fact]
    public void FewestShipments_PrefersOneFartherNodeOverSplittingBetweenNearerOnes()
    {
        var plan = SourcingPlanner.Plan(
            Request([new("1", "A", 2), new("2", "B", 1)],
                new("DC-VENLO", "A", 5, 0), new("DC-DALLAS", "A", 5, 0), new("DC-DALLAS", "B", 5, 0)),
            new SourcingPolicy { NodeKinds = ["dc"] });

        Assert.All(plan.Allocations, a => Assert.Equal("DC-DALLAS", a.NodeId));
    }

    [Fact]
    public void NearestFirst_WithoutFewestShipments_SplitsTheOrderByLine()
    {
        var plan = SourcingPlanner.Plan(
            Request([new("1", "A", 2), new("2", "B", 1)],
                new("DC-VENLO", "A", 5, 0), new("DC-DALLAS", "A", 5, 0), new("DC-DALLAS", "B", 5, 0)),
            new SourcingPolicy { NodeKinds = ["dc"], Objectives = ["nearest"] });

        Assert.Equal("DC-VENLO", plan.Allocations.Single(a => a.LineId == "1").NodeId);
        Assert.Equal("DC-DALLAS", plan.Allocations.Single(a => a.LineId == "2").NodeId);
    }

    [Fact]
    public void LineLargerThanAnyNode_SplitsAcrossNodes_AndBackordersTheRest()
    {
        var plan = SourcingPlanner.Plan(Request([new("1", "A", 100)], new("DC-VENLO", "A", 25, 0), new("DC-DALLAS", "A", 30, 0)),
            new SourcingPolicy { NodeKinds = ["dc"] });

        Assert.Equal(25, plan.Allocations.Single(a => a.NodeId == "DC-VENLO").Quantity);
        Assert.Equal(30, plan.Allocations.Single(a => a.NodeId == "DC-DALLAS").Quantity);
        Assert.Equal(45, plan.Unsourced["1"]);
    }

    [Fact]
    public void MaxShipments_LimitsHowManyNodesOneOrderUses()
    {
        var plan = SourcingPlanner.Plan(Request([new("1", "A", 100)], new("DC-VENLO", "A", 25, 0), new("DC-DALLAS", "A", 30, 0)),
            new SourcingPolicy { NodeKinds = ["dc"], MaxShipments = 1 });

        Assert.Single(plan.Allocations);
        Assert.Equal(75, plan.UnsourcedUnits);
    }

    [Fact]
    public void Stores_KeepTheirExtraSafetyStock_AndNeverShipHazmat()
    {
        var policy = new SourcingPolicy { StoreSafetyStock = 2 };
        var plan = SourcingPlanner.Plan(
            new SourcingRequest([new("1", "A", 3), new("2", "H", 1, Hazmat: true)], 51.5, -0.1, false, [London], [new NodeStock("ST-LONDON", "A", 4, 0), new NodeStock("ST-LONDON", "H", 9, 0)]),
            policy);

        Assert.Equal(2, plan.Allocations.Single(a => a.LineId == "1").Quantity);
        Assert.DoesNotContain(plan.Allocations, a => a.LineId == "2");
        Assert.Equal(1, plan.Unsourced["1"]);
        Assert.Equal(1, plan.Unsourced["2"]);
    }

    [Fact]
    public void ShipFromStoreOff_ExcludesStores()
    {
        var plan = SourcingPlanner.Plan(Request([new("1", "A", 1)], new NodeStock("ST-LONDON", "A", 5, 0)), new SourcingPolicy { ShipFromStore = false });

        Assert.Empty(plan.Allocations);
        Assert.Equal(1, plan.UnsourcedUnits);
    }

    [Fact]
    public void SoftMaxDistance_IsDroppedWhenTheStrictPlanLeavesUnitsUnsourced_HardIsNot()
    {
        var stock = new NodeStock("DC-DALLAS", "A", 5, 0);
        var soft = SourcingPlanner.Plan(Request([new("1", "A", 1)], [stock]), new SourcingPolicy { MaxDistanceKm = 1000, SoftConstraints = ["max-distance"] });
        var hard = SourcingPlanner.Plan(Request([new("1", "A", 1)], [stock]), new SourcingPolicy { MaxDistanceKm = 1000, SoftConstraints = [] });

        Assert.True(soft.RelaxedSoftConstraints);
        Assert.Equal("DC-DALLAS", Assert.Single(soft.Allocations).NodeId);
        Assert.Empty(hard.Allocations);
    }

    [Fact]
    public void NodeWithoutCapacityLeft_IsSkipped()
    {
        var full = Venlo with { CapacityLeft = 0 };
        var plan = SourcingPlanner.Plan(new SourcingRequest([new("1", "A", 1)], Lat, Lon, false, [full, Dallas], [new NodeStock("DC-VENLO", "A", 5, 0), new NodeStock("DC-DALLAS", "A", 5, 0)]),
            new SourcingPolicy { SoftConstraints = [] });

        Assert.Equal("DC-DALLAS", Assert.Single(plan.Allocations).NodeId);
    }

    [Fact]
    public void Distance_IsGreatCircleKilometres()
    {
        var km = SourcingPlanner.DistanceKm(51.5074, -0.1278, 48.8566, 2.3522); // London - Paris
        Assert.InRange(km, 340, 350);
    }
}
