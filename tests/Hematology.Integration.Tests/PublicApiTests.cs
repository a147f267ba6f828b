using Hematology.Integration.Testing;

namespace Hematology.Integration.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged_WithoutApproval()
    {
        Approval.Verify(PublicApiSurface.Describe(typeof(HematologyOptions).Assembly), "PublicApi");
    }
}
