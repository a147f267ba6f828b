using Hematology.Integration.Testing;

namespace Hematology.Integration.Hl7Mapping.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged_WithoutApproval()
    {
        var assembly = System.Reflection.Assembly.Load("Hematology.Integration.Hl7Mapping");
        Approval.Verify(PublicApiSurface.Describe(assembly), "PublicApi");
    }
}
