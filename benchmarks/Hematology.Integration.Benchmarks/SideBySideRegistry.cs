namespace Hematology.Integration.Benchmarks;

/// <summary>Each area adds its side-by-side runners here, one line each.</summary>
internal static partial class SideBySideRegistry
{
    public static void RegisterAll()
    {
        // Each area implements a partial method "Register<Area>()" in its own file.
        RegisterHl7();
        RegisterValidation();
        RegisterAcquisition();
        RegisterMllp();
        RegisterAudit();
        RegisterPipeline();
    }

    static partial void RegisterHl7();

    static partial void RegisterValidation();

    static partial void RegisterAcquisition();

    static partial void RegisterMllp();

    static partial void RegisterAudit();

    static partial void RegisterPipeline();
}
