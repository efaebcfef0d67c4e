using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Invoices;

/// <summary>
/// An invoice or credit note as issued. The number comes from the caller (gap-free numbering and immutability of
/// issued documents are storage concerns); amounts are in <see cref="Currency"/>.
/// </summary>
public sealed record InvoiceDocument
{
    public required string Number { get; init; }
    public string? OrderNumber { get; init; }
    public required DateOnly IssueDate { get; init; }

    /// <summary>Date of supply (delivery); printed when it differs from the issue date.</summary>
    public DateOnly? SupplyDate { get; init; }

    public DateOnly? DueDate { get; init; }
    public required string Currency { get; init; }

    /// <summary>The seller's accounting currency; totals are repeated in it when it differs from <see cref="Currency"/>.</summary>
    public string? BaseCurrency { get; init; }

    /// <summary>Units of <see cref="BaseCurrency"/> per unit of <see cref="Currency"/>.</summary>
    public decimal ExchangeRate { get; init; } = 1m;

    /// <summary>B2B reverse charge: the buyer accounts for VAT.</summary>
    public bool ReverseCharge { get; init; }

    /// <summary>For credit notes: the invoice being credited.</summary>
    public string? CreditedInvoiceNumber { get; init; }

    /// <summary>For credit notes: why the amount is credited.</summary>
    public string? Reason { get; init; }

    public required InvoiceParty Seller { get; init; }
    public required InvoiceParty Buyer { get; init; }
    public required IReadOnlyList<InvoiceLine> Lines { get; init; }
}

/// <summary>Seller or buyer.</summary>
public sealed record InvoiceParty
{
    public required string Name { get; init; }
    public string? VatId { get; init; }
    public string? Iban { get; init; }
    public string? Email { get; init; }
    public PostalAddress? Address { get; init; }
}

/// <summary>One invoice line; <see cref="Discount"/> is an amount off the line, <see cref="TaxRate"/> a fraction (0.21).</summary>
public sealed record InvoiceLine
{
    public string? Sku { get; init; }
    public required string Description { get; init; }
    public decimal Quantity { get; init; }
    public decimal UnitPrice { get; init; }
    public decimal Discount { get; init; }
    public decimal TaxRate { get; init; }

    /// <summary>Quantity x unit price - discount, rounded to cents.</summary>
    public decimal Net => Math.Round((Quantity * UnitPrice) - Discount, 2, MidpointRounding.AwayFromZero);
}

/// <summary>VAT for one rate: the net it applies to and the tax, rounded once per rate.</summary>
public sealed record TaxBreakdown(decimal Rate, decimal Net, decimal Tax);

/// <summary>Invoice totals with the per-rate breakdown.</summary>
public sealed record InvoiceTotals(decimal Net, decimal Tax, decimal Gross, IReadOnlyList<TaxBreakdown> PerRate)
{
    /// <summary>Computes totals; VAT is rounded per rate (not per line), as most EU tax authorities expect.</summary>
    public static InvoiceTotals Calculate(InvoiceDocument invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var perRate = invoice.Lines
            .GroupBy(l => l.TaxRate)
            .OrderByDescending(g => g.Key)
            .Select(g =>
            {
                var net = g.Sum(l => l.Net);
                var tax = invoice.ReverseCharge ? 0m : Math.Round(net * g.Key, 2, MidpointRounding.AwayFromZero);
                return new TaxBreakdown(g.Key, net, tax);
            })
            .ToList();
        var netTotal = perRate.Sum(r => r.Net);
        var taxTotal = perRate.Sum(r => r.Tax);
        return new InvoiceTotals(netTotal, taxTotal, netTotal + taxTotal, perRate);
    }

    /// <summary>An amount converted to the base currency, rounded to cents.</summary>
    public static decimal ToBase(decimal amount, decimal exchangeRate) => Math.Round(amount * exchangeRate, 2, MidpointRounding.AwayFromZero);
}
