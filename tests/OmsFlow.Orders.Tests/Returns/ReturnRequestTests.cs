using System.Text.Json.Nodes;
using OmsFlow.Orders.Returns;

namespace OmsFlow.Orders.Tests.Returns;

public sealed class ReturnRequestTests
{
    [Fact]
    public void Check_NamesEachMissingField()
    {
        var body = JsonNode.Parse("""{"lines":[{"quantity":1},{"lineId":"2","quantity":0},"x"]}""")!.AsObject();

        Assert.Equal(["orderId", "lines[0].lineId", "lines[1].quantity", "lines[2]"], ReturnRequest.Check(body).Select(p => p.Field));
    }

    [Fact]
    public void Check_WantsAtLeastOneLine()
    {
        Assert.Equal(["lines"], ReturnRequest.Check(JsonNode.Parse("""{"orderId":"SO-1","lines":[]}""")!.AsObject()).Select(p => p.Field));
    }

    [Fact]
    public void Lines_ReadsLineQuantityAndReason_InOrder()
    {
        var body = JsonNode.Parse("""{"orderId":"SO-1","lines":[{"lineId":"2","quantity":1,"reason":"too small"},{"lineId":"1","quantity":3}]}""")!.AsObject();

        Assert.Empty(ReturnRequest.Check(body));
        Assert.Equal([("2", 1, "too small"), ("1", 3, null)], ReturnRequest.Lines(body));
    }
}
