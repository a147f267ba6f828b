using Hematology.Integration.Testing;

namespace Hematology.Integration.Cli.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged_WithoutApproval()
    {
        Approval.Verify(PublicApiSurface.Describe(typeof(HematologyCommand).Assembly), "PublicApi");
    }
}
