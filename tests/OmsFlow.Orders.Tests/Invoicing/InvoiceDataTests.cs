using System.Text.Json.Nodes;
using OmsFlow.Orders.Invoicing;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Pricing;

namespace OmsFlow.Orders.Tests.Invoicing;

public sealed class InvoiceDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 25.00, 21, true)]    // 125.00 incl. 21% VAT: net 103.31 + tax 21.69, never 125.01
    [InlineData(3, 19.99, 9, true)]
    [InlineData(7, 13.37, 7.25, false)] // US sales tax on top
    public void InvoiceTotal_IsWhatPricingCharged(int quantity, double price, double rate, bool included)
    {
        var order = new Order { Id = "SO-1", Currency = "EUR", Lines = [new OrderLine { Id = "1", Sku = "A", Quantity = quantity, UnitPrice = (decimal)price }] };
        var tax = new LineTax((decimal)rate, included, false);
        var pricing = PriceCalculator.Price(order, new PricingInput(new Dictionary<string, decimal>(), [], _ => tax, 0m, tax));
        order.Lines[0].Status = LineStatus.Shipped;

        var invoice = InvoiceData.Build(order, order.Lines, 0m, new JsonObject { ["name"] = "Seller" }, Now, dueInDays: 30);

        var totals = invoice["totals"]!;
        Assert.Equal(pricing.GrandTotal, totals["gross"]!.GetValue<decimal>());
        Assert.Equal(pricing.TaxTotal, totals["tax"]!.GetValue<decimal>());
        Assert.Equal("2026-12-23", invoice["dueDate"]!.GetValue<string>());
    }
}
