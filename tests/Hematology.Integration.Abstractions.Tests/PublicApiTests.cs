using Hematology.Integration.Testing;

namespace Hematology.Integration.Abstractions.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged_WithoutApproval()
    {
        var assembly = System.Reflection.Assembly.Load("Hematology.Integration.Abstractions");
        Approval.Verify(PublicApiSurface.Describe(assembly), "PublicApi");
    }
}
