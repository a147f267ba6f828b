using Hematology.Integration.Benchmarks.Validation;

namespace Hematology.Integration.Benchmarks;

internal static partial class SideBySideRegistry
{
    static partial void RegisterValidation() => SideBySide.Register("validation", ValidationSideBySide.RunAsync);
}
