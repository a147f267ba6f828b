using Hematology.Integration.Validation.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Validation.Tests;

public sealed class ValidationServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddResultFileValidation_RegistersAWorkingValidator()
    {
        var services = new ServiceCollection().AddLogging().AddResultFileValidation(o => o.DuplicateWindow = 10);
        await using var provider = services.BuildServiceProvider();

        var validator = provider.GetRequiredService<IResultFileValidator>();
        var outcome = await validator.ValidateAllAsync(File.OpenRead(TestCorpus.PathOf("generic_long_valid_lf.csv")), TestCorpus.Analyzer, TestCorpus.GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(10, provider.GetRequiredService<IOptions<ResultFileValidatorOptions>>().Value.DuplicateWindow);
    }

    [Fact]
    public void AddResultFileValidation_KeepsAnExistingRegistration()
    {
        var mine = new StubValidator();
        var services = new ServiceCollection().AddLogging().AddSingleton<IResultFileValidator>(mine).AddResultFileValidation();
        using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IResultFileValidator>());
    }

    [Fact]
    public void AddResultFileValidation_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection().AddLogging().AddResultFileValidation(o => o.MaxDuration = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ResultFileValidatorOptions>>().Value);
    }

    [Fact]
    public void AddResultFileValidation_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ValidationServiceCollectionExtensions.AddResultFileValidation(null!));
    }

    [Fact]
    public async Task Validate_Logs_CarryNoPatientOrSpecimenIds()
    {
        var sink = new ListLoggerProvider();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace)).AddResultFileValidation();
        await using var provider = services.BuildServiceProvider();
        var validator = provider.GetRequiredService<IResultFileValidator>();

        foreach (var file in new[] { "generic_long_bad_cells.csv", "generic_long_truncated.csv", "generic_long_missing_column.csv" })
        {
            await validator.ValidateAllAsync(File.OpenRead(TestCorpus.PathOf(file)), TestCorpus.Analyzer, TestCorpus.GenericLong);
        }

        Assert.NotEmpty(sink.Messages);
        Assert.Contains(sink.Messages, m => m.Contains("HEADER_MISSING_COLUMNS", StringComparison.Ordinal));
        Assert.All(sink.Messages, m => Assert.DoesNotContain("MRN", m, StringComparison.Ordinal));
        Assert.All(sink.Messages, m => Assert.DoesNotContain("S9101", m, StringComparison.Ordinal));
    }

    private sealed class StubValidator : IResultFileValidator
    {
        public IAsyncEnumerable<ValidationEvent> ValidateAsync(Stream content, AnalyzerId analyzerId, AnalyzerProfile profile, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(Messages);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (messages)
                {
                    messages.Add(eventId.Id + " " + formatter(state, exception));
                }
            }
        }
    }
}
