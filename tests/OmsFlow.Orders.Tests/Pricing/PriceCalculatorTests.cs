using OmsFlow.Orders.Model;
using OmsFlow.Orders.Pricing;

namespace OmsFlow.Orders.Tests.Pricing;

public sealed class PriceCalculatorTests
{
    private static readonly LineTax NoTax = new(0m, false, false);

    private static Order Order(params (string Sku, int Quantity, decimal Price)[] lines) => new()
    {
        Id = "SO-1",
        Currency = "EUR",
        Lines = [.. lines.Select((l, i) => new OrderLine { Id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Sku = l.Sku, Quantity = l.Quantity, UnitPrice = l.Price })],
    };

    private static OmsFlow.Orders.Model.Pricing Price(Order order, params Promotion[] promotions)
        => PriceCalculator.Price(order, new PricingInput(new Dictionary<string, decimal>(), promotions, _ => NoTax, 0m, NoTax));

    [Fact]
    public void Percentage_ThenFixed_StackInPriorityOrder()
    {
        var order = Order(("A", 2, 50m));
        var pricing = Price(order,
            new Promotion { Id = "fixed", Type = "fixed", Value = 10m, Priority = 20 },
            new Promotion { Id = "pct", Type = "percentage", Value = 10m, Priority = 10 });

        Assert.Equal(100m, pricing.Subtotal);
        Assert.Equal(["pct", "fixed"], pricing.Discounts.Select(d => d.Id));
        Assert.Equal(20m, pricing.DiscountTotal); // 10% of 100, then 10 off the 90 left
        Assert.Equal(80m, pricing.GrandTotal);
        Assert.Equal(20m, pricing.DiscountPercent);
    }

    [Fact]
    public void Exclusive_StopsTheStack()
    {
        var pricing = Price(Order(("A", 1, 100m)),
            new Promotion { Id = "staff", Type = "percentage", Value = 25m, Priority = 5, Exclusive = true },
            new Promotion { Id = "vip", Type = "percentage", Value = 10m, Priority = 10 });

        Assert.Equal(25m, Assert.Single(pricing.Discounts).Amount);
    }

    [Fact]
    public void BuyTwoGetOne_MakesTheCheapestUnitFree()
    {
        var pricing = Price(Order(("SOCK-1", 2, 9m), ("SOCK-2", 1, 6m)),
            new Promotion { Id = "3for2", Type = "buy-x-get-y", BuyQuantity = 2, GetQuantity = 1, Skus = ["SOCK-1", "SOCK-2"] });

        Assert.Equal(6m, pricing.DiscountTotal);
        Assert.Equal(["2"], pricing.Discounts.Single().LineIds);
    }

    [Fact]
    public void FixedPriceBundle_ThreeForFive()
    {
        var pricing = Price(Order(("A", 4, 2.5m)), new Promotion { Id = "3for5", Type = "fixed-price", BuyQuantity = 3, Value = 5m });

        Assert.Equal(2.5m, pricing.DiscountTotal); // one bundle of 3 (7.50) for 5.00; the 4th unit at full price
        Assert.Equal(7.5m, pricing.GrandTotal);
    }

    [Fact]
    public void Tiered_UsesTheHighestTierReached()
    {
        var tiers = new Promotion { Id = "volume", Type = "tiered", Tiers = [(10, 5m), (50, 10m)] };

        Assert.Equal(5m, Price(Order(("A", 10, 10m)), tiers).DiscountTotal);
        Assert.Equal(50m, Price(Order(("A", 50, 10m)), tiers).DiscountTotal);
        Assert.Empty(Price(Order(("A", 9, 10m)), tiers).Discounts);
    }

    [Fact]
    public void PromotionCap_AndOrderCap_LimitTheDiscount()
    {
        var capped = Price(Order(("A", 10, 100m)), new Promotion { Id = "half", Type = "percentage", Value = 50m, Cap = 100m });
        Assert.Equal(100m, capped.DiscountTotal);

        var orderCap = Price(Order(("A", 1, 100m)),
            new Promotion { Id = "a", Type = "percentage", Value = 30m, Priority = 1 },
            new Promotion { Id = "b", Type = "percentage", Value = 30m, Priority = 2 },
            new Promotion { Id = "max-40", Type = "cap", Value = 40m });
        Assert.Equal(40m, orderCap.DiscountTotal);
        Assert.Equal(60m, orderCap.GrandTotal);
    }

    [Fact]
    public void Gift_AddsAFreeLine_WhenTheMinimumQuantityIsReached()
    {
        var order = Order(("A", 5, 10m));
        Price(order, new Promotion { Id = "tote", Type = "gift", GiftSku = "TOTE", MinQuantity = 5 });

        var gift = Assert.Single(order.Lines, l => l.Gift);
        Assert.Equal(("TOTE", 0m), (gift.Sku, gift.LineTotal!.Value));

        var small = Order(("A", 4, 10m));
        Price(small, new Promotion { Id = "tote", Type = "gift", GiftSku = "TOTE", MinQuantity = 5 });
        Assert.DoesNotContain(small.Lines, l => l.Gift);
    }

    [Fact]
    public void IncludedVat_IsExtractedPerRate_AddedTaxIsAddedToTheTotal()
    {
        var included = PriceCalculator.Price(Order(("A", 1, 121m)), new PricingInput(new Dictionary<string, decimal>(), [], _ => new LineTax(21m, true, false), 0m, NoTax));
        Assert.Equal(21m, included.TaxTotal);
        Assert.Equal(121m, included.GrandTotal);

        var added = PriceCalculator.Price(Order(("A", 1, 100m)), new PricingInput(new Dictionary<string, decimal>(), [], _ => new LineTax(7.25m, false, false), 5m, new LineTax(7.25m, false, false)));
        Assert.Equal(7.25m + 0.36m, added.TaxTotal);
        Assert.Equal(100m + 5m + 7.61m, added.GrandTotal);
    }

    [Fact]
    public void ReverseCharge_ChargesNoVat()
    {
        var pricing = PriceCalculator.Price(Order(("A", 1, 100m)), new PricingInput(new Dictionary<string, decimal>(), [], _ => new LineTax(21m, false, true), 0m, NoTax));

        Assert.True(pricing.ReverseCharge);
        Assert.Equal(0m, pricing.TaxTotal);
        Assert.Equal(100m, pricing.GrandTotal);
    }

    [Fact]
    public void ListPrice_IsUsedWhenTheChannelSentNone_AndAMissingPriceIsAnError()
    {
        var order = new Order { Id = "SO-1", Currency = "EUR", Lines = [new OrderLine { Id = "1", Sku = "A", Quantity = 2 }] };
        var pricing = PriceCalculator.Price(order, new PricingInput(new Dictionary<string, decimal> { ["A"] = 12.5m }, [], _ => NoTax, 0m, NoTax));
        Assert.Equal(25m, pricing.GrandTotal);

        var unknown = new Order { Id = "SO-2", Currency = "EUR", Lines = [new OrderLine { Id = "1", Sku = "B", Quantity = 1 }] };
        var error = Assert.Throws<InvalidOperationException>(() => PriceCalculator.Price(unknown, new PricingInput(new Dictionary<string, decimal>(), [], _ => NoTax, 0m, NoTax)));
        Assert.Contains("B has no price in EUR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BaseCurrencyTotal_IsShownWhenTheOrderIsInAnotherCurrency()
    {
        var order = Order(("A", 1, 100m));
        order.Currency = "USD";
        var pricing = PriceCalculator.Price(order, new PricingInput(new Dictionary<string, decimal>(), [], _ => NoTax, 0m, NoTax, "EUR", 0.92m));

        Assert.Equal(("EUR", 92m), (pricing.BaseCurrency, pricing.BaseGrandTotal!.Value));
    }
}
