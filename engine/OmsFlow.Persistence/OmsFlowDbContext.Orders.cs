using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Persistence;

/// <summary>The order-management tables: orders, reference data, inventory, reservations, invoices.</summary>
public sealed partial class OmsFlowDbContext
{
    public DbSet<OrderRecord> Orders => Set<OrderRecord>();

    public DbSet<CustomerRecord> Customers => Set<CustomerRecord>();

    public DbSet<ProductRecord> Products => Set<ProductRecord>();

    public DbSet<NodeRecord> Nodes => Set<NodeRecord>();

    public DbSet<InventoryRecord> Inventory => Set<InventoryRecord>();

    public DbSet<NodeLoadRecord> NodeLoads => Set<NodeLoadRecord>();

    public DbSet<ReservationRecord> Reservations => Set<ReservationRecord>();

    public DbSet<InvoiceRecord> Invoices => Set<InvoiceRecord>();

    public DbSet<SequenceRecord> Sequences => Set<SequenceRecord>();

    public DbSet<PurchaseRequestRecord> PurchaseRequests => Set<PurchaseRequestRecord>();

    public DbSet<OrderAlertRecord> Alerts => Set<OrderAlertRecord>();

    public DbSet<CouponRedemptionRecord> CouponRedemptions => Set<CouponRedemptionRecord>();

    private static void ConfigureOrders(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrderRecord>(e =>
        {
            e.ToTable("orders");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(100);
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => x.CustomerId);
            e.HasIndex(x => x.CreatedAt);
        });
        modelBuilder.Entity<CustomerRecord>(e =>
        {
            e.ToTable("customers");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<ProductRecord>(e =>
        {
            e.ToTable("products");
            e.HasKey(x => x.Sku);
        });
        modelBuilder.Entity<NodeRecord>(e =>
        {
            e.ToTable("nodes");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<InventoryRecord>(e =>
        {
            e.ToTable("inventory");
            e.HasKey(x => new { x.NodeId, x.Sku });
            e.HasIndex(x => x.Sku);
        });
        modelBuilder.Entity<NodeLoadRecord>(e =>
        {
            e.ToTable("node_loads");
            e.HasKey(x => new { x.NodeId, x.Day });
        });
        modelBuilder.Entity<ReservationRecord>(e =>
        {
            e.ToTable("reservations");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.OrderId, x.Status });
            e.HasIndex(x => x.ExecutionKey);
            e.HasIndex(x => new { x.Sku, x.Status });
        });
        modelBuilder.Entity<InvoiceRecord>(e =>
        {
            e.ToTable("invoices");
            e.HasKey(x => x.Number);
            e.HasIndex(x => x.ExecutionKey).IsUnique();
            e.HasIndex(x => x.OrderId);
        });
        modelBuilder.Entity<SequenceRecord>(e =>
        {
            e.ToTable("sequences");
            e.HasKey(x => x.Name);
        });
        modelBuilder.Entity<PurchaseRequestRecord>(e =>
        {
            e.ToTable("purchase_requests");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ExecutionKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.Sku });
        });
        modelBuilder.Entity<OrderAlertRecord>(e =>
        {
            e.ToTable("order_alerts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CreatedAt);
            e.HasIndex(x => x.OrderId);
        });
        modelBuilder.Entity<CouponRedemptionRecord>(e =>
        {
            e.ToTable("coupon_redemptions");
            e.HasKey(x => new { x.Code, x.OrderId });
            e.HasIndex(x => new { x.Code, x.CustomerId });
        });
    }
}
