using Hematology.Integration.Testing;

namespace Hematology.Integration.Acquisition.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged_WithoutApproval()
    {
        var assembly = System.Reflection.Assembly.Load("Hematology.Integration.Acquisition");
        Approval.Verify(PublicApiSurface.Describe(assembly), "PublicApi");
    }
}
