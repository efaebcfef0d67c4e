using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OmsFlow.Orders.Seed;

/// <summary>
/// The generator's parameters (definitions/seed/seed.yaml). The same options always give the same data, so tests,
/// demos and benchmarks on different machines see the same customers, stock and sample orders.
/// </summary>
public sealed class SeedOptions
{
    /// <summary>Seed of the random generator.</summary>
    public int Seed { get; set; } = 20261123;

    public int Customers { get; set; } = 2000;

    /// <summary>Number of SKUs (at least 12, so every edge case has an item to use).</summary>
    public int Products { get; set; } = 50;

    public int SampleOrders { get; set; } = 200;

    /// <summary>Share of node x SKU inventory rows with nothing on hand (forces splits and backorders).</summary>
    public double EmptyInventoryShare { get; set; } = 0.15;

    /// <summary>Order total (in USD; other currencies converted) above which an order needs approval.</summary>
    public decimal ApprovalThreshold { get; set; } = 5000m;

    /// <summary>Everyday coupon codes sample orders use.</summary>
    public List<string> Coupons { get; set; } = ["WELCOME10", "SPRING15", "FREESHIP"];

    /// <summary>Coupon codes giving a discount large enough to need approval (e.g. 25% and more).</summary>
    public List<string> BigDiscountCoupons { get; set; } = ["VIP25", "CLEARANCE40"];

    /// <summary>Reads options from YAML; missing keys keep their defaults.</summary>
    /// <exception cref="SeedOptionsException">The YAML is malformed or a value is out of range (message names line:column).</exception>
    public static SeedOptions Parse(string yaml, string source = "seed.yaml")
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        SeedOptions options;
        try
        {
            options = deserializer.Deserialize<SeedOptions?>(yaml) ?? new SeedOptions();
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException?.Message ?? ex.Message;
            throw new SeedOptionsException($"{source}:{ex.Start.Line}:{ex.Start.Column}: {inner} Keys are: seed, customers, products, sampleOrders, emptyInventoryShare, approvalThreshold, coupons, bigDiscountCoupons.", ex);
        }
        options.Validate(source);
        return options;
    }

    /// <summary>Reads <paramref name="path"/> when it exists, else the defaults.</summary>
    public static SeedOptions Load(string? path)
        => path is not null && File.Exists(path) ? Parse(File.ReadAllText(path), path) : new SeedOptions();

    private void Validate(string source)
    {
        if (Customers is < 1 or > 1_000_000)
        {
            throw new SeedOptionsException($"{source}: customers must be between 1 and 1000000 (got {Customers}).");
        }
        if (Products is < 12 or > 100_000)
        {
            throw new SeedOptionsException($"{source}: products must be between 12 and 100000 (got {Products}); the edge-case orders need at least 12 SKUs.");
        }
        if (SampleOrders is < 0 or > 100_000)
        {
            throw new SeedOptionsException($"{source}: sampleOrders must be between 0 and 100000 (got {SampleOrders}).");
        }
        if (EmptyInventoryShare is < 0 or >= 1)
        {
            throw new SeedOptionsException($"{source}: emptyInventoryShare must be at least 0 and below 1 (got {EmptyInventoryShare}).");
        }
        if (ApprovalThreshold <= 0)
        {
            throw new SeedOptionsException($"{source}: approvalThreshold must be positive (got {ApprovalThreshold}).");
        }
        if (Coupons.Count == 0 || BigDiscountCoupons.Count == 0)
        {
            throw new SeedOptionsException($"{source}: coupons and bigDiscountCoupons each need at least one code.");
        }
    }
}

/// <summary>seed.yaml could not be read; the message names the file, line:column and what to change.</summary>
public sealed class SeedOptionsException : Exception
{
    public SeedOptionsException()
    {
    }

    public SeedOptionsException(string message)
        : base(message)
    {
    }

    public SeedOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
