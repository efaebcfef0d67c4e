using System.Net;
using OmsFlow.Server.Tests.Security;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>The alert and purchase-request endpoints: analysts, ops and admins may list, only ops and admins acknowledge; integrators neither.</summary>
public sealed class OperationsAccessTests(RoleKeysFixture fixture) : IClassFixture<RoleKeysFixture>
{
    [Theory]
    [InlineData("GET", "/api/alerts", "analyst", true)]
    [InlineData("GET", "/api/alerts", "integrator", false)]
    [InlineData("GET", "/api/purchase-requests", "ops", true)]
    [InlineData("GET", "/api/purchase-requests", "analyst", true)]
    [InlineData("GET", "/api/purchase-requests", "integrator", false)]
    [InlineData("POST", "/api/alerts/none/acknowledge", "ops", true)]
    [InlineData("POST", "/api/alerts/none/acknowledge", "admin", true)]
    [InlineData("POST", "/api/alerts/none/acknowledge", "analyst", false)]
    [InlineData("POST", "/api/alerts/none/acknowledge", "integrator", false)]
    public async Task Endpoint_ForRole_IsAllowedOrForbidden(string method, string path, string role, bool allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        var status = (await fixture.Clients[role].SendAsync(request)).StatusCode;

        if (allowed)
        {
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{role} {method} {path} -> {(int)status}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Clients["anonymous"].SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
    }
}
