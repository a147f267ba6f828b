using Hematology.Integration.Testing;

namespace Hematology.Integration.Mllp.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged_WithoutApproval()
    {
        var assembly = System.Reflection.Assembly.Load("Hematology.Integration.Mllp");
        Approval.Verify(PublicApiSurface.Describe(assembly), "PublicApi");
    }
}
