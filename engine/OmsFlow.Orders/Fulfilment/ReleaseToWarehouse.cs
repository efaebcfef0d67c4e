using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Fulfilment;

/// <summary>
/// Turns the order's scheduled lines into shipment requests, one per node: carrier and service from the
/// <c>carrier-selection</c> table, a tracking number and an SSCC for the parcel, and the label data for it. The lines
/// move to Released. Output: the new shipments with their labels (for PrintLabel and the shipment.requested event).
/// </summary>
[Activity("ReleaseToWarehouse", Category = "Orders",
    Description = "Create a shipment request per node for the scheduled lines (carrier by the carrier-selection table, tracking number, SSCC, label data); lines go to Released. Output: shipments and labels.")]
public sealed class ReleaseToWarehouse : OrderActivity
{
    [Input(Description = "Decision table that picks carrier and service (default carrier-selection).")]
    public string CarrierTable { get; set; } = "carrier-selection";

    [Input(Description = "GS1 company prefix used in SSCCs (7 digits).")]
    public string CompanyPrefix { get; set; } = "8712345";

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var nodes = (await store.NodesAsync(context.CancellationToken).ConfigureAwait(false)).ToDictionary(n => n.Id, StringComparer.Ordinal);
        var created = new JsonArray();
        var labels = new JsonArray();
        foreach (var group in order.Lines.Where(l => l.Status == LineStatus.Scheduled && l.NodeId is not null).GroupBy(l => l.NodeId!))
        {
            var number = order.Shipments.Count + 1;
            var id = $"{order.Id}-S{number}";
            var weight = group.Sum(l => (l.WeightGrams ?? 500) * l.Quantity);
            var carrier = await Decisions.TableAsync(context, CarrierTable, new JsonObject
            {
                ["shipment"] = new JsonObject { ["country"] = order.ShipTo?.Country, ["weightKg"] = weight / 1000.0, ["service"] = order.ShippingService },
            }).ConfigureAwait(false);
            var shipment = new Shipment
            {
                Id = id,
                NodeId = group.Key,
                LineIds = [.. group.Select(l => l.Id)],
                Carrier = carrier?["carrier"]?.ToString() ?? "UPS",
                Service = carrier?["service"]?.ToString() ?? order.ShippingService,
                WeightGrams = weight,
                RequestedAt = context.Now,
                EstimatedDelivery = DateOnly.FromDateTime(context.Now.UtcDateTime).AddDays(order.ShippingService == "express" ? 1 : 3),
            };
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(context.ExecutionKey + "/" + id));
            var serial = (BitConverter.ToUInt64(digest, 0) % 1_000_000_000UL).ToString("000000000", CultureInfo.InvariantCulture);
            shipment.Sscc = "0" + CompanyPrefix[..Math.Min(7, CompanyPrefix.Length)].PadLeft(7, '0') + serial;
            shipment.TrackingNumber = TrackingPrefix(shipment.Carrier) + Convert.ToHexString(digest, 8, 6);
            order.Shipments.Add(shipment);
            foreach (var line in group)
            {
                line.ShipmentId = id;
                Lifecycle.Move(order, line, LineStatus.Released, context.Now, "shipment request " + id);
            }
            var node = nodes.GetValueOrDefault(group.Key);
            var label = new JsonObject
            {
                ["shipmentId"] = id,
                ["shipFrom"] = node is null ? new JsonObject { ["name"] = group.Key } : NodeAddress(node),
                ["shipTo"] = OrderJson.Write(order)["shipTo"]?.DeepClone(),
                ["carrier"] = shipment.Carrier,
                ["service"] = shipment.Service,
                ["trackingNumber"] = shipment.TrackingNumber,
                ["ssccBody"] = shipment.Sscc,
                ["weightKg"] = Math.Round(weight / 1000.0, 2),
                ["packageNumber"] = 1,
                ["packageCount"] = 1,
                ["orderReference"] = order.Id,
                ["shipDate"] = context.Now.ToString("O", CultureInfo.InvariantCulture),
            };
            labels.Add(label);
            created.Add(new JsonObject
            {
                ["id"] = id, ["nodeId"] = group.Key, ["carrier"] = shipment.Carrier, ["service"] = shipment.Service, ["trackingNumber"] = shipment.TrackingNumber,
                ["sscc"] = shipment.Sscc, ["weightGrams"] = weight,
                ["lines"] = new JsonArray([.. group.Select(l => new JsonObject { ["lineId"] = l.Id, ["sku"] = l.Sku, ["quantity"] = l.Quantity })]),
            });
        }
        Save(context, order);
        return ActivityResult.Done(new JsonObject { ["orderId"] = order.Id, ["shipments"] = created, ["labels"] = labels });
    }

    private static string TrackingPrefix(string? carrier) => carrier?.ToUpperInvariant() switch
    {
        "UPS" => "1Z",
        "POSTNL" => "3S",
        "DHL" => "JD",
        "FEDEX" => "FX",
        _ => "TR",
    };

    private static JsonObject NodeAddress(Persistence.Records.NodeRecord node)
    {
        var address = (JsonNode.Parse(node.Document)?["address"] as JsonObject)?.DeepClone().AsObject() ?? [];
        address["name"] ??= node.Name;
        address["country"] ??= node.Country;
        return address;
    }
}
