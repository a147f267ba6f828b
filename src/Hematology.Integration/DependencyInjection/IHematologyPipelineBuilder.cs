namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddHematologyPipeline</c> so that parts of the pipeline can be added or replaced in a chain.</summary>
public interface IHematologyPipelineBuilder
{
    /// <summary>Gets the service collection the pipeline is registered in.</summary>
    IServiceCollection Services { get; }
}
