using Hematology.Integration.Testing;

namespace Hematology.Integration.Audit.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged_WithoutApproval()
    {
        var assembly = System.Reflection.Assembly.Load("Hematology.Integration.Audit");
        Approval.Verify(PublicApiSurface.Describe(assembly), "PublicApi");
    }
}
